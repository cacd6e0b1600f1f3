"""Commands that use the app's windows without a screen: `screenshots`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dialogue_desktop.cli.context import Context
from dialogue_desktop.core.i18n import _, format_number, n_


def register(subparsers: Any) -> None:
    """Add `screenshots`."""
    shots = subparsers.add_parser("screenshots", help=_("save a PNG of every main page in both languages"))
    shots.add_argument(
        "outdir", type=Path, metavar="OUTDIR", help=_("the folder to save them in (created if needed)")
    )
    shots.set_defaults(func=run_screenshots)


def run_screenshots(context: Context) -> int:
    from dialogue_desktop.gui.screenshots import save_screenshots  # Qt only for this command

    outdir: Path = context.args.outdir
    outdir.mkdir(parents=True, exist_ok=True)
    written = save_screenshots(context.db, outdir)
    for path in written:
        context.out(str(path))
    context.info(
        n_(
            "{count} screenshot saved in {folder}", "{count} screenshots saved in {folder}", len(written)
        ).format(count=format_number(len(written)), folder=outdir)
    )
    return 0
