"""A virtual environment holding exactly what the Dockerfile installs: the runtime, no dev extra.

Built the way `deploy/docker/Dockerfile` builds `/opt/venv`: the project's dependencies
constrained by `requirements.lock`, then the project itself (not editable). The
dependencies are cached between runs under `~/.cache/ecoeco-tests/`, keyed by the lock
and `pyproject.toml`; each test session installs the current source on top of them in a
small venv of its own (a `.pth` line points it at the cached dependencies).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ecoeco-tests"
UV_ENV = {"UV_COMPILE_BYTECODE": "1", "UV_LINK_MODE": "copy", "UV_PYTHON_DOWNLOADS": "never"}


def _uv() -> str:
    found = Path(sys.executable).parent / "uv"
    return str(found) if found.exists() else shutil.which("uv") or "uv"


def _run(*args: str) -> None:
    done = subprocess.run(
        list(args), env={**os.environ, **UV_ENV}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def dependency_key() -> str:
    """What the dependency set depends on: the lock and the declared requirements."""
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def _site_packages(venv: Path) -> Path:
    return venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"


def dependencies() -> Path:
    """The cached venv of the runtime dependencies (built once per lock, under a file lock)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    venv = CACHE / f"runtime-{dependency_key()}"
    with (CACHE / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            _run(_uv(), "venv", "--quiet", "--python", sys.executable, str(venv))
            _run(
                _uv(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                "--constraint", str(ROOT / "requirements.lock"),
                "--requirement", str(ROOT / "pyproject.toml"),
            )  # fmt: skip
            (venv / ".complete").write_text(dependency_key())
    return venv


def build(target: Path) -> Path:
    """A venv at `target` with the cached dependencies and this checkout installed; its python."""
    deps = dependencies()
    _run(_uv(), "venv", "--quiet", "--clear", "--python", sys.executable, str(target))
    python = target / "bin" / "python"
    (_site_packages(target) / "ecoeco-runtime-deps.pth").write_text(f"{_site_packages(deps)}\n")
    # Like the Dockerfile's COPY: only what the build needs, so the checkout stays untouched.
    source = target.parent / f"{target.name}-source"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "src", source / "src", ignore=ignore)
    _run(_uv(), "pip", "install", "--quiet", "--no-deps", "--python", str(python), str(source))
    return python
