"""Capacity and retention tables and plots (fast), and ``--capacity`` end to end (slow).

    .venv/bin/python -m pytest tests/benchmarks/test_capacity.py
    .venv/bin/python -m pytest tests/benchmarks/test_capacity.py -m slow   # real model
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.capacity import capacity_markdown, kept, parse_sizes, write_capacity
from benchmarks.compose import ComposeConfig, compose_nights
from benchmarks.experiment import main
from benchmarks.persona import parse_persona
from benchmarks.retention import corrections, retention, write_retention

PNG_MAGIC = b"\x89PNG"


def _answer(question: str, category: str, score: float, hit: bool = False) -> dict[str, Any]:
    return {"question": question, "kind": "recall", "category": category, "answer": "",
            "score": score, "forbidden_hit": hit}


def _capacity_run(facts: int, recall: float, seconds: float) -> dict[str, Any]:
    return {"name": f"smol_n{facts}", "recall": recall, "precision": 1.0,
            "generalization": recall / 2, "sleep_seconds": seconds,
            "validation": {"status": "approved", "benchmark_before": 0.9,
                           "benchmark_after": 0.81},
            "stages": [{"name": "train", "seconds": seconds - 10}],
            "answers": [_answer(f"q{i}", "c", recall) for i in range(facts)]}


def test_parse_sizes() -> None:
    assert parse_sizes("25,50, 100") == [25, 50, 100]
    for bad in ("", "a,b", "0,5"):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def test_capacity_table_sorted_by_facts_and_plot(tmp_path: Path) -> None:
    runs = [_capacity_run(50, 0.7, 300.0), _capacity_run(25, 0.9, 200.0)]
    text = capacity_markdown(runs)
    rows = [line for line in text.splitlines() if line.startswith("| smol")]
    assert rows[0].startswith("| smol_n25 | 25 | 0.90 | 1.00 | 0.45 | 0.90 | 0.81 | 0.90 |")
    assert rows[0].endswith("| 200 | 190 |") and rows[1].startswith("| smol_n50 | 50 |")
    write_capacity(tmp_path, runs)
    assert (tmp_path / "capacity.png").read_bytes()[:4] == PNG_MAGIC
    assert kept({"benchmark_before": 0.0, "benchmark_after": 0.5}) is None


def _nights_run() -> dict[str, Any]:
    # Night 1 told a and b; night 2 told c and corrected b (now asked in night 2's category).
    night1 = [_answer("a", "night 1", 1.0), _answer("b", "night 1", 1.0)]
    night2 = [_answer("a", "night 1", 0.5), _answer("c", "night 2", 1.0),
              _answer("b", "night 2", 0.0, hit=True)]
    return {"name": "run", "nights": [
        {"night": 1, "categories_added": ["night 1"], "answers": night1, "recall": 1.0,
         "sleep_seconds": 100.0, "validation": {"status": "approved"},
         "stages": [{"name": "train", "detail": {"examples": 40, "replayed": None}}]},
        {"night": 2, "categories_added": ["night 2"], "answers": night2, "recall": 0.5,
         "sleep_seconds": 160.0, "validation": {"status": "approved"},
         "stages": [{"name": "train", "detail": {"examples": 30, "replayed": 3}}]}]}


def test_retention_counts_only_facts_never_changed() -> None:
    # b changed on night 2, so night 1's facts are a alone: 1.0 then 0.5.
    assert retention(_nights_run()) == [[1.0, 0.5], [None, 0.5]]


def test_corrections_found_from_the_nightly_personas(tmp_path: Path) -> None:
    snapshots = compose_nights(ComposeConfig(facts=12, seed=3, nights=3, correct_every=3))
    asked = [parse_persona(s) for s in snapshots]
    found = corrections(asked)
    assert [night for _, night in found] == [3]
    run = _nights_run()
    write_retention(tmp_path, [run], None)
    text = (tmp_path / "retention.md").read_text()
    assert "| night 1 | 1.00 | 0.50 | 0.50 |" in text
    assert "Last night's sleep / first night's: 1.60" in text
    assert "| 40 (all) | 100 |" in text and "| 30 (3) | 160 |" in text
    assert (tmp_path / "retention.png").read_bytes()[:4] == PNG_MAGIC


@pytest.mark.integration
@pytest.mark.slow
def test_capacity_end_to_end_at_four_facts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--capacity", "4", "--out", str(out), "--runs", "smol_default",
                 "--ask", "weights", "--max-tokens", "24"]) == 0
    run = json.loads((out / "results.json").read_text())["runs"][0]
    assert run["name"] == "smol_default_n4"
    assert sum(a["kind"] == "recall" for a in run["answers"]) == 4
    assert "before_sleep" not in run and run["validation"]["status"] in ("approved", "rejected")
    assert "| smol_default_n4 | 4 |" in (out / "capacity.md").read_text()
    assert (out / "capacity.png").read_bytes()[:4] == PNG_MAGIC
    assert json.loads((out / "personas" / "n4.json").read_text())["name"] == \
        "composed_n4_seed0"
