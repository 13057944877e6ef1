"""Fetching one RSS/Atom feed with conditional GET, and turning its entries into articles."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser
import httpx

from ecoeco.core.text import CONTROL
from ecoeco.info.canonical import canonical_url
from ecoeco.info.settings import FeedSource

_HIDDEN = frozenset({"script", "style", "noscript", "template"})
_SPACES = re.compile(r"\s+")
_IMG = re.compile(r"<img[^>]+src=[\"']([^\"']+)[\"']", re.IGNORECASE)
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
SUMMARY_CHARS = 1000


class FeedError(Exception):
    """A feed could not be fetched or is not a well-formed feed."""


@dataclass(frozen=True)
class Validators:
    """What the server said identifies this version of the feed."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FetchedFeed:
    """The outcome of one conditional GET: not modified, or a body with new validators."""

    not_modified: bool
    body: bytes = b""
    content_type: str = ""
    validators: Validators = field(default_factory=Validators)


async def fetch(
    client: httpx.AsyncClient, feed: FeedSource, known: Validators, max_bytes: int
) -> FetchedFeed:
    """GET the feed, sending the stored validators; raises FeedError on any failure."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9"}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    try:
        async with client.stream("GET", str(feed.url), headers=headers) as response:
            if response.status_code == 304:
                return FetchedFeed(not_modified=True, validators=known)
            if response.status_code != 200:
                raise FeedError(f"HTTP {response.status_code}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FeedError(f"larger than {max_bytes} bytes")
                chunks.append(chunk)
            validators = Validators(
                response.headers.get("etag"), response.headers.get("last-modified")
            )
            content_type = response.headers.get("content-type", "")
    except httpx.HTTPError as exc:
        raise FeedError(f"{type(exc).__name__}: {exc}") from exc
    return FetchedFeed(False, b"".join(chunks), content_type, validators)


def parse(feed: FeedSource, body: bytes, content_type: str) -> list[dict[str, Any]]:
    """Article rows from a feed body; raises FeedError for a malformed feed."""
    parsed = feedparser.parse(
        body,
        response_headers={"content-type": content_type, "content-location": str(feed.url)},
        sanitize_html=False,
    )
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, _HARMLESS):
        raise FeedError(f"malformed feed: {problem}")
    if not parsed.get("version"):
        raise FeedError("not an RSS or Atom feed")
    now = datetime.now(UTC)
    rows: dict[str, dict[str, Any]] = {}
    for entry in parsed.entries:
        url = canonical_url(str(entry.get("link") or ""))
        if url is None or url in rows or len(url) > 2048:
            continue
        summary = plain_text(str(entry.get("summary") or ""))
        rows[url] = {
            "url": url,
            "title": plain_text(str(entry.get("title") or ""))[:500] or url[:500],
            "source": feed.name,
            "category": feed.category,
            "published_at": _published(entry, now),
            "summary": summary[:SUMMARY_CHARS],
            "image": _image(entry),
        }
    return list(rows.values())


class _PlainText(HTMLParser):
    """Collects the text of a fragment: tags dropped, script and style dropped whole."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in _HIDDEN
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")  # escaped twice by the feed: it is text now

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def plain_text(markup: str) -> str:
    """Plain text of an HTML fragment: unescaped first, then stripped of every tag.

    In that order, markup that arrives escaped (`&lt;script&gt;`) is removed too instead
    of coming out live; what is stored is text, never HTML.
    """
    parser = _PlainText()
    parser.feed(html.unescape(markup))
    parser.close()
    text = CONTROL.sub(" ", "".join(parser.parts))
    return _SPACES.sub(" ", text).strip()


def _published(entry: Any, now: datetime) -> datetime:
    """When the entry was published, never in the future; now when the feed does not say."""
    # Plain dict look-ups: FeedParserDict's own `get` maps one key onto the other, with a warning.
    stamp: time.struct_time | None = dict.get(entry, "published_parsed") or dict.get(
        entry, "updated_parsed"
    )
    if stamp is None:
        return now
    try:
        moment = datetime(*stamp[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return now
    return min(moment, now)


def _image(entry: Any) -> str | None:
    """The entry's picture: media thumbnail or content, an image enclosure, or an inline img."""
    candidates: list[str] = []
    for media in (*entry.get("media_thumbnail", ()), *entry.get("media_content", ())):
        if str(media.get("medium", "image")) == "image" or "image" in str(media.get("type", "")):
            candidates.append(str(media.get("url") or ""))
    for link in entry.get("links", ()):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            candidates.append(str(link.get("href") or ""))
    inline = _IMG.search(str(entry.get("summary") or ""))
    if inline:
        candidates.append(html.unescape(inline.group(1)))
    for url in candidates:
        if url.startswith(("http://", "https://")) and len(url) <= 2048:
            return url
    return None
