"""Optional model-assisted extraction: ask a capable model for Q/A pairs and merge them.

    from daemon.sleep.extract.model import build_prompt, parse_pairs, model_facts
    prompt = build_prompt(messages)            # prompts/extract.txt with the statements
    pairs = parse_pairs(generate(prompt))      # tolerant JSON parsing; [] on garbage
    new = model_facts(messages, generate, rule_facts)

Only used with 3B-class models. The model's pairs are never trusted: they join the
rule-based facts and all go through the firewall. Whatever the model returns (code
fences, chatter, broken JSON, an exception) the worst outcome is "no model pairs".
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

from prompts import load_prompt

from ..types import ExtractedFact, QAPair, SourceMessage
from .lexicon import FUNCTION_WORDS
from .textnorm import own_and_foreign, stem, words

log = logging.getLogger(__name__)

_FENCE_RE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)
_OBJECT_RE = re.compile(r"\{[^{}]*\}", re.S)
MAX_MODEL_PAIRS = 80


def build_prompt(messages: list[SourceMessage]) -> str:
    """The extraction prompt listing the user's own words, one message per line."""
    lines = []
    for message in messages:
        own, _ = own_and_foreign(message.content)
        own = " ".join(own.split())
        if own:
            lines.append(f"- {own}")
    return load_prompt("extract", statements="\n".join(lines))


def _candidates(completion: str) -> list[str]:
    texts = [m.group(1) for m in _FENCE_RE.finditer(completion)] or [completion]
    out = []
    for text in texts:
        start, end = text.find("["), text.rfind("]")
        if start != -1 and end > start:
            out.append(text[start:end + 1])
        out.append(text)
    return out


def _to_pair(item: object) -> QAPair | None:
    if not isinstance(item, dict):
        return None
    question = item.get("question", item.get("q"))
    answer = item.get("answer", item.get("a"))
    if not isinstance(question, str) or not isinstance(answer, str):
        return None
    question, answer = " ".join(question.split()), " ".join(answer.split())
    if not question or not answer:
        return None
    return QAPair(question if question.endswith("?") else question + "?", answer)


def parse_pairs(completion: str) -> list[QAPair]:
    """Question/answer pairs from a model completion; [] when none can be read."""
    if not isinstance(completion, str):
        return []
    for candidate in _candidates(completion):
        try:
            data = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            data = data.get("pairs", [data])
        if isinstance(data, list):
            pairs = [p for p in (_to_pair(item) for item in data) if p is not None]
            if pairs:
                return pairs[:MAX_MODEL_PAIRS]
    pairs = []
    for match in _OBJECT_RE.finditer(completion):  # salvage objects from broken JSON
        try:
            pair = _to_pair(json.loads(match.group(0)))
        except ValueError:
            continue
        if pair is not None:
            pairs.append(pair)
    return pairs[:MAX_MODEL_PAIRS]


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w.lower() not in FUNCTION_WORDS}


def _sources(answer: str, messages: list[SourceMessage]) -> list[SourceMessage]:
    wanted = content_stems(answer)
    hits = [m for m in messages if wanted & content_stems(own_and_foreign(m.content)[0])]
    return hits or list(messages)


def model_facts(messages: list[SourceMessage], generate: Callable[[str], str],
                facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """New facts from the model's pairs; pairs restating a rule fact join that fact."""
    prompt = build_prompt(messages)
    if not prompt.strip() or all(not own_and_foreign(m.content)[0].strip() for m in messages):
        return []
    try:
        completion = generate(prompt)
    except Exception:  # a failing model must not fail the sleep: rules still give facts
        log.exception("model extraction failed; keeping rule-based facts only")
        return []
    new: list[ExtractedFact] = []
    for pair in parse_pairs(completion):
        stems = content_stems(pair.answer)
        home = next((f for f in facts if stems and stems <= content_stems(f.text)), None)
        if home is not None:
            if all(p.question.lower() != pair.question.lower() for p in home.pairs):
                home.pairs.append(pair)
            continue
        sources = _sources(pair.answer, messages)
        key = "you|model:" + " ".join(sorted(content_stems(pair.question)))
        new.append(ExtractedFact(pair.answer, key, [m.id for m in sources],
                                 " ".join(m.content for m in sources), [pair]))
    return new
