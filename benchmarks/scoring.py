"""Keyword scoring of answers, implementing the rules of the persona README.

- ``expected`` is a list of groups; a group is a keyword or a list of alternatives and is
  found when any alternative matches.
- A keyword matches case-insensitively where it starts at a word boundary ("draw" matches
  "drawing", "art" does not match "start"). A keyword made only of digits must also end at
  a word boundary ("6" matches "6 years" and "6-year-old", not "16" or "60").
- A keyword of several words matches as a phrase; any run of whitespace in the answer
  matches the whitespace between its words ("golden retriever" matches "golden\\nretriever").
- Question score = groups found / groups. Precision = share of recall questions whose
  answer contains no forbidden keyword. Recall and generalization are mean scores over
  their questions; per-category recall is ``[sum of scores, number of questions]``.

"Starts at a word boundary" is taken as "not preceded by a letter, digit or underscore",
which equals regex ``\\b`` for keywords that start with a word character and still means
something sensible for ones that do not (".NET", "#1"). As the README says, a digit
keyword is only bounded by word characters: "6" does match "6.5".

Score a single answer from the shell::

    .venv/bin/python -m benchmarks.scoring "He is six, his name is Andre." "6|six" Andre

(each argument after the answer is one group; ``|`` separates alternatives).
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.persona import GENERALIZATION, RECALL, Question

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerScore:
    """How one answer scored: fraction of groups found and whether it said something forbidden.

    ``found_groups`` holds one bool per expected group; ``forbidden_found`` lists the
    forbidden keywords that matched (empty when ``forbidden_hit`` is False).
    """

    score: float
    forbidden_hit: bool
    found_groups: list[bool]
    forbidden_found: list[str] = field(default_factory=list)


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


@functools.lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    words = keyword.split()
    if not words:
        raise ValueError("keyword must contain a non-whitespace character")
    body = r"\s+".join(re.escape(word) for word in words)
    # Only all-digit keywords need a right boundary: "draw" must match "drawing",
    # but "6" must not match "60".
    tail = r"(?!\w)" if re.fullmatch(r"\d+", keyword.strip()) else ""
    return re.compile(rf"(?<!\w){body}{tail}", re.IGNORECASE)


def keyword_matches(keyword: str, text: str) -> bool:
    """True when ``keyword`` occurs in ``text`` under the README's matching rules."""
    return _keyword_pattern(keyword).search(text) is not None


def group_found(group: str | list[str], text: str) -> bool:
    """True when the keyword, or any alternative of a keyword list, matches ``text``."""
    alternatives = [group] if isinstance(group, str) else group
    return any(keyword_matches(keyword, text) for keyword in alternatives)


def score_answer(question: Question, answer: str) -> AnswerScore:
    """Score ``answer`` against the question's expected groups and forbidden keywords."""
    found = [group_found(group, answer) for group in question.expected]
    forbidden = [kw for kw in question.forbidden if keyword_matches(kw, answer)]
    score = sum(found) / len(found) if found else 0.0
    return AnswerScore(score=score, forbidden_hit=bool(forbidden), found_groups=found,
                       forbidden_found=forbidden)


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
