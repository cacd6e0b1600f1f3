"""The Sync page, in parts a newcomer can read: page.py combines base.py (busy bar, messages, running
work), laptop.py (setting up, a laptop's exchanges), office.py (the office's laptops) and imports.py
(bringing bundles in)."""

from dialogue_desktop.gui.pages.sync.page import SyncPage

__all__ = ["SyncPage"]
