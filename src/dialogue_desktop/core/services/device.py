"""This laptop as the app shows it, as plain values: no database import here, so the window can hold one
before its database is open (core/services/identity.py reads it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DeviceInfo:
    """This laptop as the status bar shows it (plain values, read on the worker thread)."""

    name: str = ""
    province_code: str | None = None
    facilitator_id: str | None = None
    facilitator_name: str = ""
