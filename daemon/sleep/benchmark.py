"""The general-knowledge benchmark of the validation gate.

The sleep cycle asks these questions before and after training and rejects the update when
the score after falls below a tolerance share of the score before. In the reference
experiment the benchmark file was missing on the remote machine, the validator skipped
validation and approved every update, destructive ones included. So this loader FAILS
CLOSED: a missing, unreadable, empty, non-JSON or malformed file, or one with no
questions, raises :class:`BenchmarkError`; it never returns an empty list, and
:func:`score_benchmark` refuses to score an empty list.

File shape (``general_knowledge.json`` next to this module is the shipped default)::

    {"name": "general_knowledge",
     "questions": [{"id": "capital_france", "question": "What is the capital of France?",
                    "expected": ["Paris"], "forbidden": ["London"]}]}

Questions use the format of :mod:`.questions` and the rules of :mod:`.scoring`; a
question's score counts expected groups only (forbidden hits are reported per question,
not scored). ``id`` is optional (defaults to ``q<index>``) but must be unique.

Check a benchmark file with ``python -m benchmarks.general [path/to/benchmark.json]``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .questions import Question, parse_question, read_json_file, require_list, require_object
from .scoring import score_answer

log = logging.getLogger(__name__)

DEFAULT_BENCHMARK = Path(__file__).with_name("general_knowledge.json")


class BenchmarkError(ValueError):
    """The validation benchmark cannot be loaded or scored; the update must not be approved."""


@dataclass(frozen=True)
class QuestionResult:
    """The answer to one benchmark question and how it scored."""

    id: str
    question: str
    answer: str
    score: float
    forbidden_hit: bool


@dataclass(frozen=True)
class BenchmarkResult:
    """Mean question score (0..1) and the per-question detail behind it."""

    score: float
    per_question: list[QuestionResult]


def load_benchmark(path: str | Path | None = None) -> list[Question]:
    """Load and validate a benchmark file (default: the shipped one).

    Raises :class:`BenchmarkError` naming the file (and JSON path) of any problem. Every
    returned question has an ``id``.
    """
    path = Path(path) if path is not None else DEFAULT_BENCHMARK
    source = str(path)
    raw = require_object(read_json_file(path, BenchmarkError), source, "", BenchmarkError)
    raw_questions = require_list(raw, "questions", source, "", BenchmarkError)
    if not raw_questions:
        raise BenchmarkError(f"{source}: questions: must not be empty (a benchmark with no "
                             "questions cannot validate anything)")
    questions: list[Question] = []
    seen: set[str] = set()
    for i, item in enumerate(raw_questions):
        question = parse_question(item, source, f"questions[{i}]", BenchmarkError)
        qid = question.id or f"q{i}"
        if qid in seen:
            raise BenchmarkError(f"{source}: questions[{i}].id: duplicate id {qid!r}")
        seen.add(qid)
        questions.append(Question(question=question.question, expected=question.expected,
                                  forbidden=question.forbidden, id=qid))
    log.debug("loaded %d benchmark questions from %s", len(questions), source)
    return questions


def score_benchmark(
    questions: Sequence[Question], answer_fn: Callable[[str], str]
) -> BenchmarkResult:
    """Ask every question through ``answer_fn`` and score the answers.

    Errors raised by ``answer_fn`` propagate: a benchmark that could not be asked must
    not count as passed. A non-string answer raises :class:`BenchmarkError`.
    """
    if not questions:
        raise BenchmarkError("no benchmark questions to score")
    results: list[QuestionResult] = []
    for i, question in enumerate(questions):
        answer = answer_fn(question.question)
        qid = question.id or f"q{i}"
        if not isinstance(answer, str):
            raise BenchmarkError(
                f"answer_fn returned {type(answer).__name__}, not str, for question {qid!r}"
            )
        scored = score_answer(question, answer)
        results.append(QuestionResult(id=qid, question=question.question, answer=answer,
                                      score=scored.score, forbidden_hit=scored.forbidden_hit))
    score = sum(r.score for r in results) / len(results)
    return BenchmarkResult(score=score, per_question=results)
