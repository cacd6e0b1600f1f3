"""Revisions order changes without trusting the laptop's clock."""

from dialogue_desktop.core.store.clock import HybridClock, parse_revision


def test_revisions_increase_even_when_the_wall_clock_goes_back() -> None:
    times = iter([5_000, 5_000, 4_000, 3_000, 6_000])
    clock = HybridClock("dev-a", wall_millis=lambda: next(times))
    revisions = [clock.tick() for _ in range(5)]
    assert revisions == sorted(revisions)
    assert len(set(revisions)) == 5
    assert parse_revision(revisions[3])[:2] == (5_000, 3)


def test_observing_a_remote_revision_moves_past_it() -> None:
    fast = HybridClock("dev-fast", wall_millis=lambda: 9_000_000)
    slow = HybridClock("dev-slow", wall_millis=lambda: 1_000)
    remote = fast.tick()
    slow.observe(remote)
    assert slow.tick() > remote


def test_string_order_equals_clock_order_across_digit_lengths() -> None:
    a = HybridClock("z", wall_millis=lambda: 999).tick()
    b = HybridClock("a", wall_millis=lambda: 1_000).tick()
    assert a < b
