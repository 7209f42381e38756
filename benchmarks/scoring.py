"""Scoring of benchmark runs, implementing the rules of the persona README.

One answer is scored by :func:`daemon.sleep.scoring.score_answer` (the keyword rules: a
keyword starts at a word boundary, an all-digit keyword ends at one too, a phrase matches
across any whitespace), the scorer the sleep cycle's validation gate uses as well.

- Question score = groups found / groups. Precision = share of recall questions whose
  answer contains no forbidden keyword. Recall and generalization are mean scores over
  their questions; per-category recall is ``[sum of scores, number of questions]``.

Score a single answer from the shell::

    .venv/bin/python -m benchmarks.scoring "He is six, his name is Andre." "6|six" Andre

(each argument after the answer is one group; ``|`` separates alternatives).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from benchmarks.persona import GENERALIZATION, RECALL, Question
from daemon.sleep.scoring import score_answer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerRecord:
    """One asked question as stored in results.json's ``answers`` list."""

    question: str
    kind: str
    category: str | None
    answer: str
    score: float
    forbidden_hit: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def answer_record(kind: str, category: str | None, question: Question,
                  answer: str) -> AnswerRecord:
    """Score an answer and package it as a results.json ``answers`` entry."""
    result = score_answer(question, answer)
    return AnswerRecord(question=question.question, kind=kind, category=category,
                        answer=answer, score=result.score, forbidden_hit=result.forbidden_hit)


def _as_mapping(answer: AnswerRecord | Mapping[str, Any]) -> Mapping[str, Any]:
    return answer.to_dict() if isinstance(answer, AnswerRecord) else answer


def summarize(answers: Iterable[AnswerRecord | Mapping[str, Any]]) -> dict[str, Any]:
    """Aggregate scored answers into the run-level numbers of results.json.

    Accepts :class:`AnswerRecord` objects or dicts with ``kind``, ``category``, ``score``
    and ``forbidden_hit``. Returns ``recall``, ``precision``, ``generalization`` (each
    None when there is no question of that kind) and ``per_category`` mapping each
    category, in first-seen order, to ``[sum_of_scores, n_questions]``.
    """
    recall: list[Mapping[str, Any]] = []
    general: list[float] = []
    per_category: dict[str, list[float | int]] = {}
    for raw in answers:
        answer = _as_mapping(raw)
        kind = answer["kind"]
        if kind == RECALL:
            recall.append(answer)
            cell = per_category.setdefault(answer["category"], [0.0, 0])
            cell[0] += float(answer["score"])
            cell[1] += 1
        elif kind == GENERALIZATION:
            general.append(float(answer["score"]))
        else:
            raise ValueError(f"unknown answer kind {kind!r} (expected {RECALL!r} or "
                             f"{GENERALIZATION!r})")
    return {
        "recall": _mean([float(a["score"]) for a in recall]),
        "precision": _mean([0.0 if a["forbidden_hit"] else 1.0 for a in recall]),
        "generalization": _mean(general),
        "per_category": per_category,
    }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def main(argv: list[str] | None = None) -> int:
    """Score one answer: ``ANSWER GROUP [GROUP...]``, alternatives in a group split by ``|``."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = argv if argv is not None else sys.argv[1:]
    if len(args) < 2:
        log.error("usage: python -m benchmarks.scoring ANSWER GROUP [GROUP...]")
        return 2
    groups: list[str | list[str]] = [g.split("|") if "|" in g else g for g in args[1:]]
    result = score_answer(Question(question="(command line)", expected=groups), args[0])
    log.info("score %.2f, groups found %s", result.score, result.found_groups)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
