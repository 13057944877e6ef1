"""Logic of the users service: profiles, settings, stats and account deletion."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus import publish
from ecoeco.core.cache import Cache
from ecoeco.core.contracts import UserDeleted
from ecoeco.core.db import utcnow
from ecoeco.core.errors import Unauthorized
from ecoeco.core.security.tokens import Principal, revoked_key
from ecoeco.core.storage import check_key
from ecoeco.users import nicknames
from ecoeco.users.errors import NicknameTaken
from ecoeco.users.models import Profile
from ecoeco.users.repository import ProfileRepository, StatsRepository
from ecoeco.users.schemas import (
    CategoryCount,
    NotificationSettings,
    ProfileOut,
    ProfileUpdate,
    StatsOut,
)

KST = ZoneInfo("Asia/Seoul")
STREAK_LOOKBACK_DAYS = 400
# Longer than any access token lives: until then a deleted account must not come back
# from a token that auth has not revoked yet, nor from a late event.
ERASED_MARKER_SECONDS = 2 * 3600


def _erased_key(user_id: str) -> str:
    return f"users:erased:{user_id}"


async def recently_erased(cache: Cache, user_id: str) -> bool:
    """True while a just-deleted account's leftovers may still arrive."""
    return await cache.get(_erased_key(user_id)) is not None


async def ensure_profile(
    session: AsyncSession, user_id: str, *, email: str | None, nickname: str | None
) -> Profile:
    """The profile, created when missing (from the event or the token claims).

    The event and a first request may race to create it; the loser reads the winner's row.
    """
    profiles = ProfileRepository(session)
    profile = await profiles.get(user_id)
    if profile is not None:
        return profile
    try:
        async with session.begin_nested():
            profile = await profiles.add(Profile(user_id=user_id, email=email, nickname=None))
    except IntegrityError:
        profile = await profiles.get(user_id)
        if profile is None:
            raise
        return profile
    suggested = nicknames.suggest(nickname)
    if suggested and await profiles.nickname_owner(nicknames.key(suggested)) is None:
        try:
            async with session.begin_nested():
                profile.nickname, profile.nickname_key = suggested, nicknames.key(suggested)
                await session.flush()
        except IntegrityError:
            await session.refresh(profile)
    return profile


async def my_profile(session: AsyncSession, cache: Cache, principal: Principal) -> Profile:
    """The caller's profile, created from the token if the event has not landed yet."""
    if await recently_erased(cache, principal.user_id):
        raise Unauthorized("account deleted")
    email = principal.claims.get("email")
    nickname = principal.claims.get("nickname")
    return await ensure_profile(
        session,
        principal.user_id,
        email=email if isinstance(email, str) else None,
        nickname=nickname if isinstance(nickname, str) else None,
    )


def render(profile: Profile) -> ProfileOut:
    """The profile as the API shows it."""
    return ProfileOut(
        user_id=profile.user_id,
        email=profile.email,
        nickname=profile.nickname,
        profile_image_key=profile.profile_image_key,
        notifications=NotificationSettings(
            scan_results=profile.notify_scan_results,
            news=profile.notify_news,
            marketing=profile.notify_marketing,
        ),
        created_at=profile.created_at,
        updated_at=profile.updated_at,
    )


async def update_profile(
    session: AsyncSession, cache: Cache, principal: Principal, change: ProfileUpdate
) -> Profile:
    """Apply a partial change to the caller's own profile."""
    profile = await my_profile(session, cache, principal)
    profiles = ProfileRepository(session)
    fields = change.model_fields_set
    if "nickname" in fields and change.nickname is not None:
        nickname_key = nicknames.key(change.nickname)
        owner = await profiles.nickname_owner(nickname_key)
        if owner is not None and owner != profile.user_id:
            raise NicknameTaken("this nickname is already taken")
        try:
            async with session.begin_nested():
                profile.nickname, profile.nickname_key = change.nickname, nickname_key
                await session.flush()
        except IntegrityError:
            raise NicknameTaken("this nickname is already taken") from None
    if "profile_image_key" in fields:
        key = change.profile_image_key
        profile.profile_image_key = check_key(key) if key else None
    if change.notifications is not None:
        wanted = change.notifications
        if wanted.scan_results is not None:
            profile.notify_scan_results = wanted.scan_results
        if wanted.news is not None:
            profile.notify_news = wanted.news
        if wanted.marketing is not None:
            profile.notify_marketing = wanted.marketing
    profile.updated_at = utcnow()
    await session.flush()
    return profile


def kst_day(moment: datetime) -> date:
    """The calendar day in Korea when something happened."""
    return moment.astimezone(KST).date()


def current_streak(days: list[date], today: date) -> int:
    """Consecutive days with a scan, ending today or yesterday (newest-first input)."""
    if not days or days[0] < today - timedelta(days=1):
        return 0
    streak = 1
    for newer, older in zip(days, days[1:], strict=False):
        if newer - older != timedelta(days=1):
            break
        streak += 1
    return streak


async def my_stats(session: AsyncSession, cache: Cache, user_id: str) -> StatsOut:
    """Points, scans by category and the streak of the caller."""
    if await recently_erased(cache, user_id):
        raise Unauthorized("account deleted")
    stats = StatsRepository(session)
    counts = await stats.by_category(user_id)
    days = await stats.recent_days(user_id, STREAK_LOOKBACK_DAYS)
    return StatsOut(
        points=await stats.points(user_id),
        scans_total=sum(n for _, n in counts),
        scans_by_category=[CategoryCount(category=c, count=n) for c, n in counts],
        current_streak_days=current_streak(days, kst_day(utcnow())),
        last_scan_day=days[0].isoformat() if days else None,
    )


async def delete_account(session: AsyncSession, cache: Cache, principal: Principal) -> None:
    """Erase the caller's users data and tell every service to erase theirs."""
    await StatsRepository(session).erase(principal.user_id)
    publish(session, UserDeleted(user_id=principal.user_id))
    await cache.set(_erased_key(principal.user_id), b"1", ttl=ERASED_MARKER_SECONDS)
    left = principal.expires_at - utcnow().timestamp()
    if left > 0:
        await cache.set(revoked_key(principal.jti), b"1", ttl=left + 10)


async def erase_user(session: AsyncSession, user_id: str) -> None:
    """Delete whatever users still holds of someone (idempotent; late events included)."""
    await StatsRepository(session).erase(user_id)
