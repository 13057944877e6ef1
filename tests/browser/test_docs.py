"""/docs and /redoc work offline (assets from the package) and Authorize really authorizes."""

from __future__ import annotations

import httpx

from tests.browser.conftest import Console, Server


def test_swagger_authorize_then_try_an_authenticated_call(console_factory, server: Server) -> None:
    login = httpx.post(f"{server.origin}/api/v1/auth/dev/login", json={"email": "docs@example.com"})
    token = login.json()["access_token"]
    docs: Console = console_factory(viewport={"width": 1280, "height": 900})
    page = docs.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server.origin}/docs")
    page.locator(".swagger-ui .information-container").wait_for()
    page.click("button.authorize")
    page.locator("input[type=text]").first.fill(token)
    page.click(".auth-btn-wrapper button.authorize")
    page.click("button.btn-done")
    operation = page.locator("#operations-users-users_get_me")
    operation.click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    docs.screenshot("09-swagger-authorized")
    assert all(url.startswith(server.origin) for url in requested), "nothing from elsewhere"


def test_redoc_renders_from_the_package(console_factory, server: Server) -> None:
    docs: Console = console_factory(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    docs.page.on("request", lambda r: requested.append(r.url))
    docs.page.goto(f"{server.origin}/redoc")
    docs.page.get_by_text("EcoEco API").first.wait_for()
    docs.page.get_by_text("The caller's profile").first.wait_for(state="attached")
    assert all(url.startswith((server.origin, "blob:", "data:")) for url in requested)
