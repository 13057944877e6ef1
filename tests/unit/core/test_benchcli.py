"""`ecoeco bench load` is wired into the CLI and refuses bad arguments before starting anything."""

from __future__ import annotations

import subprocess

import pytest
from typer.testing import CliRunner

from ecoeco.benchcli import RUNNER
from ecoeco.cli import app


def test_bench_load_is_a_command_with_the_documented_options() -> None:
    result = CliRunner().invoke(app, ["bench", "load", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--users", "--duration", "--mode", "--host"):
        assert option in result.output
    assert RUNNER.is_file(), "the command runs bench/load/run.py from the checkout"


def test_bench_load_refuses_bad_arguments() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["bench", "load", "--users", "0"]).exit_code == 2
    assert runner.invoke(app, ["bench", "load", "--users", "40,0"]).exit_code == 2
    assert runner.invoke(app, ["bench", "load", "--users", "40,many"]).exit_code == 2
    assert runner.invoke(app, ["bench", "load", "--mode", "cluster"]).exit_code == 2
    assert runner.invoke(app, ["bench", "load", "--duration", "1"]).exit_code == 2


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The commands the CLI would have run (nothing starts)."""
    commands: list[list[str]] = []

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[bytes]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", run)
    return commands


def test_bench_load_passes_several_levels_to_the_runner(ran: list[list[str]]) -> None:
    result = CliRunner().invoke(app, ["bench", "load", "--users", "40, 80,120"])
    assert result.exit_code == 0, result.output
    assert ran[0][ran[0].index("--users") + 1] == "40,80,120"


def test_bench_load_passes_the_load_wait_to_the_runner(ran: list[list[str]]) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["bench", "load"]).exit_code == 0
    defaults = ran[-1]
    assert defaults[defaults.index("--load-below") + 1] == "1.0"
    assert defaults[defaults.index("--load-wait") + 1] == "240.0"
    args = ["bench", "load", "--load-below", "0.5", "--load-wait", "30"]
    assert runner.invoke(app, args).exit_code == 0
    asked = ran[-1]
    assert asked[asked.index("--load-below") + 1] == "0.5"
    assert asked[asked.index("--load-wait") + 1] == "30.0"
    assert runner.invoke(app, ["bench", "load", "--load-wait", "-1"]).exit_code == 2
