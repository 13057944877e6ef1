"""Browser tests: Debian's Chromium driven by Playwright against a real `ecoeco serve`.

One embedded server for the session (SQLite, in-process everything, demo places), with
the fake OAuth provider configured as Kakao, and no map tiles. Each test gets a fresh
browser context (its own cookies) and fails on any console error the page logs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import CoreSettings
from tests.browser.drop_proxy import DropProxy
from tests.fakes.oauth_provider import FakeOAuthProvider
from tests.processes import Process, free_port, start_process
from tests.servers import REQUIRED

ARTIFACTS = Path(os.environ.get("ECOECO_ARTIFACTS_DIR", "build/artifacts")) / "browser"
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright cannot download its own browsers here)."""
    explicit = os.environ.get("ECOECO_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Server:
    """The running server and what tests need to reach or impersonate on it."""

    process: Process
    data_dir: Path
    oauth: FakeOAuthProvider
    origin: str

    def admin_token(self, user_id: str) -> str:
        """An access token with the `admin` scope, signed with the server's own key."""
        key = SigningKey.from_pem((self.data_dir / "keys" / "signing.pem").read_bytes())
        defaults = CoreSettings()
        signer = TokenSigner([key], issuer=defaults.jwt_issuer, audience=defaults.jwt_audience)
        return signer.issue(user_id, ["user", "admin"]).token


@pytest.fixture(scope="session")
def browser_path() -> str:
    found = chromium_path()
    if found is None:
        message = "chromium is not installed (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(f"{message}; ECOECO_REQUIRE_SERVICES=1")
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    oauth = FakeOAuthProvider().start()
    data_dir = tmp_path_factory.mktemp("browser-server")
    port = free_port()
    origin = f"http://localhost:{port}"
    kakao = oauth.endpoints("kakao")
    env = {
        "ECOECO_DATA_DIR": str(data_dir),
        "ECOECO_ENV": "test",
        "ECOECO_LOG_LEVEL": "WARNING",
        "ECOECO_CONSOLE_TILE_URL": "",
        "ECOECO_WEB_ORIGINS": f'["{origin}"]',
        **{f"ECOECO_AUTH_KAKAO__{k.upper()}": str(v) for k, v in kakao.items()},
    }
    for command in (["migrate"], ["seed", "--count", "400"]):  # demo places, as `make run` has
        subprocess.run(
            [sys.executable, "-m", "ecoeco.cli", *command],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    process = start_process(["serve"], env, data_dir, port=port)
    try:
        yield Server(process, data_dir, oauth, origin)
    finally:
        process.stop()
        oauth.stop()


@pytest.fixture(scope="module")
def playwright_browser(browser_path: str) -> Iterator[object]:
    """Per module: sync Playwright keeps an event loop running in this thread while it
    lives, which would break any later test that calls `asyncio.run`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_path, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@dataclass
class Console:
    """One browser tab on the console, with what its console said."""

    page: object
    origin: str
    errors: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    def open(self, path: str = "/") -> None:
        self.page.goto(self.origin + path)
        self.page.wait_for_selector("body[data-ready=true]")

    def sign_in(self, email: str, nickname: str | None = None) -> None:
        page = self.page
        page.fill("#dev-email", email)
        if nickname:
            page.fill("#dev-nickname", nickname)
        page.click("#dev-login button[type=submit]")
        page.wait_for_selector("#sign-out")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.evaluate("document.fonts.ready")
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def until(self, expression: str, timeout: float = 20.0) -> None:
        """Wait until a JS expression is true (`wait_for_function` would need 'unsafe-eval',
        which the console's CSP rightly refuses; `evaluate` runs outside the CSP)."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"never true: {expression}")
            time.sleep(0.05)

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(a in e for a in self.allowed)]


@pytest.fixture
def console_factory(playwright_browser: object, server: Server) -> Iterator[Callable[..., Console]]:
    contexts: list[object] = []
    consoles: list[Console] = []

    def make(origin: str | None = None, **options: object) -> Console:
        options.setdefault("viewport", PHONE)
        options.setdefault("locale", "ko-KR")
        context = playwright_browser.new_context(**options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        console = Console(page, origin or server.origin)
        page.on("console", lambda m: m.type == "error" and console.errors.append(m.text))
        page.on("pageerror", lambda e: console.errors.append(f"page error: {e}"))
        consoles.append(console)
        return console

    yield make
    for context in contexts:
        context.close()
    problems = [e for c in consoles for e in c.unexpected_errors()]
    assert not problems, f"the page logged errors: {problems}"


@pytest.fixture
def console(console_factory: Callable[..., Console]) -> Console:
    return console_factory()


@pytest.fixture
def drop_proxy(server: Server) -> Iterator[DropProxy]:
    proxy = DropProxy(server.process.port).start()
    yield proxy
    proxy.stop()
