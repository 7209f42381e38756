"""Memory you can take with you, on the real embedded model: a data directory that slept
is exported, imported into a fresh one, and one sleep there gives the same answers.

    .venv/bin/python -m pytest tests/sleep/test_portable_sleep.py -m slow -q

Two real sleeps (the short settings of ``tests/daemon_proc.fast_sleep_env``): a few
minutes on a 2-core CPU (6-7 here).
"""

from __future__ import annotations

from pathlib import Path

import mlx_core  # noqa: F401  (OpenBLAS before mlx)
from mlx_core.chat import answer
from mlx_core.device import make_device_plan

import pytest

from daemon import cli
from daemon.settings import Settings, resolve_system_prompt
from daemon.sleep.cycle import run_cycle
from daemon.sleep.versions import load_served_model
from memory_store import MemoryStore, open_store
from tests.daemon_proc import STATEMENTS, write_benchmark

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTIONS = ("What is my name?", "What do I do for a living?", "What is my parrot's name?")


def fast_settings(data_dir: Path, bench: Path) -> Settings:
    # tests/daemon_proc.fast_sleep_env's, with up to 3 epochs: one alone no longer passes the
    # recall probe; training stops at the first epoch that does.
    return Settings(data_dir=data_dir, nightly_sleep=False, epochs=3, learning_rate=2e-4,
                    lora_layers=16, lora_rank=16, pairs_per_fact=5, benchmark_path=bench)


def sleep_and_ask(settings: Settings, store: MemoryStore) -> tuple[list[str], dict[int, str]]:
    """One sleep (it must succeed); the served weights' answers, with no memory in the
    prompt, and every fact's state after it."""
    cycle = store.start_cycle("test")
    assert run_cycle(settings, store, cycle.id) == "succeeded", store.get_cycle(cycle.id).error
    assert "train" in [s["name"] for s in store.get_cycle(cycle.id).stages]
    loaded, _ = load_served_model(settings, store, make_device_plan())
    system = resolve_system_prompt(settings)
    answers = [answer(loaded, q, system, max_tokens=24) for q in QUESTIONS]
    return answers, {f.id: f.state for f in store.list_facts()}


def test_one_sleep_after_an_import_gives_the_same_answers(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture) -> None:
    bench = write_benchmark(tmp_path / "bench.json")
    home = fast_settings(tmp_path / "home", bench)
    with open_store(home.db_path) as store:
        conv = store.ensure_conversation("talia")
        for text in STATEMENTS:
            store.add_message(conv, "user", text)
        answers, states = sleep_and_ask(home, store)
        pairs = [(p.fact_id, p.question, p.answer) for p in store.list_pairs(accepted=True)]
    assert any("Pistachio" in a for a in answers), answers  # the sleep did learn

    monkeypatch.setenv("SLEEPLLM_PORT", "9")  # no daemon: the commands work on the folders
    export = tmp_path / "memory.json"
    assert cli.main(["export", str(export), "--data-dir", str(home.data_dir)]) == 0
    away = fast_settings(tmp_path / "away", bench)
    assert cli.main(["import", str(export), "--data-dir", str(away.data_dir)]) == 0
    capsys.readouterr()
    with open_store(away.db_path) as store:
        assert store.count_unconsumed_user_messages() == 0  # nothing new to read...
        assert [(p.fact_id, p.question, p.answer)
                for p in store.list_pairs(accepted=True)] == pairs
        moved_answers, moved_states = sleep_and_ask(away, store)  # ...yet it trains
    print(f"\nhome: {answers}\naway: {moved_answers}")
    assert moved_answers == answers
    assert moved_states == states
