"""Whether a chat socket may stay open: its token and its person, checked again and again.

A socket is authenticated by its first frame, then re-checked before every frame it
handles and by a watchdog at least every `socket_recheck_seconds` (and at the moment
the token expires). The close code says why it ended: 4401 when the token expired or
was revoked (logout, a revoked refresh family), 4403 when the account was erased,
1013 when revocation cannot be checked right now.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ecoeco.chat.runtime import ChatRuntime
from ecoeco.core.errors import Unauthorized
from ecoeco.core.security.tokens import Principal, recently_erased

TOKEN_ENDED = 4401
ACCOUNT_ERASED = 4403
TRY_AGAIN_LATER = 1013
# The verifier accepts a token this many seconds past `exp`; wake just after that.
_EXPIRY_SLACK = 6.0

REASONS = {
    TOKEN_ENDED: ("session_ended", "The session ended (logged out, revoked or expired)."),
    ACCOUNT_ERASED: ("account_deleted", "This account was deleted."),
    TRY_AGAIN_LATER: ("service_unavailable", "Cannot check the session now; reconnect."),
}


@dataclass
class SocketAccess:
    """The token a socket was opened with, and who it proved to be."""

    chat: ChatRuntime
    principal: Principal
    token: str

    async def refusal(self) -> int | None:
        """The close code when the socket must close now, else None."""
        cache = self.chat.cache
        try:
            if await recently_erased(cache, self.principal.user_id):
                return ACCOUNT_ERASED
            self.principal = await self.chat.verifier.verify(self.token)
        except Unauthorized:
            return TOKEN_ENDED
        except Exception:
            return TRY_AGAIN_LATER
        return None

    def next_check_in(self, every: float) -> float:
        """Seconds until the watchdog must look again: `every`, or sooner at expiry."""
        until_expiry = self.principal.expires_at + _EXPIRY_SLACK - time.time()
        return max(0.05, min(every, until_expiry))


async def open_access(chat: ChatRuntime, token: str) -> SocketAccess | None:
    """The access a first-frame token grants, or None when it grants none."""
    try:
        principal = await chat.verifier.verify(token)
    except Unauthorized:
        return None
    access = SocketAccess(chat, principal, token)
    if await recently_erased(chat.cache, principal.user_id):
        return None
    return access
