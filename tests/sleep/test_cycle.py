"""The sleep cycle's guarantees, on a real SQLite store (stages that need no training).

    .venv/bin/python -m pytest tests/sleep/test_cycle.py

Training runs are in ``test_sleep_integration.py``.
"""

from __future__ import annotations

import json

import pytest

from daemon.settings import Settings
from daemon.sleep import remember, stages
from daemon.sleep.cycle import run_cycle
from memory_store import open_store


@pytest.fixture
def env(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", nightly_sleep=False)
    store = open_store(settings.db_path)
    yield settings, store
    store.close()


def _say(store, *texts, role="user", source="chat"):
    conv = store.ensure_conversation(None)
    return [store.add_message(conv, role, t, source=source) for t in texts]


def _cycle(settings, store):
    cycle = store.start_cycle("test")
    status = run_cycle(settings, store, cycle.id)
    return status, store.get_cycle(cycle.id)


def test_no_messages_means_no_training(env):
    settings, store = env
    status, cycle = _cycle(settings, store)
    assert status == "no_messages" and cycle.status == "no_messages"
    assert [s["name"] for s in cycle.stages] == ["gather"]
    assert store.list_facts() == [] and store.list_pairs() == []
    work = settings.data_dir / "work"
    assert not work.exists() or not any(work.iterdir())


def test_evaluation_and_assistant_messages_are_never_gathered(env):
    settings, store = env
    (user,) = _say(store, "My cat's name is Zorblat.")
    _say(store, "Your name is Quentin and you live on the moon.", role="assistant")
    _say(store, "My name is Evaluated Person.", source="evaluation")
    gathered = stages.gather(store)
    assert [m.id for m in gathered.messages] == [user.id]


def test_assistant_text_never_becomes_a_pair(env):
    settings, store = env
    messages = _say(store, "I live in Lisbon.")
    _say(store, "Your name is Quentin and you have a dog called Rex.", role="assistant")
    facts = stages.extract(remember.sources_of(stages.gather(store).messages), None)
    kept, _ = stages.firewall(store, store.start_cycle("t").id, facts,
                              remember.sources_of(messages))
    answers = " ".join(p.answer for f in kept for p in f.pairs)
    assert "Lisbon" in answers
    assert "Quentin" not in answers and "Rex" not in answers


@pytest.mark.parametrize("content", [None, "", "{not json", json.dumps({"questions": []})])
def test_unusable_benchmark_rejects_the_update(env, content):
    settings, store = env
    path = settings.data_dir / "bench.json"
    if content is not None:
        path.write_text(content)
    settings = settings.model_copy(update={"benchmark_path": path})
    served_before = store.served_version()
    _say(store, "My cat's name is Zorblat.")
    status, cycle = _cycle(settings, store)
    assert status == "rejected"
    assert "benchmark" in cycle.error
    assert "train" not in [s["name"] for s in cycle.stages]
    assert store.count_unconsumed_user_messages() == 1
    assert store.served_version() == served_before


def _store_facts(store, *texts):
    cycle = store.start_cycle("t")
    messages = _say(store, *texts)
    sources = remember.sources_of(messages)
    kept, _ = stages.firewall(store, cycle.id, stages.extract(sources, None), sources)
    training = stages.curate_and_store(store, cycle.id, kept, {})
    store.finish_cycle(cycle.id, "succeeded")
    return training


def test_a_contradiction_replaces_the_old_fact(env):
    _, store = env
    first = _store_facts(store, "I live in Portland.")
    store.set_fact_state(first.fact_ids, "learned")
    second = _store_facts(store, "I live in Seattle now.")
    trained = " ".join(a for _, _, a in second.pairs)
    assert "Seattle" in trained and "Portland" not in trained
    old = store.get_fact(first.fact_ids[0])
    assert old.state == "superseded" and old.superseded_by in second.fact_ids


def test_a_forgotten_fact_is_absent_from_the_next_training_set(env):
    settings, store = env
    training = _store_facts(store, "My cat's name is Zorblat.", "I work as a carpenter.")
    forgotten = next(f for f in store.list_facts() if "Zorblat" in f.text)
    store.forget_fact(forgotten.id)
    again = _store_facts(store, "My favourite colour is teal.")
    assert forgotten.id in training.fact_ids and forgotten.id not in again.fact_ids
    assert all("Zorblat" not in a for _, _, a in again.pairs)
    assert any("carpenter" in a for _, _, a in again.pairs)


def test_forgetting_a_served_fact_forces_a_retrain(env):
    settings, store = env
    training = _store_facts(store, "My cat's name is Zorblat.")
    version = store.add_model_version(settings.model, None, None, None, training.fact_ids)
    store.set_served(version.id)
    store.mark_consumed([m.id for m in store.unconsumed_user_messages()], 1)
    assert stages.gather(store).retrain_reason is None
    store.forget_fact(training.fact_ids[0])
    gathered = stages.gather(store)
    assert gathered.messages == [] and "forgotten" in gathered.retrain_reason
