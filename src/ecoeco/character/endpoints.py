"""HTTP endpoints of the character service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from ecoeco.character import service
from ecoeco.character.catalogue import Catalogue
from ecoeco.character.errors import CharacterNotFound
from ecoeco.character.runtime import CharacterDep
from ecoeco.character.schemas import (
    CategoryPointsOut,
    CharacterOut,
    OwnedCharacterOut,
    PointsOut,
    character_out,
    owned_out,
)
from ecoeco.contracts.character import CharacterExport
from ecoeco.core.db import utcnow
from ecoeco.core.deps import CurrentUser, SessionDep, WriteSessionDep
from ecoeco.core.errors import BadRequest
from ecoeco.core.pagination import Page, decode_cursor, decode_time_cursor, encode_cursor
from ecoeco.core.schemas import ErrorResponse

router = APIRouter(
    prefix="/characters",
    tags=["character"],
    responses={422: {"model": ErrorResponse}},
)

Limit = Annotated[int, Query(ge=1, le=100, description="Page size (at most 100).")]
Cursor = Annotated[str | None, Query(max_length=200, description="From `next_cursor`.")]
Code = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,39}$")]


def _etag(catalogue: Catalogue) -> str:
    return f'"{catalogue.version}"'


def _not_modified(request: Request, etag: str) -> bool:
    candidates = request.headers.get("if-none-match", "")
    return etag in {c.strip() for c in candidates.split(",")} or candidates.strip() == "*"


@router.get("", response_model=Page[CharacterOut])
async def list_characters(
    request: Request,
    response: Response,
    characters: CharacterDep,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[CharacterOut] | Response:
    """The character catalogue."""
    catalogue = characters.catalogue
    etag = _etag(catalogue)
    if _not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    entries = await service.catalogue_view(
        characters.cache, catalogue, characters.settings.catalogue_cache_seconds
    )
    start = _position(cursor, len(entries))
    page = entries[start : start + limit]
    end = start + len(page)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "public, max-age=300"
    return Page(items=page, next_cursor=encode_cursor(end) if end < len(entries) else None)


def _position(cursor: str | None, size: int) -> int:
    values = decode_cursor(cursor, 1)
    if values is None:
        return 0
    position = values[0]
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position <= size:
        raise BadRequest("invalid cursor")
    return position


@router.get(
    "/me", response_model=Page[OwnedCharacterOut], responses={401: {"model": ErrorResponse}}
)
async def my_characters(
    principal: CurrentUser,
    session: WriteSessionDep,  # the first read grants the starter (read your own writes)
    characters: CharacterDep,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[OwnedCharacterOut]:
    """The characters the caller owns, with when and how each was acquired."""
    catalogue = characters.catalogue
    if cursor is None:
        await service.show_starter(session, catalogue, principal.user_id, key=characters.key)
    rows = await service.owned_page(
        session, principal.user_id, after=_owned_after(cursor), limit=limit + 1
    )
    items: list[OwnedCharacterOut] = []
    for row in rows[:limit]:
        character = catalogue.get(row.character_code)
        if character is None:  # retired from the catalogue: keep the row, hide it
            continue
        items.append(owned_out(character, row))
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(last.acquired_at.isoformat(), last.character_code)
    return Page(items=items, next_cursor=next_cursor)


def _owned_after(cursor: str | None) -> tuple[datetime, str] | None:
    return decode_time_cursor(cursor)


@router.get("/me/export", response_model=CharacterExport, responses={401: {"model": ErrorResponse}})
async def export_my_characters(
    principal: CurrentUser, session: SessionDep, characters: CharacterDep
) -> CharacterExport:
    """Every character the caller owns and their points ledger (part of their data export)."""
    return await service.export(session, characters.catalogue, principal.user_id)


@router.get("/me/points", response_model=PointsOut, responses={401: {"model": ErrorResponse}})
async def my_points(
    principal: CurrentUser, session: SessionDep, characters: CharacterDep
) -> PointsOut:
    """The caller's points from scans and today's progress against the daily caps."""
    rule = characters.rule
    summary = await service.points_summary(session, rule, principal.user_id, utcnow())
    return PointsOut(
        total=summary.total,
        day=summary.day,
        daily_category_cap=rule.daily_category_cap,
        today=[
            CategoryPointsOut(
                category=c.category, scans=c.scans, points=c.points, remaining=c.remaining
            )
            for c in summary.categories
        ],
    )


@router.get("/{code}", response_model=CharacterOut, responses={404: {"model": ErrorResponse}})
async def get_character(
    code: Code, request: Request, response: Response, characters: CharacterDep
) -> CharacterOut | Response:
    """One character of the catalogue."""
    catalogue = characters.catalogue
    character = catalogue.get(code)
    if character is None:
        raise CharacterNotFound(code)
    etag = _etag(catalogue)
    if _not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "public, max-age=300"
    return character_out(character)
