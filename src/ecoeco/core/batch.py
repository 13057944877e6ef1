"""Cache entries and hub events written together, with a look at one marker key.

A job's progress is a few cache entries and a few events on its stream, written at the
same moments, and a worker asks before and after its work whether the person is still
there (a marker in the cache). On Redis each of those was a round trip of its own; a
batch is one (a script: atomic, and a blocked stream reader gets its events together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from ecoeco.core.cache import Cache, RedisCache
from ecoeco.core.events import EventHub, RedisEventHub


@dataclass(frozen=True)
class Batch:
    """Cache entries (one expiry), then events on one hub stream, and a marker looked at.

    With `unless_marked`, nothing is written when the marker exists.
    """

    values: Mapping[str, bytes] = field(default_factory=dict)
    ttl: float | None = None
    stream: str = ""
    events: Sequence[tuple[str, dict[str, Any]]] = ()
    marker: str | None = None
    unless_marked: bool = False


class Batcher(Protocol):
    """Sends a batch (on a server: in one round trip)."""

    async def send(self, batch: Batch) -> bool:
        """Write the batch; True when its marker exists (False without one)."""


class Separately:
    """A batch as the cache's and the hub's own calls (in-process adapters, test fakes)."""

    def __init__(self, cache: Cache, hub: EventHub) -> None:
        self.cache = cache
        self.hub = hub

    async def send(self, batch: Batch) -> bool:
        if batch.unless_marked and await self._marked(batch):
            return True
        if batch.values:
            await self.cache.set_many(batch.values, batch.ttl)
        if batch.events:
            await self.hub.publish_many(batch.stream, batch.events)
        return not batch.unless_marked and await self._marked(batch)  # after the writes

    async def _marked(self, batch: Batch) -> bool:
        return batch.marker is not None and await self.cache.get(batch.marker) is not None


# KEYS: the cache entries, then the stream (when there are events), then the marker (when
# there is one). ARGV: entries, has events, has marker, unless marked, entry ttl in ms (0:
# none), stream maxlen, stream ttl in s, then the entries' values, then each event's name
# and data. Returns 1 when the marker exists (then, unless marked, nothing is written).
_SEND = """
local entries = tonumber(ARGV[1])
local stream = KEYS[entries + 1]
local marked = 0
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[#KEYS]) == 1 then marked = 1 end
if marked == 1 and ARGV[4] == '1' then return 1 end
for i = 1, entries do
  if ARGV[5] == '0' then
    redis.call('SET', KEYS[i], ARGV[7 + i])
  else
    redis.call('SET', KEYS[i], ARGV[7 + i], 'PX', ARGV[5])
  end
end
if ARGV[2] == '1' then
  for j = 8 + entries, #ARGV, 2 do
    redis.call('XADD', stream, 'MAXLEN', '~', ARGV[6], '*', 'event', ARGV[j], 'data', ARGV[j + 1])
  end
  redis.call('EXPIRE', stream, ARGV[7])
end
return marked
"""


class RedisBatcher:
    """A batch as one script on the Redis that holds both the cache and the hub."""

    def __init__(self, cache: RedisCache, hub: RedisEventHub) -> None:
        if cache.client is not hub.client:
            raise ValueError("the cache and the hub must share one Redis client")
        self.cache = cache
        self.hub = hub
        self._send = cache.client.register_script(_SEND)  # EVALSHA, loaded once

    async def send(self, batch: Batch) -> bool:
        if not (batch.values or batch.events or batch.marker):
            return False
        ns = self.cache.ns
        keys = [ns + key for key in batch.values]
        if batch.events:
            keys.append(self.hub.ns + batch.stream)
        if batch.marker is not None:
            keys.append(ns + batch.marker)
        px = int(batch.ttl * 1000) if batch.ttl else 0
        flags = (bool(batch.events), batch.marker is not None, batch.unless_marked)
        args: list[bytes | str | int] = [len(batch.values), *(int(f) for f in flags)]
        args += [px, self.hub.max_events, self.hub.ttl_seconds, *batch.values.values()]
        for event, data in batch.events:
            args += [event, orjson.dumps(data)]
        return bool(await self._send(keys=keys, args=args))
