"""The relay worker: publishes the outbox and runs every service's scheduled jobs."""

from ecoeco.core.container import ServiceModule

WORKER = ServiceModule(name="relay")
