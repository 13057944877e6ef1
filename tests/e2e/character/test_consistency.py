"""Under load, with duplicates and out-of-order delivery, state equals the rule applied once."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ecoeco.character.catalogue import RECYCLABLE_CATEGORIES, load_catalogue
from ecoeco.contracts.events import ScanCompleted, UserDeleted, UserRegistered
from ecoeco.core.bus import Envelope
from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.db import Database, new_id, utcnow
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, Backend, eventually
from tests.e2e.character.conftest import CONSUMER, DeliveryCounter, Player, all_granted_events

OTHER_CATEGORIES = ("general", "non_combustible", "food", "hazardous", "bulky", "construction")
SEOUL = ZoneInfo("Asia/Seoul")
# Defaults of CharacterSettings, restated: the expectation is computed independently here.
SCAN_POINTS, DAILY_CAP, BONUS, HIGH_CONFIDENCE = 10, 50, 50, 0.85


def make_traffic(
    rng: random.Random, users: list[str], deleted: set[str], total: int
) -> tuple[list[Envelope], list[Envelope]]:
    """Every message to send (shuffled, with duplicates) and the distinct ones among them."""
    now = utcnow()
    distinct = [Envelope.wrap(UserRegistered(user_id=u, provider="dev")) for u in users]
    distinct += [Envelope.wrap(UserDeleted(user_id=u)) for u in sorted(deleted)]
    favourites = {u: rng.sample(RECYCLABLE_CATEGORIES, 3) for u in users}
    budget = total - len(distinct)
    scans = int(budget * 0.8)
    again = (budget - scans) // 2
    for _ in range(scans):
        user = rng.choice(users)
        recyclable = rng.random() < 0.8
        category = (
            rng.choice(favourites[user] + [rng.choice(RECYCLABLE_CATEGORIES)])
            if recyclable
            else rng.choice(OTHER_CATEGORIES)
        )
        event = ScanCompleted(
            scan_id=new_id(),
            user_id=user,
            item=None,
            category=category,
            recyclable=recyclable,
            confirmed=rng.random() < 0.5,
            confidence=round(rng.uniform(0.5, 1.0), 3),
        )
        moment = now - timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
        distinct.append(Envelope.wrap(event).model_copy(update={"occurred_at": moment}))
    reannounced = [
        original.model_copy(update={"id": new_id()})  # the same scan in a new envelope
        for original in rng.sample(distinct[len(users) + len(deleted) :], again)
    ]
    distinct += reannounced
    redelivered = rng.choices(distinct, k=total - len(distinct))  # the same envelope again
    messages = distinct + redelivered
    rng.shuffle(messages)
    return messages, distinct


def expected_state(
    distinct: list[Envelope], users: list[str], deleted: set[str]
) -> dict[str, tuple[set[str], int, int]]:
    """Per kept user: owned codes, total points, and how many scans were correct."""
    catalogue = load_catalogue()
    scans: dict[str, tuple[ScanCompleted, str]] = {}
    for envelope in distinct:
        if envelope.type == ScanCompleted.TYPE:
            event = envelope.open(ScanCompleted)
            day = envelope.occurred_at.astimezone(SEOUL).date().isoformat()
            scans[event.scan_id] = (event, day)
    per_day: Counter[tuple[str, str, str]] = Counter()
    categories: dict[str, set[str]] = defaultdict(set)
    for event, day in scans.values():
        if event.recyclable and (event.confirmed or event.confidence >= HIGH_CONFIDENCE):
            per_day[(event.user_id, event.category, day)] += 1
            categories[event.user_id].add(event.category)
    state: dict[str, tuple[set[str], int, int]] = {}
    for user in users:
        if user in deleted:
            state[user] = (set(), 0, 0)
            continue
        capped = sum(
            min(n * SCAN_POINTS, DAILY_CAP) for (u, _, _), n in per_day.items() if u == user
        )
        correct = sum(n for (u, _, _), n in per_day.items() if u == user)
        owned = {catalogue.starter.code}
        owned |= {c.code for cat in categories[user] if (c := catalogue.for_category(cat))}
        state[user] = (owned, capped + BONUS * len(categories[user]), correct)
    return state


async def applied_count(db: Database, ids: list[str]) -> int:
    async with db.session() as session:
        stmt = select(func.count()).where(
            InboxRecord.consumer == CONSUMER, InboxRecord.message_id.in_(ids)
        )
        return int((await session.execute(stmt)).scalar_one())


async def test_points_and_ownership_equal_the_rule_over_distinct_events(
    app_factory: AppFactory, backend: Backend, signer: TokenSigner, deliveries: DeliveryCounter
) -> None:
    total = 1000 if backend.name == "postgres" else 300
    async with app_factory(["character"]) as running:
        players = [Player(running.client, signer) for _ in range(50)]
        users = [p.user_id for p in players]
        deleted = {users[0], users[1]}
        rng = random.Random(20261127)
        messages, distinct = make_traffic(rng, users, deleted, total)
        assert len(messages) == total
        for start in range(0, total, 100):
            await running.container.broker.publish(messages[start : start + 100])

        ids = [e.id for e in distinct]
        db = running.container.db

        async def all_applied() -> bool:
            return await applied_count(db, ids) == len(ids)

        await eventually(all_applied, timeout=60)
        for message_id, times in Counter(e.id for e in messages).items():
            await deliveries.wait(message_id, times, timeout=30)

        expected = expected_state(distinct, users, deleted)
        assert sum(points for _, points, _ in expected.values()) > 0
        granted = await all_granted_events(db)
        for player in players:
            owned, points, correct = expected[player.user_id]
            assert set(await player.owned()) == owned, player.user_id
            assert (await player.points())["total"] == points, player.user_id
            if player.user_id in deleted:
                continue
            events = granted[player.user_id]
            assert sum(e.points for e in events) == points
            assert sum(e.scan_id is not None for e in events) == correct
            assert {e.code for e in events if e.code} == owned
