"""``POST /v1/chat/completions``: OpenAI-compatible chat that logs what the user says.

Per request: validate (400/422, nothing stored), find or create the conversation
(``conversation_id`` in the body, else the ``X-Conversation-Id`` header, else a new
one, returned in that header and in the JSON / every stream chunk; ``sent_at``, when
given, becomes the stored message's ``created_at``), plan the context
(:mod:`daemon.context`), store the request's LAST user message (clients resend the
whole history each turn; a request that ends with tool results stores none), commit,
then generate. Tools, forced calls and ``response_format`` are planned by
:mod:`daemon.routers.chat_tools`; the reply (text, tool calls, log-probabilities) is
assembled by :mod:`daemon.routers.chat_output`. The assistant's text reply is stored when
generation ends. A streaming client that disconnects mid-reply gets what was generated
so far stored (it is what the user saw); a reply that produced no text is not stored.

``X-Sleepllm-Evaluation: 1`` (or ``"evaluation": true``) marks a benchmark probe: its
messages are stored with source "evaluation" (never learned from, never counted for
the automatic sleep) and the request runs inside ``sleep_manager.evaluation()``.
A user chat message's facts are remembered as soon as it is stored, and every context
carries the wake memory (``daemon.wake``); ``X-Sleepllm-Memory: off`` (or
``"memory": false``) leaves it out, to measure what the weights alone answer.

Streaming uses server-sent events: ``data: {chunk}\\n\\n`` ... ``data: [DONE]\\n\\n``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import ExitStack, aclosing
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from mlx_core.chat import ChatChunk
from mlx_core.loader import LoadedModel

import anyio
from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from memory_store import MemoryStore, StoreError

from ..context import ContextTooLong, PreparedTurn, finish_turn, make_refiner, prepare_turn
from ..deps import EngineDep, SettingsDep, SleepManagerDep, StoreDep
from ..engine import ChatEngine, GenerationParams
from ..settings import Settings
from ..sleep.manager import SleepManager
from .chat_output import Completion, Piece, ReplyAssembler
from .chat_schema import (
    ChatRequest,
    check_request,
    check_sent_at,
    generation_params,
    is_evaluation,
    wants_memory,
)
from .chat_tools import plain_messages, plan_tools
from .errors import COMMON_ERRORS, api_error, error_body, error_responses

log = logging.getLogger(__name__)

router = APIRouter(tags=["chat"], responses=COMMON_ERRORS)

ConversationHeader = Annotated[str | None, Header(alias="X-Conversation-Id")]
EvaluationHeader = Annotated[str | None, Header(alias="X-Sleepllm-Evaluation")]
MemoryHeader = Annotated[str | None, Header(alias="X-Sleepllm-Memory")]
SUMMARY_MAX_TOKENS = 200


@router.post("/v1/chat/completions", response_model=None,
             responses=error_responses(400, 500))
async def create_chat_completion(
    body: ChatRequest, settings: SettingsDep, store: StoreDep, engine: EngineDep,
    manager: SleepManagerDep, x_conversation_id: ConversationHeader = None,
    x_sleepllm_evaluation: EvaluationHeader = None, x_sleepllm_memory: MemoryHeader = None,
) -> JSONResponse | StreamingResponse:
    """Chat with the served model (non-streaming, or SSE with ``stream: true``)."""
    conversation = check_request(body, x_conversation_id)
    sent_at = check_sent_at(body)
    loaded, version = engine.slot.get()
    params = generation_params(body, settings, _vocab_size(loaded))
    # Renders the chat template a few times (is it one that shows tools?): off the loop.
    tools = await run_in_threadpool(plan_tools, body, loaded)
    params.tools, params.grammar = tools.template_tools, tools.grammar
    evaluation = is_evaluation(body, x_sleepllm_evaluation)
    memory = wants_memory(body, x_sleepllm_memory)
    source = "evaluation" if evaluation else "chat"
    with ExitStack() as held:
        if evaluation:
            held.enter_context(manager.evaluation())
        turn = await _prepare(body, plain_messages(body, tools, loaded), conversation, sent_at,
                              params, source, settings, store, engine, memory)
        if not evaluation and turn.user_message_id is not None:
            await run_in_threadpool(_note_turn, manager)
        completion = Completion(body.model, turn.conversation_id, version)
        headers = {"X-Conversation-Id": turn.conversation_id}
        reply = ReplyAssembler(body.stop_sequences(), tools)
        if body.stream:
            # The stream outlives this function: it takes over the evaluation hold.
            return await _start_stream(body, turn, params, completion, reply, engine, store,
                                       headers, held.pop_all())
        return await _complete(body, turn, params, completion, reply, engine, store, headers)


def _vocab_size(loaded: LoadedModel) -> int:
    """Rows of the model's output (the tokenizer's count when the config has none)."""
    return int(loaded.config.get("vocab_size") or len(loaded.tokenizer))


async def _prepare(body: ChatRequest, messages: list[dict[str, str]],
                   conversation: str | None, sent_at: datetime | None,
                   params: GenerationParams, source: str, settings: Settings,
                   store: MemoryStore, engine: ChatEngine, memory: bool) -> PreparedTurn:
    def complete(summary_messages: list[dict[str, str]]) -> str:
        return engine.complete(summary_messages, GenerationParams(max_tokens=SUMMARY_MAX_TOKENS))

    def count(counted: list[dict[str, str]]) -> int:
        return engine.count_tokens(counted, params.tools)

    try:
        # A history with tool traffic is the client's (the store keeps none of it); a turn
        # ending with tool results has no user message to store or remember.
        return await run_in_threadpool(
            partial(prepare_turn, store, settings, count, messages, conversation,
                    params.max_tokens, source, make_refiner(settings, complete), sent_at,
                    memory, from_request=body.has_tool_traffic(),
                    store_user=not body.continues_tools()))
    except ContextTooLong as exc:
        raise api_error(400, str(exc), "context_length_exceeded") from None


def _note_turn(manager: SleepManager) -> None:
    # The user's message is already stored; a failure to count it must not fail the chat.
    try:
        manager.note_user_turn("chat")
    except Exception:
        log.exception("could not count the user turn for the automatic sleep")


async def _complete(body: ChatRequest, turn: PreparedTurn, params: GenerationParams,
                    completion: Completion, reply: ReplyAssembler, engine: ChatEngine,
                    store: MemoryStore, headers: dict[str, str]) -> JSONResponse:
    try:
        # aclosing: leaving early (a stop sequence) must release the engine's busy flag.
        async with aclosing(engine.astream(turn.messages, params)) as chunks:
            async for chunk in chunks:
                reply.feed(chunk)
                if reply.stop.hit:
                    break
    except Exception:
        log.exception("generation failed (conversation %s)", turn.conversation_id)
        raise api_error(500, "generation failed", "generation_failed") from None
    reply.finish()
    try:
        await run_in_threadpool(finish_turn, store, turn.conversation_id, reply.text, turn.source)
    except StoreError:
        # The user's message is stored and the reply made: answer (as the stream does).
        # A 503 here would make the client retry and store its message a second time.
        log.exception("could not store the reply (conversation %s)", turn.conversation_id)
    return JSONResponse(completion.response(reply, bool(body.logprobs)), headers=headers)


def _sse(payload: dict[str, Any] | str) -> str:
    data = payload if isinstance(payload, str) else json.dumps(
        payload, ensure_ascii=False, separators=(",", ":"))
    return f"data: {data}\n\n"


async def _start_stream(body: ChatRequest, turn: PreparedTurn, params: GenerationParams,
                        completion: Completion, reply: ReplyAssembler, engine: ChatEngine,
                        store: MemoryStore, headers: dict[str, str],
                        held: ExitStack) -> StreamingResponse:
    chunks = engine.astream(turn.messages, params)
    try:
        # Wait for the first piece here, so a model that fails at once gets a real 500.
        first: ChatChunk | None = await anext(chunks)
    except StopAsyncIteration:
        first = None
    except Exception:
        await chunks.aclose()
        held.close()
        log.exception("generation failed (conversation %s)", turn.conversation_id)
        raise api_error(500, "generation failed", "generation_failed") from None
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    events = _events(first, chunks, reply, completion, include_usage, bool(body.logprobs),
                     turn, store, held)
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={**headers, "Cache-Control": "no-cache"})


async def _events(first: ChatChunk | None, chunks: AsyncGenerator[ChatChunk],
                  reply: ReplyAssembler, completion: Completion, include_usage: bool,
                  with_logprobs: bool, turn: PreparedTurn, store: MemoryStore,
                  held: ExitStack) -> AsyncIterator[str]:
    stored = False

    def event(piece: Piece) -> str | None:
        if not piece:
            return None
        first_call = len(reply.tool_calls) - len(piece.tool_calls)
        return _sse(completion.piece_chunk(piece, first_call, with_logprobs))

    async def store_reply() -> None:
        nonlocal stored
        stored = True
        # Shielded: a client that hung up cancels this task, but its reply is still stored.
        with anyio.CancelScope(shield=True):
            try:
                await run_in_threadpool(finish_turn, store, turn.conversation_id, reply.text,
                                        turn.source)
            except Exception:
                log.exception("could not store the reply (conversation %s)",
                              turn.conversation_id)

    try:
        yield _sse(completion.chunk({"role": "assistant", "content": ""}))
        async with aclosing(chunks):
            chunk = first
            while chunk is not None:
                if sse := event(reply.feed(chunk)):
                    yield sse
                if reply.stop.hit:
                    break
                chunk = await anext(chunks, None)
        if sse := event(reply.finish()):
            yield sse
        # Stored before the final events: a client that has seen [DONE] finds the reply.
        await store_reply()
        yield _sse(completion.chunk({}, reply.finish_reason()))
        if include_usage:
            yield _sse(completion.chunk({}, usage=reply.usage(), with_choice=False))
        yield _sse("[DONE]")
    except Exception:
        # Headers are gone already: report in-band, the way OpenAI's stream does.
        log.exception("generation failed mid-stream (conversation %s)", turn.conversation_id)
        yield _sse(error_body(500, "generation failed", "generation_failed"))
        yield _sse("[DONE]")
    finally:
        if not stored:  # the client hung up, or generation failed: keep what was generated
            await store_reply()
        held.close()
