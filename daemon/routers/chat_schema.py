"""Request shapes of ``POST /v1/chat/completions`` (OpenAI-compatible) and their checks.

Requests are validated strictly (``extra="forbid"``: an unknown field is a 422 naming
it). Every field of OpenAI's request is declared; what becomes of each is in
:mod:`daemon.routers.chat_fields`. What pydantic cannot express as a type is checked by
:func:`check_request` and answered with 400: a refused field, an empty message list, a
last message that is neither the user's nor a tool result, an empty user message,
content that is not text, an invalid conversation id, a ``sent_at`` that is no datetime
or lies in the future (:func:`check_sent_at`), ``top_logprobs`` without ``logprobs``,
a ``logit_bias`` token the model does not have.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from memory_store.rows import check_conversation_id

from ..engine import GenerationParams
from ..settings import Settings
from .chat_fields import check_fields, unsupported
from .errors import api_error

MAX_STOP_SEQUENCES = 4
MAX_TOP_LOGPROBS = 20
_TRUTHY = frozenset({"1", "true", "yes", "on"})
# Clocks of client and daemon differ a little; more than this ahead is a wrong date.
SENT_AT_FUTURE_SLACK = timedelta(minutes=5)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContentPart(_Strict):
    """One part of a message's content; only text (and an assistant's refusal) is read."""

    type: str
    text: str | None = None
    refusal: str | None = None
    prompt_cache_breakpoint: Any = None  # a caching hint, ignored
    image_url: Any = None  # refused by check_request: text only
    input_audio: Any = None
    file: Any = None


class FunctionCall(_Strict):
    name: str
    arguments: str


class ToolCallIn(_Strict):
    """A tool call of an earlier assistant message (sent back by the client)."""

    id: str
    type: str = "function"
    function: FunctionCall | None = None
    custom: Any = None


class ChatMessage(_Strict):
    role: Literal["developer", "system", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None
    name: str | None = None  # accepted for compatibility, not used
    tool_calls: list[ToolCallIn] | None = None
    tool_call_id: str | None = None
    refusal: str | None = None
    audio: Any = None
    function_call: Any = None
    # Not in OpenAI's request types, but in the message objects its replies carry,
    # which clients append to the history as they are.
    annotations: Any = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        if self.content is None:
            return self.refusal or ""
        parts = self.content or []
        return "\n".join((p.text if p.type == "text" else p.refusal) or "" for p in parts)


class StreamOptions(_Strict):
    include_usage: bool = False
    include_obfuscation: bool | None = None  # accepted, not used


class FunctionDef(_Strict):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class ToolDef(_Strict):
    type: str
    function: FunctionDef | None = None
    custom: Any = None  # custom (free-text) tools are refused


class NamedFunction(_Strict):
    name: str


class AllowedTools(_Strict):
    mode: Literal["auto", "required"]
    tools: list[dict[str, Any]]


class ToolChoiceObject(_Strict):
    """``{"type": "function", "function": {"name": ...}}`` or ``allowed_tools``."""

    type: str
    function: NamedFunction | None = None
    allowed_tools: AllowedTools | None = None
    custom: Any = None


class JsonSchemaSpec(_Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    description: str | None = None
    # "schema" would shadow a BaseModel attribute: aliased.
    schema_: dict[str, Any] | None = Field(None, alias="schema")
    strict: bool | None = None


class ResponseFormat(_Strict):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaSpec | None = None


Penalty = Annotated[float, Field(ge=-2.0, le=2.0)]


class ChatRequest(_Strict):
    model: str = "default"
    messages: list[ChatMessage]
    stream: bool = False
    stream_options: StreamOptions | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] | None = None
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    n: int | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    presence_penalty: Penalty | None = None
    frequency_penalty: Penalty | None = None
    logit_bias: dict[str, Annotated[float, Field(ge=-100, le=100)]] | None = None
    logprobs: bool | None = None
    top_logprobs: Annotated[int, Field(ge=0, le=MAX_TOP_LOGPROBS)] | None = None
    response_format: ResponseFormat | None = None
    tools: list[ToolDef] | None = None
    tool_choice: Literal["none", "auto", "required"] | ToolChoiceObject | None = None
    parallel_tool_calls: bool | None = None
    modalities: list[str] | None = None
    # Accepted without effect (chat_fields.IGNORED says why).
    user: str | None = None
    safety_identifier: str | None = None
    metadata: dict[str, str] | None = None
    store: bool | None = None
    service_tier: str | None = None
    prompt_cache_key: str | None = None
    prompt_cache_retention: str | None = None
    prompt_cache_options: dict[str, Any] | None = None
    prediction: dict[str, Any] | None = None
    reasoning_effort: str | None = None
    verbosity: str | None = None
    # Refused with a 400 when given (chat_fields.REFUSED).
    audio: Any = None
    functions: Any = None
    function_call: Any = None
    moderation: Any = None
    web_search_options: Any = None
    # sleepllm's own.
    conversation_id: str | None = Field(None, description="sleepllm: the conversation to continue.")
    # A string, not a datetime: a bad value is a 400 from check_sent_at, like a bad id.
    sent_at: str | None = Field(None, description=(
        "sleepllm: when the user wrote the last message (default now); relative times in it "
        "resolve against this. For importing earlier chats."))
    evaluation: bool = Field(False, description="sleepllm: a benchmark probe, never learned from.")
    memory: bool = Field(True, description="sleepllm: show the wake memory (facts the weights do "
                         "not hold yet); false measures the weights alone.")

    @field_validator("stop")
    @classmethod
    def _few_stops(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and len(value) > MAX_STOP_SEQUENCES:
            raise ValueError(f"at most {MAX_STOP_SEQUENCES} stop sequences")
        return value

    def stop_sequences(self) -> list[str]:
        stops = [self.stop] if isinstance(self.stop, str) else (self.stop or [])
        return [s for s in stops if s]

    def continues_tools(self) -> bool:
        """The last message is a tool result: the model answers with it, no user message."""
        return bool(self.messages) and self.messages[-1].role == "tool"

    def has_tool_traffic(self) -> bool:
        """The history holds tool calls or results (which the store does not keep)."""
        return any(m.role == "tool" or m.tool_calls for m in self.messages)


def _check_message(index: int, message: ChatMessage) -> None:
    where = f"messages[{index}]"
    if message.role == "function":
        raise unsupported(f"{where}.role", "role 'function' is deprecated by OpenAI; use 'tool'")
    for field in ("audio", "function_call"):
        if getattr(message, field) is not None:
            raise unsupported(f"{where}.{field}", "not supported in a message")
    for j, part in enumerate(message.content if isinstance(message.content, list) else []):
        if part.type not in ("text", "refusal"):
            raise unsupported(f"{where}.content[{j}]",
                              f"content of type {part.type!r:.40} (text only)")
    if message.role == "tool" and not message.tool_call_id:
        raise api_error(400, f"{where}: a tool message needs 'tool_call_id'", "invalid_message")
    for call in message.tool_calls or []:
        if call.function is None:
            raise unsupported(f"{where}.tool_calls", f"tool calls of type {call.type!r:.40}")
    answered = message.tool_calls or message.refusal is not None
    if message.content is None and not (message.role == "assistant" and answered):
        raise api_error(400, f"{where}: 'content' is missing", "invalid_message")


def check_request(body: ChatRequest, header_conversation: str | None) -> str | None:
    """Raise a 400 for requests we cannot answer; return the conversation id (body wins)."""
    check_fields(body)
    if not body.messages:
        raise api_error(400, "messages must not be empty", "empty_messages")
    for index, message in enumerate(body.messages):
        _check_message(index, message)
    last = body.messages[-1]
    if last.role not in ("user", "tool"):
        raise api_error(400, f"the last message must be the user's (or a tool result), not "
                        f"{last.role!r}", "last_message_not_user")
    if last.role == "user" and not last.text().strip():
        raise api_error(400, "the last user message is empty", "empty_message")
    if body.top_logprobs is not None and not body.logprobs:
        raise api_error(400, "top_logprobs needs logprobs: true", "invalid_top_logprobs")
    conversation = body.conversation_id or header_conversation or None
    if conversation is not None:
        try:
            check_conversation_id(conversation)
        except ValueError as exc:
            raise api_error(400, str(exc), "invalid_conversation_id") from None
    return conversation


def check_sent_at(body: ChatRequest, now: datetime | None = None) -> datetime | None:
    """``sent_at`` as an aware UTC datetime (naive means UTC), or None when not given.

    Raises a 400 naming the field for text that is no ISO-8601 datetime and for a time
    more than :data:`SENT_AT_FUTURE_SLACK` ahead of the daemon's clock.
    """
    if body.sent_at is None:
        return None
    try:
        sent = datetime.fromisoformat(body.sent_at.strip())
        sent = sent.replace(tzinfo=UTC) if sent.tzinfo is None else sent.astimezone(UTC)
    except (ValueError, OverflowError):  # overflow: an offset pushing year 1 or 9999 out
        raise api_error(400, f"sent_at must be an ISO-8601 datetime, got {body.sent_at!r:.80}",
                        "invalid_sent_at") from None
    now = now or datetime.now(UTC)
    if sent > now + SENT_AT_FUTURE_SLACK:
        raise api_error(400, f"sent_at {sent.isoformat()} is in the future (now "
                        f"{now.isoformat(timespec='seconds')})", "invalid_sent_at")
    return sent


def is_evaluation(body: ChatRequest, header: str | None) -> bool:
    return body.evaluation or (header or "").strip().lower() in _TRUTHY


def wants_memory(body: ChatRequest, header: str | None) -> bool:
    """Whether to show the wake memory: off with ``"memory": false`` or
    ``X-Sleepllm-Memory: off`` (also 0/false/no)."""
    return body.memory and (header or "").strip().lower() not in ("off", "0", "false", "no")


def _logit_bias(body: ChatRequest, vocab_size: int) -> dict[int, float]:
    bias: dict[int, float] = {}
    for key, value in (body.logit_bias or {}).items():
        token = int(key) if key.strip().isdigit() else -1
        if not 0 <= token < vocab_size:
            raise api_error(400, f"logit_bias: {key!r:.40} is not a token id of the model "
                            f"(0 to {vocab_size - 1})", "invalid_logit_bias")
        bias[token] = value
    return bias


def generation_params(body: ChatRequest, settings: Settings, vocab_size: int) -> GenerationParams:
    """Request values over the daemon's defaults; 400 if the reply could not fit at all."""
    max_tokens = body.max_completion_tokens or body.max_tokens or settings.max_reply_tokens
    if max_tokens >= settings.context_tokens:
        raise api_error(400, f"max_tokens must be below the context size "
                        f"({settings.context_tokens} tokens)", "max_tokens_too_large")
    return GenerationParams(
        max_tokens=max_tokens,
        temperature=settings.temperature if body.temperature is None else body.temperature,
        top_p=1.0 if body.top_p is None else body.top_p,
        seed=body.seed,
        logit_bias=_logit_bias(body, vocab_size),
        presence_penalty=body.presence_penalty,
        frequency_penalty=body.frequency_penalty,
        top_logprobs=(body.top_logprobs or 0) if body.logprobs else None,
    )
