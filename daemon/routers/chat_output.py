"""Response side of ``POST /v1/chat/completions``: from generated chunks to OpenAI's shapes.

:class:`ReplyAssembler` turns the engine's chunks into what the client sees: text cut
at the first stop sequence (:class:`StopFilter`), tool call blocks taken out of the text
into ``tool_calls`` (:class:`~daemon.routers.chat_tools.ToolCallSplitter` and the
model's parser), and each token's log-probabilities. :class:`Completion` builds the
``chat.completion`` / ``chat.completion.chunk`` objects as plain dicts, with our
``conversation_id`` added.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from mlx_core.chat import ChatChunk, TokenLogprob

from .chat_tools import ToolCallSplitter, ToolPlan

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str
    """The arguments as JSON text (OpenAI's shape)."""

    def openai(self, index: int | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": "function",
                               "function": {"name": self.name, "arguments": self.arguments}}
        return out if index is None else {"index": index, **out}


def logprob_json(item: TokenLogprob) -> dict[str, Any]:
    def one(token: str, logprob: float) -> dict[str, Any]:
        return {"token": token, "logprob": logprob, "bytes": list(token.encode("utf-8"))}

    return {**one(item.token, item.logprob),
            "top_logprobs": [one(c.token, c.logprob) for c in item.top]}


@dataclass
class Piece:
    """What one step adds to the reply the client sees."""

    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    logprobs: list[TokenLogprob] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.content or self.tool_calls or self.logprobs)


class ReplyAssembler:
    """Chunks in, :class:`Piece` s out; keeps the whole reply for the final response."""

    def __init__(self, stops: list[str], tools: ToolPlan | None = None) -> None:
        self.stop = StopFilter(stops)
        fmt = tools.format if tools is not None else None
        self._splitter = ToolCallSplitter(fmt.start, fmt.end) if fmt is not None else None
        self._tools = tools
        self._blank = ""  # whitespace held back: before a tool call it is no content
        self.content: list[str] = []
        self.tool_calls: list[ToolCall] = []
        self.logprobs: list[TokenLogprob] = []
        self.last: ChatChunk | None = None

    @property
    def text(self) -> str:
        return "".join(self.content)

    def feed(self, chunk: ChatChunk) -> Piece:
        self.last = chunk
        piece = self._text(self.stop.feed(chunk.text))
        if chunk.logprob is not None and not self.stop.hit:
            piece.logprobs.append(chunk.logprob)
            self.logprobs.append(chunk.logprob)
        return piece

    def finish(self) -> Piece:
        piece = self._text(self.stop.flush(), final=True)
        if self._blank and not self.tool_calls:
            piece.content = self._blank + piece.content
            self.content.append(self._blank)
        self._blank = ""
        return piece

    def _text(self, text: str, final: bool = False) -> Piece:
        calls: list[str] = []
        if self._splitter is not None:
            text, calls = self._splitter.feed(text)
            if final:
                rest, more = self._splitter.flush()
                text, calls = text + rest, calls + more
        piece = Piece()
        for body in calls:
            parsed = self._parse(body)
            if parsed is None:  # not a call after all: it stays text
                assert self._splitter is not None
                text += f"{self._splitter.start}{body}{self._splitter.end}"
            piece.tool_calls += parsed or []
        text = self._blank + text
        self._blank = ""
        if not text.strip():
            self._blank, text = text, ""
        piece.content = text
        self.content.append(text)
        self.tool_calls += piece.tool_calls
        return piece

    def _parse(self, body: str) -> list[ToolCall] | None:
        assert self._tools is not None and self._tools.format is not None
        if self.tool_calls and not self._tools.parallel:
            return []  # parallel_tool_calls: false keeps the first call only
        try:
            calls = self._tools.format.parse(body, self._tools.tools)
        except ValueError as exc:  # json.JSONDecodeError too
            log.info("model output between tool call markers is no call: %s", exc)
            return None
        out = [ToolCall(f"call_{uuid.uuid4().hex[:24]}", c["name"],
                        c["arguments"] if isinstance(c.get("arguments"), str)
                        else json.dumps(c.get("arguments", {}), ensure_ascii=False))
               for c in calls]
        return out if self._tools.parallel else out[:1]

    def finish_reason(self) -> str:
        if self.tool_calls and not self.stop.hit and \
                (self.last is None or self.last.finish_reason != "length"):
            return "tool_calls"
        if self.stop.hit or self.last is None:
            return "stop"
        return self.last.finish_reason or "stop"

    def usage(self) -> dict[str, int]:
        last = self.last
        return Completion.usage(last.prompt_tokens if last else 0,
                                last.generation_tokens if last else 0)


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

    def response(self, reply: ReplyAssembler, with_logprobs: bool) -> dict[str, Any]:
        text = reply.text
        message: dict[str, Any] = {"role": "assistant",
                                   "content": text if text or not reply.tool_calls else None}
        if reply.tool_calls:
            message["tool_calls"] = [c.openai() for c in reply.tool_calls]
        choice = {"index": 0, "message": message, "finish_reason": reply.finish_reason(),
                  "logprobs": self.logprobs(reply.logprobs) if with_logprobs else None}
        return {**self._envelope("chat.completion"), "choices": [choice],
                "usage": reply.usage(), "conversation_id": self.conversation_id}

    @staticmethod
    def logprobs(items: list[TokenLogprob]) -> dict[str, Any]:
        return {"content": [logprob_json(i) for i in items], "refusal": None}

    def chunk(self, delta: dict[str, Any], finish_reason: str | None = None,
              usage: dict[str, int] | None = None, with_choice: bool = True,
              logprobs: list[TokenLogprob] | None = None) -> dict[str, Any]:
        choices = [{"index": 0, "delta": delta, "finish_reason": finish_reason,
                    "logprobs": None if logprobs is None else self.logprobs(logprobs)}] \
            if with_choice else []
        out = {**self._envelope("chat.completion.chunk"), "choices": choices,
               "conversation_id": self.conversation_id}
        if usage is not None:
            out["usage"] = usage
        return out

    def piece_chunk(self, piece: Piece, first_call: int, with_logprobs: bool) -> dict[str, Any]:
        """The stream chunk for one :class:`Piece` (tool calls numbered from ``first_call``)."""
        delta: dict[str, Any] = {}
        if piece.content:
            delta["content"] = piece.content
        if piece.tool_calls:
            delta["tool_calls"] = [c.openai(first_call + i) for i, c in enumerate(piece.tool_calls)]
        return self.chunk(delta, logprobs=piece.logprobs if with_logprobs else None)
