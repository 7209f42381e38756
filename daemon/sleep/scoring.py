"""Keyword scoring of answers: the rules the validation gate and the benchmarks share.

- ``expected`` is a list of groups; a group is a keyword or a list of alternatives and is
  found when any alternative matches.
- A keyword matches case-insensitively where it starts at a word boundary ("draw" matches
  "drawing", "art" does not match "start"). A keyword made only of digits must also end at
  a word boundary ("6" matches "6 years" and "6-year-old", not "16" or "60").
- A keyword of several words matches as a phrase; any run of whitespace in the answer
  matches the whitespace between its words ("golden retriever" matches "golden\\nretriever").
- Question score = groups found / groups (0 for a question with no groups).

"Starts at a word boundary" is taken as "not preceded by a letter, digit or underscore",
which equals regex ``\\b`` for keywords that start with a word character and still means
something sensible for ones that do not (".NET", "#1"). A digit keyword is only bounded by
word characters: "6" does match "6.5".

The sleep cycle scores its general benchmark and recall probe with :func:`score_answer`;
``benchmarks.scoring`` builds run summaries on it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .questions import Question


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
