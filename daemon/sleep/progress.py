"""Terminal progress for a sleep cycle: a stage line and a tqdm bar over training steps
(in-process), or a one-line status of a cycle watched over HTTP."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def make_cli_progress(enabled: bool = True):
    """Yield a progress callback for :func:`daemon.sleep.cycle.run_cycle`."""
    bar: dict[str, tqdm | None] = {"train": None}

    def report(event: dict) -> None:
        if not enabled:
            return
        kind = event["kind"]
        if kind == "stage":
            _close(bar)
            print(f"[sleep] {event['name']}", file=sys.stderr, flush=True)
        elif kind == "step":
            train = bar["train"]
            if train is None:
                train = bar["train"] = tqdm(total=event["total"], desc="train", unit="step",
                                            file=sys.stderr)
            train.update(event["step"] - train.n)
            train.set_postfix(loss=f"{event['loss']:.3f}")
        elif kind == "checkpoint" and bar["train"] is not None:
            bar["train"].write(f"[sleep] epoch {event['epoch']}: benchmark "
                               f"{event['benchmark']:.2f}, recall probe {event['recall']:.2f} "
                               f"({event['status']})", file=sys.stderr)

    try:
        yield report
    finally:
        _close(bar)


def describe_cycle(cycle: dict) -> str:
    """One line for a cycle record from ``GET /sleep/{id}``: the stage in progress
    and training step, else the last finished stage."""
    current = cycle.get("current") or {}
    done = cycle.get("stages") or []
    if current.get("steps"):
        return (f"{current['stage']} step {current['step']}/{current['steps']} "
                f"loss {current['loss']:.3f}")
    if current:
        return current["stage"]
    if done:
        return f"finished {done[-1]['name']} ({done[-1]['status']})"
    return ""


def _close(bar: dict) -> None:
    if bar["train"] is not None:
        bar["train"].close()
        bar["train"] = None
