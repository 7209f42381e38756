"""What a sleep cycle and its training process exchange: the job in, the result out.

The cycle writes a :class:`TrainJob` as JSON and starts :mod:`.worker` on it; the worker
writes a :class:`WorkerResult` (or a :class:`WorkerFailure`) to ``result.json`` next to
the job (``to_json``), and the cycle reads it back with :func:`read_result`. Every record is a
dataclass with ``to_dict``/``from_dict``; reading rejects keys it does not know, so a
writer and a reader that disagree fail loudly instead of dropping a value.

:class:`Validation` is also what the store keeps with the cycle (a JSON column): its
``to_dict`` is the stored format, unchanged from when it was a plain dict.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from mlx_core.lora_config import LoraConfig

from .benchmark import QuestionResult
from .validate import Verdict

RESULT_FILE = "result.json"


def _checked(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` if it names only fields of the dataclass ``cls``."""
    unknown = sorted(set(data) - {f.name for f in fields(cls)})
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown keys {', '.join(unknown)}")
    return data


@dataclass
class TrainJob:
    """Everything the training process needs: model, examples, LoRA settings, checks."""

    model: str
    cache_dir: str
    device: str
    out_dir: str
    examples: list[dict]
    lora: LoraConfig
    benchmark_path: str | None
    tolerance: float
    system: str | None
    probe: list[dict] = field(default_factory=list)
    swap_probe: list[str] = field(default_factory=list)
    old_fact_ids: list[int] = field(default_factory=list)
    """Probed facts the served model was trained on: the candidate must recall them as well."""
    served_adapter: str | None = None
    """The served version's adapter folder (None: the base model is served)."""
    served_key: str = ""
    """What identifies the served weights (the adapter's checksum), to cache their answers."""
    old_tolerance: float = 0.0
    """Share of the already-learned facts the candidate may recall fewer than the served."""
    example_fact_ids: list[int] = field(default_factory=list)
    """The fact each example teaches (parallel to ``examples``; empty: not known)."""
    served_fact_ids: list[int] = field(default_factory=list)
    """Every fact the served weights were trained on (probed or not)."""
    replay_share: float | None = None
    """None: train every example from the base model. Otherwise start from the served
    adapter and train the new facts, the served facts it no longer recalls, and this
    share of the ones it still does (sampled anew each night)."""

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def load(cls, path: Path) -> TrainJob:
        data = _checked(cls, json.loads(path.read_text()))
        return cls(**{**data, "lora": LoraConfig.from_dict(data["lora"])})


@dataclass
class TrainResult:
    """How training went (the cycle records all but the losses with its train stage)."""

    steps: int
    losses: list[float]
    seconds: float
    tokens: int
    tokens_per_second: float
    examples: int
    anchors: int
    """Everyday conversations the distillation loss kept the base model's answers on."""
    epochs_run: int
    epoch_chosen: int
    """The epoch whose adapter weights were kept (see the worker's checkpoint choice)."""
    lora: LoraConfig
    replayed: int | None = None
    """Already-learned facts trained again on top of the served adapter (None: trained
    from the base model on every fact)."""

    def record(self) -> dict[str, Any]:
        """The train stage's detail: everything but the losses, and the final loss."""
        out = {k: v for k, v in asdict(self).items() if k != "losses"}
        return {**out, "final_loss": self.losses[-1]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainResult:
        data = _checked(cls, data)
        return cls(**{**data, "lora": LoraConfig.from_dict(data["lora"])})


NOT_NEEDED = "not needed"


@dataclass
class Checkpoint:
    """The checks at the end of one epoch."""

    epoch: int
    status: str
    """approved, rejected, or NOT_NEEDED (the recall probe passed, but a checkpoint that
    recalls as much or more was approved first)."""
    benchmark_after: float | None
    """None: not asked (rejected by the recall probe alone, or not needed)."""
    recall_probe: float


@dataclass
class BenchmarkFailure:
    """A benchmark question the candidate missed, with its answer (cut to 160 chars)."""

    question: str
    answer: str


@dataclass
class ProbeAnswer:
    """A recall-probe question, the candidate's answer (cut to 160 chars) and the keywords."""

    question: str
    answer: str
    expected: list[str]


# Worker details a verdict given without training lacks, and the scores a base-only one lacks.
_DETAILS = ("recall_probe", "epoch", "checkpoints", "benchmark_failures", "probe",
            "old_facts", "old_recall_served", "old_recall_after")
_SCORES = ("benchmark_before", "benchmark_after", "damaged")


@dataclass
class Validation:
    """The verdict on an update, as the cycle records and stores it.

    Three kinds: the worker's (scores, the chosen epoch, every checkpoint, what was
    missed), a rejection before training (the benchmark is unusable: no scores), and the
    approval of the bare base model when every fact was forgotten (``base_only``).
    """

    status: str
    """'approved' or 'rejected'."""
    benchmark_before: float | None = None
    benchmark_after: float | None = None
    recall_probe: float | None = None
    reasons: list[str] = field(default_factory=list)
    damaged: bool = False
    """Rejected for lost general knowledge (a lower learning rate may help)."""
    epoch: int | None = None
    checkpoints: list[Checkpoint] | None = None
    benchmark_failures: list[BenchmarkFailure] | None = None
    probe: list[ProbeAnswer] | None = None
    base_only: bool = False
    old_facts: int | None = None
    """Already-learned facts compared with the served model (none when no model had any)."""
    old_recall_served: float | None = None
    old_recall_after: float | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    @classmethod
    def of_worker(cls, verdict: Verdict, epoch: int, checkpoints: list[Checkpoint],
                  benchmark_failures: list[BenchmarkFailure],
                  probe: list[ProbeAnswer]) -> Validation:
        return cls(**verdict.to_dict(), epoch=epoch, checkpoints=checkpoints,
                   benchmark_failures=benchmark_failures, probe=probe)

    @classmethod
    def unusable_benchmark(cls, reason: str) -> Validation:
        return cls("rejected", reasons=[reason])

    @classmethod
    def base_model(cls) -> Validation:
        return cls("approved", base_only=True)

    def to_dict(self) -> dict[str, Any]:
        """The stored format: the fields this kind of verdict has."""
        out = asdict(self)
        for key in _DETAILS:
            if out[key] is None:
                del out[key]
        if self.base_only:
            for key in _SCORES:
                del out[key]
        else:
            del out["base_only"]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Validation:
        data = dict(_checked(cls, data))
        for key, kind in (("checkpoints", Checkpoint), ("benchmark_failures", BenchmarkFailure),
                          ("probe", ProbeAnswer)):
            if data.get(key) is not None:
                data[key] = [kind(**_checked(kind, item)) for item in data[key]]
        return cls(**data)


@dataclass
class WorkerResult:
    """What a training run produced: the training, the verdict and the answers behind it."""

    train: TrainResult
    validation: Validation
    validate_seconds: float
    """Seconds the worker spent on checks (benchmark, probe), not training."""
    probe_answers: list[str]
    benchmark_after: list[QuestionResult]
    swap_probe_answers: list[str]
    """The chosen candidate's answers to the swap probe, re-asked after the swap."""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "validation": self.validation.to_dict()}

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, text: str) -> WorkerResult:
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkerResult:
        data = _checked(cls, data)
        return cls(**{**data, "train": TrainResult.from_dict(data["train"]),
                      "validation": Validation.from_dict(data["validation"]),
                      "benchmark_after": [QuestionResult(**_checked(QuestionResult, r))
                                          for r in data["benchmark_after"]]})


@dataclass
class WorkerFailure:
    """The training run failed; ``error`` says why (exception type and message)."""

    error: str

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def result_from_json(text: str) -> WorkerResult | WorkerFailure:
    """A result file's record: the run's result, or why it failed."""
    data = json.loads(text)
    if "error" in data:
        return WorkerFailure(**_checked(WorkerFailure, data))
    return WorkerResult.from_dict(data)


def read_result(path: Path) -> WorkerResult | WorkerFailure:
    return result_from_json(path.read_text())
