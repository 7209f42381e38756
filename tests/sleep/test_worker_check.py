"""An epoch's check in the training process (``worker._check``), without a model.

    .venv/bin/python -m pytest tests/sleep/test_worker_check.py

The model's answers are given (``answer_all`` and the benchmark are replaced): what is
checked is which questions are asked and the verdict drawn from the answers.
"""

from __future__ import annotations

from mlx_core.lora_config import LoraConfig

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
