"""Errors of sync, each a message the person at the central office or in the field can act on."""

from __future__ import annotations

from dialogue_desktop.core.services.errors import UserError


class SyncError(UserError):
    """Sync cannot go on; the message says why and what to do."""


class BundleRefused(SyncError):
    """A bundle or receipt that was refused; nothing it contains was applied."""


class NotEnrolledError(SyncError):
    """This store has no sync role or keys yet."""
