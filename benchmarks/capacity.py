"""Capacity and retention: composed personas told to the daemon, and their tables and plots.

Run through the experiment command (``benchmarks.experiment``)::

    sleepllm experiment --capacity 25,50,100,200 --out DIR --runs smol_default --ask weights
    sleepllm experiment --compose 100 --nights 10 --out DIR --runs smol_default

- Capacity: for each size N, a persona of N facts (``benchmarks.compose``, one seed), a
  fresh data directory, everything told over the chat route, one sleep, every question
  asked. ``capacity.md`` (the table) and ``capacity.png`` (recall, precision,
  generalization, benchmark kept and sleep time against N) go to ``--out``, with the
  personas as ``personas/nN.json``.
- Retention of multi-night runs: ``benchmarks.retention``.

Re-render the capacity table and plot from a results.json::

    .venv/bin/python -m benchmarks.capacity DIR/results.json
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .compose import ComposeConfig, compose_nights, write_persona
from .persona import RECALL, Persona, parse_persona, split_nights
from .report import _atomic_write, _table, fmt_score, fmt_status, rerender

log = logging.getLogger(__name__)

# The targets, drawn on the capacity plot: (facts, recall) points and flat lines.
RECALL_TARGETS = ((100, 0.9), (200, 0.8))
PRECISION_TARGET = 0.95
KEPT_TARGET = 0.9

Run = Mapping[str, Any]


def parse_sizes(text: str) -> list[int]:
    """"25,50,100" -> [25, 50, 100]; each size a positive integer."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"--capacity takes sizes like 25,50,100, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise ValueError(f"--capacity takes positive sizes, not {text!r}")
    return sizes


def composed_personas(facts: int, seed: int, nights: int, correct_every: int,
                      out: Path) -> list[Persona]:
    """The composed persona as known after each night; the last is written to ``out``."""
    cfg = ComposeConfig(facts=facts, seed=seed, nights=nights, correct_every=correct_every)
    snapshots = compose_nights(cfg)
    write_persona(snapshots[-1], out)
    return [parse_persona(s, source=f"{cfg.name} night {i}")
            for i, s in enumerate(snapshots, start=1)]


def run_capacity(args: Any, grid: list, run_grid: Callable[..., list[dict]]) -> list[dict]:
    """One composed persona per size, each run of ``grid`` on it; tables after each."""
    runs: list[dict] = []
    for size in parse_sizes(args.capacity):
        persona = composed_personas(size, args.seed, 1, 0,
                                    args.out / "personas" / f"n{size}.json")[-1]
        run_grid(args, grid, persona, split_nights(persona, 1), suffix=f"_n{size}", runs=runs)
        write_capacity(args.out, runs)
    return runs


def facts_of(run: Run) -> int:
    """How many facts a run was told: its recall questions."""
    return sum(1 for a in run.get("answers") or [] if a.get("kind") == RECALL)


def kept(validation: Any) -> float | None:
    """Benchmark after / before: the share of general knowledge a sleep kept."""
    if not isinstance(validation, Mapping):
        return None
    before, after = validation.get("benchmark_before"), validation.get("benchmark_after")
    if not isinstance(before, int | float) or not isinstance(after, int | float) or not before:
        return None
    return after / before


def _stage_seconds(run: Run, name: str) -> float | None:
    return next((s.get("seconds") for s in run.get("stages") or [] if s.get("name") == name),
                None)


def _seconds(value: Any) -> str:
    return f"{value:.0f}" if isinstance(value, int | float) else "-"


def capacity_markdown(runs: Sequence[Run]) -> str:
    rows = [[run["name"], facts_of(run), fmt_score(run.get("recall")),
             fmt_score(run.get("precision")), fmt_score(run.get("generalization")),
             fmt_score((run.get("validation") or {}).get("benchmark_before")),
             fmt_score((run.get("validation") or {}).get("benchmark_after")),
             fmt_score(kept(run.get("validation"))), fmt_status(run.get("validation")),
             _seconds(run.get("sleep_seconds")), _seconds(_stage_seconds(run, "train"))]
            for run in sorted(runs, key=facts_of)]
    lines = ["# Capacity", "",
             "One composed persona per size, one sleep; recall, precision and "
             "generalization from the weights alone; benchmark kept = after / before.", ""]
    lines += _table(("Run", "Facts", "Recall", "Precision", "Generalization",
                     "Benchmark before", "Benchmark after", "Kept", "LoRA Status",
                     "Sleep (s)", "Train (s)"), rows)
    return "\n".join(lines) + "\n"


def _figure(width: float, height: float, panels: int) -> tuple[Any, Any]:
    # Figure + Agg canvas directly, not pyplot: no global backend, no display needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(1, panels, squeeze=False)[0]


def plot_capacity(runs: Sequence[Run], path: Path) -> None:
    """Scores and sleep time against the number of facts, one line per grid run."""
    fig, (scores, sleep) = _figure(11.0, 4.2, 2)
    groups: dict[str, list[Run]] = {}
    for run in sorted(runs, key=facts_of):
        groups.setdefault(str(run["name"]).rsplit("_n", 1)[0], []).append(run)
    for group, members in groups.items():
        sizes = [facts_of(r) for r in members]
        for key, marker in (("recall", "o"), ("precision", "s"), ("generalization", "^")):
            scores.plot(sizes, [r.get(key) for r in members], marker=marker,
                        label=f"{key} ({group})" if len(groups) > 1 else key)
        scores.plot(sizes, [kept(r.get("validation")) for r in members], marker="D",
                    label="benchmark kept")
        sleep.plot(sizes, [r.get("sleep_seconds") for r in members], marker="o", label=group)
    scores.scatter(*zip(*RECALL_TARGETS, strict=True), marker="x", color="black",
                   label="recall target", zorder=3)
    scores.axhline(PRECISION_TARGET, color="grey", linestyle="--", linewidth=0.8)
    scores.axhline(KEPT_TARGET, color="grey", linestyle=":", linewidth=0.8)
    scores.set(xlabel="facts", ylabel="score", ylim=(0, 1.05), title="Memory against facts")
    scores.legend(fontsize=8)
    sleep.set(xlabel="facts", ylabel="seconds", title="Sleep time", ylim=(0, None))
    sleep.legend(fontsize=8)
    _atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=120))


def write_capacity(out: Path, runs: Sequence[Run]) -> None:
    text = capacity_markdown(runs)
    _atomic_write(out / "capacity.md", lambda tmp: Path(tmp).write_text(text, "utf-8"))
    plot_capacity(runs, out / "capacity.png")


def main(argv: list[str] | None = None) -> int:
    """Re-render capacity.md and capacity.png beside an existing results.json."""
    return rerender(argv, "benchmarks.capacity",
                    lambda out, data: write_capacity(out, data["runs"]))


if __name__ == "__main__":
    raise SystemExit(main())
