"""Logic of the auth service: logins, refresh, logout, linking and erasure."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from dataclasses import dataclass, field
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
    ProviderNotConfigured,
    RedirectNotAllowed,
)
from ecoeco.auth.models import Account, LoginEvent, SocialIdentity
from ecoeco.auth.providers import OAuthProvider, ProviderProfile
from ecoeco.auth.redirects import check_redirect
from ecoeco.auth.repository import AccountRepository, AuditRepository, TokenRepository
from ecoeco.auth.sessions import TokenPair
from ecoeco.auth.settings import AuthSettings
from ecoeco.core.bus import publish
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container
from ecoeco.core.contracts import UserRegistered
from ecoeco.core.errors import NotFound
from ecoeco.core.observability import metrics
from ecoeco.core.ratelimit import RateLimiter
from ecoeco.core.security.tokens import Principal, TokenSigner

log = logging.getLogger(__name__)

RUNTIME = "auth.runtime"
SETTINGS = "auth.settings"


@dataclass
class AuthRuntime:
    """What the auth service builds once per process."""

    settings: AuthSettings
    signer: TokenSigner
    cache: Cache
    limiter: RateLimiter
    sync_task: asyncio.Task[None] | None = field(default=None, repr=False)

    def provider(self, name: str) -> OAuthProvider:
        """A configured provider; 404 otherwise."""
        config = self.settings.provider(name)
        if config is None:
            raise ProviderNotConfigured(f"login with {name!r} is not available")
        return OAuthProvider(name, config, timeout=self.settings.provider_timeout_seconds)


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


async def start_auth(container: Container) -> None:
    """Build the signer and limiter, restore the blacklist, and keep it restored."""
    settings = container.extras.get(SETTINGS) or AuthSettings()
    settings.check_for(container.settings.env)
    runtime = AuthRuntime(
        settings=settings,
        signer=TokenSigner(
            container.signing_keys,
            issuer=container.settings.jwt_issuer,
            audience=container.settings.jwt_audience,
            ttl=settings.access_ttl_seconds,
        ),
        cache=container.cache,
        limiter=RateLimiter(container.cache, "auth"),
    )
    container.extras[SETTINGS] = settings
    container.extras[RUNTIME] = runtime
    await sessions.restore_revocations(container.db, container.cache)
    runtime.sync_task = asyncio.create_task(_keep_revocations(container, settings))


async def stop_auth(container: Container) -> None:
    """Stop the blacklist keeper."""
    runtime: AuthRuntime | None = container.extras.get(RUNTIME)
    if runtime is not None and runtime.sync_task is not None:
        runtime.sync_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runtime.sync_task


async def _keep_revocations(container: Container, settings: AuthSettings) -> None:
    while True:
        await asyncio.sleep(settings.revocation_sync_seconds)
        try:
            restored = await sessions.restore_revocations(container.db, container.cache)
            if restored:
                log.warning("restored %d token revocations into the cache", restored)
        except Exception:
            log.exception("could not restore token revocations")


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
    publish(
        session,
        UserRegistered(user_id=account.id, email=email, nickname=nickname, provider=provider),
    )
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
    """Count a failure against the caller's address; 429 once there were too many."""
    await runtime.limiter.hit(runtime.settings.limit("failure_per_ip"), client.ip)


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

    def to_bytes(self) -> bytes:
        """Serialise for the cache."""
        return orjson.dumps(self.__dict__)

    @classmethod
    def from_bytes(cls, raw: bytes) -> PendingLogin:
        """Read back from the cache."""
        return cls(**orjson.loads(raw))


def _state_key(state: str) -> str:
    return f"auth:oauth:state:{state}"


async def authorize(
    runtime: AuthRuntime,
    client: ClientInfo,
    *,
    provider_name: str,
    redirect_uri: str,
    cookie: bool,
    linking: Principal | None,
) -> tuple[str, str]:
    """The provider URL to send the browser to, and the state that will come back."""
    await _guard_login(runtime, client)
    provider = runtime.provider(provider_name)
    if not check_redirect(redirect_uri, runtime.settings.frontend_origins):
        raise RedirectNotAllowed("redirect_uri is not an allowed frontend address")
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64) if provider.settings.pkce else None
    pending = PendingLogin(
        provider_name, redirect_uri, verifier, cookie, linking.user_id if linking else None
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
) -> tuple[TokenPair, bool]:
    """Consume the state once, exchange the code, and sign the person in (or link them)."""
    await _guard_login(runtime, client)
    provider = runtime.provider(provider_name)
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
    """Rotate a refresh token (reuse revokes its family; commit before answering then)."""
    await runtime.limiter.check(runtime.settings.limit("failure_per_ip"), client.ip)
    await runtime.limiter.hit(runtime.settings.limit("refresh_per_ip"), client.ip)
    family = await sessions.find_family(session, refresh_token)
    await runtime.limiter.hit(runtime.settings.limit("refresh_per_family"), family.id)
    pair = await sessions.rotate(
        session,
        runtime.cache,
        runtime.signer,
        refresh_token,
        refresh_ttl=runtime.settings.refresh_ttl_seconds,
    )
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


async def erase_account(session: AsyncSession, cache: Cache, account_id: str) -> None:
    """Revoke every token of the account and delete everything auth knows about it."""
    tokens = TokenRepository(session)
    families = await tokens.family_ids(account_id)
    await sessions.revoke_families(session, cache, families, reason="account_deleted")
    await AccountRepository(session).erase(account_id)
