"""Reliability of the sleep cycle's end, without training: the swap commits everything or
nothing, a crashed cycle's leftovers are cleared at start-up, housekeeping never undoes a
committed cycle, the validation cache shared by training processes survives damage.

A cycle with nothing to train on (no facts) still runs fuse and swap on the base model,
so these tests run real ``run_cycle`` calls on a tiny random-weight model
(``tests/tiny.py``, served from a folder as ``settings.model``) in well under a second
each.

    .venv/bin/python -m pytest tests/sleep/test_reliability.py -q
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from daemon.engine import ChatEngine, ModelSlot
from daemon.settings import Settings
from daemon.sleep import cycle as cycle_module
from daemon.sleep.cycle import run_cycle
from daemon.sleep.stages import CycleContext, swap
from daemon.sleep.versions import base_version, discard_unfinished, prune_versions
from memory_store import StoreError, open_store
from tests.daemon_proc import check_store_invariants
from tests.tiny import make_tiny


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny") / "model"
    make_tiny(folder)
    return folder


@pytest.fixture
def env(tmp_path: Path, tiny_folder: Path):
    settings = Settings(data_dir=tmp_path / "data", model=str(tiny_folder), device="cpu",
                        nightly_sleep=False)
    with open_store(settings.db_path) as store:
        base = base_version(settings, store)
        store.set_served(base.id)
        # A served version with an adapter, so that a cycle serving the base is a change.
        older = store.add_model_version(settings.model, "v99", "0" * 64, None, [])
        (settings.models_dir / "v99").mkdir(parents=True)
        store.set_served(older.id)
        conv = store.ensure_conversation("reliability")
        store.add_message(conv, "user", "Hello there.")  # nothing to learn: no training
        yield settings, store, older.id


def test_a_cycle_with_nothing_to_learn_serves_the_base_and_consumes(env: Any) -> None:
    settings, store, _ = env
    cycle = store.start_cycle("test")
    assert run_cycle(settings, store, cycle.id) == "succeeded", store.get_cycle(cycle.id).error
    assert store.served_version().id == base_version(settings, store).id
    assert store.count_unconsumed_user_messages() == 0
    check_store_invariants(store, settings.data_dir)


def test_a_failing_commit_leaves_nothing_half_written(env: Any, monkeypatch) -> None:
    settings, store, served = env
    real = store.finish_cycle

    def finish(cycle_id: int, status: str, **kw: Any) -> Any:
        if status == "succeeded":  # inside the swap's transaction, after mark_consumed
            raise StoreError("database or disk is full")
        return real(cycle_id, status, **kw)

    monkeypatch.setattr(store, "finish_cycle", finish)
    cycle = store.start_cycle("test")
    assert run_cycle(settings, store, cycle.id) == "failed"
    record = store.get_cycle(cycle.id)
    assert "disk is full" in record.error
    assert store.served_version().id == served
    assert store.count_unconsumed_user_messages() == 1  # mark_consumed was rolled back
    check_store_invariants(store, settings.data_dir)


def test_a_failing_commit_swaps_the_engine_back(env: Any, tiny_folder: Path) -> None:
    settings, store, served = env
    old, new = make_tiny(tiny_folder.parent / "old"), make_tiny(tiny_folder.parent / "new")
    engine = ChatEngine(ModelSlot(old, served))
    try:
        cycle = store.start_cycle("test")
        ctx = CycleContext(settings, store, cycle.id, engine, None, lambda event: None)
        ctx.outcome["base_only"] = True  # no probe questions to ask
        version = base_version(settings, store)

        def commit() -> None:
            raise StoreError("database is busy")

        with pytest.raises(StoreError):
            swap(ctx, version, new, [], {}, commit)
        assert engine.slot.get() == (old, served)
        assert store.served_version().id == served
    finally:
        engine.close()


def test_housekeeping_failing_after_the_commit_keeps_the_cycle_succeeded(
        env: Any, monkeypatch) -> None:
    settings, store, _ = env

    def broken_prune(*args: Any) -> list[int]:
        raise OSError("permission denied")

    monkeypatch.setattr(cycle_module, "prune_versions", broken_prune)
    cycle = store.start_cycle("test")
    assert run_cycle(settings, store, cycle.id) == "succeeded"
    record = store.get_cycle(cycle.id)
    assert record.status == "succeeded" and record.error is None
    assert store.count_unconsumed_user_messages() == 0
    check_store_invariants(store, settings.data_dir)


def test_leftovers_of_a_killed_cycle_are_removed_at_start(env: Any) -> None:
    settings, store, _ = env
    killed = store.start_cycle("test")
    work = settings.data_dir / "work" / f"cycle-{killed.id}"
    (work / "adapter").mkdir(parents=True)
    (work / "job.json").write_text("{}")
    half = store.add_model_version(settings.model, None, "0" * 64, killed.id, [])
    stored = store.add_model_version(settings.model, None, "0" * 64, killed.id, [])
    folder = settings.models_dir / f"v{stored.id}"
    folder.mkdir(parents=True)
    store.record_adapter_path(stored.id, folder.name)
    assert store.interrupt_stale_cycles() == [killed.id]
    removed = discard_unfinished(settings, store)
    assert str(work) in removed and str(folder) in removed
    assert not work.exists() and not folder.exists()
    assert store.get_version(half.id).status == "broken"
    assert store.get_version(stored.id).status == "broken"
    # A half-stored version (no adapter path yet) is never taken for the base model.
    assert base_version(settings, store).cycle_id is None


def test_prune_never_follows_a_path_out_of_the_models_folder(env: Any) -> None:
    settings, store, _ = env
    outside = settings.data_dir / "precious"
    outside.mkdir()
    tampered = store.add_model_version(settings.model, "../precious", "0" * 64, None, [],
                                       status="broken")
    for n in range(settings.keep_versions + 1):
        version = store.add_model_version(settings.model, f"v{100 + n}", "0" * 64, None, [],
                                          status="retired")
        (settings.models_dir / version.adapter_path).mkdir(parents=True)
    pruned = prune_versions(settings, store)
    assert outside.is_dir(), "prune deleted a folder outside the models folder"
    assert tampered.id not in pruned
    assert len(pruned) >= 2


def test_the_validation_cache_survives_damage_and_other_writers(tmp_path: Path) -> None:
    from daemon.sleep.worker import _cached

    cache = tmp_path / "validation-cache.json"
    cache.write_text('{"before-x": {"score": 1.0')  # cut short (a full disk, a crash)
    assert _cached(cache, "before-x", lambda: {"score": 0.5}) == {"score": 0.5}

    def slow_compute() -> list:  # another training process finishes first meanwhile
        cache.write_text(json.dumps({**json.loads(cache.read_text()), "anchors-y": [1]}))
        return [2]

    assert _cached(cache, "anchors-z", slow_compute) == [2]
    assert json.loads(cache.read_text()) == {"before-x": {"score": 0.5}, "anchors-y": [1],
                                             "anchors-z": [2]}
    assert list(tmp_path.iterdir()) == [cache]  # no temporary file left behind
