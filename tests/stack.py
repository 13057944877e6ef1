"""The whole distributed stack on this machine: every service and worker as its own process."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.processes import Process, free_port, start_process, stop_popen
from tests.servers import AMQP_URL, REDIS_URL

SERVICES = ("auth", "users", "scan", "character", "location", "info", "chat")
WORKERS = ("ai", "storage", "relay")


@dataclass
class S3Server:
    """A moto S3 server speaking the real S3 protocol on loopback."""

    popen: subprocess.Popen[bytes]
    url: str

    @classmethod
    def start(cls) -> S3Server:
        port = free_port()
        popen = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # a busy machine starts Python slowly
        while time.monotonic() < deadline:
            try:
                httpx.get(url, timeout=1)
                return cls(popen, url)
            except httpx.HTTPError:
                time.sleep(0.2)
        popen.kill()
        raise RuntimeError("moto server did not start")

    def stop(self) -> None:
        stop_popen(self.popen)


@dataclass
class Stack:
    """Processes by name, and the environment they share."""

    env: dict[str, str]
    log_dir: Path
    processes: dict[str, Process] = field(default_factory=dict)
    s3: S3Server | None = None

    def url(self, name: str) -> str:
        return self.processes[name].url

    def start(self, name: str) -> Process:
        """Start (or restart) one service or worker."""
        args = ["worker", name] if name in WORKERS else ["serve", name]
        port = self.processes[name].port if name in self.processes else None
        process = start_process(args, self.env, self.log_dir, port=port)
        self.processes[name] = process
        return process

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()
        if self.s3 is not None:
            self.s3.stop()
        import asyncio

        from tests.broker_cleanup import delete_topology

        def delete() -> None:
            try:
                asyncio.run(delete_topology(self.env["ECOECO_AMQP_PREFIX"]))
            except Exception:  # the broker may be the thing a chaos test broke
                pass

        # A thread of its own: the caller's thread may be running an event loop (sync
        # Playwright keeps one), where asyncio.run refuses and the queues would stay.
        cleanup = threading.Thread(target=delete)
        cleanup.start()
        cleanup.join()


def start_stack(
    database_url: str,
    data_dir: Path,
    names: tuple[str, ...] = SERVICES + WORKERS,
    extra_env: dict[str, str] | None = None,
) -> Stack:
    """Start the named processes against PostgreSQL, Redis, RabbitMQ and S3 (moto).

    The processes start side by side (each waits for its own /readyz), so the whole stack
    is up in about the time of its slowest process.
    """
    unique = uuid.uuid4().hex[:10]
    s3 = S3Server.start()
    ports = {name: free_port() for name in names}
    env = {
        "ECOECO_ENV": "test",
        "ECOECO_DATA_DIR": str(data_dir),
        "ECOECO_DATABASE_URL": database_url,
        "ECOECO_REDIS_URL": REDIS_URL,
        "ECOECO_REDIS_NAMESPACE": f"stack:{unique}:",
        "ECOECO_AMQP_URL": AMQP_URL,
        "ECOECO_AMQP_PREFIX": f"stack.{unique}.",
        "ECOECO_STORAGE_URL": f"s3://stack-{unique}?endpoint_url={s3.url}",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "ECOECO_OUTBOX_POLL_SECONDS": "0.2",
        # Virtual users scan as fast as they can; per-person limits are tested on their own.
        "ECOECO_SCAN_LIMIT_PER_USER": "100000/minute",
        "ECOECO_STORAGE_UPLOAD_LIMIT_PER_USER": "100000/minute",
        "ECOECO_CHAT_CONVERSATION_LIMIT_PER_USER": "100000/minute",
    }
    if "auth" in ports:
        env["ECOECO_JWKS_URL"] = f"http://127.0.0.1:{ports['auth']}/.well-known/jwks.json"
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    # ServiceClient reads one JSON map (a per-name ECOECO_<NAME>_URL would clash with
    # ECOECO_STORAGE_URL, the object store).
    env["ECOECO_SERVICE_URLS"] = json.dumps(urls)
    env.update(extra_env or {})
    import boto3

    boto3.client(
        "s3",
        endpoint_url=s3.url,
        region_name="ap-northeast-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(
        Bucket=f"stack-{unique}",
        CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"},
    )
    stack = Stack(env=env, log_dir=data_dir, s3=s3)

    def launch(name: str) -> Process:
        args = ["worker", name] if name in WORKERS else ["serve", name]
        return start_process(args, env, data_dir, port=ports[name])

    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        futures = {name: pool.submit(launch, name) for name in names}
        failures = []
        for name, future in futures.items():
            try:
                stack.processes[name] = future.result()
            except Exception as exc:  # keep collecting so every started process is stopped
                failures.append(exc)
    if failures:
        stack.stop()
        raise failures[0]
    return stack
