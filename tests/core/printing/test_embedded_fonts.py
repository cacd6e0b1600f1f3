"""Every PDF the app writes embeds every font it names (printers and archival checks flag one that does not)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from tests.core.printing.test_minutes import make_dialogue

from dialogue_desktop.core.printing.action_report import write_action_report
from dialogue_desktop.core.printing.data import gather_action_report, gather_minutes, gather_signin
from dialogue_desktop.core.printing.minutes import write_minutes
from dialogue_desktop.core.printing.signin import write_signin
from dialogue_desktop.core.reports.indicators import compute_indicators
from dialogue_desktop.core.reports.pdf_report import export_pdf
from dialogue_desktop.core.store.store import Store


def _name(value: Any) -> str:
    return str(getattr(value, "name", value))


def _embedded(font: dict[str, Any]) -> bool:
    """A font dictionary whose program is in the file (for a composite font: its descendant's)."""
    if _name(font.get("Subtype")) == "Type0":
        descendants = resolve1(font["DescendantFonts"])
        return all(_embedded(resolve1(d)) for d in descendants)
    descriptor = resolve1(font.get("FontDescriptor"))
    return isinstance(descriptor, dict) and any(
        k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")
    )


def fonts(path: Path) -> dict[str, bool]:
    """Every font named in the pages' resources (forms included) → whether it is embedded."""
    named: dict[str, bool] = {}

    def visit(resources: Any, seen: set[int]) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resolve1(resources.get("Font")) or {}).values():
            font = resolve1(font)
            named[_name(font.get("BaseFont"))] = _embedded(font)
        for xobject in (resolve1(resources.get("XObject")) or {}).values():
            stream = resolve1(xobject)
            visit(getattr(stream, "attrs", {}).get("Resources"), seen)

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            visit(page.page_obj.resources, set())
    return named


@pytest.fixture
def dialogue(store: Store) -> str:
    return make_dialogue(store, participants=4, action_count=2)


def _minutes(store: Store, d: str, path: Path) -> None:
    with store.unit_of_work() as s:
        write_minutes(gather_minutes(s, d), path)


def _signin(store: Store, d: str, path: Path) -> None:
    with store.unit_of_work() as s:
        write_signin(gather_signin(s, d), path)


def _blank_signin(store: Store, d: str, path: Path) -> None:
    with store.unit_of_work() as s:
        write_signin(gather_signin(s, d, blank=True), path)


def _actions(store: Store, _d: str, path: Path) -> None:
    with store.unit_of_work() as s:
        write_action_report(gather_action_report(s, today=date(2024, 7, 1)), path)


def _report(store: Store, _d: str, path: Path) -> None:
    with store.unit_of_work() as s:
        indicators = compute_indicators(s, today=date(2024, 7, 1))
    export_pdf(indicators, path, "km")


@pytest.mark.parametrize(
    "write", [_minutes, _signin, _blank_signin, _actions, _report], ids=lambda f: f.__name__
)
def test_every_font_named_is_embedded(
    store: Store, dialogue: str, tmp_path: Path, write: Callable[[Store, str, Path], None]
) -> None:
    path = tmp_path / "out.pdf"
    write(store, dialogue, path)
    named = fonts(path)
    assert named, "no font found: the check reads nothing"
    assert [name for name, embedded in named.items() if not embedded] == []
