"""Model-based extraction for capable models: typed fact records as JSON, validated.

    from daemon.sleep.extract.model import build_prompt, parse_records, model_facts
    prompt = build_prompt(messages)                # prompts/extract.txt with the statements
    records, problem = parse_records(generate(prompt))   # ModelFact list, or "" -> why not
    new = model_facts(messages, generate, rule_facts)

On for 3B-class models (``model_extraction``). The model answers with a JSON list of
:class:`ModelFact`, the same record the rules produce (who, relation, value, negated)
plus one question/answer pair. The reply is validated against that pydantic schema;
when it does not validate, the model is asked once more with the validation error,
and after that the objects that do validate are kept. MLX has no constrained
decoding here, hence the retry. The model is never trusted: its facts join the
rule-based ones and all go through the firewall. Whatever it returns (code fences,
chatter, broken JSON, an exception) the worst outcome is "no model facts".
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from prompts import load_prompt

from ..types import ExtractedFact, FactKey, FactRecord, QAPair, SourceMessage
from .textnorm import content_stems, own_and_foreign

log = logging.getLogger(__name__)

_FENCE_RE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)
_OBJECT_RE = re.compile(r"\{[^{}]*\}", re.S)
MAX_MODEL_FACTS = 80


class ModelFact(BaseModel):
    """One fact as the model must return it."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    about: str = Field(min_length=1, description='"you", "your sister", or a name')
    relation: str = Field(min_length=1, description='"name", "age", "job", "live_in", "likes"')
    value: str = Field(min_length=1, description="the value as the user wrote it")
    negated: bool = Field(False, description="the user said it is not so")
    question: str = Field(min_length=2, description="asked in the user's first person")
    answer: str = Field(min_length=2, description="one short sentence in the second person")


_FACTS = TypeAdapter(list[ModelFact])


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


def parse_records(completion: str) -> tuple[list[ModelFact], str]:
    """The model's facts, and "" or why the reply as a whole did not validate."""
    if not isinstance(completion, str):
        return [], "the reply is not text"
    problem = "no JSON list in the reply"
    for candidate in _candidates(completion):
        try:
            data = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            data = data.get("facts", [data])
        try:
            return _FACTS.validate_python(data)[:MAX_MODEL_FACTS], ""
        except ValidationError as exc:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                for e in exc.errors()[:5])
    return [], problem


def _salvage(completion: str) -> list[ModelFact]:
    """The objects of a broken reply that validate on their own."""
    out = []
    for match in _OBJECT_RE.finditer(completion if isinstance(completion, str) else ""):
        try:
            out.append(ModelFact.model_validate_json(match.group(0)))
        except ValidationError:
            continue
    return out[:MAX_MODEL_FACTS]


def _ask(prompt: str, generate: Callable[[str], str]) -> list[ModelFact]:
    completion = generate(prompt)
    records, problem = parse_records(completion)
    if not problem:
        return records
    log.info("model extraction reply did not validate (%s); asking once more", problem)
    retry = generate(f"{prompt}\n\nYour reply was not valid ({problem}). "
                     "Reply again with the JSON list only.")
    records, problem = parse_records(retry)
    return records if not problem else _salvage(retry) or _salvage(completion)


def _sources(answer: str, messages: list[SourceMessage]) -> list[SourceMessage]:
    wanted = content_stems(answer)
    hits = [m for m in messages if wanted & content_stems(own_and_foreign(m.content)[0])]
    return hits or list(messages)


def _fact(record: ModelFact, messages: list[SourceMessage]) -> ExtractedFact:
    question = record.question if record.question.endswith("?") else record.question + "?"
    key = FactKey(" ".join(record.about.lower().split()),
                  "_".join(record.relation.lower().split()))
    sources = _sources(record.answer, messages)
    return ExtractedFact(record.answer, str(key), [m.id for m in sources],
                         " ".join(m.content for m in sources), [QAPair(question, record.answer)],
                         FactRecord(key, record.value, record.negated))


def model_facts(messages: list[SourceMessage], generate: Callable[[str], str],
                facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """New facts from the model's records; a restatement of a rule fact joins that fact."""
    prompt = build_prompt(messages)
    if not prompt.strip() or all(not own_and_foreign(m.content)[0].strip() for m in messages):
        return []
    try:
        records = _ask(prompt, generate)
    except Exception:  # a failing model must not fail the sleep: rules still give facts
        log.exception("model extraction failed; keeping rule-based facts only")
        return []
    new: list[ExtractedFact] = []
    for record in records:
        fact = _fact(record, messages)
        stems = content_stems(fact.text)
        home = next((f for f in facts if stems and stems <= content_stems(f.text)), None)
        if home is not None:
            pair = fact.pairs[0]
            if all(p.question.lower() != pair.question.lower() for p in home.pairs):
                home.pairs.append(pair)
            continue
        new.append(fact)
    return new
