"""Expected failures of the info service."""

from __future__ import annotations

from ecoeco.core.errors import NotFound, ValidationFailed


class GuideNotFound(NotFound):
    """No disposal category has this slug."""

    code = "guide_not_found"

    def __init__(self, slug: str) -> None:
        super().__init__(f"no disposal guide for category {slug!r}")


class TipNotFound(NotFound):
    """No tip has this id (or it is not published)."""

    code = "tip_not_found"

    def __init__(self) -> None:
        super().__init__("tip not found")


class BlankQuery(ValidationFailed):
    """The search text has no letters or digits once spaces are removed."""

    def __init__(self) -> None:
        super().__init__("q must contain at least one non-space character")


class UnknownTipCategory(ValidationFailed):
    """A tip names a category the knowledge base does not have."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"unknown disposal category {slug!r}")
