"""Tool calling on the chat route: what the model is shown, what is forced, what is parsed.

Shown. A chat template that renders ``tools`` gets them (``apply_chat_template(...,
tools=...)``). One that ignores them, like the embedded SmolLM2's, gets a system
message instead, from ``prompts/tools.txt``: the definitions as JSON, one per line, and
how to call one (the model's call markers, :mod:`mlx_core.tools`). Earlier tool traffic
in the history is written as text for every template: an assistant's calls as the
model's own call blocks, a tool result as a user turn ``<tool_response>\\n...\\n
</tool_response>`` (the Hermes convention Qwen's template uses). None of it is stored:
the store keeps what the user and the assistant said, so a history with tool traffic
is taken from the request, and a turn that ends with tool results stores no user
message (the memory learns only the user's own words).

Forced. With JSON call blocks (mlx-lm's ``json_tools`` format), ``tool_choice``
"required" or a named function is enforced by constrained decoding: the reply is one
call block whose JSON names an offered tool and fits its parameters schema. A
``response_format`` is enforced the same way; with tools on "auto" the reply is then
either that JSON or a call block.

Parsed. :class:`ToolCallSplitter` cuts call blocks out of the streamed text; mlx-lm's
parser for the model's format reads them. A block that does not parse stays text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mlx_core.constrain import (
    Grammar,
    GrammarError,
    close_objects,
    json_schema_grammar,
    lark_grammar,
)
from mlx_core.loader import LoadedModel
from mlx_core.tools import ToolFormat, tool_format

from prompts import load_prompt

from .chat_fields import unsupported
from .chat_schema import ChatMessage, ChatRequest, ToolDef
from .errors import api_error

RESPONSE_OPEN, RESPONSE_CLOSE = "<tool_response>\n", "\n</tool_response>"


@dataclass(frozen=True)
class ToolPlan:
    """How one request's tools are shown, forced and parsed."""

    format: ToolFormat | None
    """None: no tools offered (none given, or ``tool_choice: "none"``)."""
    tools: list[dict[str, Any]]
    """The offered tools, OpenAI-shaped (mlx-lm's parsers read argument types from them)."""
    template_tools: list[dict[str, Any]] | None
    """For a template that renders tools; else None (they are in :attr:`system`)."""
    system: str | None
    grammar: Grammar | None
    parallel: bool


def _offered(body: ChatRequest) -> tuple[list[ToolDef], str]:
    """The tools the model may call and the mode: "none", "auto", "required" or a name."""
    tools = body.tools or []
    for i, tool in enumerate(tools):
        if tool.function is None:
            raise unsupported(f"tools[{i}]", f"tools of type {tool.type!r:.40} (functions only)")
    choice = body.tool_choice
    if choice is not None and not tools:
        raise api_error(400, "tool_choice needs tools", "invalid_tool_choice")
    if choice is None or isinstance(choice, str):
        return tools, choice or "auto"
    if choice.function is not None:
        names = {t.function.name for t in tools if t.function}
        if choice.function.name not in names:
            raise api_error(400, f"tool_choice names {choice.function.name!r:.60}, which is not "
                            "in tools", "invalid_tool_choice")
        return tools, choice.function.name
    if choice.allowed_tools is not None:
        allowed = {(t.get("function") or {}).get("name") for t in choice.allowed_tools.tools}
        return [t for t in tools if t.function and t.function.name in allowed], \
            choice.allowed_tools.mode
    raise unsupported("tool_choice", f"tool_choice of type {choice.type!r:.40}")


def _call_schema(tool: ToolDef) -> dict[str, Any]:
    assert tool.function is not None
    parameters = close_objects(tool.function.parameters or {"type": "object"})
    return {"type": "object", "properties": {"name": {"const": tool.function.name},
                                             "arguments": parameters},
            "required": ["name", "arguments"], "additionalProperties": False}


def _response_schema(body: ChatRequest) -> dict[str, Any] | None:
    """The JSON schema ``response_format`` asks for ({} "any object"); None for text."""
    spec = body.response_format
    if spec is None or spec.type == "text":
        return None
    if spec.type == "json_object":
        return {"type": "object"}
    if spec.json_schema is None:
        raise api_error(400, "response_format: type json_schema needs 'json_schema'",
                        "invalid_response_format")
    return spec.json_schema.schema_ or {"type": "object"}


def _grammar(body: ChatRequest, fmt: ToolFormat | None, tools: list[ToolDef],
             mode: str) -> Grammar | None:
    """The grammar that forces a call or the response format, if any."""
    reply = _response_schema(body)
    forced = mode not in ("none", "auto") and fmt is not None and fmt.json_calls
    calls = [t for t in tools if mode in ("auto", "required") or
             (t.function and t.function.name == mode)]
    if not forced and (reply is None or fmt is None or not fmt.json_calls or mode == "none"):
        return None if reply is None else json_schema_grammar(reply)
    assert fmt is not None
    call = json.dumps({"anyOf": [_call_schema(t) for t in calls]})
    block = f"call_block: {json.dumps(fmt.start + chr(10))} call {json.dumps(chr(10) + fmt.end)}"
    rules = [f"call: %json {call}", block]
    if forced:
        return lark_grammar("\n".join(["start: call_block", *rules]))
    rules.append(f"reply: %json {json.dumps(close_objects(reply))}")
    return lark_grammar("\n".join(["start: reply | call_block", *rules]))


def plan_tools(body: ChatRequest, loaded: LoadedModel) -> ToolPlan:
    """Decide how the request's tools reach the model; 400 for what cannot be done."""
    tools, mode = _offered(body)
    offered = tools if mode != "none" else []
    fmt = tool_format(loaded) if offered or body.has_tool_traffic() else None
    as_dicts = [t.model_dump(exclude_none=True) for t in offered]
    system = None
    if offered and fmt is not None and not fmt.native_template:
        lines = "\n".join(json.dumps(t["function"], ensure_ascii=False) for t in as_dicts)
        system = load_prompt("tools", tools=lines, start=fmt.start, end=fmt.end)
    try:
        grammar = _grammar(body, fmt if offered else None, offered, mode)
        if grammar is not None:
            grammar.check()
    except GrammarError as exc:
        raise api_error(400, f"response_format or tools: the schema cannot be used: {exc}",
                        "invalid_schema") from None
    native = as_dicts if offered and fmt is not None and fmt.native_template else None
    return ToolPlan(fmt if offered else None, as_dicts, native, system, grammar,
                    body.parallel_tool_calls is not False)


def _call_text(message: ChatMessage, fmt: ToolFormat) -> str:
    blocks = []
    for call in message.tool_calls or []:
        assert call.function is not None
        try:
            arguments = json.loads(call.function.arguments or "{}")
        except json.JSONDecodeError:
            arguments = call.function.arguments
        payload = json.dumps({"name": call.function.name, "arguments": arguments},
                             ensure_ascii=False)
        blocks.append(f"{fmt.start}\n{payload}\n{fmt.end}")
    return "\n".join([message.text(), *blocks]).strip()


def plain_messages(body: ChatRequest, plan: ToolPlan,
                   loaded: LoadedModel) -> list[dict[str, str]]:
    """The request's messages as the plain text turns the context is planned from."""
    fmt = plan.format or (tool_format(loaded) if body.has_tool_traffic() else None)
    out: list[dict[str, str]] = []
    for message in body.messages:
        role = "system" if message.role == "developer" else message.role
        if message.role == "tool":
            out.append({"role": "user",
                        "content": f"{RESPONSE_OPEN}{message.text()}{RESPONSE_CLOSE}"})
        elif message.tool_calls and fmt is not None:
            out.append({"role": "assistant", "content": _call_text(message, fmt)})
        else:
            out.append({"role": role, "content": message.text()})
    if plan.system:
        # After the client's own system messages: the context joins them in order.
        out.insert(sum(1 for m in out if m["role"] == "system"),
                   {"role": "system", "content": plan.system})
    return out


class ToolCallSplitter:
    """Cuts streamed text into reply text and the text of call blocks (between markers)."""

    def __init__(self, start: str, end: str) -> None:
        self.start, self.end = start, end
        self._held = ""
        self._in_call = False

    def feed(self, text: str) -> tuple[str, list[str]]:
        """(text safe to show now, the bodies of call blocks completed by ``text``)."""
        self._held += text
        shown, calls = [], []
        while True:
            if not self._in_call:
                at = self._held.find(self.start)
                if at < 0:
                    keep = _partial_suffix(self._held, self.start)
                    shown.append(self._held[:len(self._held) - keep])
                    self._held = self._held[len(self._held) - keep:]
                    break
                shown.append(self._held[:at])
                self._held, self._in_call = self._held[at + len(self.start):], True
            else:
                at = self._held.find(self.end) if self.end else -1
                if at < 0:
                    break
                calls.append(self._held[:at])
                self._held, self._in_call = self._held[at + len(self.end):], False
        return "".join(shown), calls

    def flush(self) -> tuple[str, list[str]]:
        """At the end: held text, or an unclosed block's body (cut by max_tokens)."""
        held, self._held = self._held, ""
        if self._in_call:
            self._in_call = False
            return "", [held]
        return held, []


def _partial_suffix(text: str, marker: str) -> int:
    """Length of the longest end of ``text`` that begins ``marker`` (held back)."""
    for n in range(min(len(text), len(marker) - 1), 0, -1):
        if marker.startswith(text[-n:]):
            return n
    return 0
