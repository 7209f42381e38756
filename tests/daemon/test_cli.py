"""Tests of the ``sleepllm`` command line: help, serve's refusals, chat (daemon and
offline), sleep, status and model fetch.

Subprocesses check what must hold before any model loads (help, refusals); the rest
calls ``daemon.cli.main`` in-process against the session daemon, or offline with the
session's weights patched in, so no test loads the model a second time.

    .venv/bin/python -m pytest tests/daemon/test_cli.py -q
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from daemon import cli
from memory_store import open_store

SLEEPLLM = Path(sys.executable).with_name("sleepllm")
COMMANDS = ("serve", "chat", "sleep", "status", "model", "export", "import", "backup",
            "restore", "experiment", "bench")


def run_cli(*args: str, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(SLEEPLLM), *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The CLI installs a stderr log handler; later tests must not write to a closed capture."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def on_daemon(daemon: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point the CLI's settings at the session daemon."""
    monkeypatch.setenv("SLEEPLLM_PORT", str(daemon.port))
    monkeypatch.setenv("SLEEPLLM_DATA_DIR", str(daemon.settings.data_dir))
    return daemon


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No daemon at the configured port; a fresh data dir."""
    monkeypatch.setenv("SLEEPLLM_PORT", str(unused_port()))
    monkeypatch.setenv("SLEEPLLM_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


# --- before any model loads ------------------------------------------------------------------
@pytest.mark.integration  # runs the sleepllm command
def test_help_lists_every_command() -> None:
    tic = time.monotonic()
    done = run_cli("--help")
    assert done.returncode == 0
    for command in COMMANDS:
        assert command in done.stdout
    assert time.monotonic() - tic < 10  # no model, no MLX import for --help


@pytest.mark.integration  # runs python -m daemon
def test_python_dash_m_daemon() -> None:
    done = subprocess.run([sys.executable, "-m", "daemon", "sleep", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--offline" in done.stdout and "--no-wait" in done.stdout


@pytest.mark.integration  # runs the sleepllm command
def test_serve_refuses_non_loopback_without_token(tmp_path: Path) -> None:
    done = run_cli("serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "d"))
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0" in done.stderr and "SLEEPLLM_API_TOKEN" in done.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.integration  # runs the sleepllm command
def test_serve_rejects_malformed_sleep_time(tmp_path: Path) -> None:
    done = run_cli("serve", "--data-dir", str(tmp_path / "d"),
                   env={"SLEEPLLM_SLEEP_TIME": "25:99"})
    assert done.returncode == 2 and "sleep_time must be" in done.stderr


@pytest.mark.integration  # runs the sleepllm command
def test_delegated_commands() -> None:
    done = run_cli("experiment", "--help")
    assert done.returncode == 0 and "--persona" in done.stdout


def test_missing_delegated_module_is_reported(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setitem(cli.DELEGATED, "bench", ("benchmarks.not_here", "run benchmarks"))
    assert "(not available in this build)" in cli.build_parser([]).format_help()
    assert cli.main(["bench"]) == 2
    assert "not available in this build" in capsys.readouterr().err


# --- chat ------------------------------------------------------------------------------------
@pytest.mark.integration
def test_chat_one_shot_through_the_daemon(on_daemon: Any, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["chat", "My favourite colour is green.", "--conversation", "cli-1",
                     "--max-tokens", "8"]) == 0
    out, err = capsys.readouterr()
    assert f"talking to the daemon at {on_daemon.url}" in err
    assert out.strip() and "conversation cli-1" in err
    stored = on_daemon.store.conversation_messages("cli-1")
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[0].content == "My favourite colour is green."
    assert stored[1].content.strip() == out.strip()


@pytest.mark.integration
def test_chat_interactive(on_daemon: Any, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture) -> None:
    lines = iter(["Hello!", "   ", "I play the cello.", "/quit"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(lines))
    assert cli.main(["chat", "--max-tokens", "4"]) == 0
    err = capsys.readouterr().err
    conversation = re.search(r"conversation (\S+) \(continue", err)[1]
    users = [m.content for m in on_daemon.store.conversation_messages(conversation)
             if m.role == "user"]
    assert users == ["Hello!", "I play the cello."]


@pytest.mark.integration
def test_chat_offline_logs_like_the_daemon(offline: Path, served_model: Any,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("daemon.sleep.versions.load_served_model",
                        lambda settings, store, plan: (served_model, None))
    for text in ("I have two kids.", "Their names are Ann and Bo."):
        assert cli.main(["chat", text, "--conversation", "off-1", "--max-tokens", "8"]) == 0
    err = capsys.readouterr().err
    assert "no daemon running; loading the model here" in err
    with open_store(offline / "sleepllm.db") as store:
        messages = store.conversation_messages("off-1")
        assert [m.role for m in messages] == ["user", "assistant"] * 2
        assert messages[2].content == "Their names are Ann and Bo."
        assert store.count_unconsumed_user_messages() == 2


def test_chat_empty_message_is_usage_error(offline: Path, capsys: pytest.CaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("daemon.cli._assistant", lambda settings: _NoAssistant())
    assert cli.main(["chat", "  "]) == 2
    assert "empty" in capsys.readouterr().err


class _NoAssistant:
    conversation_id = None

    def close(self) -> None:
        pass


# --- status ----------------------------------------------------------------------------------
def test_status_offline_creates_nothing(offline: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["status", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["daemon"] is None and info["last_sleep"] is None
    assert info["facts"]["pending"] == 0 and info["next_sleep"]
    assert not offline.exists()


def test_status_offline_reads_the_store(offline: Path, capsys: pytest.CaptureFixture) -> None:
    with open_store(offline / "sleepllm.db") as store:
        conv = store.ensure_conversation(None)
        said = store.add_message(conv, "user", "I like jazz.")
        store.add_fact("The user likes jazz.", "music", [said.id])
        cycle = store.start_cycle("test")
        store.finish_cycle(cycle.id, "no_messages")
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "not running" in out and "1 pending, 0 learned" in out
    assert f"cycle {cycle.id} no_messages" in out and "1 user messages" in out


def test_status_shows_withheld_secrets_masked_and_forget_works_offline(
        offline: Path, capsys: pytest.CaptureFixture) -> None:
    with open_store(offline / "sleepllm.db") as store:
        said = store.add_message(store.ensure_conversation(None), "user", "my pin is 4821")
        fact = store.add_fact("Your PIN or access code: ****", "you|withheld:pin", [said.id])
        store.set_fact_state([fact.id], "withheld", reason="withheld: PIN or access code")
        kept = store.add_fact("You like jazz.", "you|like:jazz", [said.id])
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "1 pending, 0 learned, 0 graduated, 1 withheld" in out
    assert f"#{fact.id} Your PIN or access code: ****" in out and "4821" not in out
    assert cli.main(["forget", str(kept.id)]) == 0
    assert "forgot fact" in capsys.readouterr().out
    assert cli.main(["forget", "999"]) == 1
    assert "no facts with ids [999]" in capsys.readouterr().err


def test_audit_with_no_data_has_nothing_to_audit(offline: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["audit"]) == 0
    assert "nothing to audit" in capsys.readouterr().out
    assert not offline.exists()


@pytest.mark.integration
def test_status_from_the_daemon(on_daemon: Any, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["status", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    health = on_daemon.http.get("/health").json()
    assert info["daemon"] == on_daemon.url and info["model_version"] == health["model_version"]
    assert "T03:30:00" in info["next_sleep"]


# --- sleep -----------------------------------------------------------------------------------
@pytest.mark.integration
def test_sleep_no_wait_reports_the_running_cycle(on_daemon: Any,
                                                 capsys: pytest.CaptureFixture) -> None:
    cycle = on_daemon.store.start_cycle("test")
    try:
        assert cli.main(["sleep", "--no-wait"]) == 0
        out, err = capsys.readouterr()
        assert out.strip() == str(cycle.id) and "already running" in err
        assert cli.main(["sleep", "--offline"]) == 2
        assert "a daemon is running" in capsys.readouterr().err
    finally:
        on_daemon.store.finish_cycle(cycle.id, "no_messages")


@pytest.mark.integration
def test_sleep_waits_for_the_cycle(on_daemon: Any, capsys: pytest.CaptureFixture) -> None:
    cycle = on_daemon.store.start_cycle("test")
    on_daemon.store.record_stage(cycle.id, "gather", "ok", 0.1)
    finisher = threading.Timer(1.5, on_daemon.store.finish_cycle, (cycle.id, "no_messages"))
    finisher.start()
    try:
        assert cli.main(["sleep"]) == 0
    finally:
        finisher.join()
    assert f"sleep cycle {cycle.id}: no_messages" in capsys.readouterr().out


def test_sleep_offline_without_daemon(offline: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["sleep"]) == 0  # nothing said yet: the cycle ends at once
    captured = capsys.readouterr()
    assert "no daemon running; sleeping here" in captured.err
    assert "no_messages" in captured.out
    with open_store(offline / "sleepllm.db") as store:
        assert store.last_cycle().status == "no_messages"


# --- model fetch -------------------------------------------------------------------------------
def test_model_fetch_prints_the_model_folder(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["model", "fetch"]) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert (folder / "config.json").is_file()


def test_sleep_progress_line_names_the_running_stage_and_step():
    from daemon.sleep.progress import describe_cycle

    # The demo and `sleepllm sleep` show this while a daemon sleeps: training takes
    # minutes, so the line must move with the steps, not stay on the last finished stage.
    done = [{"name": "curate", "status": "ok"}]
    assert describe_cycle({"stages": done, "current": {"stage": "train", "step": 12,
                                                       "steps": 57, "loss": 2.5}}) == \
        "train step 12/57 loss 2.500"
    assert describe_cycle({"stages": done, "current": {"stage": "fuse"}}) == "fuse"
    assert describe_cycle({"stages": done, "current": None}) == "finished curate (ok)"
    assert describe_cycle({}) == ""


def test_sleep_progress_bars_count_stages_and_time_training_steps() -> None:
    import io

    from daemon.sleep.progress import CycleBars

    # `sleepllm sleep` and the demo once showed one bar for everything ("4/8 stage ...
    # 3.76 stage/s"): training, minutes of it, needs its own bar with a rate of steps.
    shown = io.StringIO()
    bars = CycleBars(7, 9, file=shown)
    done = [{"name": n, "status": "ok"} for n in ("gather", "extract", "firewall", "curate")]
    for step in (3, 10, 20, 30):
        bars.update({"stages": done, "current": {"stage": "train", "step": step, "steps": 57,
                                                 "loss": 2.5}})
        time.sleep(0.15)  # tqdm redraws at most every 0.1 s
    first = bars.train
    retry = done + [{"name": "train"}, {"name": "validate"}]  # a retry is a training of its own
    bars.update({"stages": retry, "current": {"stage": "train", "step": 2, "steps": 57,
                                              "loss": 3.0}})
    assert bars.train is not first and bars.train.n == 2
    bars.update({"stages": retry + [{"name": "train"}], "current": {"stage": "validate"}})
    assert bars.train is None
    bars.close()
    text = shown.getvalue()
    assert "sleep 7: 4/9 stages" in text and "| train" in text and "| validate" in text
    assert re.search(r"30/57 \[[^\]]*\d+\.\d+step/s, loss=2\.500\]", text), text
    assert "stage/s" not in text


def test_watching_a_sleep_waits_for_its_graduation(monkeypatch: pytest.MonkeyPatch) -> None:
    from daemon.client import DaemonClient
    from daemon.settings import Settings

    # The cycle is committed (succeeded) at the swap; graduation, recorded after it,
    # decides which facts leave the prompt: `sleepllm sleep` must not stop before it.
    swap = [{"name": "swap"}]
    polls = iter([{"status": "running", "stages": []},
                  {"status": "succeeded", "stages": swap},
                  {"status": "succeeded", "stages": swap + [{"name": "graduate"}]}])
    client = DaemonClient(Settings(port=9))
    monkeypatch.setattr(client, "get", lambda path: next(polls))
    seen: list[dict] = []
    try:
        last = client.watch_cycle(3, seen.append, poll_s=0)
    finally:
        client.close()
    assert len(seen) == 3 and last["stages"][-1]["name"] == "graduate"
