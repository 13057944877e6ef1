"""What one image may cost: the 7000x5700 RGBA PNG against a real storage process, and the
cap on concurrent decodes."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import CoreSettings
from ecoeco.workers.storage import intake as intake_module
from ecoeco.workers.storage.images import Derivatives
from tests.conftest import AppFactory
from tests.e2e.scan.conftest import login, upload
from tests.fixtures.images import photos
from tests.memory import MB, peak_raise
from tests.processes import running, start_process

BIG = (7000, 5700)  # 155 KB on disk, 160 MB of RGBA pixels


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("budget_mb", "status"), [(None, 413), (256, 201)], ids=["refused", "decoded"]
)
def test_the_big_png_raises_a_real_process_peak_by_less_than_200_mb(
    tmp_path: Path, budget_mb: int | None, status: int
) -> None:
    env = {"ECOECO_DATA_DIR": str(tmp_path), "ECOECO_ENV": "test", "ECOECO_LOG_LEVEL": "WARNING"}
    if budget_mb is not None:
        env["ECOECO_STORAGE_MAX_DECODE_MB"] = str(budget_mb)
    for name in ("ECOECO_DATABASE_URL", "ECOECO_REDIS_URL", "ECOECO_AMQP_URL"):
        env[name] = ""
    data = photos.rgba_png(*BIG)
    assert len(data) < 200_000
    process = start_process(["worker", "storage"], env, tmp_path)
    with running(process):
        defaults = CoreSettings()
        key = SigningKey.load_or_create(tmp_path / "keys" / "signing.pem")
        signer = TokenSigner([key], issuer=defaults.jwt_issuer, audience=defaults.jwt_audience)
        auth = {"Authorization": f"Bearer {signer.issue('u' * 26).token}"}

        def send() -> httpx.Response:
            files = {"file": ("big.png", data, "image/png")}
            return httpx.post(
                f"{process.url}/api/v1/scan/uploads", headers=auth, files=files, timeout=60
            )

        response, raised = peak_raise(process.popen.pid, send)
    assert response.status_code == status, response.text
    if status == 413:
        error = response.json()["error"]
        assert error["code"] == "image_too_large_to_decode"
        assert "at most 64 MB" in error["message"]
    else:
        assert (response.json()["width"], response.json()["height"]) == BIG
    assert raised < 200 * MB, f"peak rose by {raised / MB:.0f} MB"


async def test_decodes_beyond_the_cap_wait_their_turn(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_STORAGE_CONCURRENT_DECODES", "1")
    real_process = intake_module.process
    active, most = 0, 0

    def counted(*args: object, **kwargs: object) -> Derivatives:
        nonlocal active, most
        active += 1
        most = max(most, active)
        try:
            time.sleep(0.15)
            return real_process(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            active -= 1

    monkeypatch.setattr(intake_module, "process", counted)
    async with app_factory(["auth", "users", "storage"]) as running_app:
        client = running_app.client
        auth = await login(client)
        image = photos.committed("coffee.jpg")
        answers = await asyncio.gather(*(upload(client, auth, image) for _ in range(3)))
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert most == 1
