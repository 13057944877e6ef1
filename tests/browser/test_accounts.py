"""Social sign-in through the provider, the admin tips editor, and signing out."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.browser.conftest import Console, Server
from tests.fakes.oauth_provider import FakeUser


def test_kakao_sign_in_goes_through_the_provider_and_back(console: Console, server: Server) -> None:
    page = console.page
    person = FakeUser(id="kakao-77", email="kakao77@example.com", nickname="카카오친구")
    server.oauth.users[person.id] = person

    def as_person(route) -> None:
        extra = urlencode({"fake_user": person.id, "fake_consent": "yes"})
        route.continue_(url=f"{route.request.url}&{extra}")

    page.route(f"{server.oauth.base_url}/kakao/authorize*", as_person)
    console.open()
    assert page.locator("#login-naver").count() == 0, "only configured providers show"
    page.click("#login-kakao")
    page.wait_for_selector("#sign-out")
    assert "카카오친구" in page.inner_text("#who")
    assert "code=" not in page.url, "the code does not stay in the address bar"
    page.click("#sign-out")
    page.wait_for_selector("#signin-title")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#signin-title").is_visible(), "signed out for good"


def test_admins_edit_tips_and_others_never_see_the_editor(console_factory, server: Server) -> None:
    visitor = console_factory()
    visitor.open()
    visitor.sign_in("not-admin@example.com")
    assert visitor.page.locator("#tab-admin").count() == 0
    visitor.page.goto(f"{server.origin}/#/admin")
    visitor.page.wait_for_selector("main [role=alert]")

    admin = console_factory()
    token = server.admin_token("admin-user-0000000000001")
    admin.page.context.add_cookies(
        [
            {"name": "ecoeco_access", "value": token, "url": server.origin, "httpOnly": True},
            {"name": "ecoeco_csrf", "value": "admin-csrf-token", "url": server.origin},
        ]
    )
    page = admin.page
    admin.open("/#/admin")
    page.locator("#tip-form").wait_for()
    page.fill("#tip-title", "아이스팩은 이렇게")
    page.fill("#tip-body", "물로 된 아이스팩은 물만 버리고 비닐은 분리배출합니다.")
    page.click("#tip-save")
    tip = page.locator("#tips li[data-tip]").filter(has_text="아이스팩은 이렇게")
    tip.wait_for()
    assert tip.get_attribute("data-published") == "true"
    tip.get_by_role("button").click()
    page.uncheck("#tip-published")
    page.click("#tip-save")
    admin.until(
        "[...document.querySelectorAll('#tips li[data-tip]')].some("
        "li => li.textContent.includes('아이스팩은 이렇게') && li.dataset.published === 'false')"
    )
    admin.screenshot("08-admin-tips")


def test_a_refused_cookie_is_explained_not_ignored(
    playwright_browser, browser_path: str, server: Server
) -> None:
    """On plain http under another host name Secure cookies are dropped: the page says so."""
    lan = playwright_browser.browser_type.launch(
        executable_path=browser_path,
        args=["--no-sandbox", "--host-resolver-rules=MAP console.lan.example 127.0.0.1"],
    )
    try:
        page = lan.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://console.lan.example:{server.process.port}/")
        page.wait_for_selector("body[data-ready=true]")
        page.fill("#dev-email", "lan@example.com")
        page.click("#dev-login button[type=submit]")
        page.locator("#dev-login .error").filter(has_text="ECOECO_AUTH_COOKIE_SECURE").wait_for()
        assert page.locator("#sign-out").count() == 0
        assert errors == []
    finally:
        lan.close()
