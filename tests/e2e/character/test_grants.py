"""Grants and points through the real bus: starter, first scan, duplicates, cap, deletion."""

from __future__ import annotations

from datetime import timedelta

import jwt
from prometheus_client import REGISTRY
from sqlalchemy import select

from ecoeco.contracts.events import CharacterGranted, UserDeleted, UserRegistered
from ecoeco.core.bus import Envelope
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.bus.redaction import is_redacted
from ecoeco.core.db import utcnow
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, eventually
from tests.e2e.character.conftest import (
    DeliveryCounter,
    Player,
    granted_events,
    inject,
    scan_done,
    wait_applied,
)

STARTER = "ssakssak"
BOTTLE = "malgeumi"  # clear_pet
CAN = "kkangdol"  # metal


def granted_count(source: str) -> float:
    """The characters-granted counter exported on /metrics."""
    value = REGISTRY.get_sample_value("ecoeco_characters_granted_total", {"source": source})
    return value or 0.0


async def test_a_new_user_owns_the_starter(app_factory: AppFactory) -> None:
    async with app_factory(["auth", "character"]) as running:
        client = running.client
        login = await client.post("/api/v1/auth/dev/login", json={"email": "suji@example.com"})
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        async def has_starter() -> bool:
            items = (await client.get("/api/v1/characters/me", headers=headers)).json()["items"]
            return [i["code"] for i in items] == [STARTER]

        await eventually(has_starter)
        item = (await client.get("/api/v1/characters/me", headers=headers)).json()["items"][0]
        assert item["source"] == "starter"
        assert item["scan_id"] is None
        assert item["acquired_at"].endswith("Z") or item["acquired_at"].endswith("+00:00")
        user_id = jwt.decode(login.json()["access_token"], options={"verify_signature": False})[
            "sub"
        ]
        events = await granted_events(running.container.db, user_id)
        assert [(e.code, e.scan_id, e.points) for e in events] == [(STARTER, None, 0)]


async def test_a_recyclable_scan_grants_its_character_once(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["character"]) as running:
        db = running.container.db
        player = Player(running.client, signer)
        first = scan_done(player.user_id, "clear_pet")
        granted_before = {source: granted_count(source) for source in ("starter", "scan")}
        await wait_applied(
            db,
            *await inject(running, UserRegistered(user_id=player.user_id, provider="dev"), first),
        )
        owned = await player.owned()
        assert set(owned) == {STARTER, BOTTLE}
        assert owned[BOTTLE]["source"] == "scan"
        assert owned[BOTTLE]["scan_id"] == first.scan_id
        assert (await player.points())["total"] == 10 + 50

        later = [scan_done(player.user_id, "clear_pet") for _ in range(2)]
        await wait_applied(db, *await inject(running, *later))
        owned_after = await player.owned()
        assert owned_after[BOTTLE] == owned[BOTTLE]
        assert (await player.points())["total"] == 60 + 10 + 10

        assert {s: granted_count(s) - n for s, n in granted_before.items()} == {
            "starter": 1,
            "scan": 1,
        }
        events = await granted_events(db, player.user_id)
        by_scan = {e.scan_id: e for e in events}
        assert by_scan[first.scan_id].code == BOTTLE
        assert by_scan[first.scan_id].points == 60
        assert by_scan[first.scan_id].category == "clear_pet"
        assert [(by_scan[s.scan_id].code, by_scan[s.scan_id].points) for s in later] == [
            (None, 10),
            (None, 10),
        ]


async def test_five_concurrent_deliveries_grant_once_and_add_points_once(
    app_factory: AppFactory, signer: TokenSigner, deliveries: DeliveryCounter
) -> None:
    async with app_factory(["character"]) as running:
        db = running.container.db
        player = Player(running.client, signer)
        event = scan_done(player.user_id, "metal")
        (original,) = await inject(running, event)
        await wait_applied(db, original)
        again = [Envelope.wrap(event), Envelope.wrap(event)]  # the scan announced twice more
        await running.container.broker.publish([original, original, original, *again])
        await deliveries.wait(original.id, 4)
        for envelope in again:
            await deliveries.wait(envelope.id, 1)
        await wait_applied(db, *again)

        assert set(await player.owned()) == {STARTER, CAN}
        assert (await player.points())["total"] == 60
        events = [e for e in await granted_events(db, player.user_id) if e.scan_id]
        assert [(e.code, e.scan_id, e.points) for e in events] == [(CAN, event.scan_id, 60)]


async def test_concurrent_first_delivery_of_one_scan(
    app_factory: AppFactory, signer: TokenSigner, deliveries: DeliveryCounter
) -> None:
    async with app_factory(["character"]) as running:
        db = running.container.db
        player = Player(running.client, signer)
        event = scan_done(player.user_id, "glass")
        envelope = Envelope.wrap(event)
        others = [Envelope.wrap(event) for _ in range(2)]
        await running.container.broker.publish([envelope, envelope, envelope, *others])
        await deliveries.wait(envelope.id, 3)
        await wait_applied(db, envelope, *others)
        for other in others:
            await deliveries.wait(other.id, 1)
        assert deliveries.peak[event.scan_id] >= 2  # deliveries of the scan overlapped
        assert set(await player.owned()) == {STARTER, "yurangi"}
        assert (await player.points())["total"] == 60
        assert [e.code for e in await granted_events(db, player.user_id)] == ["yurangi", STARTER]


async def test_the_daily_cap_holds(app_factory: AppFactory, signer: TokenSigner) -> None:
    async with app_factory(["character"]) as running:
        db = running.container.db
        player = Player(running.client, signer)
        bottles = [scan_done(player.user_id, "clear_pet") for _ in range(8)]
        await wait_applied(db, *await inject(running, *bottles))
        summary = await player.points()
        assert summary["total"] == 50 + 50  # five scans' worth under the cap, plus the bonus
        assert summary["daily_category_cap"] == 50
        assert summary["today"] == [
            {"category": "clear_pet", "scans": 8, "points": 100, "remaining": 0}
        ]
        events = await granted_events(db, player.user_id)
        assert sorted(e.points for e in events) == [0, 0, 0, 10, 10, 10, 10, 60]
        assert sum(e.capped for e in events) == 3

        can = scan_done(player.user_id, "metal")
        await wait_applied(db, *await inject(running, can))
        assert (await player.points())["total"] == 100 + 60  # another category is not capped

        yesterday = Envelope.wrap(scan_done(player.user_id, "clear_pet"))
        yesterday = yesterday.model_copy(update={"occurred_at": utcnow() - timedelta(days=1)})
        await running.container.broker.publish([yesterday])
        await wait_applied(db, yesterday)
        assert (await player.points())["total"] == 160 + 10  # another day has its own cap


async def test_a_scan_that_is_not_correct_grants_nothing(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["character"]) as running:
        db = running.container.db
        player = Player(running.client, signer)
        unsure = scan_done(player.user_id, "plastic", confirmed=False, confidence=0.4)
        wrong = [
            scan_done(player.user_id, "general", recyclable=False),
            scan_done(player.user_id, "food", recyclable=False, confidence=1.0),
            scan_done(player.user_id, "battery", recyclable=False),
            unsure,
        ]
        await wait_applied(db, *await inject(running, *wrong))
        assert await granted_events(db, player.user_id) == []
        assert set(await player.owned()) == {STARTER}  # only what looking granted
        nothing = await player.points()
        assert (nothing["total"], nothing["today"]) == (0, [])
        assert [e.code for e in await granted_events(db, player.user_id)] == [STARTER]

        confirmed = unsure.model_copy(update={"confirmed": True})  # the person confirmed it
        await wait_applied(db, *await inject(running, confirmed))
        assert set(await player.owned()) == {STARTER, "tongtongi"}
        assert (await player.points())["total"] == 60


async def test_account_deletion_erases_and_late_events_stay_erased(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["character"]) as running:
        db = running.container.db
        player = Player(running.client, signer)
        keeper = Player(running.client, signer)
        early = [
            scan_done(player.user_id, "paper"),  # scan before registration: out of order
            UserRegistered(user_id=player.user_id, provider="dev"),
            scan_done(keeper.user_id, "paper"),
        ]
        await wait_applied(db, *await inject(running, *early))
        assert set(await player.owned()) == {STARTER, "jeobi"}

        late = [
            UserDeleted(user_id=player.user_id),
            scan_done(player.user_id, "vinyl"),
            UserRegistered(user_id=player.user_id, provider="dev"),
        ]
        await wait_applied(db, *await inject(running, *late))
        assert await player.owned() == {}
        assert (await player.points())["total"] == 0
        assert set(await keeper.owned()) == {STARTER, "jeobi"}
        assert (await keeper.points())["total"] == 60


async def test_deletion_redacts_the_rewards_announced_before_it(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    """A reward written after the users service redacted the bus (here: no users service
    at all) is redacted by the character service's own erasure."""
    async with app_factory(["character"]) as running:
        db = running.container.db
        player, keeper = Player(running.client, signer), Player(running.client, signer)
        rewards = [scan_done(player.user_id, "paper"), scan_done(keeper.user_id, "paper")]
        await wait_applied(db, *await inject(running, *rewards))

        async def announced(user_id: str) -> list[OutboxMessage]:
            async with db.session() as session:
                rows = (await session.execute(select(OutboxMessage))).scalars().all()
            return [
                r for r in rows if r.type == CharacterGranted.TYPE and user_id in str(r.payload)
            ]

        assert await announced(player.user_id)
        await wait_applied(db, *await inject(running, UserDeleted(user_id=player.user_id)))
        assert await announced(player.user_id) == []
        kept = await announced(keeper.user_id)
        assert kept
        assert not any(is_redacted(r.payload) for r in kept)
