"""The GUI's settings file in the data folder is readable by its owner only, like everything there."""

import os
import stat

from dialogue_desktop.gui.settings import GuiSettings


def test_the_settings_file_is_private() -> None:
    GuiSettings(page="sync").save()
    path = GuiSettings.path()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert GuiSettings.load().page == "sync"
    assert [p.name for p in path.parent.glob("*.partial")] == []
