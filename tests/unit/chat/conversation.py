"""One conversation with the assistant, for the chat rule tests of this folder."""

from __future__ import annotations

from ecoeco.chat.assistant import Assistant, Turn


async def slugs(assistant: Assistant, *messages: str) -> list[str | None]:
    """The first cited category after each message of one conversation."""
    previous: dict[str, object] = {}
    found: list[str | None] = []
    for text in messages:
        answer = await assistant.answer(Turn(text, "", "k", previous=previous))
        previous = answer.context
        found.append(answer.sources[0]["category"]["slug"] if answer.sources else None)
    return found
