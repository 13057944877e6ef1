"""Logic of the users service."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.security.tokens import Principal
from ecoeco.users.models import Profile
from ecoeco.users.repository import ProfileRepository


async def ensure_profile(
    session: AsyncSession, user_id: str, *, email: str | None, nickname: str | None
) -> Profile:
    """The profile, created when missing (from the event or the token claims)."""
    profiles = ProfileRepository(session)
    profile = await profiles.get(user_id)
    if profile is None:
        profile = await profiles.add(Profile(user_id=user_id, email=email, nickname=None))
        if nickname:
            profile.nickname = nickname if await _nickname_free(session, nickname) else None
    return profile


async def _nickname_free(session: AsyncSession, nickname: str) -> bool:
    from sqlalchemy import select

    found = await session.execute(select(Profile.user_id).where(Profile.nickname == nickname))
    return found.first() is None


async def my_profile(session: AsyncSession, principal: Principal) -> Profile:
    """The caller's profile, created from the token if the event has not landed yet."""
    return await ensure_profile(
        session,
        principal.user_id,
        email=principal.claims.get("email"),
        nickname=principal.claims.get("nickname"),
    )
