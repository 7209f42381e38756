"""An epoch's check in the training process (``worker._check``), without a model.

    .venv/bin/python -m pytest tests/sleep/test_worker_check.py

The model's answers are given (``answer_all`` and the benchmark are replaced): what is
checked is which questions are asked and the verdict drawn from the answers.
"""

from __future__ import annotations

from mlx_core.lora_config import LoraConfig

import mlx.core as mx
import pytest

from daemon.sleep import worker
from daemon.sleep.benchmark import BenchmarkResult
from daemon.sleep.job import TrainJob

PROBE = [{"fact_id": i, "question": f"What is pet {i} called?", "expected": [f"Zuzu{i}"]}
         for i in range(1, 5)]


def _job() -> TrainJob:
    return TrainJob(model="m", cache_dir="c", device="cpu", out_dir="o", examples=[],
                    lora=LoraConfig(), benchmark_path=None, tolerance=0.9, system=None,
                    probe=PROBE)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """What the check asked: "benchmark" for the benchmark, the probe answers given."""
    calls: list[str] = []

    def benchmark(*_args) -> BenchmarkResult:
        calls.append("benchmark")
        return BenchmarkResult(0.95, [])

    monkeypatch.setattr(worker, "_ask_benchmark", benchmark)
    return calls


def _answers(monkeypatch, known: int) -> None:
    replies = [f"Pet {i} is called Zuzu{i}." if i <= known else "I don't know."
               for i in range(1, 5)]
    monkeypatch.setattr(worker, "answer_all", lambda *_a, **_k: replies)


def test_a_checkpoint_the_probe_rejects_is_not_asked_the_benchmark(monkeypatch, asked):
    _answers(monkeypatch, known=1)  # recall 0.25, below the probe's floor
    check = worker._check(None, _job(), [], 1.0, None, last=False)
    assert asked == [] and check["asked"] is False
    assert check["verdict"].status == "rejected"
    assert worker._summary(2, check).benchmark_after is None


def test_the_last_epoch_and_a_passing_probe_are_always_asked(monkeypatch, asked):
    _answers(monkeypatch, known=1)
    last = worker._check(None, _job(), [], 1.0, None, last=True)
    assert asked == ["benchmark"] and last["asked"] and last["verdict"].status == "rejected"
    _answers(monkeypatch, known=4)
    passing = worker._check(None, _job(), [], 1.0, None, last=False)
    assert asked == ["benchmark"] * 2 and passing["verdict"].status == "approved"
    assert worker._summary(1, passing).benchmark_after == 0.95


def test_the_result_records_every_checkpoint_asked_or_not(monkeypatch, asked):
    from mlx_core.train import TrainReport

    _answers(monkeypatch, known=1)
    early = worker._check(None, _job(), [], 1.0, None, last=False)
    _answers(monkeypatch, known=4)
    final = worker._check(None, _job(), [], 1.0, None, last=True)
    checkpoints = [{"epoch": 1, "check": early, "weights": None},
                   {"epoch": 2, "check": final, "weights": None}]
    report = TrainReport(steps=4, losses=[2.0, 1.0], seconds=1.0, tokens=40, epochs=2)
    result = worker._result(_job(), report, LoraConfig(), [], checkpoints, checkpoints[1],
                            [], 0.5, examples=8, replayed=None)
    assert [(c.epoch, c.benchmark_after) for c in result.validation.checkpoints or []] == [
        (1, None), (2, 0.95)]
    assert result.validation.approved and result.train.examples == 8


class _Weights:
    """Stands in for the model: remembers which checkpoint's weights it holds."""

    def __init__(self):
        self.epoch = None

    def update(self, tree: dict) -> None:
        self.epoch = int(tree["w"].item())


def _points(monkeypatch, known: list[int]) -> list[dict]:
    """Checkpoints after the recall probe alone; epoch e's probe recalls known[e-1] of 4."""
    points = []
    for epoch, k in enumerate(known, start=1):
        _answers(monkeypatch, known=k)
        points.append({"epoch": epoch, "weights": {"w": mx.array(epoch)},
                       "check": worker._probe_check(None, _job(), 1.0, None)})
    return points


def _choose(monkeypatch, known: list[int], scores: dict[int, float]):
    """Run the choice with benchmark score ``scores[epoch]``; return it and the epochs asked."""
    import types

    loaded = types.SimpleNamespace(model=_Weights())
    asked: list[int] = []

    def benchmark(held, *_args) -> BenchmarkResult:
        asked.append(held.model.epoch)
        return BenchmarkResult(scores[held.model.epoch], [])

    points = _points(monkeypatch, known)
    monkeypatch.setattr(worker, "_ask_benchmark", benchmark)
    chosen = worker._choose(loaded, _job(), [], 1.0, points)
    assert loaded.model.epoch == chosen["epoch"]  # the kept weights are left loaded
    return chosen, asked, [worker._summary(p["epoch"], p["check"]) for p in points]


def test_only_the_checkpoint_that_recalls_most_is_asked_the_benchmark(monkeypatch):
    chosen, asked, summaries = _choose(monkeypatch, [3, 4, 4], {1: 0.95, 2: 0.95, 3: 0.95})
    # A tie in recall goes to the later epoch; the others' benchmark is not needed.
    assert asked == [3] and chosen["epoch"] == 3
    assert [(s.status, s.benchmark_after) for s in summaries] == [
        ("not needed", None), ("not needed", None), ("approved", 0.95)]


def test_a_damaged_checkpoint_passes_the_choice_to_the_next_best(monkeypatch):
    chosen, asked, summaries = _choose(monkeypatch, [3, 4, 1], {1: 0.95, 2: 0.5, 3: 0.95})
    # Epoch 3's probe (1 of 4) is below the floor: never asked, never kept.
    assert asked == [2, 1] and chosen["epoch"] == 1
    assert [s.status for s in summaries] == ["approved", "rejected", "rejected"]
    assert summaries[2].benchmark_after is None


def test_with_none_approved_the_last_epoch_is_kept_with_its_benchmark(monkeypatch):
    chosen, asked, _ = _choose(monkeypatch, [1, 1, 1], {1: 0.95, 2: 0.95, 3: 0.95})
    assert asked == [3] and chosen["epoch"] == 3 and chosen["check"]["asked"]
    assert chosen["check"]["verdict"].status == "rejected"
    chosen, asked, _ = _choose(monkeypatch, [4, 4, 4], {1: 0.5, 2: 0.5, 3: 0.5})
    assert asked == [3, 2, 1] and chosen["epoch"] == 3
    assert chosen["check"]["verdict"].damaged  # its score decides the retry
