"""Tests of benchmarks.report: results.json schema, results.md tables, heatmap/nights PNGs.

Run: .venv/bin/python -m pytest tests/benchmarks/test_report.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.report import (
    SUMMARY_HEADER,
    fmt_cell,
    fmt_lr,
    model_label,
    render_markdown,
    write_results,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RUN_KEYS = {"name", "model", "config", "recall", "precision", "generalization",
            "per_category", "validation", "sleep_seconds", "answers"}


def _run(name: str = "3b_baseline", model: str = "meta-llama/Llama-3.2-3B-Instruct",
         **extra: Any) -> dict[str, Any]:
    run = {
        "name": name, "model": model,
        "config": {"learning_rate": 1e-4, "epochs": 3, "lora_rank": 16, "lora_layers": 16},
        "recall": 6.5 / 15, "precision": 29 / 30, "generalization": 0.8,
        "per_category": {"identity": [1.0, 3], "family": [2.0, 4], "location": [1.5, 3],
                         "programming": [2.0, 2], "pet": [0.0, 3]},
        "validation": {"status": "approved", "benchmark_before": 1.0,
                       "benchmark_after": 0.958},
        "sleep_seconds": 95.2,
        "answers": [{"question": "What is my name?", "kind": "recall", "category": "identity",
                     "answer": "Vladimir", "score": 0.5, "forbidden_hit": False}],
    }
    run.update(extra)
    return run


def _nights() -> list[dict[str, Any]]:
    first = {"identity": [1.0, 3], "family": [1.0, 4], "location": [0.0, 3],
             "programming": [0.0, 2], "pet": [0.0, 3]}
    second = {"identity": [2.0, 3], "family": [1.0, 4], "location": [1.5, 3],
              "programming": [2.0, 2], "pet": [1.0, 3]}
    return [
        {"night": 1, "categories_added": ["identity", "family", "location"], "recall": 0.13,
         "precision": 1.0, "generalization": 0.2, "per_category": first,
         "validation": {"status": "approved", "benchmark_before": 1.0, "benchmark_after": 1.0},
         "sleep_seconds": 40.0},
        {"night": 2, "categories_added": ["programming", "pet"], "recall": 0.5,
         "precision": 0.93, "generalization": 0.6, "per_category": second,
         "validation": {"status": "rejected", "benchmark_before": 1.0,
                        "benchmark_after": 0.5},
         "sleep_seconds": 41.0},
    ]


def _table_rows(markdown: str, header_start: str) -> list[list[str]]:
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_write_results_files(tmp_path: Path) -> None:
    runs = [_run(), _run("8b_lr1e4", "meta-llama/Llama-3.1-8B-Instruct",
                         validation={"status": "rejected", "benchmark_before": 1.0,
                                     "benchmark_after": 0.0})]
    write_results(tmp_path / "out", "seed_persona", runs)
    out = tmp_path / "out"
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data == {"persona": "seed_persona", "runs": runs}
    assert set(data["runs"][0]) == RUN_KEYS
    assert data["runs"][0]["per_category"]["identity"] == [1.0, 3]
    assert (out / "heatmap.png").read_bytes().startswith(PNG_MAGIC)
    assert not (out / "nights.png").exists()
    assert not list(out.glob(".*.tmp"))


def test_summary_table(tmp_path: Path) -> None:
    runs = [_run(), _run("8b_lr1e4", "meta-llama/Llama-3.1-8B-Instruct",
                         validation={"status": "rejected"})]
    write_results(tmp_path, "seed_persona", runs)
    markdown = (tmp_path / "results.md").read_text(encoding="utf-8")
    rows = _table_rows(markdown, "| Run | Model |")
    assert rows[0] == list(SUMMARY_HEADER)
    assert rows[2] == ["3b_baseline", "Llama-3.2-3B", "3B", "1e-4", "3", "16", "0.43", "0.97",
                       "0.80", "Approved"]
    assert rows[3][:3] == ["8b_lr1e4", "Llama-3.1-8B", "8B"]
    assert rows[3][-1] == "**Rejected**"


def test_heatmap_table(tmp_path: Path) -> None:
    runs = [_run(), _run("3b_mlx", per_category={"identity": [2.0, 3], "pet": [0.5, 3]})]
    markdown = render_markdown("seed_persona", runs)
    rows = _table_rows(markdown, "| Category |")
    assert rows[0] == ["Category", "3b_baseline", "3b_mlx"]
    assert rows[2:] == [["identity", "1/3", "2/3"], ["family", "2/4", "-"],
                        ["location", "1.5/3", "-"], ["programming", "2/2", "-"],
                        ["pet", "0/3", "0.5/3"]]


def test_reference_comparison() -> None:
    ref = {"recall": 0.43, "precision": 0.97, "generalization": 0.8, "status": "approved"}
    markdown = render_markdown("seed_persona", [_run(reference=ref), _run("other")])
    rows = _table_rows(markdown, "| Run | Recall |")
    assert rows[2] == ["3b_baseline", "0.43 / 0.43", "0.97 / 0.97", "0.80 / 0.80",
                       "Approved / Approved"]
    assert len(rows) == 3
    assert "Compared with the write-up" not in render_markdown("p", [_run()])


def test_nights_tables_and_png(tmp_path: Path) -> None:
    runs = [_run(nights=_nights()), _run("single")]
    write_results(tmp_path, "seed_persona", runs)
    markdown = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "### Nights: 3b_baseline" in markdown
    assert "### Nights: single" not in markdown
    summary = _table_rows(markdown, "| Night |")
    assert summary[2][:3] == ["1", "identity, family, location", "0.13"]
    assert summary[3][5] == "**Rejected**"
    grid = _table_rows(markdown, "| Category | after night 1 |")
    assert grid[0] == ["Category", "after night 1", "after night 2"]
    assert grid[2] == ["identity", "1/3", "2/3"]
    assert (tmp_path / "nights.png").read_bytes().startswith(PNG_MAGIC)
    assert json.loads((tmp_path / "results.json").read_text())["runs"][0]["nights"][1][
        "categories_added"] == ["programming", "pet"]


def test_missing_values_render_as_dash(tmp_path: Path) -> None:
    run = {"name": "crashed", "model": "embedded", "recall": None}
    write_results(tmp_path, "p", [run])
    rows = _table_rows((tmp_path / "results.md").read_text(), "| Run | Model |")
    assert rows[2] == ["crashed", "SmolLM2-135M", "135M", "-", "-", "-", "-", "-", "-", "-"]
    assert (tmp_path / "heatmap.png").read_bytes().startswith(PNG_MAGIC)


def test_no_runs(tmp_path: Path) -> None:
    write_results(tmp_path, "p", [])
    assert json.loads((tmp_path / "results.json").read_text()) == {"persona": "p", "runs": []}
    assert (tmp_path / "heatmap.png").read_bytes().startswith(PNG_MAGIC)


@pytest.mark.parametrize("runs", [
    [{"model": "x"}],
    [{"name": ""}],
    [{"name": "a"}, {"name": "a"}],
    ["a"],
])
def test_bad_runs_are_rejected(tmp_path: Path, runs: list[Any]) -> None:
    with pytest.raises(ValueError):
        write_results(tmp_path, "p", runs)


def test_nan_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_results(tmp_path, "p", [_run(recall=float("nan"))])


def test_pipe_in_name_does_not_break_table() -> None:
    markdown = render_markdown("p", [_run("a|b")])
    assert "| a\\|b |" in markdown


@pytest.mark.parametrize(("value", "text"), [
    (1e-4, "1e-4"), (5e-5, "5e-5"), (2e-4, "2e-4"), (2.5e-4, "2.5e-4"), (0.001, "1e-3"),
    (None, "-"),
])
def test_fmt_lr(value: Any, text: str) -> None:
    assert fmt_lr(value) == text


@pytest.mark.parametrize(("cell", "text"), [
    ([2.0, 3], "2/3"), ([1.5, 3], "1.5/3"), ([0, 2], "0/2"), ([2 / 3, 4], "0.67/4"),
    (None, "-"),
])
def test_fmt_cell(cell: Any, text: str) -> None:
    assert fmt_cell(cell) == text


@pytest.mark.parametrize(("model", "label", "params"), [
    ("meta-llama/Llama-3.2-3B-Instruct", "Llama-3.2-3B", "3B"),
    ("mlx-community/Llama-3.2-3B-Instruct-4bit", "Llama-3.2-3B-4bit", "3B"),
    ("meta-llama/Llama-3.1-8B-Instruct", "Llama-3.1-8B", "8B"),
    ("mlx-community/Meta-Llama-3.1-70B-Instruct-4bit", "Llama-3.1-70B-4bit", "70B"),
    ("HuggingFaceTB/SmolLM2-135M-Instruct", "SmolLM2-135M", "135M"),
    ("embedded", "SmolLM2-135M", "135M"),
    ("/models/my-model", "my-model", "-"),
])
def test_model_label(model: str, label: str, params: str) -> None:
    assert model_label({"model": model}) == (label, params)


def test_model_label_overrides() -> None:
    assert model_label({"model": "x", "model_label": "X", "params": "1B"}) == ("X", "1B")
