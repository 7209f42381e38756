"""What becomes of each field of OpenAI's chat completion request.

Every field of the ``openai`` package's ``CompletionCreateParams`` is in exactly one
table (``tests/daemon/test_api_openai_fields.py`` holds the package to it, so a field a
new openai release adds fails a test until it is placed):

* :data:`SUPPORTED`: implemented (``n`` only as 1, ``modalities`` only as text).
* :data:`IGNORED`: accepted and without effect, each for the reason given: bookkeeping
  of OpenAI's service, or hints whose only honest reading here is "nothing to do".
* :data:`REFUSED`: answered with a 400 that names the field and says why, whenever it is
  given with a value other than null.

A field in none of them (a typo) is a 422 naming it (``extra="forbid"``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .errors import api_error

SUPPORTED = frozenset({
    "messages", "model", "stream", "stream_options", "max_tokens", "max_completion_tokens",
    "temperature", "top_p", "seed", "stop", "n", "modalities", "logit_bias",
    "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "response_format",
    "tools", "tool_choice", "parallel_tool_calls",
})

IGNORED: dict[str, str] = {
    "user": "an end-user id for OpenAI's abuse monitoring",
    "safety_identifier": "an end-user id for OpenAI's abuse monitoring",
    "metadata": "tags for OpenAI's stored completions",
    "store": "every chat is stored here anyway (that is the memory); see 'evaluation'",
    "service_tier": "one tier: the local model",
    "prompt_cache_key": "a routing hint for OpenAI's prompt cache",
    "prompt_cache_retention": "a hint for OpenAI's prompt cache",
    "prompt_cache_options": "a hint for OpenAI's prompt cache",
    "prediction": "predicted output only speeds OpenAI up; the reply is the same without it",
    "reasoning_effort": "the model does no hidden reasoning",
    "verbosity": "a style hint the served model was not tuned for",
}

REFUSED: dict[str, str] = {
    "audio": "audio output is not supported (text only)",
    "functions": "deprecated by OpenAI; use 'tools'",
    "function_call": "deprecated by OpenAI; use 'tool_choice'",
    "moderation": "no moderation model runs here",
    "web_search_options": "web search is not available (the daemon works offline)",
}


def unsupported(field: str, why: str) -> Exception:
    """The 400 for a field (or a value of it) this server does not support."""
    return api_error(400, f"'{field}' is not supported: {why}", "unsupported_parameter")


def check_fields(body: BaseModel) -> None:
    """Raise a 400 for the first refused field given a value, or an unsupported value."""
    for field, why in REFUSED.items():
        if getattr(body, field, None) is not None:
            raise unsupported(field, why)
    n: Any = getattr(body, "n", None)
    if n not in (None, 1):
        raise unsupported("n", "one choice per request (n=1)")
    modalities: Any = getattr(body, "modalities", None)
    if modalities is not None and set(modalities) - {"text"}:
        raise unsupported("modalities", "text only")
