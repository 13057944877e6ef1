"""A local OAuth2 authorization server speaking for Kakao, Naver and Google.

It runs as a real HTTP server (uvicorn in a thread, on a free port) and implements the
authorization-code grant with PKCE (S256), single-use codes, and each provider's own
token-error and profile response shapes. Tests play the browser: `sign_in` opens the
authorization URL as a given person, consents or declines, and returns the query the
provider redirected back with.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

PROVIDERS = ("kakao", "naver", "google")
CODE_TTL = 60.0


@dataclass(frozen=True)
class FakeUser:
    """A person with an account at the provider."""

    id: str
    email: str | None = None
    nickname: str | None = None
    email_verified: bool = True


@dataclass
class _Grant:
    provider: str
    client_id: str
    redirect_uri: str
    user: FakeUser
    challenge: str | None
    issued: float = field(default_factory=time.monotonic)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class FakeOAuthProvider:
    """Kakao, Naver and Google authorization servers behind one local HTTP server."""

    def __init__(self) -> None:
        self.clients = {p: (f"{p}-client", f"{p}-secret") for p in PROVIDERS}
        self.users: dict[str, FakeUser] = {}
        self._grants: dict[str, _Grant] = {}
        self._tokens: dict[str, tuple[str, FakeUser]] = {}
        self.token_requests: list[dict[str, str]] = []
        # (client address, port) of every token and profile request: one port, one connection.
        self.peers: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> FakeOAuthProvider:
        """Serve on a free local port until `stop`."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake OAuth provider did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=5)

    def endpoints(self, provider: str) -> dict[str, Any]:
        """Settings for one provider (fits `ProviderSettings`)."""
        client_id, secret = self.clients[provider]
        return {
            "client_id": client_id,
            "client_secret": secret,
            "authorize_url": f"{self.base_url}/{provider}/authorize",
            "token_url": f"{self.base_url}/{provider}/token",
            "profile_url": f"{self.base_url}/{provider}/me",
            "scope": "openid email profile" if provider == "google" else "",
            "pkce": provider != "naver",
        }

    # -- the browser's side ----------------------------------------------------------

    async def sign_in(
        self, authorization_url: str, user: FakeUser, *, consent: bool = True
    ) -> dict[str, str]:
        """Open the authorization URL as `user`; the query string of the redirect back."""
        self.users[user.id] = user
        extra = urlencode({"fake_user": user.id, "fake_consent": "yes" if consent else "no"})
        async with httpx.AsyncClient() as client:
            response = await client.get(f"{authorization_url}&{extra}")
        if response.status_code != 302:
            raise AssertionError(f"provider refused: {response.status_code} {response.text}")
        return dict(parse_qsl(urlsplit(response.headers["location"]).query))

    # -- the server's side -----------------------------------------------------------

    def app(self) -> Starlette:
        """The ASGI app."""
        return Starlette(
            routes=[
                Route("/{provider}/authorize", self._authorize, methods=["GET"]),
                Route("/{provider}/token", self._token, methods=["POST"]),
                Route("/{provider}/me", self._profile, methods=["GET", "POST"]),
            ]
        )

    async def _authorize(self, request: Request) -> Response:
        provider = request.path_params["provider"]
        q = request.query_params
        if provider not in PROVIDERS or q.get("client_id") != self.clients[provider][0]:
            return PlainTextResponse("unknown client", status_code=400)
        if q.get("response_type") != "code" or not q.get("redirect_uri"):
            return PlainTextResponse("bad authorization request", status_code=400)
        challenge = q.get("code_challenge")
        if challenge is not None and q.get("code_challenge_method") != "S256":
            return PlainTextResponse("only S256 is supported", status_code=400)
        user = self.users.get(q.get("fake_user", ""))
        if user is None:
            return PlainTextResponse("nobody signed in", status_code=400)
        back: dict[str, str] = {}
        if q.get("fake_consent") == "no":
            back["error"] = "access_denied"
            back["error_description"] = "User denied access"
        else:
            code = secrets.token_urlsafe(24)
            with self._lock:
                self._grants[code] = _Grant(
                    provider, q["client_id"], q["redirect_uri"], user, challenge
                )
            back["code"] = code
        if "state" in q:
            back["state"] = q["state"]
        sep = "&" if "?" in q["redirect_uri"] else "?"
        return RedirectResponse(f"{q['redirect_uri']}{sep}{urlencode(back)}", status_code=302)

    def _token_error(self, provider: str, error: str, description: str) -> Response:
        if provider == "naver":  # Naver answers 200 with an error body
            return JSONResponse({"error": error, "error_description": description})
        body = {"error": error, "error_description": description}
        if provider == "kakao":
            body["error_code"] = "KOE320"
        return JSONResponse(body, status_code=400)

    def _peer(self, request: Request) -> None:
        if request.client is not None:
            self.peers.append((request.client.host, request.client.port))

    async def _token(self, request: Request) -> Response:
        provider = request.path_params["provider"]
        self._peer(request)
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append({"provider": provider, **form})
        client_id, secret = self.clients.get(provider, ("", ""))
        if form.get("client_id") != client_id or form.get("client_secret") != secret:
            return self._token_error(provider, "invalid_client", "bad client credentials")
        if form.get("grant_type") != "authorization_code":
            return self._token_error(provider, "unsupported_grant_type", "grant_type")
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)
        if grant is None or grant.provider != provider:
            return self._token_error(provider, "invalid_grant", "authorization code not found")
        if time.monotonic() - grant.issued > CODE_TTL:
            return self._token_error(provider, "invalid_grant", "authorization code expired")
        if form.get("redirect_uri") != grant.redirect_uri:
            return self._token_error(provider, "invalid_grant", "redirect_uri mismatch")
        if grant.challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or _s256(verifier) != grant.challenge:
                return self._token_error(provider, "invalid_grant", "code_verifier mismatch")
        if provider == "naver" and not form.get("state"):
            return self._token_error(provider, "invalid_request", "state is required")
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = (provider, grant.user)
        body: dict[str, Any] = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": secrets.token_urlsafe(24),
        }
        if provider == "google":
            body["scope"] = "openid email profile"
        return JSONResponse(body)

    async def _profile(self, request: Request) -> Response:
        provider = request.path_params["provider"]
        self._peer(request)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        found = self._tokens.get(token) if scheme.lower() == "bearer" else None
        if found is None or found[0] != provider:
            if provider == "kakao":
                return JSONResponse({"msg": "this access token does not exist", "code": -401}, 401)
            if provider == "naver":
                return JSONResponse({"resultcode": "024", "message": "Authentication failed"}, 401)
            return JSONResponse({"error": "invalid_token"}, 401)
        user = found[1]
        if provider == "kakao":
            return JSONResponse(
                {
                    "id": int(user.id) if user.id.isdigit() else user.id,
                    "connected_at": "2026-11-27T00:00:00Z",
                    "kakao_account": {
                        "profile_nickname_needs_agreement": False,
                        "profile": {"nickname": user.nickname, "is_default_nickname": False},
                        "has_email": user.email is not None,
                        "email_needs_agreement": False,
                        "is_email_valid": user.email is not None,
                        "is_email_verified": user.email_verified,
                        "email": user.email,
                    },
                }
            )
        if provider == "naver":
            return JSONResponse(
                {
                    "resultcode": "00",
                    "message": "success",
                    "response": {"id": user.id, "nickname": user.nickname, "email": user.email},
                }
            )
        return JSONResponse(
            {
                "sub": user.id,
                "name": user.nickname,
                "email": user.email,
                "email_verified": user.email_verified,
                "picture": f"{self.base_url}/pictures/{user.id}.png",
            }
        )
