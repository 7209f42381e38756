"""Faults on disk and in the database, no kill needed: corrupt or truncated adapters, a
locked database, a missing or broken validation benchmark (seen through GET /sleep/{id}).

* Adapters: a real LoRA adapter (untrained, so loading it is quick) is stored as model
  version 3 over a good version 2, then damaged; loading the served model at start-up
  (``load_served_model``, what the daemon's lifespan calls) must refuse it on its
  checksum with a log line, mark it broken and serve version 2. A damaged base model
  fails the start with a clear log line and brands no version broken.
* Database: another connection holds SQLite's write lock; requests wait and retry,
  and past the store's 5 s window answer 503 with a JSON error, storing nothing; a
  reply generated when the lock comes is still answered (a 503 would invite a retry
  that stores the user's message twice).
* Benchmark: an in-process daemon (the session's weights) sleeps with an unusable
  benchmark file; the update is rejected before training and the reason recorded.

    .venv/bin/python -m pytest tests/daemon/test_faults_store.py -q
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mlx_core  # noqa: F401  (OpenBLAS before mlx)
from mlx_core.adapter import ADAPTER_CONFIG, ADAPTER_WEIGHTS
from mlx_core.device import make_device_plan
from mlx_core.loader import load_model
from mlx_core.lora_config import LoraConfig
from mlx_core.train import (
    attach_lora,
    save_adapter_config,
    save_adapter_weights,
)

import pytest

from daemon.settings import Settings
from daemon.sleep.versions import base_version, load_served_model, store_adapter
from memory_store import open_store
from tests.daemon_proc import chat, wait_for, write_benchmark

pytestmark = pytest.mark.integration


# --- corrupt adapters ------------------------------------------------------------------
@pytest.fixture(scope="module")
def adapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real adapter folder for the embedded model (zero LoRA delta: no training)."""
    folder = tmp_path_factory.mktemp("adapter") / "adapter"
    folder.mkdir()
    loaded = load_model("embedded", Settings().cache_dir, make_device_plan("cpu"))
    cfg = LoraConfig(rank=4, layers=2)
    attach_lora(loaded, cfg)
    save_adapter_config(cfg, folder)
    save_adapter_weights(loaded, folder)
    return folder


def _truncate(path: Path) -> None:
    weights = path / ADAPTER_WEIGHTS
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])


def _flip_byte(path: Path) -> None:
    weights = path / ADAPTER_WEIGHTS
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))


def _edit_config(path: Path) -> None:
    config = json.loads((path / ADAPTER_CONFIG).read_text())
    config["lora_parameters"]["scale"] = 1000.0
    (path / ADAPTER_CONFIG).write_text(json.dumps(config))


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "flipped-byte": _flip_byte,
    "edited-config": _edit_config,
    "emptied": lambda p: (p / ADAPTER_WEIGHTS).write_bytes(b""),
    "weights-deleted": lambda p: (p / ADAPTER_WEIGHTS).unlink(),
    "folder-deleted": lambda p: shutil.rmtree(p),
}


def _versions(settings: Settings, store: Any, adapter: Path) -> tuple[int, int, int]:
    """Base v1, adapter v2 (retired), adapter v3 (served); their ids."""
    base = base_version(settings, store)
    ids = []
    for _ in range(2):
        cycle = store.start_cycle("test")
        staged = settings.data_dir / "staged"
        shutil.copytree(adapter, staged)
        ids.append(store_adapter(settings, store, staged, cycle.id, []).id)
        store.finish_cycle(cycle.id, "succeeded", model_version_id=ids[-1])
        store.set_served(ids[-1])
    return base.id, ids[0], ids[1]


@pytest.mark.parametrize("damage", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_damaged_adapter_is_refused_and_the_last_good_version_served(
        tmp_path: Path, adapter: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(data_dir=tmp_path / "data", nightly_sleep=False)
    with open_store(settings.db_path) as store:
        _, good, bad = _versions(settings, store, adapter)
        CORRUPTIONS[damage](settings.models_dir / f"v{bad}")
        with caplog.at_level(logging.ERROR, logger="daemon.sleep.versions"):
            loaded, served = load_served_model(settings, store, make_device_plan("cpu"))
        assert served == good and store.served_version().id == good
        assert loaded.adapter_path == settings.models_dir / f"v{good}"
        assert store.get_version(bad).status == "broken"
        refused = [r.getMessage() for r in caplog.records]
        assert any(f"model version {bad} refused" in m for m in refused), refused
        reason = "checksum" if damage in ("truncated", "flipped-byte", "edited-config",
                                          "emptied") else "has no"
        assert reason in store.get_version(bad).note


def test_a_damaged_base_model_fails_the_start_and_keeps_every_version(
        tmp_path: Path, adapter: Path) -> None:
    """The base model is shared by all versions: its damage must not brand them broken
    (that would lose every learned version for good once the base is repaired)."""
    cache = tmp_path / "cache"
    shutil.copytree(Settings().cache_dir / "models", cache / "models")
    settings = Settings(data_dir=tmp_path / "data", cache_dir=cache, nightly_sleep=False)
    with open_store(settings.db_path) as store:
        _, good, served = _versions(settings, store, adapter)
        for weights in (cache / "models").glob("*/model.safetensors"):
            _truncate_file(weights)
        with pytest.raises(Exception, match="corrupt|incomplete|size"):
            load_served_model(settings, store, make_device_plan("cpu"))
        assert store.served_version().id == served
        assert "broken" not in {v.status for v in store.list_versions()}


def _truncate_file(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


# --- a locked database -----------------------------------------------------------------
@pytest.fixture(scope="module")
def live(start_daemon: Any) -> Any:
    return start_daemon(nightly_sleep=False)


@contextmanager
def write_locked(db_path: Path, seconds: float | None = None) -> Iterator[None]:
    """Hold SQLite's write lock from another connection (for ``seconds``, else the block)."""
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            conn.execute("ROLLBACK")
            conn.close()

    timer = threading.Timer(seconds, release) if seconds is not None else None
    if timer is not None:
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.join()
        release()


def test_a_briefly_locked_database_makes_requests_wait(live: Any) -> None:
    before = live.store.count_messages(role="user")
    with write_locked(live.settings.db_path, seconds=1.5):
        tic = time.monotonic()
        response = chat(live.http, "Waiting for the lock.", "locked-1")
        waited = time.monotonic() - tic
    assert response.status_code == 200, response.text
    assert waited >= 1.0
    assert live.store.count_messages(role="user") == before + 1


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": "Hi"}],
                                      "max_tokens": 2, "conversation_id": "locked-2"}),
    ("POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": "Hi"}],
                                      "max_tokens": 2, "stream": True}),
    ("POST", "/sleep", None),
    ("DELETE", "/memories/1", None),
], ids=["chat", "chat-stream", "sleep", "forget"])
def test_a_locked_database_gives_503_json_and_stores_nothing(
        live: Any, method: str, path: str, body: Any) -> None:
    before = (live.store.count_messages(), len(live.store.list_cycles()))
    with write_locked(live.settings.db_path):
        response = live.http.request(method, path, json=body)
        reads = live.http.get("/memories")
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == {"message": "database is busy, try again",
                                        "type": "server_error", "code": "store_unavailable"}
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()
    assert reads.status_code == 200  # readers are not blocked (WAL)
    assert (live.store.count_messages(), len(live.store.list_cycles())) == before
    assert live.http.get("/health").json()["status"] == "ok"


def test_reply_is_answered_when_the_database_locks_during_generation(live: Any) -> None:
    """The user's message is stored, then the lock comes: the reply still reaches the
    client (a 503 would make it retry and store the message twice)."""
    engine = live.app.state.engine
    gate = threading.Event()
    engine.run(gate.wait, 60)  # hold the MLX thread: generation waits behind it
    result: dict[str, Any] = {}
    before = live.store.count_messages(conversation_id=None, role="user")
    sender = threading.Thread(target=lambda: result.update(
        response=chat(live.http, "Lock me mid-reply.", "locked-3", max_tokens=2)))
    sender.start()
    try:
        wait_for(lambda: live.store.count_messages(role="user") == before + 1, 60,
                 "the user message to be stored")
        with write_locked(live.settings.db_path, seconds=6.5):
            gate.set()
            sender.join(120)
    finally:
        gate.set()
        sender.join(120)
    assert result["response"].status_code == 200, result["response"].text
    assert live.store.count_messages(conversation_id="locked-3", role="user") == 1


# --- an unusable validation benchmark, over HTTP -----------------------------------------
BAD_BENCHMARKS = {
    "missing": None,
    "empty-file": "",
    "not-json": "{not json",
    "no-questions": json.dumps({"questions": []}),
    "questions-not-a-list": json.dumps({"questions": "What is 2 + 2?"}),
    "question-without-answer": json.dumps({"questions": [{"question": "2 + 2?"}]}),
}


@pytest.fixture(scope="module")
def judged(start_daemon: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("bench") / "bench.json"
    return start_daemon(nightly_sleep=False, benchmark_path=path)


@pytest.mark.parametrize("kind", list(BAD_BENCHMARKS))
def test_unusable_benchmark_rejects_the_update_over_http(judged: Any, kind: str) -> None:
    path = judged.settings.benchmark_path
    path.unlink(missing_ok=True)
    if BAD_BENCHMARKS[kind] is not None:
        write_benchmark(path, BAD_BENCHMARKS[kind])
    served = judged.http.get("/health").json()["model_version"]
    assert chat(judged.http, f"My cat's name is Zorblat ({kind}).", "bench").status_code == 200
    unslept = judged.http.get("/memories").json()["unslept_user_messages"]
    cycle_id = judged.http.post("/sleep").json()["id"]
    cycle = wait_for(lambda: (c := judged.http.get(f"/sleep/{cycle_id}").json())["status"]
                     != "running" and c, 120, "the cycle to end")
    assert cycle["status"] == "rejected" and cycle["verdict"] == "rejected", cycle
    assert "validation benchmark unusable" in cycle["error"] and str(path) in cycle["error"]
    validate = [s for s in cycle["stages"] if s["name"] == "validate"]
    assert validate and validate[0]["status"] == "rejected"
    assert validate[0]["detail"]["reasons"] == [cycle["error"]]
    assert "train" not in [s["name"] for s in cycle["stages"]]
    assert judged.http.get("/health").json()["model_version"] == served
    assert judged.http.get("/memories").json()["unslept_user_messages"] == unslept
