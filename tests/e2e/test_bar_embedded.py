"""The bar of the security issue, probed from outside a real embedded server (`ecoeco
serve`: SQLite, every service in one process) over HTTP and the WebSocket:

- a logged-out socket is closed at its next frame;
- the export holds a scan; after deletion no table holds the person's e-mail;
- the 7000x5700 PNG costs the process less than 200 MB;
- 80 scans a minute from one person meet a 429;
- a broken cursor and deep JSON answer 400;
- `nosniff` and `no-store` are present.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.sync.client import connect

from tests.fixtures.images import photos
from tests.memory import MB, peak_raise
from tests.processes import Process, start_process

EMAIL, NICKNAME = "bar@example.com", "바를넘는사람"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Process, Path]]:
    data = tmp_path_factory.mktemp("bar")
    env = {
        "ECOECO_DATA_DIR": str(data),
        "ECOECO_ENV": "test",
        "ECOECO_LOG_LEVEL": "WARNING",
        "ECOECO_LOCATION_DEMO_ON_FIRST_START": "false",
    }
    process = start_process(["serve"], env, data, ready_seconds=600)
    yield process, data
    process.stop()


def _login(base: str, email: str, nickname: str | None = None) -> dict[str, str]:
    body = {"email": email, **({"nickname": nickname} if nickname else {})}
    response = httpx.post(f"{base}/api/v1/auth/dev/login", json=body, timeout=30)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/api/v1/chat/ws"


def test_a_logged_out_socket_is_closed_at_its_next_frame(server: tuple[Process, Path]) -> None:
    base = server[0].url
    auth = _login(base, "socket@example.com")
    with connect(_ws_url(base), open_timeout=30) as ws:
        ws.send(json.dumps({"type": "auth", "token": auth["Authorization"].split()[1]}))
        assert json.loads(ws.recv(timeout=30))["type"] == "ready"
        logout = httpx.post(f"{base}/api/v1/auth/logout", headers=auth, timeout=30)
        assert logout.status_code == 204
        ws.send(json.dumps({"type": "message", "text": "우유팩은 어떻게 버려?"}))
        error = json.loads(ws.recv(timeout=30))
        assert error["error"]["code"] == "session_ended"
        with pytest.raises(Exception, match="4401"):
            ws.recv(timeout=30)


def _tables_holding(database: Path, needle: str) -> list[str]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        return [
            name
            for name in names
            if any(
                needle in " ".join(map(str, row)) for row in db.execute(f'select * from "{name}"')
            )
        ]


def test_the_export_holds_a_scan_and_deletion_leaves_no_email(
    server: tuple[Process, Path],
) -> None:
    base, database = server[0].url, server[1] / "ecoeco.db"
    auth = _login(base, EMAIL, NICKNAME)
    assert httpx.get(f"{base}/api/v1/users/me", headers=auth, timeout=30).status_code == 200
    scan = httpx.post(f"{base}/api/v1/scan", json={"hint": "페트병"}, headers=auth, timeout=30)
    assert scan.status_code == 202, scan.text
    exported = httpx.get(f"{base}/api/v1/users/me/export", headers=auth, timeout=60)
    assert exported.status_code == 200, exported.text
    assert [s["id"] for s in exported.json()["scans"]] == [scan.json()["id"]]
    assert "profiles" in _tables_holding(database, EMAIL)

    deleted = httpx.delete(f"{base}/api/v1/users/me", headers=auth, timeout=30)
    assert deleted.status_code == 204
    deadline = time.monotonic() + 60
    while (left := _tables_holding(database, EMAIL) + _tables_holding(database, NICKNAME)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert left == []


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_the_big_png_costs_less_than_200_mb(server: tuple[Process, Path]) -> None:
    process = server[0]
    auth = _login(process.url, "png@example.com")
    data = photos.rgba_png(7000, 5700)

    def send() -> httpx.Response:
        files = {"file": ("big.png", data, "image/png")}
        return httpx.post(
            f"{process.url}/api/v1/scan/uploads", headers=auth, files=files, timeout=120
        )

    response, raised = peak_raise(process.popen.pid, send)
    assert response.status_code in (201, 413), response.text
    assert raised < 200 * MB, f"peak rose by {raised / MB:.0f} MB"


def test_80_scans_a_minute_meet_a_429(server: tuple[Process, Path]) -> None:
    base = server[0].url
    auth = _login(base, "many@example.com")
    statuses = []
    with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
        for _ in range(80):
            response = client.post("/api/v1/scan", json={"hint": "캔"})
            statuses.append(response.status_code)
            if response.status_code == 429:
                assert int(response.headers["retry-after"]) >= 1
                break
    assert statuses[-1] == 429, statuses
    assert set(statuses[:-1]) == {202}


def test_broken_cursors_and_deep_json_answer_400(server: tuple[Process, Path]) -> None:
    base = server[0].url
    auth = _login(base, "inputs@example.com")
    overflow = orjson.dumps(["0001-01-01T00:00:00+14:00", "z"])
    cursor = base64.urlsafe_b64encode(overflow).rstrip(b"=").decode()
    for path in ("/api/v1/scan", "/api/v1/chat", "/api/v1/info/news"):
        response = httpx.get(f"{base}{path}", params={"cursor": cursor}, headers=auth, timeout=30)
        assert response.status_code == 400, (path, response.text)
    deep = "[" * 5000 + "]" * 5000
    response = httpx.post(
        f"{base}/api/v1/scan",
        content=deep,
        headers={**auth, "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert set(response.json()["error"]) == {"code", "message"}


def test_nosniff_everywhere_and_no_store_when_authenticated(server: tuple[Process, Path]) -> None:
    base = server[0].url
    auth = _login(base, "headers@example.com")
    public = httpx.get(f"{base}/api/v1/info/guides", timeout=30)
    assert public.headers["x-content-type-options"] == "nosniff"
    mine = httpx.get(f"{base}/api/v1/users/me", headers=auth, timeout=30)
    assert mine.headers["x-content-type-options"] == "nosniff"
    assert mine.headers["cache-control"] == "no-store"
