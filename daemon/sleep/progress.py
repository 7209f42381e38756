"""Terminal progress for a sleep cycle: a stage line and a tqdm bar over training steps
(in-process), or, for a cycle watched over HTTP, a bar over its stages and, while it
trains, a bar over the training steps with their rate (:class:`CycleBars`).

    bars = CycleBars(cycle_id, total_stages)
    client.watch_cycle(cycle_id, bars.update)      # each poll of GET /sleep/{id}
    bars.close()
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import IO

from tqdm import tqdm

# Stages have no meaningful rate (seconds to minutes each): count them, name the current
# one (as the bar's description, shown last).
STAGE_BAR = "sleep {cycle}: {{n}}/{{total}} stages |{{bar}}| {{desc}}"


def checked_score(score: float | None) -> str:
    """A checkpoint's benchmark score as shown, or "not asked" (the recall probe had
    already rejected it, or another checkpoint was approved first)."""
    return "not asked" if score is None else f"{score:.2f}"


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
                               f"{checked_score(event['benchmark'])}, recall probe "
                               f"{event['recall']:.2f} "
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


class CycleBars:
    """The bars of a cycle watched by polling ``GET /sleep/{id}`` (``sleepllm sleep``, the
    demo): stages done out of all, naming the one in progress; while it trains, steps done
    out of all with steps per second and the loss. A retried training gets a new bar."""

    def __init__(self, cycle_id: int, stages: int, file: IO[str] | None = None) -> None:
        self.file = file or sys.stderr
        self.stages = tqdm(total=stages, bar_format=STAGE_BAR.format(cycle=cycle_id),
                           file=self.file, position=0)
        self.train: tqdm | None = None
        self._train_of = -1  # stages finished when the training shown began

    def update(self, cycle: dict) -> None:
        done = cycle.get("stages") or []
        self.stages.total = max(self.stages.total, len(done))
        self.stages.update(len(done) - self.stages.n)
        current = cycle.get("current") or {}
        self.stages.set_description_str(current.get("stage") or describe_cycle(cycle))
        if not current.get("steps"):
            self._close_train()
            return
        if self.train is None or self._train_of != len(done):
            self._close_train()
            # initial: the steps done before the first poll do not count toward the rate.
            self.train = tqdm(total=current["steps"], initial=current["step"], desc="train",
                              unit="step", file=self.file, position=1)
            self._train_of = len(done)
        self.train.update(current["step"] - self.train.n)
        self.train.set_postfix(loss=f"{current['loss']:.3f}")

    def _close_train(self) -> None:
        if self.train is not None:
            self.train.close()
            self.train = None

    def close(self) -> None:
        self._close_train()
        self.stages.close()


def _close(bar: dict) -> None:
    if bar["train"] is not None:
        bar["train"].close()
        bar["train"] = None
