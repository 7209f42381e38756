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
from dataclasses import replace
from pathlib import Path

import mlx_core  # noqa: F401
from mlx_core.device import make_device_plan
from mlx_core.loader import load_model
from mlx_core.lora_config import LoraConfig
from mlx_core.train import train_adapter

import pytest

from daemon.sleep.benchmark import load_benchmark
from daemon.sleep.examples import make_examples, make_fact_examples, make_probe
from daemon.sleep.job import TrainJob
from daemon.sleep.validate import score_probe
from daemon.sleep.worker import _ask_benchmark, _check, _served_old_answers, plan_night

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


SERVED_LORA = LoraConfig(layers=16, epochs=8, learning_rate=2e-4)


@pytest.fixture(scope="module")
def served_adapter(plan, tmp_path_factory) -> Path:
    loaded = load_model("embedded", CACHE, plan)
    out = tmp_path_factory.mktemp("served") / "adapter"
    examples = make_examples([(q, a) for _, q, a in PAIRS], None, seed=None)
    train_adapter(loaded, examples, SERVED_LORA, out)
    return out


def _job(tmp_path: Path, adapter: Path) -> TrainJob:
    return TrainJob(model="embedded", cache_dir=str(tmp_path), device="auto",
                    out_dir=str(tmp_path), examples=[], lora=LoraConfig(), benchmark_path=None,
                    tolerance=0.0, system=None, probe=make_probe(PAIRS), old_fact_ids=[1, 2],
                    served_adapter=str(adapter), served_key="test", old_tolerance=0.1)


def test_a_candidate_that_forgets_the_served_models_facts_is_rejected(
        plan, served_adapter, tmp_path) -> None:
    job = _job(tmp_path, served_adapter)
    served_old = _served_old_answers(job, plan, tmp_path / "cache.json")
    assert served_old is not None
    assert score_probe(job.probe, served_old) == 1.0  # the served weights answer both facts
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


def test_a_night_on_top_of_the_served_adapter_keeps_what_it_does_not_replay(
        plan, served_adapter, tmp_path) -> None:
    """The served weights recall both facts, so at replay share 0.5 the night trains the
    new one and one of them; starting from the served adapter, the candidate recalls all
    three. (At share 0 the new name took the tortoise's: "Your tortoise is called
    Ostrello." Same-shaped facts interfere, so some of them are always replayed.)"""
    new = [(3, "What is my kite called?", "Your kite is called Ostrello."),
           (3, "What is the name of my kite?", "Your kite's name is Ostrello.")]
    examples, fact_ids = make_fact_examples(PAIRS + new, None, seed=0)
    job = replace(_job(tmp_path, served_adapter), examples=examples, example_fact_ids=fact_ids,
                  served_fact_ids=[1, 2], replay_share=0.5, lora=SERVED_LORA,
                  probe=make_probe(PAIRS + new))
    served_old = _served_old_answers(job, plan, tmp_path / "cache.json")
    chosen, replayed = plan_night(job, served_old)
    assert replayed == 1 and len(chosen) == 4  # the new fact's two pairs, one old fact's
    loaded = load_model("embedded", CACHE, plan)
    train_adapter(loaded, chosen, SERVED_LORA, tmp_path / "night", init_adapter=served_adapter)
    check = _check(loaded, job, load_benchmark()[:4], 1.0, served_old)
    assert score_probe(job.probe, check["probe_answers"]) == 1.0, check["probe_answers"]
