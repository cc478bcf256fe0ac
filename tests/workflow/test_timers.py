"""A finished run does not wait for the scheduler's pending re-check timers."""

from __future__ import annotations

import threading
import time

from paiban.workflow.timers import cancel_pending_timers


def test_pending_timers_are_cancelled_and_their_threads_end() -> None:
    fired: list[int] = []
    timers = [threading.Timer(60, fired.append, args=(n,)) for n in range(3)]
    for timer in timers:
        timer.start()
    started = time.monotonic()
    assert cancel_pending_timers() >= 3
    for timer in timers:
        timer.join(timeout=5)
        assert not timer.is_alive()
    assert time.monotonic() - started < 5  # not the 60 s the timers were set for
    assert fired == []  # cancelled, not fired early


def test_other_threads_are_left_alone() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    cancel_pending_timers()
    assert other.is_alive()
    release.set()
    other.join(timeout=5)
