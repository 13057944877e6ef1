"""Repository base: all SQL lives in repositories, which flush but never commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from ecoeco.core.db.base import Base

ModelT = TypeVar("ModelT", bound=Base)


class Repository(Generic[ModelT]):
    """Data access for one model; subclasses add the queries they need."""

    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, ident: Any) -> ModelT | None:
        """The row with this primary key, or None."""
        return await self.session.get(self.model, ident)

    async def add(self, obj: ModelT) -> ModelT:
        """Stage a new row and flush it so constraints fire now."""
        self.session.add(obj)
        await self.session.flush()
        return obj

    async def delete(self, obj: ModelT) -> None:
        """Delete a row and flush."""
        await self.session.delete(obj)
        await self.session.flush()

    async def one_or_none(
        self, stmt: Select[ModelT], params: Mapping[str, Any] | None = None
    ) -> ModelT | None:
        """Run a select expected to match at most one row (`params` fill its bound names)."""
        result = await self.session.execute(stmt, params)
        return result.scalar_one_or_none()

    async def all(self, stmt: Select[ModelT]) -> list[ModelT]:
        """Run a select and return every row."""
        result = await self.session.execute(stmt)
        return list(result.scalars().all())


def newest_first(
    stmt: Select[ModelT],
    at: InstrumentedAttribute[datetime],
    ident: InstrumentedAttribute[str],
    after: tuple[datetime, str] | None,
    limit: int,
) -> Select[ModelT]:
    """Keyset pagination: rows strictly older than `after`, newest first, at most `limit`."""
    if after is not None:
        moment, key = after
        stmt = stmt.where(or_(at < moment, and_(at == moment, ident < key)))
    return stmt.order_by(at.desc(), ident.desc()).limit(limit)
