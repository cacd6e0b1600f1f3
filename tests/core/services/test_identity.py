"""Who works on this laptop: the facilitator's one name box goes to the field of its script."""

from __future__ import annotations

from dialogue_desktop.core.domain.models import Device, Facilitator
from dialogue_desktop.core.domain.rules import split_by_script
from dialogue_desktop.core.services.identity import IdentityInput, device_province, read_device, save_identity
from dialogue_desktop.core.store.store import Store


def test_a_typed_text_goes_to_the_field_of_its_script() -> None:
    assert split_by_script("  ស្រី សុខា ") == ("ស្រី សុខា", "")
    assert split_by_script("Srey Sokha ") == ("", "Srey Sokha")
    assert split_by_script("\u19e0") == ("\u19e0", "")  # a Khmer symbol is Khmer script too
    assert split_by_script("   ") == ("", "")


def test_the_facilitators_name_is_split_by_script_and_updated_in_place(store: Store) -> None:
    first = save_identity(store, IdentityInput(" ចាន់ នារី ", "Laptop 3", "03"))
    with store.unit_of_work() as s:
        facilitator = s.get(Facilitator, first)
        assert facilitator is not None
        assert (facilitator.name_km, facilitator.name_latin) == ("ចាន់ នារី", "")
        device = s.get(Device, store.device_id)
        assert device is not None and device.name == "Laptop 3"
        assert device_province(s) == "03"
    again = save_identity(store, IdentityInput("Chan Neary", "Laptop 3", None))
    assert again == first  # the same facilitator, renamed
    with store.unit_of_work() as s:
        facilitator = s.get(Facilitator, first)
        assert facilitator is not None
        assert facilitator.name_latin == "Chan Neary"
        assert device_province(s) is None


def test_the_status_bar_reads_the_device_and_a_live_facilitator_only(store: Store) -> None:
    facilitator_id = save_identity(store, IdentityInput("Chan Neary", "Laptop 3", "07"))
    with store.unit_of_work() as s:
        info = read_device(s, facilitator_id)
    assert (info.name, info.province_code, info.facilitator_id, info.facilitator_name) == (
        "Laptop 3",
        "07",
        facilitator_id,
        "Chan Neary",
    )
    with store.unit_of_work() as s:
        facilitator = s.get(Facilitator, facilitator_id)
        assert facilitator is not None
        facilitator.deleted = True
    with store.unit_of_work() as s:
        info = read_device(s, facilitator_id)
    assert (info.name, info.facilitator_id, info.facilitator_name) == ("Laptop 3", None, "")
