"""Data flows one way inside the core: services, sync, printing and reports use the store and the domain,
never the other way round (a store module importing a service would load the use cases to open a file)."""

import re
from pathlib import Path

import dialogue_desktop

CORE = Path(dialogue_desktop.__file__).parent / "core"
UPPER = re.compile(
    r"^\s*(from|import)\s+dialogue_desktop\.core\.(services|sync|printing|reports)\b", re.MULTILINE
)


def test_the_store_and_the_domain_import_no_service_sync_printing_or_report_module() -> None:
    lower = [*(CORE / "store").rglob("*.py"), *(CORE / "domain").rglob("*.py")]
    assert len(lower) > 10  # the folders were found
    offenders = [str(p.relative_to(CORE)) for p in lower if UPPER.search(p.read_text("utf-8"))]
    assert offenders == []


def test_the_contact_fields_are_one_list_shared_by_the_consent_service_and_the_store_check() -> None:
    from dialogue_desktop.core.domain.consent_fields import CONTACT_FIELDS
    from dialogue_desktop.core.services import consent
    from dialogue_desktop.core.store import check

    assert consent.CONTACT_FIELDS is CONTACT_FIELDS and check.CONTACT_FIELDS is CONTACT_FIELDS
    assert "phone" in CONTACT_FIELDS
