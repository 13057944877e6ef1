"""Random bytes for ids, read from the kernel a page at a time.

Every scan makes six ids (its job, three messages, two request ids), and each one was
an `os.urandom` call: a system call during which the event loop's thread lets go of the
interpreter lock, so a CPU-pool thread waiting for it takes it, and the loop then waits
for it back (a scan's hot path, on two busy cores). The bytes here come from the same
source (`os.urandom`), read 4 KiB at a time and handed out in order, never twice; a
forked child starts with none of its parent's.
"""

from __future__ import annotations

import os
import threading

PAGE = 4096  # bytes read from the kernel at once (a few hundred ids)


class _Pool:
    """Unused kernel random bytes, taken from the front."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data = b""
        self._at = 0

    def take(self, size: int) -> bytes:
        """`size` bytes no one else was given."""
        with self._lock:
            end = self._at + size
            if end > len(self._data):
                self._data, self._at, end = os.urandom(max(PAGE, size)), 0, size
            taken = self._data[self._at : end]
            self._at = end
            return taken

    def forget(self) -> None:
        """Drop what is left (in a forked child: its parent hands those out too)."""
        self._lock = threading.Lock()
        self._data, self._at = b"", 0


_pool = _Pool()
os.register_at_fork(after_in_child=_pool.forget)


def random_bytes(size: int) -> bytes:
    """`size` bytes from the kernel's random source (as `os.urandom`)."""
    return _pool.take(size)


def random_bits(bits: int) -> int:
    """A non-negative int of `bits` random bits (as `secrets.randbits`)."""
    value = int.from_bytes(random_bytes((bits + 7) // 8), "big")
    return value >> (-bits % 8)


def random_hex(size: int) -> str:
    """`size` random bytes as lower-case hex (2 × `size` characters)."""
    return random_bytes(size).hex()
