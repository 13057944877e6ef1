"""HTTP endpoints of the info service: guides, item search, news and tips."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.routing import APIRoute

from ecoeco.core.deps import AdminUser, OptionalUser, SessionDep
from ecoeco.core.pagination import Page
from ecoeco.info import guides, news, tips
from ecoeco.info.runtime import InfoDep
from ecoeco.info.schemas import (
    ArticleOut,
    Guide,
    GuideList,
    ItemSearchResult,
    TipCreate,
    TipOut,
    TipUpdate,
)
from ecoeco.info.settings import NEWS_CATEGORY_PATTERN

router = APIRouter(prefix="/info", tags=["info"])

Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=512)]


@router.get("/guides", response_model=GuideList)
async def list_guides(info: InfoDep) -> GuideList:
    """Every disposal category with how many items it holds."""
    return guides.list_guides(info.kb)


@router.get("/guides/{slug}", response_model=Guide)
async def get_guide(slug: str, info: InfoDep) -> Guide:
    """The full guide of one category: what belongs, the steps, and what goes elsewhere."""
    return guides.guide(info.kb, slug)


@router.get("/items", response_model=ItemSearchResult)
async def search_items(
    info: InfoDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> ItemSearchResult:
    """Items matching a name in Korean or English, best first."""
    return await guides.search_items(info.finder, q, limit)


@router.get("/news", response_model=Page[ArticleOut])
async def list_news(
    session: SessionDep,
    info: InfoDep,
    category: Annotated[str | None, Query(pattern=NEWS_CATEGORY_PATTERN)] = None,
    cursor: Cursor = None,
    limit: Limit = 20,
) -> Page[ArticleOut]:
    """Recycling news, newest first, optionally of one category."""
    return await news.list_news(
        session,
        info.cache,
        category=category,
        cursor=cursor,
        limit=limit,
        ttl=info.settings.news_cache_seconds,
    )


@router.get("/tips", response_model=Page[TipOut])
async def list_tips(
    session: SessionDep,
    principal: OptionalUser,
    cursor: Cursor = None,
    limit: Limit = 20,
    include_unpublished: bool = False,
) -> Page[TipOut]:
    """Published tips, newest first (admins may ask for unpublished ones too)."""
    everything = include_unpublished and principal is not None and principal.has("admin")
    return await tips.list_tips(session, cursor=cursor, limit=limit, everything=everything)


@router.get("/tips/{tip_id}", response_model=TipOut)
async def get_tip(tip_id: str, session: SessionDep, principal: OptionalUser) -> TipOut:
    """One tip."""
    everything = principal is not None and principal.has("admin")
    return TipOut.model_validate(await tips.get_tip(session, tip_id, everything=everything))


@router.post("/tips", response_model=TipOut, status_code=201)
async def create_tip(
    body: TipCreate, admin: AdminUser, session: SessionDep, info: InfoDep
) -> TipOut:
    """Write a tip (admins only)."""
    return TipOut.model_validate(await tips.create_tip(session, info.kb, admin, body))


@router.patch("/tips/{tip_id}", response_model=TipOut)
async def update_tip(
    tip_id: str, body: TipUpdate, _admin: AdminUser, session: SessionDep, info: InfoDep
) -> TipOut:
    """Edit or (un)publish a tip (admins only)."""
    return TipOut.model_validate(await tips.update_tip(session, info.kb, tip_id, body))


@router.delete("/tips/{tip_id}", status_code=204)
async def unpublish_tip(tip_id: str, _admin: AdminUser, session: SessionDep) -> Response:
    """Unpublish a tip (admins only); it is kept and can be published again."""
    await tips.unpublish_tip(session, tip_id)
    return Response(status_code=204)


for _route in router.routes:  # the one-line docstring is the OpenAPI summary
    if isinstance(_route, APIRoute) and _route.description:
        _route.summary = _route.description.splitlines()[0]
