"""Commands on the records: demo data, lists as JSON, importing a participant list."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from dialogue_desktop.cli.context import CommandError, Context
from dialogue_desktop.core.i18n import _, format_number, n_


def register(subparsers: Any) -> None:
    """Add `demo`, `list` and `import-participants`."""
    demo = subparsers.add_parser("demo", help=_("fill the database with realistic demo data"))
    demo.add_argument(
        "--dialogues", type=int, default=50, metavar="N", help=_("how many dialogues (default 50)")
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help=_("same seed, same data (default 1)"))
    demo.set_defaults(func=run_demo)

    listing = subparsers.add_parser(
        "list", help=_("list dialogues, participants, actions, devices or exports made")
    )
    listing.add_argument(
        "what", choices=["dialogues", "participants", "actions", "devices", "exports"], help=_("what to list")
    )
    listing.add_argument("--json", action="store_true", help=_("one JSON array (the default output too)"))
    listing.set_defaults(func=run_list)

    text = _("register the people of a CSV or XLSX list at a dialogue")
    importing = subparsers.add_parser("import-participants", help=text, description=text)
    importing.add_argument(
        "dialogue_id", metavar="DIALOGUE_ID", help=_("the dialogue (its id, see `list dialogues`)")
    )
    importing.add_argument("file", type=Path, metavar="FILE", help=_("the list: a CSV or XLSX file"))
    importing.set_defaults(func=run_import_participants)


def run_demo(context: Context) -> int:
    from dialogue_desktop.core.services.demo import make_demo

    if context.args.dialogues < 1:
        raise CommandError(_("The number of dialogues must be at least 1."))

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\r{format_number(done)}/{format_number(total)}")
        if done == total:
            sys.stderr.write("\n")

    make_demo(context.store(), dialogues=context.args.dialogues, seed=context.args.seed, progress=progress)
    count = context.args.dialogues
    context.out(
        n_("Demo data added: {count} dialogue.", "Demo data added: {count} dialogues.", count).format(
            count=format_number(count)
        )
    )
    return 0


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, dates and tuples as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def run_list(context: Context) -> int:
    what = context.args.what
    if what == "devices":
        try:
            from dialogue_desktop.cli.sync_commands import list_devices_json
        except ImportError as error:
            raise CommandError(_("Devices are listed once sync is set up.")) from error
        return list_devices_json(context)
    from dialogue_desktop.core.services import listing

    with context.store().unit_of_work() as session:
        if what == "dialogues":
            rows: list[Any] = listing.list_dialogues(session)
        elif what == "actions":
            rows = listing.list_actions(session)
        elif what == "exports":  # the export log, newest first
            from dialogue_desktop.core.reports.export_log import list_exports

            rows = list_exports(session)
        else:
            rows = listing.list_participants(session)
        payload = to_jsonable(rows)
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return 0


def run_import_participants(context: Context) -> int:
    from dialogue_desktop.core.services.importing import import_participants

    with context.store().unit_of_work() as session:
        result = import_participants(session, context.args.dialogue_id, context.args.file)
    context.out(result.summary())
    return 0
