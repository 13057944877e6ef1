"""Debian's nginx running the repository's own gateway config, for tests through the proxy."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ecoeco.routing import nginx_config
from tests.processes import free_port, stop_popen


def nginx_binary() -> str:
    """Where Debian puts nginx (not on a non-root PATH)."""
    return shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Gateway:
    """One nginx master with its worker, listening on loopback."""

    popen: subprocess.Popen[bytes]
    port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """The error log's tail, for failure messages."""
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        stop_popen(self.popen)


def main_config(folder: Path, included: Path) -> str:
    """The top-level config around the generated `http`-level file, all state in `folder`."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 1024; }}
http {{
  access_log {folder / "access.log"};
{temp}
  include {included};
}}
"""


def start_gateway(
    folder: Path,
    upstreams: Mapping[str, Sequence[str]],
    port: int | None = None,
    web_origins: Sequence[str] = (),
) -> Gateway:
    """Render the gateway config for these upstream servers and run nginx with it."""
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    included = folder / "ecoeco.conf"
    rendered = nginx_config(
        upstreams, web_origins=web_origins, listen=f"127.0.0.1:{port}", show_upstream=True
    )
    included.write_text(rendered)
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, included))
    command = [
        nginx_binary(),
        "-p",
        str(folder),
        "-e",
        str(folder / "error.log"),
        "-c",
        str(config),
    ]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refused the config:\n{checked.stderr}")
    popen = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    gateway = Gateway(popen, port, folder)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return gateway
        except OSError:
            if popen.poll() is not None:
                break
            time.sleep(0.1)
    gateway.stop()
    raise RuntimeError(f"nginx did not start:\n{gateway.log()}")
