"""An SSE stream idle longer than the Redis socket timeout keeps waiting instead of failing."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from ecoeco.core.events import RedisEventHub
from tests.servers import REDIS_URL, need


async def test_an_idle_subscription_outlives_the_socket_timeout() -> None:
    need("redis")
    client = Redis.from_url(REDIS_URL, socket_timeout=1.2)
    hub = RedisEventHub(client, namespace=f"test:{uuid.uuid4().hex[:8]}:")
    stream = hub.subscribe("scan:idle", None, timeout=5.0)
    try:
        assert await anext(stream) is None  # idle: a keep-alive, not a TimeoutError
        await hub.publish("scan:idle", "vision", {"stage": "vision"})
        item = await anext(stream)
        assert item is not None
        assert item.event == "vision"
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
        await client.aclose()
