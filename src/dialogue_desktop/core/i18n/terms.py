"""Glossary terms and enum labels, marked for translation (translate at display time with ``_()``).

The English words come from shared/product/glossary-km.md and the domain's enums; their Khmer is in
translations/km/LC_MESSAGES/messages.po. Keep one English wording per concept, so that the UI, the
printed minutes and the reports say the same thing. The tuples keep each list in its display order.
"""

from __future__ import annotations

from .language import N_

# --- Glossary (shared/product/glossary-km.md) ---
GLOSSARY: tuple[str, ...] = (
    N_("Dialogue"),
    N_("Forum"),
    N_("Meeting"),
    # TRANSLATORS: the written record of a meeting (not the unit of time).
    N_("Minutes"),
    N_("Agenda"),
    N_("Attendance"),
    N_("Participant"),
    N_("Facilitator"),
    N_("Sign-in sheet"),
    N_("Signature"),
    N_("Thumbprint"),
    N_("Agreed actions"),
    # TRANSLATORS: the person or body responsible for an agreed action.
    N_("Responsible"),
    N_("Deadline"),
    N_("Status"),
    N_("Follow-up"),
    N_("Needs / issues raised"),
    N_("Decision"),
    N_("Women"),
    N_("Men"),
    N_("Youth"),
    N_("Indigenous peoples / minority groups"),
    N_("Persons with disabilities"),
    N_("Civil society organisation (CSO)"),
    N_("Government institution"),
    N_("Royal Government of Cambodia"),
    N_("Ministry of Interior"),
    N_("Province"),
    N_("District"),
    N_("Commune"),
    N_("Village"),
    N_("Date"),
    # TRANSLATORS: the time of day of a meeting (a field label).
    N_("Time"),
    N_("Venue"),
    N_("Export"),
    N_("Import"),
    N_("Synchronise"),
    N_("Save"),
    N_("Cancel"),
    N_("Print"),
    N_("Search"),
    N_("Settings"),
)

# --- Dialogue kinds ---
DIALOGUE_KINDS: tuple[str, ...] = (
    N_("National forum"),
    N_("Provincial dialogue"),
    N_("District dialogue"),
    N_("Commune dialogue"),
    N_("Preparatory consultation"),
)

# --- Dialogue statuses ---
DIALOGUE_STATUSES: tuple[str, ...] = (
    N_("Planned"),
    # TRANSLATORS: status of a dialogue: it took place.
    N_("Held"),
    N_("Minutes drafted"),
    N_("Minutes approved"),
)

# --- Sex ---
SEXES: tuple[str, ...] = (
    N_("Female"),
    N_("Male"),
    # TRANSLATORS: used in several lists (sex, organisation kind, sector, group): "something else".
    N_("Other"),
    N_("Not stated"),
)

# --- Organisation kinds ---
ORGANISATION_KINDS: tuple[str, ...] = (
    N_("National ministry or institution"),
    N_("Provincial department"),
    N_("District or commune authority"),
    N_("CSO / NGO"),
    N_("Community-based organisation"),
    N_("Private sector"),
    N_("Development partner"),
    N_("Media or academia"),
    N_("Other"),
)

# --- Attendance roles ---
ATTENDANCE_ROLES: tuple[str, ...] = (
    N_("Participant"),
    # TRANSLATORS: a person who presents or speaks formally at the dialogue.
    N_("Speaker"),
    N_("Facilitator"),
    N_("Observer"),
    N_("Organiser"),
)

# --- Action statuses ---
ACTION_STATUSES: tuple[str, ...] = (
    N_("Agreed"),
    N_("In progress"),
    # TRANSLATORS: status of an agreed action: it has been carried out.
    N_("Done"),
    N_("Delayed"),
    # TRANSLATORS: status of an agreed action: it will no longer be carried out.
    N_("Dropped"),
)

# --- Sectors ---
SECTORS: tuple[str, ...] = (
    N_("Education"),
    N_("Health"),
    N_("Land"),
    N_("Environment"),
    N_("Water and sanitation"),
    N_("Rural roads"),
    N_("Agriculture and irrigation"),
    N_("Social protection"),
    N_("Local governance"),
    N_("Gender"),
    N_("Youth"),
    N_("Other"),
)

# --- Washington Group short set: answers, then domains ---
WG_ANSWERS: tuple[str, ...] = (
    N_("No difficulty"),
    N_("Some difficulty"),
    N_("A lot of difficulty"),
    N_("Cannot do at all"),
)
WG_DOMAINS: tuple[str, ...] = (
    N_("Seeing"),
    N_("Hearing"),
    N_("Walking"),
    N_("Remembering"),
    N_("Self-care"),
    N_("Communicating"),
)

# --- Participant groups (disaggregation) ---
GROUPS: tuple[str, ...] = (
    N_("Government"),
    # TRANSLATORS: short group label for civil society organisations.
    N_("CSO"),
    N_("Community"),
    N_("Other"),
)

# --- Age bands ---
AGE_BANDS: tuple[str, ...] = (
    # TRANSLATORS: age band, in years.
    N_("Under 15"),
    N_("15–24"),
    N_("25–30"),
    N_("31–45"),
    N_("46–60"),
    # TRANSLATORS: age band, in years (61 and older).
    N_("Over 60"),
)
