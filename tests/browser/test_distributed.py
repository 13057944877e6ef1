"""The console through the gateway in the distributed mode: each service its own process.

The other browser tests run every module in one process, where `POST /scan` also takes
the image bytes. Behind the gateway `/scan` reaches the scan service alone, which takes
none (ADR 7): the console must upload to `/scan/uploads` (the storage worker) first.

Here the reward is granted by the character service after the scan is `done` (the grant
comes back through the broker): the console follows it until it arrives, or says it has
not come.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ecoeco.routing import routed_processes
from tests.browser.conftest import PHONE, Console
from tests.fixtures.images import photos
from tests.gateway import Gateway, nginx_binary, start_gateway
from tests.servers import need
from tests.stack import Stack, start_stack

pytestmark = pytest.mark.slow

# What the scan page calls, the ai worker that classifies, and character that grants the
# reward. Location and chat are routed to info's address: the gateway needs an upstream
# for each routed process, and this page never calls them.
PROCESSES = ("auth", "users", "scan", "info", "storage", "ai", "character")


@dataclass
class Distributed:
    stack: Stack
    gateway: Gateway
    consoles: list[Console] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.gateway.port}"

    def port(self, process: str) -> int:
        return self.stack.processes[process].port


@pytest.fixture(scope="module")
def distributed(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Distributed]:
    need("postgres", "redis", "rabbitmq")
    if not Path(nginx_binary()).exists():
        pytest.skip("nginx is not installed")
    stack = start_stack(postgres_url, tmp_path_factory.mktemp("distributed"), names=PROCESSES)
    try:
        address = f"127.0.0.1:{stack.processes['info'].port}"
        upstreams = {
            p: [f"127.0.0.1:{stack.processes[p].port}" if p in PROCESSES else address]
            for p in routed_processes()
        }
        gateway = start_gateway(tmp_path_factory.mktemp("gateway"), upstreams)
        try:
            yield Distributed(stack, gateway)
        finally:
            gateway.stop()
    finally:
        stack.stop()


@pytest.fixture
def console(playwright_browser: object, distributed: Distributed) -> Iterator[Console]:
    context = playwright_browser.new_context(viewport=PHONE, locale="ko-KR")
    context.set_default_timeout(30_000)
    page = context.new_page()
    console = Console(page, distributed.origin)
    page.on("console", lambda m: m.type == "error" and console.errors.append(m.text))
    page.on("pageerror", lambda e: console.errors.append(f"page error: {e}"))
    yield console
    context.close()
    assert not console.unexpected_errors(), f"the page logged errors: {console.errors}"


def _answered_by(console: Console) -> dict[str, list[str]]:
    """`METHOD path` of each API call -> the upstreams nginx named (X-Upstream)."""
    seen: dict[str, list[str]] = {}

    def record(response: object) -> None:
        upstream = response.headers.get("x-upstream")
        path = response.url.split("/api/v1", 1)[-1]
        if upstream and "/api/v1" in response.url:
            seen.setdefault(f"{response.request.method} {path}", []).append(upstream)

    console.page.on("response", record)
    return seen


def _submit(console: Console) -> None:
    """Send the scan form and wait for its outcome: no error, a result."""
    console.page.click("#scan-submit")
    console.until(
        "document.querySelector('#guide-card, #candidates')"
        " || document.querySelector('#scan-error').textContent",
        timeout=60,
    )
    assert console.page.inner_text("#scan-error") == ""


def test_a_photo_scan_uploads_to_storage_then_scans(
    console: Console, distributed: Distributed, tmp_path: Path
) -> None:
    page = console.page
    answered = _answered_by(console)
    console.open()
    console.sign_in("distributed@example.com")
    (tmp_path / "coffee.jpg").write_bytes(photos.committed("coffee.jpg"))
    page.set_input_files("#scan-file", str(tmp_path / "coffee.jpg"))
    _submit(console)
    assert page.locator("#guide-card").count() == 1
    for stage in ("vision", "rule", "answer"):
        assert page.get_attribute(f"#stage-{stage}", "data-status") == "completed", stage
    storage, scan = distributed.port("storage"), distributed.port("scan")
    assert answered["POST /scan/uploads"] == [f"127.0.0.1:{storage}"]
    assert answered["POST /scan"] == [f"127.0.0.1:{scan}"]


def test_a_hint_alone_scans_through_the_scan_service(console: Console) -> None:
    page = console.page
    console.open()
    console.sign_in("hint@example.com")
    page.fill("#scan-hint", "종이컵")
    _submit(console)
    assert "종이팩" in page.inner_text("#guide-card h3")


def _reward(console: Console) -> str | None:
    return console.page.get_attribute("#stage-reward", "data-status")


def _scan_a_hint(console: Console, who: str, hint: str) -> None:
    """Sign in as `who` and scan `hint` until the guide card shows."""
    console.open()
    console.sign_in(who)
    console.page.fill("#scan-hint", hint)
    _submit(console)


def _settled_reward(console: Console) -> str | None:
    """The reward step once the page stopped waiting for the grant."""
    console.until("document.querySelector('#stage-reward').dataset.status !== 'requested'")
    return _reward(console)


def test_the_reward_granted_later_reaches_the_card(
    console: Console, distributed: Distributed
) -> None:
    page = console.page
    answered = _answered_by(console)
    _scan_a_hint(console, "rewarded@example.com", "종이컵")
    # the card comes at `done`; the grant comes after it, from the character service
    assert _settled_reward(console) == "granted", page.inner_text("#stage-reward")
    badges = page.locator("#guide-card .badge.reward")
    assert badges.count() >= 1
    assert "+" in badges.first.inner_text()
    scan = distributed.port("scan")
    # the scan read again (after `done`, until the grant is on it), through nginx
    reads = [u for call, ups in answered.items() if call.startswith("GET /scan/") for u in ups]
    assert reads, answered
    assert set(reads) == {f"127.0.0.1:{scan}"}, answered


def test_a_result_that_earns_no_reward_says_so(console: Console) -> None:
    _scan_a_hint(console, "receipt@example.com", "영수증")
    assert _settled_reward(console) == "none", console.page.inner_text("#stage-reward")
    assert console.page.locator("#guide-card .badge.reward").count() == 0


def test_a_grant_that_does_not_come_is_said_plainly(
    console: Console, distributed: Distributed
) -> None:
    """With the character service stalled, the page gives up after its last pause (the
    page's clock is run forward) and says the reward has not arrived."""
    page = console.page
    page.clock.install()
    character = distributed.stack.processes["character"].popen.pid
    os.kill(character, signal.SIGSTOP)
    try:
        _scan_a_hint(console, "stalled@example.com", "종이컵")
        for _ in range(20):  # one pause at a time: each read is awaited before the next
            if _reward(console) != "requested":
                break
            page.clock.fast_forward(20_000)
            page.wait_for_timeout(250)
        assert _reward(console) == "late", page.inner_text("#stage-reward")
        assert page.locator("#reward-late").inner_text()
        assert page.locator("#guide-card .badge.reward").count() == 0
    finally:
        os.kill(character, signal.SIGCONT)
