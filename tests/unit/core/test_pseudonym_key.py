"""Replicas starting together agree on one generated erasure key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecoeco.core.security import pseudonyms


def test_a_process_that_loses_the_race_reads_the_winners_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys" / "erasure.key"
    real_link = os.link

    def raced(source: str | Path, target: str | Path) -> None:
        Path(target).write_bytes(b"the-winners-key")  # another replica got there first
        real_link(source, target)

    monkeypatch.setattr(os, "link", raced)
    assert pseudonyms._load_or_create(path) == b"the-winners-key"
    assert [p.name for p in path.parent.iterdir()] == ["erasure.key"]
