"""Importing participant lists: CSV in the encodings Excel writes, XLSX, row checks before any write."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from tests import hostile_lists

from dialogue_desktop.core.domain.enums import (
    AttendanceRole,
    DialogueKind,
    DialogueStatus,
    OrganisationKind,
    Sex,
)
from dialogue_desktop.core.domain.models import Attendance, Dialogue, Organisation, Participant
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.services.attendance import list_attendance, register
from dialogue_desktop.core.services.errors import LockedError, UserError
from dialogue_desktop.core.services.importing import (
    BadRowsError,
    import_participants,
    preview_import,
    read_table,
)
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store


@pytest.fixture
def setup(store: Store) -> tuple[Store, str]:
    """A dialogue and two organisations already known."""
    with store.unit_of_work() as s:
        d = Dialogue(kind=DialogueKind.PROVINCIAL, title_en="Kampot dialogue", date=date(2024, 3, 5))
        s.add_all(
            [
                d,
                Organisation(
                    name_en="Provincial Department of Health",
                    name_km="មន្ទីរសុខាភិបាលខេត្ត",
                    kind=OrganisationKind.PROVINCIAL_DEPARTMENT,
                ),
                Organisation(name_en="CHRAC", name_km="", acronym="CHRAC", kind=OrganisationKind.CSO),
            ]
        )
        s.flush()
        return store, d.id


def count(store: Store, model: type) -> int:
    with store.unit_of_work() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


GOOD_CSV = (
    "name_km,Name_Latin,SEX,birth_year,organisation,phone,signed\n"
    "ស្រី សុខា,Srey Sokha,F,1998,  provincial department of HEALTH ,012 345 678,yes\n"
    "សុខ វាសនា,Sok Veasna,male,1975,chrac,,\n"
    "ចាន់ នារី,,ស្រី,,Kampot Youth Network,,x\n"
)


def test_csv_utf8_with_bom(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    path = write(tmp_path / "list.csv", GOOD_CSV, "utf-8-sig")
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert (result.rows, result.added, result.reused, result.already_registered) == (3, 3, 0, 0)
    assert result.new_organisations == ("Kampot Youth Network",)
    with store.unit_of_work() as s:
        rows = {r.name_km: r for r in list_attendance(s, d)}
        assert rows["ស្រី សុខា"].organisation_name_en == "Provincial Department of Health"
        assert rows["ស្រី សុខា"].signed and rows["ស្រី សុខា"].sex == Sex.FEMALE
        assert rows["សុខ វាសនា"].organisation_name_en == "CHRAC" and not rows["សុខ វាសនា"].signed
        assert rows["ចាន់ នារី"].sex == Sex.FEMALE and rows["ចាន់ នារី"].signed
        created = s.scalars(select(Organisation).where(Organisation.name_en == "Kampot Youth Network")).one()
        assert created.kind == OrganisationKind.OTHER


def test_csv_utf16_tab_separated_with_khmer_headers(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    text = "ឈ្មោះ\tភេទ\tឆ្នាំកំណើត\tតួនាទី\r\nស្រី\u200bសុខា\tស្រី\t១៩៩៨\tspeaker\r\nសុខ វាសនា\tប្រុស\t1975\t\r\n"
    path = write(tmp_path / "excel-unicode.csv", "\ufeff" + text, "utf-16-le")
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
        assert result.added == 2
        rows = list_attendance(s, d)
    assert [(r.name_km, r.sex, r.role) for r in rows] == [
        ("ស្រី\u200bសុខា", Sex.FEMALE, AttendanceRole.SPEAKER),
        ("សុខ វាសនា", Sex.MALE, AttendanceRole.PARTICIPANT),
    ]


def test_xlsx_first_sheet(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name Latin", "name_km", "Sex", "Birth year", "Phone"])
    sheet.append(["Chan Dara", "ចាន់ ដារ៉ា", "M", 1990, "+855 12 000 111"])
    sheet.append([None, None, None, None, None])  # a blank row in the middle is skipped
    sheet.append(["Lim Sophea", None, "female", 2001.0, None])
    workbook.create_sheet("Notes").append(["name_km"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
        assert result.added == 2
        people = {p.name_latin: p for p in s.scalars(select(Participant))}
    assert people["Chan Dara"].birth_year == 1990
    assert people["Chan Dara"].phone == ""  # a list records no consent, so no phone is kept
    assert people["Lim Sophea"].birth_year == 2001 and people["Lim Sophea"].sex == Sex.FEMALE


def test_bad_rows_are_reported_by_line_and_nothing_is_written(
    setup: tuple[Store, str], tmp_path: Path
) -> None:
    store, d = setup
    text = (
        "name_km,name_latin,sex,birth_year,phone,signed,organisation\n"
        "ស្រី សុខា,Srey Sokha,F,1998,,yes,New NGO\n"  # line 2: fine
        ",,F,1990,,,\n"  # line 3: no name
        "\n"  # line 4: blank, skipped but counted
        "សុខ វាសនា,Sok Veasna,man?,1875,not a phone,maybe,\n"  # line 5: four problems
    )
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(BadRowsError) as caught, store.unit_of_work() as s:
        import_participants(s, d, path)
    problems = caught.value.problems
    assert sorted({line for line, _ in problems}) == [("", 3), ("", 5)]
    assert sorted(e.field for line, e in problems if line.number == 5) == [
        "birth_year",
        "phone",
        "sex",
        "signed",
    ]
    assert any(line.number == 3 and e.field == "name_km" for line, e in problems)
    report = caught.value.text()
    assert "Line 5: birth_year:" in report and "Line 3: name_km:" in report
    assert count(store, Participant) == 0
    assert count(store, Attendance) == 0
    assert count(store, Organisation) == 2  # "New NGO" was not created


def test_people_in_the_registry_are_reused(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    with store.unit_of_work() as s:
        by_phone = create_participant(
            s, ParticipantInput(name_km="ស្រី សុខា", phone="+855 12 345 678", consent_data=True)
        )
        by_names = create_participant(s, ParticipantInput(name_km="សុខ វាសនា", name_latin="Sok Veasna"))
        register(s, d, by_names)
        # Same phone as Sokha but another name: a family phone, not the same person.
        create_participant(s, ParticipantInput(name_km="ចាន់ នារី", phone="012345678", consent_data=True))
    path = write(
        tmp_path / "again.csv",
        "name_km,name_latin,phone\nស្រី\u200bសុខា,,012-345-678\nសុខ វាសនា,SOK VEASNA,\nចាន់ ដារ៉ា,,012 345 678\n",
    )
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
        assert (result.added, result.reused, result.already_registered) == (1, 1, 1)
        registered = {a.participant_id for a in s.scalars(select(Attendance))}
    assert {by_phone, by_names} <= registered and len(registered) == 3
    assert count(store, Participant) == 4


def test_importing_the_same_file_twice_adds_nobody(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    path = write(tmp_path / "list.csv", GOOD_CSV)
    with store.unit_of_work() as s:
        import_participants(s, d, path)
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert (result.added, result.reused, result.already_registered, result.new_organisations) == (0, 0, 3, ())
    assert count(store, Organisation) == 3
    assert count(store, Participant) == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.pdf", b"%PDF-1.4"),
        ("empty.csv", b""),
        ("blank.csv", b"\n\n , \n"),
        ("nonames.csv", b"sex,phone\nF,012345678\n"),
        ("header-only.csv", b"name_km,sex\n"),
        ("latin1.csv", "name_latin\nSokhá\n".encode("latin-1")),
        ("binary.csv", b"\x00\x01\x02name"),
        ("damaged.xlsx", b"PK\x03\x04 not really a zip"),
        ("text.xlsx", b"name_km\nsokha\n"),
        ("duplicate-columns.csv", "name_km,ឈ្មោះ\nក,ខ\n".encode()),
    ],
)
def test_unreadable_files_get_a_clear_message(
    setup: tuple[Store, str], tmp_path: Path, name: str, content: bytes
) -> None:
    store, d = setup
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as caught, store.unit_of_work() as s:
        import_participants(s, d, path)
    assert not isinstance(caught.value, BadRowsError)
    assert caught.value.text()
    assert count(store, Participant) == 0


def test_missing_file_and_locked_dialogue(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    with pytest.raises(UserError) as caught, store.unit_of_work() as s:
        import_participants(s, d, tmp_path / "nowhere.csv")
    assert caught.value.text() == "The file is not there any more. Choose it again."  # not the system's words
    with store.unit_of_work() as s:
        s.get(Dialogue, d).status = DialogueStatus.MINUTES_APPROVED  # type: ignore[union-attr]
    path = write(tmp_path / "list.csv", GOOD_CSV)
    with pytest.raises(LockedError), store.unit_of_work() as s:
        import_participants(s, d, path)


# --- files as hostile or odd tools write them ------------------------------------------------------------


def test_xlsx_with_a_wrong_dimension_imports_every_row(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    path = hostile_lists.wrong_dimension(tmp_path / "wrong-dimension.xlsx", 40)
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert (result.rows, result.added) == (40, 40)
    assert count(store, Attendance) == 40
    assert "Person 00039" in {p.name_latin for p in _people(store)}


def test_every_sheet_of_the_list_is_read_and_a_sheet_with_other_headers_is_named(
    setup: tuple[Store, str], tmp_path: Path
) -> None:
    store, d = setup
    path = hostile_lists.sheet_with_other_headers(tmp_path / "three-sheets.xlsx")
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    # Sheet 2 names the same columns in another order (and in Khmer): read. Sheet 3 is not a list.
    assert (result.rows, result.added) == (4, 4)
    assert result.sheets == ("Invited", "Late arrivals")
    assert [sheet.name for sheet in result.skipped] == ["Organisations"]
    summary = result.summary()
    assert "sheets “Invited”, “Late arrivals”" in summary
    assert "Sheet “Organisations” was not read: its columns (Organisation, Province)" in summary
    late = {p.name_latin: p for p in _people(store)}["Late Comer"]
    assert (late.birth_year, late.sex) == (1990, Sex.FEMALE)
    assert count(store, Organisation) == 2  # the organisations' sheet added none


def test_a_wrong_dimension_on_sheet_2_hides_no_row(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    path = hostile_lists.wrong_dimension_on_sheet_2(tmp_path / "two-sheets.xlsx", 30)
    table = read_table(path)
    assert [len(table.rows), [len(sheet.rows) for sheet in table.more]] == [11, [31]]
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert (result.rows, result.added) == (40, 40)
    assert "Person 00039" in {p.name_latin for p in _people(store)}


def test_bad_rows_on_several_sheets_are_named_by_sheet_and_line_in_khmer(
    setup: tuple[Store, str], tmp_path: Path
) -> None:
    store, d = setup
    path = tmp_path / "bad-sheets.xlsx"
    path.write_bytes(
        hostile_lists.workbook_with_sheets(
            {
                "Invited": [["name_latin", "sex"], ["Sok Dara", "M"], ["Ly Bopha", "X"]],
                "Late arrivals": [
                    ["name_latin", "sex"],
                    ["Chan Sophea", "F"],
                    [None, None],
                    ["Kim Sok", "?"],
                ],
            }
        )
    )
    with pytest.raises(BadRowsError) as caught, store.unit_of_work() as s:
        import_participants(s, d, path)
    assert [line for line, _ in caught.value.problems] == [("Invited", 3), ("Late arrivals", 4)]
    assert "Sheet “Late arrivals”, line 4: sex:" in caught.value.text()
    set_language("km")
    try:
        khmer = caught.value.text()
    finally:
        set_language("en")
    assert "Late arrivals" in khmer and "៤" in khmer and "line" not in khmer
    assert count(store, Participant) == 0 and count(store, Attendance) == 0


def test_the_same_person_on_two_sheets_is_added_once(setup: tuple[Store, str], tmp_path: Path) -> None:
    store, d = setup
    path = tmp_path / "twice.xlsx"
    rows: list[list[object]] = [["name_km", "name_latin"], ["ស្រី សុខា", "Srey Sokha"]]
    path.write_bytes(hostile_lists.workbook_with_sheets({"Day 1": rows, "Day 2": rows}))
    with store.unit_of_work() as s:
        preview = preview_import(s, d, read_table(path))
    assert [row.status_text() for row in preview.rows] == [
        "New person",
        "Same person as sheet “Day 1”, line 2",
    ]
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert (result.added, result.already_registered) == (1, 1)
    assert count(store, Participant) == 1 and count(store, Attendance) == 1


def _people(store: Store) -> list[Participant]:
    with store.unit_of_work() as s:
        people = list(s.scalars(select(Participant)))
        s.expunge_all()
        return people


@pytest.mark.parametrize("name", sorted(hostile_lists.HOSTILE))
def test_hostile_files_get_a_clear_message_and_nothing_is_written(
    setup: tuple[Store, str], tmp_path: Path, name: str
) -> None:
    store, d = setup
    build, words = hostile_lists.HOSTILE[name]
    path = build(tmp_path / name)
    before = tracemalloc.is_tracing()
    tracemalloc.start()
    with pytest.raises(UserError) as caught, store.unit_of_work() as s:
        import_participants(s, d, path)
    peak = tracemalloc.get_traced_memory()[1]
    if not before:
        tracemalloc.stop()
    message = caught.value.text()
    assert all(word in message for word in words), message
    assert peak < 150 * 1024 * 1024  # refused before unpacking: the bombs would take gigabytes
    assert (count(store, Participant), count(store, Attendance), count(store, Organisation)) == (0, 0, 2)


def test_the_xml_parser_refuses_entities() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml


@pytest.mark.parametrize(
    ("encoding", "bom", "separator", "described"),
    [
        ("utf-8", "", ",", "UTF-8, columns separated by commas"),
        ("utf-8", "\ufeff", ";", "UTF-8 (BOM), columns separated by semicolons"),
        ("utf-16-le", "\ufeff", "\t", "UTF-16, columns separated by tabs"),
        ("utf-16-be", "\ufeff", ";", "UTF-16, columns separated by semicolons"),
    ],
)
def test_csv_encoding_and_separator_are_detected_and_reported(
    setup: tuple[Store, str], tmp_path: Path, encoding: str, bom: str, separator: str, described: str
) -> None:
    store, d = setup
    rows = [["ឈ្មោះ", "ភេទ", "អង្គភាព"], ["ស្រី សុខា", "ស្រី", "Kampot, Youth Network"], ["សុខ វាសនា", "ប្រុស", ""]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows(rows)
    path = write(tmp_path / "list.csv", bom + buffer.getvalue(), encoding)
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert result.added == 2
    assert described in result.summary()
    with store.unit_of_work() as s:
        assert "Kampot, Youth Network" in {r.organisation_name_en for r in list_attendance(s, d)}


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook(
    setup: tuple[Store, str], tmp_path: Path
) -> None:
    store, d = setup
    path = tmp_path / "list.csv"
    path.write_bytes(hostile_lists.workbook_bytes(hostile_lists.people(3)))
    with store.unit_of_work() as s:
        result = import_participants(s, d, path)
    assert result.added == 3 and "Excel workbook" in result.summary()


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("name_latin\nSok Dara\nLy Bopha\n", 2),  # one column: no separator at all
        ('name_latin,sex\n"Sok; Dara",M\n', 1),  # a semicolon inside quotes separates nothing
    ],
)
def test_a_list_without_a_separator_to_choose_reads_as_commas(
    setup: tuple[Store, str], tmp_path: Path, text: str, added: int
) -> None:
    store, d = setup
    with store.unit_of_work() as s:
        result = import_participants(s, d, write(tmp_path / "list.csv", text))
    assert "UTF-8, columns separated by commas" in result.summary()
    assert result.added == added
    names = {p.name_latin for p in _people(store)}
    assert names == ({"Sok; Dara"} if added == 1 else {"Sok Dara", "Ly Bopha"})
