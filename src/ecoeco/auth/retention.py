"""How long auth keeps login history and ended sessions, and the job that enforces it.

Login events (provider, result, IP address, user agent) are kept for
`login_history_retention_days`, then deleted. A session (token family) is kept while
any of its refresh tokens could still be presented, plus `session_retention_days`
(reuse detection needs it until then), then deleted with its tokens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth.models import LoginEvent, RefreshToken, TokenFamily
from ecoeco.auth.runtime import AuthRuntime
from ecoeco.core.db import utcnow
from ecoeco.core.db.retention import BATCH, delete_in_batches, rowcount
from ecoeco.core.observability import metrics
from ecoeco.core.schedule import once_per_interval

log = logging.getLogger(__name__)

RETENTION_LOCK = "auth:retention:lock"


@dataclass(frozen=True)
class AuthPurged:
    """Rows deleted by one run."""

    login_events: int
    sessions: int


async def _login_events_batch(session: AsyncSession, before: datetime) -> int:
    doomed = select(LoginEvent.id).where(LoginEvent.created_at < before).limit(BATCH)
    result = await session.execute(delete(LoginEvent).where(LoginEvent.id.in_(doomed)))
    return rowcount(result)


async def _sessions_batch(session: AsyncSession, before: datetime) -> int:
    still_usable = select(RefreshToken.family_id).where(RefreshToken.expires_at >= before)
    doomed = (
        select(TokenFamily.id)
        .where(TokenFamily.created_at < before, TokenFamily.id.not_in(still_usable))
        .limit(BATCH)
    )
    ids = list((await session.execute(doomed)).scalars())
    if ids:
        await session.execute(delete(RefreshToken).where(RefreshToken.family_id.in_(ids)))
        await session.execute(delete(TokenFamily).where(TokenFamily.id.in_(ids)))
    return len(ids)


async def purge_once(runtime: AuthRuntime, now: datetime | None = None) -> AuthPurged:
    """Delete login events and ended sessions past their retention."""
    now = now or utcnow()
    settings = runtime.settings
    events_before = now - timedelta(days=settings.login_history_retention_days)
    sessions_before = now - timedelta(days=settings.session_retention_days)
    events = await delete_in_batches(runtime.db, _login_events_batch, events_before)
    sessions = await delete_in_batches(runtime.db, _sessions_batch, sessions_before)
    metrics.RETENTION_PURGED.labels("login_events").inc(events)
    metrics.RETENTION_PURGED.labels("token_families").inc(sessions)
    metrics.RETENTION_LAST_RUN.labels("auth").set(utcnow().timestamp())
    return AuthPurged(events, sessions)


async def purge_forever(runtime: AuthRuntime) -> None:
    """The scheduled retention job: one run per interval across every replica."""

    async def run() -> None:
        purged = await purge_once(runtime)
        log.info(
            "auth retention purge: %d login events, %d sessions",
            purged.login_events,
            purged.sessions,
        )

    interval = runtime.settings.retention_interval_seconds
    await once_per_interval("auth retention purge", runtime.cache, RETENTION_LOCK, interval, run)
