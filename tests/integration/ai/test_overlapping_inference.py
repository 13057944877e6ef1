"""Overlapping inferences each run on one thread; a lone one keeps the shipped threads.

The CPU pool runs one job per core. With onnxruntime's default (one intra-op thread per
core) every inference in flight spread over every core, so two overlapping calls on two
cores ran four threads that woke and waited for each other at every operator. A call
that starts while another runs now takes a one-thread session of the same model; a call
on its own (what the raw classifier rate measures) runs exactly as before. A call is
crowded too while the CPU pool holds other jobs (waiting for a thread, or running work
that is not this model's).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import numpy as np

from ecoeco.core import cpu
from ecoeco.workers.ai.adapters.onnx_runtime import OnnxImageModel
from ecoeco.workers.ai.settings import IMAGENET_MODEL
from ecoeco.workers.ai.vision import decode
from ecoeco.workers.storage.images import process
from tests.fixtures.images import photos


class Held:
    """A session whose first run waits until the test lets it go (the rest pass through)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.entered = threading.Event()
        self.release = threading.Event()
        self.runs = 0

    def run(self, *args: Any) -> Any:
        self.runs += 1
        if self.runs == 1:
            self.entered.set()
            assert self.release.wait(30)
        return self.real.run(*args)


class Counted:
    """A session that counts its runs."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.runs = 0

    def run(self, *args: Any) -> Any:
        self.runs += 1
        return self.real.run(*args)


def _threads(session: Any) -> int:
    return int(session.get_session_options().intra_op_num_threads)


def test_a_call_beside_another_runs_on_one_thread_and_answers_the_same() -> None:
    model = OnnxImageModel(IMAGENET_MODEL, crop=1.0)
    assert _threads(model._session) == 0  # the shipped default: one per core
    assert _threads(model._crowd) == 1
    image = decode(process(photos.committed("coffee.jpg")).normalized)
    alone = model.scores([image])
    lone, crowd = Held(model._session), Counted(model._crowd)
    model._session, model._crowd = lone, crowd  # type: ignore[assignment]
    first: list[Any] = []
    runner = threading.Thread(target=lambda: first.append(model.scores([image])))
    runner.start()
    assert lone.entered.wait(30)
    beside = model.scores([image])  # while the first call is inside its session
    lone.release.set()
    runner.join(30)
    assert (lone.runs, crowd.runs, model.overlapped) == (1, 1, 1)
    np.testing.assert_allclose(beside, alone, atol=1e-5)
    np.testing.assert_allclose(first[0], alone, atol=1e-5)
    after = model.scores([image])  # alone again: the shipped session
    assert (lone.runs, crowd.runs) == (2, 1)
    np.testing.assert_allclose(after, alone, atol=1e-5)


def test_one_thread_asked_for_needs_no_second_session() -> None:
    model = OnnxImageModel(IMAGENET_MODEL, threads=1)
    assert model._crowd is model._session


async def test_a_call_while_the_cpu_pool_holds_other_work_runs_on_one_thread() -> None:
    cpu.configure(2)
    model = OnnxImageModel(IMAGENET_MODEL, crop=1.0)
    image = decode(process(photos.committed("coffee.jpg")).normalized)
    lone, crowd = Counted(model._session), Counted(model._crowd)
    model._session, model._crowd = lone, crowd  # type: ignore[assignment]
    await cpu.run_cpu("test", model.scores, [image])  # alone in the pool
    assert (lone.runs, crowd.runs) == (1, 0)
    release = threading.Event()
    other = asyncio.ensure_future(cpu.run_cpu("test", release.wait, 30))  # not this model's
    await asyncio.sleep(0.05)
    await cpu.run_cpu("test", model.scores, [image])
    assert (lone.runs, crowd.runs, model.overlapped) == (1, 1, 1)
    release.set()
    await other
    await cpu.run_cpu("test", model.scores, [image])  # alone again
    assert (lone.runs, crowd.runs) == (2, 1)
    cpu.configure(0)
