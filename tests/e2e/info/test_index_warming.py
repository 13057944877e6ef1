"""Only a process that serves info warms the knowledge index at start-up.

The relay builds the info module for its scheduled news collection; it never searches,
so it must not embed the knowledge base (a minute of a core without cached vectors).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from ecoeco.composition import compose
from ecoeco.composition.shared import Shared
from ecoeco.core.security.keys import SigningKey
from ecoeco.info.runtime import InfoRuntime
from ecoeco.knowledge import SemanticIndex
from tests.conftest import Backend, eventually


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_relay_builds_info_for_its_jobs_without_warming_the_index(
    backend: Backend,
    signing_key: SigningKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warmed: list[SemanticIndex] = []
    monkeypatch.setattr(SemanticIndex, "build_quietly", lambda index: warmed.append(index))
    for names, warms in ((["relay"], False), (["info"], True)):
        warmed.clear()
        shared = Shared(tmp_path / names[0])  # an unbuilt index, as in a fresh process
        app = compose(backend.settings, names, shared=shared, signing_keys=[signing_key])
        async with app.router.lifespan_context(app):
            assert app.state.runtimes.get(InfoRuntime) is not None  # info is built in both
            if warms:
                await eventually(partial(_is_warming, warmed, shared.index))
        assert (shared.index in warmed) is warms, names


async def _is_warming(warmed: list[SemanticIndex], index: SemanticIndex) -> bool:
    return index in warmed
