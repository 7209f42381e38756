"""The OpenAI request surface against the real daemon and model, through the openai client.

Every field of the installed ``openai`` package's chat completion request (and of the
message, tool and format types inside it) either works or is a 400 naming it: the
tables below are checked against the package's own TypedDicts, so a field a new openai
release adds fails here until it is placed. Then what the fields do: ``logit_bias``,
``logprobs`` (plain and streamed), ``response_format`` (constrained decoding, parsed into
a pydantic model), and tool calls (forced, so the 135M model makes a real one; plain and
streamed; the round trip with the tool result, with nothing of the tools stored).

    .venv/bin/python -m pytest tests/daemon/test_api_openai.py -q
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, Field

from daemon.routers import chat_schema as schema
from daemon.routers.chat_fields import IGNORED, REFUSED, SUPPORTED
from memory_store import MemoryStore, open_store

pytestmark = pytest.mark.integration

USER = [{"role": "user", "content": "Hello"}]
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city now.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"], "additionalProperties": False}}}
FORCE_WEATHER = {"type": "function", "function": {"name": "get_weather"}}
TOOL_RESULT = "Sunny, 18 degrees (tool result 7f3a)"

# One value per request field; a field given this value must work or be a 400 naming it.
SAMPLES: dict[str, dict[str, Any]] = {
    "messages": {}, "model": {},
    "audio": {"audio": {"voice": "alloy", "format": "wav"}},
    "frequency_penalty": {"frequency_penalty": 0.5},
    "function_call": {"function_call": "auto"},
    "functions": {"functions": [WEATHER["function"]]},
    "logit_bias": {"logit_bias": {"0": -100}},
    "logprobs": {"logprobs": True},
    "max_completion_tokens": {"max_completion_tokens": 1},
    "max_tokens": {"max_tokens": 1},
    "metadata": {"metadata": {"team": "a"}},
    "modalities": {"modalities": ["text"]},
    "moderation": {"moderation": {"model": "omni-moderation-latest"}},
    "n": {"n": 1},
    "parallel_tool_calls": {"parallel_tool_calls": False, "tools": [WEATHER]},
    "prediction": {"prediction": {"type": "content", "content": "Hi"}},
    "presence_penalty": {"presence_penalty": 0.5},
    "prompt_cache_key": {"prompt_cache_key": "k"},
    "prompt_cache_options": {"prompt_cache_options": {"mode": "implicit"}},
    "prompt_cache_retention": {"prompt_cache_retention": "24h"},
    "reasoning_effort": {"reasoning_effort": "low"},
    "response_format": {"response_format": {"type": "json_object"}},
    "safety_identifier": {"safety_identifier": "u1"},
    "seed": {"seed": 1},
    "service_tier": {"service_tier": "auto"},
    "stop": {"stop": ["\n\n"]},
    "store": {"store": True},
    "stream": {"stream": False},
    "stream_options": {"stream_options": {"include_usage": True}, "stream": True},
    "temperature": {"temperature": 0.7},
    "tool_choice": {"tool_choice": "auto", "tools": [WEATHER]},
    "tools": {"tools": [WEATHER]},
    "top_logprobs": {"top_logprobs": 2, "logprobs": True},
    "top_p": {"top_p": 0.9},
    "user": {"user": "u1"},
    "verbosity": {"verbosity": "low"},
    "web_search_options": {"web_search_options": {}},
}


def openai_fields(typed_dict: Any) -> set[str]:
    return set(typed_dict.__annotations__)


@pytest.fixture(scope="module")
def db(daemon: Any) -> Iterator[MemoryStore]:
    store = open_store(daemon.settings.db_path)
    yield store
    store.close()


def test_every_request_field_is_placed() -> None:
    from openai.types.chat.completion_create_params import CompletionCreateParamsStreaming

    fields = openai_fields(CompletionCreateParamsStreaming)  # base + stream
    placed = [SUPPORTED, set(IGNORED), set(REFUSED)]
    assert set().union(*placed) == fields
    assert sum(len(p) for p in placed) == len(fields)  # each in exactly one table
    assert fields <= set(schema.ChatRequest.model_fields)
    assert set(SAMPLES) == fields


def test_every_nested_field_is_declared() -> None:
    from openai.types.chat import (
        chat_completion_allowed_tool_choice_param as allowed_choice,
    )
    from openai.types.chat import (
        chat_completion_allowed_tools_param as allowed,
    )
    from openai.types.chat import (
        chat_completion_assistant_message_param as assistant,
    )
    from openai.types.chat import (
        chat_completion_content_part_text_param as text,
    )
    from openai.types.chat import (
        chat_completion_developer_message_param as developer,
    )
    from openai.types.chat import (
        chat_completion_function_tool_param as tool,
    )
    from openai.types.chat import (
        chat_completion_message_function_tool_call_param as call,
    )
    from openai.types.chat import (
        chat_completion_named_tool_choice_param as named,
    )
    from openai.types.chat import (
        chat_completion_stream_options_param as stream_options,
    )
    from openai.types.chat import (
        chat_completion_system_message_param as system,
    )
    from openai.types.chat import (
        chat_completion_tool_message_param as tool_message,
    )
    from openai.types.chat import (
        chat_completion_user_message_param as user,
    )
    from openai.types.shared_params import function_definition, response_format_json_schema

    pairs = [
        (developer.ChatCompletionDeveloperMessageParam, schema.ChatMessage),
        (system.ChatCompletionSystemMessageParam, schema.ChatMessage),
        (user.ChatCompletionUserMessageParam, schema.ChatMessage),
        (assistant.ChatCompletionAssistantMessageParam, schema.ChatMessage),
        (tool_message.ChatCompletionToolMessageParam, schema.ChatMessage),
        (text.ChatCompletionContentPartTextParam, schema.ContentPart),
        (call.ChatCompletionMessageFunctionToolCallParam, schema.ToolCallIn),
        (call.Function, schema.FunctionCall),
        (tool.ChatCompletionFunctionToolParam, schema.ToolDef),
        (function_definition.FunctionDefinition, schema.FunctionDef),
        (named.ChatCompletionNamedToolChoiceParam, schema.ToolChoiceObject),
        (allowed_choice.ChatCompletionAllowedToolChoiceParam, schema.ToolChoiceObject),
        (allowed.ChatCompletionAllowedToolsParam, schema.AllowedTools),
        (stream_options.ChatCompletionStreamOptionsParam, schema.StreamOptions),
        (response_format_json_schema.JSONSchema, schema.JsonSchemaSpec),
    ]
    for typed_dict, model in pairs:
        ours = {f.alias or name for name, f in model.model_fields.items()}
        assert openai_fields(typed_dict) <= ours, (typed_dict.__name__, model.__name__)


@pytest.mark.parametrize("field", sorted(SAMPLES))
def test_each_field_works_or_is_a_400_naming_it(daemon: Any, db: MemoryStore,
                                                 field: str) -> None:
    body = {"model": "m", "messages": USER, "max_tokens": 1, **SAMPLES[field]}
    before = db.count_messages()
    response = daemon.http.post("/v1/chat/completions", json=body)
    if field in REFUSED:
        assert response.status_code == 400, response.text
        assert f"'{field}' is not supported" in response.json()["error"]["message"]
        assert db.count_messages() == before
    else:
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("body, message", [
    ({"modalities": ["text", "audio"]}, "'modalities' is not supported"),
    ({"messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "http://x/y.png"}}]}]},
     "'messages[0].content[0]' is not supported: content of type 'image_url'"),
    ({"messages": [{"role": "function", "name": "f", "content": "x"}]},
     "'messages[0].role' is not supported"),
    ({"tools": [{"type": "custom", "custom": {"name": "x"}}]}, "'tools[0]' is not supported"),
    ({"tool_choice": "required"}, "tool_choice needs tools"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "function": {"name": "nope"}}},
     "not in tools"),
    ({"top_logprobs": 2}, "top_logprobs needs logprobs"),
    ({"logit_bias": {"99999999": 5}}, "not a token id"),
    ({"response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": {"type": "objectx"}}}}, "the schema cannot be used"),
])
def test_unsupported_values_are_400s(daemon: Any, body: dict[str, Any], message: str) -> None:
    response = daemon.http.post("/v1/chat/completions",
                                json={"messages": USER, "max_tokens": 1, **body})
    assert response.status_code == 400, response.text
    assert message in response.json()["error"]["message"]


def test_logit_bias_steers_the_reply(daemon: Any) -> None:
    loaded, _ = daemon.app.state.engine.slot.get()
    [banana] = loaded.tokenizer.encode(" banana", add_special_tokens=False)
    completion = daemon.openai().chat.completions.create(
        model="m", messages=USER, max_tokens=3, logit_bias={str(banana): 100})
    assert completion.choices[0].message.content.count("banana") == 3


def test_logprobs_come_with_the_tokens(daemon: Any) -> None:
    completion = daemon.openai().chat.completions.create(
        model="m", messages=USER, max_tokens=5, temperature=0, logprobs=True, top_logprobs=3)
    choice = completion.choices[0]
    tokens = choice.logprobs.content
    assert len(tokens) == completion.usage.completion_tokens
    assert "".join(t.token for t in tokens) == choice.message.content
    for token in tokens:
        top = token.top_logprobs
        assert len(top) == 3 and [t.logprob for t in top] == sorted(
            (t.logprob for t in top), reverse=True)
        # Greedy: the chosen token is the likeliest one.
        assert top[0].token == token.token and token.logprob == pytest.approx(top[0].logprob)
        assert token.logprob <= 0 and token.bytes == list(token.token.encode())


def test_streamed_logprobs_cover_the_streamed_text(daemon: Any) -> None:
    stream = daemon.openai().chat.completions.create(
        model="m", messages=USER, max_tokens=5, logprobs=True, stream=True,
        stream_options={"include_usage": True})
    chunks = list(stream)
    tokens = [t for c in chunks if c.choices and c.choices[0].logprobs
              for t in c.choices[0].logprobs.content]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(tokens) == chunks[-1].usage.completion_tokens
    assert "".join(t.token for t in tokens) == text


class City(BaseModel):
    name: str
    country: str
    population: int
    # Bounded: left free, the 135M model repeats one landmark until max_tokens.
    landmarks: list[str] = Field(max_length=2)


def test_response_format_from_a_pydantic_model_parses(daemon: Any) -> None:
    completion = daemon.openai().chat.completions.parse(
        model="m", messages=[{"role": "user", "content": "Describe Paris."}],
        response_format=City, max_tokens=80)
    city = completion.choices[0].message.parsed
    assert isinstance(city, City), completion.choices[0].message.content


def test_json_object_mode_replies_with_an_object(daemon: Any) -> None:
    completion = daemon.openai().chat.completions.create(
        model="m", messages=[{"role": "user", "content": "What is the capital of France? "
                                                          "Answer in JSON."}],
        response_format={"type": "json_object"}, max_tokens=40)
    assert completion.choices[0].finish_reason == "stop"
    assert isinstance(json.loads(completion.choices[0].message.content), dict)


def test_a_forced_tool_call_round_trip(daemon: Any, db: MemoryStore) -> None:
    client = daemon.openai()
    question = "What is the weather in Lisbon right now?"
    raw = client.chat.completions.with_raw_response.create(
        model="m", messages=[{"role": "user", "content": question}], tools=[WEATHER],
        tool_choice=FORCE_WEATHER, max_tokens=60)
    first = raw.parse()
    conversation = raw.headers["x-conversation-id"]
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls" and not choice.message.content
    [call] = choice.message.tool_calls
    assert call.function.name == "get_weather" and call.id
    arguments = json.loads(call.function.arguments)
    assert set(arguments) == {"city"} and isinstance(arguments["city"], str)
    # The client runs the tool and sends the whole history back.
    history = [{"role": "user", "content": question},
               choice.message.model_dump(exclude_none=True),
               {"role": "tool", "tool_call_id": call.id, "content": TOOL_RESULT}]
    second = client.chat.completions.create(
        model="m", messages=history, tools=[WEATHER], max_tokens=8,
        extra_body={"conversation_id": conversation})
    assert second.choices[0].message.role == "assistant"
    assert second.choices[0].finish_reason in ("stop", "length", "tool_calls")
    stored = db.conversation_messages(conversation)
    assert [m.content for m in stored if m.role == "user"] == [question]
    assert not any(TOOL_RESULT in m.content or "get_weather" in m.content for m in stored)
    assert not any(TOOL_RESULT in f.text for f in db.list_facts())


def test_a_streamed_tool_call(daemon: Any) -> None:
    stream = daemon.openai().chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Weather in Oslo?"}], tools=[WEATHER],
        tool_choice="required", max_tokens=60, stream=True)
    chunks = [c for c in stream if c.choices]
    deltas = [d for c in chunks for d in (c.choices[0].delta.tool_calls or [])]
    assert [d.index for d in deltas] == [0] and deltas[0].function.name == "get_weather"
    assert "city" in json.loads(deltas[0].function.arguments)
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    assert not "".join(c.choices[0].delta.content or "" for c in chunks).strip()


@pytest.mark.slow  # ~10 s: 40 free tokens
def test_tools_on_auto_answer_in_the_openai_shape(daemon: Any) -> None:
    completion = daemon.openai().chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Weather in Rome?"}], tools=[WEATHER],
        max_tokens=40)
    message = completion.choices[0].message
    assert message.content or message.tool_calls
    assert completion.usage.total_tokens > completion.usage.completion_tokens > 0
