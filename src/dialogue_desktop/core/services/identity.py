"""Who works on this laptop: the facilitator and the device's name and province."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import Device, Facilitator
from dialogue_desktop.core.domain.rules import split_by_script
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.device import DeviceInfo
from dialogue_desktop.core.services.errors import FieldError, ValidationError
from dialogue_desktop.core.services.facilitators import (
    FacilitatorInput,
    create_facilitator,
    update_facilitator,
)
from dialogue_desktop.core.store.store import DEVICE_ID, Store, get_setting


@dataclass
class IdentityInput:
    """The first-run and settings form: the facilitator's name, this laptop's name and province."""

    facilitator_name: str
    device_name: str
    province_code: str | None


def save_identity(store: Store, data: IdentityInput) -> str:
    """Create or update the facilitator, name this device; returns the facilitator id (manages its own
    transaction, then remembers the facilitator in the store)."""
    device_name = data.device_name.strip()
    if not device_name:
        raise ValidationError(
            [FieldError("device_name", N_("Name of this laptop"), N_("This cannot be empty."))]
        )
    name_km, name_latin = split_by_script(data.facilitator_name)
    facilitator = FacilitatorInput(name_km=name_km, name_latin=name_latin, province_code=data.province_code)
    with store.unit_of_work() as session:
        if store.facilitator_id:
            update_facilitator(session, store.facilitator_id, facilitator)
            facilitator_id = store.facilitator_id
        else:
            facilitator_id = create_facilitator(session, facilitator)
        device = session.get(Device, store.device_id)
        if device is not None:
            device.name = device_name[:100]
            device.province_code = data.province_code
    store.set_facilitator(facilitator_id)
    return facilitator_id


def read_device(session: Session, facilitator_id: str | None) -> DeviceInfo:
    """This device and the current facilitator (when still live) as plain values."""
    device_id = get_setting(session, DEVICE_ID)
    device = session.get(Device, device_id) if device_id else None
    info = DeviceInfo()
    if device is not None:
        info.name = device.name
        info.province_code = device.province_code
    if facilitator_id:
        facilitator = session.get(Facilitator, facilitator_id)
        if facilitator is not None and not facilitator.deleted:
            info.facilitator_id = facilitator.id
            info.facilitator_name = facilitator.name_km or facilitator.name_latin
    return info


def device_province(session: Session) -> str | None:
    """The province this laptop works in (as named in its identity), if any."""
    device_id = get_setting(session, DEVICE_ID)
    device = session.get(Device, device_id) if device_id else None
    return device.province_code if device is not None else None
