"""Faults that hit the real daemon process during a sleep: ``kill -9`` at a chosen point of
the cycle, an adapter corrupted on disk before a restart, and the disk filling up.

Each test runs ``python -m daemon serve`` as a subprocess on the embedded model with a
short sleep (one epoch, a 2-question benchmark) and holds the cycle at a point through
the test hook in ``daemon/sleep/testhook.py`` (SLEEPLLM_TEST_PAUSE_AT). After a kill
and a restart: the last good model version is served, every message sent before the
kill is stored and none is consumed by the killed cycle, nothing the cycle left behind
remains on disk, and the next sleep completes.

    .venv/bin/python -m pytest tests/sleep/test_faults.py -q            # kill during training
    .venv/bin/python -m pytest tests/sleep/test_faults.py -q -m slow    # every stage, full disk
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from daemon.sleep.testhook import MARKER_ENV, PAUSE_AT_ENV
from memory_store import open_store
from tests.daemon_proc import (
    STATEMENTS,
    DaemonProcess,
    all_messages,
    check_store_invariants,
    fast_sleep_env,
    wait_for,
)

pytestmark = pytest.mark.integration

# Reaching a point takes a model load, training and validation on a busy 2-core CPU.
REACH_TIMEOUT_S = 900.0
SLEEP_TIMEOUT_S = 1200.0
NO_PAUSE = {PAUSE_AT_ENV: ""}


def _pausing_daemon(tmp_path: Path) -> tuple[DaemonProcess, Path]:
    marker = tmp_path / "paused"
    env = {**fast_sleep_env(tmp_path), MARKER_ENV: str(marker)}
    return DaemonProcess(tmp_path / "data", env), marker


def _say_and_sleep(daemon: DaemonProcess, texts: tuple[str, ...]) -> int:
    for text in texts:
        assert daemon.chat(text, conversation="faults").status_code == 200
    response = daemon.http.post("/sleep")
    assert response.status_code == 202, response.text
    return response.json()["id"]


def _kill_at(daemon: DaemonProcess, marker: Path, point: str,
             texts: tuple[str, ...]) -> tuple[int, int | None]:
    """Start the daemon pausing at ``point``, chat, sleep, SIGKILL it there.

    Returns the cycle's id and the model version served before it.
    """
    marker.unlink(missing_ok=True)
    daemon.start(**{PAUSE_AT_ENV: point})
    served = daemon.health()["model_version"]
    cycle_id = _say_and_sleep(daemon, texts)
    wait_for(marker.exists, REACH_TIMEOUT_S, f"the sleep to reach {point}", 1.0)
    assert marker.read_text().startswith(point)
    orphans = daemon.kill()
    marker.unlink()
    assert orphans == [], f"the training process outlived the daemon: {orphans}"
    return cycle_id, served


def _check_after_kill(daemon: DaemonProcess, cycle_id: int, served: int | None,
                      said: list[str]) -> None:
    """The store right after the kill, then the restarted daemon, are as before the sleep."""
    with open_store(daemon.data_dir / "sleepllm.db") as store:
        users = [m for m in all_messages(store) if m.role == "user"]
        assert [m.content for m in users] == said, "a message sent before the kill is missing"
        assert all(m.consumed_by is None for m in users)
        assert store.served_version().id == served
    daemon.start(**NO_PAUSE)
    assert daemon.health()["model_version"] == served
    cycle = daemon.http.get(f"/sleep/{cycle_id}").json()
    assert cycle["status"] == "interrupted", cycle
    assert daemon.http.get("/memories").json()["unslept_user_messages"] == len(said)
    assert not (daemon.data_dir / "work" / f"cycle-{cycle_id}").exists(), "work dir leaked"
    with open_store(daemon.data_dir / "sleepllm.db") as store:
        check_store_invariants(store, daemon.data_dir)
        candidates = [v for v in store.list_versions() if v.cycle_id == cycle_id]
        assert all(v.status == "broken" for v in candidates), candidates
    kept = {p.name for p in (daemon.data_dir / "models").glob("v*")}
    assert kept <= {f"v{served}"}, f"adapter folders leaked: {kept}"
    daemon.stop()


@pytest.mark.timeout(1800)  # a first run also computes the validation cache (minutes)
def test_kill_during_training_keeps_model_and_messages(tmp_path: Path) -> None:
    daemon, marker = _pausing_daemon(tmp_path)
    with daemon:
        cycle_id, served = _kill_at(daemon, marker, "worker:train", STATEMENTS)
        _check_after_kill(daemon, cycle_id, served, list(STATEMENTS))
        daemon.start(**NO_PAUSE)
        response = daemon.http.post("/sleep")  # the next sleep is not blocked by the dead one
        assert response.status_code == 202, response.text
        assert response.json()["id"] > cycle_id


@pytest.mark.slow
@pytest.mark.timeout(5400)  # four trainings and a whole sleep on a busy 2-core CPU
def test_kill_at_every_stage_then_the_next_sleep_learns(tmp_path: Path) -> None:
    daemon, marker = _pausing_daemon(tmp_path)
    said: list[str] = []
    with daemon:
        for point, text in zip(("worker:train", "worker:validate", "fuse", "swap"),
                               (*STATEMENTS, "My favourite colour is teal."), strict=True):
            said.append(text)
            cycle_id, served = _kill_at(daemon, marker, point, (text,))
            _check_after_kill(daemon, cycle_id, served, said)
        daemon.start(**NO_PAUSE)
        cycle_id = daemon.http.post("/sleep").json()["id"]
        cycle = daemon.wait_cycle(cycle_id, SLEEP_TIMEOUT_S)
        assert cycle["status"] == "succeeded", cycle
        assert daemon.health()["model_version"] == cycle["model_version_id"] != served
        with open_store(daemon.data_dir / "sleepllm.db") as store:
            check_store_invariants(store, daemon.data_dir)
            users = [m for m in all_messages(store) if m.role == "user"]
            assert [m.content for m in users] == said
            assert {m.consumed_by for m in users} == {cycle_id}
        _check_corrupt_adapter_falls_back(daemon, cycle["model_version_id"], served)


def _check_corrupt_adapter_falls_back(daemon: DaemonProcess, version: int,
                                      previous: int | None) -> None:
    """Truncate the served adapter; the restarted daemon refuses it and serves ``previous``."""
    daemon.stop()
    weights = daemon.data_dir / "models" / f"v{version}" / "adapters.safetensors"
    with open(weights, "r+b") as fh:
        fh.truncate(weights.stat().st_size // 2)
    daemon.start()
    assert daemon.health()["model_version"] == previous
    assert f"model version {version} refused" in daemon.log_text()
    assert "checksum" in daemon.log_text()
    assert daemon.chat("Hello?").status_code == 200


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 48 MiB tmpfs (the test runs as root); skipped where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path, leave_bytes: int) -> Path:
    """Write a ballast file so that only about ``leave_bytes`` stay free."""
    ballast = folder / f"ballast-{uuid.uuid4().hex}"
    free = shutil.disk_usage(folder).free
    with open(ballast, "wb") as fh:
        remaining = max(0, free - leave_bytes)
        while remaining > 0:
            remaining -= fh.write(b"\0" * min(remaining, 1 << 20))
        fh.flush()
        os.fsync(fh.fileno())
    return ballast


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_disk_full_during_sleep_fails_cleanly(tmp_path: Path, small_disk: Path) -> None:
    marker = tmp_path / "paused"
    env = {**fast_sleep_env(tmp_path), MARKER_ENV: str(marker), PAUSE_AT_ENV: "worker:train"}
    with DaemonProcess(small_disk / "data", env, log_dir=tmp_path) as daemon:
        served = daemon.start().health()["model_version"]
        cycle_id = _say_and_sleep(daemon, STATEMENTS)
        wait_for(marker.exists, REACH_TIMEOUT_S, "training to start", 1.0)
        ballast = _fill(small_disk, leave_bytes=256 * 1024)  # the adapter needs ~10 MB
        marker.unlink()
        cycle = daemon.wait_cycle(cycle_id, SLEEP_TIMEOUT_S)
        assert cycle["status"] == "failed", cycle
        assert "No space left on device" in cycle["error"], cycle["error"]
        assert daemon.health()["model_version"] == served
        assert daemon.http.get("/memories").json()["unslept_user_messages"] == len(STATEMENTS)
        assert not (daemon.data_dir / "work" / f"cycle-{cycle_id}").exists()
        ballast.unlink()
        assert daemon.chat("Still there?").status_code == 200
        with open_store(daemon.data_dir / "sleepllm.db") as store:
            check_store_invariants(store, daemon.data_dir)
