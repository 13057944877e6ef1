"""Photos whose label cannot settle the item: ask with the label's choices, then confirm one.

The ImageNet classifier runs with the shipped labels and knowledge map (which holds the
choices of its ambiguous labels), but with a tiny stand-in model whose answer follows the
photo's colour, so each test photo reads as a known class: red as "cup", green as
"plate", blue as "water bottle", yellow as "toilet tissue" (a label that settles its item).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from PIL import Image

from ecoeco.knowledge import load_knowledge
from ecoeco.workers.ai.settings import AiSettings
from tests.conftest import AppFactory
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos
from tests.unit.ai.tiny_models import build_imagenet_by_colour

RED, GREEN, BLUE, YELLOW = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1.0, 1.0, 0.0)
CUP, PLATE, WATER_BOTTLE, TOILET_TISSUE = 968, 923, 898, 999


@pytest.fixture(scope="module")
def colour_model(tmp_path_factory: pytest.TempPathFactory) -> AiSettings:
    """AiSettings for the ImageNet classifier with the colour stand-in model."""
    path = tmp_path_factory.mktemp("model") / "colours.onnx"
    classes = {CUP: RED, PLATE: GREEN, WATER_BOTTLE: BLUE, TOILET_TISSUE: YELLOW}
    build_imagenet_by_colour(path, classes)
    return AiSettings(model_path=path, intra_op_threads=1)


def _solid(rgb: tuple[float, float, float]) -> bytes:
    colour = tuple(int(channel * 255) for channel in rgb)
    return photos.encode(Image.new("RGB", (160, 120), colour), "JPEG", quality=95)


async def _scan(
    client: httpx.AsyncClient, colour: tuple[float, float, float]
) -> tuple[dict[str, str], str, dict[str, Any]]:
    """A new person scans a photo of that colour; their auth, the scan id and the scan."""
    auth = await login(client)
    key = (await upload(client, auth, _solid(colour))).json()["image_key"]
    created = await client.post("/api/v1/scan", json={"image_key": key}, headers=auth)
    assert created.status_code == 202, created.text
    scan_id = created.json()["id"]
    await follow(client, auth, scan_id)
    return auth, scan_id, (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()


def _offered(scan: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["item"]["id"], c["category"]["slug"]) for c in scan["result"]["candidates"]]


async def test_a_cup_asks_which_cup_and_the_pick_decides(
    app_factory: AppFactory, colour_model: AiSettings
) -> None:
    kb = load_knowledge()
    async with app_factory(settings=[colour_model]) as running:
        client = running.client
        auth, scan_id, scan = await _scan(client, RED)
        assert scan["status"] == "needs_confirmation"
        assert scan["result"]["category"] is None
        assert scan["result"]["guide"] is None
        offered = _offered(scan)
        # a mug first (most cups are ceramic), then the disposable and glass ones
        assert [item for item, _ in offered[:4]] == [
            "ceramics", "plastic_cup", "paper_cup", "drinking_glass",
        ]  # fmt: skip
        assert {c["label"] for c in scan["result"]["candidates"][:4]} == {"cup"}
        assert all(kb.item(item).category == slug for item, slug in offered)
        assert len({slug for _, slug in offered[:4]}) >= 3  # the bins really differ

        confirmed = await client.post(
            f"/api/v1/scan/{scan_id}/confirm", json={"item": "plastic_cup"}, headers=auth
        )
        assert confirmed.status_code == 202, confirmed.text
        events = await follow(client, auth, scan_id)
        assert [e.event for e in events][-4:] == ["rule", "answer", "reward", "done"]
        done = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
        assert done["status"] == "done"
        assert done["result"]["source"] == "confirmation"
        assert done["result"]["item"]["id"] == "plastic_cup"
        assert done["result"]["category"]["slug"] == "plastic"
        assert done["result"]["guide"]["steps"]


@pytest.mark.parametrize(
    ("colour", "label", "expected"),
    [
        # the meal on the plate is food waste; the plate itself is not
        (GREEN, "plate", {"leftover_food": "food", "ceramics": "non_combustible"}),
        # a clear bottle goes to its own bin, a coloured one with plastics
        (BLUE, "water bottle", {"clear_pet_bottle": "clear_pet", "colored_pet_bottle": "plastic"}),
    ],
)
async def test_a_plate_or_a_bottle_offers_what_it_may_be(
    app_factory: AppFactory,
    colour_model: AiSettings,
    colour: tuple[float, float, float],
    label: str,
    expected: dict[str, str],
) -> None:
    async with app_factory(settings=[colour_model]) as running:
        client = running.client
        auth, scan_id, scan = await _scan(client, colour)
        assert scan["status"] == "needs_confirmation"
        offered = dict(_offered(scan))
        assert expected.items() <= offered.items()
        assert scan["result"]["candidates"][0]["label"] == label

        first = next(iter(expected))
        await client.post(f"/api/v1/scan/{scan_id}/confirm", json={"item": first}, headers=auth)
        await follow(client, auth, scan_id)
        done = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
        assert (done["status"], done["result"]["category"]["slug"]) == ("done", expected[first])


async def test_a_label_that_settles_its_item_is_decided_without_asking(
    app_factory: AppFactory, colour_model: AiSettings
) -> None:
    async with app_factory(settings=[colour_model]) as running:
        _, _, scan = await _scan(running.client, YELLOW)
        assert scan["status"] == "done"
        assert scan["result"]["source"] == "vision"
        assert scan["result"]["item"]["id"] == "tissue"


def test_the_stand_in_model_reads_the_colours_as_their_classes(colour_model: AiSettings) -> None:
    """Guards the fixture: each colour's photo reads as its class, clearly."""
    from ecoeco.workers.ai.adapters.factory import build_classifier
    from ecoeco.workers.ai.vision import decode

    classifier = build_classifier(colour_model)
    for colour, label in ((RED, "cup"), (GREEN, "plate"), (BLUE, "water bottle")):
        result = classifier.classify(decode(_solid(colour)))
        assert result.raw_labels[0][0] == label
        assert result.raw_labels[0][1] > 0.9
        assert result.best is not None
        assert result.best.ambiguous
        assert len(result.best.choices) >= 2
