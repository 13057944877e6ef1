"""Wait for the machine to settle before a level: the 1-minute load average below a bound.

Issue 17 asks for figures measured when the load average is below 1 before the run.
Each level waits for that (up to a limit), and records the load it started at and
whether the wait ran out, so a figure taken on a busy machine says so.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass


def one_minute_load() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]


@dataclass(frozen=True)
class Settled:
    """How a level's wait for a quiet machine ended."""

    load: float  # the 1-minute load average the level started at
    waited_s: float
    timed_out: bool  # the wait ran out with the load still at or above `below`
    below: float

    def describe(self) -> str:
        """One line for the printed summary."""
        if self.timed_out:
            return (
                f"load {self.load:.2f}: still not below {self.below:g} after {self.waited_s:.0f} s"
                " of waiting; LOAD WAIT TIMED OUT, this level ran on a busy machine"
            )
        waited = f" after waiting {self.waited_s:.0f} s" if self.waited_s >= 1 else ""
        return f"load {self.load:.2f} (below {self.below:g}){waited}"


def wait_for_quiet(
    below: float,
    wait_s: float,
    *,
    read_load: Callable[[], float] = one_minute_load,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    every_s: float = 5.0,
    say: Callable[[str], object] = print,
) -> Settled:
    """Poll the load every `every_s` until it is below `below` or `wait_s` has passed."""
    started = clock()
    load = read_load()
    said = False
    while load >= below:
        waited = clock() - started
        if waited >= wait_s:
            return Settled(load=load, waited_s=waited, timed_out=True, below=below)
        if not said:
            say(f"load {load:.2f}: waiting up to {wait_s:.0f} s for it to fall below {below:g}")
            said = True
        sleep(min(every_s, wait_s - waited))
        load = read_load()
    return Settled(load=load, waited_s=clock() - started, timed_out=False, below=below)
