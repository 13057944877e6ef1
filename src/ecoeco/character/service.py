"""Logic of the character service: grants, points and what a person owns."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.character.catalogue import Catalogue, Character
from ecoeco.character.models import Ownership
from ecoeco.character.repository import CharacterRepository
from ecoeco.character.rules import PointsRule
from ecoeco.character.schemas import CharacterOut, character_out, owned_out
from ecoeco.contracts.character import CharacterExport, PointsEntry
from ecoeco.contracts.events import CharacterGranted, ScanCompleted
from ecoeco.core.bus import publish
from ecoeco.core.cache import Cache, CacheAside
from ecoeco.core.observability import metrics
from ecoeco.core.security.pseudonyms import pseudonym

log = logging.getLogger(__name__)

STARTER = "starter"
SCAN = "scan"


@dataclass(frozen=True)
class ScanRewardOutcome:
    """What one scan earned: points, the character it granted, whether the cap bit."""

    points: int
    character: Character | None
    capped: bool


def collector_key(key: bytes, user_id: str) -> str:
    """The id of a person's collector row: their pseudonym, so the tombstone left after
    erasure does not hold the account id (32 hex digits of the keyed hash)."""
    return pseudonym(key, user_id)[:32]


async def grant_starter(
    session: AsyncSession, catalogue: Catalogue, user_id: str, *, key: bytes
) -> bool:
    """Give a new person the starter character; False if owned already or erased."""
    repo = CharacterRepository(session)
    if await repo.lock_collector(collector_key(key, user_id)) is not None:
        log.info("ignoring the registration of an erased account")
        return False
    starter = catalogue.starter
    if not await repo.grant(user_id, starter.code, source=STARTER):
        return False
    publish(session, CharacterGranted(user_id=user_id, code=starter.code, scan_id=None))
    metrics.CHARACTERS_GRANTED.labels(STARTER).inc()
    return True


async def show_starter(
    session: AsyncSession, catalogue: Catalogue, user_id: str, *, key: bytes
) -> None:
    """Grant the starter on the person's first read if the registration event has not yet.

    The person sees their starter right after their first login (their own write); the
    unique ownership makes the read and the event grant it exactly once between them.
    """
    if not await CharacterRepository(session).owns(user_id, catalogue.starter.code):
        await grant_starter(session, catalogue, user_id, key=key)


async def grant_for_scan(
    session: AsyncSession,
    catalogue: Catalogue,
    rule: PointsRule,
    scan: ScanCompleted,
    completed_at: datetime,
    *,
    key: bytes,
) -> ScanRewardOutcome | None:
    """Reward a correct scan once: points under the daily cap, the character the first time.

    Returns None when the scan earns nothing: not a correct recyclable result, a
    duplicate of a scan already rewarded, or a person who erased their account.
    """
    if not rule.is_correct(scan):
        return None
    character = catalogue.for_category(scan.category)
    if character is None:
        log.warning("scan %s: recyclable category %r has no character", scan.scan_id, scan.category)
        return None
    repo = CharacterRepository(session)
    if await repo.lock_collector(collector_key(key, scan.user_id)) is not None:
        return None
    day = rule.day_of(completed_at)
    if not await repo.claim_scan(scan.scan_id, scan.user_id, scan.category, day):
        return None
    nth = await repo.count_correct_scan(scan.user_id, scan.category, day)
    base = rule.scan_award(nth)
    granted = await repo.grant(scan.user_id, character.code, source=SCAN, scan_id=scan.scan_id)
    points = base + (rule.first_of_category_bonus if granted else 0)
    code = character.code if granted else None
    await repo.settle_scan(scan.scan_id, points, code)
    capped = base < rule.scan_points
    publish(
        session,
        CharacterGranted(
            user_id=scan.user_id,
            code=code,
            scan_id=scan.scan_id,
            points=points,
            category=scan.category,
            capped=capped,
        ),
    )
    if granted:
        metrics.CHARACTERS_GRANTED.labels(SCAN).inc()
    return ScanRewardOutcome(points=points, character=character if granted else None, capped=capped)


async def erase_user(session: AsyncSession, user_id: str, *, key: bytes) -> int:
    """Forget what a person owned and earned; later events for them are ignored (the
    collector row stays as a tombstone under the person's pseudonym)."""
    repo = CharacterRepository(session)
    await repo.lock_collector(collector_key(key, user_id), erase=True)
    await repo.forget_collector(user_id)  # a row of an earlier release, keyed by the id
    return await repo.erase(user_id)


EXPORT_LIMIT = 10_000


async def export(session: AsyncSession, catalogue: Catalogue, user_id: str) -> CharacterExport:
    """What the service holds on the caller: owned characters (those still in the
    catalogue) and every line of the points ledger."""
    repo = CharacterRepository(session)
    rows = await repo.owned(user_id, after=None, limit=EXPORT_LIMIT)
    owned = [owned_out(c, row) for row in rows if (c := catalogue.get(row.character_code))]
    ledger = [
        PointsEntry.model_validate(r, from_attributes=True) for r in await repo.ledger(user_id)
    ]
    return CharacterExport(owned=owned, ledger=ledger)


async def owned_page(
    session: AsyncSession, user_id: str, *, after: tuple[datetime, str] | None, limit: int
) -> list[Ownership]:
    """One page of the person's characters, oldest first."""
    return await CharacterRepository(session).owned(user_id, after=after, limit=limit)


@dataclass(frozen=True)
class CategoryDay:
    """One category's correct scans and points on one day."""

    category: str
    scans: int
    points: int
    remaining: int


@dataclass(frozen=True)
class PointsSummary:
    """A person's points from scans, and where they stand against today's caps."""

    total: int
    day: date
    categories: list[CategoryDay]


async def points_summary(
    session: AsyncSession, rule: PointsRule, user_id: str, now: datetime
) -> PointsSummary:
    """The person's total points and today's per-category progress."""
    repo = CharacterRepository(session)
    day = rule.day_of(now)
    tallies = await repo.tallies_on(user_id, day)
    earned = await repo.points_on(user_id, day)
    categories = [
        CategoryDay(
            category=category,
            scans=scans,
            points=earned.get(category, 0),
            remaining=max(0, rule.daily_category_cap - scans * rule.scan_points),
        )
        for category, scans in sorted(tallies.items())
    ]
    return PointsSummary(await repo.total_points(user_id), day, categories)


async def catalogue_view(cache: Cache, catalogue: Catalogue, ttl: float) -> list[CharacterOut]:
    """The public catalogue, from the cache under the data version when it is there.

    The key holds the catalogue's content digest, so new data is a new key: nothing
    stale is ever served. A cache outage falls back to the in-memory catalogue.
    """
    aside = CacheAside(cache, "characters")
    key = f"catalogue:{catalogue.version}"
    try:
        cached = await aside.get(key)
    except Exception:
        log.warning("character catalogue cache unreachable; serving from memory", exc_info=True)
        return [character_out(c) for c in catalogue.characters]
    if cached is not None:
        return [CharacterOut.model_validate(entry) for entry in orjson.loads(cached)]
    entries = [character_out(c) for c in catalogue.characters]
    try:
        await aside.set(key, orjson.dumps([e.model_dump(mode="json") for e in entries]), ttl)
    except Exception:
        log.warning("character catalogue cache unreachable; not cached", exc_info=True)
    return entries
