"""Bench section ``sleeping``: chat while the daemon sleeps, the swap pause, and memory.

    sleepllm bench --sections sleeping [--quick] [--requests 20] [--sleep-facts 10]

One real daemon process (``python -m daemon serve``, fresh data directory). First it is
idle: a fixed short request (max_tokens 8, think time 0.5-1.5 s) is sent
``--requests`` times, and one long streaming reply gives the idle inter-token gap.
Then it is told ~``--sleep-facts`` facts and put to sleep, and the same short request
is sent the same way until the sleep worker starts validating; every request is
tagged with the stage in progress (``GET /sleep/{id}``'s ``current``); after about
``--sleep-requests`` of them the sleep goes on undisturbed. From the fuse stage on,
long streaming replies are requested back to back until the cycle ends, so one of
them spans the fuse and the swap: its arrival times give the longest pause. The
daemon's RSS (and its children's: the training worker) is sampled throughout.

The cycle runs with ``benchmark_tolerance=0`` so it is not rejected for a lower
benchmark score (this section measures timing, not quality) and reaches the swap.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import httpx

from .bench_common import (
    LONG_PROMPT,
    SHORT_PROMPT,
    CyclePoller,
    DaemonProcess,
    RssSampler,
    fmt,
    markdown_table,
    median,
    percentile,
    ratio,
    start_sleep,
    statements_for_facts,
    tell,
    timed_chat,
    timed_stream,
    verdict,
)

TARGET_P99_RATIO = 3.0
TARGET_PAUSE_MS = 500.0
SHORT_TOKENS = 8
STREAM_TOKENS = 96
SWAPPING = ("fuse", "swap")


def _short_requests(client: httpx.Client, count: int | None, rng: random.Random,
                    until=None) -> list[tuple[float, float]]:
    """(start, seconds) of short requests with a random think time, ``count`` or ``until()``."""
    out: list[tuple[float, float]] = []
    while (count is None or len(out) < count) and not (until and until()):
        start = time.perf_counter()
        out.append((start, timed_chat(client, SHORT_PROMPT, SHORT_TOKENS)))
        time.sleep(rng.uniform(0.5, 1.5))
    return out


def _latency(values: list[float]) -> dict:
    return {"n": len(values), "p50_s": percentile(values, 50), "p99_s": percentile(values, 99),
            "max_s": max(values) if values else None}


def _gaps(stream: dict) -> list[tuple[float, float]]:
    """(time the gap ended, gap seconds) between consecutive content chunks."""
    t = stream["arrivals"]
    return [(b, b - a) for a, b in zip(t, t[1:], strict=False)]


def swap_figures(streams: list[dict], poller: CyclePoller, idle_stream: dict) -> dict:
    """Gaps seen by streams across the fuse and the swap, against the idle inter-token gap."""
    t_fuse, t_swap = poller.first_seen("fuse"), poller.first_seen("swap")
    idle_gap = median(g for _, g in _gaps(idle_stream))
    spanning = [s for s in streams if t_swap and s["start"] <= t_swap <= s["end"]]
    by_phase: dict[str, float] = {}
    for s in streams:
        for end, gap in _gaps(s):
            phase = poller.phase_at(end) or "after"
            by_phase[phase] = max(by_phase.get(phase, 0.0), gap)
    late = [s for s in streams if t_fuse and s["start"] >= t_fuse and s["arrivals"]]
    span_gaps = [g for s in spanning for _, g in _gaps(s)]
    return {
        "idle_median_gap_ms": idle_gap * 1000,
        "idle_ttft_ms": (idle_stream["arrivals"][0] - idle_stream["start"]) * 1000,
        "streams": len(streams), "streams_spanning_swap": len(spanning),
        "spanning_max_gap_ms": max(span_gaps) * 1000 if span_gaps else None,
        "spanning_median_gap_ms": median(span_gaps) * 1000 if span_gaps else None,
        "max_gap_ms_by_stage": {k: v * 1000 for k, v in by_phase.items()},
        "max_ttft_ms_started_in_fuse_or_swap": max(
            ((s["arrivals"][0] - s["start"]) * 1000 for s in late), default=None),
    }


def _stage(record: dict, name: str) -> dict:
    return next((s for s in reversed(record.get("stages") or []) if s["name"] == name), {})


def _sleep_phase(client, url: str, rng: random.Random,
                 max_samples: int) -> tuple[CyclePoller, list, list]:
    """Short requests while the cycle trains (about ``max_samples`` during its steps), then,
    from the fuse stage on, streaming replies back to back until the cycle ends."""
    poller = CyclePoller(url, start_sleep(url))
    with poller:
        seen_step = []

        def enough() -> bool:
            stage = poller.stage_now()
            if stage == "train" and poller.timeline[-1][2] is not None:
                seen_step.append(True)
            return poller.done.is_set() or (bool(seen_step) and stage != "train") \
                or len(seen_step) >= max_samples

        short = _short_requests(client, None, rng, until=enough)
        while not poller.done.is_set() and poller.stage_now() not in SWAPPING:
            time.sleep(0.1)  # let training and validation finish undisturbed
        streams = []
        while not poller.done.is_set():
            streams.append(timed_stream(client, LONG_PROMPT, STREAM_TOKENS))
    return poller, short, streams


def measure(facts: int, idle_requests: int, epochs: int, max_samples: int) -> dict:
    rng = random.Random(0)
    statements = statements_for_facts(facts)
    with tempfile.TemporaryDirectory(prefix="sleepllm-bench-") as tmp, \
            DaemonProcess(Path(tmp) / "data", epochs=epochs, benchmark_tolerance=0.0) as daemon, \
            RssSampler(daemon.pid) as rss, \
            httpx.Client(base_url=daemon.url, timeout=900) as client:
        timed_chat(client, SHORT_PROMPT, SHORT_TOKENS)  # warm-up
        t0 = time.perf_counter()
        idle = _short_requests(client, idle_requests, rng)
        idle_stream = timed_stream(client, LONG_PROMPT, STREAM_TOKENS)
        t1 = time.perf_counter()
        tell(daemon.url, statements)
        poller, short, streams = _sleep_phase(client, daemon.url, rng, max_samples)
        t2 = time.perf_counter()
        memory = {"idle": rss.peak(t0, t1), "sleeping": rss.peak(t1, t2)}
    return summarize(idle, short, streams, idle_stream, poller, memory,
                     {"statements": len(statements), "epochs": epochs})


def summarize(idle, short, streams, idle_stream, poller: CyclePoller, memory: dict,
              workload: dict) -> dict:
    record = poller.record or {}
    phases: dict[str, list[float]] = {}
    for start, seconds in short:
        phases.setdefault(poller.phase_at(start) or "starting", []).append(seconds)
    idle_lat = _latency([s for _, s in idle])
    during = {k: _latency(v) for k, v in phases.items()}
    training = during.get("train-step", _latency([]))
    p99_ratio = ratio(training["p99_s"], idle_lat["p99_s"]) if training["n"] else None
    swap = swap_figures(streams, poller, idle_stream)
    swap_stage = _stage(record, "swap")
    pause = swap["spanning_max_gap_ms"]
    return {
        "workload": {**workload, "facts": _stage(record, "curate").get("detail", {})
                     .get("training_facts"), "short_request_tokens": SHORT_TOKENS},
        "cycle": {"status": record.get("status"),
                  "stages": [{"name": s["name"], "seconds": s["seconds"]}
                             for s in record.get("stages") or []]},
        "latency": {"idle": idle_lat, "sleeping": during},
        "p99_ratio_training_vs_idle": p99_ratio,
        "swap": {**swap, "slot_swap_pause_ms": (swap_stage.get("detail") or {})
                 .get("pause_seconds", float("nan")) * 1000,
                 "swap_stage_s": swap_stage.get("seconds"),
                 "fuse_stage_s": _stage(record, "fuse").get("seconds")},
        "memory_mib": memory,
        "targets": {"p99_ratio": TARGET_P99_RATIO, "pause_ms": TARGET_PAUSE_MS},
        "met": {"p99_ratio": None if p99_ratio is None else p99_ratio <= TARGET_P99_RATIO,
                "pause_ms": None if pause is None else pause < TARGET_PAUSE_MS},
    }


def _latency_rows(result: dict) -> list[list]:
    idle = result["latency"]["idle"]
    rows = [["idle", idle["n"], fmt(idle["p50_s"] * 1000, 0), fmt(idle["p99_s"] * 1000, 0),
             "1.00x", ""]]
    for phase, lat in sorted(result["latency"]["sleeping"].items()):
        is_train = phase == "train-step"
        rows.append([f"sleeping: {phase}", lat["n"], fmt(lat["p50_s"] * 1000, 0),
                     fmt(lat["p99_s"] * 1000, 0), fmt(ratio(lat["p99_s"], idle["p99_s"])) + "x",
                     f"<= {TARGET_P99_RATIO:.0f}x: {verdict(result['met']['p99_ratio'])}"
                     if is_train else ""])
    return rows


def format_table(result: dict) -> str:
    swap, mem, work = result["swap"], result["memory_mib"], result["workload"]
    out = [f"Chat while sleeping ({work['statements']} statements -> {work['facts']} facts, "
           f"epochs={work['epochs']} (reduced for the bench), cycle {result['cycle']['status']}; "
           f"request: max_tokens {SHORT_TOKENS}, latency in ms)", "",
           markdown_table(["daemon state", "requests", "p50", "p99", "p99 vs idle", "target"],
                          _latency_rows(result)), "",
           "Swap pause (streaming replies requested back to back from the fuse stage to the end)",
           ""]
    stage_gaps = ", ".join(f"{k} {v:.0f}" for k, v in sorted(swap["max_gap_ms_by_stage"].items()))
    rows = [
        ["idle median inter-token gap (ms)", fmt(swap["idle_median_gap_ms"], 0), "reference"],
        ["longest gap in a reply spanning the swap (ms)", fmt(swap["spanning_max_gap_ms"], 0),
         f"< {TARGET_PAUSE_MS:.0f} ms: {verdict(result['met']['pause_ms'])}"],
        ["median gap in that reply (ms)", fmt(swap["spanning_median_gap_ms"], 0), ""],
        ["longest gap by stage (ms)", stage_gaps or "-", ""],
        ["slot swap itself (ms)", fmt(swap["slot_swap_pause_ms"], 3), ""],
        ["fuse stage / swap stage (s)", f"{fmt(swap['fuse_stage_s'])} / "
         f"{fmt(swap['swap_stage_s'])}", ""],
        ["idle time to first token (ms)", fmt(swap["idle_ttft_ms"], 0), "reference"],
        ["longest first-token wait, reply started in fuse/swap (ms)",
         fmt(swap["max_ttft_ms_started_in_fuse_or_swap"], 0), ""],
    ]
    out += [markdown_table(["figure", "value", "target"], rows), "",
            "Peak RSS of the daemon process (MiB; with children = + the training worker)", "",
            markdown_table(["daemon state", "own", "with children"], [
                [k, fmt(v["own_mib"], 0), fmt(v["with_children_mib"], 0)]
                for k, v in mem.items()])]
    return "\n".join(out)


def add_arguments(parser) -> None:
    parser.add_argument("--requests", type=int, default=15,
                        help="sleeping: short requests sent to the idle daemon")
    parser.add_argument("--sleep-facts", type=int, default=10,
                        help="sleeping: facts told before the sleep")
    parser.add_argument("--sleep-epochs", type=int, default=2,
                        help="sleeping: training epochs of that sleep")
    parser.add_argument("--sleep-requests", type=int, default=30,
                        help="sleeping: stop sending short requests after about this many "
                        "during training steps")


def run_section(args, cache_dir: Path) -> dict:
    if args.quick:
        return measure(facts=4, idle_requests=3, epochs=1, max_samples=3)
    return measure(args.sleep_facts, args.requests, args.sleep_epochs, args.sleep_requests)
