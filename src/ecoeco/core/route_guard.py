"""Routing that skips, before looking inside, each included router a path cannot reach.

FastAPI's router tries its routes in order, and an included router tries each of its
own (a regular expression each, with bookkeeping in the scope around every try), and
does it twice for the one that matches. A request to the scan stream made about 70
route checks, on the event loop, before reaching its route. Every route's expression
starts with its path up to the first parameter, so a path that starts with none of an
included router's literal prefixes matches none of its routes, not even partly (no 405
either): `guard_included_routers` gives each included router of an app that quick
refusal. The order in which routes are tried, and so which one answers (a 405 or a
redirect included), is unchanged. Routers whose routes it cannot read (a frontend route
group, a host route) keep the full check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter
from fastapi.routing import _IncludedRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

Matches = Callable[[Scope], tuple[Match, Scope]]


def literal_prefixes(candidates: Sequence[Any]) -> tuple[str, ...] | None:
    """Every candidate's path up to its first parameter; None when one cannot be read."""
    found: list[str] = []
    for candidate in candidates:
        if isinstance(candidate, _IncludedRouter):
            inner = literal_prefixes(candidate.effective_candidates())
            if inner is None:
                return None
            found.extend(inner)
            continue
        if getattr(candidate, "frontend_prefix", None):
            return None
        route = getattr(candidate, "starlette_route", None) or candidate
        path = getattr(route, "path_format", None)
        if not isinstance(path, str) or not path.startswith("/") or getattr(route, "host", None):
            return None
        found.append(path.split("{", 1)[0])
    return tuple(found)


def _guarded(entry: _IncludedRouter) -> Matches:
    check: Matches = entry.matches
    seen: list[Any] = [None, None]  # the candidates list the prefixes were read from, them

    def matches(scope: Scope) -> tuple[Match, Scope]:
        candidates = entry.effective_candidates()  # the same list until routes change
        if candidates is not seen[0]:
            seen[0], seen[1] = candidates, literal_prefixes(candidates)
        prefixes = seen[1]
        if prefixes is not None and not get_route_path(scope).startswith(prefixes):
            return Match.NONE, {}
        return check(scope)

    return matches


def guard_included_routers(router: APIRouter) -> int:
    """Give each router included in `router` the quick refusal; how many got it."""
    guarded = 0
    for route in router.routes:
        if isinstance(route, _IncludedRouter) and "matches" not in vars(route):
            vars(route)["matches"] = _guarded(route)  # an instance attribute: this one only
            guarded += 1
    return guarded
