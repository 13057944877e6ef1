"""Settings blocks read from `ECOECO_` environment variables."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

# The web app's development servers (Next.js/CRA on 3000, Vite on 5173).
DEV_WEB_ORIGINS = ("http://localhost:3000", "http://localhost:5173")
# Workers that serve no browser (only /livez and /readyz; the gateway routes nothing to
# them, see `ecoeco.routing`): they need no web origins. The storage worker takes the
# browser's uploads, so it is not one of them.
SERVES_NO_BROWSER = frozenset({"ai", "relay"})


class Environment(StrEnum):
    """Where the process runs; production refuses development shortcuts."""

    development = "development"
    test = "test"
    production = "production"


class CoreSettings(BaseSettings):
    """The settings every process needs, whatever services it hosts."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path(".ecoeco")
    host: str = "127.0.0.1"
    port: int = 8000
    # /metrics is served here only (0: not at all), never on the public port.
    metrics_port: int = Field(default=9464, ge=0, le=65535)
    metrics_host: str | None = None  # default: `host`
    # /docs, /redoc and /openapi.json: on by default, off in production unless enabled.
    docs: bool | None = None
    log_level: str = "INFO"
    log_json: bool = True

    database_url: str | None = None
    # Connections one process may hold: up to `pool_size`, opened on demand and kept;
    # `max_overflow` more are closed on return, so each burst reopens them (keep it 0).
    # Replicas x workers x both must stay within the server's max_connections: see the
    # budget in docs/performance.md.
    database_pool_size: int = Field(default=20, ge=1)
    database_max_overflow: int = Field(default=0, ge=0)
    redis_url: str | None = None
    redis_namespace: str = "ecoeco:"
    amqp_url: str | None = None
    amqp_prefix: str = ""
    storage_url: str | None = None

    jwt_issuer: str = "ecoeco-auth"
    jwt_audience: str = "ecoeco"
    jwks_url: str | None = None
    jwt_private_key_file: Path | None = None
    jwt_previous_key_files: list[Path] = Field(default_factory=list)
    erasure_key_file: Path | None = None
    """A secret shared by every process: it keys the pseudonyms of erased accounts (the
    deletion record, tombstones). Generated under the data directory when not set."""
    # Browser origins allowed by CORS (with credentials) and as OAuth redirect targets.
    web_origins: list[str] | None = None
    # Proxies whose X-Forwarded-For/-Proto we believe (addresses or CIDR ranges): the
    # gateway, the ingress controller, the load balancer. The caller's address is the
    # right-most X-Forwarded-For entry that is not one of them.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])

    bus_max_retries: int = Field(default=5, ge=0)
    bus_retry_base_seconds: float = Field(default=0.5, gt=0)
    outbox_poll_seconds: float = Field(default=0.5, gt=0)
    # How often the relay counts the unpublished outbox rows for its backlog gauges.
    outbox_observe_seconds: float = Field(default=5.0, gt=0)

    otlp_endpoint: str | None = None

    service_urls: dict[str, str] = Field(default_factory=dict)
    internal_timeout_seconds: float = Field(default=3.0, gt=0)

    trusted_hosts: list[str] = Field(default_factory=lambda: ["*"])
    """`Host` values the public API answers (`api.example.com`, `*.example.com`, `*`)."""
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    """The largest request body but multipart uploads; larger ones get 413 unread."""
    max_multipart_bytes: int = Field(default=12 * 1024 * 1024, ge=1024)
    """The largest multipart (upload) body."""
    max_json_depth: int = Field(default=32, ge=2, le=512)
    """How deep arrays and objects may nest in a JSON body; deeper is a 400."""

    # Admission limit per process (see core/admission.py): requests in progress at once
    # (0 turns it off), how long the next ones may wait in line, and how many may wait.
    admission_max_in_flight: int = Field(default=64, ge=0)
    admission_max_wait_seconds: float = Field(default=2.0, gt=0)
    admission_max_queue: int = Field(default=128, ge=0)

    # Threads for CPU-bound work (images, models, search); 0: one per available core.
    cpu_threads: int = Field(default=0, ge=0, le=64)

    @property
    def embedded(self) -> bool:
        """True when no database URL is set (unset or empty, as an `.env` template leaves
        it): SQLite under the data directory, the same file `effective_database_url` names."""
        return not self.database_url

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'ecoeco.db'}"

    @property
    def effective_storage_url(self) -> str:
        """The object storage URL, defaulting to a directory in the data directory."""
        return self.storage_url or str(self.data_dir / "objects")

    @property
    def docs_enabled(self) -> bool:
        """Whether this process serves its API documents."""
        return self.docs if self.docs is not None else self.env is not Environment.production

    @property
    def other_web_origins(self) -> list[str]:
        """The web origins but this server's own: as configured, else none in production,
        else the web app's dev servers (what a gateway in front of the apps allows)."""
        if self.web_origins is not None:
            return [o.rstrip("/") for o in self.web_origins]
        if self.env is Environment.production:
            return []
        return list(DEV_WEB_ORIGINS)

    @property
    def allowed_web_origins(self) -> list[str]:
        """The web origins: as configured, else none in production; in development the web
        app's dev servers and this server's own origin (the console at `/`)."""
        if self.web_origins is not None or self.env is Environment.production:
            return self.other_web_origins
        own = [f"http://localhost:{self.port}", f"http://127.0.0.1:{self.port}"]
        return [*self.other_web_origins, *own]


class SettingsRefused(ValueError):
    """The settings cannot run this process; every problem is listed, each naming its setting."""

    heading = "refusing to start"

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        listed = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{self.heading}:\n{listed}")


class ProductionRefused(SettingsRefused):
    """Production was asked to run on development parts; every problem is listed."""

    heading = "refusing to run in production"


def production_problems(settings: CoreSettings, hosted: Sequence[str]) -> list[str]:
    """What keeps these settings from production, each naming the setting to fix.

    `hosted` names the services and workers of the process (empty: all of them).
    """
    if settings.env is not Environment.production:
        return []
    problems: list[str] = []
    url = settings.database_url or ""
    if not url.startswith("postgresql"):
        problems.append(
            "ECOECO_DATABASE_URL must name PostgreSQL (postgresql+asyncpg://...); "
            + ("it is unset, which means SQLite" if not url else f"it is {url.split(':')[0]}")
        )
    if not settings.redis_url:
        problems.append(
            "ECOECO_REDIS_URL must be set: the in-memory cache keeps revocations, rate "
            "limits and progress events inside one replica"
        )
    if not settings.amqp_url:
        problems.append("ECOECO_AMQP_URL must be set: the in-process broker reaches no replica")
    if not (settings.storage_url or "").startswith("s3://"):
        problems.append(
            "ECOECO_STORAGE_URL must be an s3:// URL: local files are not shared by replicas"
        )
    signs = not hosted or "auth" in hosted
    if signs and settings.jwt_private_key_file is None:
        problems.append(
            "ECOECO_JWT_PRIVATE_KEY_FILE must be set where auth runs: a key generated at "
            "start-up differs per replica and is lost on restart"
        )
    if not signs and settings.jwks_url is None and settings.jwt_private_key_file is None:
        problems.append(
            "ECOECO_JWKS_URL must be set (the auth service's /.well-known/jwks.json): "
            "without it this process would trust a key it generated itself"
        )
    keeps_erasures = not hosted or bool({"users", "character", "relay"} & set(hosted))
    if keeps_erasures and settings.erasure_key_file is None:
        problems.append(
            "ECOECO_ERASURE_KEY_FILE must be set where users, character or the relay run: "
            "the pseudonyms of erased accounts need one key shared by every replica"
        )
    if hosted and set(hosted) <= SERVES_NO_BROWSER:
        return problems
    local = [o for o in settings.allowed_web_origins if "localhost" in o or "127.0.0.1" in o]
    if not settings.web_origins:
        problems.append("ECOECO_WEB_ORIGINS must list the web app's origins (a JSON list)")
    elif local:
        problems.append(f"ECOECO_WEB_ORIGINS lists local origins: {', '.join(local)}")
    return problems


def unreadable_files(settings: CoreSettings) -> list[str]:
    """The key files the settings name that this process cannot read (a secret not mounted,
    a wrong path), each naming its setting."""
    named = [
        ("ECOECO_JWT_PRIVATE_KEY_FILE", settings.jwt_private_key_file),
        *(("ECOECO_JWT_PREVIOUS_KEY_FILES", p) for p in settings.jwt_previous_key_files),
        ("ECOECO_ERASURE_KEY_FILE", settings.erasure_key_file),
    ]
    problems: list[str] = []
    for variable, path in named:
        if path is None:
            continue
        try:
            with path.open("rb") as file:
                empty = not file.read(1)
        except OSError as error:
            problems.append(f"{variable} names {path}, which cannot be read ({error.strerror})")
            continue
        if empty:
            problems.append(f"{variable} names {path}, which is empty")
    return problems


@runtime_checkable
class ReportsProductionProblems(Protocol):
    """A service's settings that can keep it from production (the hook `refuse_unusable`
    reads before anything starts): each problem names its `ECOECO_` variable."""

    def production_problems(self) -> list[str]: ...


def refuse_unusable(
    settings: CoreSettings, hosted: Sequence[str], services: Sequence[object] = ()
) -> None:
    """Raise `SettingsRefused` (`ProductionRefused` in production) listing every problem
    that keeps these settings from running the `hosted` services (empty: all of them).

    `services` are the hosted services' own settings; in production, those that report
    problems (`ReportsProductionProblems`) add theirs.
    """
    problems = [*production_problems(settings, hosted), *unreadable_files(settings)]
    if settings.env is Environment.production:
        for service in services:
            if isinstance(service, ReportsProductionProblems):
                problems.extend(service.production_problems())
    if problems and settings.env is Environment.production:
        raise ProductionRefused(problems)
    if problems:
        raise SettingsRefused(problems)


# Lists and mappings come from the environment as JSON.
JSON_HINTS = {
    "list_type": ' (a JSON list, e.g. ["https://app.example"])',
    "dict_type": ' (a JSON object, e.g. {"auth": "http://auth:8000"})',
}


def invalid_settings(error: ValidationError) -> SettingsRefused | None:
    """The refusal that names each environment variable a settings class could not parse,
    or None when the error is not about a settings class. Values are not repeated: they
    may be secrets."""
    kind = _settings_class(error.title)
    if kind is None:
        return None
    prefix = str(kind.model_config.get("env_prefix") or "")
    nested = str(kind.model_config.get("env_nested_delimiter") or "")
    problems: list[str] = []
    for item in error.errors(include_url=False):
        message = str(item["msg"]).removeprefix("Value error, ")  # a validator's own words
        path = [str(part) for part in item["loc"] if isinstance(part, str)]
        if not path:  # a check across fields names its variables itself
            problems.append(message)
            continue
        name = nested.join(path) if nested else path[0]
        problems.append(f"{prefix}{name.upper()}: {message}{JSON_HINTS.get(item['type'], '')}")
    return SettingsRefused(problems)


def _settings_class(name: str) -> type[BaseSettings] | None:
    pending = list(BaseSettings.__subclasses__())
    while pending:
        kind = pending.pop()
        if kind.__name__ == name:
            return kind
        pending.extend(kind.__subclasses__())
    return None
