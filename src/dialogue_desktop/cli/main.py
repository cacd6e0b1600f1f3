"""The `dialogue-desktop` command: with no command it opens the app; otherwise runs one command.

Exit codes: 0 success, 1 a failure explained on stderr, 2 a usage error. Never a traceback: unexpected
errors are logged and summarised.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dialogue_desktop import __version__
from dialogue_desktop.cli.context import CommandError, Context
from dialogue_desktop.cli.parsing import argparse_in_current_language, chosen_language
from dialogue_desktop.core.i18n import _, format_number, n_, set_language
from dialogue_desktop.core.services.errors import UserError


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line hint on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


class _NotOnlyGlobalOptions(Exception):
    pass


class _QuickParser(argparse.ArgumentParser):
    """Reads the global options alone; anything it cannot read is left to the full parser."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotOnlyGlobalOptions(message)


def _global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options that come before any command (also all that opening the app needs)."""
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", help=_("database file or SQLAlchemy URL (default: the data folder)")
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=_("the database's passphrase, in a file (or set DIALOGUE_DESKTOP_PASSPHRASE)"),
    )
    parser.add_argument(
        "--lang",
        choices=["km", "en"],
        default=None,
        help=_("language of messages (default: the system's)"),
    )
    parser.add_argument(
        "--smoke-test", action="store_true", help=_("start the app headless, open every page, exit")
    )
    parser.add_argument(
        "--demo",
        type=int,
        metavar="N",
        help=_("before opening the app, fill an empty database with N demo dialogues"),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=_("show the version and exit")
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every sub-command, its help in the current language (call it inside
    :func:`~dialogue_desktop.cli.parsing.argparse_in_current_language` for argparse's own words)."""
    parser = _global_options(
        _Parser(prog="dialogue-desktop", description=_("Dialogue Desktop: dialogues, attendance, actions."))
    )
    # The modules that add sub-commands (each has `register(subparsers)`) are imported only when a command
    # is given, so that opening the app does not first load every command's database code.
    from dialogue_desktop.cli import (
        data_commands,
        gui_commands,
        print_commands,
        report_commands,
        store_commands,
        sync_commands,
    )

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (
        store_commands,
        data_commands,
        print_commands,
        sync_commands,
        report_commands,
        gui_commands,
    ):
        module.register(subparsers)
    # A command's own --help starts with what it does, as the list of commands says it (unless it has more).
    for action in subparsers._choices_actions:  # argparse keeps each command's help there
        command = subparsers.choices[action.dest]
        if command.description is None:
            command.description = action.help
    return parser


def _add_demo_if_empty(context: Context, dialogues: int) -> None:
    """`--demo N`: demo data for trying the app, only ever into an empty database."""
    from dialogue_desktop.core.services.demo import is_empty, make_demo

    store = context.store()
    if is_empty(store):
        context.info(
            n_("Adding {count} demo dialogue…", "Adding {count} demo dialogues…", dialogues).format(
                count=format_number(dialogues)
            )
        )
        make_demo(store, dialogues=dialogues)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # Opening the app (no command) needs only the global options: skip loading every command's module.
    try:
        args, rest = _global_options(_QuickParser(prog="dialogue-desktop", add_help=False)).parse_known_args(
            argv
        )
    except _NotOnlyGlobalOptions:  # the full parser explains the error, in the language chosen without it
        args, rest = argparse.Namespace(lang=None), argv
    # The language first: the parser's help texts are translated as they are added.
    set_language(chosen_language(args.lang))
    if rest:
        with argparse_in_current_language():
            args = build_parser().parse_args(argv)
    else:
        args.command = None
    context = Context(args)
    try:
        if args.command is None:
            from dialogue_desktop.gui.app import run  # Qt is loaded only for the app itself

            if args.demo:
                _add_demo_if_empty(context, args.demo)
                context.close()
            return run(context.db, smoke_test=args.smoke_test, passphrase=context.passphrase())
        result: int = args.func(context)
        return result
    except (UserError, CommandError) as error:  # schema and backup errors are UserErrors too
        text = error.text() if isinstance(error, UserError) else str(error)
        sys.stderr.write(_("Error: {message}").format(message=text) + "\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(_("Stopped.") + "\n")
        return 1
    except Exception as error:  # the last line of defence: a message, a log entry, never a traceback
        from dialogue_desktop.core.logs import describe_error, log_unexpected

        log_file = log_unexpected(error)
        # Scripts keep stderr too: the error's kind, never the values its message may quote.
        message = describe_error(error)
        sys.stderr.write(
            _("Unexpected error: {message}. Details were written to {log}.").format(
                message=message, log=log_file
            )
            + "\n"
        )
        return 1
    finally:
        context.close()
