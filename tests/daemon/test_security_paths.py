"""Path and id tampering: nothing a client sends or a tampered database row says can make
the daemon read, load or delete outside its data directory.

* A ``model_versions`` row whose adapter path leaves the models folder ("../../etc",
  an absolute path, a symlink to elsewhere) is refused at load and at rollback, marked
  broken, and the last good version is served instead.
* Memory and cycle ids in URLs are integers: anything else is a 404 or 422 JSON error
  that changes nothing. Conversation ids (body or header) are a fixed safe alphabet.

A tiny random-weight model (``tests/tiny.py``) stands in for the embedded one.

    .venv/bin/python -m pytest tests/daemon/test_security_paths.py -q
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mlx_core.device import make_device_plan
from mlx_core.loader import load_model

import httpx
import pytest

from daemon.engine import ChatEngine, ModelSlot
from daemon.settings import Settings
from daemon.sleep.versions import base_version, load_served_model, rollback
from memory_store import open_store
from tests.daemon_proc import serve_in_thread
from tests.tiny import make_tiny

TAMPERED = ["../../etc", "/etc", "v1/../../../etc", "..", "link-out"]


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny") / "model"
    make_tiny(folder)
    return folder


@pytest.fixture
def env(tmp_path: Path, tiny_folder: Path):
    settings = Settings(data_dir=tmp_path / "data", model=str(tiny_folder), device="cpu",
                        nightly_sleep=False)
    settings.models_dir.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (settings.models_dir / "link-out").symlink_to(outside, target_is_directory=True)
    with open_store(settings.db_path) as store:
        base = base_version(settings, store)
        store.set_served(base.id)
        yield settings, store, base.id


@pytest.mark.parametrize("path", TAMPERED)
def test_a_version_pointing_outside_is_refused_at_load(
        env: Any, path: str, caplog: pytest.LogCaptureFixture) -> None:
    settings, store, base = env
    tampered = store.add_model_version(settings.model, path, "0" * 64, None, [])
    store.set_served(tampered.id)
    with caplog.at_level(logging.ERROR, logger="daemon.sleep.versions"):
        loaded, served = load_served_model(settings, store, make_device_plan("cpu"))
    assert served == base and loaded.adapter_path is None
    assert store.get_version(tampered.id).status == "broken"
    assert any("points outside" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("path", TAMPERED)
def test_a_version_pointing_outside_is_refused_at_rollback(env: Any, path: str) -> None:
    settings, store, base = env
    tampered = store.add_model_version(settings.model, path, "0" * 64, None, [],
                                       status="retired")
    current = store.add_model_version(settings.model, "v98", "0" * 64, None, [])
    store.set_served(current.id)
    tiny = load_model(settings.model, settings.cache_dir, make_device_plan("cpu"))
    engine = ChatEngine(ModelSlot(tiny, current.id))
    try:
        restored = rollback(settings, store, engine)
    finally:
        engine.close()
    assert restored.id == base and engine.slot.get()[1] == base
    assert store.get_version(tampered.id).status == "broken"


@pytest.fixture(scope="module")
def served_tiny(tmp_path_factory: pytest.TempPathFactory, tiny_folder: Path) -> Any:
    root = tmp_path_factory.mktemp("ids")
    settings = Settings(data_dir=root / "data", model=str(tiny_folder), device="cpu",
                        nightly_sleep=False, context_tokens=192)
    with serve_in_thread(settings, loaded_model=make_tiny(root / "tiny")) as url:
        with open_store(settings.db_path) as store:
            conv = store.ensure_conversation("ids")
            said = store.add_message(conv, "user", "I keep bees.")
            fact = store.add_fact("You keep bees.", "bees", [said.id])
            cycle = store.start_cycle("test")
            store.finish_cycle(cycle.id, "no_messages")
        yield url, settings.db_path, fact.id


# Percent-encoded as sent; "%d9%a1" is an Arabic-Indic digit one, "%e2%80%ae" a RTL mark.
BAD_IDS = ["..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "1%2f..", "1%00", "1;DROP%20TABLE%20facts",
           "1%20OR%201=1", "0x1", "1e0", "1.0", "+1", "%201", "1%20", "%d9%a1", "-1", "0",
           "9223372036854775808", "NaN", "true", "%ff", "%e2%80%ae1"]


@pytest.mark.integration  # a daemon on loopback
@pytest.mark.parametrize("route", ["GET /memories/", "DELETE /memories/", "GET /sleep/"])
def test_ids_in_urls_are_positive_integers(served_tiny: Any, route: str) -> None:
    url, db_path, fact_id = served_tiny
    method, prefix = route.split()
    for raw in BAD_IDS:
        response = httpx.request(method, f"{url}{prefix}{raw}", timeout=30)
        if response.request.url.path == "/":
            # The client resolved "/memories/.." to "/" itself: the web page (GET) or 405,
            # never a data route.
            assert response.status_code in (200, 405), (raw, response.status_code)
            assert response.status_code == 405 or "text/html" in response.headers["content-type"]
            continue
        assert response.status_code in (404, 422), (raw, response.status_code, response.text)
        assert response.json()["error"]["message"], raw
    with open_store(db_path) as store:
        assert store.get_fact(fact_id).state == "pending"
        assert [c.status for c in store.list_cycles()] == ["no_messages"]


# ".." is a valid conversation id: a database key, never part of a path.
BAD_CONVERSATIONS = ["../../etc/passwd", "a/b", "x" * 129, "a b", "na\u00efve", "%2e%2e",
                     "id;rm -rf /"]


@pytest.mark.integration  # a daemon on loopback
@pytest.mark.parametrize("where", ["body", "header"])
def test_conversation_ids_are_a_safe_alphabet(served_tiny: Any, where: str) -> None:
    url, db_path, _ = served_tiny
    with open_store(db_path) as store:
        before = store.count_messages()
    for bad in BAD_CONVERSATIONS:
        body: dict[str, Any] = {"messages": [{"role": "user", "content": "Hi"}],
                                "max_tokens": 2}
        headers = {}
        if where == "body":
            body["conversation_id"] = bad
        else:
            headers["X-Conversation-Id"] = bad.encode("latin-1")
        response = httpx.post(f"{url}/v1/chat/completions", json=body, headers=headers,
                              timeout=30)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["error"]["code"] == "invalid_conversation_id"
    with open_store(db_path) as store:
        assert store.count_messages() == before
