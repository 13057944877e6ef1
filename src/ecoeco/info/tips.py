"""Tips: written, edited and unpublished by admins, read by everyone."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.pagination import Page, encode_cursor
from ecoeco.core.security.tokens import Principal
from ecoeco.info.errors import TipNotFound, UnknownTipCategory
from ecoeco.info.models import Tip
from ecoeco.info.news import sort_key
from ecoeco.info.repository import TipRepository
from ecoeco.info.schemas import TipCreate, TipOut, TipUpdate
from ecoeco.knowledge import KnowledgeBase


def _check_category(kb: KnowledgeBase, slug: str | None) -> None:
    if slug is not None and not kb.has_category(slug):
        raise UnknownTipCategory(slug)


async def list_tips(
    session: AsyncSession, *, cursor: str | None, limit: int, everything: bool
) -> Page[TipOut]:
    """Tips newest first; unpublished ones only for admins who ask for them."""
    rows = await TipRepository(session).page(sort_key(cursor), limit + 1, everything=everything)
    items = [TipOut.model_validate(r) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(items[-1].created_at.isoformat(), items[-1].id)
    return Page[TipOut](items=items, next_cursor=next_cursor)


async def get_tip(session: AsyncSession, tip_id: str, *, everything: bool) -> Tip:
    """A tip by id; unpublished tips are visible to admins only."""
    tip = await TipRepository(session).get(tip_id)
    if tip is None or (not tip.published and not everything):
        raise TipNotFound()
    return tip


async def create_tip(
    session: AsyncSession, kb: KnowledgeBase, admin: Principal, body: TipCreate
) -> Tip:
    """Store a new tip written by an admin."""
    _check_category(kb, body.category)
    tip = Tip(
        title=body.title,
        body=body.body,
        category=body.category,
        published=body.published,
        author_id=admin.user_id,
    )
    return await TipRepository(session).add(tip)


async def update_tip(session: AsyncSession, kb: KnowledgeBase, tip_id: str, body: TipUpdate) -> Tip:
    """Apply the fields an admin sent; `published: false` unpublishes."""
    tip = await get_tip(session, tip_id, everything=True)
    changes = body.model_dump(exclude_unset=True)
    if "category" in changes:
        _check_category(kb, changes["category"])
    for name in ("title", "body", "published"):
        if changes.get(name) is None:
            changes.pop(name, None)
    for name, value in changes.items():
        setattr(tip, name, value)
    await session.flush()
    return tip


async def unpublish_tip(session: AsyncSession, tip_id: str) -> None:
    """Hide a tip from everyone but admins (it is kept, and can be published again)."""
    tip = await get_tip(session, tip_id, everything=True)
    tip.published = False
    await session.flush()


ERASED_AUTHOR = "erased"


async def forget_author(session: AsyncSession, author_id: str) -> int:
    """An erased person's tips stay published without their id (`author_id` "erased")."""
    return await TipRepository(session).forget_author(author_id, ERASED_AUTHOR)
