"""Errors of the chat service."""

from __future__ import annotations

from ecoeco.core.errors import NotFound, ValidationFailed


class ConversationNotFound(NotFound):
    """No such conversation for this person."""

    def __init__(self) -> None:
        super().__init__("conversation not found")


class MessageTooLong(ValidationFailed):
    """The message text is longer than the configured limit."""

    code = "message_too_long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"message is longer than {limit} characters")


class EmptyMessage(ValidationFailed):
    """Neither text nor an image was sent."""

    code = "empty_message"

    def __init__(self) -> None:
        super().__init__("send text, an image_key, or both")
