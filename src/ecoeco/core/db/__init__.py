"""Database: typed models, request- or message-scoped sessions, repositories."""

from ecoeco.core.db.base import Base, new_id, utcnow
from ecoeco.core.db.repository import Repository, newest_first
from ecoeco.core.db.session import Database, after_commit

__all__ = ["Base", "Database", "Repository", "after_commit", "new_id", "newest_first", "utcnow"]
