"""Which examples a night trains on top of the served adapter (``worker.plan_night``).

    .venv/bin/python -m pytest tests/sleep/test_night_plan.py

No model: the served model's answers to the recall probe are given.
"""

from __future__ import annotations

from dataclasses import replace

from mlx_core.lora_config import LoraConfig

from daemon.sleep.examples import make_fact_examples, make_probe
from daemon.sleep.job import TrainJob
from daemon.sleep.worker import plan_night

# Facts 1-8 are in the served weights, 9 and 10 are new; two pairs each.
PAIRS = [(f, q.format(n=f), a.format(n=f)) for f in range(1, 11)
         for q, a in [("What is the name of pet {n}?", "Pet {n} is called Zuzu{n}."),
                      ("What is pet {n} called?", "Pet {n} is called Zuzu{n}.")]]


def _job(share: float | None, served_key: str = "v1") -> TrainJob:
    examples, fact_ids = make_fact_examples(PAIRS, None, seed=0)
    probe = make_probe(PAIRS)
    return TrainJob(model="m", cache_dir="c", device="cpu", out_dir="o", examples=examples,
                    lora=LoraConfig(), benchmark_path=None, tolerance=0.9, system=None,
                    probe=probe, old_fact_ids=list(range(1, 9)), served_fact_ids=list(range(1, 9)),
                    served_adapter="served", served_key=served_key, example_fact_ids=fact_ids,
                    replay_share=share)


def _facts(job: TrainJob, examples: list[dict]) -> set[int]:
    by_example = {id(e): f for e, f in zip(job.examples, job.example_fact_ids, strict=True)}
    return {by_example[id(e)] for e in examples}


def _answers(missed: set[int]) -> list[str]:
    """The served model's answers to the old facts' probe: right except for ``missed``."""
    return ["I do not know." if f in missed else f"Pet {f} is called Zuzu{f}."
            for f in range(1, 9)]


def test_a_night_trains_new_facts_the_missed_ones_and_a_share_of_the_rest():
    job = _job(0.25)
    examples, replayed = plan_night(job, _answers({3, 5}))
    facts = _facts(job, examples)
    assert {9, 10, 3, 5} <= facts  # new, and no longer recalled by the served model
    assert len(facts - {9, 10, 3, 5}) == 2  # a quarter of the six still recalled
    assert replayed == 4
    assert len(examples) == 2 * len(facts)  # every pair of a chosen fact


def test_the_sample_is_redrawn_each_night_and_stable_on_a_retry():
    first = _job(0.25, "v1")
    again = _facts(first, plan_night(first, _answers(set()))[0])
    assert again == _facts(first, plan_night(replace(first), _answers(set()))[0])
    draws = {frozenset(_facts(j, plan_night(j, _answers(set()))[0]))
             for j in (_job(0.25, f"v{i}") for i in range(8))}
    assert len(draws) > 1


def test_share_none_or_unknown_facts_train_everything_from_the_base():
    job = _job(None)
    assert plan_night(job, _answers({1})) == (job.examples, None)
    unknown = replace(_job(0.25), example_fact_ids=[])
    assert plan_night(unknown, _answers(set())) == (unknown.examples, None)


def test_share_zero_and_one():
    job = _job(0.0)
    assert _facts(job, plan_night(job, _answers(set()))[0]) == {9, 10}
    job = _job(1.0)
    examples, replayed = plan_night(job, _answers(set()))
    assert len(examples) == len(job.examples) and replayed == 8


def test_a_night_starts_from_the_served_adapter_only_when_nothing_must_leave_it(tmp_path):
    from daemon.settings import Settings
    from daemon.sleep.stages import CycleContext
    from daemon.sleep.train_stage import replay_share
    from memory_store import open_store

    def share(**settings) -> float | None:
        ctx = CycleContext(Settings(data_dir=tmp_path / "data", **settings), store, 1, None,
                           None, lambda _event: None)
        return replay_share(ctx)

    store = open_store(Settings(data_dir=tmp_path / "data").db_path)
    facts = [store.add_fact(f"fact {i}", None, [], state="learned").id for i in range(3)]
    assert share(night_replay=0.25) is None  # nothing served yet
    store.add_model_version("embedded", None, None, None, [], status="served")
    assert share(night_replay=0.25) is None  # the bare base model
    store.add_model_version("embedded", "v2", "abc", None, facts[:2], status="served")
    assert share(night_replay=0.25) == 0.25
    assert share() is None  # the setting unset: every fact from the base model
    store.set_fact_state([facts[1]], "superseded")
    assert share(night_replay=0.25) == 0.25  # its successor is trained on top
    store.set_fact_state([facts[0]], "forgotten")
    assert share(night_replay=0.25) is None  # only a night from the base forgets it
    store.close()
