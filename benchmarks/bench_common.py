"""Shared pieces of ``sleepllm bench``: statistics, tables, a daemon process, RSS, statements.

    from benchmarks.bench_common import DaemonProcess, RssSampler, make_statements
    with DaemonProcess(data_dir, epochs=1) as daemon, RssSampler(daemon.pid) as rss:
        latency = timed_chat(daemon.url, "What is the capital of France?", max_tokens=8)

The sleep benchmarks run the real daemon as its own process (``python -m daemon
serve``), so the benchmark's HTTP clients never share its interpreter lock and its
RSS is its own. Nothing here prints; the sections format their tables with
:func:`markdown_table`.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .live import free_port

log = logging.getLogger(__name__)

EVALUATION = {"X-Sleepllm-Evaluation": "1"}
SHORT_PROMPT = "What is the capital of France?"
LONG_PROMPT = ("Write a long, detailed story about a lighthouse keeper who finds a message "
               "in a bottle. Describe the sea, the weather and every room of the lighthouse.")


# --- statistics and tables ---------------------------------------------------------
def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def percentile(values, q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..100); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def markdown_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt(value: float | None, digits: int = 2, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}{unit}"


# --- the daemon as a process -------------------------------------------------------------
def _daemon_env(data_dir: Path, settings: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLEEPLLM_")}
    env["SLEEPLLM_CONFIG"] = str(data_dir / "absent-config.toml")
    env["SLEEPLLM_NIGHTLY_SLEEP"] = "false"
    for name, value in settings.items():
        env["SLEEPLLM_" + name.upper()] = str(value)
    return env


class DaemonProcess:
    """``python -m daemon serve`` on a free loopback port with ``settings`` as env variables."""

    def __init__(self, data_dir: Path, startup_timeout: float = 300.0, **settings):
        self.data_dir, self.settings, self.timeout = Path(data_dir), settings, startup_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def __enter__(self) -> DaemonProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        logfile = open(self.data_dir / "daemon.log", "ab")  # noqa: SIM115 (closed by Popen's end)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "daemon", "serve", "--port", str(self.port),
             "--data-dir", str(self.data_dir)],
            env=_daemon_env(self.data_dir, self.settings), stdout=logfile, stderr=logfile)
        logfile.close()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the daemon exited with {self.proc.returncode}; "
                                   f"see {self.data_dir / 'daemon.log'}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("the daemon did not start in time")

    def __exit__(self, *exc) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


# --- resident memory -------------------------------------------------------------------
class RssSampler:
    """Samples the RSS of ``pid`` and of all its children every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int, int]] = []  # (time, own rss, own + children)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _sample(self, proc) -> None:
        import psutil

        own = proc.memory_info().rss
        total = own
        for child in proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        self.samples.append((time.perf_counter(), own, total))

    def _run(self) -> None:
        import psutil

        try:
            proc = psutil.Process(self.pid)
            while not self._stop.is_set():
                self._sample(proc)
                self._stop.wait(self.interval)
        except psutil.Error:
            return

    def peak(self, start: float = 0.0, end: float = math.inf) -> dict:
        """Peak own and total RSS in MiB between two ``perf_counter`` times."""
        window = [s for s in self.samples if start <= s[0] <= end]
        if not window:
            return {"own_mib": None, "with_children_mib": None, "samples": 0}
        return {"own_mib": max(s[1] for s in window) / 2**20,
                "with_children_mib": max(s[2] for s in window) / 2**20,
                "samples": len(window)}

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)


# --- synthetic statements --------------------------------------------------------------
_RELATIONS = ("friend", "cousin", "colleague", "neighbor", "aunt", "uncle", "classmate",
              "teammate", "roommate", "sister", "brother", "niece", "nephew", "grandmother")
_TEMPLATES = ("My {rel} {name} lives in {city}.", "My {rel} {name} is {age} years old.",
              "My {rel} {name} works as a {job}.", "My {rel} {name} was born in {city}.")
_SYLLABLES = ("zor", "van", "quil", "bram", "tar", "sil", "mor", "wick", "dun", "pel", "kor",
              "nis", "bel", "dex", "fen", "gal", "hul", "jor", "lin", "ros", "tav", "ul")
_CITIES = ("Lisbon", "Oslo", "Nairobi", "Lima", "Kyoto", "Porto", "Quito", "Perth", "Tromso",
           "Cusco", "Dakar", "Hanoi")
_JOBS = ("carpenter", "baker", "pilot", "nurse", "plumber", "librarian", "chemist", "tailor")


def _names(rng: random.Random):
    seen: set[str] = set()
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
        if name not in seen:
            seen.add(name)
            yield name


def make_statements(count: int, seed: int = 0) -> list[str]:
    """``count`` first-person statements about made-up people, each of which parses to a fact."""
    from daemon.sleep.extract import extract_facts
    from daemon.sleep.types import SourceMessage

    rng, out = random.Random(seed), list[str]()
    names = _names(rng)
    while len(out) < count:
        text = rng.choice(_TEMPLATES).format(
            rel=rng.choice(_RELATIONS), name=next(names), city=rng.choice(_CITIES),
            age=rng.randint(19, 88), job=rng.choice(_JOBS))
        if extract_facts([SourceMessage(1, text)]):
            out.append(text)
    return out


def statements_for_facts(facts: int, seed: int = 0, per_message: int = 10) -> list[str]:
    """The fewest statements whose extracted, curated facts number at least ``facts``."""
    from daemon.sleep.curate import curate
    from daemon.sleep.extract import extract_facts
    from daemon.sleep.types import SourceMessage

    pool = make_statements(max(4, facts), seed)
    for n in range(1, len(pool) + 1):
        told = pool[:n]
        messages = [SourceMessage(i + 1, " ".join(told[i:i + per_message]))
                    for i in range(0, n, per_message)]
        if len(curate(extract_facts(messages), []).facts) >= facts:
            return pool[:n]
    return pool


# --- talking to the daemon ----------------------------------------------------------------
def tell(url: str, statements: list[str], per_message: int = 10) -> None:
    """Send the statements as user chat messages (``per_message`` per message, 1-token replies)."""
    with httpx.Client(base_url=url, timeout=300) as client:
        conversation = None
        for i in range(0, len(statements), per_message):
            body = {"messages": [{"role": "user",
                                  "content": " ".join(statements[i:i + per_message])}],
                    "max_tokens": 1, "temperature": 0.0}
            if conversation:
                body["conversation_id"] = conversation
            reply = client.post("/v1/chat/completions", json=body)
            reply.raise_for_status()
            conversation = reply.headers.get("x-conversation-id")


def timed_chat(client: httpx.Client, prompt: str, max_tokens: int) -> float:
    """Seconds for one non-streaming evaluation request."""
    body = {"messages": [{"role": "user", "content": prompt}], "max_tokens": max_tokens,
            "temperature": 0.0}
    tic = time.perf_counter()
    client.post("/v1/chat/completions", json=body, headers=EVALUATION).raise_for_status()
    return time.perf_counter() - tic


def timed_stream(client: httpx.Client, prompt: str, max_tokens: int) -> dict:
    """One streaming evaluation request: its start and the arrival time of every content chunk."""
    body = {"messages": [{"role": "user", "content": prompt}], "max_tokens": max_tokens,
            "temperature": 0.0, "stream": True}
    start = time.perf_counter()
    arrivals = []
    with client.stream("POST", "/v1/chat/completions", json=body, headers=EVALUATION) as resp:
        resp.raise_for_status()
        for line in resp.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[6:]).get("choices") or [{}]
            if choices[0].get("delta", {}).get("content"):
                arrivals.append(time.perf_counter())
    return {"start": start, "end": time.perf_counter(), "arrivals": arrivals}


def start_sleep(url: str) -> int:
    reply = httpx.post(url + "/sleep", timeout=60)
    reply.raise_for_status()
    return reply.json()["id"]


class CyclePoller:
    """Polls ``GET /sleep/{id}`` in a thread: a timeline of the stage in progress, and the end."""

    def __init__(self, url: str, cycle_id: int, interval: float = 0.25):
        self.url, self.cycle_id, self.interval = url, cycle_id, interval
        self.timeline: list[tuple[float, str | None, int | None]] = []
        self.record: dict | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cycle-poller", daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as client:
            while True:
                cycle = client.get(f"/sleep/{self.cycle_id}").json()
                current = cycle.get("current") or {}
                self.timeline.append((time.perf_counter(), current.get("stage"),
                                      current.get("step")))
                if cycle.get("status") != "running":
                    self.record = cycle
                    self.done.set()
                    return
                time.sleep(self.interval)

    def stage_now(self) -> str | None:
        return self.timeline[-1][1] if self.timeline else None

    def phase_at(self, t: float) -> str | None:
        """The stage in progress at ``t`` (the last poll before it)."""
        phase = None
        for when, stage, step in self.timeline:
            if when > t:
                break
            phase = "train-step" if stage == "train" and step is not None else stage
        return phase

    def first_seen(self, stage: str) -> float | None:
        return next((t for t, s, _ in self.timeline if s == stage), None)

    def __enter__(self) -> CyclePoller:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.wait(3600)
