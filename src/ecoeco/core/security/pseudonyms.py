"""Pseudonyms of erased accounts: a keyed hash of the id, never the id itself.

The deletion record and the tombstones that keep late events from bringing a person
back hold `pseudonym(key, user_id)`: whoever knows an id (from a restored backup, say)
and the key can recognise it; nobody can read the id back. Every process of one
deployment must share the key (`ECOECO_ERASURE_KEY_FILE`); without one, a key is
generated under the data directory (development and the embedded mode).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ecoeco.core.settings import CoreSettings


def _load_or_create(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_hex(32).encode())
    try:
        os.link(aside, path)  # processes starting together agree on the first key
    except FileExistsError:
        pass  # another process linked its key first: that one is the key
    finally:
        aside.unlink()
    return path.read_bytes().strip()


def erasure_key(settings: CoreSettings) -> bytes:
    """The deployment's key for pseudonyms (generated in the data directory if none is set)."""
    if settings.erasure_key_file is not None:
        return settings.erasure_key_file.read_bytes().strip()
    return _load_or_create(settings.data_dir / "keys" / "erasure.key")


def pseudonym(key: bytes, user_id: str) -> str:
    """The keyed hash standing for an erased account (64 hex digits)."""
    return hmac.new(key, user_id.encode(), hashlib.sha256).hexdigest()
