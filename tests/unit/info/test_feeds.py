"""Parsing feed bodies into article rows: text, images, dates, and malformed feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ecoeco.info.feeds import FeedError, parse
from ecoeco.info.settings import FeedSource, InfoSettings

FIXTURES = Path(__file__).parents[2] / "fixtures" / "feeds"
FEED = FeedSource(url="https://news.example.org/rss", name="news", category="recycling")


def test_rss_entries_become_deduplicated_articles() -> None:
    rows = parse(FEED, (FIXTURES / "recycling.rss.xml").read_bytes(), "application/rss+xml")
    urls = [r["url"] for r in rows]
    assert urls == [
        "https://news.example.org/articles/pet-bottles",
        "https://news.example.org/articles/ice-packs",
        "https://news.example.org/articles/batteries",
    ]
    pet, ice, battery = rows
    assert pet["published_at"] == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
    assert pet["summary"] == "라벨을 떼고 찌그러뜨려 뚜껑을 닫아 배출합니다."
    assert pet["image"] == "https://img.example.org/pet.jpg"
    assert ice["image"] == "https://img.example.org/ice.png"
    assert battery["image"] == "https://img.example.org/battery.jpg"
    assert {r["source"] for r in rows} == {"news"}
    assert {r["category"] for r in rows} == {"recycling"}


def test_atom_entries_use_published_then_updated() -> None:
    rows = parse(FEED, (FIXTURES / "policy.atom.xml").read_bytes(), "application/atom+xml")
    by_url = {r["url"]: r for r in rows}
    cups = by_url["https://policy.example.net/notes/cups"]
    rfid = by_url["https://policy.example.net/notes/rfid-bins"]
    assert cups["published_at"] == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert rfid["published_at"] == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert rfid["summary"] == "Pay by weight."
    assert cups["image"] is None


def test_future_dates_are_clamped_and_missing_dates_default_to_now() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>future</title><link>https://e.org/f</link>"
        b"<pubDate>sometime soon</pubDate></item>"
        b"<item><title>later</title><link>https://e.org/l</link>"
        b"<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>"
        b"<item><link>https://e.org/untitled</link></item>"
        b"<item><title>no link</title></item>"
        b"</channel></rss>"
    )
    before = datetime.now(UTC)
    rows = {r["url"]: r for r in parse(FEED, body, "application/rss+xml")}
    after = datetime.now(UTC)
    assert set(rows) == {"https://e.org/f", "https://e.org/l", "https://e.org/untitled"}
    for row in rows.values():
        assert before <= row["published_at"] <= after
    assert rows["https://e.org/untitled"]["title"] == "https://e.org/untitled"


@pytest.mark.parametrize(
    "body",
    [
        (FIXTURES / "malformed.xml").read_bytes(),
        b"<html><body><p>Not a feed</p></body></html>",
        b"",
    ],
)
def test_malformed_bodies_raise(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse(FEED, body, "application/rss+xml")


def test_feeds_setting_is_a_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "ECOECO_INFO_FEEDS",
        '[{"url": "https://a.example.com/rss"}, {"url": "https://b.example.com/atom",'
        ' "name": "b", "category": "policy"}]',
    )
    settings = InfoSettings()
    assert [f.name for f in settings.feeds] == ["a.example.com", "b"]
    assert [f.category for f in settings.feeds] == ["news", "policy"]
    monkeypatch.setenv("ECOECO_INFO_FEEDS", '[{"url": "not a url"}]')
    with pytest.raises(ValueError, match="url"):
        InfoSettings()
    monkeypatch.delenv("ECOECO_INFO_FEEDS")
    assert InfoSettings().feeds == []
