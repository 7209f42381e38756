"""Who may reach the daemon: token auth, body size limits, host/origin checks, bind rules.

The token tests run a second daemon (with ``api_token``) sharing the session's weights.

    .venv/bin/python -m pytest tests/daemon/test_api_security.py -q
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from daemon.security import BindRefused, check_bind, is_loopback

pytestmark = pytest.mark.integration

TOKEN = "correct-horse-battery-staple"
CHAT = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4}


@pytest.fixture(scope="module")
def locked(start_daemon: Any) -> Any:
    """A daemon with an API token."""
    return start_daemon(api_token=TOKEN, nightly_sleep=False)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("headers", [{}, bearer("wrong"), bearer(TOKEN + "x"),
                                     {"Authorization": TOKEN}, {"Authorization": "Basic eDp5"}],
                         ids=["missing", "wrong", "longer", "no-scheme", "basic"])
@pytest.mark.parametrize("method, path", [
    ("GET", "/v1/models"), ("POST", "/v1/chat/completions"), ("GET", "/memories"),
    ("DELETE", "/memories/1"), ("GET", "/sleep"), ("POST", "/sleep"),
    ("POST", "/sleep/rollback"), ("GET", "/docs"), ("GET", "/openapi.json"),
])
def test_token_required(locked: Any, method: str, path: str, headers: dict) -> None:
    before = locked.store.count_messages()
    response = locked.http.request(method, path, headers=headers,
                                   json=CHAT if method == "POST" else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["type"] == "authentication_error"
    assert locked.store.count_messages() == before and locked.store.list_cycles() == []


def test_health_open_without_token(locked: Any) -> None:
    assert locked.http.get("/health").json()["status"] == "ok"


def test_right_token_works(locked: Any) -> None:
    assert locked.http.get("/openapi.json", headers=bearer(TOKEN)).status_code == 200
    assert locked.http.get("/docs", headers=bearer(TOKEN)).status_code == 200
    client = locked.openai(api_key=TOKEN)
    reply = client.chat.completions.create(**CHAT)
    assert reply.choices[0].message.content is not None
    assert locked.store.count_messages() == 2


def test_openai_client_with_wrong_token(locked: Any) -> None:
    import openai

    with pytest.raises(openai.AuthenticationError):
        locked.openai(api_key="nope").chat.completions.create(**CHAT)


def test_locked_daemon_accepts_any_host(locked: Any) -> None:
    # With a token the daemon may be reached by name (it may bind a LAN address).
    response = locked.http.get("/v1/models", headers={**bearer(TOKEN), "Host": "box.lan"})
    assert response.status_code == 200


def test_body_too_large_by_content_length(daemon: Any) -> None:
    before = daemon.store.count_messages()
    text = "x" * (daemon.settings.max_body_bytes + 10)
    response = daemon.http.post("/v1/chat/completions",
                                json={**CHAT, "messages": [{"role": "user", "content": text}]})
    assert response.status_code == 413
    assert "larger than" in response.json()["error"]["message"]
    assert daemon.store.count_messages() == before


def test_body_too_large_chunked(daemon: Any) -> None:
    """A chunked upload declares no size; the bytes actually received are counted."""
    before = daemon.store.count_messages()
    piece = b" " * 16_384

    def body() -> Iterator[bytes]:
        yield b'{"messages": [{"role": "user", "content": "hi"}]'
        for _ in range(daemon.settings.max_body_bytes // len(piece) + 2):
            yield piece
        yield b"}"

    response = daemon.http.post("/v1/chat/completions", content=body(),
                                headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert daemon.store.count_messages() == before


def test_body_just_under_limit_is_fine(daemon: Any) -> None:
    padding = " " * (daemon.settings.max_body_bytes - 200)
    content = ('{"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}' + padding)
    response = daemon.http.post("/v1/chat/completions", content=content.encode(),
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("headers", [{"Host": "evil.example"},
                                     {"Host": "evil.example:8420"},
                                     {"Origin": "https://evil.example"},
                                     {"Origin": "null"}])
def test_tokenless_daemon_refuses_foreign_host_or_origin(daemon: Any, headers: dict) -> None:
    cycles = len(daemon.store.list_cycles())
    response = daemon.http.post("/sleep", headers=headers)
    assert response.status_code == 403
    assert len(daemon.store.list_cycles()) == cycles


@pytest.mark.parametrize("headers", [{"Host": "localhost:8420"}, {"Host": "[::1]:8420"},
                                     {"Origin": "http://localhost:3000"},
                                     {"Origin": "http://127.0.0.1:8420"}])
def test_tokenless_daemon_accepts_loopback_names(daemon: Any, headers: dict) -> None:
    assert daemon.http.get("/health", headers=headers).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)
    check_bind(host, has_token=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.com"])
def test_non_loopback_needs_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(BindRefused, match="token"):
        check_bind(host, has_token=False)
    check_bind(host, has_token=True)
