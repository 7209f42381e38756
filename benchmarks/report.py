"""Write an experiment's results: results.json, results.md, heatmap.png (and nights.png).

``write_results(out_dir, persona_name, runs)`` writes, in ``out_dir``:

- ``results.json``: ``{"persona": persona_name, "runs": runs}``, runs stored as given. The
  README schema of one run::

      {"name": "3b_baseline", "model": "meta-llama/Llama-3.2-3B-Instruct",
       "config": {"learning_rate": 1e-4, "epochs": 3, "lora_rank": 16, "lora_layers": 16},
       "recall": 0.43, "precision": 0.97, "generalization": 0.8,
       "per_category": {"identity": [1.0, 3]},
       "validation": {"status": "approved", "benchmark_before": 1.0, "benchmark_after": 1.0},
       "sleep_seconds": 95.2,
       "answers": [{"question": "...", "kind": "recall", "category": "identity",
                    "answer": "...", "score": 1.0, "forbidden_hit": false}]}

  Optional keys this module reads: ``model_label`` and ``params`` (override the model
  column and the size derived from the model id), ``reference`` (a write-up's numbers for
  the same run: ``{"recall", "precision", "generalization", "status"}``, as in
  ``benchmarks/grids/writeup.json``) and ``nights`` (below). Scores may be null.

- ``results.md``: the write-up's summary table, validation details, a comparison with the
  reference numbers when runs carry them, the per-category recall heatmap as a table
  (cells "sum/n", e.g. "1.5/3"), and for multi-night runs a table per run.
- ``heatmap.png``: categories x runs, colour = per-category recall fraction, annotated.
- ``nights.png`` (only when a run has nights): one panel per such run, categories x nights.

Multi-night record: a run whose persona was told over several nights (categories split by
``benchmarks.persona.split_nights``, a sleep after each night, all questions asked after
every sleep) carries ``run["nights"]``, one entry per night in order::

    {"night": 1, "categories_added": ["identity", "family", "location"],
     "recall": 0.3, "precision": 1.0, "generalization": 0.2,
     "per_category": {"identity": [1.0, 3], ...},
     "validation": {"status": "approved", "benchmark_before": 1.0, "benchmark_after": 0.96},
     "sleep_seconds": 41.0}

The run's top-level scores are those after its last night.

Render a results.json again (e.g. after editing it)::

    .venv/bin/python -m benchmarks.report out/results.json
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SUMMARY_HEADER = ("Run", "Model", "Params", "LR", "Epochs", "Rank", "Recall", "Precision",
                  "Generalization", "LoRA Status")
# The settings' "embedded" model id says nothing about its size; name it like the others.
EMBEDDED_LABEL = ("SmolLM2-135M", "135M")
_SIZE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)([BbMm])(?![A-Za-z])")

Run = Mapping[str, Any]


def _md(value: Any) -> str:
    """A markdown table cell: pipes escaped so a name cannot break the table."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _row(cells: Sequence[Any]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def fmt_score(value: Any) -> str:
    """A score rounded to 2 decimals, or "-" when missing."""
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        return "-"
    return f"{value:.2f}"


def fmt_lr(value: Any) -> str:
    """A learning rate in the write-up's style: 1e-4, 5e-5, 2.5e-4."""
    if not isinstance(value, int | float) or value <= 0:
        return "-"
    mantissa, exponent = f"{value:e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def fmt_cell(cell: Any) -> str:
    """A per-category cell ``[sum, n]`` as "2/3" or "1.5/3"; "-" when missing."""
    if not isinstance(cell, list | tuple) or len(cell) != 2:
        return "-"
    total = f"{float(cell[0]):.2f}".rstrip("0").rstrip(".")
    return f"{total}/{int(cell[1])}"


def cell_fraction(cell: Any) -> float:
    """The recall fraction of a per-category cell, NaN when missing or empty."""
    if not isinstance(cell, list | tuple) or len(cell) != 2 or not cell[1]:
        return math.nan
    return float(cell[0]) / float(cell[1])


def model_label(run: Run) -> tuple[str, str]:
    """(short model name, parameter count) for the summary table.

    "meta-llama/Llama-3.2-3B-Instruct" gives ("Llama-3.2-3B", "3B") and
    "mlx-community/Meta-Llama-3.1-70B-Instruct-4bit" gives ("Llama-3.1-70B-4bit", "70B"),
    as written in the write-up; ``model_label`` / ``params`` keys in the run win.
    """
    model = str(run.get("model") or "-")
    if model == "embedded":
        label, params = EMBEDDED_LABEL
    else:
        label = re.sub(r"-Instruct", "", model.rstrip("/").split("/")[-1], flags=re.I)
        label = re.sub(r"^Meta-", "", label)
        sizes = _SIZE.findall(label)
        params = f"{sizes[-1][0]}{sizes[-1][1].upper()}" if sizes else "-"
    return str(run.get("model_label") or label), str(run.get("params") or params)


def fmt_status(validation: Any) -> str:
    """"Approved", or "**Rejected**" in bold as the write-up marks rejections."""
    status = validation.get("status") if isinstance(validation, Mapping) else None
    if not status:
        return "-"
    text = str(status).capitalize()
    return f"**{text}**" if text == "Rejected" else text


def categories_of(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Category names across records' ``per_category``, in first-seen order."""
    names: dict[str, None] = {}
    for record in records:
        for name in record.get("per_category") or {}:
            names.setdefault(name, None)
    return list(names)


def _summary_rows(runs: Sequence[Run]) -> list[list[str]]:
    rows = []
    for run in runs:
        config = run.get("config") or {}
        label, params = model_label(run)
        rows.append([run["name"], label, params, fmt_lr(config.get("learning_rate")),
                     config.get("epochs", "-"), config.get("lora_rank", "-"),
                     fmt_score(run.get("recall")), fmt_score(run.get("precision")),
                     fmt_score(run.get("generalization")), fmt_status(run.get("validation"))])
    return rows


def _validation_rows(runs: Sequence[Run]) -> list[list[str]]:
    rows = []
    for run in runs:
        validation = run.get("validation") or {}
        seconds = run.get("sleep_seconds")
        rows.append([run["name"], fmt_status(validation),
                     fmt_score(validation.get("benchmark_before")),
                     fmt_score(validation.get("benchmark_after")),
                     f"{seconds:.1f}" if isinstance(seconds, int | float) else "-"])
    return rows


def _reference_rows(runs: Sequence[Run]) -> list[list[str]]:
    rows = []
    for run in runs:
        ref = run.get("reference")
        if not isinstance(ref, Mapping):
            continue
        rows.append([run["name"],
                     *(f"{fmt_score(run.get(k))} / {fmt_score(ref.get(k))}"
                       for k in ("recall", "precision", "generalization")),
                     f"{fmt_status(run.get('validation'))} / {fmt_status(ref)}"])
    return rows


def _memory_rows(runs: Sequence[Run]) -> list[list[str]]:
    def cell(scores: Any) -> str:
        if not isinstance(scores, Mapping):
            return "-"
        return " / ".join(fmt_score(scores.get(k))
                          for k in ("recall", "precision", "generalization"))

    return [[run["name"], cell(run.get("before_sleep")), cell(run), cell(run.get("with_memory"))]
            for run in runs if run.get("with_memory") or run.get("before_sleep")]


def _heatmap_rows(records: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    return [[name, *(fmt_cell((r.get("per_category") or {}).get(name)) for r in records)]
            for name in categories_of(records)]


def _nights_section(run: Run) -> list[str]:
    nights = run["nights"]
    lines = [f"### Nights: {_md(run['name'])}", ""]
    rows = [[n.get("night", i + 1), ", ".join(n.get("categories_added") or []) or "-",
             fmt_score(n.get("recall")), fmt_score(n.get("precision")),
             fmt_score(n.get("generalization")), fmt_status(n.get("validation")),
             fmt_score((n.get("validation") or {}).get("benchmark_after"))]
            for i, n in enumerate(nights)]
    lines += _table(("Night", "Categories added", "Recall", "Precision", "Generalization",
                     "LoRA Status", "Benchmark after"), rows)
    header = ["Category", *(f"after night {n.get('night', i + 1)}"
                            for i, n in enumerate(nights))]
    lines += ["", *_table(header, _heatmap_rows(nights)), ""]
    return lines


def render_markdown(persona_name: str, runs: Sequence[Run]) -> str:
    """The results.md text: summary, validation, reference comparison, heatmap, nights."""
    lines = [f"# Results: {_md(persona_name)}", "", "## Summary", ""]
    lines += _table(SUMMARY_HEADER, _summary_rows(runs))
    lines += ["", "## Validation", ""]
    lines += _table(("Run", "LoRA Status", "Benchmark before", "Benchmark after",
                     "Sleep (s)"), _validation_rows(runs))
    memory = _memory_rows(runs)
    if memory:
        lines += ["", "## Wake memory", "",
                  "Recall / precision / generalization: before the sleep with the prompt "
                  "memory only, after it with the weights alone, and with both.", ""]
        lines += _table(("Run", "Before sleep (memory)", "After (weights)",
                         "After (weights + memory)"), memory)
    reference = _reference_rows(runs)
    if reference:
        lines += ["", "## Compared with the write-up", "", "Each cell: this run / write-up.", ""]
        lines += _table(("Run", "Recall", "Precision", "Generalization", "LoRA Status"),
                        reference)
    lines += ["", "## Per-category recall", "",
              "Cells: sum of question scores / questions in the category.", ""]
    lines += _table(["Category", *(r["name"] for r in runs)], _heatmap_rows(runs))
    multi = [r for r in runs if r.get("nights")]
    if multi:
        lines += ["", "## Multi-night runs", ""]
        for run in multi:
            lines += _nights_section(run)
    return "\n".join(lines).rstrip("\n") + "\n"


def _draw_heatmap(ax: Any, records: Sequence[Mapping[str, Any]], columns: list[str],
                  title: str) -> Any:
    """Draw categories x records on ``ax``; returns the image for a colour bar."""
    # Imported here, not at module load: rendering markdown needs no plotting libraries.
    import numpy as np
    from matplotlib import colormaps

    names = categories_of(records)
    ax.set_title(title)
    if not names:
        # Still write the figure, so a results folder always has the same files.
        ax.text(0.5, 0.5, "no per-category results", ha="center", va="center")
        ax.set_axis_off()
        return None
    cells = [[(r.get("per_category") or {}).get(name) for r in records] for name in names]
    data = np.ma.masked_invalid(np.array([[cell_fraction(c) for c in row] for row in cells],
                                         dtype=float).reshape(len(names), len(records)))
    # Grey, not a colour of the scale, for categories a run has no answers for.
    cmap = colormaps["RdYlGn"].with_extremes(bad="#dddddd")
    image = ax.imshow(data, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(len(columns)), labels=columns, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), labels=names)
    for y, row in enumerate(cells):
        for x, cell in enumerate(row):
            ax.text(x, y, fmt_cell(cell), ha="center", va="center", fontsize=9)
    return image


def _save_figure(panels: list[tuple[Sequence[Mapping[str, Any]], list[str], str]],
                 path: Path) -> None:
    # Figure + Agg canvas directly, not pyplot: no global backend switch, no GUI needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = max(len(categories_of(records)) for records, _, _ in panels)
    cols = max(len(columns) for _, columns, _ in panels)
    fig = Figure(figsize=(max(4.0, 1.0 + 1.1 * cols) * len(panels), 1.8 + 0.55 * max(rows, 1)),
                 layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    images = [_draw_heatmap(ax, records, columns, title)
              for ax, (records, columns, title) in zip(axes, panels, strict=True)]
    drawn = [image for image in images if image is not None]
    if drawn:
        fig.colorbar(drawn[0], ax=list(axes), label="recall fraction")
    _atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=120))


def plot_heatmap(runs: Sequence[Run], path: str | Path, title: str = "Per-category recall"
                 ) -> None:
    """Write the categories x runs heatmap PNG."""
    _save_figure([(runs, [str(r["name"]) for r in runs], title)], Path(path))


def plot_nights(runs: Sequence[Run], path: str | Path) -> None:
    """Write one categories x nights panel per run that has a ``nights`` record."""
    panels = [(run["nights"], [f"night {n.get('night', i + 1)}"
                               for i, n in enumerate(run["nights"])], str(run["name"]))
              for run in runs if run.get("nights")]
    if not panels:
        raise ValueError("no run has a 'nights' record")
    _save_figure(panels, Path(path))


def _atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Write via a temporary file in the same folder, so a crash never leaves half a file."""
    # Not mkstemp: its 0600 mode would make results unreadable to other users of the folder.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(str(tmp))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _check_runs(runs: Sequence[Run]) -> None:
    seen: set[str] = set()
    for i, run in enumerate(runs):
        if not isinstance(run, Mapping):
            raise ValueError(f"runs[{i}]: must be a dict, not {type(run).__name__}")
        name = run.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"runs[{i}].name: must be a non-empty string")
        if name in seen:
            raise ValueError(f"runs[{i}].name: duplicate run name {name!r}")
        seen.add(name)


def write_results(out_dir: str | Path, persona_name: str, runs: list[dict]) -> None:
    """Write results.json, results.md, heatmap.png (and nights.png) into ``out_dir``."""
    _check_runs(runs)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # allow_nan=False: NaN is not JSON, and a reader would choke on it later, far from here.
    text = json.dumps({"persona": persona_name, "runs": runs}, indent=1, allow_nan=False)
    _atomic_write(out / "results.json",
                  lambda tmp: Path(tmp).write_text(text + "\n", encoding="utf-8"))
    markdown = render_markdown(persona_name, runs)
    _atomic_write(out / "results.md", lambda tmp: Path(tmp).write_text(markdown, "utf-8"))
    plot_heatmap(runs, out / "heatmap.png")
    if any(run.get("nights") for run in runs):
        plot_nights(runs, out / "nights.png")
    log.info("wrote results of %d runs to %s", len(runs), out)


def rerender(argv: list[str] | None, module: str,
             write: Callable[[Path, dict[str, Any]], None]) -> int:
    """A re-render command: ``write(folder, results)`` beside the results.json named in
    ``argv``; ``module`` is the command's name in its usage line."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        log.error("usage: python -m %s path/to/results.json", module)
        return 2
    path = Path(args[0])
    write(path.parent, json.loads(path.read_text(encoding="utf-8")))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Re-render results.md and the PNGs beside an existing results.json."""
    return rerender(argv, "benchmarks.report",
                    lambda out, data: write_results(out, data["persona"], data["runs"]))


if __name__ == "__main__":
    raise SystemExit(main())
