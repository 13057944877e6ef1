"""Chat latency without an LLM: time to first streamed token and to the whole answer.

Runs the embedded app (SQLite) under uvicorn on a free port, warms the assistant,
then sends the evaluation questions over SSE from 1 and 16 concurrent
conversations. The baseline, measured in the same run at the same concurrency,
is `POST /api/v1/chat` (authenticate + one database write), so the ratios say
how much the assistant adds on top of an ordinary write request.

    .venv/bin/python bench/chat/bench_chat.py [--rounds 3] [--profile stacks.txt]

`--profile` samples the server with py-spy during the last level (collapsed stacks,
`bench/profile/shares.py` reads them); it costs the server a little, so time without it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import yaml
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ecoeco.composition import compose
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import CoreSettings
from ecoeco.migrations import upgrade

QUESTIONS = Path(__file__).parents[2] / "tests" / "unit" / "chat" / "eval_questions.yaml"


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) a process has used so far, from /proc (0 elsewhere)."""
    user, system = cpu_split(f"/proc/{pid}/stat")
    return user + system


def cpu_split(stat: str) -> tuple[float, float]:
    """(user, system) CPU seconds of a process or thread from its /proc stat file."""
    try:
        fields = Path(stat).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def thread_cpu(pid: int | None) -> dict[str, tuple[float, float]]:
    """(user, system) CPU seconds of the server's event loop thread and of all the others."""
    loop = cpu_split(f"/proc/{pid}/task/{pid}/stat")
    user, system = cpu_split(f"/proc/{pid}/stat")
    return {"loop": loop, "others": (user - loop[0], system - loop[1])}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] * 1000


async def ask(
    client: httpx.AsyncClient, headers: dict[str, str], cid: str, text: str
) -> tuple[float, float]:
    """Send one question over SSE; (time to first chunk, time to final event)."""
    started = time.perf_counter()
    first = None
    async with client.stream(
        "POST", f"/api/v1/chat/{cid}/messages", json={"text": text}, headers=headers
    ) as response:
        async for line in response.aiter_lines():
            if line.startswith("event: chunk") and first is None:
                first = time.perf_counter() - started
            if line.startswith("event: final"):
                break
    total = time.perf_counter() - started
    return first if first is not None else total, total


async def conversation(
    client: httpx.AsyncClient, signer: TokenSigner, user: str, questions: list[str]
) -> tuple[list[float], list[float], list[float]]:
    """One person: create a conversation (baseline), then ask every question in turn."""
    headers = {"Authorization": f"Bearer {signer.issue(user, ['user']).token}"}
    baseline, ttft, total = [], [], []
    cid = ""
    for _ in range(len(questions)):
        started = time.perf_counter()
        created = await client.post("/api/v1/chat", json={}, headers=headers)
        baseline.append(time.perf_counter() - started)
        cid = created.json()["id"]
    for question in questions:
        first, whole = await ask(client, headers, cid, question)
        ttft.append(first)
        total.append(whole)
    return baseline, ttft, total


async def _database(postgres: str | None, data: Path) -> tuple[str | None, str]:
    """A fresh migrated database: a new PostgreSQL database, or a SQLite file."""
    if postgres is None:
        await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{data / 'ecoeco.db'}")
        return None, "sqlite (embedded)"
    name = f"bench_chat_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(postgres, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    url = postgres.rsplit("/", 1)[0] + f"/{name}"
    await asyncio.to_thread(upgrade, url)
    return url, f"postgresql ({name})"


def _py_spy(pid: int | None, out: Path, native: bool = False) -> subprocess.Popen[bytes]:
    """py-spy on the server, collapsed stacks into `out`, until interrupted (`native`: with
    each thread's C frames, which pauses the server for each sample)."""
    mode = ["--threads", "--native"] if native else ["--nonblocking"]
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid),
            "--rate", "250", *mode, "--format", "raw", "--output", str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


async def main(
    rounds: int,
    postgres: str | None,
    levels: tuple[int, ...] = (1, 16),
    profile: Path | None = None,
    native: bool = False,
) -> None:
    logging.disable(logging.WARNING)
    questions = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"]]
    data = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    url, label = await _database(postgres, data)
    print(f"database: {label}")
    key_file = data / "keys" / "signing.pem"
    key = SigningKey.load_or_create(key_file)
    settings = CoreSettings(
        data_dir=data, env="test", log_json=False, database_url=url, jwt_private_key_file=key_file
    )
    signer = TokenSigner([key], issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(settings.model_dump_json(), port), daemon=True
    )
    server.start()
    started = time.perf_counter()
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits
    ) as client:
        while True:
            try:
                if (await client.get("/livez")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        await conversation(client, signer, "warmup", questions[:5])
        print(f"server start and assistant warm-up: {time.perf_counter() - started:.1f} s")
        print(
            "concurrency  requests  baseline p50/p95 ms  ttft p50/p95 ms  full p50/p95 ms"
            "  ttft/baseline p95"
        )
        for workers in levels:
            base: list[float] = []
            ttft: list[float] = []
            full: list[float] = []
            spy = None
            if profile is not None and workers == levels[-1]:
                spy = _py_spy(server.pid, profile, native)
                await asyncio.sleep(1.0)  # attached
            cpu_before = cpu_seconds(server.pid)
            threads_before = thread_cpu(server.pid)
            client_before = time.process_time()
            for r in range(rounds):
                share = [
                    questions[(i * 7 + r) % len(questions) :][:6] or questions[:6]
                    for i in range(workers)
                ]
                results = await asyncio.gather(
                    *(conversation(client, signer, f"u{r}-{i}", share[i]) for i in range(workers))
                )
                for b, t, f in results:
                    base += b
                    ttft += t
                    full += f
            if spy is not None:
                spy.send_signal(2)  # SIGINT: write the stacks
                spy.wait(30)
            row: list[Any] = [
                workers,
                len(ttft),
                f"{percentile(base, 50):.1f}/{percentile(base, 95):.1f}",
                f"{percentile(ttft, 50):.1f}/{percentile(ttft, 95):.1f}",
                f"{percentile(full, 50):.1f}/{percentile(full, 95):.1f}",
                f"{percentile(ttft, 95) / percentile(base, 95):.2f}x",
            ]
            print("{:>11}  {:>8}  {:>19}  {:>15}  {:>15}  {:>17}".format(*row))
            cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000
            print(
                f"             mean ttft {statistics.mean(ttft) * 1000:.1f} ms;"
                f" server CPU {cpu_ms / len(ttft):.1f} ms per question"
                f" (with its share of the baseline requests)"
            )
            threads_after = thread_cpu(server.pid)
            split = []
            for name, (user, system) in threads_after.items():
                user0, system0 = threads_before[name]
                per = 1000 / len(ttft)
                split.append(
                    f"{name} {(user - user0) * per:.1f} user + {(system - system0) * per:.1f} sys"
                )
            client_ms = (time.process_time() - client_before) * 1000 / len(ttft)
            print(f"             per question: {'; '.join(split)} ms; client {client_ms:.1f} ms")
    server.terminate()
    server.join(10)
    if postgres is not None and url is not None:
        engine = create_async_engine(postgres, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(
                text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
            )
        await engine.dispose()


def _serve(settings_json: str, port: int) -> None:
    """The server process: the chat service alone, warming its indexes at start-up."""
    os.environ["ECOECO_CHAT_WARM_ON_START"] = "1"
    # The bench is many people in one process: lift the per-person limits (settings).
    os.environ["ECOECO_CHAT_RATE_PER_MINUTE"] = "100000"
    os.environ["ECOECO_CHAT_CONVERSATION_LIMIT_PER_USER"] = "100000/minute"
    logging.disable(logging.WARNING)
    settings = CoreSettings.model_validate_json(settings_json)
    app = compose(settings, ["chat"], scheduled=False)
    try:  # the HTTP protocol `ecoeco serve` runs (trees before it: uvicorn's default)
        from ecoeco.serving import http_protocol
    except ImportError:
        http: Any = "auto"
    else:
        http = http_protocol()
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", limit_concurrency=256, http=http
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--levels", default="1,16", help="concurrent conversations, comma-separated"
    )
    parser.add_argument("--cache-dir", default=str(Path.home() / ".cache" / "ecoeco-chat"))
    parser.add_argument(
        "--postgres", metavar="URL", help="admin URL; benchmark on a new PostgreSQL database"
    )
    parser.add_argument("--profile", type=Path, help="py-spy stacks of the last level here")
    parser.add_argument(
        "--native", action="store_true", help="--profile with C frames and thread ids"
    )
    args = parser.parse_args()
    os.environ.setdefault("ECOECO_CHAT_EMBEDDING_CACHE_DIR", args.cache_dir)
    levels = tuple(int(n) for n in args.levels.split(","))
    asyncio.run(main(args.rounds, args.postgres, levels, args.profile, args.native))
