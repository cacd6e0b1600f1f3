"""GUI preferences, declared once with their defaults (Picard's options.py), kept in a JSON file.

The file lives in the data folder (``gui-settings.json``) and is written atomically on every change, so
that after a crash or a power cut the app reopens on the page and dialogue the facilitator had open.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from dialogue_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dialogue_desktop.core.paths import data_dir, private_partial

log = logging.getLogger(__name__)

FILENAME = "gui-settings.json"


@dataclass
class GuiSettings:
    """Every GUI preference with its default."""

    language: str = DEFAULT_LANGUAGE
    #: The page shown last ("dialogues", "participants", "actions", "sync", "reports", "settings").
    page: str = "dialogues"
    #: The dialogue whose workspace was open, and its tab.
    dialogue_id: str = ""
    dialogue_tab: int = 0
    #: The organisation chosen last in the new-person form at the door.
    last_organisation_id: str = ""
    #: Base font size in points (big type: read standing at a table).
    font_size: int = 13
    window_geometry: str = ""

    @classmethod
    def path(cls) -> Path:
        """Where the settings are kept."""
        return data_dir() / FILENAME

    @classmethod
    def load(cls) -> GuiSettings:
        """The saved settings, or the defaults (unknown keys ignored, a damaged file set aside)."""
        path = cls.path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as error:
            log.warning("settings file %s unreadable (%s); using defaults", path, error)
            with contextlib.suppress(OSError):
                path.replace(path.with_suffix(".damaged.json"))
            return cls()
        known = {f.name: f for f in fields(cls)}
        settings = cls()
        if isinstance(raw, dict):
            for key, value in raw.items():
                if key in known and isinstance(value, type(getattr(settings, key))):
                    setattr(settings, key, value)
        if settings.language not in LANGUAGES:
            settings.language = DEFAULT_LANGUAGE
        return settings

    def save(self) -> None:
        """Write the settings atomically."""
        path = self.path()
        try:
            partial = private_partial(path)  # 0600 like everything in the data folder
            partial.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(partial, path)
        except OSError as error:  # a full disk must not stop the facilitator's work
            log.warning("could not save settings: %s", error)

    def update(self, **values: object) -> None:
        """Change some settings and save them."""
        for key, value in values.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(self, key, value)
        self.save()
