"""Retention over nights: each night's facts recalled after every later night.

Written by the experiment command (``benchmarks.experiment``) for every multi-night run::

    sleepllm experiment --compose 100 --nights 10 --out DIR --runs smol_default

``retention.md``: per night, the scores after it, its validation and sleep time; a matrix
of each night's facts recalled after every later night with the last/own ratio; and, for
a composed persona, each corrected fact after every night from its correction on (the new
value recalled, the old one said). ``retention.png``: one line per night's facts, and the
sleep time per night. A night's facts are the recall questions of the categories it added
that are still asked after the last night: a fact changed later counts as a correction.

Re-render from a results.json (corrections need the personas, so they are left out)::

    .venv/bin/python -m benchmarks.retention DIR/results.json
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .capacity import _figure, _seconds, kept
from .persona import RECALL, Persona
from .report import _atomic_write, _md, _table, fmt_score, fmt_status, rerender

log = logging.getLogger(__name__)

# The targets: a night's facts after the last night vs after their own night, and
# the last night's sleep vs the first's.
RETAINED_TARGET = 0.9
SLEEP_GROWTH_TARGET = 1.5

Run = Mapping[str, Any]


def retention(run: Run) -> list[list[float | None]]:
    """``[told night][after night]``: mean recall of a night's facts; None before told."""
    nights = run["nights"]
    final = nights[-1]["answers"]
    matrix: list[list[float | None]] = []
    for told in nights:
        added = set(told.get("categories_added") or [])
        stable = {a["question"] for a in final if a["kind"] == RECALL and a["category"] in added}
        row: list[float | None] = []
        for after in nights:
            scores = [a["score"] for a in after["answers"]
                      if a["kind"] == RECALL and a["category"] in added
                      and a["question"] in stable]
            row.append(sum(scores) / len(scores) if scores else None)
        matrix.append(row)
    return matrix


def corrections(asked: Sequence[Persona] | None) -> list[tuple[str, int]]:
    """(question, night) for each fact a night changed: a question of the category the
    night added that an earlier night's persona asked already."""
    found: list[tuple[str, int]] = []
    for night in range(2, len(asked or []) + 1):
        assert asked is not None
        before = {q.question for c in asked[night - 2].categories for q in c.recall_questions}
        added = asked[night - 1].categories[night - 1]
        found += [(q.question, night) for q in added.recall_questions if q.question in before]
    return found


def _ratio(row: list[float | None], own: int) -> float | None:
    first, last = row[own], row[-1]
    if first is None or last is None or not first:
        return None
    return last / first


def _night_rows(run: Run, matrix: list[list[float | None]]) -> list[list[Any]]:
    rows = []
    for i, night in enumerate(run["nights"]):
        told = sum(1 for a in night["answers"] if a["kind"] == RECALL)
        rows.append([night.get("night", i + 1), told, fmt_score(night.get("recall")),
                     fmt_score(night.get("precision")), fmt_score(night.get("generalization")),
                     fmt_score(matrix[i][i]), fmt_status(night.get("validation")),
                     fmt_score(kept(night.get("validation"))), _trained(night),
                     _seconds(night.get("sleep_seconds"))])
    return rows


def _trained(night: Run) -> str:
    """Examples the night's (last) training ran on, and how many learned facts it replayed
    on top of the served adapter ("all": retrained from the base model)."""
    train = [s.get("detail") or {} for s in night.get("stages") or [] if s.get("name") == "train"]
    if not train or "examples" not in train[-1]:
        return "-"
    replayed = train[-1].get("replayed")
    return f"{train[-1]['examples']} ({'all' if replayed is None else replayed})"


def _correction_rows(run: Run, fixes: Sequence[tuple[str, int]]) -> list[list[Any]]:
    rows = []
    for question, night in fixes:
        cells = []
        for after in run["nights"][night - 1:]:
            answer = next((a for a in after["answers"] if a["question"] == question), None)
            cells.append("-" if answer is None else
                         f"{answer['score']:.1f}{' (old said)' if answer['forbidden_hit'] else ''}")
        rows.append([question, night, " / ".join(cells)])
    return rows


def retention_markdown(run: Run, fixes: Sequence[tuple[str, int]] = ()) -> list[str]:
    matrix = retention(run)
    count = len(run["nights"])
    lines = [f"## {_md(run['name'])}", "",
             "Per night: scores over every question told so far (weights alone); own = "
             "recall of that night's facts right after it; kept = benchmark after / before; "
             "trained = examples trained (learned facts replayed on top of the served "
             "adapter, or all from the base model).", ""]
    lines += _table(("Night", "Questions", "Recall", "Precision", "Generalization", "Own",
                     "LoRA Status", "Kept", "Trained", "Sleep (s)"), _night_rows(run, matrix))
    lines += ["", "Each night's facts (rows) recalled after every night (columns); ratio = "
              f"after the last night / after their own (target >= {RETAINED_TARGET}).", ""]
    header = ["Told on", *(f"after {n}" for n in range(1, count + 1)), "ratio"]
    rows = [[f"night {j + 1}", *(fmt_score(c) if c is not None else "" for c in row),
             fmt_score(_ratio(row, j))] for j, row in enumerate(matrix)]
    lines += _table(header, rows)
    first, last = run["nights"][0].get("sleep_seconds"), run["nights"][-1].get("sleep_seconds")
    if isinstance(first, int | float) and isinstance(last, int | float) and first:
        lines += ["", f"Last night's sleep / first night's: {last / first:.2f} "
                      f"(target <= {SLEEP_GROWTH_TARGET})."]
    if fixes:
        lines += ["", "Corrections: score of the new value after each night from the "
                      "correction on (1.0 = recalled; 'old said' = the old value given).", ""]
        lines += _table(("Question", "Changed on night", "After each night"),
                        _correction_rows(run, fixes))
    return lines + [""]


def plot_retention(runs: Sequence[Run], path: Path) -> None:
    """Per run: a line per night's facts over the later nights, and sleep per night."""
    from matplotlib.ticker import MaxNLocator

    multi = [r for r in runs if r.get("nights")]
    fig, axes = _figure(11.0, 4.2 * len(multi), 2 * len(multi))
    for k, run in enumerate(multi):
        lines, sleep = axes[2 * k], axes[2 * k + 1]
        count = len(run["nights"])
        for j, row in enumerate(retention(run)):
            xs = [i + 1 for i in range(j, count) if row[i] is not None]
            lines.plot(xs, [row[i - 1] for i in xs], marker="o", label=f"night {j + 1}")
        lines.set(xlabel="after night", ylabel="recall of the night's facts", ylim=(0, 1.05),
                  title=f"Retention: {run['name']}")
        lines.legend(fontsize=7, ncol=2)
        for ax in (lines, sleep):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # nights are whole
        sleep.bar([n.get("night", i + 1) for i, n in enumerate(run["nights"])],
                  [n.get("sleep_seconds") or 0 for n in run["nights"]])
        sleep.set(xlabel="night", ylabel="seconds", title="Sleep time per night")
    _atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=120))


def write_retention(out: Path, runs: Sequence[Run],
                    asked: Sequence[Persona] | None = None) -> None:
    """retention.md and retention.png for the runs that have nights."""
    multi = [r for r in runs if r.get("nights")]
    if not multi:
        return
    fixes = corrections(asked)
    lines = ["# Retention over nights", ""]
    for run in multi:
        lines += retention_markdown(run, fixes)
    text = "\n".join(lines)
    _atomic_write(out / "retention.md", lambda tmp: Path(tmp).write_text(text, "utf-8"))
    plot_retention(multi, out / "retention.png")


def main(argv: list[str] | None = None) -> int:
    """Re-render retention.md and retention.png beside an existing results.json."""
    return rerender(argv, "benchmarks.retention",
                    lambda out, data: write_retention(out, data["runs"]))


if __name__ == "__main__":
    raise SystemExit(main())
