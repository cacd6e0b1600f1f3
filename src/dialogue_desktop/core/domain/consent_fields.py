"""Which of a participant's columns are contact details: stored only while the person consents.

A domain rule, read by the services that apply it (`core/services/consent.py`) and by the store's check
of the rule on a whole database (`core/store/check.py`): the store must not depend on the services.
"""

from __future__ import annotations

#: Participant columns that are contact details, stored only with consent (`Participant.consent_data`).
CONTACT_FIELDS: tuple[str, ...] = ("phone",)
