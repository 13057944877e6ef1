"""Response bodies of the users service."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ProfileOut(BaseModel):
    """A person's own profile."""

    model_config = ConfigDict(from_attributes=True)

    user_id: str
    email: str | None
    nickname: str | None
    created_at: datetime
