"""Sync commands: central-init, enrol-device, join, export, import, receipt, conflicts, recover-key (and
`list devices`)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dialogue_desktop.cli.context import CommandError, Context
from dialogue_desktop.cli.store_commands import new_passphrase
from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.sync import conflicts, enrolment, export, import_, receipts, state, status
from dialogue_desktop.core.sync.keys import load_keys


def register(subparsers: Any) -> None:
    """Add the sync sub-commands to the `dialogue-desktop` parser."""
    parser = subparsers.add_parser(
        "central-init", help=_("make this database the central office (creates its keys)")
    )
    parser.set_defaults(func=central_init)

    parser = subparsers.add_parser("enrol-device", help=_("write an enrolment file for a field laptop"))
    parser.add_argument("--name", required=True, help=_("the laptop's name, e.g. 'Kampot laptop 1'"))
    parser.add_argument("--province", required=True, metavar="CODE", help=_("province code, e.g. 07"))
    parser.add_argument(
        "--device", metavar="DEVICE_ID", help=_("enrol this existing laptop again (lost keys)")
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help=_("the enrolment file to write")
    )
    parser.set_defaults(func=enrol_device)

    parser = subparsers.add_parser(
        "revoke-device", help=_("refuse every later bundle from a lost or stolen laptop")
    )
    parser.add_argument("device_id", metavar="DEVICE_ID", help=_("the laptop (its id, see `list devices`)"))
    parser.set_defaults(func=revoke_device)

    parser = subparsers.add_parser("join", help=_("join the central office named in an enrolment file"))
    parser.add_argument(
        "file", type=Path, metavar="FILE", help=_("the enrolment file from the central office")
    )
    parser.add_argument(
        "--code", required=True, help=_("the verification code the central office gave separately")
    )
    parser.add_argument(
        "--switch-office",
        action="store_true",
        help=_("leave the central office this laptop joined for the one in the file"),
    )
    parser.set_defaults(func=join)

    parser = subparsers.add_parser("export", help=_("write a bundle of this laptop's unconfirmed changes"))
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help=_("the bundle file to write")
    )
    parser.add_argument("--full", action="store_true", help=_("every change, not only unconfirmed ones"))
    parser.set_defaults(func=export_bundle)

    parser = subparsers.add_parser("import", help=_("import bundles (central office) or a receipt (laptop)"))
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("bundle or receipt files"))
    parser.set_defaults(func=import_bundles)

    parser = subparsers.add_parser("receipt", help=_("write the receipt for one laptop"))
    parser.add_argument("device_id", metavar="DEVICE_ID", help=_("the laptop (its id, see `list devices`)"))
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help=_("the receipt file to write")
    )
    parser.set_defaults(func=write_receipt)

    parser = subparsers.add_parser("conflicts", help=_("list sync conflicts"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
    parser.add_argument("--all", action="store_true", help=_("resolved ones too"))
    parser.set_defaults(func=list_conflicts)

    parser = subparsers.add_parser(
        "recover-key",
        help=_(
            "at the central office: unlock a laptop's database key file with a new passphrase (forgotten passphrase)"
        ),
    )
    parser.add_argument(
        "key_file", type=Path, metavar="KEY_FILE", help=_("the laptop's dialogue.db.key (or a backup's)")
    )
    parser.add_argument(
        "--new-passphrase-file", type=Path, metavar="FILE", help=_("a file holding the new passphrase")
    )
    parser.set_defaults(func=recover_key)
    parser = subparsers.add_parser("resolve-conflict", help=_("resolve a conflict by choosing one value"))
    parser.add_argument(
        "conflict_id", metavar="CONFLICT_ID", help=_("the conflict (its id, see `conflicts`)")
    )
    parser.add_argument(
        "--choose",
        required=True,
        metavar="CHOICE",
        help=_("`REVISION`, the revision of the value to keep; for a deletion, `keep` or `delete`"),
    )
    parser.set_defaults(func=resolve_conflict)


def central_init(context: Context) -> int:
    fingerprint = enrolment.central_init(context.store())
    context.out(fingerprint)
    context.info(
        _("This database is the central office. Key fingerprint: {fingerprint}").format(
            fingerprint=fingerprint
        )
    )
    return 0


def enrol_device(context: Context) -> int:
    args = context.args
    enrolled = enrolment.enrol_device(context.store(), args.name, args.province, args.output, args.device)
    context.out(enrolled.device_id)
    context.out(_("Verification code: {code}").format(code=enrolled.code))
    context.info(
        _(
            "Enrolment file written to {path}. Give the file to the laptop, and the verification code separately "
            "(read it out by phone or hand it on paper): the laptop needs both to join."
        ).format(path=args.output)
    )
    return 0


def revoke_device(context: Context) -> int:
    enrolment.revoke_device(context.store(), context.args.device_id)
    context.info(
        _(
            "Laptop {device_id} revoked: its bundles are refused and its keys are forgotten. Enrol it again "
            "(enrol-device --device) to give it, or its replacement, a new enrolment file and code."
        ).format(device_id=context.args.device_id)
    )
    return 0


def join(context: Context) -> int:
    args = context.args
    try:
        joined = enrolment.join(context.store(), args.file, args.code, switch_office=args.switch_office)
    except enrolment.OtherOfficeError as error:
        raise CommandError(
            error.text() + "\n" + _("To join it anyway, run join again with --switch-office.")
        ) from error
    context.out(_("This laptop's key fingerprint: {fingerprint}").format(fingerprint=joined.fingerprint))
    context.out(
        _("Central office key fingerprint: {fingerprint}").format(fingerprint=joined.central_fingerprint)
    )
    context.info(
        _("The verification code matched the enrolment file. This laptop's device id: {device_id}").format(
            device_id=joined.device_id
        )
    )
    return 0


def recover_key(context: Context) -> int:
    new = new_passphrase(context.args.new_passphrase_file)
    store = context.store()
    with store.unit_of_work() as session:
        state.require_role(session, state.CENTRAL)
    cipher.recover_with_office_key(context.args.key_file, load_keys(store).exchange, new)
    context.out(
        _("The database key in {file} is now locked with the new passphrase.").format(
            file=context.args.key_file.name
        )
    )
    return 0


def export_bundle(context: Context) -> int:
    written = export.export_bundle(context.store(), context.args.output, full=context.args.full)
    context.out(str(written.path))
    context.info(
        n_(
            "Bundle {sequence} written with {count} change.",
            "Bundle {sequence} written with {count} changes.",
            written.change_count,
        ).format(sequence=format_number(written.sequence), count=format_number(written.change_count))
    )
    if note := written.redated_text():  # changes dated again; a restored database caught up
        context.info(note)
    return 0


def import_bundles(context: Context) -> int:
    store = context.store()
    refused = 0
    missing: dict[str, list[int]] = {}
    for outcome in import_.import_files(store, list(context.args.files)):
        if outcome.status == "imported":
            context.out(
                _("{file}: imported ({new} new changes, {conflicts} conflicts, {held} held)").format(
                    file=outcome.path.name,
                    new=format_number(outcome.new_changes),
                    conflicts=format_number(outcome.conflicts),
                    held=format_number(outcome.held),
                )
            )
            missing = outcome.missing or missing
        elif outcome.status == "already":
            context.out(_("{file}: already imported").format(file=outcome.path.name))
        else:
            refused += 1
            context.info(
                _("{file}: refused: {reason}").format(file=outcome.path.name, reason=outcome.message)
            )
            if outcome.quarantined is not None:
                context.info(_("  moved to {path}").format(path=outcome.quarantined))
    for device, numbers in sorted(missing.items()):
        context.info(
            _("Missing bundles from laptop {device}: {numbers}").format(
                device=device, numbers=", ".join(str(n) for n in numbers)
            )
        )
    if refused:
        raise CommandError(
            n_("{count} file refused; see above.", "{count} files refused; see above.", refused).format(
                count=format_number(refused)
            )
        )
    return 0


def write_receipt(context: Context) -> int:
    receipt = receipts.write_receipt(context.store(), context.args.device_id, context.args.output)
    context.out(str(receipt.path))
    context.info(
        n_(
            "Receipt {sequence} written: confirms changes up to {confirmed}, carries {count} change.",
            "Receipt {sequence} written: confirms changes up to {confirmed}, carries {count} changes.",
            receipt.change_count,
        ).format(
            sequence=format_number(receipt.sequence),
            confirmed=format_number(receipt.confirmed_change_seq),
            count=format_number(receipt.change_count),
        )
    )
    return 0


def list_conflicts(context: Context) -> int:
    found = conflicts.list_conflicts(context.store(), include_resolved=context.args.all)
    if context.args.json:
        context.out(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2))
        return 0
    for conflict in found:
        values = "; ".join(
            f"{c['revision']}: {json.dumps(c['value'], ensure_ascii=False)}" for c in conflict.candidates
        )
        context.out(
            f"{conflict.id}  {conflict.table} {conflict.record_id} {conflict.field} [{conflict.kind}]  {values}"
        )
    return 0


def resolve_conflict(context: Context) -> int:
    revision = conflicts.resolve_conflict(
        context.store(), context.args.conflict_id, choose=context.args.choose
    )
    context.out(revision)
    return 0


def list_devices_json(context: Context) -> int:
    """`list devices --json`: every laptop known here with its enrolment and bundle state."""
    rows = [asdict(device) for device in status.known_devices(context.store())]
    context.out(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0
