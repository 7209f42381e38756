"""Real client libraries against the real daemon: langchain-openai, pydantic-ai and the
``llm`` command line.

Each library does what applications do with it: plain chat, streaming, a tool call round
trip with a fake tool, and structured output into a pydantic model; ``llm`` chats, plain
and streaming, through an ``extra-openai-models.yaml`` entry as its users configure it.
The 135M model cannot choose to call a tool, so the round trips force the call
(``tool_choice``; pydantic-ai forces its output tool itself), which the daemon enforces by
constrained decoding.
pydantic-ai's tool round trips repeat what langchain's covers and are marked slow.

    .venv/bin/python -m pytest tests/daemon/test_api_clients.py -q
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

pytestmark = pytest.mark.integration

WEATHER_REPORT = "Sunny and 18 degrees"


class City(BaseModel):
    name: str
    country: str
    # Bounded: left free, the 135M model repeats one landmark until max_tokens.
    landmarks: list[str] = Field(max_length=2)


def get_weather(city: str) -> str:
    """The weather in a city now."""
    return f"{WEATHER_REPORT} in {city}"


# --- langchain-openai ----------------------------------------------------------------
def chat_openai(daemon: Any, max_tokens: int) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=f"{daemon.url}/v1", api_key="x", model="m",  # type: ignore[arg-type]
                      max_tokens=max_tokens, max_retries=0, timeout=120, temperature=0)


def test_langchain_chat_and_stream(daemon: Any) -> None:
    langchain = chat_openai(daemon, 8)
    message = langchain.invoke("Hello!")
    assert isinstance(message.content, str) and message.content
    assert message.usage_metadata["output_tokens"] > 0
    chunks = list(langchain.stream("Hello!"))
    assert "".join(c.content for c in chunks) == message.content  # greedy: the same reply


def test_langchain_tool_round_trip(daemon: Any) -> None:
    from langchain_core.messages import HumanMessage, ToolMessage

    langchain = chat_openai(daemon, 60)
    llm = langchain.bind_tools([get_weather], tool_choice="get_weather")
    question = HumanMessage("What is the weather in Lisbon?")
    asked = llm.invoke([question])
    [call] = asked.tool_calls
    assert call["name"] == "get_weather" and isinstance(call["args"]["city"], str)
    result = ToolMessage(get_weather(**call["args"]), tool_call_id=call["id"])
    answer = chat_openai(daemon, 8).bind_tools([get_weather]).invoke([question, asked, result])
    assert answer.content or answer.tool_calls


def test_langchain_structured_output(daemon: Any) -> None:
    llm = chat_openai(daemon, 60).with_structured_output(City, method="json_schema")
    city = llm.invoke("Describe Paris.")
    assert isinstance(city, City)


# --- pydantic-ai --------------------------------------------------------------------
@pytest.fixture(scope="module")
def model(daemon: Any) -> Any:
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    return OpenAIChatModel("m", provider=OpenAIProvider(base_url=f"{daemon.url}/v1",
                                                        api_key="x"))


def test_pydantic_ai_chat_and_stream(model: Any) -> None:
    from pydantic_ai import Agent

    agent = Agent(model, model_settings={"max_tokens": 8, "temperature": 0})
    result = agent.run_sync("Hello!")
    assert isinstance(result.output, str) and result.output
    assert result.usage.output_tokens > 0

    async def streamed() -> str:
        async with agent.run_stream("Hello!") as run:
            return await run.get_output()

    assert asyncio.run(streamed()) == result.output


@pytest.mark.slow  # ~10 s; the native output test covers pydantic-ai's structured output
def test_pydantic_ai_tool_output_round_trip(model: Any) -> None:
    """pydantic-ai's default structured output is a tool call (its "final_result" tool,
    with tool_choice "required"): the forced call comes back parsed into the model."""
    from pydantic_ai import Agent

    agent = Agent(model, output_type=City, model_settings={"max_tokens": 100, "temperature": 0})
    result = agent.run_sync("Describe Paris.")
    assert isinstance(result.output, City)
    calls = [p for m in result.all_messages() for p in getattr(m, "parts", [])
             if type(p).__name__ == "ToolCallPart"]
    assert [c.tool_name for c in calls] == ["final_result"]


@pytest.mark.slow  # ~15 s; langchain's round trip covers the same plumbing by default
def test_pydantic_ai_calls_a_fake_tool(model: Any) -> None:
    """The agent runs the tool the model calls and sends the result back; the daemon
    answers that request too. (The 135M model then calls the tool again rather than
    answering: the request limit ends the run.)"""
    from pydantic_ai import Agent
    from pydantic_ai.exceptions import UsageLimitExceeded
    from pydantic_ai.usage import UsageLimits

    cities: list[str] = []

    def weather(city: str) -> str:
        """The weather in a city now."""
        cities.append(city)
        return get_weather(city)

    agent = Agent(model, output_type=City, tools=[weather],
                  model_settings={"max_tokens": 100, "temperature": 0})
    with pytest.raises(UsageLimitExceeded):
        agent.run_sync("What is the weather in Paris?", usage_limits=UsageLimits(request_limit=2))
    # Two requests answered, each with a call the agent ran: the second carried the
    # first call and its result.
    assert len(cities) == 2 and all(isinstance(c, str) and c for c in cities)


def test_pydantic_ai_native_output(model: Any) -> None:
    from pydantic_ai import Agent, NativeOutput

    agent = Agent(model, output_type=NativeOutput(City),
                  model_settings={"max_tokens": 100, "temperature": 0})
    assert isinstance(agent.run_sync("Describe Paris.").output, City)


# --- the llm command line -------------------------------------------------------------
def test_llm_cli_chats_plain_and_streaming(daemon: Any, tmp_path: Path) -> None:
    """``llm -m sleepllm`` (streaming, its default) and ``--no-stream`` get the same
    greedy reply, each in its own conversation (named by a header in the entry), and
    the daemon stored what was said."""
    entries = [{"model_id": f"sleepllm-{kind}", "model_name": "sleepllm",
                "api_base": f"{daemon.url}/v1",
                "headers": {"X-Conversation-Id": f"llm-cli-{kind}"}}
               for kind in ("plain", "stream")]
    # JSON is YAML: no YAML writer needed.
    (tmp_path / "extra-openai-models.yaml").write_text(json.dumps(entries))
    env = {**os.environ, "LLM_USER_PATH": str(tmp_path)}
    env.pop("OPENAI_API_KEY", None)  # an entry with api_base needs no key

    def ask(kind: str, *flags: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "llm", "-m", f"sleepllm-{kind}", *flags, "-o", "max_tokens",
             "8", "-o", "temperature", "0", "Hello!"],
            env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    plain = ask("plain", "--no-stream")
    streamed = ask("stream")
    assert plain and streamed == plain
    for kind, reply in (("plain", plain), ("stream", streamed)):
        stored = daemon.store.conversation_messages(f"llm-cli-{kind}")
        assert [(m.role, m.content) for m in stored][0] == ("user", "Hello!")
        assert stored[-1].role == "assistant" and stored[-1].content.strip() == reply
