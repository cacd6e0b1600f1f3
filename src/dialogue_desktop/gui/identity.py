"""Who works on this laptop: the rule lives in core (core/services/identity.py); the first-run and
settings pages import it from here."""

from __future__ import annotations

from dialogue_desktop.core.services.identity import IdentityInput, save_identity

__all__ = ["IdentityInput", "save_identity"]
