"""Auth benchmark: token verifications per second, and GET /users/me against /livez.

Part 1 (in-process): `TokenVerifier.verify` (signature, claims, revocation check) against
a bare `jwt.decode` of the same token, with the revocation list in memory and, when a
Redis server answers, in Redis.

Part 2 (HTTP): one `ecoeco serve users` process (uvicorn in a subprocess, embedded
SQLite; `--redis-url` and `--database-url` switch to the distributed adapters) loaded by
64 concurrent keep-alive connections from an async httpx client; GET /api/v1/users/me
(verify the token, check the blacklist, read the profile) as a ratio of GET /livez of
the same process in the same run.

    .venv/bin/python -m bench.auth.bench_auth [--seconds 8] [--connections 64]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import jwt

from ecoeco.core.cache import Cache, MemoryCache, RedisCache
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import ALGORITHM, TokenSigner, TokenVerifier
from ecoeco.core.settings import CoreSettings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _per_second(label: str, call: Any, seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(200):
            await call()
        count += 200
    rate = count / elapsed
    print(f"  {label:<44} {rate:>10,.0f} /s")
    return rate


async def bench_verification(seconds: float, redis_url: str | None) -> None:
    """Verifications per second against a bare signature-and-claims decode."""
    settings = CoreSettings()
    key = SigningKey.generate()
    signer = TokenSigner([key], issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    token = signer.issue("bench-user-00000000000000000").token
    document = {"keys": [key.public_jwk()]}

    async def jwks() -> dict[str, Any]:
        return document

    public = key.public

    async def bare() -> None:
        jwt.decode(
            token,
            public,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
        )

    print("token verification (one core, in-process)")
    baseline = await _per_second("bare jwt.decode (baseline)", bare, seconds)
    caches: list[tuple[str, Cache]] = [("memory", MemoryCache())]
    redis_client = None
    if redis_url:
        from redis.asyncio import Redis

        redis_client = Redis.from_url(redis_url)
        caches.append(("redis", RedisCache(redis_client, "bench:")))
    for name, cache in caches:
        verifier = TokenVerifier(
            jwks, issuer=settings.jwt_issuer, audience=settings.jwt_audience, cache=cache
        )
        rate = await _per_second(
            f"TokenVerifier.verify, blacklist in {name}",
            lambda v=verifier: v.verify(token),
            seconds,
        )
        print(f"  ratio verify/{name} to baseline: {rate / baseline:.2f}")
    if redis_client is not None:
        await redis_client.aclose()


async def _load(url: str, headers: dict[str, str], connections: int, seconds: float) -> float:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        for _ in range(connections):  # warm the pool and the route
            assert (await client.get(url, headers=headers)).status_code == 200
        done = 0
        failures = 0
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done, failures
            while time.perf_counter() < deadline:
                response = await client.get(url, headers=headers)
                if response.status_code == 200:
                    done += 1
                else:
                    failures += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    if failures:
        print(f"  !! {failures} non-200 answers on {url}")
    return done / elapsed


async def bench_http(
    seconds: float, connections: int, database_url: str | None, redis_url: str | None
) -> None:
    """GET /users/me against /livez, same process, same run."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        key = SigningKey.load_or_create(data_dir / "keys" / "signing.pem")
        settings = CoreSettings()
        signer = TokenSigner([key], issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        token = signer.issue("bench-user-00000000000000000", email="bench@example.com").token
        port = _free_port()
        env = {
            **os.environ,
            "ECOECO_DATA_DIR": str(data_dir),
            "ECOECO_PORT": str(port),
            "ECOECO_LOG_LEVEL": "WARNING",
            "ECOECO_ENV": "test",
        }
        if database_url:
            env["ECOECO_DATABASE_URL"] = database_url
        if redis_url:
            env["ECOECO_REDIS_URL"] = redis_url
            env["ECOECO_REDIS_NAMESPACE"] = "bench:"
        if database_url:
            subprocess.run([sys.executable, "-m", "ecoeco.cli", "migrate"], env=env, check=True)
        server = subprocess.Popen(
            [sys.executable, "-m", "ecoeco.cli", "serve", "users"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            await _wait_ready(base)
            headers = {"Authorization": f"Bearer {token}"}
            mode = "distributed" if database_url else "embedded"
            print(f"HTTP, one uvicorn process ({mode}), {connections} connections")
            livez = await _load(f"{base}/livez", {}, connections, seconds)
            print(f"  {'GET /livez (baseline)':<44} {livez:>10,.0f} req/s")
            me = await _load(f"{base}/api/v1/users/me", headers, connections, seconds)
            print(f"  {'GET /api/v1/users/me':<44} {me:>10,.0f} req/s")
            print(f"  ratio users/me to livez: {me / livez:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=15)


async def _wait_ready(base: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            try:
                if (await client.get(f"{base}/livez")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


def main() -> None:
    """Parse arguments and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--redis-url", default=None, help="also measure the Redis blacklist")
    parser.add_argument("--database-url", default=None, help="serve on PostgreSQL (migrated)")
    args = parser.parse_args()
    asyncio.run(bench_verification(min(args.seconds, 3.0), args.redis_url))
    asyncio.run(bench_http(args.seconds, args.connections, args.database_url, args.redis_url))


if __name__ == "__main__":
    main()
