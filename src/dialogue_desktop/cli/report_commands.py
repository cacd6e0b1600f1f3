"""The `report` command: the central office's indicators as a workbook, CSV files or a PDF.

    dialogue-desktop [--db X] report --format xlsx|csv|pdf -o FILE [--from DATE --to DATE]
        [--province CODE] [--kind KIND] [--level LEVEL] [--lang km|en] [--include-personal-data]
        [--min-count N] [--today DATE]

- xlsx: one workbook, a sheet per indicator table and the raw data (dialogues, attendance, actions,
  follow-ups).
- csv: the same tables, one UTF-8 CSV file each: `-o report.zip` writes a zip file, any other `-o`
  path is a folder (created if needed) that receives the files.
- pdf: the project board's bilingual report with charts (`--lang` chooses which language comes first).

Dates are YYYY-MM-DD (both ends included). Personal data (names, phones, the person responsible for an
action) is only exported with `--include-personal-data`, and never for people who did not consent.
`--today` fixes the date that decides which actions are overdue (default: today).
`--min-count N` (0 to 100) shows every count of people below N as "<N" (default: the minimum count set in
the app's Settings for this database; 0 shows every count). Every export is recorded: `list exports`.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from dialogue_desktop.cli.context import CommandError, Context
from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.i18n import _, current_language, format_number
from dialogue_desktop.core.reports.filters import Level, ReportFilter
from dialogue_desktop.core.services.places import find_place

FORMATS = ("xlsx", "csv", "pdf")


def _date(text: str | None) -> date | None:
    """A YYYY-MM-DD date given on the command line, or CommandError saying what was expected.

    Checked when the command runs rather than by argparse, so the message is in the chosen language.
    """
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“{text}” is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31.").format(text=text)
        ) from None


def _description() -> str:
    """The command's long help in the current language, a paragraph per line of thought, wrapped as argparse
    wraps (the module docstring says the same for developers)."""
    paragraphs = [
        # TRANSLATORS: in the paragraphs below, words in `backticks` are typed as they are: keep them.
        _("Exports the central office's indicators as a workbook, CSV files or a PDF."),
        _(
            "`xlsx`: one workbook, a sheet per indicator table and the raw data (dialogues, attendance, "
            "actions, follow-ups)."
        ),
        _(
            "`csv`: the same tables, one UTF-8 CSV file each: `-o report.zip` writes a zip file, any other "
            "`-o` path is a folder (created if needed) that receives the files."
        ),
        _(
            "`pdf`: the project board's bilingual report with charts (`--lang` chooses which language comes first)."
        ),
        _(
            "Dates are YYYY-MM-DD (both ends included). Personal data (names, phones, the person responsible "
            "for an action) is only exported with `--include-personal-data`, and never for people who did not "
            "consent. `--today` fixes the date that decides which actions are overdue (default: today)."
        ),
        _(
            "`--min-count N` (0 to 100) shows every count of people below N as “<N” (default: the minimum "
            "count set in the app's Settings for this database; 0 shows every count). Every export is "
            "recorded: `list exports`."
        ),
    ]
    width = max(shutil.get_terminal_size().columns - 2, 40)
    return "\n\n".join(
        textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False) for text in paragraphs
    )


def register(subparsers: Any) -> None:
    """Add `report`."""
    report = subparsers.add_parser(
        "report",
        help=_("export the indicators: workbook (xlsx), CSV files or the board's PDF report"),
        description=_description(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("--format", dest="report_format", choices=FORMATS, required=True,
                        help=_("the kind of file: `xlsx`, `csv` or `pdf` (see above)"))  # fmt: skip
    report.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE",
        help=_("FILE.xlsx, FILE.pdf; for csv FILE.zip (a zip of CSV files) or a folder"),
    )  # fmt: skip
    report.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    report.add_argument("--to", dest="date_to", metavar="DATE", help=_("last day, included (YYYY-MM-DD)"))
    report.add_argument("--province", metavar="CODE", help=_("province code, e.g. 03 for Kampong Cham"))
    report.add_argument("--kind", choices=[k.value for k in DialogueKind], help=_("kind of dialogue"))
    report.add_argument("--level", choices=[k.value for k in Level], help=_("administrative level"))
    report.add_argument("--lang", dest="report_lang", choices=["km", "en"], default=None,
                        help=_("language of the headers and labels (default: that of the messages)"))  # fmt: skip
    report.add_argument("--include-personal-data", action="store_true",
                        help=_("add names and phones of the people who consented"))  # fmt: skip
    report.add_argument("--min-count", dest="min_count", metavar="N",
                        help=_("show counts of people below N as <N (0 to 100; default: the Settings value)"))  # fmt: skip
    report.add_argument("--today", metavar="DATE", help=_("the date deciding what is overdue"))
    report.set_defaults(func=run_report)


def _filter(args: argparse.Namespace) -> ReportFilter:
    date_from, date_to = _date(args.date_from), _date(args.date_to)
    if date_from and date_to and date_to < date_from:
        raise CommandError(_("The end of the period (--to) is before its start (--from)."))
    if args.province:
        place = find_place(args.province)
        if place is None or len(args.province) != 2:
            raise CommandError(_("“{code}” is not a province code.").format(code=args.province))
    return ReportFilter(
        date_from=date_from,
        date_to=date_to,
        province_code=args.province,
        kind=next((k for k in DialogueKind if k.value == args.kind), None),
        level=next((k for k in Level if k.value == args.level), None),
    )


def min_count(text: str | None) -> int | None:
    """The `--min-count` given (None when absent), or CommandError saying what is expected."""
    from dialogue_desktop.core.reports.suppression import MIN_COUNT_LIMITS

    if text is None:
        return None
    low, high = MIN_COUNT_LIMITS
    try:
        number = int(text.strip())
    except ValueError:
        number = -1
    if not low <= number <= high:
        raise CommandError(
            _("--min-count takes a whole number from {low} to {high}, not “{text}”.").format(
                low=low, high=high, text=text
            )
        )
    return number


def run_report(context: Context) -> int:
    from dialogue_desktop.core.reports.export_log import finish_export
    from dialogue_desktop.core.reports.exporting import ExportRequest, gather_export, write_export

    args = context.args
    report = _filter(args)
    today = _date(args.today)
    given = min_count(args.min_count)
    language = args.report_lang or current_language()
    output: Path = args.output
    writes_a_file = args.report_format != "csv" or output.suffix.lower() == ".zip"
    if writes_a_file and not output.parent.exists():
        raise CommandError(_("The folder {path} does not exist.").format(path=output.parent))
    store = context.store()
    with store.unit_of_work() as session:
        # Without --min-count, the minimum count set in Settings for this database.
        request = ExportRequest(
            args.report_format, report, today, language, args.include_personal_data, given, "cli"
        )
        data = gather_export(session, request)  # recorded in the export log with the data it reads
    outcome = "failed"
    try:
        write_export(data, output)
        outcome = "written"
    finally:
        with store.unit_of_work() as session:
            finish_export(session, data.log_id, outcome)
    indicators = data.indicators
    context.info(
        _("{dialogues} dialogues, {attendance} attendance.").format(
            dialogues=format_number(indicators.dialogues.total.dialogues),
            attendance=format_number(indicators.attendance.total.attendance.total),
        )
    )
    context.out(_("Report written to {path}").format(path=output))
    return 0
