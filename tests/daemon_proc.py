"""Helpers shared by the reliability, security, load and fault tests (test_faults*.py,
test_load*.py, test_security*.py, test_reliability*.py); not a test module itself.

* :class:`DaemonProcess`: the real daemon as a subprocess (``python -m daemon serve``) on a
  free loopback port, its log in a file, killed with SIGKILL or stopped with SIGTERM.
* :func:`serve_in_thread`: ``create_app`` under uvicorn in a thread, with any loaded model
  (e.g. a tiny random-weight one from ``tests/tiny.py``).
* :func:`write_benchmark` (a 2-question validation benchmark), :data:`FAST_SLEEP_ENV`,
  :func:`wait_for` (poll with a deadline), :func:`check_store_invariants`,
  :func:`percentiles`.

    with DaemonProcess(tmp_path / "data", env=fast_sleep_env(tmp_path)) as daemon:
        daemon.start()
        daemon.chat("My name is Talia Brennick.")
        cycle = daemon.http.post("/sleep").json()["id"]
        daemon.kill()        # SIGKILL; returns the daemon's children still alive after 30 s
        daemon.start()       # same data dir and port
"""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 60.0

# Three statements about a made-up person (not in any persona file).
STATEMENTS = ("My name is Talia Brennick.", "I work as a glassblower.",
              "My parrot's name is Pistachio.")

TINY_BENCHMARK = {"questions": [
    {"id": "fr", "question": "What is the capital of France?", "expected": ["Paris"],
     "forbidden": []},
    {"id": "jp", "question": "What is the capital of Japan?", "expected": ["Tokyo"],
     "forbidden": []},
]}


def write_benchmark(path: Path, content: str | None = None) -> Path:
    """Write the 2-question benchmark (or ``content`` as-is) to ``path``; return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(TINY_BENCHMARK) if content is None else content)
    return path


def fast_sleep_env(folder: Path) -> dict[str, str]:
    """Daemon settings for the shortest real sleep that still learns the statements.

    Pinned (not the per-model defaults, which get tuned): one epoch at 2e-4 over 16
    layers taught the embedded model three statements (recall 1.0) in ~2 minutes here.
    """
    return {"SLEEPLLM_NIGHTLY_SLEEP": "false", "SLEEPLLM_EPOCHS": "1",
            "SLEEPLLM_LEARNING_RATE": "2e-4", "SLEEPLLM_LORA_LAYERS": "16",
            "SLEEPLLM_LORA_RANK": "16", "SLEEPLLM_PAIRS_PER_FACT": "5",
            "SLEEPLLM_BENCHMARK_PATH": str(write_benchmark(folder / "bench.json"))}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], Any], timeout: float, what: str,
             interval: float = 0.2) -> Any:
    """Poll ``predicate`` until it returns something truthy (returned) or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


class DaemonProcess:
    """``python -m daemon serve`` on a free loopback port with its own data dir."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None,
                 port: int | None = None, log_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.env = dict(env or {})
        self.port = port or free_port()
        self.log_path = (log_dir or self.data_dir.parent) / f"daemon-{self.port}.log"
        self.proc: subprocess.Popen | None = None
        self.http = httpx.Client(base_url=self.url, timeout=120)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, **extra_env: str) -> DaemonProcess:
        """Start (or restart) the daemon; ``extra_env`` applies to this start only."""
        env = {**os.environ, **self.env, **extra_env, "SLEEPLLM_DATA_DIR": str(self.data_dir)}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"--- start {time.strftime('%H:%M:%S')} ---\n".encode())
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "daemon", "serve", "--port", str(self.port)],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        wait_for(self._up, STARTUP_TIMEOUT_S, f"the daemon on port {self.port}", 0.5)
        return self

    def _up(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            raise AssertionError(f"the daemon exited at start-up:\n{self.log_tail()}")
        try:
            return self.http.get("/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> list[psutil.Process]:
        """SIGKILL the daemon; return its children (the training process) still alive 30 s on."""
        assert self.proc is not None
        children = psutil.Process(self.proc.pid).children(recursive=True)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        _, alive = psutil.wait_procs(children, timeout=30)
        for orphan in alive:  # never leave one behind, even when the test fails on it
            orphan.kill()
        return alive

    def stop(self) -> int | None:
        """SIGTERM and wait (SIGKILL after STOP_TIMEOUT_S); the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.terminate()
        try:
            return self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def chat(self, text: str, conversation: str = "test", max_tokens: int = 4,
             **body: Any) -> httpx.Response:
        return chat(self.http, text, conversation, max_tokens, **body)

    def health(self) -> dict:
        return self.http.get("/health").json()

    def wait_cycle(self, cycle_id: int, timeout: float) -> dict:
        """Poll GET /sleep/{id} until the cycle is no longer running; return it."""
        def finished() -> dict | None:
            cycle = self.http.get(f"/sleep/{cycle_id}").json()
            return cycle if cycle["status"] != "running" else None

        return wait_for(finished, timeout, f"sleep cycle {cycle_id} to finish", 1.0)

    def __enter__(self) -> DaemonProcess:
        return self  # started by start(), maybe more than once; killed on leaving

    def __exit__(self, *exc: object) -> None:
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.kill()
        finally:
            self.http.close()


def chat(http: httpx.Client, text: str, conversation: str | None = "test",
         max_tokens: int = 4, **body: Any) -> httpx.Response:
    payload = {"model": "m", "messages": [{"role": "user", "content": text}],
               "max_tokens": max_tokens, **body}
    if conversation is not None:
        payload["conversation_id"] = conversation
    return http.post("/v1/chat/completions", json=payload)


@contextmanager
def serve_in_thread(settings: Any, loaded_model: Any = None) -> Iterator[str]:
    """``create_app(settings)`` under uvicorn in a thread on a free loopback port; its URL."""
    import uvicorn

    from daemon.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    settings = settings.model_copy(update={"host": "127.0.0.1", "port": port})
    server = uvicorn.Server(uvicorn.Config(create_app(settings, loaded_model=loaded_model),
                                           log_level="warning", log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started or not thread.is_alive(), STARTUP_TIMEOUT_S,
                 "the in-thread daemon", 0.05)
        assert thread.is_alive(), "the in-thread daemon did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(STOP_TIMEOUT_S)
        sock.close()


def check_store_invariants(store: Any, data_dir: Path) -> dict[str, int]:
    """Assert the store is whole (nothing half-written); return row counts.

    One served version at most, whose adapter (if any) lies in the models folder; every
    consumed message was consumed by a cycle that succeeded; every fact's source messages
    and every accepted pair's fact exist; no cycle is left running.
    """
    from daemon.settings import Settings
    from daemon.sleep.versions import adapter_dir

    versions = store.list_versions()
    served = [v for v in versions if v.status == "served"]
    assert len(served) <= 1, f"{len(served)} served versions"
    settings = Settings(data_dir=data_dir)
    for version in served:
        path = adapter_dir(settings, version)
        assert path is None or path.is_dir(), f"served adapter {path} is missing"
    cycles = {c.id: c for c in store.list_cycles(10_000)}
    assert store.running_cycle() is None, "a sleep cycle is still running"
    messages = all_messages(store)
    for m in messages:
        if m.consumed_by is not None:
            assert cycles[m.consumed_by].status == "succeeded", (m, cycles[m.consumed_by])
    ids = {m.id for m in messages}
    facts = store.list_facts()
    for fact in facts:
        assert set(fact.source_message_ids) <= ids, fact
    fact_ids = {f.id for f in facts}
    pairs = store.list_pairs()
    for pair in pairs:
        assert pair.fact_id is None or pair.fact_id in fact_ids, pair
        assert pair.accepted or pair.reason, f"a rejected pair without a reason: {pair}"
    return {"messages": len(messages), "facts": len(facts), "pairs": len(pairs),
            "cycles": len(cycles), "versions": len(versions)}


def all_messages(store: Any) -> list[Any]:
    """Every stored message, oldest first (the store has no public call for all of them)."""
    from memory_store import Message

    rows = store._read(lambda db: store._all(db, "SELECT * FROM messages ORDER BY id"))
    return [Message.from_row(r) for r in rows]


def percentiles(values: list[float], points: tuple[int, ...] = (50, 90, 95, 99)) -> dict:
    """Nearest-rank percentiles of ``values`` (empty: all None), plus max and mean."""
    ordered = sorted(values)
    out: dict[str, float | None] = {}
    for p in points:
        out[f"p{p}"] = ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else None
    out["max"] = ordered[-1] if ordered else None
    out["mean"] = sum(ordered) / len(ordered) if ordered else None
    return out
