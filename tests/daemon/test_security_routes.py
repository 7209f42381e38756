"""Who may reach which route, enumerated from ``app.routes`` so a route added later is
covered too: with a token set, every route but /health answers 401 without it (and with
a wrong one); without a token, the daemon binds loopback by default and every route
refuses a foreign Host or Origin.

Runs against in-process daemons sharing the session's weights (``start_daemon``).

    .venv/bin/python -m pytest tests/daemon/test_security_routes.py -q
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from daemon.security import OPEN_PATHS
from daemon.settings import Settings

pytestmark = pytest.mark.integration

TOKEN = "s3cret-token-for-every-route"
# Routes this test must see: a route table that lost one would make the test vacuous.
KNOWN = {"/v1/chat/completions", "/v1/models", "/health", "/memories", "/memories/{fact_id}",
         "/memories/rejected", "/sleep", "/sleep/rollback", "/sleep/versions",
         "/sleep/{cycle_id}", "/conversations", "/conversations/{conversation_id}",
         "/openapi.json", "/docs", "/", "/web"}
EXTRA_METHODS = ("HEAD", "OPTIONS", "PUT", "PATCH")


def all_routes(app: Any) -> list[Any]:
    """Every route, also those inside routers FastAPI keeps as included-router entries."""
    out = []
    for route in app.routes:
        nested = getattr(route, "effective_route_contexts", None)  # FastAPI >= 0.165
        out.extend(nested() if nested is not None else [route])
    return out


def route_requests(app: Any) -> list[tuple[str, str]]:
    """(method, concrete path) for every method of every route; path parameters -> 1."""
    out = []
    for route in all_routes(app):
        path = re.sub(r"\{[^}/]+\}", "1", route.path)
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            out.append((method, path))
    return out


@pytest.fixture(scope="module")
def locked(start_daemon: Any) -> Any:
    return start_daemon(api_token=TOKEN, nightly_sleep=False)


@pytest.fixture(scope="module")
def open_daemon(start_daemon: Any) -> Any:
    return start_daemon(nightly_sleep=False)


def test_the_route_table_is_what_we_think(locked: Any) -> None:
    assert KNOWN <= {route.path for route in all_routes(locked.app)}


@pytest.mark.parametrize("auth", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"],
                         ids=["none", "wrong", "basic", "longer"])
def test_every_route_but_health_needs_the_token(locked: Any, auth: str | None) -> None:
    before = (locked.store.count_messages(), len(locked.store.list_cycles()))
    headers = {"Authorization": auth} if auth else {}
    body = {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}
    paths = {p for _, p in route_requests(locked.app)} | {"/no/such/route"}
    requests = route_requests(locked.app) + [(m, p) for p in paths for m in EXTRA_METHODS]
    for method, path in requests:
        response = locked.http.request(method, path, headers=headers,
                                       json=body if method in ("POST", "PUT") else None)
        if path in OPEN_PATHS and method == "GET":
            assert response.status_code == 200, (method, path)
            continue
        if path in OPEN_PATHS:
            assert response.status_code in (405, 200), (method, path, response.status_code)
            continue
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.headers["www-authenticate"] == "Bearer"
        if method != "HEAD":
            assert response.json()["error"]["code"] == "invalid_api_key"
    assert (locked.store.count_messages(), len(locked.store.list_cycles())) == before


def test_the_page_is_open_and_holds_no_data(locked: Any) -> None:
    """The page and its files need no token (they are the package's, the same for
    everyone); nothing else is reachable through their paths."""
    assert locked.http.get("/").status_code == 200
    assert locked.http.get("/web/app.js").status_code == 200
    for path in ("/web/%2e%2e/memories", "/web/..%2f..%2fmemories", "/web/../memories",
                 "/web//memories", "/webx", "/web"):
        response = locked.http.get(path)
        assert response.status_code in (401, 404), (path, response.status_code)
        assert "facts" not in response.text, path


def test_with_the_token_no_route_says_401(locked: Any) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for method, path in route_requests(locked.app):
        if method == "POST":  # chat would generate, sleep would start: not needed here
            continue
        response = locked.http.request(method, path, headers=headers)
        assert response.status_code != 401, (method, path)
        assert response.status_code < 500, (method, path, response.text)


def test_loopback_is_the_default_bind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from daemon.cli import main

    assert Settings().host == "127.0.0.1"
    bound: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: bound.update(kw))
    assert main(["serve", "--data-dir", str(tmp_path / "d"), "--port", "8421"]) == 0
    assert bound["host"] == "127.0.0.1" and bound["port"] == 8421


@pytest.mark.parametrize("headers", [{"Host": "evil.example"}, {"Host": "10.0.0.7:8420"},
                                     {"Origin": "https://evil.example"}, {"Origin": "null"}],
                         ids=["host", "lan-host", "origin", "null-origin"])
def test_without_a_token_every_route_refuses_foreign_hosts(open_daemon: Any,
                                                           headers: dict) -> None:
    before = (open_daemon.store.count_messages(), len(open_daemon.store.list_cycles()))
    body = {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}
    for method, path in route_requests(open_daemon.app):
        response = open_daemon.http.request(method, path, headers=headers,
                                            json=body if method == "POST" else None)
        assert response.status_code == 403, (method, path, response.status_code)
        if method != "HEAD":
            assert response.json()["error"]["code"] == "forbidden_origin"
    assert (open_daemon.store.count_messages(), len(open_daemon.store.list_cycles())) == before
