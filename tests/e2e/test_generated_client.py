"""The committed Python client (clients/python, from the OpenAPI document) drives the app.

Every answer is parsed into the client's models, and an undocumented status raises, so a
server that drifts from its document fails here (and `make check-client` fails when the
committed client drifts from the document).
"""

from __future__ import annotations

import asyncio

import httpx
from ecoeco_client import AuthenticatedClient, Client
from ecoeco_client.api.auth import auth_current_session, auth_dev_login
from ecoeco_client.api.character import list_characters, my_characters
from ecoeco_client.api.chat import chat_create_conversation, chat_list_conversations
from ecoeco_client.api.info import info_get_guide, info_search_items
from ecoeco_client.api.location import location_nearby
from ecoeco_client.api.scan import create_scan, get_scan, scan_history
from ecoeco_client.api.users import users_get_me
from ecoeco_client.models import (
    ConversationIn,
    CreateScanJsonScanCreate,
    DevLoginRequest,
    ErrorResponse,
    ScanOut,
)
from ecoeco_client.types import Unset

from tests.conftest import AppFactory


async def test_a_journey_through_the_generated_client(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        args = {"transport": httpx.ASGITransport(app=running.app)}
        anonymous = Client("http://test", httpx_args=args, raise_on_unexpected_status=True)
        tokens = await auth_dev_login.asyncio(
            client=anonymous, body=DevLoginRequest(email="client@example.com", nickname="생성")
        )
        assert not isinstance(tokens, ErrorResponse)
        assert tokens is not None
        me = AuthenticatedClient(
            "http://test",
            token=tokens.access_token,
            httpx_args=args,
            raise_on_unexpected_status=True,
        )
        session = await auth_current_session.asyncio(client=me)
        assert session is not None
        assert session.authenticated
        profile = await users_get_me.asyncio(client=me)
        assert not isinstance(profile, ErrorResponse)
        assert profile is not None
        assert profile.nickname == "생성"

        accepted = await create_scan.asyncio(
            client=me, body=CreateScanJsonScanCreate(hint="우유팩"), idempotency_key="client-1"
        )
        assert not isinstance(accepted, ErrorResponse)
        assert accepted is not None
        scan: ScanOut | ErrorResponse | None = None
        for _ in range(200):
            scan = await get_scan.asyncio(accepted.id, client=me)
            assert isinstance(scan, ScanOut)
            if scan.status.value in ("done", "needs_confirmation", "failed"):
                break
            await asyncio.sleep(0.05)
        assert isinstance(scan, ScanOut)
        assert scan.status.value == "done"
        assert scan.result
        assert not isinstance(scan.result, Unset)
        category = scan.result.category
        assert category
        assert not isinstance(category, Unset)
        assert category.slug == "paper_pack"
        assert scan.result.guide
        assert scan.result.guide.steps
        history = await scan_history.asyncio(client=me)
        assert not isinstance(history, ErrorResponse)
        assert history is not None
        assert [line.id for line in history.items] == [accepted.id]

        found = await info_search_items.asyncio(client=anonymous, q="페트병")
        assert not isinstance(found, ErrorResponse)
        assert found is not None
        assert found.items
        guide = await info_get_guide.asyncio(found.items[0].category.slug, client=anonymous)
        assert not isinstance(guide, ErrorResponse)
        assert guide is not None
        assert guide.steps
        places = await location_nearby.asyncio(client=anonymous, lat=37.5665, lon=126.978)
        assert not isinstance(places, ErrorResponse)
        assert places is not None
        catalogue = await list_characters.asyncio(client=anonymous)
        assert not isinstance(catalogue, ErrorResponse)
        assert catalogue is not None
        assert catalogue.items
        await my_characters.asyncio(client=me)
        created = await chat_create_conversation.asyncio(client=me, body=ConversationIn())
        assert not isinstance(created, ErrorResponse)
        assert created is not None
        chats = await chat_list_conversations.asyncio(client=me)
        assert not isinstance(chats, ErrorResponse)
        assert chats is not None
        assert [c.id for c in chats.items] == [created.id]

        missing = await get_scan.asyncio("no-such-scan", client=me)
        assert isinstance(missing, ErrorResponse)
        assert missing.error.code == "scan_not_found"
        stranger = AuthenticatedClient(
            "http://test", token="x.y.z", httpx_args=args, raise_on_unexpected_status=True
        )
        refused = await users_get_me.asyncio(client=stranger)
        assert isinstance(refused, ErrorResponse)
        assert refused.error.code == "unauthorized"
        invalid = await location_nearby.asyncio(client=anonymous, lat=91.0, lon=0.0)
        assert isinstance(invalid, ErrorResponse)
        assert invalid.error.code == "validation_error"
        assert invalid.error.details
        assert not isinstance(invalid.error.details, Unset)
