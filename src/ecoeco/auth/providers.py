"""OAuth2 authorization code with PKCE for Kakao, Naver and Google (Authlib + httpx)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from ecoeco.auth.errors import CodeRejected, ProviderUnavailable
from ecoeco.auth.settings import ProviderSettings
from ecoeco.core.http import HttpClients


@dataclass(frozen=True)
class ProviderProfile:
    """Who the provider says the person is."""

    provider: str
    provider_user_id: str
    email: str | None
    nickname: str | None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_profile(provider: str, data: Any) -> ProviderProfile:
    """Read a provider's profile response in its own shape; emails only when verified."""
    if not isinstance(data, dict):
        raise ProviderUnavailable(f"{provider} returned an unreadable profile")
    if provider == "kakao":
        account = data.get("kakao_account") or {}
        profile = account.get("profile") or {}
        user_id = data.get("id")
        verified = account.get("is_email_valid") and account.get("is_email_verified")
        email = _text(account.get("email")) if verified else None
        nickname = _text(profile.get("nickname"))
    elif provider == "naver":
        if data.get("resultcode") != "00":
            raise ProviderUnavailable("naver refused the profile request")
        body = data.get("response") or {}
        user_id, email = body.get("id"), _text(body.get("email"))
        nickname = _text(body.get("nickname")) or _text(body.get("name"))
    elif provider == "google":
        user_id = data.get("sub")
        email = _text(data.get("email")) if data.get("email_verified") is True else None
        nickname = _text(data.get("name"))
    else:
        raise ValueError(f"unknown provider {provider}")
    if not isinstance(user_id, str | int) or isinstance(user_id, bool) or str(user_id) == "":
        raise ProviderUnavailable(f"{provider} profile has no user id")
    return ProviderProfile(provider, str(user_id), email.lower() if email else None, nickname)


class OAuthProvider:
    """One provider's authorization-code flow: the URL, the code exchange, the profile."""

    def __init__(
        self, name: str, settings: ProviderSettings, http: HttpClients, *, timeout: float
    ) -> None:
        self.name = name
        self.settings = settings
        self.http = http  # the process's pooled clients: one per provider origin
        self.timeout = timeout

    def authorization_url(self, *, redirect_uri: str, state: str, verifier: str | None) -> str:
        """Where to send the browser to log in and consent."""
        params: dict[str, str] = {}
        if self.settings.scope:
            params["scope"] = self.settings.scope
        if verifier is not None:
            params["code_challenge"] = create_s256_code_challenge(verifier)
            params["code_challenge_method"] = "S256"
        url: str = prepare_grant_uri(
            self.settings.authorize_url,
            client_id=self.settings.client_id,
            response_type="code",
            redirect_uri=redirect_uri,
            state=state,
            **params,
        )
        return url

    async def exchange(
        self, *, code: str, redirect_uri: str, state: str, verifier: str | None
    ) -> str:
        """Trade the authorization code for the provider's access token."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": self.settings.client_id or "",
        }
        if self.settings.client_secret:
            form["client_secret"] = self.settings.client_secret
        if verifier is not None:
            form["code_verifier"] = verifier
        if self.name == "naver":
            form["state"] = state
        try:
            url = self.settings.token_url
            response = await self.http.for_url(url).post(
                url, data=form, headers={"Accept": "application/json"}, timeout=self.timeout
            )
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(f"{self.name} token endpoint failed") from exc
        if response.status_code >= 500 or not isinstance(body, dict):
            raise ProviderUnavailable(f"{self.name} token endpoint failed")
        if response.status_code != 200 or "error" in body:
            raise CodeRejected(f"{self.name} rejected the code: {body.get('error', 'error')}")
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise ProviderUnavailable(f"{self.name} returned no access token")
        return access

    async def profile(self, access_token: str) -> ProviderProfile:
        """Fetch and read the person's profile."""
        headers = {"Authorization": f"Bearer {access_token}"}
        try:
            url = self.settings.profile_url
            response = await self.http.for_url(url).get(url, headers=headers, timeout=self.timeout)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(f"{self.name} profile endpoint failed") from exc
        return parse_profile(self.name, data)
