"""Chat API tests against the real daemon: real embedded model, real uvicorn, openai client.

Covers non-streaming and streaming chat, what lands in SQLite (read through a second
MemoryStore on the daemon's database file), the conversation id round trip, a message's
send time (``sent_at``), every refused input (with nothing stored), /health, /v1/models
and the nightly cron job.

    .venv/bin/python -m pytest tests/daemon/test_api.py -q
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from daemon.scheduler import JOB_ID
from memory_store import MemoryStore, open_store

pytestmark = pytest.mark.integration

SHORT = {"max_tokens": 8}


@pytest.fixture(scope="module")
def db(daemon: Any) -> Iterator[MemoryStore]:
    """A second connection to the daemon's database: what a crash would leave behind."""
    store = open_store(daemon.settings.db_path)
    yield store
    store.close()


def chat_body(text: str = "Hello", **extra: Any) -> dict[str, Any]:
    return {"model": "test", "messages": [{"role": "user", "content": text}], **SHORT, **extra}


def test_health_needs_nothing(daemon: Any) -> None:
    health = daemon.http.get("/health").json()
    assert health["status"] == "ok" and health["model"] == "embedded"
    assert isinstance(health["model_version"], int) and health["sleeping"] is False


def test_models_lists_the_served_model_and_version(daemon: Any) -> None:
    models = daemon.openai().models.list()
    assert [m.id for m in models.data] == ["embedded"]
    version = daemon.http.get("/health").json()["model_version"]
    assert models.data[0].model_extra["model_version"] == version


def test_chat_non_streaming(daemon: Any, db: MemoryStore) -> None:
    raw = daemon.openai().chat.completions.with_raw_response.create(
        model="my-model", messages=[{"role": "user", "content": "My name is Ana."}], **SHORT)
    completion = raw.parse()
    conversation = raw.headers["x-conversation-id"]
    assert completion.model_extra["conversation_id"] == conversation
    assert completion.model == "my-model" and completion.object == "chat.completion"
    reply = completion.choices[0].message.content
    assert reply and completion.choices[0].finish_reason in ("stop", "length")
    assert completion.usage.completion_tokens <= 8 and completion.usage.prompt_tokens > 0
    stored = db.conversation_messages(conversation)
    assert [(m.role, m.content, m.source) for m in stored] == [
        ("user", "My name is Ana.", "chat"), ("assistant", reply, "chat")]


def test_chat_streaming(daemon: Any, db: MemoryStore) -> None:
    stream = daemon.openai().chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Tell me a story."}], stream=True,
        stream_options={"include_usage": True}, **SHORT)
    chunks = list(stream)
    conversations = {c.model_extra["conversation_id"] for c in chunks}
    assert len(conversations) == 1
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    finish = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finish[-1] in ("stop", "length") and not any(finish[:-1])
    assert not chunks[-1].choices and chunks[-1].usage.completion_tokens <= 8
    conversation = conversations.pop()
    stored = db.conversation_messages(conversation)
    assert [(m.role, m.content) for m in stored] == [
        ("user", "Tell me a story."), ("assistant", text)]


def test_raw_stream_is_server_sent_events(daemon: Any) -> None:
    with daemon.http.stream("POST", "/v1/chat/completions",
                            json=chat_body(stream=True)) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-conversation-id"]
        body = response.read().decode()
    events = body.split("\n\n")
    assert events[-2:] == ["data: [DONE]", ""]
    assert all(e.startswith("data: ") for e in events[:-1])
    first = json.loads(events[0][len("data: "):])
    assert first["choices"][0]["delta"]["role"] == "assistant"


def test_conversation_id_round_trip(daemon: Any, db: MemoryStore) -> None:
    client = daemon.openai()
    raw = client.chat.completions.with_raw_response.create(
        model="m", messages=[{"role": "user", "content": "I live in Porto."}],
        extra_headers={"X-Conversation-Id": "conv-header-1"}, **SHORT)
    assert raw.headers["x-conversation-id"] == "conv-header-1"
    assert raw.parse().model_extra["conversation_id"] == "conv-header-1"
    # The body wins over the header; the SDK resends the whole history, only the last
    # user message is stored.
    history = [{"role": "system", "content": "Be brief."},
               {"role": "user", "content": "I live in Porto."},
               {"role": "assistant", "content": "Nice."},
               {"role": "user", "content": "Where do I live?"}]
    raw = client.chat.completions.with_raw_response.create(
        model="m", messages=history, extra_headers={"X-Conversation-Id": "ignored"},
        extra_body={"conversation_id": "conv-header-1"}, **SHORT)
    assert raw.headers["x-conversation-id"] == "conv-header-1"
    users = [m.content for m in db.conversation_messages("conv-header-1") if m.role == "user"]
    assert users == ["I live in Porto.", "Where do I live?"]
    assert db.get_conversation("ignored") is None


def test_sent_at_becomes_the_stored_time(daemon: Any, db: MemoryStore) -> None:
    client = daemon.openai()
    conversation = "sent-at-1"
    for text, sent_at in [("I moved to Porto yesterday.", "2026-03-04T10:15:00"),
                          ("It rained all day.", "2026-03-05T08:30:00+02:00")]:
        client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": text}],
            extra_body={"conversation_id": conversation, "sent_at": sent_at}, **SHORT)
    stored = db.conversation_messages(conversation)
    users = [m for m in stored if m.role == "user"]
    # Naive means UTC; an offset is converted; stored like every other created_at.
    assert [m.created_at for m in users] == ["2026-03-04T10:15:00.000+00:00",
                                             "2026-03-05T06:30:00.000+00:00"]
    assert users[0].sent_at == datetime(2026, 3, 4, 10, 15, tzinfo=UTC)
    # The reply is written now, not at the imported time.
    replies = [m for m in stored if m.role == "assistant"]
    assert replies and all(m.sent_at > datetime.now(UTC) - timedelta(minutes=5)
                           for m in replies)


def test_without_sent_at_the_message_is_stamped_now(daemon: Any, db: MemoryStore) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    raw = daemon.openai().chat.completions.with_raw_response.create(
        model="m", messages=[{"role": "user", "content": "Hello."}], **SHORT)
    user = db.conversation_messages(raw.headers["x-conversation-id"])[0]
    assert user.role == "user" and before <= user.sent_at <= datetime.now(UTC)


def test_openai_client_sees_a_future_sent_at_refused(daemon: Any, db: MemoryStore) -> None:
    import openai

    before = db.count_messages()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    with pytest.raises(openai.BadRequestError, match="sent_at") as info:
        daemon.openai().chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}],
            extra_body={"sent_at": tomorrow}, **SHORT)
    assert info.value.status_code == 400 and "in the future" in str(info.value)
    assert db.count_messages() == before


def test_stop_sequence_cuts_the_reply(daemon: Any) -> None:
    full = daemon.http.post("/v1/chat/completions", json=chat_body("Count: one two three"))
    text = full.json()["choices"][0]["message"]["content"]
    stop = text.split()[1] if len(text.split()) > 1 else text[-1]
    cut = daemon.http.post("/v1/chat/completions",
                           json=chat_body("Count: one two three", stop=[stop]))
    choice = cut.json()["choices"][0]
    assert choice["message"]["content"] == text[:text.index(stop)]
    assert choice["finish_reason"] == "stop"


def test_disconnected_stream_keeps_what_was_generated(daemon: Any, db: MemoryStore) -> None:
    with daemon.http.stream("POST", "/v1/chat/completions",
                            json=chat_body("Write a long poem.", stream=True,
                                           max_tokens=32)) as response:
        conversation = response.headers["x-conversation-id"]
        lines = response.iter_lines()
        next(lines)  # the role chunk; then hang up
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        replies = [m for m in db.conversation_messages(conversation) if m.role == "assistant"]
        if replies:
            break
        time.sleep(0.2)
    assert len(replies) == 1 and replies[0].content


BAD_REQUESTS = [
    pytest.param(chat_body(temprature=0.5), 422, "unknown field 'temprature'", id="unknown-field"),
    pytest.param({"messages": [{"role": "user", "content": "x", "colour": 1}]}, 422,
                 "unknown field 'messages.0.colour'", id="unknown-nested-field"),
    pytest.param({"messages": []}, 400, "messages must not be empty", id="empty-messages"),
    pytest.param(chat_body("   "), 400, "empty", id="blank-content"),
    pytest.param({"messages": [{"role": "user", "content": [{"type": "text", "text": ""}]}]},
                 400, "empty", id="blank-parts"),
    pytest.param({"messages": [{"role": "user", "content": "hi"},
                               {"role": "assistant", "content": "yo"}]},
                 400, "last message must be the user's", id="last-not-user"),
    pytest.param({"messages": [{"role": "robot", "content": "x"}]}, 422, "role", id="bad-role"),
    pytest.param({"messages": [{"role": "tool", "content": "x"}]}, 400, "tool_call_id",
                 id="tool-without-call-id"),
    pytest.param(chat_body(n=2), 400, "'n' is not supported", id="n-2"),
    pytest.param(chat_body(temperature=2.5), 422, "temperature", id="temperature"),
    pytest.param(chat_body(max_tokens=100_000), 400, "max_tokens", id="max-tokens"),
    pytest.param(chat_body(conversation_id="has space"), 400, "conversation id", id="bad-id"),
    pytest.param(chat_body(sent_at="last tuesday"), 400, "sent_at must be an ISO-8601",
                 id="sent-at-garbage"),
    pytest.param(chat_body(sent_at="2026-02-30T10:00:00"), 400, "sent_at", id="sent-at-no-day"),
    pytest.param(chat_body(sent_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat()), 400,
                 "sent_at", id="sent-at-future"),
    pytest.param(chat_body(sent_at=12), 422, "sent_at", id="sent-at-number"),
    pytest.param({"model": "x"}, 422, "missing field 'messages'", id="no-messages"),
]


@pytest.mark.parametrize("body, status, message", BAD_REQUESTS)
def test_bad_requests_store_nothing(daemon: Any, db: MemoryStore, body: dict, status: int,
                                    message: str) -> None:
    before = db.count_messages()
    response = daemon.http.post("/v1/chat/completions", json=body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert message in error["message"] and error["type"] == "invalid_request_error"
    assert "Traceback" not in response.text
    assert db.count_messages() == before


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]", b'{"messages": [}'])
def test_malformed_json_is_422(daemon: Any, db: MemoryStore, content: bytes) -> None:
    before = db.count_messages()
    response = daemon.http.post("/v1/chat/completions", content=content,
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["message"]
    assert db.count_messages() == before


def test_bad_header_conversation_id_is_400(daemon: Any, db: MemoryStore) -> None:
    before = db.count_messages()
    response = daemon.http.post("/v1/chat/completions", json=chat_body(),
                                headers={"X-Conversation-Id": "../etc/passwd"})
    assert response.status_code == 400 and db.count_messages() == before


def test_openai_client_sees_our_error_message(daemon: Any) -> None:
    import openai

    with pytest.raises(openai.BadRequestError, match="last message must be the user's"):
        daemon.openai().chat.completions.create(
            model="m", messages=[{"role": "assistant", "content": "hi"}], **SHORT)


def test_nightly_job_registered(daemon: Any) -> None:
    job = daemon.app.state.scheduler.get_job(JOB_ID)
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("3", "30")
    assert job.max_instances == 1 and job.coalesce
    next_run = daemon.http.get("/sleep").json()["next_run"]
    assert next_run is not None and "T03:30:00" in next_run


def test_unknown_route_is_404_json(daemon: Any) -> None:
    response = daemon.http.get("/nope")
    assert response.status_code == 404 and response.json()["error"]["message"]


def test_openapi_documents_the_routes(daemon: Any) -> None:
    paths = httpx.get(f"{daemon.url}/openapi.json").json()["paths"]
    for path in ("/v1/chat/completions", "/v1/models", "/health", "/memories",
                 "/memories/{fact_id}", "/sleep", "/sleep/{cycle_id}", "/sleep/rollback"):
        assert path in paths
