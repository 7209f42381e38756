"""How a model calls tools: its call markers, mlx-lm's parser for them, and whether its
chat template shows tool definitions.

    fmt = tool_format(loaded)
    calls = fmt.parse('{"name": "get_weather", "arguments": {"city": "Paris"}}', tools)

mlx-lm infers a tool parser from the chat template (Hermes-style ``<tool_call>`` JSON,
Mistral's ``[TOOL_CALLS]``, Gemma's, ...). A model it finds none for, like the embedded
SmolLM2, gets mlx-lm's ``json_tools`` parser: a call is
``<tool_call>\\n{"name": ..., "arguments": {...}}\\n</tool_call>``, the convention most
small open models were tuned on. A template that ignores ``tools`` (SmolLM2's does)
needs the definitions written into the system prompt by the caller
(:mod:`daemon.routers.chat_tools`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mlx_lm.tool_parsers import json_tools

from .loader import LoadedModel

Parser = Callable[[str, Any], Any]
_PROBE_NAME = "sleepllm_probe_tool"
_PROBE_TOOL: dict[str, Any] = {"type": "function", "function": {
    "name": _PROBE_NAME, "description": "probe",
    "parameters": {"type": "object", "properties": {}}}}


@dataclass(frozen=True)
class ToolFormat:
    start: str
    """Text that opens a call in the model's output."""
    end: str
    parser: Parser
    """mlx-lm's parser: the text between ``start`` and ``end`` -> a call or a list of calls
    (dicts with ``name`` and ``arguments``)."""
    json_calls: bool
    """Calls are ``start`` + one JSON object + ``end`` (a grammar can force one)."""
    native_template: bool
    """The chat template renders the ``tools`` it is given."""

    def parse(self, text: str, tools: Any = None) -> list[dict[str, Any]]:
        """The calls in ``text`` (what stood between the markers); raises ValueError."""
        parsed = self.parser(text, tools)
        calls = parsed if isinstance(parsed, list) else [parsed]
        for call in calls:
            if not isinstance(call, dict) or not isinstance(call.get("name"), str):
                raise ValueError(f"not a tool call: {call!r:.200}")
        return calls


def template_renders_tools(loaded: LoadedModel) -> bool:
    """Whether the chat template shows tool definitions (it renders a probe tool)."""
    messages = [{"role": "user", "content": "hi"}]
    tokenizer = loaded.tokenizer
    try:
        plain = tokenizer.apply_chat_template(messages, tokenize=False,
                                              add_generation_prompt=True)
        with_tool = tokenizer.apply_chat_template(messages, tools=[_PROBE_TOOL], tokenize=False,
                                                  add_generation_prompt=True)
    except Exception:  # a template that fails on tools cannot be given them
        return False
    return plain != with_tool and _PROBE_NAME in str(with_tool)


def tool_format(loaded: LoadedModel) -> ToolFormat:
    """The model's own tool-call format, else mlx-lm's JSON one."""
    tokenizer = loaded.tokenizer
    native = template_renders_tools(loaded)
    if tokenizer.has_tool_calling and tokenizer.tool_parser is not None:
        start, end = tokenizer.tool_call_start, tokenizer.tool_call_end
        is_json = tokenizer.tool_parser is json_tools.parse_tool_call
        return ToolFormat(start, end, tokenizer.tool_parser, is_json, native)
    return ToolFormat(json_tools.tool_call_start, json_tools.tool_call_end,
                      json_tools.parse_tool_call, True, native)
