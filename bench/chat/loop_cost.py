"""The event loop's CPU per create + ask, in-process (no sockets, no uvicorn).

Builds the bench's app (`bench_chat.py`: the chat service alone, SQLite or PostgreSQL),
asks every evaluation question once (so none needs an embedding afterwards), then
times `--n` create + ask pairs of seen-before questions over ASGI with
`time.thread_time()` (the loop's thread only: the CPU the loop spends, not what it
waits for). `--profile out.prof` runs the timed part under cProfile.

    .venv/bin/python bench/chat/loop_cost.py [--n 600] [--postgres URL] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from bench_chat import QUESTIONS, _database  # noqa: E402

from ecoeco.composition import compose  # noqa: E402
from ecoeco.core.security.keys import SigningKey  # noqa: E402
from ecoeco.core.security.tokens import TokenSigner  # noqa: E402
from ecoeco.core.settings import CoreSettings  # noqa: E402


async def main(n: int, postgres: str | None, repeats: int, profile: Path | None) -> None:
    logging.disable(logging.WARNING)
    os.environ["ECOECO_CHAT_WARM_ON_START"] = "1"
    os.environ["ECOECO_CHAT_RATE_PER_MINUTE"] = "100000"
    os.environ["ECOECO_CHAT_CONVERSATION_LIMIT_PER_USER"] = "100000/minute"
    questions = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"]]
    data = Path(tempfile.mkdtemp(prefix="bench-chat-loop-"))
    url, label = await _database(postgres, data)
    key_file = data / "keys" / "signing.pem"
    key = SigningKey.load_or_create(key_file)
    settings = CoreSettings(
        data_dir=data, env="test", log_json=False, database_url=url, jwt_private_key_file=key_file
    )
    signer = TokenSigner([key], issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    headers = {"Authorization": f"Bearer {signer.issue('loop', ['user']).token}"}
    app = compose(settings, ["chat"], scheduled=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client,
    ):

        async def pair(question: str) -> None:
            created = await client.post("/api/v1/chat", json={}, headers=headers)
            cid = created.json()["id"]
            url = f"/api/v1/chat/{cid}/messages"
            async with client.stream("POST", url, json={"text": question}, headers=headers) as r:
                async for _ in r.aiter_bytes():
                    pass

        for question in questions:  # every question seen once
            await pair(question)
        print(f"database: {label}; {n} create + ask of seen-before questions, loop thread CPU")
        results = []
        for _ in range(repeats):
            profiler = cProfile.Profile() if profile is not None else None
            started = time.thread_time()
            if profiler is not None:
                profiler.enable()
            for i in range(n):
                await pair(questions[i % len(questions)])
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(str(profile))
            per = (time.thread_time() - started) / n * 1000
            results.append(per)
            print(f"  {per:.3f} ms per create + ask")
        print(f"median {statistics.median(results):.3f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--cache-dir", default=str(Path.home() / ".cache" / "ecoeco-chat"))
    args = parser.parse_args()
    os.environ.setdefault("ECOECO_CHAT_EMBEDDING_CACHE_DIR", args.cache_dir)
    asyncio.run(main(args.n, args.postgres, args.repeats, args.profile))
