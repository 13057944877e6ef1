"""The deletion record: who was erased when, as a pseudonym and a time, nothing more.

It lives in the object store (`erasures/<time>-<pseudonym>`), not in the database, so a
database restored from a backup still has the record of everyone erased since: `ecoeco
users reapply-erasures` reads it to erase them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ecoeco.core.security.pseudonyms import pseudonym
from ecoeco.core.storage import ObjectStorage

PREFIX = "erasures/"
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class Erasure:
    """One deletion: the account's pseudonym and when it was erased."""

    pseudonym: str
    erased_at: datetime


def _key(entry: Erasure) -> str:
    return f"{PREFIX}{entry.erased_at.astimezone(UTC).strftime(_STAMP)}-{entry.pseudonym}"


def _parse(key: str) -> Erasure | None:
    stamp, _, name = key.removeprefix(PREFIX).partition("-")
    try:
        at = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return Erasure(name, at) if len(name) == 64 else None


async def record(storage: ObjectStorage, key: bytes, user_id: str, at: datetime) -> Erasure:
    """Write the deletion record of one account."""
    entry = Erasure(pseudonym(key, user_id), at)
    await storage.put(_key(entry), b"", "application/octet-stream")
    return entry


async def since(storage: ObjectStorage, moment: datetime | None) -> list[Erasure]:
    """Every deletion recorded at or after `moment` (all of them when None), oldest first."""
    found = [e for k in await storage.keys(PREFIX) if (e := _parse(k)) is not None]
    return [e for e in found if moment is None or e.erased_at >= moment]
