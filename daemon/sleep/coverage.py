"""Offline coverage of a persona by the extracted training pairs (no model needed).

    import json
    from daemon.sleep.coverage import extraction_coverage
    report = extraction_coverage(json.load(open("tests/data/personas/nurse_galway.json")))
    report["recall"]["share"], report["generalization"]["share"]

The persona's statements go, one user message each, through ``extract_facts`` and
``apply_firewall``. A benchmark question counts as covered when some kept pair
(1) has an answer holding every expected keyword group and no forbidden keyword,
scored as in shared/benchmarks/README.md, and (2) has a question sharing at least
``MIN_OVERLAP`` of the benchmark question's content words (stemmed, function words
dropped). It bounds what a model trained on the pairs can recall: a fact with no
pair close to the question is unlikely to be answered.

"nearest_ok" is stricter: the single pair whose question overlaps most (ties broken
by similarity of all words) must itself answer correctly, roughly what a small
model that recalls the closest training question would say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .extract import extract_facts
from .extract.lexicon import FUNCTION_WORDS
from .extract.textnorm import stem, words
from .firewall import apply_firewall
from .types import QAPair, SourceMessage

MIN_OVERLAP = 0.5
Group = str | list[str]


def keyword_found(keyword: str, text: str) -> bool:
    """Case-insensitive match starting at a word boundary; digits must also end at one."""
    pattern = r"(?<!\w)" + re.escape(keyword.strip())
    if keyword.strip().isdigit():
        pattern += r"(?!\d)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def group_found(group: Group, text: str) -> bool:
    alternatives = [group] if isinstance(group, str) else group
    return any(keyword_found(k, text) for k in alternatives)


def answer_score(answer: str, expected: list[Group]) -> float:
    """Share of expected keyword groups found in ``answer`` (1.0 when none expected)."""
    if not expected:
        return 1.0
    return sum(group_found(g, answer) for g in expected) / len(expected)


def forbidden_hit(answer: str, forbidden: list[str]) -> bool:
    return any(keyword_found(k, answer) for k in forbidden)


def content_words(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w.lower() not in FUNCTION_WORDS}


def question_overlap(asked: str, trained: str) -> float:
    """Share of the asked question's content words that the trained question contains."""
    wanted = content_words(asked)
    if not wanted:
        return 1.0
    return len(wanted & content_words(trained)) / len(wanted)


def word_jaccard(a: str, b: str) -> float:
    """Similarity of all words, question words included: breaks ties between overlaps."""
    wa, wb = {w.lower() for w in words(a)}, {w.lower() for w in words(b)}
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _check(item: dict[str, Any], pairs: list[QAPair]) -> dict[str, Any]:
    expected, forbidden = item.get("expected", []), item.get("forbidden", [])

    def correct(pair: QAPair) -> bool:
        return answer_score(pair.answer, expected) == 1.0 and not forbidden_hit(
            pair.answer, forbidden)

    asked = item["question"]
    scored = sorted(((question_overlap(asked, p.question), word_jaccard(asked, p.question), p)
                     for p in pairs), key=lambda t: (-t[0], -t[1]))
    covering = next(((o, p) for o, _, p in scored if o >= MIN_OVERLAP and correct(p)), None)
    nearest = scored[0][2] if scored else None
    return {
        "question": item["question"],
        "covered": covering is not None,
        "overlap": round(covering[0], 2) if covering else 0.0,
        "pair": (covering[1].question, covering[1].answer) if covering else None,
        "nearest": (nearest.question, nearest.answer) if nearest else None,
        "nearest_ok": nearest is not None and correct(nearest),
    }


def _share(results: list[dict[str, Any]], field: str = "covered") -> float:
    return round(sum(r[field] for r in results) / len(results), 3) if results else 0.0


def persona_messages(persona: dict[str, Any]) -> list[SourceMessage]:
    """The persona's statements as consecutive user messages, in file order."""
    statements = [s for cat in persona["categories"] for s in cat["statements"]]
    return [SourceMessage(i + 1, text) for i, text in enumerate(statements)]


def extraction_coverage(persona: dict[str, Any],
                        generate: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Run extract + firewall on a persona and check every benchmark question."""
    messages = persona_messages(persona)
    facts, rejections = apply_firewall(extract_facts(messages, generate), messages)
    pairs = [p for f in facts for p in f.pairs]
    recall = []
    for cat in persona["categories"]:
        for item in cat["recall_questions"]:
            recall.append({**_check(item, pairs), "kind": "recall", "category": cat["name"]})
    general = [{**_check(item, pairs), "kind": "generalization"}
               for item in persona.get("generalization_questions", [])]
    return {
        "persona": persona.get("name", ""),
        "facts": len(facts),
        "pairs": len(pairs),
        "rejected": len(rejections),
        "recall": {"share": _share(recall), "nearest_share": _share(recall, "nearest_ok"),
                   "covered": sum(r["covered"] for r in recall), "total": len(recall)},
        "generalization": {"share": _share(general),
                           "nearest_share": _share(general, "nearest_ok"),
                           "covered": sum(r["covered"] for r in general),
                           "total": len(general)},
        "questions": recall + general,
    }
