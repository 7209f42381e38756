"""The training process's typed result: JSON round trip, and the stored verdict's format.

    .venv/bin/python -m pytest tests/sleep/test_job.py
"""

from __future__ import annotations

import json

from mlx_core.lora_config import LoraConfig

import pytest

from daemon.sleep.benchmark import QuestionResult
from daemon.sleep.job import (
    BenchmarkFailure,
    Checkpoint,
    ProbeAnswer,
    TrainJob,
    TrainResult,
    Validation,
    WorkerFailure,
    WorkerResult,
    result_from_json,
)
from daemon.sleep.validate import Verdict


def _result() -> WorkerResult:
    verdict = Verdict("approved", 0.8, 0.76, 1.0, [], False)
    return WorkerResult(
        train=TrainResult(steps=6, losses=[2.5, 1.0], seconds=3.5, tokens=400,
                          tokens_per_second=114.3, examples=8, anchors=20, epochs_run=2,
                          epoch_chosen=2, lora=LoraConfig(layers=16)),
        validation=Validation.of_worker(
            verdict, 2, [Checkpoint(1, "rejected", 0.7, 0.5), Checkpoint(2, "approved", 0.76, 1.0)],
            [BenchmarkFailure("What is 2+2?", "5")],
            [ProbeAnswer("What is my cat called?", "Zorblat.", ["Zorblat"])]),
        validate_seconds=12.0, probe_answers=["Zorblat."],
        benchmark_after=[QuestionResult("q1", "What is 2+2?", "5", 0.0, False)],
        swap_probe_answers=["Zorblat.", "Paris."])


def test_a_worker_result_round_trips_through_json():
    result = _result()
    assert result_from_json(result.to_json()) == result
    assert WorkerResult.from_json(result.to_json()) == result
    failure = WorkerFailure("OSError: no space left")
    assert result_from_json(failure.to_json()) == failure


def test_the_result_file_keeps_its_shape():
    data = json.loads(_result().to_json())
    assert set(data) == {"train", "validation", "validate_seconds", "probe_answers",
                         "benchmark_after", "swap_probe_answers"}
    assert data["train"]["lora"] == LoraConfig(layers=16).to_dict()
    assert data["benchmark_after"] == [{"id": "q1", "question": "What is 2+2?", "answer": "5",
                                        "score": 0.0, "forbidden_hit": False}]


def test_the_stored_verdicts_are_the_dicts_stored_before():
    """The store's validation column reads as it did when these were plain dicts."""
    assert _result().validation.to_dict() == {
        "status": "approved", "benchmark_before": 0.8, "benchmark_after": 0.76,
        "recall_probe": 1.0, "reasons": [], "damaged": False, "epoch": 2,
        "checkpoints": [{"epoch": 1, "status": "rejected", "benchmark_after": 0.7,
                         "recall_probe": 0.5},
                        {"epoch": 2, "status": "approved", "benchmark_after": 0.76,
                         "recall_probe": 1.0}],
        "benchmark_failures": [{"question": "What is 2+2?", "answer": "5"}],
        "probe": [{"question": "What is my cat called?", "answer": "Zorblat.",
                   "expected": ["Zorblat"]}]}
    assert Validation.unusable_benchmark("validation benchmark unusable: x").to_dict() == {
        "status": "rejected", "reasons": ["validation benchmark unusable: x"],
        "benchmark_before": None, "benchmark_after": None, "damaged": False}
    assert Validation.base_model().to_dict() == {"status": "approved", "reasons": [],
                                                 "base_only": True}
    for verdict in (_result().validation, Validation.base_model(),
                    Validation.unusable_benchmark("r")):
        assert Validation.from_dict(verdict.to_dict()) == verdict


def test_unknown_keys_are_rejected(tmp_path):
    data = json.loads(_result().to_json())
    with pytest.raises(ValueError, match="unknown"):
        WorkerResult.from_dict({**data, "extra": 1})
    with pytest.raises(ValueError, match="unknown"):
        WorkerResult.from_dict({**data, "train": {**data["train"], "loss": 1.0}})
    job = TrainJob(model="embedded", cache_dir="c", device="cpu", out_dir="o", examples=[],
                   lora=LoraConfig(), benchmark_path=None, tolerance=0.9, system=None)
    job.save(tmp_path / "job.json")
    assert TrainJob.load(tmp_path / "job.json") == job
    (tmp_path / "job.json").write_text(json.dumps({**json.loads(
        (tmp_path / "job.json").read_text()), "lora": {"lora_rank": 8}}))
    with pytest.raises(ValueError, match="lora_rank"):
        TrainJob.load(tmp_path / "job.json")
