"""Random bytes for ids: handed out once each, a page read at a time, never across a fork."""

from __future__ import annotations

import os

import pytest

from ecoeco.core import randomness
from ecoeco.core.db import new_id


def test_bytes_are_handed_out_once_and_read_a_page_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[int] = []
    real = os.urandom

    def counted(size: int) -> bytes:
        reads.append(size)
        return real(size)

    monkeypatch.setattr(os, "urandom", counted)
    randomness._pool.forget()
    taken = [randomness.random_bytes(10) for _ in range(randomness.PAGE // 10 + 1)]
    assert reads == [randomness.PAGE, randomness.PAGE]
    assert len(set(taken)) == len(taken)
    assert len(randomness.random_bytes(randomness.PAGE * 2)) == randomness.PAGE * 2


def test_bits_and_hex_have_the_asked_size() -> None:
    assert all(0 <= randomness.random_bits(80) < 2**80 for _ in range(200))
    assert max(randomness.random_bits(3) for _ in range(200)) == 7
    assert len(randomness.random_hex(16)) == 32
    assert len({new_id() for _ in range(1000)}) == 1000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_never_hands_out_its_parents_bytes() -> None:
    randomness.random_bytes(1)  # the parent holds most of a page
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(write, randomness.random_bytes(64))
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    theirs = os.read(read, 64)
    os.close(read)
    assert randomness.random_bytes(64) != theirs
