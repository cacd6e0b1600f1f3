"""Demo data: deterministic for a seed, and realistic enough to try every screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dialogue_desktop.core.domain.enums import ActionStatus, DialogueKind, DialogueStatus, Sex
from dialogue_desktop.core.domain.models import (
    Action,
    AgendaItem,
    Attendance,
    ChangeRecord,
    Dialogue,
    FollowUp,
    IndigenousGroup,
    Participant,
)
from dialogue_desktop.core.services.demo import DemoSummary, make_demo
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.places import PROGRAMME_PROVINCES, RATANAKIRI, check_places
from dialogue_desktop.core.services.validation import Checker
from dialogue_desktop.core.store.store import Store

N = 20


def snapshot(store: Store) -> tuple[list[tuple[object, ...]], dict[str, int]]:
    with store.unit_of_work() as session:
        dialogues = [
            tuple(row)
            for row in session.execute(
                select(
                    Dialogue.id, Dialogue.date, Dialogue.title_km, Dialogue.title_en, Dialogue.status
                ).order_by(Dialogue.date, Dialogue.id)
            )
        ]
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Participant, Attendance, Action, FollowUp, AgendaItem)
        }
    return dialogues, counts


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("demo") / "demo.db", automatic_backups=False)
    seen: list[tuple[int, int]] = []
    summary = make_demo(store, dialogues=N, seed=3, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (N, N)
    assert summary.dialogues == N
    yield store
    store.close()


def test_same_seed_same_content(demo_store: Store, tmp_path: Path) -> None:
    again = Store.open(tmp_path / "again.db", automatic_backups=False)
    try:
        make_demo(again, dialogues=N, seed=3)
        assert snapshot(again) == snapshot(demo_store)
    finally:
        again.close()


def test_another_seed_other_content(demo_store: Store, tmp_path: Path) -> None:
    other = Store.open(tmp_path / "other.db", automatic_backups=False)
    try:
        summary = make_demo(other, dialogues=N, seed=4)
        assert isinstance(summary, DemoSummary)
        titles = {row[3] for row in snapshot(other)[0]}
        assert titles != {row[3] for row in snapshot(demo_store)[0]}
    finally:
        other.close()


def test_every_dialogue_has_attendance_or_a_tally_in_the_programme_provinces(demo_store: Store) -> None:
    with demo_store.unit_of_work() as session:
        attended = Counter(session.scalars(select(Attendance.dialogue_id)))
        dialogues = session.scalars(select(Dialogue)).all()
        assert {d.province_code for d in dialogues} == set(PROGRAMME_PROVINCES)
        for d in dialogues:
            assert attended[d.id] > 0 or (d.tally_only and d.tally_female + d.tally_male > 0)
            assert d.title_km and d.title_en
            checker = Checker()
            check_places(checker, d.province_code, d.district_code, d.commune_code)
            assert checker.errors == []
            if d.kind == DialogueKind.NATIONAL_FORUM:
                assert d.province_code == "12"
            else:
                assert d.province_code != "12"
        assert any(d.tally_only for d in dialogues)
        assert {d.status for d in dialogues} == set(DialogueStatus)
        # About fifty people per dialogue that kept a sign-in sheet.
        kept = [attended[d.id] for d in dialogues if not d.tally_only and d.status != DialogueStatus.PLANNED]
        assert 35 <= sum(kept) / len(kept) <= 70


def test_the_registry_is_reused_and_diverse(demo_store: Store) -> None:
    with demo_store.unit_of_work() as session:
        visits = Counter(session.scalars(select(Attendance.participant_id)))
        assert max(visits.values()) >= 2  # the same people come back
        people = session.scalars(select(Participant)).all()
        sexes = Counter(p.sex for p in people)
        assert 0.35 < sexes[Sex.FEMALE] / len(people) < 0.7
        ages = [2022 - p.birth_year for p in people if p.birth_year]
        assert min(ages) >= 16 and max(ages) <= 70
        indigenous = [p for p in people if p.indigenous_group_id]
        assert indigenous
        assert sum(p.province_code == RATANAKIRI for p in indigenous) > len(indigenous) / 2
        group_names = set(session.scalars(select(IndigenousGroup.name_en)))
        assert {"Tampuan", "Jarai", "Kreung", "Brao", "Kavet"} <= group_names
        assert any(p.wg_walking is not None for p in people)
        assert any(p.phone for p in people)
        assert all(p.name_km and p.name_latin for p in people)


def test_actions_have_follow_ups_some_done_some_open(demo_store: Store) -> None:
    with demo_store.unit_of_work() as session:
        statuses = Counter(session.scalars(select(Action.status)))
        assert statuses[ActionStatus.DONE] > 0
        assert sum(statuses.values()) - statuses[ActionStatus.DONE] - statuses[ActionStatus.DROPPED] > 0
        assert session.scalar(select(func.count()).select_from(FollowUp))


def test_change_records_are_written_and_a_second_run_is_refused(demo_store: Store) -> None:
    with demo_store.unit_of_work() as session:
        assert session.scalar(
            select(func.count()).select_from(ChangeRecord).where(ChangeRecord.table_name == "attendance")
        ) == session.scalar(select(func.count()).select_from(Attendance))
    with pytest.raises(UserError):
        make_demo(demo_store, dialogues=5, seed=3)
