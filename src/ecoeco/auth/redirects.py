"""The frontend allow-list for OAuth redirect targets."""

from __future__ import annotations

from urllib.parse import urlsplit


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute URL, or None when it cannot be trusted."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname or parts.username or parts.password:
        return None
    if parts.fragment or "\\" in url or any(ord(ch) < 0x21 for ch in url):
        return None
    host = parts.hostname.lower()
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def check_redirect(url: str, allowed_origins: list[str]) -> bool:
    """True when the URL's origin is exactly one of the allowed origins."""
    origin = origin_of(url)
    if origin is None:
        return False
    allowed = {o for o in (origin_of(a.rstrip("/")) for a in allowed_origins) if o}
    return origin in allowed
