"""Which builder each service gets, with what: the typed half of the composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from ecoeco import auth, character, chat, console, info, location, scan, users
from ecoeco.auth.settings import AuthSettings
from ecoeco.character.settings import CharacterSettings
from ecoeco.chat.settings import ChatSettings
from ecoeco.composition.shared import Configured, Shared
from ecoeco.console.settings import ConsoleSettings
from ecoeco.core.app import Declares, Startable
from ecoeco.core.container import Container, Hosted
from ecoeco.core.settings import SettingsRefused, invalid_settings
from ecoeco.info.settings import InfoSettings
from ecoeco.location.settings import LocationSettings
from ecoeco.scan.settings import ScanSettings
from ecoeco.users.settings import UsersSettings
from ecoeco.workers import ai, storage
from ecoeco.workers.ai.settings import AiSettings
from ecoeco.workers.storage.intake import ImageIntake
from ecoeco.workers.storage.settings import StorageSettings

SERVICES = ("auth", "users", "scan", "character", "location", "info", "chat")
WORKERS = ("ai", "storage", "relay")
WEB = ("console",)  # served at `/`; no database of its own
# Modules a process hosts alongside the one it is named for: the info process (public,
# read-only, behind the gateway's `/` catch-all) also serves the console.
COMPANIONS: dict[str, tuple[str, ...]] = {"info": ("console",)}
SCHEMAS = ("bus", *SERVICES)
SETTINGS: tuple[type[BaseSettings], ...] = (
    AuthSettings,
    UsersSettings,
    ScanSettings,
    CharacterSettings,
    LocationSettings,
    InfoSettings,
    ChatSettings,
    AiSettings,
    StorageSettings,
    ConsoleSettings,
)
OWNERS: dict[type[BaseSettings], str] = dict(
    zip(SETTINGS, (*SERVICES, "ai", "storage", *WEB), strict=True)
)


def read_service_settings() -> tuple[BaseSettings, ...]:
    """Every module's settings from the environment; raises `SettingsRefused` naming every
    variable that does not parse, before anything starts."""
    read: list[BaseSettings] = []
    problems: list[str] = []
    for kind in SETTINGS:
        try:
            read.append(kind())
        except ValidationError as error:
            refusal = invalid_settings(error)
            if refusal is None:
                raise
            problems.extend(refusal.problems)
    if problems:
        raise SettingsRefused(problems)
    return tuple(read)


def hosted_settings(read: Sequence[BaseSettings], names: Sequence[str]) -> list[BaseSettings]:
    """The settings (of `read`) of the modules a process named `names` serves (empty: all)."""
    if not names:
        return list(read)
    serves = {*names, *(c for n in names for c in COMPANIONS.get(n, ()))}
    return [s for s in read if OWNERS.get(type(s)) in serves]


def registry() -> list[Declares]:
    """Every module that consumes or serves something (the relay process hosts none)."""
    return [
        auth.SERVICE,
        users.SERVICE,
        scan.SERVICE,
        character.SERVICE,
        location.SERVICE,
        info.SERVICE,
        chat.SERVICE,
        ai.WORKER,
        storage.WORKER,
        console.SERVICE,
    ]


def wire(
    container: Container,
    configured: Configured,
    shared: Shared,
    names: Sequence[str],
    serving: Collection[str] | None = None,
) -> dict[str, Startable]:
    """Each named module paired with its builder, given what this process shares.

    `serving` names the modules that answer requests or consume events here (default:
    all of `names`); the others are built only for their scheduled jobs (the relay runs
    info's news collection and auth's retention purge) and warm nothing they would never
    use, such as the knowledge index (a minute of CPU when its vectors are not cached, and
    the model in memory) or auth's token blacklist.
    """
    serving = names if serving is None else serving
    intake: ImageIntake | None = None
    if "storage" in names:
        intake = storage.build_intake(container, configured.get(StorageSettings))
    kb = shared.knowledge

    @asynccontextmanager
    async def ai_runtime(c: Container) -> AsyncIterator[ai.AiRuntime]:
        settings = configured.get(AiSettings)
        classifier = await ai.load(shared.classifier(settings))
        async with ai.build(c, settings, kb, classifier, shared.index, shared.names) as runtime:
            yield runtime

    @asynccontextmanager
    async def storage_runtime(c: Container) -> AsyncIterator[storage.StorageRuntime]:
        assert intake is not None
        async with storage.build(c, intake) as runtime:
            yield runtime

    every: dict[str, Startable] = {
        "auth": Hosted(
            auth.SERVICE,
            lambda c: auth.build(c, configured.get(AuthSettings), serving="auth" in serving),
        ),
        "users": Hosted(users.SERVICE, lambda c: users.build(c, configured.get(UsersSettings))),
        "scan": Hosted(
            scan.SERVICE, lambda c: scan.build(c, configured.get(ScanSettings), kb, intake)
        ),
        "character": Hosted(
            character.SERVICE, lambda c: character.build(c, configured.get(CharacterSettings))
        ),
        "location": Hosted(
            location.SERVICE, lambda c: location.build(c, configured.get(LocationSettings))
        ),
        "info": Hosted(
            info.SERVICE,
            lambda c: info.build(
                c,
                configured.get(InfoSettings),
                kb,
                shared.index,
                names=shared.names,
                warm="info" in serving,
            ),
        ),
        "chat": Hosted(
            chat.SERVICE,
            lambda c: chat.build(c, configured.get(ChatSettings), kb, shared.index, shared.names),
        ),
        "ai": Hosted(ai.WORKER, ai_runtime),
        "storage": Hosted(storage.WORKER, storage_runtime),
        "console": Hosted(
            console.SERVICE, lambda c: console.build(c, configured.get(ConsoleSettings))
        ),
    }
    return {name: every[name] for name in names if name in every}
