"""The approval rule of a trained candidate (daemon.sleep.validate.decide), from scores alone.

    .venv/bin/python -m pytest tests/sleep/test_validate.py
"""

from __future__ import annotations

from daemon.sleep.benchmark import BenchmarkResult
from daemon.sleep.job import Checkpoint, Validation
from daemon.sleep.validate import OldRecall, decide


def _bench(score: float) -> BenchmarkResult:
    return BenchmarkResult(score, [])


def test_keeping_general_knowledge_and_recalling_new_facts_is_approved() -> None:
    verdict = decide(_bench(1.0), _bench(0.93), 0.9, tolerance=0.9)
    assert verdict.status == "approved" and verdict.reasons == []
    assert verdict.old_facts is None  # no model had learned facts before


def test_losing_more_than_the_tolerance_of_the_benchmark_is_rejected_as_damage() -> None:
    # 100 questions: 0.9 of the base lets a candidate miss 10 of them, not 11.
    assert decide(_bench(1.0), _bench(0.90), 1.0, tolerance=0.9).status == "approved"
    verdict = decide(_bench(1.0), _bench(0.89), 1.0, tolerance=0.9)
    assert verdict.status == "rejected" and verdict.damaged
    assert "general benchmark fell from 1.00 to 0.89" in verdict.reasons[0]


def test_forgetting_what_the_served_model_knew_is_rejected_with_that_reason() -> None:
    # Ten old facts: the served model recalls 8, the candidate 6 (two lost, one allowed).
    old = OldRecall(facts=10, served=0.8, after=0.6)
    verdict = decide(_bench(1.0), _bench(0.95), 1.0, tolerance=0.9, old=old, old_tolerance=0.1)
    assert verdict.status == "rejected"
    assert not verdict.damaged  # not for general knowledge: no retry at a lower rate
    assert verdict.reasons == ["already-learned facts recalled worse than the served model: "
                               "6.0/10 against 8.0/10 (may lose at most 1.0)"]
    assert (verdict.old_facts, verdict.old_recall_served, verdict.old_recall_after) == \
        (10, 0.8, 0.6)


def test_keeping_what_the_served_model_knew_within_the_tolerance_is_approved() -> None:
    for after in (0.7, 0.8, 1.0):  # one lost (allowed), none lost, more recalled
        old = OldRecall(facts=10, served=0.8, after=after)
        verdict = decide(_bench(1.0), _bench(0.95), 1.0, tolerance=0.9, old=old,
                         old_tolerance=0.1)
        assert verdict.status == "approved", (after, verdict.reasons)
    strict = decide(_bench(1.0), _bench(0.95), 1.0, tolerance=0.9,
                    old=OldRecall(10, 0.8, 0.7), old_tolerance=0.0)
    assert strict.status == "rejected"


def test_every_failed_check_is_named() -> None:
    verdict = decide(_bench(1.0), _bench(0.5), 0.2, tolerance=0.9,
                     old=OldRecall(4, 1.0, 0.25), old_tolerance=0.1)
    assert verdict.status == "rejected" and len(verdict.reasons) == 3


def test_the_stored_verdict_keeps_the_old_facts_comparison() -> None:
    verdict = decide(_bench(1.0), _bench(0.95), 1.0, tolerance=0.9,
                     old=OldRecall(7, 6 / 7, 3.5 / 7), old_tolerance=0.1)
    stored = Validation.of_worker(verdict, 2, [Checkpoint(2, verdict.status, 0.95, 1.0)], [], [])
    data = stored.to_dict()
    assert data["old_facts"] == 7 and data["status"] == "rejected"
    assert "3.5/7 against 6.0/7" in data["reasons"][0]
    assert Validation.from_dict(data) == stored


def test_the_job_compares_only_facts_the_served_weights_were_trained_on(tmp_path) -> None:
    from daemon.settings import Settings
    from daemon.sleep.stages import CycleContext
    from daemon.sleep.train_stage import served_old_facts
    from memory_store import open_store

    settings = Settings(data_dir=tmp_path / "data", old_facts_tolerance=0.2)
    store = open_store(settings.db_path)
    ctx = CycleContext(settings, store, 1, None, None, lambda _event: None)
    probe = [{"fact_id": 1, "question": "a?", "expected": ["A"]},
             {"fact_id": 2, "question": "b?", "expected": ["B"]},
             {"fact_id": 3, "question": "c?", "expected": ["C"]}]
    assert served_old_facts(ctx, probe) == {}  # nothing served yet: no old facts
    store.add_model_version(settings.model, None, None, None, [], status="served")
    assert served_old_facts(ctx, probe) == {}  # the bare base model learned nothing
    store.add_model_version(settings.model, "v2", "abc", None, [1, 3, 9], status="served")
    job = served_old_facts(ctx, probe)
    assert job["old_fact_ids"] == [1, 3]  # fact 9 is no longer remembered (not probed)
    assert job["served_key"] == "abc" and job["served_adapter"].endswith("v2")
    assert job["old_tolerance"] == 0.2
    store.close()
