"""The collector reaches public addresses only, redirects included; news is plain text."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from ecoeco.core.egress import is_public
from ecoeco.info.collector import collect_news
from ecoeco.info.settings import FeedSource, InfoSettings
from tests.conftest import AppFactory
from tests.e2e.info.conftest import BASE_TIME, Document, Entry, FeedServer, _handler, rss

NEWS = "/api/v1/info/news"


@pytest.fixture
def second_loopback() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.2, an address no test allows."""
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), _handler(state))
    state.base = f"http://127.0.0.2:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # instance metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00:ec2::254", False),  # instance metadata over IPv6
        ("::ffff:127.0.0.1", False),
    ],
)
def test_what_counts_as_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


async def test_private_feeds_and_redirects_to_private_addresses_are_refused(
    app_factory: AppFactory, feed_server: FeedServer, second_loopback: FeedServer
) -> None:
    port = feed_server.base.rsplit(":", 1)[1]
    body = rss([Entry("ok", "괜찮은 기사", BASE_TIME)])
    feed_server.documents["/feed.xml"] = Document(body)
    second_loopback.documents["/inner.xml"] = Document(body)
    for path, target in {
        "/to-metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "/to-private": "http://10.0.0.1/feed.xml",
        "/to-cgnat": "http://100.64.0.1/feed.xml",
        "/to-other-loopback": second_loopback.url("/inner.xml"),
        "/to-ipv6-loopback": f"http://[::1]:{port}/feed.xml",
        "/to-allowed": feed_server.url("/feed.xml"),
    }.items():
        feed_server.documents[path] = Document(b"", status=302, location=target)

    def feeds(*paths: str) -> list[FeedSource]:
        return [FeedSource(url=feed_server.url(p), name=p.strip("/")) for p in paths]

    redirects = ["/to-metadata", "/to-private", "/to-cgnat", "/to-other-loopback"]
    async with app_factory(["info"]) as running:
        closed = InfoSettings(feeds=feeds("/feed.xml"), feed_allowed_networks=[])
        report = await collect_news(running.container.db, running.container.cache, closed)
        assert [(o.result, o.new_articles) for o in report.feeds] == [("error", 0)]
        assert "not a public address" in (report.feeds[0].error or "")
        assert feed_server.seen("/feed.xml") == []
        by_name = InfoSettings(
            feeds=[FeedSource(url=f"http://localhost:{port}/feed.xml", name="localhost")],
            feed_allowed_networks=[],
        )
        assert (await collect_news(running.container.db, running.container.cache, by_name)).feeds[
            0
        ].result == "error"
        assert feed_server.seen("/feed.xml") == []

        loopback_only = InfoSettings(
            feeds=feeds(*redirects, "/to-ipv6-loopback"), feed_allowed_networks=["127.0.0.1/32"]
        )
        report = await collect_news(running.container.db, running.container.cache, loopback_only)
        for outcome in report.feeds:
            assert outcome.result == "error", outcome
            assert "not a public address" in (outcome.error or ""), outcome
        assert second_loopback.requests == []
        assert feed_server.seen("/feed.xml") == []
        assert (await running.client.get(NEWS)).json()["items"] == []

        allowed = InfoSettings(feeds=feeds("/to-allowed"), feed_allowed_networks=["127.0.0.1/32"])
        report = await collect_news(running.container.db, running.container.cache, allowed)
        assert [(o.result, o.new_articles) for o in report.feeds] == [("ok", 1)]


TITLE = (
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"
    "&#xC885;&#xC774;&#xD329; &amp;amp; &#xCEF5;"
)
SUMMARY = (
    "&lt;p&gt;&amp;lt;img src=x onerror=alert(2)&amp;gt;5 &amp;lt; 6&lt;/p&gt;"
    "&lt;script&gt;steal()&lt;/script&gt;"
)
HOSTILE_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
    "<link>https://n.example.org</link><description>d</description>"
    f"<item><title>{TITLE}</title><link>https://n.example.org/a/1</link>"
    f"<description>{SUMMARY}</description>"
    "<pubDate>Wed, 25 Nov 2026 09:00:00 +0900</pubDate></item></channel></rss>"
).encode()


async def test_news_text_is_unescaped_then_stripped_and_served_as_plain_text(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.documents["/hostile.xml"] = Document(HOSTILE_FEED)
    settings = InfoSettings(feeds=[FeedSource(url=feed_server.url("/hostile.xml"), name="h")])
    async with app_factory(["info"]) as running:
        report = await collect_news(running.container.db, running.container.cache, settings)
        assert report.new_articles == 1
        article = (await running.client.get(NEWS)).json()["items"][0]
    assert article["title"] == "종이팩 & 컵"
    assert article["summary"] == "5 < 6"
    for text in (article["title"], article["summary"]):
        for markup in ("<script", "<img", "&lt;"):
            assert markup not in text
