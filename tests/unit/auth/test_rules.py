"""Pure rules of auth: provider profile shapes, the redirect allow-list, the dev-login switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoeco.auth.errors import ProviderUnavailable
from ecoeco.auth.providers import parse_profile
from ecoeco.auth.redirects import check_redirect
from ecoeco.auth.settings import AuthSettings
from ecoeco.composition import build_container
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.settings import CoreSettings, Environment

ALLOWED = ["https://app.ecoeco.kr", "http://localhost:3000", "ecoeco://oauth"]


def test_kakao_profile_shape() -> None:
    data = {
        "id": 4242,
        "kakao_account": {
            "profile": {"nickname": "재활용왕"},
            "email": "King@Example.com",
            "is_email_valid": True,
            "is_email_verified": True,
        },
    }
    profile = parse_profile("kakao", data)
    assert (profile.provider_user_id, profile.email, profile.nickname) == (
        "4242",
        "king@example.com",
        "재활용왕",
    )
    data["kakao_account"]["is_email_verified"] = False  # type: ignore[index]
    assert parse_profile("kakao", data).email is None


def test_naver_profile_shape() -> None:
    data = {"resultcode": "00", "message": "success", "response": {"id": "abc", "name": "김"}}
    profile = parse_profile("naver", data)
    assert (profile.provider_user_id, profile.email, profile.nickname) == ("abc", None, "김")
    with pytest.raises(ProviderUnavailable):
        parse_profile("naver", {"resultcode": "024", "message": "Authentication failed"})


def test_google_profile_shape() -> None:
    data = {"sub": "1098", "email": "g@example.com", "email_verified": True, "name": "G"}
    assert parse_profile("google", data).email == "g@example.com"
    assert parse_profile("google", {**data, "email_verified": "true"}).email is None


@pytest.mark.parametrize(
    "data", [None, [], {}, {"id": ""}, {"id": True}, {"id": {"nested": 1}}, {"sub": None}]
)
def test_profiles_without_an_id_are_refused(data: object) -> None:
    for provider in ("kakao", "google"):
        with pytest.raises(ProviderUnavailable):
            parse_profile(provider, data)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://app.ecoeco.kr/auth/callback?next=/me", True),
        ("http://localhost:3000/cb", True),
        ("ecoeco://oauth/kakao", True),
        ("https://APP.ecoeco.kr/cb", True),
        ("https://app.ecoeco.kr.evil.example/cb", False),
        ("https://evil.example/?https://app.ecoeco.kr", False),
        ("https://app.ecoeco.kr@evil.example/", False),
        ("https://user@app.ecoeco.kr/", False),
        ("http://app.ecoeco.kr/cb", False),
        ("https://app.ecoeco.kr:8443/cb", False),
        ("https://app.ecoeco.kr/cb#token", False),
        ("https://app.ecoeco.kr\\@evil.example", False),
        ("https://app.ecoeco.kr/\ncb", False),
        ("/relative/path", False),
        ("", False),
        ("http://localhost:99999/cb", False),
    ],
)
def test_redirect_allow_list(url: str, ok: bool) -> None:
    assert check_redirect(url, ALLOWED) is ok


def test_dev_login_is_impossible_in_production() -> None:
    settings = AuthSettings(dev_login=True)
    assert settings.dev_login_allowed(Environment.development)
    assert settings.dev_login_allowed(Environment.test)
    assert not settings.dev_login_allowed(Environment.production)
    assert not AuthSettings(dev_login=False).dev_login_allowed(Environment.test)


def test_limits_are_parsed_from_settings() -> None:
    limit = AuthSettings(failure_limit_per_ip="5/2 seconds").limit("failure_per_ip")
    assert (limit.count, limit.seconds) == (5, 2.0)
    with pytest.raises(ValueError, match="limit"):
        AuthSettings(login_limit_per_ip="lots")


def test_previous_signing_keys_verify_but_do_not_sign(tmp_path: Path) -> None:
    current, previous = SigningKey.generate(), SigningKey.generate()
    (tmp_path / "current.pem").write_bytes(current.to_pem())
    (tmp_path / "previous.pem").write_bytes(previous.to_pem())
    settings = CoreSettings(
        data_dir=tmp_path,
        jwt_private_key_file=tmp_path / "current.pem",
        jwt_previous_key_files=[tmp_path / "previous.pem"],
    )
    container = build_container(settings, "auth")
    assert [k.kid for k in container.signing_keys] == [current.kid, previous.kid]


def test_production_refuses_insecure_cookies() -> None:
    assert AuthSettings().production_problems() == []
    problems = AuthSettings(cookie_secure=False).production_problems()
    assert problems == ["ECOECO_AUTH_COOKIE_SECURE must stay true in production"]


def test_a_client_id_alone_turns_a_provider_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOECO_AUTH_KAKAO__CLIENT_ID", "kakao-app")
    monkeypatch.setenv("ECOECO_AUTH_NAVER__CLIENT_ID", "naver-app")
    settings = AuthSettings()
    kakao, naver = settings.provider("kakao"), settings.provider("naver")
    assert kakao is not None
    assert naver is not None
    assert kakao.token_url.endswith("/oauth/token")
    assert kakao.pkce is True
    assert naver.pkce is False
    assert settings.provider("google") is None
