"""The old-facts gate on the real embedded model, and the shipped benchmark's base score.

    .venv/bin/python -m pytest tests/sleep/test_old_facts_gate.py

A "served" adapter is trained on two invented facts (about a minute on a 2-core CPU);
the training process's own checks then compare candidates with it: the bare base model
(which never learned the facts) is rejected for forgetting them, the served weights
themselves pass. The benchmark test asks all 100 questions of the base model as one
batch, the way every sleep's validation asks them.
"""

from __future__ import annotations

import os
from pathlib import Path

import mlx_core  # noqa: F401
from mlx_core.device import make_device_plan
from mlx_core.loader import load_model
from mlx_core.lora_config import LoraConfig
from mlx_core.train import train_adapter

import pytest

from daemon.sleep.benchmark import load_benchmark
from daemon.sleep.examples import make_examples, make_probe
from daemon.sleep.job import TrainJob
from daemon.sleep.worker import _ask_benchmark, _check, _served_old_recall

pytestmark = pytest.mark.integration

CACHE = Path(os.environ.get("SLEEPLLM_CACHE_DIR", Path.home() / ".cache" / "sleepllm"))
# Invented facts the base model cannot know (none of them in the seed persona).
PAIRS = [(1, "What is my tortoise called?", "Your tortoise is called Quenby."),
         (1, "What is the name of my tortoise?", "Your tortoise's name is Quenby."),
         (2, "Which town do I sail from?", "You sail from Marrowick."),
         (2, "Where is my boat moored?", "Your boat is moored at Marrowick.")]


@pytest.fixture(scope="module")
def plan():
    return make_device_plan("auto")


@pytest.fixture(scope="module")
def served_adapter(plan, tmp_path_factory) -> Path:
    loaded = load_model("embedded", CACHE, plan)
    out = tmp_path_factory.mktemp("served") / "adapter"
    examples = make_examples([(q, a) for _, q, a in PAIRS], None, seed=None)
    train_adapter(loaded, examples, LoraConfig(layers=16, epochs=8, learning_rate=2e-4), out)
    return out


def _job(tmp_path: Path, adapter: Path) -> TrainJob:
    return TrainJob(model="embedded", cache_dir=str(tmp_path), device="auto",
                    out_dir=str(tmp_path), examples=[], lora=LoraConfig(), benchmark_path=None,
                    tolerance=0.0, system=None, probe=make_probe(PAIRS), old_fact_ids=[1, 2],
                    served_adapter=str(adapter), served_key="test", old_tolerance=0.1)


def test_a_candidate_that_forgets_the_served_models_facts_is_rejected(
        plan, served_adapter, tmp_path) -> None:
    job = _job(tmp_path, served_adapter)
    served_old = _served_old_recall(job, plan, tmp_path / "cache.json")
    assert served_old == 1.0  # the served weights answer both facts
    questions = load_benchmark()[:4]
    base = load_model("embedded", CACHE, plan)
    forgot = _check(base, job, questions, 1.0, served_old)["verdict"]
    assert forgot.status == "rejected", forgot
    assert forgot.old_facts == 2 and forgot.old_recall_after < 0.5
    assert any(r.startswith("already-learned facts recalled worse than the served model")
               for r in forgot.reasons)
    served = load_model("embedded", CACHE, plan, adapter_path=served_adapter)
    kept = _check(served, job, questions, 1.0, served_old)["verdict"]
    assert kept.status == "approved", kept.reasons
    assert kept.old_recall_after == 1.0


@pytest.mark.slow
def test_the_base_model_answers_every_benchmark_question(plan, tmp_path) -> None:
    """Slow: 100 greedy answers of 64 tokens take 1-2 minutes on a 2-core CPU."""
    questions = load_benchmark()
    assert len(questions) >= 100
    base = load_model("embedded", CACHE, plan)
    result = _ask_benchmark(base, _job(tmp_path, tmp_path), questions)
    missed = [(r.id, r.answer) for r in result.per_question if r.score < 1.0]
    assert result.score == 1.0, missed
