"""The sync commands as a person types them, and an import killed at random moments."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dialogue_desktop.cli.main import main
from dialogue_desktop.core.domain.models import Attendance, Dialogue, Participant
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def setup_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str, str]:
    central, field = str(tmp_path / "central.db"), str(tmp_path / "field.db")
    code, out, _ = run(capsys, "--db", central, "central-init")
    assert code == 0 and len(out.strip().replace(" ", "")) == 16
    device_id, verification = enrol(capsys, central, tmp_path / "enrol.json")
    code, out, _ = run(capsys, "--db", field, "join", str(tmp_path / "enrol.json"), "--code", verification)
    assert code == 0 and "fingerprint" in out
    return central, field, device_id


def enrol(capsys: pytest.CaptureFixture[str], central: str, path: Path, *more: str) -> tuple[str, str]:
    """`enrol-device`: the device id and the verification code it prints."""
    code, out, err = run(
        capsys,
        "--db",
        central,
        "enrol-device",
        "--name",
        "Kampot laptop",
        "--province",
        "07",
        "-o",
        str(path),
        *more,
    )
    device_id, code_line = out.splitlines()
    assert code == 0 and len(device_id) == 36 and code_line.startswith("Verification code: ")
    assert "separately" in err
    return device_id, code_line.removeprefix("Verification code: ")


def test_join_needs_the_code_given_separately_and_a_switch_to_leave_its_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central, field, device_id = setup_pair(tmp_path, capsys)
    with pytest.raises(SystemExit) as exit_info:  # no code: a usage error
        main(["--db", field, "join", str(tmp_path / "enrol.json")])
    assert exit_info.value.code == 2
    _, verification = enrol(capsys, central, tmp_path / "again.json", "--device", device_id)
    wrong = verification[:-1] + str((int(verification[-1]) + 1) % 10)
    code, _, err = run(capsys, "--db", field, "join", str(tmp_path / "again.json"), "--code", wrong)
    assert code == 1 and "does not match" in err
    code, _, _ = run(
        capsys, "--db", field, "join", str(tmp_path / "again.json"), "--code", verification.replace("-", " ")
    )
    assert code == 0
    other = str(tmp_path / "other.db")
    run(capsys, "--db", other, "central-init")
    _, verification = enrol(capsys, other, tmp_path / "other.json")
    code, _, err = run(capsys, "--db", field, "join", str(tmp_path / "other.json"), "--code", verification)
    assert code == 1 and "--switch-office" in err and "will no longer receive bundles" in err
    code, _, _ = run(
        capsys, "--db", field, "join", str(tmp_path / "other.json"), "--code", verification, "--switch-office"
    )
    assert code == 0


def test_the_whole_exchange_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    central, field, device_id = setup_pair(tmp_path, capsys)
    store = Store.open(field)
    with store.unit_of_work() as session:
        session.add(Participant(name_latin="Sok Dara"))
    store.close()
    bundle = str(tmp_path / "b1.dlgbundle")
    assert run(capsys, "--db", field, "export", "-o", bundle)[0] == 0
    code, out, _ = run(capsys, "--db", central, "import", bundle, bundle)
    assert code == 0 and "imported (1 new changes" in out and "already imported" in out
    receipt = str(tmp_path / "r1.dlgbundle")
    assert run(capsys, "--db", central, "receipt", device_id, "-o", receipt)[0] == 0
    assert run(capsys, "--db", field, "import", receipt)[0] == 0
    code, out, _ = run(capsys, "--db", central, "conflicts", "--json")
    assert code == 0 and json.loads(out) == []


def test_list_devices_shows_each_laptops_enrolment_and_bundles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central, field, device_id = setup_pair(tmp_path, capsys)

    def listed() -> dict[str, dict[str, object]]:
        code, out, _ = run(capsys, "--db", central, "list", "devices", "--json")
        assert code == 0
        return {row["id"]: row for row in json.loads(out)}

    before = listed()
    office = next(row for row in before.values() if row["this_store"])
    assert office["role_of_this_store"] == "central" and office["bundles_imported"] == 0
    laptop = before[device_id]
    assert (laptop["name"], laptop["province_code"], laptop["role"], laptop["revoked"]) == (
        "Kampot laptop", "07", "field", False,
    )  # fmt: skip
    # Its signing key (and so its fingerprint) comes with its first bundle.
    assert laptop["awaiting_first_bundle"] and laptop["bundles_imported"] == 0 and laptop["fingerprint"] == ""
    for number in (1, 2, 3):  # the second never reaches the office
        bundle = str(tmp_path / f"b{number}.dlgbundle")
        assert run(capsys, "--db", field, "export", "-o", bundle, "--full")[0] == 0
    assert (
        run(
            capsys, "--db", central, "import", str(tmp_path / "b1.dlgbundle"), str(tmp_path / "b3.dlgbundle")
        )[0]
        == 0
    )
    laptop = listed()[device_id]
    assert not laptop["awaiting_first_bundle"] and laptop["fingerprint"]
    assert (laptop["bundles_imported"], laptop["last_bundle"], laptop["missing_bundles"]) == (2, 3, [2])


def test_failures_exit_1_with_a_message_and_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central, field, _ = setup_pair(tmp_path, capsys)
    junk = tmp_path / "junk.dlgbundle"
    junk.write_bytes(b"hello")
    good = str(tmp_path / "good.dlgbundle")
    run(capsys, "--db", field, "export", "-o", good)
    code, out, err = run(capsys, "--db", central, "import", str(junk), good)
    assert code == 1 and "junk.dlgbundle" in err and "not a Dialogue Desktop bundle" in err
    assert "good.dlgbundle: imported" in out
    code, _, err = run(capsys, "--db", field, "receipt", "x", "-o", str(tmp_path / "r"))
    assert code == 1 and "not a central office" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", field, "export"])
    assert exit_info.value.code == 2


def _big_laptop_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: int) -> tuple[str, Path]:
    central, field, _ = setup_pair(tmp_path, capsys)
    store = Store.open(field)
    from datetime import date

    with store.unit_of_work() as session:
        dialogue_ids = bulk_insert(
            session, Dialogue, [{"kind": "commune", "date": date(2026, 1, 1)} for _ in range(20)]
        )
        people = bulk_insert(session, Participant, [{"name_latin": f"P{n}"} for n in range(rows)])
        bulk_insert(
            session,
            Attendance,
            [{"dialogue_id": dialogue_ids[n % 20], "participant_id": p} for n, p in enumerate(people)],
        )
    store.close()
    bundle = tmp_path / "big.dlgbundle"
    assert run(capsys, "--db", field, "export", "-o", str(bundle))[0] == 0
    return central, bundle


def _state(path: Path) -> tuple[int, int, int]:
    connection = cipher.connect(path, cipher.unlock(path))
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
            for t in ("attendance", "change_record", "sync_bundle")
        )
    finally:
        connection.close()


@pytest.mark.slow
def test_an_import_killed_at_any_moment_leaves_the_store_untouched_or_complete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central, bundle = _big_laptop_bundle(tmp_path, capsys, 1500)
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    for name in os.listdir(tmp_path):
        if name.startswith("central.db"):
            src = tmp_path / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, pristine / name)
    untouched = _state(pristine / "central.db")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    command = [sys.executable, "-m", "dialogue_desktop", "--db", central, "import", str(bundle)]
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    duration = time.monotonic() - started
    complete = _state(Path(central))
    assert complete[0] == untouched[0] + 1500 and complete[2] == untouched[2] + 1
    rng = random.Random(7)
    outcomes = set()
    for _ in range(4):
        for name in os.listdir(tmp_path):
            if name.startswith("central.db"):
                target = tmp_path / name
                shutil.rmtree(target) if target.is_dir() else target.unlink()
        for name in os.listdir(pristine):
            src = pristine / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _state(Path(central))
        assert now in (untouched, complete)
        outcomes.add(now == complete)
        # Whatever happened, importing again finishes the job exactly once.
        subprocess.run(command, env=env, check=True, capture_output=True)
        assert _state(Path(central)) == complete
