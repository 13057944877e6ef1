"""/users/me/stats fed by scan.completed and character.granted; the daily streak."""

from __future__ import annotations

from datetime import date, timedelta

import jwt

from ecoeco.contracts.events import CharacterGranted, ScanCompleted
from ecoeco.core.db import utcnow
from ecoeco.users.service import current_streak
from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login, publish_event

STATS = "/api/v1/users/me/stats"


def _scan(scan_id: str, user_id: str, category: str) -> ScanCompleted:
    return ScanCompleted(
        scan_id=scan_id,
        user_id=user_id,
        item=None,
        category=category,
        recyclable=True,
        confirmed=True,
    )


async def test_stats_follow_scan_and_character_events(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client, container = running.client, running.container
        tokens = await dev_login(client, "stats@example.com")
        user_id = str(
            jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"]
        )
        me = bearer(tokens["access_token"])
        empty = (await client.get(STATS, headers=me)).json()
        assert empty == {
            "points": 0,
            "scans_total": 0,
            "scans_by_category": [],
            "current_streak_days": 0,
            "last_scan_day": None,
        }
        now = utcnow()
        plan = [
            ("s1", "무색페트병", now - timedelta(days=3)),
            ("s2", "종이팩", now - timedelta(days=2)),
            ("s3", "무색페트병", now - timedelta(days=1)),
            ("s4", "무색페트병", now),
            ("s5", "비닐류", now),
        ]
        for scan_id, category, when in plan:
            await publish_event(container, _scan(scan_id, user_id, category), occurred_at=when)
        await publish_event(container, _scan("s5", user_id, "비닐류"))  # a duplicate report
        for points in (10, 5):
            await publish_event(
                container,
                CharacterGranted(user_id=user_id, code=None, scan_id=None, points=points),
            )
        await publish_event(
            container, CharacterGranted(user_id="someone-else", code=None, scan_id=None, points=99)
        )

        async def landed() -> bool:
            body = (await client.get(STATS, headers=me)).json()
            return bool(body["scans_total"] == 5 and body["points"] == 15)

        await eventually(landed)
        body = (await client.get(STATS, headers=me)).json()
        assert body["scans_by_category"] == [
            {"category": "무색페트병", "count": 3},
            {"category": "비닐류", "count": 1},
            {"category": "종이팩", "count": 1},
        ]
        assert body["current_streak_days"] == 4
        assert body["last_scan_day"] is not None


def test_streak_counts_consecutive_days_ending_today_or_yesterday() -> None:
    today = date(2026, 11, 27)
    days = [today - timedelta(days=n) for n in (0, 1, 2, 4)]
    assert current_streak(days, today) == 3
    assert current_streak(days[1:], today) == 2
    assert current_streak([today - timedelta(days=2)], today) == 0
    assert current_streak([], today) == 0
    assert current_streak([today], today) == 1
