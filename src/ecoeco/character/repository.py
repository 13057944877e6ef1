"""SQL of the character service: upserts that make every grant and award happen once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Insert, and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.character.models import Collector, DailyTally, Ownership, ScanReward
from ecoeco.core.db import new_id, utcnow


class CharacterRepository:
    """Collectors, ownerships, the points ledger and daily tallies of one transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _insert(self, model: type[Any]) -> Any:
        """An INSERT that supports ON CONFLICT on both PostgreSQL and SQLite."""
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            stmt: Insert = postgresql.insert(model)
        else:
            stmt = sqlite.insert(model)
        return stmt

    async def lock_collector(self, collector: str, *, erase: bool = False) -> datetime | None:
        """Lock the person's row (keyed by their pseudonym) for this transaction, creating
        it; returns `erased_at`.

        Every event for one person takes this lock first, so their events apply one
        at a time, and account deletion cannot interleave with a grant.
        """
        now = utcnow()
        values: dict[str, Any] = {"user_id": collector, "first_seen_at": now, "last_event_at": now}
        changes: dict[str, Any] = {"last_event_at": now}
        if erase:
            values["erased_at"] = now
            changes["erased_at"] = func.coalesce(Collector.erased_at, now)
        stmt = (
            self._insert(Collector)
            .values(**values)
            .on_conflict_do_update(index_elements=["user_id"], set_=changes)
            .returning(Collector.erased_at)
        )
        erased: datetime | None = (await self.session.execute(stmt)).scalar_one()
        return erased

    async def claim_scan(self, scan_id: str, user_id: str, category: str, day: date) -> bool:
        """Enter a scan in the ledger; False when it is already there (a duplicate)."""
        stmt = (
            self._insert(ScanReward)
            .values(
                scan_id=scan_id,
                user_id=user_id,
                category=category,
                day=day,
                points=0,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["scan_id"])
            .returning(ScanReward.scan_id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def count_correct_scan(self, user_id: str, category: str, day: date) -> int:
        """Count one more correct scan for the day; returns the count including it."""
        stmt = (
            self._insert(DailyTally)
            .values(user_id=user_id, category=category, day=day, scans=1)
            .on_conflict_do_update(
                index_elements=["user_id", "category", "day"],
                set_={"scans": DailyTally.scans + 1},
            )
            .returning(DailyTally.scans)
        )
        count: int = (await self.session.execute(stmt)).scalar_one()
        return count

    async def settle_scan(self, scan_id: str, points: int, character_code: str | None) -> None:
        """Record what a claimed scan earned."""
        await self.session.execute(
            update(ScanReward)
            .where(ScanReward.scan_id == scan_id)
            .values(points=points, character_code=character_code)
        )

    async def grant(
        self, user_id: str, code: str, *, source: str, scan_id: str | None = None
    ) -> bool:
        """Give a character; False when the person already owns it."""
        stmt = (
            self._insert(Ownership)
            .values(
                id=new_id(),
                user_id=user_id,
                character_code=code,
                source=source,
                scan_id=scan_id,
                acquired_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["user_id", "character_code"])
            .returning(Ownership.id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def owns(self, user_id: str, code: str) -> bool:
        """True when the person owns this character."""
        stmt = select(Ownership.id).where(
            Ownership.user_id == user_id, Ownership.character_code == code
        )
        return (await self.session.execute(stmt)).first() is not None

    async def owned(
        self, user_id: str, *, after: tuple[datetime, str] | None, limit: int
    ) -> list[Ownership]:
        """The person's characters by acquisition time, after a cursor position."""
        stmt = select(Ownership).where(Ownership.user_id == user_id)
        if after is not None:
            at, code = after
            stmt = stmt.where(
                or_(
                    Ownership.acquired_at > at,
                    and_(Ownership.acquired_at == at, Ownership.character_code > code),
                )
            )
        stmt = stmt.order_by(Ownership.acquired_at, Ownership.character_code).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def ledger(self, user_id: str) -> list[ScanReward]:
        """Every line of the person's points ledger, oldest first."""
        stmt = (
            select(ScanReward)
            .where(ScanReward.user_id == user_id)
            .order_by(ScanReward.created_at, ScanReward.scan_id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def total_points(self, user_id: str) -> int:
        """Every point the person earned from scans."""
        stmt = select(func.coalesce(func.sum(ScanReward.points), 0)).where(
            ScanReward.user_id == user_id
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def points_on(self, user_id: str, day: date) -> dict[str, int]:
        """Points per category the person earned on one day (bonuses included)."""
        stmt = (
            select(ScanReward.category, func.sum(ScanReward.points))
            .where(ScanReward.user_id == user_id, ScanReward.day == day)
            .group_by(ScanReward.category)
        )
        return {category: int(points) for category, points in await self.session.execute(stmt)}

    async def tallies_on(self, user_id: str, day: date) -> dict[str, int]:
        """Correct scans per category on one day."""
        stmt = select(DailyTally.category, DailyTally.scans).where(
            DailyTally.user_id == user_id, DailyTally.day == day
        )
        return {category: int(scans) for category, scans in await self.session.execute(stmt)}

    async def forget_collector(self, user_id: str) -> None:
        """Delete a collector row keyed by the account id itself (as earlier releases kept)."""
        await self.session.execute(delete(Collector).where(Collector.user_id == user_id))

    async def erase(self, user_id: str) -> int:
        """Delete the person's ownerships, ledger and tallies; returns ownerships removed."""
        removed = await self.session.execute(delete(Ownership).where(Ownership.user_id == user_id))
        await self.session.execute(delete(ScanReward).where(ScanReward.user_id == user_id))
        await self.session.execute(delete(DailyTally).where(DailyTally.user_id == user_id))
        return int(getattr(removed, "rowcount", 0) or 0)
