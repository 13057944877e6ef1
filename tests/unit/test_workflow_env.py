"""Every ECOECO_* variable the GitHub workflows set is one the code or the tests read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic_settings import BaseSettings

from ecoeco.composition import registry

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"\bECOECO_[A-Z0-9_]+\b")


def env_names(node: Any) -> Iterator[str]:
    """Names in every `env:` map of a workflow, at any level."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "env" and isinstance(value, dict):
                yield from (k for k in value if k.startswith("ECOECO_"))
            yield from env_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from env_names(item)


def settings_classes() -> Iterator[type[BaseSettings]]:
    registry()  # import every service and worker, so their settings classes exist
    pending = list(BaseSettings.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("ecoeco."):
            yield cls


def read_by_settings() -> set[str]:
    names = set()
    for cls in settings_classes():
        prefix = str(cls.model_config.get("env_prefix", "")).upper()
        names |= {f"{prefix}{field.upper()}" for field in cls.model_fields}
    return names


def named_in_code() -> set[str]:
    names: set[str] = set()
    for folder in ("src", "tests", "scripts", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != Path(__file__).name:
                names |= set(NAME.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_variable_the_workflows_set_is_read() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    set_there = {n for w in workflows for n in env_names(yaml.safe_load(w.read_text("utf-8")))}
    assert "ECOECO_REQUIRE_SERVICES" in set_there
    unread = set_there - read_by_settings() - named_in_code()
    assert not unread, f"set in .github/workflows but read by nothing: {sorted(unread)}"


def test_the_check_itself_catches_the_old_misnamed_variable() -> None:
    known = read_by_settings() | named_in_code()
    assert "ECOECO_TEST_POSTGRES_URL" in known
    assert "ECOECO_DATABASE_URL" in known
    assert "ECOECO_TEST_DATABASE_URL" not in known
