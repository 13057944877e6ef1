"""Messages between services: outbox, relay, in-process and RabbitMQ brokers."""

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.last_write import write_last
from ecoeco.core.bus.outbox import publish
from ecoeco.core.bus.ports import Broker, Handler, MessageContext, Subscription

__all__ = [
    "Broker",
    "Envelope",
    "Handler",
    "MessageContext",
    "Subscription",
    "publish",
    "write_last",
]
