"""Canonical article URLs used to dedupe news."""

from __future__ import annotations

import pytest

from ecoeco.info.canonical import canonical_url


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://News.Example.org/a/b/", "https://news.example.org/a/b"),
        (
            "HTTPS://news.example.org:443/a?utm_source=rss&utm_medium=x",
            "https://news.example.org/a",
        ),
        ("https://news.example.org/a?id=3&utm_campaign=y#top", "https://news.example.org/a?id=3"),
        ("http://news.example.org:80/", "http://news.example.org"),
        ("http://news.example.org:8080/x", "http://news.example.org:8080/x"),
        ("https://e.org/a?fbclid=abc&page=2", "https://e.org/a?page=2"),
        ("https://e.org/a?b=1&a=2", "https://e.org/a?b=1&a=2"),
        ("http://[::1]:80/x/", "http://[::1]/x"),
        ("  https://e.org/path  ", "https://e.org/path"),
    ],
)
def test_canonical_forms(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    ["", "/relative/path", "ftp://e.org/file", "mailto:a@e.org", "https://", "http://e.org:99999/"],
)
def test_not_article_urls(raw: str) -> None:
    assert canonical_url(raw) is None


def test_same_article_with_tracking_is_one_url() -> None:
    variants = [
        "https://news.example.org/articles/pet-bottles/?utm_source=rss",
        "https://NEWS.example.org/articles/pet-bottles#comments",
        "https://news.example.org/articles/pet-bottles?utm_campaign=again",
    ]
    assert len({canonical_url(v) for v in variants}) == 1
