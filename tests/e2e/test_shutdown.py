"""Shutdown finishes even when a background task will not stop."""

from __future__ import annotations

import asyncio

import pytest

from ecoeco.core import app as app_module
from tests.conftest import AppFactory


async def test_a_task_that_ignores_cancellation_does_not_hold_shutdown(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    released = asyncio.Event()

    async def stubborn() -> None:
        # Stands in for a broker call caught in a reconnect: it swallows cancellation.
        while not released.is_set():
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                continue

    monkeypatch.setattr(app_module, "STOP_SECONDS", 0.2)
    async with app_factory(["users"]) as running:
        task = asyncio.create_task(stubborn(), name="stubborn")
        running.app.state.lifecycle._tasks.append(task)
        await asyncio.sleep(0)  # let it reach its sleep, where cancellation will find it
    # Before the bound, this exit waited for the task forever (the suite's timeout fired).
    assert not task.done()
    assert "background task stubborn did not stop" in caplog.text
    released.set()
    task.cancel()
    await task
