"""SQL of the users service."""

from __future__ import annotations

from ecoeco.core.db import Repository
from ecoeco.users.models import Profile


class ProfileRepository(Repository[Profile]):
    """Profiles by user id."""

    model = Profile
