"""The journey through Debian's nginx, every process from the runtime install, two replicas.

nginx runs the gateway config rendered from the routing table; every service and worker
runs as its own process from a venv built the way the Dockerfile builds the image (no
dev extra). The API services the journey uses run as two replicas behind nginx
upstreams. Login → upload → scan → SSE (no buffering; dropped mid-scan and resumed on
the other replica with Last-Event-ID) → chat over the WebSocket → nearby → logout
(honoured at once by every replica); and two clients behind the proxy keep their own
rate limits.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import pytest
from bench.load.photo import coffee_jpeg
from websockets.sync.client import connect as websocket

from ecoeco.core.security.keys import SigningKey
from ecoeco.routing import command, routed_processes
from tests import runtime_env
from tests.conftest import truncate_all
from tests.gateway import Gateway, start_gateway
from tests.processes import Process, free_port, start_process
from tests.servers import AMQP_URL, REDIS_URL, need
from tests.stack import S3Server

pytestmark = pytest.mark.slow

REPLICATED = ("auth", "storage", "scan", "chat", "location")  # what the journey calls
WORKERS = ("ai", "relay")
FINAL = {"done", "needs_confirmation", "failed"}
HINT = "종이컵"


@dataclass
class ProxiedStack:
    """nginx in front of every process; replicas by process name."""

    gateway: Gateway
    replicas: dict[str, list[Process]]
    env: dict[str, str]
    python: str
    s3: S3Server
    extra: list[Process] = field(default_factory=list)

    def all(self) -> list[Process]:
        return [p for group in self.replicas.values() for p in group] + self.extra

    def by_address(self, address: str) -> Process:
        """The replica nginx named in X-Upstream (`127.0.0.1:PORT`)."""
        port = int(address.rsplit(":", 1)[1])
        return next(p for p in self.all() if p.port == port)

    def logs(self, *names: str) -> str:
        chosen = [p for p in self.all() if not names or p.name.split("-")[-1] in names]
        tails = [
            f"--- {p.name}:{p.port}\n{p.log.read_text(errors='replace')[-1500:]}" for p in chosen
        ]
        return "\n".join([*tails, f"--- nginx\n{self.gateway.log()}"])

    def stop(self) -> None:
        self.gateway.stop()
        for process in self.all():
            process.stop()
        self.s3.stop()


@pytest.fixture(scope="module")
def stack(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxiedStack]:
    need("postgres", "redis", "rabbitmq", "nginx")
    folder = tmp_path_factory.mktemp("proxied")
    python = str(runtime_env.build(folder / "venv"))
    unique = uuid.uuid4().hex[:10]
    s3 = S3Server.start()
    gateway_port = free_port()
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    env = {
        "ECOECO_ENV": "test",
        "ECOECO_DATA_DIR": str(folder / "data"),
        "ECOECO_DATABASE_URL": postgres_url,
        "ECOECO_DATABASE_POOL_SIZE": "4",
        "ECOECO_REDIS_URL": REDIS_URL,
        "ECOECO_REDIS_NAMESPACE": f"proxied:{unique}:",
        "ECOECO_AMQP_URL": AMQP_URL,
        "ECOECO_AMQP_PREFIX": f"proxied.{unique}.",
        "ECOECO_STORAGE_URL": f"s3://proxied-{unique}?endpoint_url={s3.url}",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "ECOECO_OUTBOX_POLL_SECONDS": "0.2",
        "ECOECO_JWKS_URL": f"{gateway_url}/.well-known/jwks.json",
        # Internal calls go through the gateway too, as they go through Services in Kubernetes.
        "ECOECO_SERVICE_URLS": json.dumps(
            {
                name: gateway_url
                for name in ("auth", "users", "scan", "character", "location", "info", "chat")
            }
        ),
        # nginx only: other loopback addresses are callers.
        "ECOECO_TRUSTED_PROXIES": '["127.0.0.1"]',
        "ECOECO_AUTH_REFRESH_FAILURE_LIMIT_PER_IP": "3/minute",
        "ECOECO_AUTH_REFRESH_FAILURE_LIMIT_PER_FAMILY": "1/hour",
    }
    import boto3

    boto3.client(
        "s3", endpoint_url=s3.url, region_name="ap-northeast-2",
        aws_access_key_id="test", aws_secret_access_key="test",
    ).create_bucket(
        Bucket=f"proxied-{unique}",
        CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"},
    )  # fmt: skip
    key = folder / "jwt-private.pem"
    key.write_bytes(SigningKey.generate().to_pem())
    counts = {name: (2 if name in REPLICATED else 1) for name in routed_processes()}
    jobs = [(name, n) for name, count in counts.items() for n in range(count)]
    jobs += [(name, 0) for name in WORKERS]
    # The gateway starts first (auth's JWKS is fetched through it by the others).
    ports = {job: free_port() for job in jobs}
    upstreams = {
        name: [f"127.0.0.1:{ports[(name, n)]}" for n in range(counts[name])] for name in counts
    }
    gateway = start_gateway(folder / "nginx", upstreams, port=gateway_port)
    replicas: dict[str, list[Process]] = {}
    failures: list[BaseException] = []

    def one(job: tuple[str, int]) -> Process:
        # Fifteen processes start at once: on a shared 2-core machine that takes minutes.
        args = ["worker", job[0]] if job[0] in WORKERS else command(job[0])
        # Auth replicas sign with one key from a file, as production mounts it from a Secret.
        own = {**env, "ECOECO_JWT_PRIVATE_KEY_FILE": str(key)} if job[0] == "auth" else env
        return start_process(args, own, folder, port=ports[job], python=python, ready_seconds=600)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {job: pool.submit(one, job) for job in jobs}
        for job, future in futures.items():
            try:
                replicas.setdefault(job[0], []).append(future.result())
            except Exception as exc:  # keep collecting: every started process is stopped
                failures.append(exc)
    running = ProxiedStack(gateway, replicas, env, python, s3)
    if failures:
        running.stop()
        raise failures[0]
    # The image's own entry points: `ecoeco migrate` (a no-op at head) and the importer.
    migrated = subprocess.run(
        [python, "-m", "ecoeco.cli", "migrate"],
        env={**os.environ, **env, "ECOECO_LOG_LEVEL": "WARNING"},
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    seeded = subprocess.run(
        [python, "-m", "ecoeco.cli", "seed", "--count", "300"],
        env={**os.environ, **env, "ECOECO_LOG_LEVEL": "WARNING"},
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    try:
        assert migrated.returncode == 0, migrated.stderr.decode(errors="replace")[-2000:]
        assert seeded.returncode == 0, seeded.stderr.decode(errors="replace")[-2000:]
        yield running
    finally:
        running.stop()
        asyncio.run(truncate_all(postgres_url))  # the database is shared with later tests


def read_frames(lines: Iterator[str], frames: list[dict[str, str]], until: int) -> None:
    """Append SSE frames (id, event, data) until `until` frames or a final event."""
    current: dict[str, str] = {}
    for line in lines:
        if line == "":
            if "event" in current:
                frames.append(current)
                if current["event"] in FINAL or len(frames) >= until:
                    return
            current = {}
            continue
        name, _, value = line.partition(":")
        current[name] = value.lstrip()


def test_the_runtime_install_has_a_websocket_server_and_no_dev_tools(
    stack: ProxiedStack,
) -> None:
    probe = (
        "import importlib.metadata as m, importlib.util as u;"
        "names = {d.metadata['Name'].lower() for d in m.distributions()};"
        "print(sorted(names & {'pytest', 'moto', 'locust', 'mypy', 'ruff', 'schemathesis'}));"
        "print(bool(u.find_spec('websockets') or u.find_spec('wsproto')))"
    )
    done = subprocess.run([stack.python, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "True"], done.stdout


def test_journey_through_the_proxy(stack: ProxiedStack) -> None:
    base = stack.gateway.url
    client = httpx.Client(base_url=base, timeout=30)

    # Login, through nginx, to one auth replica; the token works on every other process.
    email = f"proxy-{uuid.uuid4().hex[:8]}@example.com"
    login = client.post("/api/v1/auth/dev/login", json={"email": email})
    assert login.status_code == 200, login.text + stack.logs("auth")
    tokens = login.json()
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}

    # Upload: /api/v1/scan/uploads reaches the storage worker, not the scan service.
    upload = client.post(
        "/api/v1/scan/uploads",
        files={"file": ("coffee.jpg", coffee_jpeg(), "image/jpeg")},
        headers=auth,
    )
    assert upload.status_code == 201, upload.text + stack.logs("storage")
    assert stack.by_address(upload.headers["x-upstream"]).name == "worker-storage"

    # Scan, with the ai worker held still, so the stream is provably open mid-scan.
    ai = stack.replicas["ai"][0]
    ai.popen.send_signal(signal.SIGSTOP)
    try:
        created = client.post(
            "/api/v1/scan",
            json={"image_key": upload.json()["image_key"], "hint": HINT},
            headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert created.status_code == 202, created.text + stack.logs("scan")
        scan = created.json()
        events_url = scan["events_url"]
        before: list[dict[str, str]] = []
        stream = client.stream("GET", events_url, headers=auth, timeout=120)
        response = stream.__enter__()
        assert response.status_code == 200
        lines = response.iter_lines()
        assert next(lines) == "retry: 1000"  # arrives now: nginx does not buffer the stream
        status = client.get(scan["result_url"], headers=auth).json()["status"]
        assert status not in FINAL, status
        serving = stack.by_address(response.headers["x-upstream"])
    finally:
        ai.popen.send_signal(signal.SIGCONT)
    read_frames(lines, before, until=1)
    assert before, before
    assert before[0]["event"] not in FINAL, before

    # Drop the stream mid-scan the hard way: the replica serving it dies.
    serving.kill()
    stream.__exit__(None, None, None)
    after: list[dict[str, str]] = []
    with client.stream(
        "GET", events_url, headers={**auth, "Last-Event-ID": before[-1]["id"]}, timeout=120
    ) as resumed:
        assert resumed.status_code == 200, resumed.read()
        other = stack.by_address(resumed.headers["x-upstream"])
        assert other.port != serving.port
        assert other.name == "serve-scan"
        read_frames(resumed.iter_lines(), after, until=100)
    assert after, stack.logs("scan", "ai")
    assert after[-1]["event"] == "done", (after, stack.logs("scan", "ai"))
    with client.stream("GET", events_url, headers=auth, timeout=60) as replay:
        everything: list[dict[str, str]] = []
        read_frames(replay.iter_lines(), everything, until=100)
    seen = [(f["id"], f["event"]) for f in before + after]
    assert seen == [(f["id"], f["event"]) for f in everything], "an event was lost or repeated"
    assert {"vision", "rule", "answer", "reward"} <= {e for _, e in seen}

    # Chat over the WebSocket through nginx, authenticated by the first frame.
    with websocket(f"ws://127.0.0.1:{stack.gateway.port}/api/v1/chat/ws", open_timeout=30) as ws:
        ws.send(json.dumps({"type": "auth", "token": tokens["access_token"]}))
        assert json.loads(ws.recv(timeout=30))["type"] == "ready"
        ws.send(json.dumps({"type": "message", "text": "종이컵은 어떻게 버려?"}))
        kinds = []
        while not kinds or kinds[-1] not in ("final", "error"):
            kinds.append(json.loads(ws.recv(timeout=60))["type"])
        assert kinds[0] == "start", kinds
        assert kinds[-1] == "final", kinds
        assert "chunk" in kinds, kinds

    # Nearby, through nginx to a location replica.
    nearby = client.get(
        "/api/v1/locations/nearby",
        params={"lat": "37.5665", "lon": "126.9780", "radius_m": "5000", "limit": "5"},
        headers=auth,
    )
    assert nearby.status_code == 200, nearby.text
    assert nearby.json()["items"], nearby.text

    # Logout on one auth replica is honoured by every replica of every service at once.
    assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    checks = {
        "serve-scan": "/api/v1/scan",
        "serve-chat": "/api/v1/chat",
        "serve-users": "/api/v1/users/me",
        "serve-auth": "/api/v1/auth/identities",
        "worker-storage": "/api/v1/scan/uploads",
    }
    for process in stack.all():
        if process.name in checks and process.popen.poll() is None:
            method = "POST" if process.name == "worker-storage" else "GET"
            refused = httpx.request(method, process.url + checks[process.name], headers=auth)
            assert refused.status_code == 401, (process.name, process.port, refused.text)
    client.close()


def test_two_clients_behind_the_proxy_keep_their_own_limits(stack: ProxiedStack) -> None:
    """Failed refreshes from one address lock out only that address's refreshes."""

    def from_address(address: str) -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=address)
        return httpx.Client(base_url=stack.gateway.url, transport=transport, timeout=30)

    with from_address("127.0.0.2") as abuser, from_address("127.0.0.3") as neighbour:
        mine = neighbour.post("/api/v1/auth/dev/login", json={"email": "n@example.com"}).json()
        codes = [
            abuser.post("/api/v1/auth/refresh", json={"refresh_token": "z" * 43}).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429], codes
        fine = neighbour.post("/api/v1/auth/refresh", json={"refresh_token": mine["refresh_token"]})
        assert fine.status_code == 200, "another caller behind the same proxy is not locked out"
        again = abuser.post("/api/v1/auth/dev/login", json={"email": "a@example.com"})
        assert again.status_code == 200, "failed refreshes never block a login"
