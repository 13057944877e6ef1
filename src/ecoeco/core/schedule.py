"""Jobs that run once per interval across every replica of a service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from ecoeco.core.cache import Cache

log = logging.getLogger(__name__)


async def once_per_interval(
    name: str, cache: Cache, lock: str, interval: float, run: Callable[[], Awaitable[None]]
) -> None:
    """Run `run` every `interval` seconds on whichever replica takes `lock` first.

    The lock lives a little less than the interval, so a replica that stops does not hold
    the job back for long. A failed run is logged as "`name` failed" and tried again at
    the next interval.
    """
    while True:
        try:
            if await cache.add(lock, b"1", ttl=interval * 0.9):
                await run()
        except Exception:
            raise_if_cancelled()
            log.exception("%s failed", name)
        await asyncio.sleep(interval)


def raise_if_cancelled() -> None:
    """Inside `except Exception` of a job's loop: end the job if it was being cancelled.

    A client library may turn the CancelledError it receives mid-call into an error of
    its own (a closed connection); a loop that logs errors and carries on would then
    outlive its cancellation, and whoever awaits it waits forever.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
