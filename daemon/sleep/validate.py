"""Validation of a trained candidate: general knowledge kept, new facts learned.

A candidate is approved only when the general-knowledge benchmark (:mod:`.benchmark`)
scores at least ``tolerance`` x the base model's score and the recall probe on the facts
being learned reaches ``min_recall``. It fails closed: a missing, empty or unreadable
benchmark raises ``BenchmarkError`` before any training is done, and the cycle records the
update as rejected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .benchmark import BenchmarkResult
from .questions import Question
from .scoring import score_answer

# Below this recall on its own facts a candidate learned too little to be worth serving.
MIN_PROBE_RECALL = 0.5


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

    def to_dict(self) -> dict:
        return asdict(self)


def score_probe(probe: list[dict], answers: list[str]) -> float:
    """Mean keyword score of ``answers`` to the recall probe (``question``/``expected``)."""
    if not probe:
        return 1.0
    scores = [score_answer(Question(p["question"], p["expected"], []), a).score
              for p, a in zip(probe, answers, strict=True)]
    return sum(scores) / len(scores)


def decide(before: BenchmarkResult, after: BenchmarkResult, recall_probe: float,
           tolerance: float, min_recall: float = MIN_PROBE_RECALL) -> Verdict:
    """Approve or reject a candidate from its scores."""
    reasons = []
    damaged = after.score < tolerance * before.score
    if damaged:
        reasons.append(f"general benchmark fell from {before.score:.2f} to {after.score:.2f} "
                       f"(needs >= {tolerance:.2f} x before)")
    if recall_probe < min_recall:
        reasons.append(f"recall probe {recall_probe:.2f} below {min_recall:.2f}")
    status = "rejected" if reasons else "approved"
    return Verdict(status, before.score, after.score, recall_probe, reasons, damaged)
