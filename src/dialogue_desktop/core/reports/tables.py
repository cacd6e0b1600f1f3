"""The tables every export writes: the indicator tables and clean raw data, with headers in one language.

`report_tables(session, indicators, language, include_personal_data)` gives plain `Table`s (a name for the
sheet or file, a title, headers, rows of plain values: numbers stay numbers, shares are fractions marked
as percentages). The workbook and CSV exports only lay them out.

Personal data: participants appear by a pseudonymous id (their record id) with sex, age group, groups and
organisation. Names and phone numbers, and the person responsible for an action, are added only when
`include_personal_data` is set, and even then never for a person who did not consent (`consent_data`).

Small counts: with a `Suppression` (see `suppression.py`) every hidden count of people, and the shares made
from it, read "<N" (text), and the person-level attendance sheet is left out. The first table, "About this
export", says what the export covers and which counts it hides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from dialogue_desktop.core.domain.enums import ActionStatus, Sector
from dialogue_desktop.core.domain.models import (
    Action,
    Attendance,
    Dialogue,
    FollowUp,
    Organisation,
    Participant,
)
from dialogue_desktop.core.i18n import N_, format_date, translate_in
from dialogue_desktop.core.reports import sources
from dialogue_desktop.core.reports.indicators import (
    ActionRow,
    AttendanceRow,
    Breakdown,
    DialogueCount,
    Indicators,
    Keyed,
    VoiceRow,
)
from dialogue_desktop.core.reports.sources import PERSON_FLAGS
from dialogue_desktop.core.reports.suppression import NO_SUPPRESSION, VOICE_FIELD, Suppression
from dialogue_desktop.core.services.places import place_name

PERCENT = "percent"
DECIMAL = "decimal"
DATE = "date"

# Column labels (msgids).
BREAKDOWN = N_("Breakdown")
ROW = N_("Row")
DIMENSION_LABELS: dict[str, str] = {
    "total": N_("All"),
    "province": N_("Province"),
    "kind": N_("Kind of dialogue"),
    "level": N_("Level"),
    "quarter": N_("Quarter"),
    "organisation": N_("Responsible organisation"),
    "sector": N_("Sector"),
}
PERSON_LABELS: dict[str, str] = {
    "total": N_("People"),
    "female": N_("Women"),
    "male": N_("Men"),
    "other_sex": N_("Other sex"),
    "not_stated": N_("Sex not stated"),
    "youth": N_("Youth"),
    "indigenous": N_("Indigenous or minority"),
    "disability": N_("Persons with disabilities"),
    "government": N_("Government"),
    "cso": N_("CSO"),
    "community": N_("Community"),
    "other_group": N_("Other group"),
}
ACTION_LABELS: dict[str, str] = {
    "total": N_("Actions"),
    ActionStatus.AGREED.value: ActionStatus.AGREED.label,
    ActionStatus.IN_PROGRESS.value: ActionStatus.IN_PROGRESS.label,
    ActionStatus.DONE.value: ActionStatus.DONE.label,
    ActionStatus.DELAYED.value: ActionStatus.DELAYED.label,
    ActionStatus.DROPPED.value: ActionStatus.DROPPED.label,
    "overdue": N_("Overdue"),
}
YES, NO = N_("Yes"), N_("No")
ATTENDANCE_OF = N_("Attendance: {group}")
UNIQUE_OF = N_("Unique participants: {group}")
SHARE_OF = N_("{status} (share)")
COUNTED_OF = N_("Counted: {group}")
TALLY_LABELS = {**PERSON_LABELS, "other": N_("Other sex")}
#: A tally column of a dialogue and the per-dialogue count it is.
TALLY_FIELD = {"other": "other_sex"}
ABOUT = N_("About this export")
HIDDEN_NOTE = N_(
    "Counts below {n} are not shown: a count of people from 1 to {below} reads “<{n}”; a total or share "
    "that would give such a count back by subtraction reads “{hidden}”. Person-level attendance rows are "
    "left out."
)
ALL_SHOWN_NOTE = N_("Every count is shown (no minimum count).")
ANY = N_("Any")


@dataclass
class Table:
    """One sheet or CSV file. `formats` marks columns (by index) holding percentages, decimals or dates."""

    name: str  # ASCII, for the sheet / file name
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)


class _Labels:
    """Translations into the export's language, remembered (raw tables ask for the same few per row)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._known: dict[str, str] = {}

    def __call__(self, message: str) -> str:
        text = self._known.get(message)
        if text is None:
            text = self._known[message] = translate_in(self.language, message)
        return text

    def row(self, row: Keyed) -> str:
        return row.label(self.language)

    def yes_no(self, value: bool) -> str:
        return self(YES if value else NO)


def _breakdown_rows(breakdown: Breakdown[Any], extra: tuple[tuple[str, tuple[Any, ...]], ...] = ()) -> Iterator[
    tuple[str, Any]
]:  # fmt: skip
    yield "total", breakdown.total
    for dimension, rows in (
        ("province", breakdown.by_province), ("kind", breakdown.by_kind), ("level", breakdown.by_level),
        ("quarter", breakdown.by_quarter), *extra,
    ):  # fmt: skip
        for row in rows:
            yield dimension, row


def _dialogues_table(t: _Labels, indicators: Indicators) -> Table:
    table = Table("dialogues_held", t(N_("Dialogues held")), [t(BREAKDOWN), t(ROW), t(N_("Dialogues held")),
                                                               t(N_("Of which counts only"))])  # fmt: skip
    row: DialogueCount
    for dimension, row in _breakdown_rows(indicators.dialogues):
        table.rows.append([t(DIMENSION_LABELS[dimension]), t.row(row), row.dialogues, row.tally_only])
    return table


def _attendance_table(t: _Labels, indicators: Indicators, hide: Suppression) -> Table:
    names = ("total", *PERSON_FLAGS)
    headers = [t(BREAKDOWN), t(ROW)]
    headers += [t(ATTENDANCE_OF).format(group=t(PERSON_LABELS[n])) for n in names]
    headers += [t(N_("Share of women")), t(N_("Share of youth"))]
    headers += [t(UNIQUE_OF).format(group=t(PERSON_LABELS[n])) for n in names]
    table = Table("attendance", t(N_("Attendance and participants")), headers)
    share_columns = 2 + len(names)
    table.formats = {share_columns: PERCENT, share_columns + 1: PERCENT}
    row: AttendanceRow
    for dimension, row in _breakdown_rows(indicators.attendance):
        key = row.key
        table.rows.append(
            [t(DIMENSION_LABELS[dimension]), t.row(row)]
            + [hide.show(getattr(row.attendance, n), "att", dimension, key, n) for n in names]
            + [hide.share(row.women_share, "att", dimension, key, "female"),
               hide.share(row.youth_share, "att", dimension, key, "youth")]
            + [hide.show(getattr(row.unique, n), "uniq", dimension, key, n) for n in names]
        )  # fmt: skip
    return table


def _needs_tables(t: _Labels, indicators: Indicators) -> list[Table]:
    needs = indicators.needs
    table = Table(
        "needs", t(N_("Needs and issues raised")), [t(BREAKDOWN), t(ROW), t(N_("Needs and issues"))]
    )
    table.rows.append([t(DIMENSION_LABELS["total"]), t(N_("All")), needs.total])
    for dimension, rows in (
        ("sector", needs.by_sector),
        ("province", needs.by_province),
        ("quarter", needs.by_quarter),
    ):
        for row in rows:
            table.rows.append([t(DIMENSION_LABELS[dimension]), t.row(row), row.needs])
    provinces = sorted({cell.province_code for cell in needs.cells})
    cross = Table(
        "needs_by_sector_province",
        t(N_("Needs by sector and province")),
        [t(N_("Sector"))] + [place_name(code, t.language) or t(N_("No province")) for code in provinces],
    )
    counts = {(cell.sector, cell.province_code): cell.needs for cell in needs.cells}
    for sector in Sector:
        if any((sector, code) in counts for code in provinces):
            cross.rows.append([t(sector.label)] + [counts.get((sector, code), 0) for code in provinces])
    return [table, cross]


def _actions_table(t: _Labels, indicators: Indicators) -> Table:
    measures = tuple(ACTION_LABELS)
    shared = ("done", "in_progress", "delayed", "overdue", "dropped")
    headers = [t(BREAKDOWN), t(ROW)] + [t(ACTION_LABELS[m]) for m in measures]
    headers += [t(SHARE_OF).format(status=t(ACTION_LABELS[m])) for m in shared]
    headers += [t(N_("Average days from agreement to completion"))]
    table = Table("actions", t(N_("Agreed actions")), headers)
    first_share = 2 + len(measures)
    table.formats = {i: PERCENT for i in range(first_share, first_share + len(shared))}
    table.formats[first_share + len(shared)] = DECIMAL
    extra = (("organisation", indicators.actions.by_organisation),)
    row: ActionRow
    for dimension, row in _breakdown_rows(indicators.actions.breakdown, extra):
        table.rows.append(
            [t(DIMENSION_LABELS[dimension]), t.row(row)]
            + [getattr(row, m) for m in measures]
            + [row.share(m) for m in shared]
            + [row.average_days_to_done]
        )
    return table


def _voice_table(t: _Labels, indicators: Indicators, hide: Suppression) -> Table:
    headers = [t(BREAKDOWN), t(ROW), t(N_("Group")), t(N_("Interventions")), t(N_("Share of interventions")),
               t(N_("Present")), t(N_("Share of attendance"))]  # fmt: skip
    table = Table(
        "voice", t(N_("Voice: interventions and attendance")), headers, formats={4: PERCENT, 6: PERCENT}
    )
    row: VoiceRow
    for dimension, row in _breakdown_rows(indicators.voice):
        for group in row.voice.rows():
            cell = ("att", dimension, row.key, VOICE_FIELD[group.key])
            table.rows.append(
                [t(DIMENSION_LABELS[dimension]), t.row(row), t(group.label), group.spoke, group.spoke_share,
                 hide.show(group.present, *cell), hide.share(group.present_share, *cell)]
            )  # fmt: skip
    return table


def _per_dialogue_table(t: _Labels, indicators: Indicators, hide: Suppression) -> Table:
    names = ("total", *PERSON_FLAGS)
    headers = [t(N_("Dialogue id")), t(N_("Date")), t(N_("Title")), t(N_("Province")), t(N_("Kind of dialogue")),
               t(N_("Status")), t(N_("Counts only"))]  # fmt: skip
    headers += [t(ATTENDANCE_OF).format(group=t(PERSON_LABELS[n])) for n in names]
    headers += [t(N_("Interventions")), t(N_("Needs and issues")), t(N_("Actions")), t(ActionStatus.DONE.label),
                t(N_("Overdue"))]  # fmt: skip
    table = Table("per_dialogue", t(N_("Figures per dialogue")), headers, formats={1: DATE})
    for d in indicators.per_dialogue:
        table.rows.append(
            [d.id, d.date, d.title(t.language), place_name(d.province_code, t.language), t(d.kind.label),
             t(d.status.label), t.yes_no(d.tally_only)]
            + [hide.show(getattr(d.attendance, n), "dlg", d.id, n) for n in names]
            + [d.interventions, d.needs, d.actions.total, d.actions.done, d.actions.overdue]
        )  # fmt: skip
    return table


# --- raw data -------------------------------------------------------------------------------------------


def _raw_dialogues(t: _Labels, session: Session, indicators: Indicators, hide: Suppression) -> Table:
    tally = ("female", "male", "other", "youth", "indigenous", "disability", "government", "cso", "community")
    headers = [t(N_("Dialogue id")), t(N_("Date")), t(N_("Kind of dialogue")), t(N_("Status")), t(N_("Province")),
               t(N_("District")), t(N_("Commune")), t(N_("Title in Khmer")), t(N_("Title in English")), t(N_("Venue")),
               t(N_("Counts only"))]  # fmt: skip
    headers += [t(COUNTED_OF).format(group=t(TALLY_LABELS[n])) for n in tally]
    table = Table("raw_dialogues", t(N_("Dialogues")), headers, formats={1: DATE})
    statement = select(Dialogue).where(*indicators.filter.conditions()).order_by(Dialogue.date, Dialogue.id)
    for d in session.scalars(statement):
        table.rows.append(
            [d.id, d.date, t(d.kind.label), t(d.status.label), place_name(d.province_code, t.language),
             place_name(d.district_code, t.language), place_name(d.commune_code, t.language), d.title_km,
             d.title_en, d.venue, t.yes_no(d.tally_only)]
            + [hide.show(getattr(d, f"tally_{n}"), "dlg", d.id, TALLY_FIELD.get(n, n)) if d.tally_only else None
               for n in tally]
        )  # fmt: skip
    return table


def _raw_attendance(t: _Labels, session: Session, indicators: Indicators, personal: bool) -> Table:
    flags = ("youth", "indigenous", "disability")
    groups = ("government", "cso", "community", "other_group")
    headers = [
        t(N_("Attendance id")),
        t(N_("Dialogue id")),
        t(N_("Date")),
        t(N_("Participant id")),
        t(N_("Sex")),
    ]
    headers += [t(PERSON_LABELS[n]) for n in flags] + [t(N_("Group")), t(N_("Organisation")), t(N_("Role")),
                                                       t(N_("Signed"))]  # fmt: skip
    if personal:
        headers += [t(N_("Name in Khmer")), t(N_("Name in Latin letters")), t(N_("Phone"))]
    table = Table("raw_attendance", t(N_("Attendance")), headers, formats={2: DATE})
    conditions = sources.person_conditions(indicators.filter.youth_ages)
    organisation = aliased(Organisation, name="represented")
    statement = (
        sources.attendance_rows(
            indicators.filter,
            Attendance.id, Attendance.dialogue_id, Dialogue.date, Participant.id, Participant.sex,
            *(sources.flag(conditions[n]) for n in (*flags, *groups)),
            organisation.name_en, organisation.name_km, Attendance.role, Attendance.signed,
            Participant.consent_data, Participant.name_km, Participant.name_latin, Participant.phone,
        )
        .outerjoin(organisation, organisation.id == func.coalesce(Attendance.organisation_id, Participant.organisation_id))
        .order_by(Dialogue.date, Attendance.dialogue_id, Attendance.id)
    )  # fmt: skip
    # Labels translated once, not per row (the sheet has a row per attendance: ~100,000).
    group_names = [t(PERSON_LABELS[g]) for g in groups]
    yes_no = {True: t(YES), False: t(NO)}
    sex_labels: dict[Any, str] = {}
    role_labels: dict[Any, str] = {}
    khmer = t.language == "km"
    rows = table.rows
    for row in session.execute(statement):
        (a_id, d_id, day, p_id, sex, youth, indigenous, disability, *in_group, org_en, org_km, role, signed, consent,
         name_km, name_latin, phone) = row  # fmt: skip
        group = next((name for name, member in zip(group_names, in_group, strict=True) if member), "")
        sex_text = sex_labels.get(sex) or sex_labels.setdefault(sex, t(sex.label))
        role_text = role_labels.get(role) or role_labels.setdefault(role, t(role.label))
        values = [a_id, d_id, day, p_id, sex_text, yes_no[bool(youth)], yes_no[bool(indigenous)],
                  yes_no[bool(disability)], group, (org_km or org_en) if khmer else (org_en or org_km) or "",
                  role_text, yes_no[bool(signed)]]  # fmt: skip
        if personal:
            values += [name_km, name_latin, phone] if consent else ["", "", ""]
        rows.append(values)
    return table


def _raw_actions(t: _Labels, session: Session, indicators: Indicators, personal: bool) -> tuple[Table, Table]:
    done = sources.first_done()
    headers = [t(N_("Action id")), t(N_("Dialogue id")), t(N_("Date agreed")), t(N_("Province")),
               t(N_("Text in Khmer")), t(N_("Text in English")), t(N_("Responsible organisation"))]  # fmt: skip
    if personal:
        headers.append(t(N_("Responsible person")))
    headers += [t(N_("Deadline")), t(N_("Status")), t(N_("Overdue")), t(N_("Completed on"))]
    actions = Table("raw_actions", t(N_("Actions")), headers)
    first_date = len(headers) - 4
    actions.formats = {2: DATE, first_date: DATE, len(headers) - 1: DATE}
    overdue = sources.action_conditions(indicators.today, done.c.done_on)["overdue"]
    statement = (
        sources.action_rows(
            indicators.filter, done,
            Action.id, Action.dialogue_id, Dialogue.date, Dialogue.province_code, Action.text_km, Action.text_en,
            Organisation.name_en, Organisation.name_km, Action.responsible_person, Action.deadline, Action.status,
            sources.flag(overdue), done.c.done_on,
        )
        .outerjoin(Organisation, Organisation.id == Action.responsible_organisation_id)
        .order_by(Dialogue.date, Action.id)
    )  # fmt: skip
    action_ids: list[str] = []
    for (
        a_id,
        d_id,
        day,
        province,
        text_km,
        text_en,
        org_en,
        org_km,
        person,
        deadline,
        status,
        late,
        done_on,
    ) in session.execute(statement):
        organisation = (org_km or org_en) if t.language == "km" else (org_en or org_km)
        values: list[Any] = [
            a_id,
            d_id,
            day,
            place_name(province, t.language),
            text_km,
            text_en,
            organisation or "",
        ]
        if personal:
            values.append(person)
        values += [deadline, t(status.label), t.yes_no(bool(late)), _as_date(done_on)]
        actions.rows.append(values)
        action_ids.append(a_id)

    follow_ups = Table(
        "raw_follow_ups",
        t(N_("Follow-ups")),
        [t(N_("Follow-up id")), t(N_("Action id")), t(N_("Date")), t(N_("Status")), t(N_("Progress (%)")),
         t(N_("Note")), t(N_("Reported at dialogue")), t(N_("Visit"))],
        formats={2: DATE},
    )  # fmt: skip
    covered = sources.action_rows(indicators.filter, done, Action.id).subquery()
    statement = (
        select(FollowUp)
        .where(FollowUp.deleted.is_(False), FollowUp.action_id.in_(select(covered.c.id)))
        .order_by(FollowUp.action_id, FollowUp.date, FollowUp.id)
    )
    for f in session.scalars(statement):
        follow_ups.rows.append(
            [
                f.id,
                f.action_id,
                f.date,
                t(f.status.label),
                f.progress_percent,
                f.note,
                f.dialogue_id or "",
                f.visit,
            ]
        )
    return actions, follow_ups


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def about_lines(language: str, indicators: Indicators, hide: Suppression) -> list[tuple[str, str]]:
    """What an export covers, as (label, value) pairs in `language`: period, filters, date, hidden counts."""
    t = _Labels(language)
    report = indicators.filter

    def day(value: date | None) -> str:
        return format_date(value, language, "medium") if value else t(ANY)

    lines = [
        (t(N_("Period from")), day(report.date_from)),
        (t(N_("Period to")), day(report.date_to)),
        (t(N_("Province")), place_name(report.province_code, language) if report.province_code else t(ANY)),
        (t(N_("Kind of dialogue")), t(report.kind.label) if report.kind else t(ANY)),
        (t(N_("Level")), t(report.level.label) if report.level else t(ANY)),
        (t(N_("Date of the figures")), day(indicators.today)),
    ]
    hide = hide.for_language(language)
    note = t(HIDDEN_NOTE).format(n=hide.min_count, below=hide.min_count - 1, hidden=hide.hidden_text)
    if not hide.active:
        note = t(ALL_SHOWN_NOTE)
    lines.append((t(N_("Small counts")), note))
    return lines


def _about_table(t: _Labels, indicators: Indicators, hide: Suppression) -> Table:
    table = Table("about", t(ABOUT), [t(ABOUT), ""])
    table.rows = [list(line) for line in about_lines(t.language, indicators, hide)]
    return table


def report_tables(
    session: Session,
    indicators: Indicators,
    language: str,
    include_personal_data: bool = False,
    suppression: Suppression = NO_SUPPRESSION,
) -> list[Table]:
    """About this export, the indicator tables, then the raw data (dialogues, attendance, actions,
    follow-ups); with an active `suppression`, small counts hidden and no person-level attendance rows."""
    t = _Labels(language)
    hide = suppression.for_language(language)
    actions, follow_ups = _raw_actions(t, session, indicators, include_personal_data)
    raw_attendance = [] if hide.active else [_raw_attendance(t, session, indicators, include_personal_data)]
    return [
        _about_table(t, indicators, hide),
        _dialogues_table(t, indicators),
        _attendance_table(t, indicators, hide),
        *_needs_tables(t, indicators),
        _actions_table(t, indicators),
        _voice_table(t, indicators, hide),
        _per_dialogue_table(t, indicators, hide),
        _raw_dialogues(t, session, indicators, hide),
        *raw_attendance,
        actions,
        follow_ups,
    ]  # fmt: skip
