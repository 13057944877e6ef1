"""Tables of the auth schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.core.db import Base, new_id, utcnow

SCHEMA = "auth"


class Account(Base):
    """A person known to EcoEco; other services know them only by this id."""

    __tablename__ = "accounts"
    __table_args__ = {"schema": SCHEMA}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str | None] = mapped_column(String(320))
    nickname: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SocialIdentity(Base):
    """A provider's account linked to one of ours; a person may link several."""

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("provider", "provider_user_id"),
        {"schema": SCHEMA},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(
        ForeignKey(f"{SCHEMA}.accounts.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(20))
    provider_user_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TokenFamily(Base):
    """One login session: every refresh token rotated from one login shares it."""

    __tablename__ = "token_families"
    __table_args__ = {"schema": SCHEMA}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(
        ForeignKey(f"{SCHEMA}.accounts.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(40), default=None)


class RefreshToken(Base):
    """A refresh token, stored as its SHA-256; `used_at` is set when it is rotated."""

    __tablename__ = "refresh_tokens"
    __table_args__ = {"schema": SCHEMA}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    family_id: Mapped[str] = mapped_column(
        ForeignKey(f"{SCHEMA}.token_families.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    access_jti: Mapped[str] = mapped_column(String(32))
    access_expires_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class RevokedToken(Base):
    """A revoked access token id, kept until it would have expired (survives a cache loss)."""

    __tablename__ = "revoked_tokens"
    __table_args__ = {"schema": SCHEMA}

    jti: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginEvent(Base):
    """An audit row for each login, refresh or failure: when, how, from where."""

    __tablename__ = "login_events"
    __table_args__ = {"schema": SCHEMA}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_id: Mapped[str | None] = mapped_column(
        ForeignKey(f"{SCHEMA}.accounts.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(40))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountRole(Base):
    """A role an account holds beyond `user` (today only `admin`): auth issues it as a scope."""

    __tablename__ = "account_roles"
    __table_args__ = {"schema": SCHEMA}

    account_id: Mapped[str] = mapped_column(
        ForeignKey(f"{SCHEMA}.accounts.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoleChange(Base):
    """The audit of role grants and revocations (erased with the account)."""

    __tablename__ = "role_changes"
    __table_args__ = {"schema": SCHEMA}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(
        ForeignKey(f"{SCHEMA}.accounts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))  # grant | revoke
    actor: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
