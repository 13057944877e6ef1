"""The catalogue endpoints: pages, caching by data version, ETags and error shapes."""

from __future__ import annotations

from pathlib import Path

import yaml
from prometheus_client import REGISTRY

from ecoeco.character import CharacterRuntime
from ecoeco.character.catalogue import DATA_FILE, load_catalogue
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, auth_header

BASE = "/api/v1/characters"


def cache_count(result: str) -> float:
    value = REGISTRY.get_sample_value(
        "ecoeco_cache_requests_total", {"cache": "characters", "result": result}
    )
    return value or 0.0


async def test_catalogue_pages_through_every_character(app_factory: AppFactory) -> None:
    async with app_factory(["character"]) as running:
        client = running.client
        whole = await client.get(BASE)
        assert whole.status_code == 200, whole.text
        body = whole.json()
        assert body["next_cursor"] is None
        codes = [c["code"] for c in body["items"]]
        assert len(codes) == 13
        assert body["items"][0]["starter"] is True
        assert body["items"][0]["category"] is None
        bottle = next(c for c in body["items"] if c["category"] == "clear_pet")
        assert set(bottle) == {
            "code",
            "name",
            "category",
            "dialogue",
            "rarity",
            "image_key",
            "starter",
        }
        assert all((bottle["name"]["ko"], bottle["name"]["en"], bottle["dialogue"]["ko"]))

        paged: list[str] = []
        cursor = None
        while True:
            params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
            page = (await client.get(BASE, params=params)).json()
            paged += [c["code"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert paged == codes

        one = await client.get(f"{BASE}/{bottle['code']}")
        assert one.status_code == 200
        assert one.json() == bottle


async def test_bad_requests_answer_in_the_error_shape(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["character"]) as running:
        client = running.client
        cases = [
            (f"{BASE}/nobody_here", {}, 404, "not_found"),
            (f"{BASE}/Bad-Code!", {}, 422, "validation_error"),
            (BASE, {"limit": 0}, 422, "validation_error"),
            (BASE, {"limit": 101}, 422, "validation_error"),
            (BASE, {"cursor": "not-a-cursor"}, 400, "bad_request"),
            (BASE, {"cursor": "WzEwMDBd"}, 400, "bad_request"),  # [1000]: past the end
            (f"{BASE}/me", {}, 401, "unauthorized"),
            (f"{BASE}/me/points", {}, 401, "unauthorized"),
        ]
        for path, params, status, code in cases:
            response = await client.get(path, params=params)
            assert response.status_code == status, (path, params, response.text)
            assert response.json()["error"]["code"] == code
            assert response.json()["error"]["message"]
        headers = auth_header(signer)
        for cursor in ("WyJ4Il0", "WyJub3QgYSB0aW1lIiwgImEiXQ"):  # ["x"]; ["not a time", "a"]
            mine = await client.get(f"{BASE}/me", headers=headers, params={"cursor": cursor})
            assert mine.status_code == 400, mine.text
            assert mine.json()["error"]["code"] == "bad_request"


async def test_etag_answers_not_modified(app_factory: AppFactory) -> None:
    async with app_factory(["character"]) as running:
        client = running.client
        first = await client.get(BASE)
        etag = first.headers["etag"]
        again = await client.get(BASE, headers={"If-None-Match": etag})
        assert again.status_code == 304
        detail = await client.get(f"{BASE}/{first.json()['items'][1]['code']}")
        assert detail.headers["etag"] == etag
        stale = await client.get(BASE, headers={"If-None-Match": '"old"'})
        assert stale.status_code == 200


async def test_catalogue_is_cached_until_the_data_version_changes(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    async with app_factory(["character"]) as running:
        client = running.client
        characters = running.runtime(CharacterRuntime)
        shipped = characters.catalogue
        key = f"characters:catalogue:{shipped.version}"
        misses, hits = cache_count("miss"), cache_count("hit")
        first = (await client.get(BASE)).json()
        assert await running.container.cache.get(key) is not None
        second = (await client.get(BASE)).json()
        assert first == second
        assert cache_count("miss") == misses + 1
        assert cache_count("hit") == hits + 1

        data = yaml.safe_load(DATA_FILE.read_bytes())
        data["characters"][1]["name"] = {"ko": "새이름", "en": "Renamed"}
        edited = tmp_path / "characters.yaml"
        edited.write_bytes(yaml.safe_dump(data, allow_unicode=True).encode())
        characters.catalogue = load_catalogue(edited)
        fresh = await client.get(BASE, headers={"If-None-Match": f'"{shipped.version}"'})
        assert fresh.status_code == 200
        assert fresh.json()["items"][1]["name"] == {"ko": "새이름", "en": "Renamed"}
        assert fresh.headers["etag"] != f'"{shipped.version}"'
        assert cache_count("miss") == misses + 2
