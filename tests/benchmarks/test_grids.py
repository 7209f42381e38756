"""Tests of benchmarks.grids: the shipped grids load, bad grids name the bad field.

Run: .venv/bin/python -m pytest tests/benchmarks/test_grids.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.grids import GRIDS_DIR, GridError, RunConfig, grid_path, load_grid

WRITEUP = {  # name: (model, lr, epochs, rank, recall, precision, generalization, status)
    "3b_baseline": ("meta-llama/Llama-3.2-3B-Instruct", 1e-4, 3, 16, .43, .97, .80, "approved"),
    "3b_ep1": ("meta-llama/Llama-3.2-3B-Instruct", 1e-4, 1, 16, .47, .90, .60, "approved"),
    "3b_lr5e5": ("meta-llama/Llama-3.2-3B-Instruct", 5e-5, 3, 16, .27, 1.0, .40, "approved"),
    "3b_rank32": ("meta-llama/Llama-3.2-3B-Instruct", 1e-4, 3, 32, .43, .93, .70, "approved"),
    "3b_4bit_mlx": ("mlx-community/Llama-3.2-3B-Instruct-4bit", 1e-4, 3, 16, .43, .90, .90,
                    "approved"),
    "8b_lr1e4": ("meta-llama/Llama-3.1-8B-Instruct", 1e-4, 3, 16, .27, .93, .50, "rejected"),
    "8b_lr5e5": ("meta-llama/Llama-3.1-8B-Instruct", 5e-5, 3, 16, .37, .90, .60, "approved"),
    "8b_ep1": ("meta-llama/Llama-3.1-8B-Instruct", 1e-4, 1, 16, .37, 1.0, .60, "approved"),
    "8b_rank32": ("meta-llama/Llama-3.1-8B-Instruct", 1e-4, 3, 32, .23, .93, .40, "rejected"),
    "70b_baseline": ("mlx-community/Meta-Llama-3.1-70B-Instruct-4bit", 1e-4, 3, 16, 0.0, 1.0,
                     .10, "approved"),
}


def test_embedded_grid() -> None:
    runs = load_grid("embedded")
    assert runs[0] == RunConfig(name="smol_default", model="embedded", learning_rate=1e-4,
                                epochs=3, lora_rank=16, lora_layers=8)
    assert len(runs) >= 2
    assert all(r.model == "embedded" for r in runs)
    assert runs[1].config() == {"learning_rate": 2e-4, "epochs": 6, "lora_rank": 16,
                                "lora_layers": 16}


def test_writeup_grid_matches_the_writeup() -> None:
    runs = load_grid(GRIDS_DIR / "writeup.json")
    assert [r.name for r in runs] == list(WRITEUP)
    for run in runs:
        model, lr, epochs, rank, recall, precision, general, status = WRITEUP[run.name]
        assert (run.model, run.learning_rate, run.epochs, run.lora_rank, run.lora_layers) == (
            model, lr, epochs, rank, 16)
        ref = run.reference
        assert ref is not None
        assert (ref.recall, ref.precision, ref.generalization, ref.status) == (
            recall, precision, general, status)


def test_writeup_heatmap_reference() -> None:
    refs = {r.name: r.reference for r in load_grid("writeup")}
    assert all(ref is not None for ref in refs.values())
    assert refs["8b_lr5e5"].per_category == {  # type: ignore[union-attr]
        "identity": [0, 3], "family": [0, 4], "location": [2.5, 3], "programming": [2, 2],
        "pet": [1, 3]}
    assert refs["8b_ep1"].per_category is None  # type: ignore[union-attr]
    assert refs["3b_baseline"].to_dict()["status"] == "approved"  # type: ignore[union-attr]


def test_grid_path() -> None:
    assert grid_path("embedded") == GRIDS_DIR / "embedded.json"
    assert grid_path("some/where.json") == Path("some/where.json")


def _load(tmp_path: Path, data: Any) -> list[RunConfig]:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_grid(path)


GOOD_RUN = {"name": "a", "model": "embedded", "learning_rate": 1e-4, "epochs": 1,
            "lora_rank": 8, "lora_layers": 4}


def test_defaults_and_optional_fields(tmp_path: Path) -> None:
    runs = _load(tmp_path, {"defaults": {"model": "m", "lora_rank": 8, "lora_layers": 4},
                            "runs": [{"name": "a", "learning_rate": 1e-4, "epochs": 2,
                                      "nights": 3, "batch_size": 2, "notes": "n"},
                                     {"name": "b", "learning_rate": 1e-4, "epochs": 2,
                                      "model": "other"}]})
    assert (runs[0].model, runs[0].nights, runs[0].batch_size) == ("m", 3, 2)
    assert runs[0].config()["batch_size"] == 2
    assert runs[1].model == "other" and runs[1].nights is None


@pytest.mark.parametrize(("data", "message"), [
    ({}, "runs: missing required key"),
    ({"runs": []}, "runs: must not be empty"),
    ({"runs": [GOOD_RUN, {**GOOD_RUN, "learning_rate": 0}]},
     r"runs\[1\]\.learning_rate: must be a number > 0"),
    ({"runs": [{**GOOD_RUN, "learning_rate": "1e-4"}]}, r"runs\[0\]\.learning_rate"),
    ({"runs": [{**GOOD_RUN, "epochs": 1.5}]}, r"runs\[0\]\.epochs: must be an integer"),
    ({"runs": [{**GOOD_RUN, "lora_rank": True}]}, r"runs\[0\]\.lora_rank"),
    ({"runs": [{k: v for k, v in GOOD_RUN.items() if k != "lora_layers"}]},
     r"runs\[0\]\.lora_layers: missing required key"),
    ({"runs": [{k: v for k, v in GOOD_RUN.items() if k != "model"}]},
     r"runs\[0\]\.model: missing required key"),
    ({"runs": [{**GOOD_RUN, "learning_rat": 1e-4}]}, r"runs\[0\]\.learning_rat: unknown key"),
    ({"runs": [GOOD_RUN, GOOD_RUN]}, r"runs\[1\]\.name: duplicate run name 'a'"),
    ({"runs": [{**GOOD_RUN, "nights": 0}]}, r"runs\[0\]\.nights"),
    ({"runs": [{**GOOD_RUN, "reference": {"recall": 2, "precision": 1,
                                          "generalization": 1}}]},
     r"runs\[0\]\.reference\.recall: must be a number from 0 to 1"),
    ({"runs": [{**GOOD_RUN, "reference": {"recall": 1, "precision": 1, "generalization": 1,
                                          "status": "ok"}}]},
     r"runs\[0\]\.reference\.status"),
    ({"defaults": [], "runs": [GOOD_RUN]}, "defaults: must be an object"),
])
def test_bad_grid_names_the_field(tmp_path: Path, data: Any, message: str) -> None:
    with pytest.raises(GridError, match=message):
        _load(tmp_path, data)


def test_missing_grid() -> None:
    with pytest.raises(GridError, match="file not found"):
        load_grid("no_such_grid")
