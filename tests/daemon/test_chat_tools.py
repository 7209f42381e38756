"""Tool calling and reply assembly of the chat route, without a daemon or the real model.

A tiny random-weight model (``tests/tiny.py``) supplies a real tokenizer and chat
template; model output is written by hand, as a model that can call tools would write
it, and must come out as OpenAI ``tool_calls``.

    .venv/bin/python -m pytest tests/daemon/test_chat_tools.py -q
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlx_core.chat import ChatChunk
from mlx_core.tools import template_renders_tools, tool_format

import pytest

from daemon.routers.chat_output import ReplyAssembler
from daemon.routers.chat_schema import ChatRequest
from daemon.routers.chat_tools import ToolCallSplitter, plain_messages, plan_tools
from tests.tiny import make_tiny

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city now.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
TIME = {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}
CALL = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_tiny(tmp_path_factory.mktemp("tiny") / "model")


def request(**fields: Any) -> ChatRequest:
    fields.setdefault("messages", [{"role": "user", "content": "Weather in Paris?"}])
    return ChatRequest.model_validate(fields)


def chunks(*texts: str, finish: str = "stop") -> list[ChatChunk]:
    return [ChatChunk(t, 10, i + 1, finish if i == len(texts) - 1 else None)
            for i, t in enumerate(texts)]


def assemble(plan: Any, texts: list[str], stops: list[str] | None = None) -> ReplyAssembler:
    reply = ReplyAssembler(stops or [], plan)
    pieces = [reply.feed(c) for c in chunks(*texts)] + [reply.finish()]
    streamed = "".join(p.content for p in pieces)
    assert streamed == reply.text  # what was streamed is what is stored
    assert [c for p in pieces for c in p.tool_calls] == reply.tool_calls
    return reply


def test_splitter_holds_back_a_marker_split_across_chunks() -> None:
    splitter = ToolCallSplitter("<tool_call>", "</tool_call>")
    assert splitter.feed("Sure. <tool") == ("Sure. ", [])
    assert splitter.feed("_call>{\"a\": 1}</tool_") == ("", [])
    assert splitter.feed("call> done") == (" done", ['{"a": 1}'])
    assert splitter.feed("<to") == ("", [])
    assert splitter.flush() == ("<to", [])


def test_splitter_hands_over_an_unclosed_call_at_the_end() -> None:
    splitter = ToolCallSplitter("<tool_call>", "</tool_call>")
    assert splitter.feed('<tool_call>{"name": "x"') == ("", [])
    assert splitter.flush() == ("", ['{"name": "x"'])


def test_the_embedded_style_template_gets_tools_in_the_system_prompt(tiny: Any) -> None:
    assert not template_renders_tools(tiny)
    body = request(tools=[WEATHER], messages=[
        {"role": "developer", "content": "Be brief."},
        {"role": "user", "content": "Weather in Paris?"}])
    plan = plan_tools(body, tiny)
    assert plan.template_tools is None and plan.grammar is None and plan.parallel
    assert plan.format is not None and plan.format.start == "<tool_call>"
    messages = plain_messages(body, plan, tiny)
    assert [m["role"] for m in messages] == ["system", "system", "user"]
    assert messages[0]["content"] == "Be brief."  # developer is a system message
    block = messages[1]["content"]
    assert json.dumps(WEATHER["function"]) in block and "<tool_call>" in block


def test_a_template_that_renders_tools_gets_them(tiny: Any, tmp_path: Path) -> None:
    template = ("{% if tools %}TOOLS: {{ tools | tojson }}\n{% endif %}"
                "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}")
    wrapper = make_tiny(tmp_path / "tools-model")
    wrapper.tokenizer._tokenizer.chat_template = template
    assert template_renders_tools(wrapper)
    plan = plan_tools(request(tools=[WEATHER]), wrapper)
    assert plan.system is None and plan.template_tools == [WEATHER]


def test_tool_traffic_in_the_history_is_text(tiny: Any) -> None:
    call = {"id": "call_1", "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}
    body = request(tools=[WEATHER], messages=[
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C, sunny"}])
    assert body.continues_tools() and body.has_tool_traffic()
    messages = plain_messages(body, plan_tools(body, tiny), tiny)
    assert messages[-2] == {"role": "assistant", "content": CALL}
    assert messages[-1] == {"role": "user",
                            "content": "<tool_response>\n18 C, sunny\n</tool_response>"}


def test_model_output_with_a_call_becomes_tool_calls(tiny: Any) -> None:
    plan = plan_tools(request(tools=[WEATHER]), tiny)
    # Split where a streaming detokenizer might: inside the markers and the JSON.
    reply = assemble(plan, ["\n<tool", CALL[5:30], CALL[30:-4], CALL[-4:], "\n"])
    assert reply.text == "" and reply.finish_reason() == "tool_calls"
    [call] = reply.tool_calls
    assert call.name == "get_weather" and json.loads(call.arguments) == {"city": "Paris"}
    assert call.id.startswith("call_")


def test_text_around_a_call_stays_content(tiny: Any) -> None:
    plan = plan_tools(request(tools=[WEATHER]), tiny)
    reply = assemble(plan, ["Let me check. ", CALL, " One moment."])
    assert reply.text == "Let me check.  One moment." and len(reply.tool_calls) == 1


def test_a_block_that_does_not_parse_stays_text(tiny: Any) -> None:
    plan = plan_tools(request(tools=[WEATHER]), tiny)
    reply = assemble(plan, ["<tool_call>not json</tool_call>"])
    assert reply.tool_calls == [] and reply.text == "<tool_call>not json</tool_call>"
    assert reply.finish_reason() == "stop"


def test_parallel_false_keeps_the_first_call(tiny: Any) -> None:
    second = CALL.replace("Paris", "Lima")
    reply = assemble(plan_tools(request(tools=[WEATHER]), tiny), [CALL, second])
    assert len(reply.tool_calls) == 2
    plan = plan_tools(request(tools=[WEATHER], parallel_tool_calls=False), tiny)
    reply = assemble(plan, [CALL, second])
    assert [json.loads(c.arguments)["city"] for c in reply.tool_calls] == ["Paris"]


def test_tool_choice_none_offers_and_parses_nothing(tiny: Any) -> None:
    body = request(tools=[WEATHER], tool_choice="none")
    plan = plan_tools(body, tiny)
    assert plan.format is None and plan.system is None
    reply = assemble(plan, [CALL])
    assert reply.tool_calls == [] and reply.text == CALL


def test_forced_calls_and_response_formats_get_a_grammar(tiny: Any) -> None:
    named = {"type": "function", "function": {"name": "get_weather"}}
    for choice in ("required", named):
        grammar = plan_tools(request(tools=[WEATHER, TIME], tool_choice=choice), tiny).grammar
        assert grammar is not None and "<tool_call>" in grammar.text
    assert "get_time" not in plan_tools(request(tools=[WEATHER, TIME], tool_choice=named),
                                        tiny).grammar.text  # type: ignore[union-attr]
    assert plan_tools(request(tools=[WEATHER]), tiny).grammar is None  # auto: free
    json_mode = request(response_format={"type": "json_object"})
    assert plan_tools(json_mode, tiny).grammar is not None
    either = plan_tools(request(tools=[WEATHER], response_format={"type": "json_object"}), tiny)
    assert either.grammar is not None and "reply | call_block" in either.grammar.text


def test_allowed_tools_narrow_the_offer(tiny: Any) -> None:
    choice = {"type": "allowed_tools", "allowed_tools": {
        "mode": "auto", "tools": [{"type": "function", "function": {"name": "get_time"}}]}}
    plan = plan_tools(request(tools=[WEATHER, TIME], tool_choice=choice), tiny)
    assert [t["function"]["name"] for t in plan.tools] == ["get_time"]


def test_the_fallback_format_is_mlx_lms_json_parser(tiny: Any) -> None:
    from mlx_lm.tool_parsers import json_tools

    fmt = tool_format(tiny)
    assert fmt.parser is json_tools.parse_tool_call and fmt.json_calls
    with pytest.raises(ValueError):
        fmt.parse('["not", "a call"]')
