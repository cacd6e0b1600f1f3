"""What every page needs: the store, the database worker, the GUI settings, and this device's identity."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.worker import DbWorker


@dataclass
class DeviceInfo:
    """This laptop as the status bar shows it (plain values, read on the worker thread)."""

    name: str = ""
    province_code: str | None = None
    facilitator_id: str | None = None
    facilitator_name: str = ""


@dataclass
class AppContext:
    store: Store
    worker: DbWorker
    settings: GuiSettings
    device: DeviceInfo = field(default_factory=DeviceInfo)
