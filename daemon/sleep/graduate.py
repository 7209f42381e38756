"""Graduation: after a swap, which facts do the new weights answer with no prompt memory?

    from daemon.sleep.graduate import graduate
    graduate(store, settings, ask, training)   # ask: questions -> greedy answers

Each trained fact's key question (its first training pair) is asked of the served model
greedily, in a fresh conversation, with no wake memory. An answer that carries the
fact's value (the content words of its trained answer that the question does not
already hold) is a pass; after ``graduation_passes`` passes in a row the fact graduates
and leaves the wake memory. A miss sends a graduated fact back into it, to be trained
again with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from memory_store import MemoryStore

from ..settings import Settings
from .curate import value_words
from .extract.summaries import is_derived

# Questions per engine job: a chat request waits at most for one batch.
BATCH = 8


@dataclass(frozen=True)
class Graduation:
    asked: int
    passed: list[int]
    graduated: list[int]


def recalls(question: str, expected: str, answer: str) -> bool:
    """Whether ``answer`` gives what ``expected`` says beyond the question's own words."""
    wanted = value_words(expected) - value_words(question)
    return bool(wanted) and wanted <= value_words(answer)


def graduate(store: MemoryStore, settings: Settings, ask: Callable[[list[str]], list[str]],
             pairs: list[tuple[int, str, str]]) -> Graduation:
    """Probe the trained facts of ``pairs`` ((fact id, question, answer), best first)."""
    key_pair: dict[int, tuple[str, str]] = {}
    for fact_id, question, answer in pairs:
        key_pair.setdefault(fact_id, (question, answer))
    facts = [f for f in store.list_facts(["learned", "graduated"])
             if f.id in key_pair and not is_derived(f.key or "")]
    questions = [key_pair[f.id][0] for f in facts]
    answers: list[str] = []
    for start in range(0, len(questions), BATCH):
        answers += ask(questions[start:start + BATCH])
    passed = [f.id for f, got in zip(facts, answers, strict=True)
              if recalls(key_pair[f.id][0], key_pair[f.id][1], got)]
    failed = sorted({f.id for f in facts} - set(passed))
    graduated = store.record_graduation(passed, failed, settings.graduation_passes)
    return Graduation(len(facts), passed, graduated)
