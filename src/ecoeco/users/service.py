"""Logic of the users service: profiles, settings, stats and account deletion."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.contracts.clients import AuthClient, ServiceRefused
from ecoeco.contracts.events import ScanCompleted, UserDeleted
from ecoeco.contracts.names import ImageKey
from ecoeco.core.bus import publish
from ecoeco.core.cache import Cache
from ecoeco.core.db import after_commit, utcnow
from ecoeco.core.errors import ServiceUnavailable, Unauthorized
from ecoeco.core.internal import ServiceCallFailed
from ecoeco.core.security.tokens import Principal, mark_erased, recently_erased, revoked_key
from ecoeco.core.storage import ObjectStorage
from ecoeco.users import ledger, nicknames
from ecoeco.users.errors import NicknameTaken, NotYourThumbnail
from ecoeco.users.models import Profile
from ecoeco.users.repository import ProfileRepository, StatsRepository
from ecoeco.users.runtime import UsersRuntime
from ecoeco.users.schemas import (
    CategoryCount,
    NotificationSettings,
    ProfileOut,
    ProfileUpdate,
    StatsOut,
)

log = logging.getLogger(__name__)

KST = ZoneInfo("Asia/Seoul")
STREAK_LOOKBACK_DAYS = 400


async def own_thumbnail(storage: ObjectStorage, user_id: str, key: str) -> str:
    """The key, when it is the thumbnail of one of the caller's stored uploads; else 422."""
    image = ImageKey.of_thumbnail(key)
    if image is None or image.user_id != user_id or not await storage.exists(key):
        raise NotYourThumbnail(
            "profile_image_key must be the thumbnail_key of an image you uploaded"
        )
    return key


async def ensure_profile(
    session: AsyncSession, user_id: str, *, email: str | None, nickname: str | None
) -> Profile:
    """The profile, created when missing (with what auth holds on the person).

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


async def _identity(auth: AuthClient, token: str) -> tuple[str | None, str | None]:
    """The e-mail and display name auth holds for the caller (tokens carry neither)."""
    try:
        account = await auth.account(token)
    except ServiceRefused:  # auth knows no such account: nothing to copy
        return None, None
    except ServiceCallFailed:
        raise ServiceUnavailable("accounts are unavailable right now; try again") from None
    return account.email, account.nickname


async def my_profile(
    session: AsyncSession,
    cache: Cache,
    auth: AuthClient,
    principal: Principal,
    token: str,
    *,
    identity: tuple[str | None, str | None] | None = None,
) -> Profile:
    """The caller's profile; on their first read it is created from what auth holds.

    `identity` is the e-mail and display name when the caller already read them from auth.
    """
    if await recently_erased(cache, principal.user_id):
        raise Unauthorized("account deleted")
    profile = await ProfileRepository(session).get(principal.user_id)
    if profile is not None:
        return profile
    email, nickname = identity if identity is not None else await _identity(auth, token)
    return await ensure_profile(session, principal.user_id, email=email, nickname=nickname)


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
    session: AsyncSession,
    runtime: UsersRuntime,
    principal: Principal,
    token: str,
    change: ProfileUpdate,
) -> Profile:
    """Apply a partial change to the caller's own profile."""
    profile = await my_profile(session, runtime.cache, runtime.auth, principal, token)
    storage = runtime.storage
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
        profile.profile_image_key = (
            await own_thumbnail(storage, principal.user_id, key) if key else None
        )
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


async def delete_account(
    session: AsyncSession, runtime: UsersRuntime, principal: Principal
) -> None:
    """Erase the caller's users data and tell every service to erase theirs."""
    await StatsRepository(session).erase(principal.user_id)
    publish(session, UserDeleted(user_id=principal.user_id))
    cache = runtime.cache

    async def forget_at_once() -> None:  # only once the erasure has committed
        await mark_erased(cache, principal.user_id)
        left = principal.expires_at - utcnow().timestamp()
        if left > 0:
            await cache.set(revoked_key(principal.jti), b"1", ttl=left + 10)
        try:
            await ledger.record(runtime.storage, runtime.key, principal.user_id, utcnow())
        except Exception:
            log.exception("the deletion record could not be written")

    after_commit(session, forget_at_once)


async def count_scan(session: AsyncSession, scan: ScanCompleted, completed_at: datetime) -> None:
    """Count a completed scan in its category and on its Seoul day (for the streak)."""
    day = kst_day(completed_at)
    await StatsRepository(session).tally(scan.scan_id, scan.user_id, scan.category, day)


async def add_points(session: AsyncSession, user_id: str, points: int) -> None:
    """Add points the character service awarded."""
    await StatsRepository(session).add_points(user_id, points)


async def erase_user(session: AsyncSession, user_id: str) -> None:
    """Delete whatever users still holds of someone (idempotent; late events included)."""
    await StatsRepository(session).erase(user_id)
