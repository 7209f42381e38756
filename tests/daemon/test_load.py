"""Bounded load on loopback: concurrent ``openai`` clients chat with the real daemon (a
subprocess) for a fixed time, half of them streaming; in the slow case a sleep cycle
runs meanwhile. Every request gets a complete answer or a clear JSON error, every user
message is stored exactly once, and the daemon's memory (psutil RSS, its training
process included) stays bounded. Requests, errors and latency percentiles are printed
and written to ``load.json`` in the test's tmp dir.

    .venv/bin/python -m pytest tests/daemon/test_load.py -q -s            # 4 clients, 20 s
    .venv/bin/python -m pytest tests/daemon/test_load.py -q -s -m slow    # 8 clients, 60 s, asleep
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
import psutil
import pytest

from memory_store import open_store
from tests.daemon_proc import (
    STATEMENTS,
    DaemonProcess,
    all_messages,
    check_store_invariants,
    fast_sleep_env,
    percentiles,
    wait_for,
)

pytestmark = pytest.mark.integration

MiB = 1024 * 1024
REQUEST_TIMEOUT_S = 300.0


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    sent: list[str] = field(default_factory=list)  # every message sent, answered or not
    answered: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _ask(client: openai.OpenAI, text: str, stream: bool) -> str:
    kwargs: dict[str, Any] = {"model": "m", "max_tokens": 8,
                              "messages": [{"role": "user", "content": text}]}
    if not stream:
        reply = client.chat.completions.create(**kwargs)
        assert reply.choices[0].finish_reason in ("stop", "length")
        return reply.choices[0].message.content or ""
    pieces, finish = [], None
    for chunk in client.chat.completions.create(stream=True, **kwargs):
        if chunk.choices:
            pieces.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
    assert finish in ("stop", "length"), "the stream ended without a finish reason"
    return "".join(pieces)


def _client_loop(url: str, n: int, deadline: float, result: LoadResult) -> None:
    client = openai.OpenAI(base_url=f"{url}/v1", api_key="x", max_retries=0,
                           timeout=REQUEST_TIMEOUT_S)
    for i in range(100_000):  # bounded by the deadline long before this
        if time.monotonic() >= deadline:
            return
        text = f"Load client {n} request {i}: my lucky number is {n * 1000 + i}."
        with result.lock:
            result.sent.append(text)
        tic = time.monotonic()
        try:
            _ask(client, text, stream=n % 2 == 1)
        except openai.APIStatusError as exc:  # clear when it has a JSON error message
            clear = isinstance(exc.body, dict) and exc.body.get("message")
            kind = f"{exc.status_code} {exc.body.get('code') if clear else 'unclear'}"
        except Exception as exc:  # a dropped connection, a timeout, a broken stream
            kind = f"unclear {type(exc).__name__}: {exc}"[:200]
        else:
            with result.lock:
                result.latencies.append(time.monotonic() - tic)
                result.answered.append(text)
            continue
        with result.lock:
            result.errors[kind] += 1


def _rss(pid: int) -> int:
    """Resident memory of the daemon and its children (the training process)."""
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run_load(daemon: DaemonProcess, clients: int, seconds: float) -> tuple[LoadResult, list]:
    """``clients`` threads chatting for ``seconds``; also samples RSS every 0.5 s."""
    result, samples = LoadResult(), []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_client_loop, args=(daemon.url, n, deadline, result))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    give_up = deadline + REQUEST_TIMEOUT_S + 30  # a request started at the deadline ends
    while any(t.is_alive() for t in threads) and time.monotonic() < give_up:
        samples.append(_rss(daemon.pid))
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=1)
        assert not thread.is_alive(), "a client never got an answer or an error"
    return result, samples


def report(result: LoadResult, samples: list[int], seconds: float, out: Path,
           **extra: Any) -> dict:
    figures = {"seconds": seconds, "requests_sent": len(result.sent),
               "requests_served": len(result.answered), "errors": dict(result.errors),
               "throughput_per_s": round(len(result.answered) / seconds, 2),
               "latency_s": {k: None if v is None else round(v, 3)
                             for k, v in percentiles(result.latencies).items()},
               "rss_mib": {"first": samples[0] // MiB, "max": max(samples) // MiB,
                           "last": samples[-1] // MiB}, **extra}
    out.write_text(json.dumps(figures, indent=2))
    print(f"\nload figures ({out}):\n{json.dumps(figures, indent=2)}")
    return figures


def check_exactly_once(daemon: DaemonProcess, result: LoadResult) -> list[Any]:
    """Each answered message is stored once, an unanswered one at most once."""
    with open_store(daemon.data_dir / "sleepllm.db") as store:
        stored = Counter(m.content for m in all_messages(store) if m.role == "user")
        check_store_invariants(store, daemon.data_dir)
        users = [m for m in all_messages(store) if m.role == "user"]
    assert all(stored[text] == 1 for text in result.answered), "an answered message is missing"
    assert all(stored[text] <= 1 for text in result.sent), "a message was stored twice"
    return users


def test_load_without_sleep(tmp_path: Path) -> None:
    with DaemonProcess(tmp_path / "data", {"SLEEPLLM_NIGHTLY_SLEEP": "false"}) as daemon:
        daemon.start()
        listening = {c.laddr.ip for c in psutil.Process(daemon.pid).net_connections("inet")
                     if c.status == psutil.CONN_LISTEN}
        assert listening == {"127.0.0.1"}, f"the daemon listens on {listening}"
        daemon.chat("Warm up.")  # the first reply compiles; not part of the figures
        result, samples = run_load(daemon, clients=4, seconds=20)
        figures = report(result, samples, 20, tmp_path / "load.json")
        assert result.answered and not result.errors, figures
        check_exactly_once(daemon, result)
        assert max(samples) - samples[0] < 150 * MiB, figures["rss_mib"]


@pytest.mark.slow
@pytest.mark.timeout(3000)  # 60 s of load, then the sleep it held back finishes
def test_load_while_a_sleep_runs(tmp_path: Path) -> None:
    with DaemonProcess(tmp_path / "data", fast_sleep_env(tmp_path)) as daemon:
        daemon.start()
        served = daemon.health()["model_version"]
        for text in STATEMENTS:
            assert daemon.chat(text, conversation="facts").status_code == 200
        cycle_id = daemon.http.post("/sleep").json()["id"]
        wait_for(lambda: daemon.http.get(f"/sleep/{cycle_id}").json()["stages"], 60,
                 "the sleep to gather")  # load messages are not part of this sleep
        result, samples = run_load(daemon, clients=8, seconds=60)
        during = daemon.http.get(f"/sleep/{cycle_id}").json()
        cycle = daemon.wait_cycle(cycle_id, 1800)
        after = _rss(daemon.pid)
        figures = report(result, samples, 60, tmp_path / "load.json",
                         rss_after_sleep_mib=after // MiB, sleep_status=cycle["status"],
                         stages_done_during_load=[s["name"] for s in during["stages"]])
        assert result.answered and not result.errors, figures
        assert cycle["status"] == "succeeded", cycle
        assert daemon.health()["model_version"] == cycle["model_version_id"] != served
        users = check_exactly_once(daemon, result)
        assert {m.consumed_by for m in users if m.content in STATEMENTS} == {cycle_id}
        assert all(m.consumed_by is None for m in users if m.content.startswith("Load "))
        assert max(samples) - samples[0] < 1500 * MiB, figures["rss_mib"]
        assert after - samples[0] < 450 * MiB, figures  # the old weights were freed
