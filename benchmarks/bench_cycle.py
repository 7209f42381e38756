"""Bench section ``cycle``: seconds per sleep stage for 10, 50 and 200 facts, and the trend.

    sleepllm bench --sections cycle [--facts 10,50,200] [--epochs 1] [--pairs-per-fact 1]

For each size: a fresh daemon process and data directory, synthetic statements about
made-up people told through the chat route (as few as give the number of stored facts
wanted), one ``POST /sleep``, nobody chatting. The stages come from ``GET /sleep/{id}``.
The ``train`` stage is the whole sleep worker (start, model load, training and the
validation it runs); it is split with the worker's own figures into
``worker start`` / ``training`` / ``validation``, so "non-training" is everything
but the training steps. Epochs and pairs per fact are reduced so the three sleeps
fit the bench's time budget. Training time is linear in epochs and pairs (steps =
pairs x epochs / batch), so the share of non-training work is also projected to the
default 3 epochs. One epoch teaches too little for the recall probe, so these sleeps
end "rejected" after validation: the fuse and the swap (which do not grow with the
facts) are timed in the ``sleeping`` section.
The trend is a least-squares fit of log(seconds) on log(facts): an exponent <= 1 is
no worse than linear.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from .bench_common import (
    CyclePoller,
    DaemonProcess,
    RssSampler,
    fmt,
    markdown_table,
    start_sleep,
    statements_for_facts,
    tell,
    verdict,
)

TARGET_SHARE = 0.25
TARGET_EXPONENT = 1.0
DEFAULT_EPOCHS = 3  # the embedded model's default (daemon.settings)
CHEAP = ("gather", "extract", "firewall", "curate")


def _sum(stages: list[dict], name: str, key: str | None = None) -> float:
    """Seconds of every stage called ``name`` (a retried train/validate appears twice)."""
    total = 0.0
    for s in stages:
        if s["name"] == name:
            total += (s.get("detail") or {}).get(key, 0.0) if key else s["seconds"]
    return total


def breakdown(record: dict) -> dict:
    """Seconds per stage, with the worker's time split into start, training and validation."""
    stages = record.get("stages") or []
    out = {name: _sum(stages, name) for name in CHEAP}
    worker = _sum(stages, "train")
    training = _sum(stages, "train", "seconds")
    validation = _sum(stages, "validate", "seconds_in_worker")
    out.update({"worker_start": max(0.0, worker - training - validation), "training": training,
                "validation": validation + _sum(stages, "validate"),
                "fuse": _sum(stages, "fuse"), "swap": _sum(stages, "swap")})
    return out


def one_sleep(facts: int, epochs: int, pairs_per_fact: int, data_dir: Path) -> dict:
    statements = statements_for_facts(facts)
    with DaemonProcess(data_dir, epochs=epochs, pairs_per_fact=pairs_per_fact,
                       benchmark_tolerance=0.0) as daemon, RssSampler(daemon.pid) as rss:
        tell(daemon.url, statements)
        with CyclePoller(daemon.url, start_sleep(daemon.url), interval=1.0) as poller:
            pass
        record = poller.record or {}
        memory = rss.peak()
    stages = record.get("stages") or []
    curate = next((s.get("detail") or {} for s in stages if s["name"] == "curate"), {})
    trains = [s.get("detail") or {} for s in stages if s["name"] == "train"]
    seconds = breakdown(record)
    total = sum(s["seconds"] for s in stages)
    steps = sum(t.get("steps", 0) for t in trains)
    projected = seconds["training"] * DEFAULT_EPOCHS / epochs
    return {"facts_wanted": facts, "statements": len(statements),
            "facts": curate.get("training_facts"), "pairs": curate.get("training_pairs"),
            "status": record.get("status"), "attempts": len(trains), "steps": steps,
            "train_tokens_per_s": trains[-1].get("tokens_per_second") if trains else None,
            "stages_s": seconds, "total_s": total,
            "non_training_share": (total - seconds["training"]) / total if total else None,
            "non_training_share_at_default_epochs":
                (total - seconds["training"]) / (total - seconds["training"] + projected)
                if total else None,
            "peak_rss_mib_with_children": memory["with_children_mib"]}


def loglog_slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) on log(x): the growth exponent."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x and y]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


def growth(runs: list[dict]) -> dict:
    xs = [r["facts"] or r["facts_wanted"] for r in runs]
    keys = {"total": [r["total_s"] for r in runs],
            "training": [r["stages_s"]["training"] for r in runs],
            "validation": [r["stages_s"]["validation"] for r in runs],
            "non_training": [r["total_s"] - r["stages_s"]["training"] for r in runs]}
    out = {k: loglog_slope(xs, v) for k, v in keys.items()}
    if len(runs) >= 2:
        out["marginal_s_per_fact"] = ((runs[-1]["total_s"] - runs[0]["total_s"])
                                      / max(1, xs[-1] - xs[0]))
    return out


def measure(sizes: list[int], epochs: int, pairs_per_fact: int) -> dict:
    runs = []
    with tempfile.TemporaryDirectory(prefix="sleepllm-bench-") as tmp:
        for facts in sizes:
            runs.append(one_sleep(facts, epochs, pairs_per_fact, Path(tmp) / f"data-{facts}"))
    exponents = growth(runs)
    largest = runs[-1]
    return {"epochs": epochs, "pairs_per_fact": pairs_per_fact, "runs": runs,
            "growth_exponent": exponents,
            "targets": {"non_training_share": TARGET_SHARE, "exponent": TARGET_EXPONENT},
            "met": {"non_training_share": (largest["non_training_share"] or 1) < TARGET_SHARE,
                    "growth": exponents["total"] is not None
                    and exponents["total"] <= TARGET_EXPONENT}}


def format_table(result: dict) -> str:
    runs = result["runs"]
    names = list(runs[0]["stages_s"])
    rows = [[name] + [fmt(r["stages_s"][name], 1) for r in runs] for name in names]
    rows += [
        ["**total**"] + [f"**{fmt(r['total_s'], 1)}**" for r in runs],
        ["non-training share"] + [fmt((r["non_training_share"] or 0) * 100, 0) + "%"
                                  for r in runs],
        [f"  projected at {DEFAULT_EPOCHS} epochs"]
        + [fmt((r["non_training_share_at_default_epochs"] or 0) * 100, 0) + "%" for r in runs],
        ["statements / facts / pairs / steps"]
        + [f"{r['statements']} / {r['facts']} / {r['pairs']} / {r['steps']}" for r in runs],
        ["training tokens/s (wall)"] + [fmt(r["train_tokens_per_s"], 1) for r in runs],
        ["status (attempts)"] + [f"{r['status']} ({r['attempts']})" for r in runs],
        ["peak RSS with worker (MiB)"] + [fmt(r["peak_rss_mib_with_children"], 0) for r in runs],
    ]
    g, met = result["growth_exponent"], result["met"]
    head = (f"Sleep cycle, seconds per stage (epochs={result['epochs']}, "
            f"pairs_per_fact={result['pairs_per_fact']}: reduced for the bench; "
            "benchmark_tolerance=0)\n\n")
    tail = (f"\n\nGrowth exponent (seconds ~ facts^k): total {fmt(g['total'])}, training "
            f"{fmt(g['training'])}, validation {fmt(g['validation'])}, non-training "
            f"{fmt(g['non_training'])}; marginal {fmt(g.get('marginal_s_per_fact'))} s/fact "
            f"(target k <= {TARGET_EXPONENT:.0f}: {verdict(met['growth'])}). Non-training "
            f"share at {runs[-1]['facts']} facts: target < {TARGET_SHARE:.0%}: "
            f"{verdict(met['non_training_share'])}. A rejected sleep stops after validation; "
            "fuse and swap (constant in facts) are timed in the sleeping section.")
    header = ["stage (s)"] + [f"{r['facts_wanted']} facts" for r in runs]
    return head + markdown_table(header, rows) + tail


def add_arguments(parser) -> None:
    parser.add_argument("--facts", default="10,50,200",
                        help="cycle: comma-separated numbers of facts, one sleep each")
    parser.add_argument("--epochs", type=int, default=1, help="cycle: training epochs")
    parser.add_argument("--pairs-per-fact", type=int, default=1,
                        help="cycle: question phrasings trained per fact")


def run_section(args, cache_dir: Path) -> dict:
    if args.quick:
        return measure([3, 6], 1, 1)
    sizes = [int(x) for x in args.facts.split(",") if x.strip()]
    return measure(sizes, args.epochs, args.pairs_per_fact)
