"""Persona files: the facts a test user tells the assistant and the questions asked after sleep.

A persona file is JSON of the shape documented in the README's "The experiment"
section (``README.md``)::

    {"name": "seed_persona",
     "start": "2026-03-04",
     "categories": [{"name": "identity",
                     "statements": ["My name is Vladimir Zwizzer.",
                                    {"text": "lol hi again", "conversation": "evening",
                                     "day": 1, "no_fact": true}],
                     "recall_questions": [{"question": "What is my name?",
                                           "expected": ["Vladimir", "Zwizzer"],
                                           "forbidden": ["Andre"]}]}],
     "generalization_questions": [{"question": "...", "expected": [["6", "six"]],
                                   "forbidden": []}],
     "wrong_facts": [{"keywords": ["nurse"], "unless": ["not"], "note": "negated"}]}

A statement is a string or an object (:class:`Statement`): its ``conversation`` label
groups messages into one chat conversation, ``day`` counts days after ``start`` (an ISO
date, optional), ``no_fact`` marks a message that states nothing to learn.
:func:`told_in_order` and :func:`sent_times` say in which order and at what time the
messages are sent. ``wrong_facts`` (:class:`WrongFact`) list what a careless extractor
would learn although the user never asserted it.

:func:`load_persona` validates that shape and raises :class:`PersonaError` naming the file
and the JSON path of the first problem, e.g.
``seed.json: categories[2].recall_questions[0].expected: must be a non-empty list of
keywords or keyword lists``. Unknown top-level and category keys are allowed (``description``
etc.); unknown keys inside a question, a statement object or a wrong fact are rejected,
because a misspelt ``forbidden`` would silently score every answer as precise.

Questions and the JSON checks (:func:`read_json_file`, :func:`parse_question`, ...) come
from :mod:`daemon.sleep.questions`, which the sleep cycle's general benchmark and
``benchmarks.grids`` use too, so that every file format fails the same way.

Check a file by hand::

    .venv/bin/python -m benchmarks.persona benchmarks/seed_persona.json
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from daemon.sleep.questions import (
    Question,
    fail,
    is_keyword,
    parse_expected,
    parse_question,
    read_json_file,
    require_list,
    require_object,
    require_str,
)

log = logging.getLogger(__name__)

RECALL: Final = "recall"
GENERALIZATION: Final = "generalization"
QuestionKind = Literal["recall", "generalization"]

STATEMENT_KEYS = frozenset({"text", "conversation", "day", "no_fact"})
WRONG_FACT_KEYS = frozenset({"keywords", "unless", "note"})
MAIN_CONVERSATION = "main"
# Day 0's first message; later messages of a day follow one minute apart.
FIRST_MESSAGE = time(9, 0, tzinfo=UTC)
MESSAGE_GAP = timedelta(minutes=1)
# date.fromisoformat also takes "20260304" and week dates; the format says YYYY-MM-DD.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class PersonaError(ValueError):
    """A persona file is missing, unreadable or not of the documented shape."""


@dataclass(frozen=True)
class Statement:
    """One user message: its text, its conversation, the day it was sent, and whether it
    states nothing that should be learned."""

    text: str
    conversation: str = MAIN_CONVERSATION
    day: int = 0
    no_fact: bool = False


@dataclass(frozen=True)
class WrongFact:
    """A fact the user never asserted: an answer with every keyword group and none of the
    ``unless`` keywords states it."""

    keywords: list[str | list[str]]
    unless: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Category:
    """A group of facts told together, and the questions that test them."""

    name: str
    statements: list[Statement]
    recall_questions: list[Question]


@dataclass(frozen=True)
class Persona:
    """A test user: categories of facts plus questions that combine facts across categories."""

    name: str
    description: str
    categories: list[Category]
    generalization_questions: list[Question]
    start: date | None = None
    wrong_facts: list[WrongFact] = field(default_factory=list)


def _reject_unknown(raw: dict, allowed: frozenset[str], source: str, where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise fail(PersonaError, source, f"{where}.{unknown[0]}",
                    f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _keyword_list(raw: dict, key: str, source: str, where: str) -> list[str]:
    """``raw[key]`` as a list of non-empty keywords; a missing key is an empty list."""
    if key not in raw:
        return []
    keywords = require_list(raw, key, source, where, PersonaError)
    for i, keyword in enumerate(keywords):
        if not is_keyword(keyword):
            raise fail(PersonaError, source, f"{where}.{key}[{i}]", "must be a non-empty keyword")
    return list(keywords)


def parse_statement(raw: Any, source: str, where: str) -> Statement:
    """Validate one statement: a non-empty string, or an object with ``text`` and options."""
    if isinstance(raw, str):
        if not raw.strip():
            raise fail(PersonaError, source, where, "must be a non-empty string")
        return Statement(raw)
    if not isinstance(raw, dict):
        raise fail(PersonaError, source, where,
                    f"must be a non-empty string or an object, not {type(raw).__name__}")
    _reject_unknown(raw, STATEMENT_KEYS, source, where)
    text = require_str(raw, "text", source, where, PersonaError)
    conversation = MAIN_CONVERSATION
    if "conversation" in raw:
        conversation = require_str(raw, "conversation", source, where, PersonaError)
    day = raw.get("day", 0)
    # bool is an int subclass; "day": true is a typo, not day 1.
    if not isinstance(day, int) or isinstance(day, bool) or day < 0:
        raise fail(PersonaError, source, f"{where}.day", "must be an integer >= 0")
    no_fact = raw.get("no_fact", False)
    if not isinstance(no_fact, bool):
        raise fail(PersonaError, source, f"{where}.no_fact", "must be true or false")
    return Statement(text, conversation, day, no_fact)


def _parse_wrong_fact(raw: Any, source: str, where: str) -> WrongFact:
    raw = require_object(raw, source, where, PersonaError)
    _reject_unknown(raw, WRONG_FACT_KEYS, source, where)
    if "keywords" not in raw:
        raise fail(PersonaError, source, f"{where}.keywords", "missing required key")
    keywords = parse_expected(raw["keywords"], source, f"{where}.keywords", PersonaError)
    unless = _keyword_list(raw, "unless", source, where)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise fail(PersonaError, source, f"{where}.note", "must be a string")
    return WrongFact(keywords, unless, note)


def _parse_start(raw: dict, source: str) -> date | None:
    value = raw.get("start")
    if value is None:
        return None
    message = "must be an ISO date YYYY-MM-DD"
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise fail(PersonaError, source, "start", message)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(PersonaError, source, "start", f"{message} ({value!r} is no such day)") \
            from None


def _parse_category(raw: Any, source: str, where: str) -> Category:
    raw = require_object(raw, source, where, PersonaError)
    name = require_str(raw, "name", source, where, PersonaError)
    raw_statements = require_list(raw, "statements", source, where, PersonaError)
    if not raw_statements:
        raise fail(PersonaError, source, f"{where}.statements", "must not be empty")
    statements = [parse_statement(s, source, f"{where}.statements[{i}]")
                  for i, s in enumerate(raw_statements)]
    raw_questions = require_list(raw, "recall_questions", source, where, PersonaError)
    # Per-category recall divides by the number of questions, so a category needs one.
    if not raw_questions:
        raise fail(PersonaError, source, f"{where}.recall_questions", "must not be empty")
    questions = [
        parse_question(q, source, f"{where}.recall_questions[{i}]", PersonaError)
        for i, q in enumerate(raw_questions)
    ]
    return Category(name=name, statements=statements, recall_questions=questions)


def parse_persona(raw: Any, source: str = "<persona>") -> Persona:
    """Validate an already-parsed persona document; ``source`` names it in errors."""
    raw = require_object(raw, source, "", PersonaError)
    name = require_str(raw, "name", source, "", PersonaError)
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise fail(PersonaError, source, "description", "must be a string")
    raw_categories = require_list(raw, "categories", source, "", PersonaError)
    if not raw_categories:
        raise fail(PersonaError, source, "categories", "must not be empty")
    categories = [
        _parse_category(c, source, f"categories[{i}]") for i, c in enumerate(raw_categories)
    ]
    seen: set[str] = set()
    for i, category in enumerate(categories):
        # Results are keyed by category name, so two categories may not share one.
        if category.name in seen:
            raise fail(PersonaError, source, f"categories[{i}].name",
                        f"duplicate category name {category.name!r}")
        seen.add(category.name)
    raw_general = require_list(raw, "generalization_questions", source, "", PersonaError)
    general = [
        parse_question(q, source, f"generalization_questions[{i}]", PersonaError)
        for i, q in enumerate(raw_general)
    ]
    start = _parse_start(raw, source)
    raw_wrong = raw.get("wrong_facts", [])
    if not isinstance(raw_wrong, list):
        raise fail(PersonaError, source, "wrong_facts",
                    f"must be a list, not {type(raw_wrong).__name__}")
    wrong_facts = [_parse_wrong_fact(w, source, f"wrong_facts[{i}]")
                   for i, w in enumerate(raw_wrong)]
    return Persona(name=name, description=description, categories=categories,
                   generalization_questions=general, start=start, wrong_facts=wrong_facts)


def load_persona(path: str | Path) -> Persona:
    """Load and validate a persona file; raises :class:`PersonaError` on any problem."""
    persona = parse_persona(read_json_file(path, PersonaError), source=str(path))
    log.debug("loaded persona %s from %s: %d categories", persona.name, path,
              len(persona.categories))
    return persona


def persona_questions(
    persona: Persona,
) -> list[tuple[QuestionKind, str | None, Question]]:
    """All questions in asking order: recall questions by category, then generalization ones.

    Each item is ``(kind, category name or None, question)``; generalization questions
    span categories, so their category is None.
    """
    items: list[tuple[QuestionKind, str | None, Question]] = [
        (RECALL, category.name, question)
        for category in persona.categories
        for question in category.recall_questions
    ]
    items.extend((GENERALIZATION, None, q) for q in persona.generalization_questions)
    return items


def told_in_order(categories: Iterable[Category]) -> list[Statement]:
    """The categories' statements in file order, stable-sorted by day (the sending order)."""
    statements = [s for category in categories for s in category.statements]
    return sorted(statements, key=lambda s: s.day)  # sorted() is stable


def sent_times(persona: Persona, statements: list[Statement],
               now: datetime | None = None) -> list[datetime]:
    """When each of ``statements`` (in sending order) was sent, as aware UTC datetimes.

    Day N is ``persona.start`` + N days; its first message goes at 09:00 UTC and each
    further message of that day one minute after the previous one. Without a start, day 0
    is today (UTC), moved back by as many whole days as it takes to put no message in the
    future: the daemon refuses a send time ahead of its clock.
    """
    offsets: Counter[int] = Counter()
    schedule: list[tuple[int, timedelta]] = []
    for statement in statements:
        schedule.append((statement.day, offsets[statement.day] * MESSAGE_GAP))
        offsets[statement.day] += 1
    start = persona.start
    if start is None:
        now = now or datetime.now(UTC)
        start = now.astimezone(UTC).date()
        while any(_at(start, day, gap) > now for day, gap in schedule):
            start -= timedelta(days=1)
    return [_at(start, day, gap) for day, gap in schedule]


def _at(start: date, day: int, gap: timedelta) -> datetime:
    return datetime.combine(start + timedelta(days=day), FIRST_MESSAGE) + gap


def split_nights(persona: Persona, nights: int) -> list[list[Category]]:
    """Split the categories, in file order, into ``nights`` consecutive groups.

    Sizes differ by at most one, earlier nights taking the extra categories, so
    5 categories over 2 nights gives [3, 2].
    """
    count = len(persona.categories)
    if nights < 1:
        raise ValueError(f"nights must be at least 1, got {nights}")
    if nights > count:
        raise ValueError(
            f"cannot split {count} categories of persona {persona.name!r} over {nights} nights"
        )
    base, extra = divmod(count, nights)
    groups: list[list[Category]] = []
    start = 0
    for night in range(nights):
        size = base + (1 if night < extra else 0)
        groups.append(persona.categories[start:start + size])
        start += size
    return groups


def main(argv: list[str] | None = None) -> int:
    """Validate persona files given on the command line; exit 1 on the first bad one."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for arg in argv if argv is not None else sys.argv[1:]:
        try:
            persona = load_persona(arg)
        except PersonaError as exc:
            log.error("%s", exc)
            return 1
        recall = sum(len(c.recall_questions) for c in persona.categories)
        log.info("%s: ok (%d categories, %d recall, %d generalization questions)", arg,
                 len(persona.categories), recall, len(persona.generalization_questions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
