"""Whole sleep cycles on the real embedded model: learning, serving, and surviving a kill.

    .venv/bin/python -m pytest tests/sleep/test_sleep_integration.py

Each test trains for real (a minute or two on a 2-core CPU).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mlx_core  # noqa: F401
from mlx_core.chat import answer
from mlx_core.device import make_device_plan

import httpx
import psutil
import pytest

from benchmarks.live import free_port
from daemon.settings import Settings, resolve_system_prompt
from daemon.sleep.cycle import run_cycle
from daemon.sleep.versions import load_served_model
from memory_store import open_store

pytestmark = pytest.mark.integration

# A made-up person: nothing here is in the seed persona or the code.
STATEMENTS = ["My name is Talia Brennick.", "I work as a glassblower.",
              "My parrot's name is Pistachio."]


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, nightly_sleep=False, epochs=8)


@pytest.mark.slow
def test_a_sleep_learns_serves_and_consumes(tmp_path):
    """Slow: on this CPU the embedded model's updates are often rejected by validation
    (general benchmark below 0.9 x before) and retried, which takes 5-15 minutes."""
    settings = _settings(tmp_path / "data")
    store = open_store(settings.db_path)
    conv = store.ensure_conversation(None)
    for text in STATEMENTS:
        store.add_message(conv, "user", text)
    cycle = store.start_cycle("test")
    assert run_cycle(settings, store, cycle.id) == "succeeded", store.get_cycle(cycle.id).error
    record = store.get_cycle(cycle.id)
    assert [s["name"] for s in record.stages] == ["gather", "extract", "firewall", "curate",
                                                  "train", "validate", "fuse", "swap",
                                                  "graduate"]
    assert record.validation["status"] == "approved"
    assert record.validation["benchmark_after"] >= 0.9 * record.validation["benchmark_before"]
    assert store.count_unconsumed_user_messages() == 0
    assert {f.state for f in store.list_facts()} == {"learned"}
    served = store.served_version()
    assert served.adapter_path and served.id == record.model_version_id
    loaded, version = load_served_model(settings, store, make_device_plan())
    assert version == served.id
    system = resolve_system_prompt(settings)
    assert "Pistachio" in answer(loaded, "What is my parrot's name?", system)
    assert "glassblower" in answer(loaded, "What do I do for a living?", system)
    store.close()


def _serve(data_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "SLEEPLLM_DATA_DIR": str(data_dir), "SLEEPLLM_NIGHTLY_SLEEP": "false",
           "SLEEPLLM_EPOCHS": "8"}
    proc = subprocess.Popen([sys.executable, "-m", "daemon", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("daemon did not start")


def test_kill_during_training_keeps_the_old_model_and_the_messages(tmp_path):
    data_dir, port = tmp_path / "data", free_port()
    base = f"http://127.0.0.1:{port}"
    daemon = _serve(data_dir, port)
    try:
        served_before = httpx.get(f"{base}/health").json()["model_version"]
        for text in STATEMENTS:
            r = httpx.post(f"{base}/v1/chat/completions", timeout=120, json={
                "messages": [{"role": "user", "content": text}], "max_tokens": 4,
                "conversation_id": "kill-test"})
            assert r.status_code == 200
        cycle_id = httpx.post(f"{base}/sleep").json()["id"]
        job = data_dir / "work" / f"cycle-{cycle_id}" / "job.json"
        deadline = time.monotonic() + 120
        while not job.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the worker is loading the model / training now
        children = [p for p in psutil.Process(daemon.pid).children(recursive=True)
                    if "resource_tracker" not in " ".join(p.cmdline())]
        assert children, "no training process"
        daemon.send_signal(signal.SIGKILL)
        daemon.wait(10)
        gone, alive = psutil.wait_procs(children, timeout=30)
        assert not alive, "the training process outlived the daemon"
    finally:
        if daemon.poll() is None:
            daemon.kill()
    store = open_store(data_dir / "sleepllm.db")
    assert store.count_unconsumed_user_messages() == len(STATEMENTS)
    assert store.served_version().id == served_before
    store.close()
    daemon = _serve(data_dir, port)
    try:
        health = httpx.get(f"{base}/health").json()
        assert health["model_version"] == served_before
        cycle = httpx.get(f"{base}/sleep/{cycle_id}").json()
        assert cycle["status"] == "interrupted"
    finally:
        daemon.terminate()
        daemon.wait(30)
