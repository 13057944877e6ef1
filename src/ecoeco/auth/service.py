"""Logic of the auth service: logins, refresh, logout, linking and erasure."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth import sessions
from ecoeco.auth.errors import (
    AuthFailure,
    ConsentDenied,
    IdentityTaken,
    InvalidRefreshToken,
    InvalidState,
    LastIdentity,
    RedirectNotAllowed,
)
from ecoeco.auth.models import Account, LoginEvent, SocialIdentity
from ecoeco.auth.providers import ProviderProfile
from ecoeco.auth.redirects import check_redirect
from ecoeco.auth.repository import AccountRepository, AuditRepository, TokenRepository
from ecoeco.auth.runtime import AuthRuntime
from ecoeco.auth.sessions import TokenPair
from ecoeco.contracts.events import UserRegistered
from ecoeco.core.bus import publish
from ecoeco.core.errors import NotFound, RateLimited
from ecoeco.core.observability import metrics
from ecoeco.core.security.tokens import Principal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClientInfo:
    """Where a request comes from, for rate limits and the audit."""

    ip: str
    user_agent: str | None


@dataclass(frozen=True)
class Login:
    """The account that logged in, and whether it was just created."""

    account: Account
    created: bool


async def find_or_create(
    session: AsyncSession,
    *,
    provider: str,
    provider_user_id: str,
    email: str | None,
    nickname: str | None,
) -> Login:
    """The account for a provider identity; a new one announces itself."""
    accounts = AccountRepository(session)
    account = await accounts.by_identity(provider, provider_user_id)
    if account is not None:
        return Login(account, created=False)
    try:
        async with session.begin_nested():
            account = await accounts.add(Account(email=email, nickname=nickname))
            await accounts.link(account.id, provider, provider_user_id)
    except IntegrityError:  # a concurrent first login of the same identity won
        account = await accounts.by_identity(provider, provider_user_id)
        if account is None:
            raise
        return Login(account, created=False)
    publish(session, UserRegistered(user_id=account.id, provider=provider))
    return Login(account, created=True)


def _audit(
    session: AsyncSession,
    client: ClientInfo,
    *,
    provider: str,
    action: str,
    result: str,
    account_id: str | None,
) -> None:
    AuditRepository(session).record(
        LoginEvent(
            account_id=account_id,
            provider=provider,
            action=action,
            result=result,
            ip=client.ip,
            user_agent=(client.user_agent or "")[:512] or None,
        )
    )


def record_failure(
    session: AsyncSession, client: ClientInfo, error: AuthFailure, *, provider: str, action: str
) -> None:
    """Audit a failed attempt."""
    _audit(session, client, provider=provider, action=action, result=error.code, account_id=None)
    metrics.AUTH_LOGINS.labels(provider, error.code).inc()


async def count_failure(runtime: AuthRuntime, client: ClientInfo) -> None:
    """Count a failed login against the caller's address; 429 once there were too many."""
    await runtime.limiter.hit(runtime.settings.limit("failure_per_ip"), client.ip)


async def _count_refresh_failure(runtime: AuthRuntime, keys: dict[str, str]) -> None:
    """Count a failed refresh under each known key; the failure itself is the answer."""
    for name, key in keys.items():
        try:
            await runtime.limiter.hit(runtime.settings.limit(name), key)
        except RateLimited:
            pass  # the next attempt is refused by the check


async def _guard_login(runtime: AuthRuntime, client: ClientInfo) -> None:
    await runtime.limiter.check(runtime.settings.limit("failure_per_ip"), client.ip)
    await runtime.limiter.hit(runtime.settings.limit("login_per_ip"), client.ip)


async def _signed_in(
    session: AsyncSession, runtime: AuthRuntime, client: ClientInfo, account: Account, provider: str
) -> TokenPair:
    pair = await sessions.open_session(
        session, runtime.signer, account, provider, runtime.settings.refresh_ttl_seconds
    )
    _audit(session, client, provider=provider, action="login", result="ok", account_id=account.id)
    metrics.AUTH_LOGINS.labels(provider, "ok").inc()
    return pair


async def dev_login(
    session: AsyncSession,
    runtime: AuthRuntime,
    client: ClientInfo,
    *,
    email: str,
    nickname: str | None,
) -> TokenPair:
    """Log in by email alone (development and tests)."""
    await _guard_login(runtime, client)
    await runtime.limiter.hit(runtime.settings.limit("login_per_identity"), f"dev:{email}")
    login = await find_or_create(
        session, provider="dev", provider_user_id=email, email=email, nickname=nickname
    )
    return await _signed_in(session, runtime, client, login.account, "dev")


@dataclass(frozen=True)
class PendingLogin:
    """What the state remembers between authorize and callback."""

    provider: str
    redirect_uri: str
    verifier: str | None
    cookie: bool
    link_account_id: str | None
    browser: str = ""  # hash of the binding cookie of the browser that started the flow

    def to_bytes(self) -> bytes:
        """Serialise for the cache."""
        return orjson.dumps(self.__dict__)

    @classmethod
    def from_bytes(cls, raw: bytes) -> PendingLogin:
        """Read back from the cache."""
        return cls(**orjson.loads(raw))


def _state_key(state: str) -> str:
    return f"auth:oauth:state:{state}"


def browser_hash(binding: str) -> str:
    """What the state remembers of the browser's binding cookie."""
    return hashlib.sha256(binding.encode()).hexdigest()


async def authorize(
    runtime: AuthRuntime,
    client: ClientInfo,
    *,
    provider_name: str,
    redirect_uri: str,
    cookie: bool,
    linking: Principal | None,
    binding: str,
) -> tuple[str, str]:
    """The provider URL to send the browser to, and the state that will come back.

    `binding` is the value of the browser's binding cookie: only a callback carrying
    the same cookie can complete this flow.
    """
    await _guard_login(runtime, client)
    provider = runtime.provider(provider_name)
    if not check_redirect(redirect_uri, runtime.web_origins):
        raise RedirectNotAllowed("redirect_uri is not an allowed frontend address")
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64) if provider.settings.pkce else None
    pending = PendingLogin(
        provider_name,
        redirect_uri,
        verifier,
        cookie,
        linking.user_id if linking else None,
        browser_hash(binding),
    )
    await runtime.cache.set(
        _state_key(state), pending.to_bytes(), ttl=runtime.settings.state_ttl_seconds
    )
    url = provider.authorization_url(redirect_uri=redirect_uri, state=state, verifier=verifier)
    return url, state


async def callback(
    session: AsyncSession,
    runtime: AuthRuntime,
    client: ClientInfo,
    *,
    provider_name: str,
    state: str,
    code: str | None,
    error: str | None,
    binding: str | None,
) -> tuple[TokenPair, bool]:
    """Consume the state once, exchange the code, and sign the person in (or link them).

    The callback must come from the browser that started the flow (its binding cookie);
    from any other, the state is refused and stays usable by its own browser.
    """
    await _guard_login(runtime, client)
    provider = runtime.provider(provider_name)
    raw = await runtime.cache.get(_state_key(state))
    if raw is None:
        raise InvalidState("unknown, expired or already used state")
    expected = PendingLogin.from_bytes(raw).browser
    if not binding or not expected or not hmac.compare_digest(expected, browser_hash(binding)):
        raise InvalidState("this login was started in another browser")
    raw = await runtime.cache.pop(_state_key(state))
    if raw is None:
        raise InvalidState("unknown, expired or already used state")
    pending = PendingLogin.from_bytes(raw)
    if pending.provider != provider_name:
        raise InvalidState("state was issued for another provider")
    if error is not None or not code:
        raise ConsentDenied(f"{provider_name} login was not completed: {error or 'no code'}")
    access = await provider.exchange(
        code=code, redirect_uri=pending.redirect_uri, state=state, verifier=pending.verifier
    )
    profile = await provider.profile(access)
    identity = f"{provider_name}:{profile.provider_user_id}"
    await runtime.limiter.hit(runtime.settings.limit("login_per_identity"), identity)
    if pending.link_account_id is not None:
        account = await _link(session, pending.link_account_id, profile)
    else:
        login = await find_or_create(
            session,
            provider=provider_name,
            provider_user_id=profile.provider_user_id,
            email=profile.email,
            nickname=profile.nickname,
        )
        account = login.account
    return await _signed_in(session, runtime, client, account, provider_name), pending.cookie


async def _link(session: AsyncSession, account_id: str, profile: ProviderProfile) -> Account:
    accounts = AccountRepository(session)
    account = await accounts.get(account_id)
    if account is None:
        raise InvalidState("the account to link no longer exists")
    owner = await accounts.by_identity(profile.provider, profile.provider_user_id)
    if owner is not None and owner.id != account.id:
        raise IdentityTaken(f"this {profile.provider} account is linked to another user")
    if owner is None:
        try:
            async with session.begin_nested():
                await accounts.link(account.id, profile.provider, profile.provider_user_id)
        except IntegrityError:
            raise IdentityTaken(f"this {profile.provider} account was just linked") from None
    return account


async def refresh(
    session: AsyncSession, runtime: AuthRuntime, client: ClientInfo, refresh_token: str
) -> TokenPair:
    """Rotate a refresh token (reuse revokes its family; commit before answering then).

    Failures are limited per family, per person and (with a far higher cap) per
    address; they never count against logins.
    """
    limit = runtime.settings.limit
    await runtime.limiter.check(limit("refresh_failure_per_ip"), client.ip)
    await runtime.limiter.hit(limit("refresh_per_ip"), client.ip)
    try:
        family = await sessions.find_family(session, refresh_token)
    except AuthFailure:
        await _count_refresh_failure(runtime, {"refresh_failure_per_ip": client.ip})
        raise
    await runtime.limiter.check(limit("refresh_failure_per_family"), family.id)
    await runtime.limiter.check(limit("refresh_failure_per_identity"), family.account_id)
    await runtime.limiter.hit(limit("refresh_per_family"), family.id)
    try:
        pair = await sessions.rotate(
            session,
            runtime.cache,
            runtime.signer,
            refresh_token,
            refresh_ttl=runtime.settings.refresh_ttl_seconds,
        )
    except AuthFailure:
        keys = {
            "refresh_failure_per_family": family.id,
            "refresh_failure_per_identity": family.account_id,
            "refresh_failure_per_ip": client.ip,
        }
        await _count_refresh_failure(runtime, keys)
        raise
    _audit(
        session,
        client,
        provider=family.provider,
        action="refresh",
        result="ok",
        account_id=family.account_id,
    )
    return pair


async def logout(
    session: AsyncSession,
    runtime: AuthRuntime,
    *,
    principal: Principal | None,
    refresh_token: str | None,
) -> None:
    """Revoke the session's family and blacklist the access token now."""
    families: list[str] = []
    if refresh_token:
        try:
            family = await sessions.find_family(session, refresh_token)
        except InvalidRefreshToken:
            if principal is None:
                raise
        else:
            if principal is not None and family.account_id != principal.user_id:
                raise InvalidRefreshToken("refresh token belongs to someone else")
            families.append(family.id)
    if principal is not None:
        sid = principal.claims.get("sid")
        if isinstance(sid, str):
            families.append(sid)
        expires = datetime.fromtimestamp(principal.expires_at, tz=UTC)
        await sessions.blacklist(session, runtime.cache, principal.jti, expires)
    await sessions.revoke_families(session, runtime.cache, families, reason="logout")


async def identities(session: AsyncSession, account_id: str) -> list[SocialIdentity]:
    """The providers linked to the caller's account."""
    return await AccountRepository(session).identities(account_id)


async def unlink(session: AsyncSession, account_id: str, provider: str) -> None:
    """Unlink a provider from the caller's account, unless it is the only way in."""
    accounts = AccountRepository(session)
    linked = await accounts.identities(account_id)
    chosen = [i for i in linked if i.provider == provider]
    if not chosen:
        raise NotFound(f"no {provider} account is linked")
    if len(linked) == len(chosen):
        raise LastIdentity("link another provider before removing the last one")
    for identity in chosen:
        await accounts.unlink(identity)


async def erase_account(session: AsyncSession, runtime: AuthRuntime, account_id: str) -> None:
    """Revoke every token of the account and delete everything auth knows about it,
    the rate-limit counters keyed by its id or its identities (a dev one is its e-mail)."""
    accounts, tokens = AccountRepository(session), TokenRepository(session)
    families = await tokens.family_ids(account_id)
    await sessions.revoke_families(session, runtime.cache, families, reason="account_deleted")
    keys = [f"{i.provider}:{i.provider_user_id}" for i in await accounts.identities(account_id)]
    await accounts.erase(account_id)
    limit, limiter = runtime.settings.limit, runtime.limiter
    await limiter.forget([limit("refresh_failure_per_identity")], account_id)
    for key in keys:
        await limiter.forget([limit("login_per_identity")], key)
