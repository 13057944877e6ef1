"""Errors of the auth service."""

from __future__ import annotations

from ecoeco.core.errors import AppError, BadRequest, NotFound, ServiceUnavailable, Unauthorized


class ProviderNotConfigured(NotFound):
    """The provider is unknown or has no client id here."""

    code = "provider_not_configured"


class RedirectNotAllowed(BadRequest):
    """The redirect target is not on the frontend allow-list."""

    code = "redirect_not_allowed"


class AuthFailure(AppError):
    """A login or refresh that failed in a way worth auditing and counting."""


class InvalidState(AuthFailure):
    """The OAuth state is unknown, expired or already used."""

    status_code = 400
    code = "invalid_state"


class ConsentDenied(AuthFailure):
    """The person declined at the provider."""

    status_code = 400
    code = "consent_denied"


class CodeRejected(AuthFailure):
    """The provider refused the authorization code."""

    status_code = 400
    code = "invalid_grant"


class InvalidRefreshToken(AuthFailure, Unauthorized):
    """The refresh token is unknown, expired or revoked."""

    code = "invalid_refresh_token"


class RefreshTokenReused(AuthFailure, Unauthorized):
    """An already-used refresh token came back: its whole family is revoked."""

    code = "refresh_token_reused"


class IdentityTaken(AppError):
    """The provider identity is already linked to another account."""

    status_code = 409
    code = "identity_taken"


class ProviderUnavailable(ServiceUnavailable):
    """The provider did not answer, or answered in an unexpected shape."""

    code = "provider_unavailable"


class LastIdentity(AppError):
    """The only way into an account cannot be unlinked."""

    status_code = 409
    code = "last_identity"
