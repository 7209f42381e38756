"""Validation of a trained candidate: general knowledge kept, new and old facts recalled.

A candidate is approved only when

- the general-knowledge benchmark (:mod:`.benchmark`, 100 questions the base model
  answers, so one question is 1%) scores at least ``tolerance`` x the base model's score;
- the recall probe on every fact being trained reaches ``min_recall``;
- on the facts the served model already learned (:class:`OldRecall`), the candidate
  recalls at least as much as the served model, less ``old_tolerance`` (a share of those
  facts). Without it a sleep that learned the night's facts could be approved while it
  forgot earlier nights' ones (a second night once went from 6/7 to 3.5/7 on the first
  night's facts and was served).

It fails closed: a missing, empty or unreadable benchmark raises ``BenchmarkError``
before any training is done, and the cycle records the update as rejected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .benchmark import BenchmarkResult
from .questions import Question
from .scoring import score_answer

# Below this recall on its own facts a candidate learned too little to be worth serving.
MIN_PROBE_RECALL = 0.5


@dataclass(frozen=True)
class OldRecall:
    """Recall probe scores (mean, 0..1) on the facts the served model was trained on."""

    facts: int
    """How many already-learned facts were probed."""
    served: float
    """The served model's score on them (measured once per served version)."""
    after: float
    """The candidate's score on the same questions."""


@dataclass
class Verdict:
    status: str
    """'approved' or 'rejected'."""
    benchmark_before: float
    benchmark_after: float
    recall_probe: float
    reasons: list[str] = field(default_factory=list)
    damaged: bool = False
    """True when rejected for lost general knowledge (a lower learning rate may help)."""
    old_facts: int | None = None
    """Already-learned facts compared with the served model (None: no model had learned any)."""
    old_recall_served: float | None = None
    old_recall_after: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def score_probe(probe: list[dict], answers: list[str]) -> float:
    """Mean keyword score of ``answers`` to the recall probe (``question``/``expected``)."""
    if not probe:
        return 1.0
    scores = [score_answer(Question(p["question"], p["expected"], []), a).score
              for p, a in zip(probe, answers, strict=True)]
    return sum(scores) / len(scores)


def old_facts_reason(old: OldRecall, old_tolerance: float) -> str | None:
    """Why the candidate recalls the already-learned facts too poorly, or None."""
    if old.facts == 0 or old.after >= old.served - old_tolerance - 1e-9:
        return None
    n = old.facts
    return (f"already-learned facts recalled worse than the served model: "
            f"{old.after * n:.1f}/{n} against {old.served * n:.1f}/{n} "
            f"(may lose at most {old_tolerance * n:.1f})")


def decide(before: BenchmarkResult, after: BenchmarkResult, recall_probe: float,
           tolerance: float, min_recall: float = MIN_PROBE_RECALL,
           old: OldRecall | None = None, old_tolerance: float = 0.0) -> Verdict:
    """Approve or reject a candidate from its scores."""
    reasons = []
    damaged = after.score < tolerance * before.score
    if damaged:
        reasons.append(f"general benchmark fell from {before.score:.2f} to {after.score:.2f} "
                       f"(needs >= {tolerance:.2f} x before)")
    if recall_probe < min_recall:
        reasons.append(f"recall probe {recall_probe:.2f} below {min_recall:.2f}")
    forgot = old_facts_reason(old, old_tolerance) if old is not None else None
    if forgot:
        reasons.append(forgot)
    status = "rejected" if reasons else "approved"
    verdict = Verdict(status, before.score, after.score, recall_probe, reasons, damaged)
    if old is not None:
        verdict.old_facts, verdict.old_recall_served = old.facts, old.served
        verdict.old_recall_after = old.after
    return verdict
