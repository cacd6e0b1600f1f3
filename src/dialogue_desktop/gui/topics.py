"""What a write can change: the topics the database worker announces after it, and pages watch.

An enum, not strings: a topic misspelt at a call site is an error at once, never a silent missing refresh.
"""

from __future__ import annotations

from enum import Enum


class Topic(Enum):
    """One kind of data a write changed; each page and tab watches the ones it shows."""

    DIALOGUES = "dialogues"
    #: A dialogue's own fields changed (title, date, place...): lists and headers refresh, tabs keep their data.
    DETAILS = "details"
    AGENDA = "agenda"
    NEEDS = "needs"
    DECISIONS = "decisions"
    PARTICIPANTS = "participants"
    ATTENDANCE = "attendance"
    VOICES = "voices"
    ACTIONS = "actions"
    ORGANISATIONS = "organisations"
    SETTINGS = "settings"
    #: Files attached to a dialogue (the attachments box reloads itself after its own writes).
    ATTACHMENTS = "attachments"
    #: Sync state only (bundles written, devices enrolled or revoked): the Sync page and its counts.
    SYNC = "sync"
    #: The export log (an export decided, written, failed or cancelled): the Reports page's list.
    EXPORTS = "exports"


Topics = frozenset[Topic]

#: Everything a restore or an imported bundle may have changed.
EVERYTHING: Topics = frozenset(Topic)
