"""When a test is about to time out, print every asyncio task's await chain and every thread.

pytest-timeout only shows threads, and a hung asyncio test shows one thread idle in
`select()`: the await that never finishes is invisible. Shortly before the test's
timeout this prints, for each task of the test's event loop, the chain of coroutines
it is suspended in down to the future it waits for, then every thread's stack.
"""

from __future__ import annotations

import asyncio
import faulthandler
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any, TextIO

import pytest

_loops: list[asyncio.AbstractEventLoop] = []


def remember_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Record an event loop whose tasks a timeout should dump."""
    if loop not in _loops:
        _loops.append(loop)


def await_chain(task: asyncio.Task[Any]) -> Iterator[str]:
    """One line per coroutine the task is suspended in, outermost first, then what it awaits."""
    awaitable: Any = task.get_coro()
    for _ in range(200):
        frame: FrameType | None = None
        for attribute in ("cr_frame", "gi_frame", "ag_frame"):
            frame = getattr(awaitable, attribute, None)
            if frame is not None:
                break
        if frame is None:
            yield f"    waits on {awaitable!r}"[:400]
            return
        code = frame.f_code
        yield f'    File "{code.co_filename}", line {frame.f_lineno}, in {code.co_name}'
        nested = None
        for attribute in ("cr_await", "gi_yieldfrom", "ag_await"):
            nested = getattr(awaitable, attribute, None)
            if nested is not None:
                break
        if nested is None:
            return
        awaitable = nested


def dump_tasks(loop: asyncio.AbstractEventLoop, out: TextIO) -> None:
    """Print every unfinished task of `loop` with its await chain (call it on the loop)."""
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    print(f"\n===== {len(tasks)} asyncio tasks =====", file=out)
    for task in sorted(tasks, key=lambda t: t.get_name()):
        print(f"--- task {task.get_name()}: {task.get_coro()!r}"[:300], file=out)
        waiter = getattr(task, "_fut_waiter", None)  # the future it is blocked on, if any
        if waiter is not None:
            print(f"    blocked on {waiter!r}"[:400], file=out)
        for line in await_chain(task):
            print(line, file=out)
    out.flush()


def _dump_everything(item: pytest.Item) -> None:
    out = sys.stderr
    print(f"\n===== {item.nodeid} is about to time out =====", file=out)
    for loop in list(_loops):
        if loop.is_closed():
            continue
        done = threading.Event()

        def on_loop(loop: asyncio.AbstractEventLoop = loop, done: threading.Event = done) -> None:
            dump_tasks(loop, out)
            done.set()

        try:
            loop.call_soon_threadsafe(on_loop)
        except RuntimeError:
            continue
        if not done.wait(2.0):  # the loop itself is blocked: read its tasks from here
            print("(the event loop did not answer within 2 s: it is blocked)", file=out)
            try:
                dump_tasks(loop, out)
            except RuntimeError as exc:
                print(f"(could not list the tasks: {exc})", file=out)
    print("\n===== threads =====", file=out)
    out.flush()
    faulthandler.dump_traceback(file=out, all_threads=True)


def _timeout_of(item: pytest.Item) -> float:
    marker = item.get_closest_marker("timeout")
    if marker is not None and marker.args:
        return float(marker.args[0])
    option = item.config.getoption("timeout", None)
    if option is not None:
        return float(option)
    return float(item.config.getini("timeout") or 0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Arm a timer that dumps tasks and threads a little before pytest-timeout fires."""
    seconds = _timeout_of(item)
    timer = None
    if seconds > 0:
        margin = min(10.0, max(1.0, seconds * 0.05))
        timer = threading.Timer(max(0.5, seconds - margin), _dump_everything, args=(item,))
        timer.daemon = True
        timer.start()
    try:
        return (yield)
    finally:
        if timer is not None:
            timer.cancel()
