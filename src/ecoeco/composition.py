"""The composition root: the only place that picks adapters from configuration."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI
from redis.asyncio import Redis

from ecoeco.core.app import create_app
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.bus.ports import Broker
from ecoeco.core.bus.rabbitmq import RabbitBroker
from ecoeco.core.cache import Cache, MemoryCache, RedisCache
from ecoeco.core.container import Container, ServiceModule
from ecoeco.core.db import Database
from ecoeco.core.events import EventHub, MemoryEventHub, RedisEventHub
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import JwksFetcher, TokenVerifier, http_jwks
from ecoeco.core.settings import CoreSettings
from ecoeco.core.storage import storage_from_url

SERVICES = ("auth", "users", "scan", "character", "location", "info", "chat")
WORKERS = ("ai", "storage", "relay")
SCHEMAS = ("bus", *SERVICES)


def load_module(name: str) -> ServiceModule:
    """Import a service or worker package and return its module declaration."""
    if name in WORKERS:
        worker: ServiceModule = importlib.import_module(f"ecoeco.workers.{name}").WORKER
        return worker
    service: ServiceModule = importlib.import_module(f"ecoeco.{name}").SERVICE
    return service


def registry() -> list[ServiceModule]:
    """Every service and worker; used to declare the broker topology and models."""
    return [load_module(name) for name in (*SERVICES, *WORKERS)]


def _signing_keys(settings: CoreSettings, label: str) -> list[SigningKey]:
    # The first key signs; previous keys (rotation) only verify until their tokens expire.
    previous = [SigningKey.from_pem(path.read_bytes()) for path in settings.jwt_previous_key_files]
    if settings.jwt_private_key_file is not None:
        return [SigningKey.from_pem(settings.jwt_private_key_file.read_bytes()), *previous]
    if settings.jwks_url is None or label in ("auth", "all"):
        return [SigningKey.load_or_create(settings.data_dir / "keys" / "signing.pem"), *previous]
    return []


def build_container(settings: CoreSettings, label: str, **overrides: Any) -> Container:
    """Choose every adapter from the settings; connects nothing yet."""
    db = Database(settings.effective_database_url, pool_size=settings.database_pool_size)
    closers: list[Callable[[], Awaitable[None]]] = []
    cache: Cache
    hub: EventHub
    if settings.redis_url:
        redis = Redis.from_url(
            settings.redis_url, socket_timeout=5, socket_connect_timeout=3, health_check_interval=30
        )
        ns = settings.redis_namespace
        cache, hub = RedisCache(redis, ns), RedisEventHub(redis, namespace=f"{ns}events:")
        closers.append(redis.aclose)
    else:
        cache, hub = MemoryCache(), MemoryEventHub()
    keys = overrides.pop("signing_keys", None) or _signing_keys(settings, label)
    if keys:
        document = {"keys": [k.public_jwk() for k in keys]}

        async def local_jwks() -> dict[str, Any]:
            return document

        fetch: JwksFetcher = local_jwks
    else:
        assert settings.jwks_url is not None
        fetch = http_jwks(settings.jwks_url)
    verifier = TokenVerifier(
        fetch, issuer=settings.jwt_issuer, audience=settings.jwt_audience, cache=cache
    )
    container = Container(
        settings=settings,
        db=db,
        cache=cache,
        hub=hub,
        storage=storage_from_url(settings.effective_storage_url),
        broker=_NoBroker(),
        verifier=verifier,
        signing_keys=keys,
        label=label,
        closers=closers,
    )
    for name, value in overrides.items():
        setattr(container, name, value)
    if "broker" not in overrides:
        container.broker = _broker(settings, db, container)
    return container


def _broker(settings: CoreSettings, db: Database, container: Container) -> Broker:
    if settings.amqp_url:
        return RabbitBroker(
            settings.amqp_url,
            db,
            container,
            max_retries=settings.bus_max_retries,
            retry_base_seconds=settings.bus_retry_base_seconds,
            prefix=settings.amqp_prefix,
        )
    return InProcessBroker(
        db,
        container,
        max_retries=settings.bus_max_retries,
        retry_base_seconds=settings.bus_retry_base_seconds,
    )


class _NoBroker:
    """Placeholder until the real broker is attached."""

    async def start(self, topology: Sequence[Any]) -> None:
        raise RuntimeError("no broker configured")

    async def stop(self) -> None:
        return None

    async def publish(self, envelopes: Sequence[Any]) -> None:
        raise RuntimeError("no broker configured")

    async def consume(self, subscription: Any) -> None:
        raise RuntimeError("no broker configured")

    async def ping(self) -> None:
        raise RuntimeError("no broker configured")


def build_app(settings: CoreSettings, names: Sequence[str] | None = None) -> FastAPI:
    """The app for the named services/workers, or every one of them (embedded)."""
    everything = registry()
    if names:
        hosted = [m for m in everything if m.name in names]
        label = names[0] if len(names) == 1 else "+".join(names)
        scheduled = everything if "relay" in names else []
    else:
        hosted, label, scheduled = everything, "all", everything
    container = build_container(settings, label)
    return create_app(container, hosted, everything, scheduled=scheduled)
