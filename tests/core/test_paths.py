"""Where the data lives: the per-user folder, or beside the program in portable mode (USB stick)."""

from pathlib import Path

import pytest

from dialogue_desktop.core import paths


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "program"
    folder.mkdir()
    monkeypatch.setattr(paths, "program_dir", lambda: folder)
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(paths.PORTABLE_ENV, raising=False)
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "user-data"))
    return folder


def test_the_per_user_folder_by_default(program: Path, tmp_path: Path) -> None:
    assert not paths.is_portable()
    assert paths.data_dir() == tmp_path / "user-data"
    assert paths.default_database() == tmp_path / "user-data" / "dialogue.db"


def test_a_portable_txt_beside_the_program_keeps_the_data_beside_it(program: Path) -> None:
    (program / paths.PORTABLE_MARKER).write_text("")
    assert paths.is_portable()
    assert paths.data_dir() == program / "data"
    assert (program / "data").is_dir()


def test_the_environment_switch_does_the_same(program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.PORTABLE_ENV, "1")
    assert paths.data_dir() == program / "data"
