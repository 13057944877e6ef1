"""SQL of the users service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase

from ecoeco.core.bus import write_last
from ecoeco.core.db import Repository, utcnow
from ecoeco.users.models import PointBalance, Profile, ScanTally


def _tally(insert: Callable[[type[ScanTally]], Any]) -> UpdateBase:
    columns = ("scan_id", "user_id", "category", "day", "created_at")
    stmt = insert(ScanTally).values({name: bindparam(name) for name in columns})
    upsert: UpdateBase = stmt.on_conflict_do_update(
        index_elements=["scan_id"],
        set_={"category": stmt.excluded.category},
        where=ScanTally.user_id == stmt.excluded.user_id,
    )
    return upsert


# Built once, per dialect (PostgreSQL: True); `write_last` builds around each once.
_TALLY = {True: _tally(postgresql.insert), False: _tally(sqlite.insert)}


class ProfileRepository(Repository[Profile]):
    """Profiles by user id."""

    model = Profile

    async def nickname_owner(self, nickname_key: str) -> str | None:
        """The user holding a nickname (compared case-insensitively), if any."""
        found = await self.session.execute(
            select(Profile.user_id).where(Profile.nickname_key == nickname_key)
        )
        return found.scalar_one_or_none()


class StatsRepository:
    """Points and scan tallies of users."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_points(self, user_id: str, points: int) -> None:
        """Add earned points to the user's balance."""
        balance = await self.session.get(PointBalance, user_id)
        if balance is None:
            self.session.add(PointBalance(user_id=user_id, points=points))
        else:
            balance.points += points
        await self.session.flush()

    async def points(self, user_id: str) -> int:
        """The user's point balance."""
        balance = await self.session.get(PointBalance, user_id)
        return balance.points if balance is not None else 0

    async def tally(self, scan_id: str, user_id: str, category: str, day: date) -> None:
        """Count a completed scan once; a later result for the same scan replaces it.

        One statement (it was a read, then an insert or an update), and the unit of
        work's last write.
        """
        dialect = self.session.get_bind().dialect.name
        params = {
            "scan_id": scan_id,
            "user_id": user_id,
            "category": category,
            "day": day,
            "created_at": utcnow(),
        }
        await write_last(self.session, _TALLY[dialect == "postgresql"], params)

    async def by_category(self, user_id: str) -> list[tuple[str, int]]:
        """Scan counts per category, largest first."""
        count = func.count().label("n")
        stmt = (
            select(ScanTally.category, count)
            .where(ScanTally.user_id == user_id)
            .group_by(ScanTally.category)
            .order_by(count.desc(), ScanTally.category)
        )
        return [(category, int(n)) for category, n in (await self.session.execute(stmt)).all()]

    async def recent_days(self, user_id: str, limit: int) -> list[date]:
        """The most recent distinct days with a scan, newest first."""
        stmt = (
            select(ScanTally.day)
            .where(ScanTally.user_id == user_id)
            .group_by(ScanTally.day)
            .order_by(ScanTally.day.desc())
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def erase(self, user_id: str) -> None:
        """Delete the user's points, tallies and profile."""
        for model in (ScanTally, PointBalance, Profile):
            await self.session.execute(delete(model).where(model.user_id == user_id))
