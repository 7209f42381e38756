"""Constrained decoding: a reply that must match a JSON schema or a grammar, via llguidance.

    from mlx_core.constrain import generate_json, grammar_processor, json_schema_grammar
    data = generate_json(loaded, messages, schema)       # parsed JSON that fits ``schema``
    processor = grammar_processor(loaded.tokenizer, json_schema_grammar(schema))
    stream_chat(loaded, messages, logits_processors=[processor])

At every step the processor asks llguidance which tokens keep the text a prefix of some
string of the grammar and sets every other logit to -inf; once the grammar is complete
only end-of-sequence is left. So the reply parses whatever the model, even a 135M one,
unless ``max_tokens`` cuts it first.

Why llguidance (measured on the embedded SmolLM2 tokenizer, 2-core CPU, a 4-field
pydantic schema): one 7.6 MB wheel with no dependencies; 0.3 s once per tokenizer, then
<1 ms per schema and ~0.02 ms of mask per token. lm-format-enforcer also constrains
correctly but needs torch for its tokenizer integration and costs ~0.9 ms per token
and 0.7 s per tokenizer; xgrammar 0.2.8 pulls torch and CUDA wheels (GBs); outlines'
MLX processor is a Metal kernel and fails on the CPU and CUDA backends. llguidance's own
MLX helper is Metal-only too, so the mask is applied here with ``mx.where``.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import llguidance
import llguidance.hf
import mlx.core as mx
import numpy as np
from llguidance.numpy import allocate_token_bitmask, fill_next_token_bitmask

from .chat import stream_chat
from .loader import LoadedModel

if TYPE_CHECKING:  # a TypedDict of the stub only
    from llguidance._lib import JsonCompileOptions

# Compact separators and no free whitespace: a small model given room for whitespace
# can spend its whole budget on newlines. Unknown schema keywords are ignored, not
# refused (clients' schemas carry "title", "format" and the like).
JSON_OPTIONS: JsonCompileOptions = {"whitespace_flexible": False, "item_separator": ", ",
                                "key_separator": ": ", "lenient": True}


class GrammarError(ValueError):
    """The schema or grammar cannot be compiled (the message says why)."""


@dataclass(frozen=True)
class Grammar:
    """A grammar in llguidance's own form (made by the functions below)."""

    text: str

    def check(self) -> None:
        """Raise :class:`GrammarError` if llguidance cannot compile it."""
        error = llguidance.LLMatcher.validate_grammar(self.text)
        if error:
            raise GrammarError(error.strip().splitlines()[0])


def close_objects(schema: Any) -> Any:
    """``schema`` with ``"additionalProperties": false`` on every object that lists its
    properties and says nothing about others.

    JSON Schema lets such an object carry any other keys, and a small model takes that
    room: asked for a pet's name, species and age, the 135M model went on with a
    ``"breeds"`` list it repeated until ``max_tokens``. The closed schema admits a subset
    of what the original admits, so the reply still fits the original.
    """
    if isinstance(schema, list):
        return [close_objects(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: close_objects(value) for key, value in schema.items()}
    if "properties" in closed and "additionalProperties" not in closed:
        closed["additionalProperties"] = False
    return closed


def json_schema_grammar(schema: dict[str, Any] | None = None) -> Grammar:
    """Any JSON value that fits ``schema`` (objects closed, :func:`close_objects`); None
    means any JSON object."""
    try:
        return Grammar(llguidance.LLMatcher.grammar_from_json_schema(
            close_objects(schema) if schema is not None else {"type": "object"},
            defaults=JSON_OPTIONS))
    except (ValueError, TypeError) as exc:  # not a JSON object at all
        raise GrammarError(str(exc)) from None


def lark_grammar(lark: str) -> Grammar:
    """A Lark grammar; ``%json {schema}`` embeds a JSON schema in a rule."""
    return Grammar(llguidance.LLMatcher.grammar_from_lark(lark))


_TOKENIZERS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _llg_tokenizer(tokenizer: Any) -> Any:
    """llguidance's view of an mlx-lm tokenizer, built once per tokenizer (~0.3 s)."""
    with _LOCK:
        found = _TOKENIZERS.get(tokenizer)
        if found is None:
            found = llguidance.hf.from_tokenizer(tokenizer._tokenizer)
            _TOKENIZERS[tokenizer] = found
        return found


class GrammarProcessor:
    """An mlx-lm logits processor that lets through only the grammar's tokens.

    Stateful (one per generation): each call after the first feeds the token sampled
    last to the matcher before computing the next mask.
    """

    def __init__(self, tokenizer: Any, grammar: Grammar) -> None:
        llg = _llg_tokenizer(tokenizer)
        self._matcher = llguidance.LLMatcher(llg, grammar.text, log_level=0)
        if self._matcher.is_error():
            raise GrammarError(self._matcher.get_error())
        self._bitmask = allocate_token_bitmask(1, llg.vocab_size)
        self._started = False

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self._started and not self._matcher.is_stopped():
            self._matcher.consume_token(int(cast(int, tokens[-1].item())))
        self._started = True
        if self._matcher.is_error():  # cannot happen with masked sampling; leave it free
            return logits
        fill_next_token_bitmask(self._matcher, self._bitmask)
        vocab = logits.shape[-1]
        allowed = np.unpackbits(self._bitmask.view(np.uint8), bitorder="little")[:vocab]
        if allowed.size < vocab:  # the model's embedding is padded past the tokenizer
            allowed = np.pad(allowed, (0, vocab - allowed.size))
        return mx.where(mx.array(allowed.astype(np.bool_)), logits, -mx.inf)


def grammar_processor(tokenizer: Any, grammar: Grammar) -> GrammarProcessor:
    """A fresh processor for one generation with ``tokenizer`` (mlx-lm's wrapper)."""
    return GrammarProcessor(tokenizer, grammar)


def generate_json(loaded: LoadedModel, messages: list[dict[str, str]],
                  schema: dict[str, Any] | None = None, max_tokens: int = 256) -> Any:
    """The model's greedy reply to ``messages`` as parsed JSON that fits ``schema``.

    Raises :class:`ValueError` (``json.JSONDecodeError``) when ``max_tokens`` cut the
    reply before the JSON was complete.
    """
    processor = grammar_processor(loaded.tokenizer, json_schema_grammar(schema))
    text = "".join(chunk.text for chunk in stream_chat(
        loaded, messages, max_tokens, logits_processors=[processor]))
    return json.loads(text)
