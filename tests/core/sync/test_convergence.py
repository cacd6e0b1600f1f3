"""Property: three laptops and the central office edit and delete at random, bundles and receipts travel
in random order with duplicates and losses, then everyone makes a full export. Every store converges on
the records it shares, and no edit is lost without a conflict that names it."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.domain.models import Dialogue, Participant
from dialogue_desktop.core.domain.sync_models import SyncConflict
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.import_ import import_file

from .conftest import Office, content, export_to

FIELDS = {"participant": ("name_latin", "phone", "position"), "dialogue": ("venue", "title_en", "themes")}
MODELS = {"participant": Participant, "dialogue": Dialogue}


@dataclass
class Party:
    store: Store
    knows: set[int] = field(default_factory=set)  # ids of edits this party has


@dataclass
class Edit:
    number: int
    table: str
    record_id: str
    field: str
    value: str
    knew: frozenset[int]  # edits the editor had when making this one


operation = st.tuples(
    st.sampled_from(["edit", "edit", "edit", "delete", "create", "export", "deliver", "receipt"]),
    st.integers(0, 3),
    st.integers(0, 1000),
    st.integers(0, 1000),
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)  # no shrinking: keep CI fast
@given(st.lists(operation, min_size=5, max_size=30), st.integers(0, 2**32))
def test_random_edits_and_exchanges_converge_without_silent_loss(
    ops: list[tuple[str, int, int, int]], seed: int
) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        office = Office(Path(folder))
        laptops = [Party(office.laptop(f"laptop {n}")) for n in range(3)]
        central = Party(office.store)
        parties = [*laptops, central]
        edits: list[Edit] = []
        pool: list[tuple[Path, frozenset[int]]] = []
        try:
            for n, laptop in enumerate(laptops):
                _create(laptop.store, n)
            for kind, who, pick, extra in ops:
                party = parties[who]
                if kind == "create" and who < 3:
                    _create(party.store, pick)
                elif kind in ("edit", "delete"):
                    target = _pick_record(party.store, pick, who == 3)
                    if target is None:
                        continue
                    table, record_id = target
                    if kind == "delete":
                        _set(party.store, table, record_id, "deleted", True)
                        continue
                    name = FIELDS[table][extra % 3]
                    edit = Edit(len(edits), table, record_id, name, f"v{len(edits)}", frozenset(party.knows))
                    edits.append(edit)
                    party.knows.add(edit.number)
                    _set(party.store, table, record_id, name, edit.value)
                elif kind == "export" and who < 3:
                    pool.append((export_to(party.store, Path(folder)), frozenset(party.knows)))
                elif kind == "deliver" and pool:
                    path, known = pool[pick % len(pool)]
                    copy = Path(folder) / f"copy-{rng.random()}.dlgbundle"
                    copy.write_bytes(path.read_bytes())
                    office.import_(copy)
                    central.knows |= known
                elif kind == "receipt" and who < 3:
                    _receipt(office, central, laptops[who], edits)
            # Everyone sends everything; the office imports in random order, with duplicates.
            finals = [
                (export_to(lap.store, Path(folder), full=True), frozenset(lap.knows)) for lap in laptops
            ]
            batch = finals + rng.sample(pool, min(len(pool), 3))
            rng.shuffle(batch)
            for path, known in batch:
                copy = Path(folder) / f"final-{rng.random()}.dlgbundle"
                copy.write_bytes(path.read_bytes())
                assert office.import_(copy)[0].status in ("imported", "already")
                central.knows |= known
            for laptop in laptops:
                _receipt(office, central, laptop, edits)
            _check(office, laptops, edits)
        finally:
            for laptop in laptops:
                laptop.store.close()
            office.store.close()


def _create(store: Store, number: int) -> None:
    with store.unit_of_work() as session:
        session.add(
            Dialogue(kind=DialogueKind.COMMUNE, date=date(2026, 1, 1 + number % 28), title_en=f"d{number}")
        )
        # With consent: a phone of a person without it is never kept, so it would not converge by design.
        session.add(Participant(name_latin=f"p{number}", consent_data=True))


def _pick_record(store: Store, pick: int, anyone: bool) -> tuple[str, str] | None:
    with store.unit_of_work() as session:
        choices = []
        for table, model in MODELS.items():
            query = select(model.id).order_by(model.id)
            if not anyone:  # laptops edit the records they made
                query = query.where(model.origin_device_id == store.device_id)
            choices += [(table, record_id) for record_id in session.scalars(query)]
    return choices[pick % len(choices)] if choices else None


def _set(store: Store, table: str, record_id: str, name: str, value: object) -> None:
    with store.unit_of_work() as session:
        setattr(session.get(MODELS[table], record_id), name, value)


def _receipt(office: Office, central: Party, laptop: Party, edits: list[Edit]) -> None:
    try:
        path = office.receipt(laptop.store)
    except SyncError:  # no bundle from this laptop arrived yet: nothing to answer
        return
    assert import_file(laptop.store, path).status == "imported"
    mine = _records(laptop.store)
    laptop.knows |= {e.number for e in edits if e.number in central.knows and (e.table, e.record_id) in mine}


def _records(store: Store) -> set[tuple[str, str]]:
    with store.unit_of_work() as session:
        return {
            (t, r)
            for t, m in MODELS.items()
            for r in session.scalars(select(m.id).where(m.origin_device_id == store.device_id))
        }


def _check(office: Office, laptops: list[Party], edits: list[Edit]) -> None:
    central_rows = content(office.store, tuple(MODELS))
    for laptop in laptops:
        mine = content(laptop.store, tuple(MODELS))
        for table in MODELS:
            own = [row for row in mine[table] if _origin(table, row) == laptop.store.device_id]
            theirs = [row for row in central_rows[table] if _origin(table, row) == laptop.store.device_id]
            assert own == theirs, f"{table} of {laptop.store.device_id} differs"
    with office.store.unit_of_work() as session:
        conflict_values = {
            (c.table_name, c.record_id, c.field, str(candidate["value"]))
            for c in session.scalars(select(SyncConflict))
            for candidate in c.candidates
        }
        for edit in edits:
            final = getattr(session.get(MODELS[edit.table], edit.record_id), edit.field)
            superseded = any(
                later.table == edit.table
                and later.record_id == edit.record_id
                and later.field == edit.field
                and edit.number in later.knew
                for later in edits
            )
            named = (edit.table, edit.record_id, edit.field, edit.value) in conflict_values
            assert final == edit.value or superseded or named, f"edit {edit} lost without a conflict"


def _origin(table: str, row: tuple[object, ...]) -> object:
    columns = [c.key for c in MODELS[table].__table__.columns]
    return row[columns.index("origin_device_id")]
