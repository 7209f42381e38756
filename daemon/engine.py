"""The chat engine: runs generation for the daemon on one dedicated MLX thread.

All daemon-side generation goes through one worker thread, so requests are
answered one at a time in arrival order (MLX state is not shared between
concurrent generations). The served model lives in a :class:`ModelSlot`; the
sleep cycle swaps it without stopping the engine: a swap is a reference swap under a
lock, so requests already generating finish on the old weights and new ones get the
new weights at once. While any chat request is
waiting or generating, :attr:`ChatEngine.busy` is set: training checks it
between steps and yields the CPU to chat.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import AsyncGenerator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from mlx_core.chat import ChatChunk, LogitsProcessor, Tools, count_tokens, stream_chat
from mlx_core.constrain import Grammar, grammar_processor

from mlx_lm.sample_utils import make_logits_processors

log = logging.getLogger(__name__)

_DONE = object()


@dataclass
class GenerationParams:
    max_tokens: int = 256
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int | None = None
    logit_bias: dict[int, float] = field(default_factory=dict)
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    top_logprobs: int | None = None
    """None: no log-probabilities; n: each token's, with n alternatives."""
    tools: Tools | None = None
    """Tool definitions for a chat template that renders them."""
    grammar: Grammar | None = None
    """A grammar the reply must match (constrained decoding)."""

    def processors(self, tokenizer: Any) -> list[LogitsProcessor]:
        """Fresh mlx-lm logits processors for one generation (the grammar's is stateful)."""
        out: list[LogitsProcessor] = make_logits_processors(
            self.logit_bias or None, presence_penalty=self.presence_penalty,
            frequency_penalty=self.frequency_penalty)
        if self.grammar is not None:
            out.append(grammar_processor(tokenizer, self.grammar))
        return out


class ModelSlot:
    """The model being served; readers take it, the sleep cycle swaps it."""

    def __init__(self, loaded, version_id: int | None = None):
        self._lock = threading.Lock()
        self._loaded = loaded
        self._version_id = version_id

    def get(self):
        """The current model and its version id (a consistent pair)."""
        with self._lock:
            return self._loaded, self._version_id

    def swap(self, loaded, version_id: int | None) -> float:
        """Serve ``loaded`` from now on; return how long chat was held back (seconds)."""
        tic = time.perf_counter()
        with self._lock:
            self._loaded, self._version_id = loaded, version_id
        return time.perf_counter() - tic


class BusySignal:
    """Counts requests in flight; ``event`` is set while there is at least one."""

    def __init__(self, event=None):
        # A process-shared event: the training child process watches it.
        self.event = event if event is not None else mp.get_context("spawn").Event()
        self._count = 0
        self._lock = threading.Lock()

    def __enter__(self):
        with self._lock:
            self._count += 1
            self.event.set()
        return self

    def __exit__(self, *exc):
        with self._lock:
            self._count -= 1
            if self._count == 0:
                self.event.clear()


class ChatEngine:
    """Generate replies with the served model, one request at a time."""

    def __init__(self, slot: ModelSlot, busy_event=None):
        self.slot = slot
        self.busy = BusySignal(busy_event)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlx-chat")

    @property
    def model_name(self) -> str:
        loaded, _ = self.slot.get()
        return loaded.name

    def count_tokens(self, messages: list[dict[str, str]], tools: Tools | None = None) -> int:
        loaded, _ = self.slot.get()
        return count_tokens(loaded, messages, tools)

    def _produce(self, messages, params: GenerationParams, out: queue.Queue,
                 cancel: threading.Event) -> None:
        try:
            if cancel.is_set():  # the client left while the request was queued
                return
            loaded, _ = self.slot.get()  # the model at the moment generation starts
            for chunk in stream_chat(loaded, messages, params.max_tokens, params.temperature,
                                     params.top_p, params.seed,
                                     logits_processors=params.processors(loaded.tokenizer),
                                     tools=params.tools, top_logprobs=params.top_logprobs):
                if cancel.is_set():  # client gone or stop sequence hit: free the thread
                    return
                out.put(chunk)
        except BaseException as exc:  # handed to the consumer, which re-raises
            out.put(exc)
        finally:
            out.put(_DONE)

    def _submit(self, messages, params) -> tuple[queue.Queue, threading.Event]:
        out: queue.Queue = queue.Queue()
        cancel = threading.Event()
        self._executor.submit(self._produce, messages, params, out, cancel)
        return out, cancel

    def stream(self, messages: list[dict[str, str]],
               params: GenerationParams | None = None) -> Iterator[ChatChunk]:
        """Blocking iterator over reply chunks (for scripts and the CLI)."""
        with self.busy:
            out, cancel = self._submit(messages, params or GenerationParams())
            try:
                while (item := out.get()) is not _DONE:
                    if isinstance(item, BaseException):
                        raise item
                    yield item
            finally:
                cancel.set()

    async def astream(self, messages: list[dict[str, str]],
                      params: GenerationParams | None = None) -> AsyncGenerator[ChatChunk]:
        """Async iterator over reply chunks, for the HTTP routes."""
        with self.busy:
            out, cancel = self._submit(messages, params or GenerationParams())
            try:
                while True:
                    item = await asyncio.to_thread(out.get)
                    if item is _DONE:
                        return
                    if isinstance(item, BaseException):
                        raise item
                    yield item
            finally:
                cancel.set()

    def complete(self, messages: list[dict[str, str]],
                 params: GenerationParams | None = None) -> str:
        return "".join(chunk.text for chunk in self.stream(messages, params))

    def run(self, fn, *args) -> Future:
        """Run ``fn(*args)`` on the MLX thread (e.g. a probe with the served model)."""
        return self._executor.submit(fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
