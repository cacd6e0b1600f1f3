"""Core's use cases give their callers (the GUI's operations, the command line) ids or plain dataclasses,
never live ORM objects: these are bound to one session, expire on commit and are not thread-safe. The
return annotations of every public function of core/services, core/sync and core/reports are read here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import typing
from types import ModuleType
from typing import Any

from dialogue_desktop.core.domain.models import Base

PACKAGES = ("services", "sync", "reports")

#: Helpers the core's own use cases share (they load a record to change it); no operation calls them.
INTERNAL_HELPERS = {
    "dialogue_desktop.core.services.locking.ensure_editable",
    "dialogue_desktop.core.sync.state.central_peer",
}


def _models_named(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, Base):
        return [annotation.__name__]
    return [name for argument in typing.get_args(annotation) for name in _models_named(argument)]


def _modules() -> list[ModuleType]:
    found = []
    for package in PACKAGES:
        root = importlib.import_module(f"dialogue_desktop.core.{package}")
        for info in pkgutil.iter_modules(root.__path__):
            found.append(importlib.import_module(f"{root.__name__}.{info.name}"))
    return found


def _return_hint(function: Any) -> Any:
    """The function's return annotation, evaluated (only it: a parameter may name a type imported for
    type checking only)."""
    hint = function.__annotations__.get("return")
    return eval(hint, vars(sys.modules[function.__module__])) if isinstance(hint, str) else hint


def _returning_records() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module in _modules():
        for name, function in vars(module).items():
            if (
                name.startswith("_")
                or not inspect.isfunction(function)
                or function.__module__ != module.__name__
            ):
                continue
            models = _models_named(_return_hint(function))
            if models:
                found[f"{module.__name__}.{name}"] = models
    return found


def test_no_public_use_case_returns_an_orm_record() -> None:
    found = _returning_records()
    unexpected = {name: models for name, models in found.items() if name not in INTERNAL_HELPERS}
    assert unexpected == {}, "return an id or a frozen dataclass instead"


def test_the_list_of_internal_helpers_is_not_stale() -> None:
    # A helper that returns plain values now leaves the list, so a record cannot slip back under its name.
    moved = INTERNAL_HELPERS - set(_returning_records())
    assert moved == set(), "these return plain values now: take them off the list above"


def test_the_check_sees_an_orm_record_in_a_container() -> None:
    from dialogue_desktop.core.domain.models import Dialogue

    assert _models_named(list[tuple[str, Dialogue | None]]) == ["Dialogue"]
    assert _models_named(dict[str, int]) == []
