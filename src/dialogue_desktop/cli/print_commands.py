"""Printing from the command line: minutes, sign-in sheets, the action tracker, checking a paper copy.

    dialogue-desktop minutes DIALOGUE_ID --lang km|en|both -o FILE.pdf [--annex] [--side-by-side] [--official-header]
    dialogue-desktop signin-sheet DIALOGUE_ID -o FILE.pdf [--blank]
    dialogue-desktop actions-report -o FILE.pdf [--lang km|en|both] [--group-by status|organisation|province]
    dialogue-desktop verify-minutes CODE
    dialogue-desktop approve-minutes DIALOGUE_ID

The data is read in one unit of work, then the PDF is written without the database. `verify-minutes`
exits 0 when the copy matches the record, 1 when the minutes changed since it was printed or the
dialogue is unknown. `approve-minutes` approves drafted minutes as they print now and locks the dialogue.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialogue_desktop.cli.context import CommandError, Context
from dialogue_desktop.core.file_errors import cannot_save
from dialogue_desktop.core.i18n import _


def register(subparsers: Any) -> None:
    """Add `minutes`, `signin-sheet`, `actions-report`, `verify-minutes` and `approve-minutes`."""
    minutes = subparsers.add_parser("minutes", help=_("print a dialogue's minutes as PDF"))
    minutes.add_argument(
        "dialogue_id", metavar="DIALOGUE_ID", help=_("the dialogue (its id, see `list dialogues`)")
    )
    minutes.add_argument("--lang", dest="doc_lang", choices=["km", "en", "both"], default="both",
                         help=_("language of the minutes (default: both)"))  # fmt: skip
    minutes.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF file to write")
    )
    minutes.add_argument("--annex", action="store_true", help=_("add the list of participants"))
    minutes.add_argument(
        "--side-by-side", action="store_true", help=_("bilingual: Khmer and English in two columns")
    )
    minutes.add_argument("--official-header", action="store_true", help=_("Kingdom of Cambodia header"))
    minutes.set_defaults(func=run_minutes)

    signin = subparsers.add_parser("signin-sheet", help=_("print a dialogue's sign-in sheet as PDF"))
    signin.add_argument(
        "dialogue_id", metavar="DIALOGUE_ID", help=_("the dialogue (its id, see `list dialogues`)")
    )
    signin.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF file to write")
    )
    signin.add_argument("--blank", action="store_true", help=_("empty rows only, no names"))
    signin.set_defaults(func=run_signin)

    report = subparsers.add_parser("actions-report", help=_("print the action tracker as PDF"))
    report.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF file to write")
    )
    report.add_argument("--lang", dest="doc_lang", choices=["km", "en", "both"], default="both",
                        help=_("language of the report (default: both)"))  # fmt: skip
    report.add_argument("--group-by", choices=["status", "organisation", "province"], default="status",
                        help=_("how the actions are grouped (default: by status)"))  # fmt: skip
    report.set_defaults(func=run_actions_report)

    verify = subparsers.add_parser(
        "verify-minutes", help=_("check a printed copy of minutes against the record")
    )
    verify.add_argument(
        "code", metavar="CODE", help=_("the code under the QR code: DD1:<dialogue id>:<fingerprint>")
    )
    verify.set_defaults(func=run_verify)

    approve = subparsers.add_parser(
        "approve-minutes", help=_("approve a dialogue's drafted minutes and lock it")
    )
    approve.add_argument(
        "dialogue_id", metavar="DIALOGUE_ID", help=_("the dialogue (its id, see `list dialogues`)")
    )
    approve.set_defaults(func=run_approve)


def _output(path: Path) -> str:
    if path.parent and not path.parent.exists():
        raise CommandError(_("The folder {folder} does not exist.").format(folder=path.parent))
    return str(path)


def _written(target: str, write: Callable[[], int]) -> int:
    """The pages `write` wrote to `target`; a file system error is said in the user's language, naming
    the file by its name (not the system's English words and the whole path)."""
    try:
        return write()
    except OSError as error:
        raise cannot_save(target, error) from error


def run_minutes(context: Context) -> int:
    from dialogue_desktop.core.printing.data import gather_minutes
    from dialogue_desktop.core.printing.minutes import MinutesOptions, write_minutes

    args = context.args
    target = _output(args.output)
    with context.store().unit_of_work() as session:
        data = gather_minutes(session, args.dialogue_id)
    options = MinutesOptions(args.doc_lang, args.annex, args.side_by_side, args.official_header)
    pages = _written(target, lambda: write_minutes(data, target, options))
    context.out(_("Minutes: {file} ({pages} pages)").format(file=target, pages=pages))
    return 0


def run_signin(context: Context) -> int:
    from dialogue_desktop.core.printing.data import gather_signin
    from dialogue_desktop.core.printing.signin import write_signin

    target = _output(context.args.output)
    with context.store().unit_of_work() as session:
        data = gather_signin(session, context.args.dialogue_id, blank=context.args.blank)
    pages = _written(target, lambda: write_signin(data, target))
    context.out(_("Sign-in sheet: {file} ({pages} pages)").format(file=target, pages=pages))
    return 0


def run_actions_report(context: Context) -> int:
    from dialogue_desktop.core.printing.action_report import write_action_report
    from dialogue_desktop.core.printing.data import gather_action_report

    target = _output(context.args.output)
    with context.store().unit_of_work() as session:
        data = gather_action_report(session)
    pages = _written(
        target, lambda: write_action_report(data, target, context.args.doc_lang, context.args.group_by)
    )
    context.out(_("Action tracker: {file} ({pages} pages)").format(file=target, pages=pages))
    return 0


def run_verify(context: Context) -> int:
    from dialogue_desktop.core.printing.fingerprint import Verdict, verify_code

    try:
        with context.store().unit_of_work() as session:
            result = verify_code(session, context.args.code)
    except ValueError as error:
        raise CommandError(
            _("This is not a minutes code. It looks like DD1:<dialogue id>:<fingerprint>.")
        ) from error
    if result.verdict == Verdict.UNKNOWN:
        raise CommandError(_("Unknown dialogue: {id} is not in this database.").format(id=result.dialogue_id))
    if result.verdict == Verdict.CHANGED:
        context.out(_("The minutes have changed since this copy was printed."))
        context.out(_("Fingerprint now: {hash}").format(hash=result.current_hash))
        return 1
    context.out(_("This copy matches the record: the minutes have not changed since it was printed."))
    return 0


def run_approve(context: Context) -> int:
    from dialogue_desktop.core.services.approval import approve_minutes

    with context.store().unit_of_work() as session:
        fingerprint = approve_minutes(session, context.args.dialogue_id)
    context.out(_("The minutes are approved; the dialogue is locked."))
    context.out(_("Fingerprint: {hash}").format(hash=fingerprint))
    return 0
