"""The test set-up decides from what the machine has: install, start, or say what to run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "prepare_test_env.py"


@pytest.fixture(scope="module")
def prep() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prepare_test_env", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fresh_machine(prep: ModuleType, privilege: str) -> object:
    """PostgreSQL 15, Redis and RabbitMQ installed and running; no PostGIS, nginx, chromium."""
    up = {"postgres": True, "redis": True, "rabbitmq": True}
    return prep.Facts(
        privilege=privilege,
        has_apt=True,
        postgres_majors=("15",),
        postgis_missing=("15",),
        has_nginx=False,
        has_chromium=False,
        running=up,
        installed=up,
    )


def test_root_installs_the_missing_packages_with_apt(prep: ModuleType) -> None:
    steps = prep.plan(fresh_machine(prep, "root"))
    assert steps.notes == []
    assert steps.commands == [
        ["apt-get", "update", "-q"],
        ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q"]
        + ["--no-install-recommends", "postgresql-15-postgis-3", "nginx", "chromium"],
    ]


def test_passwordless_sudo_runs_the_same_commands_through_sudo(prep: ModuleType) -> None:
    steps = prep.plan(fresh_machine(prep, "sudo"))
    assert [c[:3] for c in steps.commands] == [["sudo", "-n", "apt-get"], ["sudo", "-n", "env"]]


def test_without_privilege_it_prints_the_one_command(prep: ModuleType) -> None:
    steps = prep.plan(fresh_machine(prep, "none"))
    assert steps.commands == []
    assert steps.notes == [
        "missing postgresql-15-postgis-3, nginx, chromium; run: sudo apt-get update && "
        "sudo apt-get install -y postgresql-15-postgis-3 nginx chromium"
    ]


def test_installed_servers_that_are_down_are_started(prep: ModuleType) -> None:
    facts = prep.Facts(
        privilege="root",
        has_apt=True,
        postgres_majors=("15",),
        running={"postgres": False, "redis": False, "rabbitmq": True},
        installed={"postgres": True, "redis": True, "rabbitmq": True},
    )
    commands = prep.plan(facts).commands
    assert ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"] in commands
    assert any(c[0] == "redis-server" for c in commands)
    assert not any(c[0] == "rabbitmq-server" for c in commands)  # already running
    absent = prep.Facts(privilege="root", has_apt=True, running={}, installed={})
    assert prep.plan(absent).commands == []  # nothing installed: the tests skip or fail


def test_max_connections_is_raised_only_when_too_low(prep: ModuleType) -> None:
    facts = fresh_machine(prep, "root")
    assert prep.plan_connections(facts, 600).commands == []
    assert prep.plan_connections(facts, None).commands == []
    low = prep.plan_connections(facts, 100).commands
    assert low[0][-1] == "ALTER SYSTEM SET max_connections = 400"
    assert low[1] == ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
    told = prep.plan_connections(fresh_machine(prep, "none"), 100)
    assert told.commands == []
    assert "max_connections is 100" in told.notes[0]


def test_dry_run_changes_nothing_and_succeeds() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--dry-run"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "running:" not in done.stdout
