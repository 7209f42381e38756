"""Request and response shapes of ``POST /v1/chat/completions`` (OpenAI-compatible).

Requests are validated strictly (``extra="forbid"``: an unknown field is a 422 naming
it). What pydantic cannot express as a type is checked by :func:`check_request` and
answered with 400: an empty message list, a last message that is not the user's, an
empty user message, an invalid conversation id, a ``sent_at`` that is no datetime or lies
in the future (:func:`check_sent_at`). Responses and stream chunks are built
as plain dicts shaped like OpenAI's ``chat.completion`` / ``chat.completion.chunk``,
with our ``conversation_id`` added.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from memory_store.rows import check_conversation_id

from ..engine import GenerationParams
from ..settings import Settings
from .errors import api_error

MAX_STOP_SEQUENCES = 4
_TRUTHY = frozenset({"1", "true", "yes", "on"})
# Clocks of client and daemon differ a little; more than this ahead is a wrong date.
SENT_AT_FUTURE_SLACK = timedelta(minutes=5)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextPart(_Strict):
    type: Literal["text"]
    text: str


class ChatMessage(_Strict):
    role: Literal["system", "user", "assistant"]
    content: str | list[TextPart]
    name: str | None = None  # accepted for compatibility, not used

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text for part in self.content)


class StreamOptions(_Strict):
    include_usage: bool = False
    include_obfuscation: bool | None = None  # accepted, not used


class ChatRequest(_Strict):
    model: str = "default"
    messages: list[ChatMessage]
    stream: bool = False
    stream_options: StreamOptions | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] | None = None
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    n: int = 1
    stop: str | list[str] | None = None
    seed: int | None = None
    user: str | None = None
    presence_penalty: Annotated[float, Field(ge=-2.0, le=2.0)] | None = None  # ignored
    frequency_penalty: Annotated[float, Field(ge=-2.0, le=2.0)] | None = None  # ignored
    conversation_id: str | None = Field(None, description="sleepllm: the conversation to continue.")
    # A string, not a datetime: a bad value is a 400 from check_sent_at, like a bad id.
    sent_at: str | None = Field(None, description=(
        "sleepllm: when the user wrote the last message (default now); relative times in it "
        "resolve against this. For importing earlier chats."))
    evaluation: bool = Field(False, description="sleepllm: a benchmark probe, never learned from.")
    memory: bool = Field(True, description="sleepllm: show the wake memory (facts the weights do "
                         "not hold yet); false measures the weights alone.")

    @field_validator("n")
    @classmethod
    def _only_one_choice(cls, value: int) -> int:
        if value != 1:
            raise ValueError("only n=1 is supported")
        return value

    @field_validator("stop")
    @classmethod
    def _few_stops(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and len(value) > MAX_STOP_SEQUENCES:
            raise ValueError(f"at most {MAX_STOP_SEQUENCES} stop sequences")
        return value

    def stop_sequences(self) -> list[str]:
        stops = [self.stop] if isinstance(self.stop, str) else (self.stop or [])
        return [s for s in stops if s]

    def plain_messages(self) -> list[dict[str, str]]:
        return [{"role": m.role, "content": m.text()} for m in self.messages]


def check_request(body: ChatRequest, header_conversation: str | None) -> str | None:
    """Raise a 400 for requests we cannot answer; return the conversation id (body wins)."""
    if not body.messages:
        raise api_error(400, "messages must not be empty", "empty_messages")
    last = body.messages[-1]
    if last.role != "user":
        raise api_error(400, f"the last message must be the user's, not {last.role!r}",
                        "last_message_not_user")
    if not last.text().strip():
        raise api_error(400, "the last user message is empty", "empty_message")
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


def generation_params(body: ChatRequest, settings: Settings) -> GenerationParams:
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
    )


class StopFilter:
    """Cuts streamed text at the first stop sequence, holding back possible prefixes."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = stops
        self.hit = False
        self._held = ""
        self._keep = max((len(s) for s in stops), default=1) - 1

    def feed(self, text: str) -> str:
        """Text safe to emit now; after a hit, always ''."""
        if self.hit:
            return ""
        if not self.stops:
            return text
        self._held += text
        found = [i for i in (self._held.find(s) for s in self.stops) if i >= 0]
        if found:
            self.hit = True
            out, self._held = self._held[:min(found)], ""
            return out
        cut = max(0, len(self._held) - self._keep)
        out, self._held = self._held[:cut], self._held[cut:]
        return out

    def flush(self) -> str:
        out, self._held = self._held, ""
        return "" if self.hit else out


class Completion:
    """Builds the response objects of one completion (ids and timestamps shared)."""

    def __init__(self, model: str, conversation_id: str, model_version: int | None) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.model = model
        self.conversation_id = conversation_id
        self.fingerprint = f"sleepllm-v{model_version}" if model_version is not None \
            else "sleepllm-base"

    def _envelope(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model,
                "system_fingerprint": self.fingerprint}

    @staticmethod
    def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
        return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens}

    def response(self, text: str, finish_reason: str, usage: dict[str, int]) -> dict[str, Any]:
        choice = {"index": 0, "message": {"role": "assistant", "content": text},
                  "finish_reason": finish_reason, "logprobs": None}
        return {**self._envelope("chat.completion"), "choices": [choice], "usage": usage,
                "conversation_id": self.conversation_id}

    def chunk(self, delta: dict[str, str], finish_reason: str | None = None,
              usage: dict[str, int] | None = None, with_choice: bool = True) -> dict[str, Any]:
        choices = [{"index": 0, "delta": delta, "finish_reason": finish_reason,
                    "logprobs": None}] if with_choice else []
        out = {**self._envelope("chat.completion.chunk"), "choices": choices,
               "conversation_id": self.conversation_id}
        if usage is not None:
            out["usage"] = usage
        return out
