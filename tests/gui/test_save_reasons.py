"""Minutes saved into a folder the app may not write into: the reason in the facilitator's language and
the file by its name, under the options; never the folder's path (a user folder can hold a person's
name) nor the system's English words."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from tests.gui.conftest import wait_idle
from tests.gui.test_flows import open_workspace, seed
from tests.unwritable import unwritable_folder

from dialogue_desktop.core.file_errors import NO_PERMISSION
from dialogue_desktop.core.i18n import catalog, set_language
from dialogue_desktop.core.store.store import Store

KHMER_REASON = "កុំព្យូទ័រនេះមិនអនុញ្ញាតឱ្យកម្មវិធីសរសេរនៅទីនោះទេ"


class WithTheLeadsKhmer(gettext.NullTranslations):
    """The Khmer catalog with the reason the lead is to translate (until it is in the catalog)."""

    def gettext(self, message: str) -> str:
        return KHMER_REASON if message == NO_PERMISSION else super().gettext(message)


def test_minutes_saved_into_a_read_only_folder_say_why_in_the_users_language(
    window: Any,
    qtbot: Any,
    store: Store,
    shown_boxes: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    khmer = WithTheLeadsKhmer()
    khmer.add_fallback(catalog.get_translations("km"))
    monkeypatch.setitem(catalog._cache, "km", khmer)
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=7)
    minutes = workspace.minutes
    qtbot.waitUntil(lambda: minutes.current is not None, timeout=20000)
    problem = minutes.column.problem
    with unwritable_folder(tmp_path) as folder:
        target = folder / "Minutes Kampot.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
        qtbot.mouseClick(minutes.column.save_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window.ctx.worker)
        assert problem.isVisibleTo(minutes) and shown_boxes == []
        text = problem.text()
        assert text == "Could not save Minutes Kampot.pdf: this computer does not let the app write there"
        assert "Sokha" not in text and "denied" not in text and "permitted" not in text

        set_language("km")  # a Khmer facilitator: the same failure, in Khmer
        try:
            qtbot.mouseClick(minutes.column.save_button, Qt.MouseButton.LeftButton)
            wait_idle(qtbot, window.ctx.worker)
            assert problem.text() == f"មិនអាចរក្សាទុក Minutes Kampot.pdf បានទេ៖ {KHMER_REASON}"
        finally:
            set_language("en")
        assert not target.exists()
