"""Memory and sleep routes, evaluation requests, the summary across a sleep, error mapping.

Runs against the session daemon and a second "quiet" daemon (shared weights) whose chat
is all evaluation traffic, so a sleep there has nothing to learn and ends quickly.

    .venv/bin/python -m pytest tests/daemon/test_api_sleep.py -q
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from daemon.context import SUMMARY_PREFIX, plan_context
from memory_store import MemoryStore, StoreBusy, open_store

pytestmark = pytest.mark.integration

EVALUATION = {"X-Sleepllm-Evaluation": "1"}
FACT = "My sister Alice lives in Paris and works as a nurse."


@pytest.fixture(scope="module")
def db(daemon: Any) -> Iterator[MemoryStore]:
    store = open_store(daemon.settings.db_path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def quiet(start_daemon: Any) -> Any:
    """Evaluation traffic only; auto-sleep after one turn; a small context to fold."""
    return start_daemon(auto_sleep_turns=1, context_tokens=192, nightly_sleep=False)


def chat(live: Any, text: str, conversation: str | None = None, **kwargs: Any) -> Any:
    body = {"model": "m", "messages": [{"role": "user", "content": text}], "max_tokens": 8,
            **kwargs}
    if conversation:
        body["conversation_id"] = conversation
    return live.http.post("/v1/chat/completions", json=body, headers=EVALUATION)


# --- memories -----------------------------------------------------------------------
def test_memories_list_get_forget(daemon: Any, db: MemoryStore) -> None:
    conv = db.ensure_conversation("memories-1")
    said = db.add_message(conv, "user", "My cat is called Tom.")
    pending = db.add_fact("The user's cat is called Tom.", "cat.name", [said.id])
    learned = db.add_fact("The user lives in Porto.", "home", [said.id], state="learned")
    listing = daemon.http.get("/memories").json()
    by_id = {f["id"]: f for f in listing["facts"]}
    assert by_id[pending.id]["state"] == "pending"
    assert by_id[pending.id]["source_message_ids"] == [said.id]
    assert by_id[learned.id]["state"] == "learned"
    assert listing["counts"]["pending"] >= 1 and listing["counts"]["learned"] >= 1
    assert listing["unslept_user_messages"] == db.count_unconsumed_user_messages() >= 1
    only = daemon.http.get("/memories", params={"state": "learned"}).json()["facts"]
    assert {f["state"] for f in only} == {"learned"}
    assert daemon.http.get(f"/memories/{pending.id}").json()["text"] == pending.text
    forgotten = daemon.http.delete(f"/memories/{pending.id}")
    assert forgotten.status_code == 200 and forgotten.json()["state"] == "forgotten"
    assert db.get_fact(pending.id).state == "forgotten"


@pytest.mark.parametrize("method", ["GET", "DELETE"])
@pytest.mark.parametrize("path, status", [("/memories/999999", 404), ("/memories/abc", 422),
                                          ("/memories/1.5", 422), ("/memories/-1", 422),
                                          ("/memories/99999999999999999999999", 422)])
def test_memory_ids_are_integers(daemon: Any, method: str, path: str, status: int) -> None:
    response = daemon.http.request(method, path)
    assert response.status_code == status and response.json()["error"]["message"]


def test_memories_bad_state_is_422(daemon: Any) -> None:
    assert daemon.http.get("/memories", params={"state": "bogus"}).status_code == 422


# --- sleep routes ---------------------------------------------------------------------------
def test_sleep_overview(daemon: Any) -> None:
    overview = daemon.http.get("/sleep").json()
    assert overview["nightly"] is True and overview["next_run"]
    assert isinstance(overview["cycles"], list)


def test_post_sleep_while_running_is_409(daemon: Any, db: MemoryStore) -> None:
    cycle = db.start_cycle("test")
    try:
        response = daemon.http.post("/sleep")
        assert response.status_code == 409 and response.json()["id"] == cycle.id
        assert str(cycle.id) in response.json()["error"]["message"]
        assert daemon.http.get("/sleep").json()["running"]["id"] == cycle.id
        assert daemon.http.get("/health").json()["sleeping"] is True
        assert daemon.http.post("/sleep/rollback").status_code == 409
        db.record_stage(cycle.id, "gather", "ok", 0.25, {"messages": 3})
        shown = daemon.http.get(f"/sleep/{cycle.id}").json()
        assert shown["status"] == "running" and shown["stages"][0]["name"] == "gather"
        assert shown["stages"][0]["seconds"] == 0.25
    finally:
        db.finish_cycle(cycle.id, "no_messages")
    shown = daemon.http.get(f"/sleep/{cycle.id}").json()
    assert shown["status"] == "no_messages" and shown["verdict"] == "nothing to learn"
    assert shown["finished_at"] and daemon.http.get("/health").json()["sleeping"] is False


@pytest.mark.parametrize("path, status", [("/sleep/999999", 404), ("/sleep/abc", 422),
                                          ("/sleep/0", 422), ("/sleep/..%2F..%2Fetc", 404)])
def test_sleep_ids_are_integers(daemon: Any, path: str, status: int) -> None:
    response = daemon.http.get(path, follow_redirects=True)
    assert response.status_code in (status, 422) and "error" in response.json()


def test_rollback_with_nothing_to_go_back_to_is_400(daemon: Any) -> None:
    version = daemon.http.get("/health").json()["model_version"]
    response = daemon.http.post("/sleep/rollback")
    assert response.status_code == 400, response.text
    assert "roll back" in response.json()["error"]["message"]
    assert daemon.http.get("/health").json()["model_version"] == version


# --- evaluation requests ---------------------------------------------------------------------
def test_evaluation_is_stored_as_evaluation_and_never_counted(quiet: Any) -> None:
    manager = quiet.app.state.sleep_manager
    by_header = chat(quiet, "What is the capital of France?")
    assert by_header.status_code == 200
    body = {"model": "m", "messages": [{"role": "user", "content": "And of Spain?"}],
            "max_tokens": 4, "evaluation": True}
    by_body = quiet.http.post("/v1/chat/completions", json=body)
    assert by_body.status_code == 200
    for response in (by_header, by_body):
        messages = quiet.store.conversation_messages(response.json()["conversation_id"])
        assert {m.source for m in messages} == {"evaluation"} and len(messages) == 2
    # auto_sleep_turns=1, yet no sleep: evaluation turns are not user turns.
    assert manager._turns_since_sleep == 0
    assert quiet.store.list_cycles() == [] and quiet.store.count_unconsumed_user_messages() == 0
    assert manager.evaluation_active()


# --- the rolling summary across a sleep ---------------------------------------------------------
def _talk_until_folded(live: Any) -> str:
    conversation = chat(live, FACT).json()["conversation_id"]
    for i in range(15):
        assert chat(live, f"Could you tell me about topic number {i}, please?",
                    conversation).status_code == 200
        if live.store.get_conversation(conversation).summary:
            return conversation
    raise AssertionError("the conversation was never summarized")


def _sleep(live: Any) -> None:
    """POST /sleep and wait for the cycle (nothing to learn here: it ends quickly)."""
    started = live.http.post("/sleep")
    assert started.status_code == 202, started.text
    cycle_id = started.json()["id"]
    assert started.headers["location"] == f"/sleep/{cycle_id}"
    assert live.app.state.sleep_manager.wait(300)
    assert live.http.get(f"/sleep/{cycle_id}").json()["status"] != "running"


def test_summary_survives_a_sleep(quiet: Any) -> None:
    conversation = _talk_until_folded(quiet)
    before = quiet.store.get_conversation(conversation)
    assert "Alice lives in Paris" in before.summary
    _sleep(quiet)
    after = quiet.store.get_conversation(conversation)
    assert (after.summary, after.summary_upto) == (before.summary, before.summary_upto)
    engine = quiet.app.state.engine
    plan = plan_context(quiet.store, quiet.settings, engine.count_tokens,
                        [{"role": "user", "content": "Where does my sister live?"}],
                        conversation, max_tokens=8)
    assert f"{SUMMARY_PREFIX}{before.summary}" in plan.folded.messages[0]["content"]
    assert chat(quiet, "Where does my sister live?", conversation).status_code == 200
    assert "Alice lives in Paris" in quiet.store.get_conversation(conversation).summary


def test_post_sleep_starts_a_cycle(quiet: Any) -> None:
    started = quiet.http.post("/sleep")
    assert started.status_code == 202
    again = quiet.http.post("/sleep")
    assert again.status_code in (202, 409)  # 202 only if the first ended already
    assert quiet.app.state.sleep_manager.wait(300)


# --- errors never leak ------------------------------------------------------------------------
def test_store_error_is_503(quiet: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*_: Any, **__: Any) -> Any:
        raise StoreBusy("database is locked: /secret/path")

    monkeypatch.setattr(quiet.app.state.store, "list_facts", busy)
    response = quiet.http.get("/memories")
    assert response.status_code == 503
    assert response.json()["error"]["message"] == "database is busy, try again"
    assert "/secret/path" not in response.text


@pytest.mark.parametrize("stream", [False, True])
def test_generation_failure_is_500(quiet: Any, monkeypatch: pytest.MonkeyPatch,
                                   stream: bool) -> None:
    async def broken(*_: Any, **__: Any) -> AsyncIterator[Any]:
        raise RuntimeError("kaboom in /secret/weights")
        yield  # an async generator, like the real one

    monkeypatch.setattr(quiet.app.state.engine, "astream", broken)
    response = chat(quiet, "Hello there", stream=stream)
    assert response.status_code == 500
    assert response.json()["error"]["message"] == "generation failed"
    assert "kaboom" not in response.text and "Traceback" not in response.text
