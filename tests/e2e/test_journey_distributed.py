"""The main journey through HTTP against every service and worker as its own process."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bench.load.photo import coffee_jpeg
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import truncate_all
from tests.servers import need
from tests.stack import Stack, start_stack

pytestmark = pytest.mark.slow

FINAL = {"done", "needs_confirmation", "failed"}
HINT = "종이컵"  # a paper cup: recyclable (paper_pack), so a confirmed scan earns a character
SEOUL_CITY_HALL = {"lat": "37.5665", "lon": "126.9780"}
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: httpx.Client, url: str) -> Samples:
    """Every sample of one process's metrics page, keyed by name and labels."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


def queue_total(samples: Samples, name: str, consumer: str) -> float:
    """The sum over the queue(s) of one consumer (the queue names carry the run's prefix)."""
    return sum(
        v
        for (n, ls), v in samples.items()
        if n == name and any(k == "queue" and q.endswith(f"ecoeco.{consumer}") for k, q in ls)
    )


def seed_places(env: dict[str, str]) -> None:
    """Load a few hundred demo places through the importer CLI (idempotent, so retried)."""
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-m", "ecoeco.cli", "seed", "--count", "400"],
            env={**os.environ, **env},
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode == 0:
            return
    raise AssertionError(done.stderr.decode(errors="replace")[-2000:])


@pytest.fixture
def stack(postgres_url: str, tmp_path: Path) -> Iterator[Stack]:
    need("postgres", "redis", "rabbitmq")
    running = start_stack(postgres_url, tmp_path)
    try:
        seed_places({**running.env, "ECOECO_LOG_LEVEL": "WARNING"})
        yield running
    finally:
        running.stop()
        asyncio.run(truncate_all(postgres_url))  # the database is shared with later tests


def logs(stack: Stack, *names: str) -> str:
    """The tails of some processes' logs, for a failure message."""
    return "\n".join(
        f"--- {n}\n{stack.processes[n].log.read_text(errors='replace')[-1500:]}" for n in names
    )


def follow_events(client: httpx.Client, url: str, headers: dict[str, str]) -> list[dict[str, str]]:
    """Read an SSE stream until its final event; every frame as {id, event, data}."""
    frames: list[dict[str, str]] = []
    current: dict[str, str] = {}
    with client.stream("GET", url, headers=headers, timeout=60) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line == "":
                if "event" in current:
                    frames.append(current)
                    if current["event"] in FINAL:
                        break
                current = {}
                continue
            field, _, value = line.partition(":")
            current[field] = value.lstrip()
    return frames


def eventually(check: object, timeout: float = 20.0) -> None:
    """Poll `check()` (a callable returning a truthy value or raising) until it holds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():  # type: ignore[operator]
                return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError("condition never held")
        time.sleep(0.2)


def test_main_journey_across_processes(stack: Stack) -> None:
    urls = {name: process.url for name, process in stack.processes.items()}
    pages = {name: process.metrics_url for name, process in stack.processes.items()}
    client = httpx.Client(timeout=20)
    before = {name: scrape(client, url) for name, url in pages.items()}
    for name, url in urls.items():  # the public port serves no metrics
        assert client.get(f"{url}/metrics").status_code == 404, name

    # Login (auth), and the token works on another process (users verifies via JWKS).
    unique = uuid.uuid4().hex[:8]
    email = f"journey-{unique}@example.com"
    login = client.post(
        f"{urls['auth']}/api/v1/auth/dev/login", json={"email": email, "nickname": f"j{unique}"}
    )
    assert login.status_code == 200, login.text
    tokens = login.json()
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    eventually(lambda: client.get(f"{urls['users']}/api/v1/users/me", headers=auth).json())
    me = client.get(f"{urls['users']}/api/v1/users/me", headers=auth)
    assert me.status_code == 200, me.text + logs(stack, "auth", "users")
    assert me.json()["email"] == email

    # Upload a real photo to the storage worker, then scan it with a typed hint.
    upload = client.post(
        f"{urls['storage']}/api/v1/scan/uploads",
        files={"file": ("coffee.jpg", coffee_jpeg(), "image/jpeg")},
        headers=auth,
    )
    assert upload.status_code == 201, upload.text + logs(stack, "storage")
    image_key = upload.json()["image_key"]
    created = client.post(
        f"{urls['scan']}/api/v1/scan",
        json={"image_key": image_key, "hint": HINT},
        headers={**auth, "Idempotency-Key": f"journey-{unique}"},
    )
    assert created.status_code == 202, created.text + logs(stack, "scan")
    accepted = created.json()

    # Follow the progress stream (served by scan, fed by the ai worker) to the final event.
    frames = follow_events(client, f"{urls['scan']}{accepted['events_url']}", auth)
    assert frames, logs(stack, "scan", "ai", "relay")
    final = frames[-1]
    assert final["event"] == "done", (frames, logs(stack, "scan", "ai"))
    assert any(json.loads(f["data"]).get("stage") == "vision" for f in frames), frames
    scan_id = accepted["id"]

    # The reward: character consumed scan.completed, granted, and scan shows the reward.
    def granted() -> bool:
        owned = client.get(f"{urls['character']}/api/v1/characters/me", headers=auth)
        assert owned.status_code == 200, owned.text
        items = owned.json()["items"]
        assert items, "no character granted yet"
        assert any(item.get("scan_id") == scan_id for item in items), items
        return True

    try:
        eventually(granted)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{logs(stack, 'ai', 'relay', 'character')}") from None

    def rewarded() -> bool:
        scan = client.get(f"{urls['scan']}{accepted['result_url']}", headers=auth).json()
        assert scan["status"] == "done", scan
        assert scan["result"]["category"]["slug"] == "paper_pack", scan["result"]
        assert scan["reward"] is not None, scan
        assert scan["reward"]["code"], scan
        return True

    eventually(rewarded)

    # Stats (users consumed scan.completed and character.granted).
    def counted() -> bool:
        stats = client.get(f"{urls['users']}/api/v1/users/me/stats", headers=auth)
        assert stats.status_code == 200, stats.text
        body = stats.json()
        assert body["scans_total"] >= 1, body
        assert body["points"] > 0, body
        return True

    eventually(counted)

    # Nearby collection points (location, seeded through the importer).
    nearby = client.get(
        f"{urls['location']}/api/v1/locations/nearby",
        params={**SEOUL_CITY_HALL, "radius_m": "5000", "limit": "5"},
        headers=auth,
    )
    assert nearby.status_code == 200, nearby.text
    places = nearby.json()["items"]
    assert places, nearby.text
    assert all(p["distance_m"] <= 5000 for p in places), places
    assert [p["distance_m"] for p in places] == sorted(p["distance_m"] for p in places)

    # Chat: a conversation, and an answer streamed over SSE.
    conversation = client.post(f"{urls['chat']}/api/v1/chat", json={}, headers=auth)
    assert conversation.status_code == 201, conversation.text
    answer_frames: list[str] = []
    with client.stream(
        "POST",
        f"{urls['chat']}/api/v1/chat/{conversation.json()['id']}/messages",
        json={"text": "종이컵은 어떻게 버려?"},
        headers={**auth, "Accept": "text/event-stream"},
        timeout=60,
    ) as streamed:
        assert streamed.status_code == 200, streamed.read()
        answer_frames = [
            line[6:].strip() for line in streamed.iter_lines() if line.startswith("event:")
        ]
    assert answer_frames[0] == "start", answer_frames
    assert answer_frames[-1] == "final", answer_frames
    assert "chunk" in answer_frames, answer_frames

    # Logout (auth): the same token is refused at once by another process.
    logout = client.post(f"{urls['auth']}/api/v1/auth/logout", headers=auth)
    assert logout.status_code == 204, logout.text
    refused = client.get(f"{urls['users']}/api/v1/users/me", headers=auth)
    assert refused.status_code == 401, refused.text
    assert refused.json()["error"]["code"]
    assert client.get(f"{urls['scan']}/api/v1/scan", headers=auth).status_code == 401

    # Every process's counters moved with the journey.
    after = {name: scrape(client, url) for name, url in pages.items()}

    def moved(name: str, metric: str, **labels: str) -> float:
        return total(after[name], metric, **labels) - total(before[name], metric, **labels)

    def consumed(name: str) -> float:
        metric = "ecoeco_messages_consumed_total"
        return queue_total(after[name], metric, name) - queue_total(before[name], metric, name)

    for service in ("auth", "users", "scan", "character", "location", "chat", "storage"):
        assert moved(service, "ecoeco_http_requests_total", service=service) >= 1, service
    assert moved("scan", "ecoeco_http_requests_total", method="POST", status="202") == 1
    assert moved("storage", "ecoeco_http_requests_total", method="POST", status="201") == 1
    assert moved("scan", "ecoeco_sse_connections") == 0  # the stream was closed again
    for consumer in ("ai", "scan", "character", "users"):
        assert consumed(consumer) >= 1, consumer
    assert moved("ai", "ecoeco_scans_total", status="done") == 1
    for stage in ("vision", "rule", "answer"):
        assert moved("ai", "ecoeco_pipeline_stage_duration_seconds_count", stage=stage) >= 1
    # The reward stage ends where the reward becomes known: the grant reaching the scan.
    stage = "reward"
    assert moved("scan", "ecoeco_pipeline_stage_duration_seconds_count", stage=stage) >= 1
    assert moved("ai", "ecoeco_model_inference_seconds_count") >= 1
    # The journey's five events (registered, scan requested, finished, completed, granted)
    # went out through the outboxes; whichever process relayed each row counted it.
    published = sum(moved(name, "ecoeco_outbox_published_total") for name in urls)
    assert published >= 5, {name: moved(name, "ecoeco_outbox_published_total") for name in urls}
    client.close()
