"""The one routing table: which process serves which public path.

The gateway's nginx config is rendered from it (`ecoeco gateway-config`); the
Ingress manifests and docker compose are checked against it (`tests/deploy`),
and a test proves every path a process serves is routed to that process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ecoeco.core.paths import api_path

# Standard library only (`core.paths` is too): the deployment checks import this module
# without the app's dependencies. The routed workers (a test keeps this equal to the
# composition root's).
ROUTED_WORKERS = frozenset({"storage"})


@dataclass(frozen=True)
class Route:
    """A public path, or a path prefix matched segment by segment, and its process."""

    path: str
    process: str
    exact: bool = False

    def matches(self, path: str) -> bool:
        """True when `path` is this route's path or, for a prefix, lies under it."""
        if self.exact or self.path == path:
            return self.path == path
        prefix = self.path.rstrip("/")
        return path == prefix or path.startswith(prefix + "/")


# Longest match wins (as in nginx and the Ingress). "/" is the catch-all: the web
# console is served there, by the info process (public, read-only, cacheable).
ROUTES: tuple[Route, ...] = (
    Route("/.well-known/jwks.json", "auth", exact=True),
    Route(api_path("/auth"), "auth"),
    Route(api_path("/users"), "users"),
    Route(api_path("/scan/uploads"), "storage"),
    Route(api_path("/scan"), "scan"),
    Route(api_path("/characters"), "character"),
    Route(api_path("/locations"), "location"),
    Route(api_path("/info"), "info"),
    Route(api_path("/chat"), "chat"),
    Route("/asyncapi.json", "chat", exact=True),  # the chat WebSocket's AsyncAPI document
    Route("/", "info"),
)


def route_for(path: str) -> Route:
    """The route that serves `path`: an exact match, else the longest prefix."""
    exact = [r for r in ROUTES if r.exact and r.path == path]
    if exact:
        return exact[0]
    prefixes = [r for r in ROUTES if not r.exact and r.matches(path)]
    return max(prefixes, key=lambda r: len(r.path))


def routed_processes() -> tuple[str, ...]:
    """Every process the gateway sends traffic to, in table order."""
    return tuple(dict.fromkeys(r.process for r in ROUTES))


def command(process: str) -> list[str]:
    """The `ecoeco` arguments that run a process: `serve <service>` or `worker <name>`."""
    return ["worker", process] if process in ROUTED_WORKERS else ["serve", process]


def compose_name(process: str) -> str:
    """The process's service name in docker compose (and its host name there)."""
    return f"worker-{process}" if process in ROUTED_WORKERS else process


def compose_web_origins() -> tuple[str, ...]:
    """The web origins the apps allow in docker compose (development, no
    `ECOECO_WEB_ORIGINS`): the web app's dev servers, as `core.settings.DEV_WEB_ORIGINS`."""
    return ("http://localhost:3000", "http://localhost:5173")


def compose_upstreams(port: int = 8000) -> dict[str, list[str]]:
    """Upstream servers of every routed process in docker compose."""
    return {p: [f"{compose_name(p)}:{port}"] for p in routed_processes()}


# The largest body the gateway passes on (the apps' own limits are lower: they answer
# their own 413 for bodies between theirs and this one).
GATEWAY_MAX_BODY_BYTES = 16 * 1024 * 1024
# What a script on another origin may read from an answer: as `core.cors.RESPONSE_HEADERS`
# (that module needs the app's dependencies; tests/unit/test_routing.py keeps them equal).
CORS_EXPOSED_HEADERS = ("Retry-After", "X-Request-ID", "Location", "ETag")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?")


def _too_large_body() -> str:
    """The 413 body the gateway answers itself, shaped and worded as the apps' own."""
    limit = GATEWAY_MAX_BODY_BYTES // 1024
    message = f"the request body may be at most {limit} KB"
    body = {"error": {"code": "payload_too_large", "message": message}}
    return json.dumps(body, separators=(",", ":"))


def _cors_maps(web_origins: Sequence[str]) -> list[str]:
    """`$ecoeco_cors_origin`: the request's Origin when it is an allowed one, else empty;
    the other CORS values follow it (nginx adds no header whose value is empty)."""
    origins = [o.rstrip("/") for o in web_origins]
    bad = [o for o in origins if not _ORIGIN.fullmatch(o)]
    if bad:
        raise ValueError(f"not a web origin (scheme://host[:port]): {', '.join(bad)}")
    lines = ["map $http_origin $ecoeco_cors_origin {", '  default "";']
    lines += [f'  "{origin}" $http_origin;' for origin in dict.fromkeys(origins)]
    lines.append("}")
    follow = {"credentials": "true", "expose": ", ".join(CORS_EXPOSED_HEADERS)}
    for name, value in follow.items():
        lines += [
            f"map $ecoeco_cors_origin $ecoeco_cors_{name} {{",
            '  "" "";',
            f'  default "{value}";',
            "}",
        ]
    return [*lines, ""]


def _own_answers() -> list[str]:
    """Answers nginx gives itself, shaped like the apps' (the JSON error body, the CORS
    headers for an allowed origin), so that a web app on another origin can read them.

    Only nginx's own 413 (a body over `client_max_body_size`) comes here: an app's
    answer passes through untouched (no `proxy_intercept_errors`), precise codes and all.
    """
    headers = {
        "Access-Control-Allow-Origin": "$ecoeco_cors_origin",
        "Access-Control-Allow-Credentials": "$ecoeco_cors_credentials",
        "Access-Control-Expose-Headers": '"$ecoeco_cors_expose"',
        "Vary": "Origin",
        "X-Request-ID": "$request_id",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return [
        "  error_page 413 @payload_too_large;",
        "  location @payload_too_large {",
        "    default_type application/json;",
        *(f"    add_header {name} {value} always;" for name, value in headers.items()),
        f"    return 413 '{_too_large_body()}';",
        "  }",
    ]


def _locations(route: Route) -> list[str]:
    target = f"proxy_pass http://ecoeco_{route.process};"
    if route.exact:
        return [f"location = {route.path} {{ {target} }}"]
    if route.path == "/":
        return [f"location / {{ {target} }}"]
    prefix = route.path.rstrip("/")
    return [f"location = {prefix} {{ {target} }}", f"location {prefix}/ {{ {target} }}"]


def nginx_config(
    upstreams: Mapping[str, Sequence[str]],
    *,
    web_origins: Sequence[str] = (),
    listen: str = "8080",
    show_upstream: bool = False,
) -> str:
    """The gateway's `http`-level nginx config (a conf.d file) for the given upstream servers.

    nginx appends the address it saw to X-Forwarded-For; the apps trust it (and the
    load balancers in front of it) through `ECOECO_TRUSTED_PROXIES`. `web_origins` are
    the apps' (`ECOECO_WEB_ORIGINS`): what nginx answers itself carries their CORS
    headers too. `show_upstream` adds an `X-Upstream` response header naming the
    replica that answered (tests only).
    """
    missing = [p for p in routed_processes() if not upstreams.get(p)]
    if missing:
        raise ValueError(f"no upstream server for: {', '.join(missing)}")
    lines = [
        "# Generated from src/ecoeco/routing.py by `ecoeco gateway-config`: do not edit.",
        "# Buffering off and long timeouts for SSE (/scan/{id}/events, chat) and the",
        "# chat WebSocket; X-Forwarded-For carries the caller's address to the apps.",
        "# A body over the limit is refused here as the apps refuse theirs (JSON, CORS).",
        "map $http_upgrade $connection_upgrade {",
        "  default upgrade;",
        '  ""      "";',
        "}",
        "",
        *_cors_maps(web_origins),
    ]
    for process in routed_processes():
        lines.append(f"upstream ecoeco_{process} {{")
        lines += [
            f"  server {server} max_fails=1 fail_timeout=5s;" for server in upstreams[process]
        ]
        lines += ["  keepalive 16;", "}", ""]
    lines += [
        "server {",
        f"  listen {listen};",
        f"  client_max_body_size {GATEWAY_MAX_BODY_BYTES >> 20}m;",
        "  proxy_http_version 1.1;",
        "  proxy_set_header Host $http_host;  # with the port: Origin checks compare it",
        "  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "  proxy_set_header X-Forwarded-Proto $scheme;",
        "  proxy_set_header X-Request-ID $request_id;",
        "  proxy_set_header Upgrade $http_upgrade;",
        "  proxy_set_header Connection $connection_upgrade;",
        "  proxy_buffering off;",
        "  proxy_cache off;",
        "  proxy_read_timeout 3600s;",
        # Only a replica that cannot answer counts as failed. A 503 is an answer (a shed
        # request, a pool briefly full, with Retry-After): counting it would take the
        # replica out for fail_timeout and push its load onto the others.
        "  proxy_next_upstream error timeout http_502;",
    ]
    if show_upstream:
        lines.append("  add_header X-Upstream $upstream_addr always;")
    lines += ["", *_own_answers(), ""]
    for route in ROUTES:
        lines += [f"  {location}" for location in _locations(route)]
    lines.append("}")
    return "\n".join(lines) + "\n"
