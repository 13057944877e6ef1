"""Settings of the auth service (`ECOECO_AUTH_` variables)."""

from __future__ import annotations

from limits import parse as parse_limit
from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.core.ratelimit import Limit
from ecoeco.core.settings import Environment


class ProviderSettings(BaseModel):
    """One OAuth2 provider: where its endpoints are and who we are to it.

    Unset endpoints, scope and PKCE take the provider's real values (see DEFAULTS), so
    `ECOECO_AUTH_KAKAO__CLIENT_ID` alone is enough to turn Kakao on.
    """

    client_id: str | None = None
    client_secret: str | None = None
    authorize_url: str = ""
    token_url: str = ""
    profile_url: str = ""
    scope: str | None = None
    pkce: bool | None = None

    @property
    def configured(self) -> bool:
        """True when a client id is set."""
        return bool(self.client_id)


DEFAULTS: dict[str, dict[str, str | bool]] = {
    "kakao": {
        "authorize_url": "https://kauth.kakao.com/oauth/authorize",
        "token_url": "https://kauth.kakao.com/oauth/token",
        "profile_url": "https://kapi.kakao.com/v2/user/me",
        "scope": "profile_nickname account_email",
        "pkce": True,
    },
    "naver": {
        "authorize_url": "https://nid.naver.com/oauth2.0/authorize",
        "token_url": "https://nid.naver.com/oauth2.0/token",
        "profile_url": "https://openapi.naver.com/v1/nid/me",
        "scope": "",
        "pkce": False,
    },
    "google": {
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "token_url": "https://oauth2.googleapis.com/token",
        "profile_url": "https://openidconnect.googleapis.com/v1/userinfo",
        "scope": "openid email profile",
        "pkce": True,
    },
}
PROVIDERS = tuple(DEFAULTS)


class AuthSettings(BaseSettings):
    """Token lifetimes, providers, cookies and rate limits."""

    model_config = SettingsConfigDict(
        env_prefix="ECOECO_AUTH_", env_nested_delimiter="__", extra="ignore"
    )

    access_ttl_seconds: int = Field(default=900, ge=30, le=3600)
    refresh_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=60)
    state_ttl_seconds: float = Field(default=600, gt=0)
    dev_login: bool = True

    kakao: ProviderSettings = Field(default_factory=ProviderSettings)
    naver: ProviderSettings = Field(default_factory=ProviderSettings)
    google: ProviderSettings = Field(default_factory=ProviderSettings)
    provider_timeout_seconds: float = Field(default=10.0, gt=0)

    cookie_secure: bool = True
    cookie_domain: str | None = None

    login_limit_per_ip: str = "30/minute"
    login_limit_per_identity: str = "10/minute"
    refresh_limit_per_ip: str = "60/minute"
    refresh_limit_per_family: str = "10/minute"
    failure_limit_per_ip: str = "20/10 minutes"  # failed logins; failed refreshes never count
    # Failed refreshes (spent, revoked, expired or unknown tokens) never block logins. They
    # are limited per session and per person, and per address only with a cap at least ten
    # times the per-session one (one address may be a whole office behind NAT).
    refresh_failure_limit_per_family: str = "5/10 minutes"
    refresh_failure_limit_per_identity: str = "20/10 minutes"
    refresh_failure_limit_per_ip: str = "100/10 minutes"

    revocation_sync_seconds: float = Field(default=2.0, gt=0)

    login_history_retention_days: float = Field(default=365.0, gt=0)
    """Login events (provider, result, IP address, user agent) are deleted after this."""
    session_retention_days: float = Field(default=30.0, gt=0)
    """An ended session is deleted this long after its last refresh token expired."""
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    """How often the auth retention purge runs (once per interval across every replica)."""

    @field_validator(
        "login_limit_per_ip",
        "login_limit_per_identity",
        "refresh_limit_per_ip",
        "refresh_limit_per_family",
        "failure_limit_per_ip",
        "refresh_failure_limit_per_family",
        "refresh_failure_limit_per_identity",
        "refresh_failure_limit_per_ip",
    )
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        parse_limit(value)
        return value

    @model_validator(mode="after")
    def _address_cap_above_session_cap(self) -> AuthSettings:
        family, address = (
            parse_limit(self.refresh_failure_limit_per_family),
            parse_limit(self.refresh_failure_limit_per_ip),
        )
        per_family = family.amount / family.get_expiry()
        if address.amount / address.get_expiry() < 10 * per_family:
            raise ValueError(
                "ECOECO_AUTH_REFRESH_FAILURE_LIMIT_PER_IP must allow at least ten times "
                "ECOECO_AUTH_REFRESH_FAILURE_LIMIT_PER_FAMILY: one address may be many people"
            )
        return self

    @model_validator(mode="after")
    def _provider_defaults(self) -> AuthSettings:
        for name, defaults in DEFAULTS.items():
            config: ProviderSettings = getattr(self, name)
            missing = {k: v for k, v in defaults.items() if getattr(config, k) in (None, "")}
            if missing:
                setattr(self, name, config.model_copy(update=missing))
        return self

    def production_problems(self) -> list[str]:
        """What keeps these settings from production (insecure cookies), each naming its
        variable; read before the process starts (`core.settings.refuse_unusable`).

        The web origins (redirect allow-list and CORS) are core's `ECOECO_WEB_ORIGINS`.
        """
        if not self.cookie_secure:
            return ["ECOECO_AUTH_COOKIE_SECURE must stay true in production"]
        return []

    def dev_login_allowed(self, env: Environment) -> bool:
        """The dev login never runs in production, whatever the flag says."""
        return self.dev_login and env is not Environment.production

    def provider(self, name: str) -> ProviderSettings | None:
        """A configured provider by name, or None."""
        found: ProviderSettings | None = getattr(self, name, None) if name in PROVIDERS else None
        return found if found is not None and found.configured else None

    def limit(self, name: str) -> Limit:
        """A rate limit by its settings name (`login_per_ip`, ...)."""
        item = parse_limit(getattr(self, f"{name.replace('_per_', '_limit_per_')}"))
        return Limit(f"auth_{name}", item.amount, float(item.get_expiry()))
