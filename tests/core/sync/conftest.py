"""Fixtures for sync: a central office and enrolled laptops, each its own store in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import DialogueKind, OrganisationKind, Sex
from dialogue_desktop.core.domain.models import (
    SYNCED_MODELS,
    Attendance,
    Dialogue,
    Organisation,
    Participant,
)
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import enrolment, export, import_, receipts


class Office:
    """A central office store with helpers to enrol laptops and import."""

    def __init__(self, folder: Path, url: str | None = None) -> None:
        self.folder = folder
        self.store = Store.open(url or folder / "central.db")
        self.fingerprint = enrolment.central_init(self.store)
        #: The verification code of each enrolment file written, as the office gives it by phone.
        self.codes: dict[Path, str] = {}

    def enrol(
        self,
        name: str = "Kampot laptop",
        province: str = "07",
        device_id: str | None = None,
        path: Path | None = None,
    ) -> Path:
        """Write an enrolment file (for a new laptop, or `device_id` again); its code is in `codes`."""
        path = path or self.folder / f"enrol-{name.replace(' ', '-')}-{os.urandom(3).hex()}.json"
        self.codes[path] = enrolment.enrol_device(self.store, name, province, path, device_id).code
        return path

    def join(self, laptop: Store, path: Path, switch_office: bool = False) -> enrolment.Joined:
        """The laptop joins with this enrolment file and its code."""
        return enrolment.join(laptop, path, self.codes[path], switch_office=switch_office)

    def laptop(self, name: str = "Kampot laptop", province: str = "07") -> Store:
        laptop = Store.open(self.folder / f"{name.replace(' ', '-')}.db")
        self.join(laptop, self.enrol(name, province))
        return laptop

    def import_(self, *paths: Path) -> list[import_.Outcome]:
        return import_.import_files(self.store, list(paths))

    def receipt(self, laptop: Store, path: Path | None = None) -> Path:
        path = path or self.folder / f"receipt-{laptop.device_id[:8]}-{os.urandom(3).hex()}.dlgbundle"
        receipts.write_receipt(self.store, laptop.device_id, path)
        return path


def export_to(store: Store, folder: Path, full: bool = False) -> Path:
    path = folder / f"bundle-{store.device_id[:8]}-{os.urandom(4).hex()}.dlgbundle"
    export.export_bundle(store, path, full=full)
    return path


def add_dialogue(store: Store, people: int = 3, title: str = "Water and roads") -> str:
    """A dialogue with an organisation and `people` participants attending; returns the dialogue id."""
    with store.unit_of_work() as session:
        org = Organisation(
            name_en="Commune council", kind=OrganisationKind.LOCAL_AUTHORITY, province_code="07"
        )
        dialogue = Dialogue(
            kind=DialogueKind.COMMUNE, title_en=title, date=date(2026, 3, 14), province_code="07"
        )
        session.add_all([org, dialogue])
        session.flush()
        for number in range(people):
            person = Participant(
                name_latin=f"Person {number}", name_km="សុខា", sex=Sex.FEMALE, organisation_id=org.id
            )
            session.add(person)
            session.flush()
            session.add(Attendance(dialogue_id=dialogue.id, participant_id=person.id, organisation_id=org.id))
        return dialogue.id


def dump(store: Store) -> dict[str, Any]:
    """Every row of every table (sorted), to compare a store before and after."""
    from dialogue_desktop.core.domain.models import Base

    out: dict[str, Any] = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            out[table.name] = sorted(repr(tuple(r)) for r in rows)
    return out


def content(store: Store, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The synced records of a store (all columns), by table, sorted by id."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for model in SYNCED_MODELS:
            if tables is not None and model.__tablename__ not in tables:
                continue
            table = model.__table__
            out[model.__tablename__] = [
                tuple(r) for r in connection.execute(select(table).order_by(table.c.id))
            ]
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """The central office, on SQLite and on PostgreSQL (the `pg_schema_url` of tests/conftest.py)."""
    url = request.getfixturevalue("pg_schema_url") if request.param == "postgresql" else None
    made = Office(tmp_path, url=url)
    yield made
    made.store.close()


@pytest.fixture
def laptop_factory(office: Office) -> Iterator[Callable[..., Store]]:
    opened: list[Store] = []

    def make(name: str = "Kampot laptop", province: str = "07") -> Store:
        store = office.laptop(name, province)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
