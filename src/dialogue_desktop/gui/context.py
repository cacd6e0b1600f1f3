"""What every page needs: the store, the database worker, the GUI settings, and this device's identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dialogue_desktop.core.services.device import DeviceInfo
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.worker import DbWorker

if TYPE_CHECKING:
    from dialogue_desktop.core.store.store import Store


@dataclass
class AppContext:
    """Shared by the main window and its pages. The store is set once the worker has opened it; pages
    are built only after that."""

    worker: DbWorker
    settings: GuiSettings
    device: DeviceInfo = field(default_factory=DeviceInfo)
    #: The database as the status bar names it (its file name, or the server without the password).
    database_name: str = ""

    @property
    def is_open(self) -> bool:
        """True once the database is open."""
        return self.worker.store is not None

    @property
    def store(self) -> Store:
        """The open store (pages exist only once it is open)."""
        store = self.worker.store
        if store is None:
            raise RuntimeError("the database is not open yet")
        return store
