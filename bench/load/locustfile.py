"""The journeys real people make, as a Locust scenario mix (run by bench/load/run.py)."""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, events, tag, task
from locust.exception import RescheduleTask

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # locust loads this file by path
from bench.load.cpu import cpu_seconds  # noqa: E402
from bench.load.journeys import SCAN_JOURNEY, SCAN_REFUSED, JourneyTimes  # noqa: E402
from bench.load.photo import coffee_jpeg  # noqa: E402
from bench.load.refusals import Backoff, retry_after_seconds  # noqa: E402
from bench.load.sampler import Sampler, Sources  # noqa: E402
from bench.load.settle import one_minute_load  # noqa: E402

SEARCHES = [
    "페트병",
    "치킨뼈",
    "택배상자",
    "영수증",
    "깨진 유리",
    "보조배터리",
    "뽁뽁이",
    "pizza box",
]
QUESTIONS = [
    "치킨 먹고 남은 뼈는 음식물이야?",
    "how do I throw away a broken mirror",
    "우유팩 어떻게 버려?",
    "종이컵은 어디에 버려?",
]
HINTS = [None, None, "종이컵", "커피 종이컵"]  # half the scans also type what the item is
SEOUL = (37.5665, 126.9780)
FINAL = {"done", "needs_confirmation", "failed"}
CHAT_FIRST_TOKEN = "chat first token (SSE)"

# In the distributed mode each service has its own address (no ingress here): route by prefix.
SERVICE_URLS: dict[str, str] = json.loads(os.environ.get("ECOECO_LOAD_SERVICE_URLS", "{}"))
ROUTES = [
    ("/api/v1/scan/uploads", "storage"),
    ("/api/v1/auth", "auth"),
    ("/api/v1/users", "users"),
    ("/api/v1/scan", "scan"),
    ("/api/v1/characters", "character"),
    ("/api/v1/locations", "location"),
    ("/api/v1/info", "info"),
    ("/api/v1/chat", "chat"),
]


def url(path: str) -> str:
    """The path, or the owning service's absolute URL in the distributed mode."""
    for prefix, service in ROUTES:
        if path.startswith(prefix) and service in SERVICE_URLS:
            return SERVICE_URLS[service] + path
    return path


PHOTO = coffee_jpeg()

# Every failed request, by name and by what the server said: "401 unauthorized: token
# revoked", "503 overloaded", "0 ConnectionError". Written next to the CSVs at the end.
ERRORS: Counter[tuple[str, str]] = Counter()

# Every journey's time by how it ended (written as <prefix>_journeys.json at the end).
JOURNEYS = JourneyTimes()
PAUSE = between(0.5, 2.0)

# The server processes the runner started (none with --host), for the timeline's CPU.
SERVER_PIDS: dict[str, int] = json.loads(os.environ.get("ECOECO_LOAD_SERVER_PIDS", "{}"))
# The level's timeline sampler and its greenlet, while the test runs.
TIMELINE: dict[str, Any] = {}


def describe_failure(response: Any, exception: BaseException | None) -> str:
    """Status, error code and message of a failed request (0 when no answer came)."""
    status = int(getattr(response, "status_code", 0) or 0)
    if status == 0:
        return f"0 {type(exception).__name__}: {exception}"[:200]
    try:
        error = response.json()["error"]
        detail = f"{error['code']}: {error['message']}"
    except Exception:
        detail = str(exception)[:120]
    retry_after = response.headers.get("Retry-After")
    suffix = f" (Retry-After {retry_after})" if retry_after else ""
    return f"{status} {detail}{suffix}"[:200]


@events.init.add_listener
def _fresh_clock(**_: Any) -> None:
    # gevent's loop caches "now"; after a slow start (imports on a busy machine) the cached
    # time is stale, and the --run-time timer set next would fire that much too early.
    gevent.get_hub().loop.update_now()


def _cpu_so_far() -> dict[str, float | None]:
    server = sum(cpu_seconds(SERVER_PIDS).values()) if SERVER_PIDS else None
    return {"server": server, "locust": time.process_time()}


@events.test_start.add_listener
def _start_timeline(environment: Any, **_: Any) -> None:
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if not prefix:
        return
    runner = environment.runner
    sources = Sources(users=lambda: runner.user_count, load=one_minute_load, cpu=_cpu_so_far)
    sampler = Sampler(Path(f"{prefix}_timeline.csv"), sources)

    def every_second() -> None:
        while True:
            gevent.sleep(1.0)
            sampler.sample()

    TIMELINE.update(sampler=sampler, greenlet=gevent.spawn(every_second))


@events.test_stop.add_listener
def _stop_timeline(**_: Any) -> None:
    if "greenlet" in TIMELINE:
        TIMELINE.pop("greenlet").kill()
        TIMELINE["sampler"].sample()  # the last part-second


@events.request.add_listener
def _on_request(
    request_type: str,
    name: str,
    response_time: float,
    exception: BaseException | None,
    response: Any = None,
    **_: Any,
) -> None:
    sampler: Sampler | None = TIMELINE.get("sampler")
    if request_type == "JOURNEY":
        if sampler and name == SCAN_JOURNEY and exception is None:
            sampler.scan(response_time)
        return
    if sampler:
        sampler.request(response_time, failed=exception is not None)
    if exception is not None:
        ERRORS[(name, describe_failure(response, exception))] += 1


@events.quitting.add_listener
def _write_failures(environment: Any, **_: Any) -> None:
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if prefix:
        rows = [
            {"name": name, "error": error, "count": count}
            for (name, error), count in ERRORS.most_common()
        ]
        Path(f"{prefix}_errors.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2))
        JOURNEYS.write(Path(f"{prefix}_journeys.json"))


class Person(HttpUser):
    """One person using the app: logs in once, then browses, scans, searches and chats."""

    access = ""
    refresh: str | None = None

    def on_start(self) -> None:
        # A distinct address per person (a documentation range, only ever a header), so
        # per-IP limits see the different people they are; the server trusts loopback proxies.
        number = uuid.uuid4().int
        self.address = f"198.18.{number % 250}.{(number >> 8) % 250 + 1}"
        self.email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        self.conversation: str | None = None
        self.backoff = Backoff()
        self.client.hooks["response"].append(self._on_response)
        self._login()

    def wait_time(self) -> float:
        """0.5–2 s between tasks, or longer while a refusal's Retry-After runs."""
        return self.backoff.pause(PAUSE(self))

    def _on_response(self, response: Any, *_: Any, **__: Any) -> None:
        self._signed_out_on_401(response.status_code)
        seconds = retry_after_seconds(response.status_code, response.headers)
        if seconds is not None:  # told when to come back: no task before then
            self.backoff.refused(seconds)

    @staticmethod
    def _refused(response: Any) -> bool:
        return retry_after_seconds(response.status_code, response.headers) is not None

    def _headers(self) -> dict[str, str]:
        if not self.access:  # logged out, or the login failed: log in again first
            self._login()
        if not self.access:  # as an app would, send nothing without a token; try later
            raise RescheduleTask()
        return {"Authorization": f"Bearer {self.access}", "X-Forwarded-For": self.address}

    def _signed_out_on_401(self, status: int) -> None:
        """A 401 ends the session, as in the app: the next task logs in again."""
        if status == 401:
            self.access, self.refresh = "", None

    def _login(self) -> None:
        with self.client.post(
            url("/api/v1/auth/dev/login"),
            json={"email": self.email},
            headers={"X-Forwarded-For": self.address},
            name="auth: login",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            tokens = response.json()
            self.access, self.refresh = tokens["access_token"], tokens["refresh_token"]

    @tag("auth")
    @task(1)
    def login_and_refresh(self) -> None:
        """Refresh the session (the refresh token rotates on every use)."""
        if not self.refresh:
            self._login()
            return
        with self.client.post(
            url("/api/v1/auth/refresh"),
            json={"refresh_token": self.refresh},
            headers={"X-Forwarded-For": self.address},
            name="auth: refresh",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                # The token may or may not have been spent: log in at the next refresh,
                # and at once when the session is over (401).
                self.refresh = None
                return
            tokens = response.json()
            self.access, self.refresh = tokens["access_token"], tokens["refresh_token"]

    @tag("scan")
    @task(3)
    def scan_a_photo(self) -> None:
        """Upload, scan, and follow the progress stream to its final event.

        A scan refused at any step (503/429 with Retry-After) is its own journey row,
        kept out of the scan journey's percentiles: it is an answer, not a slow scan.
        """
        started = time.perf_counter()
        status = self._scan()
        elapsed = (time.perf_counter() - started) * 1000
        completed = status in ("done", "needs_confirmation")
        outcome = status if completed or status in ("failed", "refused") else "incomplete"
        JOURNEYS.record(SCAN_JOURNEY, outcome, elapsed)
        self.environment.events.request.fire(
            request_type="JOURNEY",
            name=SCAN_REFUSED if status == "refused" else SCAN_JOURNEY,
            response_time=elapsed,
            response_length=0,
            exception=None if completed or status == "refused" else ScanIncomplete(status),
            context={},
        )

    def _scan(self) -> str:
        upload = self.client.post(
            url("/api/v1/scan/uploads"),
            files={"file": ("coffee.jpg", PHOTO, "image/jpeg")},
            headers=self._headers(),
            name="scan: upload",
        )
        if upload.status_code != 201:
            return "refused" if self._refused(upload) else f"upload {upload.status_code}"
        body: dict[str, Any] = {"image_key": upload.json()["image_key"]}
        hint = random.choice(HINTS)
        if hint:
            body["hint"] = hint
        accepted = self.client.post(
            url("/api/v1/scan"),
            json=body,
            headers={**self._headers(), "Idempotency-Key": uuid.uuid4().hex},
            name="scan: create",
        )
        if accepted.status_code != 202:
            return "refused" if self._refused(accepted) else f"create {accepted.status_code}"
        return self._follow(accepted.json()["events_url"])

    def _follow(self, events_url: str) -> str:
        """The name of the final SSE event (the stream closes after it)."""
        with self.client.get(
            url(events_url),
            headers={**self._headers(), "Accept": "text/event-stream"},
            stream=True,
            name="scan: events (SSE)",
            timeout=60,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return "refused" if self._refused(response) else f"events {response.status_code}"
            event = ""
            for line in response.iter_lines(decode_unicode=True):
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif not line and event in FINAL:
                    return event
            response.failure("the stream ended before the final event")
            return "no final event"

    @tag("browse")
    @task(3)
    def browse(self) -> None:
        """History, characters and stats."""
        headers = self._headers()
        self.client.get(url("/api/v1/scan"), headers=headers, name="browse: scan history")
        self.client.get(url("/api/v1/characters/me"), headers=headers, name="browse: characters")
        self.client.get(url("/api/v1/users/me/stats"), headers=headers, name="browse: stats")

    @tag("nearby")
    @task(2)
    def nearby(self) -> None:
        """Collection points within 2 km of a spot in central Seoul."""
        lat = SEOUL[0] + random.uniform(-0.02, 0.02)
        lon = SEOUL[1] + random.uniform(-0.02, 0.02)
        self.client.get(
            url("/api/v1/locations/nearby"),
            params={"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "radius_m": 2000, "limit": 20},
            headers=self._headers(),
            name="nearby",
        )

    @tag("search")
    @task(3)
    def item_search(self) -> None:
        """Type an item name."""
        self.client.get(
            url("/api/v1/info/items"),
            params={"q": random.choice(SEARCHES)},
            headers=self._headers(),
            name="item search",
        )

    @tag("chat")
    @task(2)
    def chat(self) -> None:
        """Ask the assistant and read the streamed answer to its end."""
        if self.conversation is None:
            created = self.client.post(
                url("/api/v1/chat"), json={}, headers=self._headers(), name="chat: create"
            )
            if created.status_code != 201:
                return
            self.conversation = created.json()["id"]
        started = time.perf_counter()
        with self.client.post(
            url(f"/api/v1/chat/{self.conversation}/messages"),
            json={"text": random.choice(QUESTIONS)},
            headers={**self._headers(), "Accept": "text/event-stream"},
            stream=True,
            name="chat: message (SSE)",
            timeout=60,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            events: list[str] = []
            for line in response.iter_lines(decode_unicode=True):
                if not line.startswith("event:"):
                    continue
                events.append(line[6:].strip())
                if events[-1] == "chunk" and events.count("chunk") == 1:
                    first = (time.perf_counter() - started) * 1000
            if not events or events[-1] != "final":
                response.failure(f"the answer did not finish: {events[-3:]}")
            elif "chunk" in events:  # time to the first piece of the answer, as bench/chat
                JOURNEYS.record(CHAT_FIRST_TOKEN, "answered", first)
                self.environment.events.request.fire(
                    request_type="JOURNEY",
                    name=CHAT_FIRST_TOKEN,
                    response_time=first,
                    response_length=0,
                    exception=None,
                    context={},
                )


class ScanIncomplete(Exception):
    """A scan journey that did not reach a final answer."""
