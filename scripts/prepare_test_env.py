#!/usr/bin/env python3
"""Prepare this machine for the test suite: the one set-up path of `make test` and `.ci/run`.

- Starts the PostgreSQL, Redis and RabbitMQ servers that are installed but not running.
- Installs PostGIS (for each local PostgreSQL), nginx and chromium with apt-get where
  it runs as root or passwordless sudo works; otherwise prints the one command that would.
- Raises PostgreSQL's max_connections (which needs a restart) only when it is below
  what the suite needs.

Standard library only: it runs before the project's virtual environment exists.
`--dry-run` prints what it would do and changes nothing. Tests whose server or
package is still missing skip with a one-line reason, or fail under
ECOECO_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PORTS = {"postgres": 5432, "redis": 6379, "rabbitmq": 5672}
MIN_CONNECTIONS = 200  # two replicas of every service in the proxy journey, with small pools
WANT_CONNECTIONS = 400
APT_ENV = ["env", "DEBIAN_FRONTEND=noninteractive"]


@dataclass(frozen=True)
class Facts:
    """What the machine has, gathered once; `plan` decides from these alone."""

    privilege: str  # "root", "sudo" (passwordless) or "none"
    has_apt: bool
    postgres_majors: tuple[str, ...] = ()
    postgis_missing: tuple[str, ...] = ()  # majors without the extension
    has_nginx: bool = True
    has_chromium: bool = True
    running: Mapping[str, bool] = field(default_factory=dict)
    installed: Mapping[str, bool] = field(default_factory=dict)  # server binaries present


@dataclass
class Plan:
    """Commands to run in order, and what to tell a person who must do the rest."""

    commands: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def missing_packages(facts: Facts) -> list[str]:
    """The Debian packages the suite needs that are not installed."""
    packages = [f"postgresql-{major}-postgis-3" for major in facts.postgis_missing]
    if not facts.has_nginx:
        packages.append("nginx")
    if not facts.has_chromium:
        packages.append("chromium")
    return packages


def _as_admin(facts: Facts, command: list[str]) -> list[str]:
    return ["sudo", "-n", *command] if facts.privilege == "sudo" else command


def _start_commands(facts: Facts, server: str) -> list[list[str]]:
    if server == "postgres":
        return [
            ["pg_ctlcluster", "--skip-systemctl-redirect", major, "main", "start"]
            for major in facts.postgres_majors
        ]
    if server == "redis":
        return [
            ["mkdir", "-p", "/var/lib/redis", "/var/log/redis"],
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1"]
            + ["--port", "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis"]
            + ["--logfile", "/var/log/redis/ecoeco-tests.log"],
        ]
    return [["rabbitmq-server", "-detached"]]


def plan(facts: Facts) -> Plan:
    """Install what is missing, then start what is installed and not running."""
    result = Plan()
    packages = missing_packages(facts)
    privileged = facts.privilege in ("root", "sudo")
    if packages:
        install = [*APT_ENV, "apt-get", "install", "-y", "-q", "--no-install-recommends"]
        if privileged and facts.has_apt:
            result.commands.append(_as_admin(facts, ["apt-get", "update", "-q"]))
            result.commands.append(_as_admin(facts, [*install, *packages]))
        elif facts.has_apt:
            line = f"sudo apt-get update && sudo apt-get install -y {' '.join(packages)}"
            result.notes.append(f"missing {', '.join(packages)}; run: {line}")
        else:
            result.notes.append(f"missing {', '.join(packages)}; install them (no apt-get here)")
    for server in PORTS:
        if facts.running.get(server) or not facts.installed.get(server):
            continue
        starts = _start_commands(facts, server)
        if privileged:
            result.commands += [_as_admin(facts, c) for c in starts]
        else:
            shown = " && ".join(" ".join(c) for c in starts)
            result.notes.append(f"{server} is installed but not running; run as root: {shown}")
    return result


def plan_connections(facts: Facts, current: int | None) -> Plan:
    """Raise max_connections (a restart) only when a known value is too low."""
    result = Plan()
    if current is None or current >= MIN_CONNECTIONS or not facts.postgres_majors:
        return result
    alter = ["psql", "-w", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
    alter.append(f"ALTER SYSTEM SET max_connections = {WANT_CONNECTIONS}")
    restarts = [
        ["pg_ctlcluster", "--skip-systemctl-redirect", major, "main", "restart"]
        for major in facts.postgres_majors
    ]
    if facts.privilege in ("root", "sudo"):
        result.commands.append(alter)
        result.commands += [_as_admin(facts, r) for r in restarts]
    else:
        shown = " && ".join(["sudo " + " ".join(r) for r in restarts])
        result.notes.append(
            f"PostgreSQL max_connections is {current} (< {MIN_CONNECTIONS}); run: "
            f'psql -U postgres -c "ALTER SYSTEM SET max_connections = {WANT_CONNECTIONS}" '
            f"&& {shown}"
        )
    return result


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _privilege() -> str:
    if os.geteuid() == 0:
        return "root"
    if shutil.which("sudo"):
        done = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
        if done.returncode == 0:
            return "sudo"
    return "none"


def _has_postgis(major: str) -> bool:
    """Both halves of PostGIS: the extension's scripts and the server library.

    Debian ships them in two packages; removing only `postgresql-N-postgis-3` leaves the
    control file behind, and CREATE EXTENSION then fails on the missing library.
    """
    control = Path(f"/usr/share/postgresql/{major}/extension/postgis.control")
    library = Path(f"/usr/lib/postgresql/{major}/lib/postgis-3.so")
    return control.exists() and library.exists()


def gather() -> Facts:
    """Look at this machine."""
    etc = Path("/etc/postgresql")
    majors = tuple(sorted(p.name for p in etc.iterdir() if p.is_dir())) if etc.is_dir() else ()
    postgis_missing = tuple(m for m in majors if not _has_postgis(m))
    return Facts(
        privilege=_privilege(),
        has_apt=shutil.which("apt-get") is not None,
        postgres_majors=majors,
        postgis_missing=postgis_missing,
        has_nginx=shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists(),
        has_chromium=any(shutil.which(n) for n in ("chromium", "chromium-browser")),
        running={name: _port_open(port) for name, port in PORTS.items()},
        installed={
            "postgres": bool(majors) and shutil.which("pg_ctlcluster") is not None,
            "redis": shutil.which("redis-server") is not None,
            "rabbitmq": shutil.which("rabbitmq-server") is not None,
        },
    )


def max_connections() -> int | None:
    """PostgreSQL's max_connections on 127.0.0.1, or None when it cannot be asked."""
    if not shutil.which("psql") or not _port_open(PORTS["postgres"]):
        return None
    command = ["psql", "-w", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc"]
    done = subprocess.run(
        [*command, "SHOW max_connections"], capture_output=True, text=True, check=False
    )
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def _wait_ports(names: Sequence[str], seconds: float = 90.0) -> list[str]:
    deadline = time.monotonic() + seconds
    waiting = list(names)
    while waiting and time.monotonic() < deadline:
        waiting = [n for n in waiting if not _port_open(PORTS[n])]
        if waiting:
            time.sleep(1)
    return waiting


def _execute(steps: Plan, dry_run: bool) -> bool:
    for note in steps.notes:
        print(f"prepare-tests: {note}")
    for command in steps.commands:
        print(f"prepare-tests: {'would run' if dry_run else 'running'}: {' '.join(command)}")
        if not dry_run and subprocess.run(command, check=False).returncode != 0:
            print(f"prepare-tests: failed: {' '.join(command)}", file=sys.stderr)
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the plan; exit non-zero only when a command we ran failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dry-run", action="store_true", help="print, change nothing")
    args = parser.parse_args(argv)
    facts = gather()
    steps = plan(facts)
    if not _execute(steps, args.dry_run):
        return 1
    started = [s for s in PORTS if facts.installed.get(s) and not facts.running.get(s)]
    if started and steps.commands and not args.dry_run:
        late = _wait_ports(started)
        for name in late:
            print(f"prepare-tests: {name} did not come up on port {PORTS[name]}", file=sys.stderr)
        if late:
            return 1
    tuning = plan_connections(facts, max_connections())
    if not _execute(tuning, args.dry_run):
        return 1
    if tuning.commands and not args.dry_run and _wait_ports(["postgres"]):
        return 1
    if not steps.commands and not steps.notes:
        print("prepare-tests: servers and packages present")
    return 0


if __name__ == "__main__":
    sys.exit(main())
