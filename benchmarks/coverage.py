"""Offline coverage of a persona or conversation by the extracted training pairs (no model).

    .venv/bin/python -m benchmarks.coverage tests/data/conversations/dev/*.json

    from benchmarks.coverage import extraction_coverage
    from benchmarks.persona import load_persona
    report = extraction_coverage(load_persona("tests/data/personas/nurse_galway.json"))
    report["recall"]["share"], report["wrong_facts"]

The file's messages go through ``extract_facts`` and ``apply_firewall`` as a sleep would
send them: in sending order, each with its conversation and send time. A benchmark
question counts as covered when some kept pair (1) has an answer holding every expected
keyword group and no forbidden keyword (``daemon.sleep.scoring``, the scorer of the real
experiment), and (2) has a question sharing at least ``MIN_OVERLAP`` of the benchmark
question's content words (stemmed, function words dropped). It bounds what a model
trained on the pairs can recall.

"nearest_ok" is stricter: the single pair whose question overlaps most (ties broken by
similarity of all words) must itself answer correctly.

Wrong facts are the file's ``wrong_facts``: a kept answer holding every keyword group of
one and none of its ``unless`` words (a negation, a claim someone else made, a wish, an
old value, a pronoun on the wrong person). ``no_fact_leaks`` are kept facts drawn only
from messages marked ``no_fact``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import Any

from benchmarks.persona import Persona, Question, load_persona, sent_times, told_in_order
from daemon.sleep.extract import extract_facts
from daemon.sleep.extract.textnorm import content_stems, words
from daemon.sleep.firewall import apply_firewall
from daemon.sleep.scoring import group_found, keyword_matches, score_answer
from daemon.sleep.types import ExtractedFact, QAPair, SourceMessage

log = logging.getLogger(__name__)

MIN_OVERLAP = 0.5


def question_overlap(asked: str, trained: str) -> float:
    """Share of the asked question's content words that the trained question contains."""
    wanted = content_stems(asked)
    if not wanted:
        return 1.0
    return len(wanted & content_stems(trained)) / len(wanted)


def word_jaccard(a: str, b: str) -> float:
    """Similarity of all words, question words included: breaks ties between overlaps."""
    wa, wb = {w.lower() for w in words(a)}, {w.lower() for w in words(b)}
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _check(item: Question, pairs: list[QAPair]) -> dict[str, Any]:
    def correct(pair: QAPair) -> bool:
        score = score_answer(item, pair.answer)
        return score.score == 1.0 and not score.forbidden_hit

    asked = item.question
    scored = sorted(((question_overlap(asked, p.question), word_jaccard(asked, p.question), p)
                     for p in pairs), key=lambda t: (-t[0], -t[1]))
    covering = next(((o, p) for o, _, p in scored if o >= MIN_OVERLAP and correct(p)), None)
    nearest = scored[0][2] if scored else None
    return {
        "question": asked,
        "covered": covering is not None,
        "overlap": round(covering[0], 2) if covering else 0.0,
        "pair": (covering[1].question, covering[1].answer) if covering else None,
        "nearest": (nearest.question, nearest.answer) if nearest else None,
        "nearest_ok": nearest is not None and correct(nearest),
    }


def _share(results: list[dict[str, Any]], field: str = "covered") -> float:
    return round(sum(r[field] for r in results) / len(results), 3) if results else 0.0


def persona_messages(persona: Persona) -> list[SourceMessage]:
    """The file's messages as a sleep gathers them: sending order, conversation, time."""
    told = told_in_order(persona.categories)
    return [SourceMessage(i, s.text, s.conversation, at)
            for i, (s, at) in enumerate(zip(told, sent_times(persona, told), strict=True), 1)]


def wrong_facts(persona: Persona, facts: list[ExtractedFact]) -> list[dict[str, str]]:
    """Kept answers that assert one of the file's wrong facts."""
    out = []
    for wrong in persona.wrong_facts:
        for fact in facts:
            for pair in fact.pairs:
                if all(group_found(g, pair.answer) for g in wrong.keywords) and not any(
                        keyword_matches(k, pair.answer) for k in wrong.unless):
                    out.append({"note": wrong.note, "question": pair.question,
                                "answer": pair.answer})
    return out


def no_fact_leaks(persona: Persona, messages: list[SourceMessage],
                  facts: list[ExtractedFact]) -> list[str]:
    """Kept facts whose every source is a message marked as stating no fact."""
    told = told_in_order(persona.categories)
    silent = {m.id for m, s in zip(messages, told, strict=True) if s.no_fact}
    return [f.text for f in facts if f.source_message_ids
            and set(f.source_message_ids) <= silent]


def extraction_coverage(persona: Persona,
                        generate: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Run extract + firewall on a persona and check every benchmark question."""
    messages = persona_messages(persona)
    facts, rejections = apply_firewall(extract_facts(messages, generate), messages)
    pairs = [p for f in facts for p in f.pairs]
    recall = [{**_check(item, pairs), "kind": "recall", "category": cat.name}
              for cat in persona.categories for item in cat.recall_questions]
    general = [{**_check(item, pairs), "kind": "generalization"}
               for item in persona.generalization_questions]
    return {
        "persona": persona.name,
        "facts": len(facts),
        "pairs": len(pairs),
        "rejected": len(rejections),
        "recall": {"share": _share(recall), "nearest_share": _share(recall, "nearest_ok"),
                   "covered": sum(r["covered"] for r in recall), "total": len(recall)},
        "generalization": {"share": _share(general),
                           "nearest_share": _share(general, "nearest_ok"),
                           "covered": sum(r["covered"] for r in general),
                           "total": len(general)},
        "wrong_facts": wrong_facts(persona, facts),
        "no_fact_leaks": no_fact_leaks(persona, messages, facts),
        "questions": recall + general,
    }


def main(argv: list[str] | None = None) -> int:
    """Print one row per file (and, with --verbose, every missed question and wrong fact)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="persona or conversation files")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list missed questions, wrong facts and leaks")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows, recalls = [], []
    for path in args.files:
        report = extraction_coverage(load_persona(path))
        recalls.append(report["recall"]["share"])
        rows.append(f"| {report['persona']} | {report['recall']['covered']}/"
                    f"{report['recall']['total']} = {report['recall']['share']:.2f} | "
                    f"{report['generalization']['share']:.2f} | {len(report['wrong_facts'])} | "
                    f"{len(report['no_fact_leaks'])} |")
        if args.verbose:
            for q in report["questions"]:
                if not q["covered"]:
                    rows.append(f"|   missed: {q['question']} | nearest: {q['nearest']} |||")
            for w in report["wrong_facts"]:
                rows.append(f"|   WRONG ({w['note']}): {w['question']} -> {w['answer']} |||")
            for leak in report["no_fact_leaks"]:
                rows.append(f"|   leak: {leak} |||")
    print("| file | recall coverage | generalization | wrong facts | no-fact leaks |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"mean recall coverage: {sum(recalls) / len(recalls):.3f} over {len(recalls)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
