"""Events the storage worker consumes."""

from __future__ import annotations

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import MessageContext
from ecoeco.workers.storage.runtime import StorageRuntime


async def on_user_deleted(ctx: MessageContext, runtime: StorageRuntime) -> None:
    """Forget an erased person's upload counters (scan deletes their objects)."""
    event = ctx.envelope.open(UserDeleted)
    await runtime.intake.forget(event.user_id)
