"""``sleepllm experiment`` end to end on a tiny persona (real daemon, real sleep).

    .venv/bin/python -m pytest tests/test_experiment.py -m slow
"""

from __future__ import annotations

import json

import pytest

from benchmarks.experiment import main

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PERSONA = {
    "name": "tiny",
    "categories": [
        {"name": "pet", "statements": ["My parrot's name is Pistachio."],
         "recall_questions": [{"question": "What is my parrot's name?",
                               "expected": ["Pistachio"], "forbidden": ["Polly"]}]},
        {"name": "work", "statements": ["I work as a glassblower."],
         "recall_questions": [{"question": "What do I do for a living?",
                               "expected": ["glassblower"], "forbidden": []}]},
    ],
    "generalization_questions": [],
}
GRID = {"name": "tiny", "defaults": {"model": "embedded", "lora_rank": 16, "lora_layers": 16},
        "runs": [{"name": "tiny_run", "learning_rate": 2e-4, "epochs": 6}]}


def test_experiment_writes_the_three_files_over_two_nights(tmp_path):
    persona, grid, out = tmp_path / "p.json", tmp_path / "g.json", tmp_path / "out"
    persona.write_text(json.dumps(PERSONA))
    grid.write_text(json.dumps(GRID))
    assert main(["--persona", str(persona), "--out", str(out), "--grid", str(grid),
                 "--nights", "2"]) == 0
    results = json.loads((out / "results.json").read_text())
    run = results["runs"][0]
    assert results["persona"] == "tiny" and run["name"] == "tiny_run"
    assert [n["categories_added"] for n in run["nights"]] == [["pet"], ["work"]]
    assert {a["category"] for a in run["answers"]} == {"pet", "work"}
    assert run["validation"]["status"] in ("approved", "rejected")
    assert (out / "heatmap.png").read_bytes()[:4] == b"\x89PNG"
    assert "| Run |" in (out / "results.md").read_text()
