"""CORS for the web app's origins (`ECOECO_WEB_ORIGINS`), credentials included."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# What our clients send besides the CORS-safelisted headers.
REQUEST_HEADERS = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "Last-Event-ID",
    "X-Request-ID",
    "X-CSRF-Token",
)
# What a script on another origin may read from our answers.
RESPONSE_HEADERS = ("Retry-After", "X-Request-ID", "Location", "ETag")


def add_cors(app: FastAPI, origins: Sequence[str]) -> None:
    """Answer preflights and allow credentialed requests from exactly these origins."""
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_credentials=True,
        allow_methods=list(METHODS),
        allow_headers=list(REQUEST_HEADERS),
        expose_headers=list(RESPONSE_HEADERS),
        max_age=600,
    )
