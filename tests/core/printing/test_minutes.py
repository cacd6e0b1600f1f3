"""The printed minutes: content in both scripts, layout on the page, long tables, determinism.

`make_dialogue` (also used by the other printing and CLI tests) records a dialogue through the services,
as the app does: organisers, facilitators, agenda, needs, decisions, actions with supporters, attendance
and interventions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from tests.pdf_tools import assert_ink_inside, pdf_text, render_pages

from dialogue_desktop.core.domain.enums import DialogueKind, OrganisationKind, Sector, Sex
from dialogue_desktop.core.domain.models import Attendance
from dialogue_desktop.core.printing.data import MinutesData, gather_minutes
from dialogue_desktop.core.printing.fingerprint import minutes_code, minutes_fingerprint
from dialogue_desktop.core.printing.fonts import get_face
from dialogue_desktop.core.printing.minutes import MinutesOptions, write_minutes
from dialogue_desktop.core.printing.text import DrawnLine, record_drawing
from dialogue_desktop.core.services import actions, agenda, attendance, dialogues, interventions, needs
from dialogue_desktop.core.services.facilitators import FacilitatorInput, create_facilitator
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.services.participants import ParticipantInput
from dialogue_desktop.core.store.store import Store

TITLE_KM = "កិច្ចប្រជុំពិគ្រោះយោបល់ថ្នាក់ខេត្តកំពង់ចាម"
TITLE_EN = "Kampong Cham provincial dialogue"
LONG_KM = (
    "កិច្ចប្រជុំពិគ្រោះយោបល់ថ្នាក់ខេត្តកំពង់ចាម បានពិភាក្សាអំពីតម្រូវការរបស់សហគមន៍ "
    "ការអប់រំ សុខាភិបាល ដីធ្លី បរិស្ថាន ទឹកស្អាត ផ្លូវជនបទ ប្រព័ន្ធធារាសាស្ត្រ "
    "និងការតាមដានការអនុវត្ត និងការត្រួតពិនិត្យរបស់មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្ត។"
)
NAMES_KM = ("សុខ ចាន់ធា", "ស្រី មុំ", "គឹម សុភាព", "ហេង វណ្ណា", "ជា សុខលី", "ញ៉ែម ស្រីពៅ")
NAMES_EN = ("Sok Chantha", "Srey Mom", "Kim Sopheap", "Heng Vanna", "Chea Sokly", "Nhem Sreypov")
PHONE = "012 345 678"
MARGIN_X, MARGIN_Y = 18 * mm, 16 * mm  # the minutes' page frame


def make_dialogue(
    store: Store,
    participants: int = 12,
    action_count: int = 3,
    long_text: bool = False,
    day: date = date(2024, 3, 14),
) -> str:
    """Record a full dialogue in Kampong Cham through the services; returns its id."""
    repeat = 6 if long_text else 1
    with store.unit_of_work() as s:
        gov = create_organisation(
            s, OrganisationInput("មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្តកំពង់ចាម", "Provincial Department of Rural Development", OrganisationKind.PROVINCIAL_DEPARTMENT, "PDRD", "03")
        )  # fmt: skip
        cso = create_organisation(
            s, OrganisationInput("សម្ព័ន្ធសិទ្ធិមនុស្សកម្ពុជា", "Cambodian Human Rights Action Coalition", OrganisationKind.CSO, "CHRAC")
        )  # fmt: skip
        fac = create_facilitator(s, FacilitatorInput("ចាន់ សុផល", "Chan Sophal", "012 999 888", "03"))
        d = dialogues.create_dialogue(
            s,
            dialogues.DialogueInput(
                kind=DialogueKind.PROVINCIAL, title_km=TITLE_KM, title_en=TITLE_EN, date=day,
                start_time=time(8, 0), end_time=time(12, 0), province_code="03", district_code="0301",
                venue="សាលាខេត្តកំពង់ចាម / Provincial hall", discussion_summary=" ".join([LONG_KM] * repeat),
            ),
        )  # fmt: skip
        dialogues.add_organiser(s, d, gov)
        dialogues.add_organiser(s, d, cso)
        dialogues.add_facilitator(s, d, fac)
        item = agenda.add_agenda_item(s, d, agenda.AgendaItemInput("ពិធីបើក", "Opening", "Chan Sophal", 15))
        agenda.add_agenda_item(s, d, agenda.AgendaItemInput("ការពិភាក្សា", "Discussion of needs", "", 90))
        need = needs.add_need(
            s, d, needs.NeedInput(" ".join([LONG_KM] * repeat), "Clean water for three villages", Sector.WATER_SANITATION, "Srey Mom")
        )  # fmt: skip
        decision = needs.add_decision(s, d, needs.DecisionInput("ជួសជុលអណ្ដូងទឹក", "Repair the village wells"))
        for i in range(action_count):
            text_km = f"ជួសជុលផ្លូវជនបទ លេខ {i + 1} " + (LONG_KM if long_text else "")
            a = actions.create_action(
                s, d,
                actions.ActionInput(
                    text_km=text_km, text_en=f"Repair rural road no. {i + 1}", need_id=need, decision_id=decision,
                    responsible_organisation_id=gov, responsible_person="Heng Vanna", deadline=date(2024, 6, 30),
                    indicator="5 km repaired",
                ),
            )  # fmt: skip
            actions.set_supporters(s, a, [cso])
        people = []
        for i in range(participants):
            attendance_id = attendance.register_new(
                s, d,
                ParticipantInput(
                    name_km=f"{NAMES_KM[i % len(NAMES_KM)]} {i + 1}", name_latin=f"{NAMES_EN[i % len(NAMES_EN)]} {i + 1}",
                    sex=Sex.FEMALE if i % 2 else Sex.MALE, birth_year=1990 + i % 30, phone=PHONE,
                    consent_data=i % 3 != 0, organisation_id=gov if i % 4 == 0 else cso if i % 4 == 1 else None,
                ),
                signed=i % 5 != 0,
            )  # fmt: skip
            row = s.get(Attendance, attendance_id)
            assert row is not None
            people.append(row.participant_id)
        for pid in people[:6]:
            interventions.log_named(s, d, pid, item)
        interventions.log_unnamed(s, d, Sex.FEMALE, youth=True)
    return d


def glyph_problems(
    drawn: list[DrawnLine], page_w: float, page_h: float, margin: float, margin_y: float | None = None
) -> list[str]:
    """Glyphs that are .notdef or whose ink leaves the page frame (side and top/bottom margins)."""
    my = margin if margin_y is None else margin_y
    problems = []
    for line in drawn:
        face = get_face(line.font.endswith("Bold"))
        scale = line.size / face.upem
        for g in line.glyphs:
            if g.gid == 0:
                problems.append(f".notdef in {line.text!r}")
                continue
            ext = face.hb_font.get_glyph_extents(g.gid)
            if ext is None or ext.width == 0:
                continue
            x0, x1 = g.x + ext.x_bearing * scale, g.x + (ext.x_bearing + ext.width) * scale
            y1, y0 = g.y + ext.y_bearing * scale, g.y + (ext.y_bearing + ext.height) * scale
            if x0 < margin - 0.5 or x1 > page_w - margin + 0.5 or y0 < my - 0.5 or y1 > page_h - my + 0.5:
                problems.append(f"outside the frame on page {line.page}: {line.text!r}")
                break
    return problems


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> MinutesData:
    folder = tmp_path_factory.mktemp("small")
    store = Store.open(folder / "field.db")
    try:
        d = make_dialogue(store)
        with store.unit_of_work() as s:
            return gather_minutes(s, d)
    finally:
        store.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> MinutesData:
    folder = tmp_path_factory.mktemp("big")
    store = Store.open(folder / "field.db")
    try:
        d = make_dialogue(store, participants=300, action_count=40, long_text=True)
        with store.unit_of_work() as s:
            return gather_minutes(s, d)
    finally:
        store.close()


def test_khmer_minutes_show_khmer_title_date_digits_and_page_numbers(
    small: MinutesData, tmp_path: Path
) -> None:
    pdf = tmp_path / "km.pdf"
    pages = write_minutes(small, pdf, MinutesOptions(mode="km"))
    text = pdf_text(pdf)
    assert TITLE_KM in text and TITLE_EN not in text
    assert "ថ្ងៃព្រហស្បតិ៍ ទី១៤ ខែមីនា ឆ្នាំ២០២៤" in text  # formal Khmer date, Khmer digits
    assert "០៨:០០–១២:០០" in text
    assert f"ទំព័រ ១ នៃ {'០១២៣៤៥៦៧៨៩'[pages]}" in text
    assert "កំពង់ចាម" in text  # the province from the official list
    assert PHONE not in text


def test_english_minutes(small: MinutesData, tmp_path: Path) -> None:
    pdf = tmp_path / "en.pdf"
    pages = write_minutes(small, pdf, MinutesOptions(mode="en"))
    text = pdf_text(pdf)
    assert TITLE_EN in text and "Thursday 14 March 2024" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Kampong Cham" in text and "Repair the village wells" in text
    assert "Cambodian Human Rights Action Coalition" in text


def test_bilingual_minutes_have_both_scripts_official_header_and_fingerprint(
    small: MinutesData, tmp_path: Path
) -> None:
    pdf = tmp_path / "both.pdf"
    write_minutes(small, pdf, MinutesOptions(mode="both", official_header=True))
    text = pdf_text(pdf)
    for expected in (
        "ព្រះរាជាណាចក្រកម្ពុជា", "Kingdom of Cambodia", "ជាតិ សាសនា ព្រះមហាក្សត្រ", "Nation Religion King",
        TITLE_KM, TITLE_EN, "ជួសជុលអណ្ដូងទឹក", "Repair the village wells", "ទំព័រ ១ នៃ", "Page 1 of",
    ):  # fmt: skip
        assert expected in text, expected
    digest = minutes_fingerprint(small)
    assert digest[:12] in text
    assert minutes_code(small) in text.replace("\n", "")  # the code printed under the QR code, in full


def test_side_by_side_puts_khmer_and_english_on_the_same_lines(small: MinutesData, tmp_path: Path) -> None:
    pdf = tmp_path / "cols.pdf"
    with record_drawing() as drawn:
        write_minutes(small, pdf, MinutesOptions(mode="both", side_by_side=True))
    km = next(line for line in drawn if line.text.startswith("ជួសជុលអណ្ដូងទឹក"))
    en = next(line for line in drawn if line.text.startswith("Repair the village wells"))
    assert km.page == en.page and abs(km.y - en.y) < 1 and en.x > km.x + 60


def test_minutes_never_print_phones_and_the_annex_names_only_people_who_consented(
    small: MinutesData, tmp_path: Path
) -> None:
    pdf = tmp_path / "annex.pdf"
    write_minutes(small, pdf, MinutesOptions(mode="both", annex=True))
    text = pdf_text(pdf)
    assert "ស្រី មុំ 2" in text and "Srey Mom 2" in text and "Nhem Sreypov 12" in text
    # Every third person (i % 3 == 0: numbers 1, 4, 7, 10) did not consent: counted, listed, not named.
    for unnamed in ("Sok Chantha 1", "សុខ ចាន់ធា 1", "Heng Vanna 4", "Sok Chantha 7", "Heng Vanna 10"):
        assert unnamed not in text
    assert " ".join(text.split()).count("(not named: no consent)") == 4
    assert len(small.participants) == 12 and small.attendance.total == 12
    # Not even the phone's first digits, except inside the hex fingerprint printed on every page.
    assert PHONE not in text and not re.search(r"(?<![0-9a-f])012(?![0-9a-f])", text)


def test_nothing_leaves_the_page_frame_and_no_glyph_is_missing(small: MinutesData, tmp_path: Path) -> None:
    for options in (
        MinutesOptions("both", annex=True, official_header=True), MinutesOptions("both", side_by_side=True),
        MinutesOptions("km", annex=True), MinutesOptions("en"),
    ):  # fmt: skip
        with record_drawing() as drawn:
            write_minutes(small, tmp_path / "m.pdf", options)
        assert drawn
        assert glyph_problems(drawn, *A4, margin=MARGIN_X, margin_y=MARGIN_Y) == [], options


def test_rendered_pages_are_not_blank_and_keep_the_margins(small: MinutesData, tmp_path: Path) -> None:
    pdf = tmp_path / "look.pdf"
    write_minutes(small, pdf, MinutesOptions("both", annex=True, official_header=True))
    pages = render_pages(pdf, dpi=50)
    assert len(pages) >= 2
    for page in pages:
        assert_ink_inside(page, margin_pt=MARGIN_Y, dpi=50)


def test_300_participants_40_actions_and_long_khmer_text_split_over_pages(
    big: MinutesData, tmp_path: Path
) -> None:
    pdf = tmp_path / "big.pdf"
    with record_drawing() as drawn:
        pages = write_minutes(big, pdf, MinutesOptions("both", annex=True))
    assert pages >= 8
    assert glyph_problems(drawn, *A4, margin=MARGIN_X, margin_y=MARGIN_Y) == []
    text = pdf_text(pdf)
    # The annex header ("Name in Latin script") and the actions header ("Indicator") repeat on each page
    # their tables run over.
    # An annex row: "Sok Chantha 12"…, or a third of the people (no consent) not named.
    annex_row = re.compile(rf"^(({'|'.join(NAMES_EN)}) \d+|\(not named: no consent\))")
    annex_pages = {line.page for line in drawn if annex_row.match(line.text)}
    assert text.count("Name in Latin script") == len(annex_pages) >= 4
    action_pages = {line.page for line in drawn if line.text.startswith("Repair rural road no.")}
    assert len(action_pages) >= 2 and text.count("Indicator") == len(action_pages)
    assert "Nhem Sreypov 300" in text and "Repair rural road no. 40" in text
    assert text.count(f"Page {pages} of {pages}") == 1


def test_same_data_gives_identical_bytes(small: MinutesData, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_minutes(small, a, MinutesOptions("both", annex=True, official_header=True))
    write_minutes(small, b, MinutesOptions("both", annex=True, official_header=True))
    assert a.read_bytes() == b.read_bytes()
    write_minutes(
        replace(small, summary=small.summary + "។"),
        b,
        MinutesOptions("both", annex=True, official_header=True),
    )
    assert a.read_bytes() != b.read_bytes()


def test_empty_sections_say_so_instead_of_disappearing(small: MinutesData, tmp_path: Path) -> None:
    empty = replace(small, agenda=(), needs=(), decisions=(), actions=(), participants=(), summary="")
    pdf = tmp_path / "empty.pdf"
    write_minutes(empty, pdf, MinutesOptions("en", annex=True))
    text = pdf_text(pdf)
    assert text.count("None recorded.") == 6
    assert "Agenda" in text and "Decisions" in text and "Signatures" in text
