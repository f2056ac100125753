"""Active time with a fake clock: idle gaps excluded, switches credit the open document."""

from __future__ import annotations

import pytest

from app.core.activity import ActivityTracker


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_activity_counts_gaps_up_to_the_idle_limit():
    clock = FakeClock()
    t = ActivityTracker(idle_after=60, clock=clock)
    t.open(1)
    for gap in (5, 10, 59.5, 60):  # all within the limit (60 s itself counts)
        clock.advance(gap)
        t.activity()
    assert t.pending() == {1: pytest.approx(134.5)}
    clock.advance(61)  # idle: the whole gap is dropped
    t.activity()
    clock.advance(3)
    t.activity()
    assert t.flush() == {1: pytest.approx(137.5)}
    assert t.flush() == {} and t.pending() == {}


def test_switching_credits_the_document_that_was_open():
    clock = FakeClock()
    t = ActivityTracker(idle_after=60, clock=clock)
    t.open(1)
    clock.advance(20)
    t.open(2)  # the 20 s belong to document 1
    clock.advance(30)
    t.activity()
    clock.advance(200)  # left the machine
    t.open(1)  # nothing for document 2
    clock.advance(7)
    t.close()
    clock.advance(5)
    t.activity()  # no document open: ignored
    assert t.flush() == {1: pytest.approx(27), 2: pytest.approx(30)}


def test_reopening_the_same_document_is_activity_and_time_never_goes_back():
    t = ActivityTracker(idle_after=10)
    t.open(5, t=0)
    t.open(5, t=4)
    t.activity(t=3)  # an event stamped in the past adds nothing
    t.activity(t=9)
    assert t.flush() == {5: pytest.approx(9)}


def test_a_timer_flush_is_not_activity():
    clock = FakeClock()
    t = ActivityTracker(idle_after=60, clock=clock)
    t.open(1)
    clock.advance(50)
    assert t.flush() == {}  # the 50 s are not known to be work yet
    clock.advance(20)  # 70 s without an event: idle after all
    t.activity()
    assert t.flush() == {}
    clock.advance(10)
    t.activity()
    assert t.flush() == {1: pytest.approx(10)}


def test_restore_puts_unsaved_seconds_back():
    t = ActivityTracker(idle_after=60)
    t.open(1, t=0)
    t.activity(t=30)
    lost = t.flush()
    t.activity(t=40)
    t.restore(lost)
    assert t.flush() == {1: pytest.approx(40)}


def test_idle_limit_must_be_positive():
    with pytest.raises(ValueError):
        ActivityTracker(idle_after=0)
