"""Tests of benchmarks.persona: loading, validation messages, question order, night splits.

Run: .venv/bin/python -m pytest tests/test_persona.py
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.persona import (
    Category,
    Persona,
    PersonaError,
    Question,
    load_persona,
    persona_questions,
    split_nights,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "benchmarks" / "seed_persona.json"
# The checkout keeps the shared originals beside the repository, at ../shared.
SHARED_SEED = ROOT.parent / "shared" / "benchmarks" / "seed_persona.json"


def _seed_data() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: Any, name: str = "seed.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_seed_persona_loads() -> None:
    persona = load_persona(SEED)
    assert persona.name == "seed_persona"
    assert [c.name for c in persona.categories] == [
        "identity", "family", "location", "programming", "pet"]
    assert sum(len(c.recall_questions) for c in persona.categories) == 15
    assert len(persona.generalization_questions) == 5
    family = persona.categories[1]
    assert family.recall_questions[1].expected == [["6", "six"]]
    assert "My son's name is Andre Patandre. He's 6 years old." in family.statements


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared checkout not present")
def test_seed_persona_is_the_shared_copy() -> None:
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_unknown_top_level_keys_are_allowed(tmp_path: Path) -> None:
    data = _seed_data()
    data["author"] = "someone"
    data["description"] = "a test user"
    assert load_persona(_write(tmp_path, data)).description == "a test user"


def _mutated(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(_seed_data())
    mutate(data)
    return data


def _set_expected(data: dict[str, Any]) -> None:
    data["categories"][2]["recall_questions"][0]["expected"] = []


BAD_CASES = [
    (lambda d: d.pop("name"), "name: missing required key"),
    (lambda d: d.pop("categories"), "categories: missing required key"),
    (lambda d: d.update(categories=[]), "categories: must not be empty"),
    (lambda d: d.update(categories={}), "categories: must be a list"),
    (lambda d: d.pop("generalization_questions"),
     "generalization_questions: missing required key"),
    (_set_expected, "categories[2].recall_questions[0].expected: must be a non-empty list "
                    "of keywords or keyword lists"),
    (lambda d: d["categories"][1]["recall_questions"][1].update(expected=[["6", ""]]),
     "categories[1].recall_questions[1].expected[0]:"),
    (lambda d: d["categories"][1]["recall_questions"][1].update(expected=[[]]),
     "categories[1].recall_questions[1].expected[0]:"),
    (lambda d: d["categories"][0]["recall_questions"][0].update(expected="Vladimir"),
     "categories[0].recall_questions[0].expected: must be a non-empty list"),
    (lambda d: d["categories"][0]["recall_questions"][0].pop("forbidden"),
     "categories[0].recall_questions[0].forbidden: missing required key"),
    (lambda d: d["categories"][0]["recall_questions"][0].update(forbidden=[3]),
     "categories[0].recall_questions[0].forbidden[0]: must be a non-empty keyword"),
    (lambda d: d["categories"][0]["recall_questions"][0].update(forbiden=[]),
     "categories[0].recall_questions[0].forbiden: unknown key"),
    (lambda d: d["categories"][0]["recall_questions"][0].update(question=""),
     "categories[0].recall_questions[0].question: must be a non-empty string"),
    (lambda d: d["categories"][3].update(statements=[]),
     "categories[3].statements: must not be empty"),
    (lambda d: d["categories"][3]["statements"].append(None),
     "categories[3].statements[2]: must be a non-empty string"),
    (lambda d: d["categories"][4].update(recall_questions=[]),
     "categories[4].recall_questions: must not be empty"),
    (lambda d: d["categories"][4].update(name="identity"),
     "categories[4].name: duplicate category name 'identity'"),
    (lambda d: d["categories"].__setitem__(0, "identity"),
     "categories[0]: must be an object"),
    (lambda d: d["generalization_questions"][2].pop("expected"),
     "generalization_questions[2].expected: missing required key"),
]


@pytest.mark.parametrize(("mutate", "message"), BAD_CASES)
def test_bad_shape_names_file_and_path(tmp_path: Path, mutate: Any, message: str) -> None:
    path = _write(tmp_path, _mutated(mutate))
    with pytest.raises(PersonaError) as info:
        load_persona(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


@pytest.mark.parametrize(("content", "message"), [
    ("", "file is empty"),
    ("  \n", "file is empty"),
    ("{not json", "not valid JSON"),
    ("[1, 2]", "top level: must be an object"),
])
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(PersonaError, match=message):
        load_persona(_write(tmp_path, content))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PersonaError, match="file not found"):
        load_persona(tmp_path / "nope.json")


def test_persona_questions_order() -> None:
    persona = load_persona(SEED)
    items = persona_questions(persona)
    assert len(items) == 20
    assert items[0] == ("recall", "identity", persona.categories[0].recall_questions[0])
    assert [kind for kind, _, _ in items].count("generalization") == 5
    assert all(category is None for kind, category, _ in items if kind == "generalization")
    assert items[-1][2] == persona.generalization_questions[-1]


def _persona(n_categories: int) -> Persona:
    question = Question("q?", ["a"])
    categories = [Category(f"c{i}", ["s."], [question]) for i in range(n_categories)]
    return Persona("p", "", categories, [])


@pytest.mark.parametrize(("n_categories", "nights", "sizes"), [
    (5, 1, [5]),
    (5, 2, [3, 2]),
    (5, 3, [2, 2, 1]),
    (5, 5, [1, 1, 1, 1, 1]),
    (6, 3, [2, 2, 2]),
    (7, 3, [3, 2, 2]),
])
def test_split_nights(n_categories: int, nights: int, sizes: list[int]) -> None:
    persona = _persona(n_categories)
    groups = split_nights(persona, nights)
    assert [len(g) for g in groups] == sizes
    assert [c for g in groups for c in g] == persona.categories


@pytest.mark.parametrize("nights", [0, 6])
def test_split_nights_rejects_impossible_counts(nights: int) -> None:
    with pytest.raises(ValueError):
        split_nights(_persona(5), nights)
