"""The composition root: the only place that picks adapters and builds every service.

`build_container` chooses the adapters from the core settings; `wiring.wire` pairs
each hosted module with its builder and what it needs (its settings, the process's
`Shared` models); `compose` makes the app, whose start-up builds every runtime once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI
from pydantic_settings import BaseSettings
from redis.asyncio import Redis

from ecoeco.chat.settings import ChatSettings
from ecoeco.composition.shared import Configured, Shared
from ecoeco.composition.wiring import (
    COMPANIONS,
    SCHEMAS,
    SERVICES,
    WEB,
    WORKERS,
    hosted_settings,
    read_service_settings,
    registry,
    wire,
)
from ecoeco.core.app import create_app
from ecoeco.core.batch import Batcher, RedisBatcher, Separately
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.bus.ports import Broker
from ecoeco.core.bus.rabbitmq import RabbitBroker
from ecoeco.core.cache import Cache, MemoryCache, RedisCache
from ecoeco.core.container import Container
from ecoeco.core.db import Database
from ecoeco.core.events import EventHub, MemoryEventHub, RedisEventHub
from ecoeco.core.http import HttpClients
from ecoeco.core.internal import ServiceLinks
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import JwksFetcher, TokenVerifier, http_jwks
from ecoeco.core.settings import CoreSettings, refuse_unusable
from ecoeco.core.storage import storage_from_url

__all__ = [
    "COMPANIONS",
    "SCHEMAS",
    "SERVICES",
    "WEB",
    "WORKERS",
    "Configured",
    "Shared",
    "build_app",
    "build_container",
    "compose",
    "read_service_settings",
    "refuse_unusable_settings",
    "registry",
]


def _signing_keys(settings: CoreSettings, label: str) -> list[SigningKey]:
    # The first key signs; previous keys (rotation) only verify until their tokens expire.
    previous = [SigningKey.from_pem(path.read_bytes()) for path in settings.jwt_previous_key_files]
    if settings.jwt_private_key_file is not None:
        return [SigningKey.from_pem(settings.jwt_private_key_file.read_bytes()), *previous]
    if settings.jwks_url is None or label in ("auth", "all"):
        return [SigningKey.load_or_create(settings.data_dir / "keys" / "signing.pem"), *previous]
    return []


def _broker(settings: CoreSettings, db: Database) -> Broker:
    if settings.amqp_url:
        return RabbitBroker(
            settings.amqp_url,
            db,
            max_retries=settings.bus_max_retries,
            retry_base_seconds=settings.bus_retry_base_seconds,
            prefix=settings.amqp_prefix,
        )
    return InProcessBroker(
        db, max_retries=settings.bus_max_retries, retry_base_seconds=settings.bus_retry_base_seconds
    )


def _verifier(
    settings: CoreSettings, keys: list[SigningKey], cache: Cache, http: HttpClients
) -> TokenVerifier:
    fetch: JwksFetcher
    if keys:
        document = {"keys": [k.public_jwk() for k in keys]}

        async def local_jwks() -> dict[str, Any]:
            return document

        fetch = local_jwks
    else:
        assert settings.jwks_url is not None
        fetch = http_jwks(settings.jwks_url, http)
    return TokenVerifier(
        fetch, issuer=settings.jwt_issuer, audience=settings.jwt_audience, cache=cache
    )


def build_container(
    settings: CoreSettings,
    label: str,
    *,
    signing_keys: list[SigningKey] | None = None,
    cache: Cache | None = None,
) -> Container:
    """Choose every adapter from the settings; connects nothing yet.

    `cache` replaces the configured cache (a test's fake, or the cache of another app
    that stands for the same process).
    """
    db = Database(
        settings.effective_database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    closers: list[Callable[[], Awaitable[None]]] = []
    chosen: Cache
    hub: EventHub
    if settings.redis_url:
        redis = Redis.from_url(
            settings.redis_url, socket_timeout=5, socket_connect_timeout=3, health_check_interval=30
        )
        ns = settings.redis_namespace
        chosen, hub = RedisCache(redis, ns), RedisEventHub(redis, namespace=f"{ns}events:")
        closers.append(redis.aclose)
    else:
        chosen, hub = MemoryCache(), MemoryEventHub()
    cache = cache or chosen
    batcher: Batcher = Separately(cache, hub)
    if isinstance(cache, RedisCache) and isinstance(hub, RedisEventHub):
        if cache.client is hub.client:
            batcher = RedisBatcher(cache, hub)
    keys = signing_keys or _signing_keys(settings, label)
    http = HttpClients()  # one pooled client per origin for the whole process
    return Container(
        settings=settings,
        db=db,
        cache=cache,
        hub=hub,
        batcher=batcher,
        storage=storage_from_url(settings.effective_storage_url),
        broker=_broker(settings, db),
        verifier=_verifier(settings, keys, cache, http),
        signing_keys=keys,
        links=ServiceLinks(settings, http),
        label=label,
        closers=closers,
        http=http,
    )


def shared_for(settings: CoreSettings, chat: ChatSettings) -> Shared:
    """The process's shared models; the embedding vectors persist under the data directory
    (or chat's `embedding_cache_dir`, the setting that has always named it)."""
    return Shared(chat.embedding_cache_dir or settings.data_dir / "cache")


def compose(
    settings: CoreSettings,
    names: Sequence[str] | None = None,
    *,
    label: str | None = None,
    service_settings: Sequence[BaseSettings] = (),
    shared: Shared | None = None,
    signing_keys: list[SigningKey] | None = None,
    scheduled: bool | None = None,
    cache: Cache | None = None,
) -> FastAPI:
    """The app hosting the named modules (every one when None).

    The relay runs every module's scheduled jobs; so does the embedded process, unless
    `scheduled` says otherwise. Service settings not given are read from the environment.
    """
    known = registry()
    wanted_names = (
        None if names is None else {*names, *(c for n in names for c in COMPANIONS.get(n, ()))}
    )
    hosted_names = [m.name for m in known if wanted_names is None or m.name in wanted_names]
    if scheduled is None:
        scheduled = names is None or "relay" in names
    job_names = [m.name for m in known if scheduled and m.scheduled]
    label = label or ("all" if names is None else "+".join(names))
    container = build_container(settings, label, signing_keys=signing_keys, cache=cache)
    configured = Configured(tuple(service_settings))
    built = [*hosted_names, *(n for n in job_names if n not in hosted_names)]
    shared = shared or shared_for(settings, configured.get(ChatSettings))
    modules = wire(container, configured, shared, built, hosted_names)
    hosted = [modules[n] for n in hosted_names]
    jobs = [modules[n] for n in job_names]
    return create_app(container, hosted, known, scheduled=jobs)


def build_app(
    settings: CoreSettings,
    names: Sequence[str] | None = None,
    service_settings: Sequence[BaseSettings] | None = None,
) -> FastAPI:
    """The app for the named services/workers, or every one of them (embedded).

    Raises `SettingsRefused` (every problem at once) when production settings name
    development parts, a key file cannot be read or a service's setting does not parse:
    before anything starts, not in the app's start-up. `service_settings`, when given,
    come from `refuse_unusable_settings` (the caller checked them already).
    """
    if service_settings is None:
        service_settings = refuse_unusable_settings(settings, names)
    return compose(settings, names, service_settings=service_settings)


def refuse_unusable_settings(
    settings: CoreSettings, names: Sequence[str] | None
) -> tuple[BaseSettings, ...]:
    """Every service's settings, read up front; raises `SettingsRefused` naming every
    variable that does not parse, or (`ProductionRefused`) every problem that keeps core's
    or a hosted service's settings from production."""
    service_settings = read_service_settings()
    refuse_unusable(settings, names or [], hosted_settings(service_settings, names or []))
    return service_settings
