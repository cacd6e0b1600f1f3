"""Only the newest answer counts: one rule (`Newest`) for the reports, the minutes preview and the searches."""

from __future__ import annotations

from dialogue_desktop.gui.latest import Newest


def test_an_answer_to_an_older_request_is_dropped() -> None:
    newest = Newest()
    shown: list[str] = []
    first = newest.ask()
    second = newest.ask()
    newest.only(first, shown.append)("old")
    newest.only(second, shown.append)("new")
    assert shown == ["new"]
    assert not newest.counts(first) and newest.counts(second)


def test_a_text_ticket_counts_while_it_is_still_the_newest_text() -> None:
    newest = Newest()
    newest.ask("sok")
    newest.ask("sokh")
    assert not newest.counts("sok") and newest.counts("sokh")
    newest.ask("sok")  # typed back: the answer for that text counts again
    assert newest.counts("sok") and newest.wanted == "sok"


def test_dropping_leaves_nothing_awaited() -> None:
    newest = Newest()
    ticket = newest.ask()
    newest.drop()
    assert newest.wanted is None and not newest.counts(ticket) and not newest.counts(None)
