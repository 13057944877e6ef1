"""Tokens: signing keys, JWKS, verification, the current user."""

from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import Principal, TokenSigner, TokenVerifier

__all__ = ["Principal", "SigningKey", "TokenSigner", "TokenVerifier"]
