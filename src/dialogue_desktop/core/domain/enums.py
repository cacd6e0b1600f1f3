"""The closed lists of the domain: each value is stored as its string, each has a translatable label."""

from __future__ import annotations

from enum import StrEnum

from dialogue_desktop.core.i18n import N_


class LabelledEnum(StrEnum):
    """A string enum whose members carry an English label marked for translation."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class DialogueKind(LabelledEnum):
    NATIONAL_FORUM = "national_forum", N_("National forum")
    PROVINCIAL = "provincial", N_("Provincial dialogue")
    DISTRICT = "district", N_("District dialogue")
    COMMUNE = "commune", N_("Commune dialogue")
    PREPARATORY = "preparatory", N_("Preparatory consultation")


class DialogueStatus(LabelledEnum):
    """Lifecycle: planned → held → minutes drafted → minutes approved (then locked)."""

    PLANNED = "planned", N_("Planned")
    HELD = "held", N_("Held")
    MINUTES_DRAFTED = "minutes_drafted", N_("Minutes drafted")
    MINUTES_APPROVED = "minutes_approved", N_("Minutes approved")


class Sex(LabelledEnum):
    FEMALE = "female", N_("Female")
    MALE = "male", N_("Male")
    OTHER = "other", N_("Other")
    NOT_STATED = "not_stated", N_("Not stated")


class OrganisationKind(LabelledEnum):
    NATIONAL_INSTITUTION = "national_institution", N_("National ministry or institution")
    PROVINCIAL_DEPARTMENT = "provincial_department", N_("Provincial department")
    LOCAL_AUTHORITY = "local_authority", N_("District or commune authority")
    CSO = "cso", N_("CSO / NGO")
    COMMUNITY_BASED = "community_based", N_("Community-based organisation")
    PRIVATE_SECTOR = "private_sector", N_("Private sector")
    DEVELOPMENT_PARTNER = "development_partner", N_("Development partner")
    MEDIA_ACADEMIA = "media_academia", N_("Media or academia")
    OTHER = "other", N_("Other")


class Group(LabelledEnum):
    """The sector a person speaks for on a given day, derived from the organisation kind."""

    GOVERNMENT = "government", N_("Government")
    CSO = "cso", N_("CSO")
    COMMUNITY = "community", N_("Community")
    OTHER = "other", N_("Other")


class AttendanceRole(LabelledEnum):
    PARTICIPANT = "participant", N_("Participant")
    SPEAKER = "speaker", N_("Speaker")
    FACILITATOR = "facilitator", N_("Facilitator")
    OBSERVER = "observer", N_("Observer")
    ORGANISER = "organiser", N_("Organiser")


class ActionStatus(LabelledEnum):
    AGREED = "agreed", N_("Agreed")
    IN_PROGRESS = "in_progress", N_("In progress")
    DONE = "done", N_("Done")
    DELAYED = "delayed", N_("Delayed")
    DROPPED = "dropped", N_("Dropped")


class Sector(LabelledEnum):
    EDUCATION = "education", N_("Education")
    HEALTH = "health", N_("Health")
    LAND = "land", N_("Land")
    ENVIRONMENT = "environment", N_("Environment")
    WATER_SANITATION = "water_sanitation", N_("Water and sanitation")
    RURAL_ROADS = "rural_roads", N_("Rural roads")
    AGRICULTURE = "agriculture", N_("Agriculture and irrigation")
    SOCIAL_PROTECTION = "social_protection", N_("Social protection")
    LOCAL_GOVERNANCE = "local_governance", N_("Local governance")
    GENDER = "gender", N_("Gender")
    YOUTH = "youth", N_("Youth")
    OTHER = "other", N_("Other")


class Difficulty(LabelledEnum):
    """Washington Group Short Set answer; the value orders the answers from none to cannot."""

    NONE = "1", N_("No difficulty")
    SOME = "2", N_("Some difficulty")
    A_LOT = "3", N_("A lot of difficulty")
    CANNOT = "4", N_("Cannot do at all")


class AgeBand(LabelledEnum):
    """Used when a person gives an age band instead of a birth year."""

    UNDER_15 = "under_15", N_("Under 15")
    FROM_15_TO_24 = "15_24", N_("15–24")
    FROM_25_TO_30 = "25_30", N_("25–30")
    FROM_31_TO_45 = "31_45", N_("31–45")
    FROM_46_TO_60 = "46_60", N_("46–60")
    OVER_60 = "over_60", N_("Over 60")


# The six Washington Group domains, as (column name, label).
WG_DOMAINS: tuple[tuple[str, str], ...] = (
    ("wg_seeing", N_("Seeing")),
    ("wg_hearing", N_("Hearing")),
    ("wg_walking", N_("Walking")),
    ("wg_remembering", N_("Remembering")),
    ("wg_self_care", N_("Self-care")),
    ("wg_communicating", N_("Communicating")),
)

GOVERNMENT_KINDS = frozenset(
    {
        OrganisationKind.NATIONAL_INSTITUTION,
        OrganisationKind.PROVINCIAL_DEPARTMENT,
        OrganisationKind.LOCAL_AUTHORITY,
    }
)


def group_of(kind: OrganisationKind | None) -> Group:
    """The group a person represents: government, CSO, community (also people without an organisation)."""
    if kind is None or kind == OrganisationKind.COMMUNITY_BASED:
        return Group.COMMUNITY
    if kind in GOVERNMENT_KINDS:
        return Group.GOVERNMENT
    if kind == OrganisationKind.CSO:
        return Group.CSO
    return Group.OTHER
