"""Tests of benchmarks.persona: loading, validation messages, question order, night splits,
statement objects, send order and times, wrong facts.

Run: .venv/bin/python -m pytest tests/benchmarks/test_persona.py
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from benchmarks.persona import (
    Category,
    Persona,
    PersonaError,
    Question,
    Statement,
    WrongFact,
    load_persona,
    persona_questions,
    sent_times,
    split_nights,
    told_in_order,
)

ROOT = Path(__file__).resolve().parents[2]
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
    assert Statement("My son's name is Andre Patandre. He's 6 years old.") in family.statements
    assert persona.start is None and persona.wrong_facts == []


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
    (lambda d: d["categories"][3]["statements"].append(3),
     "categories[3].statements[2]: must be a non-empty string or an object"),
    (lambda d: d["categories"][0]["statements"].append({"day": 1}),
     "categories[0].statements[2].text: missing required key"),
    (lambda d: d["categories"][0]["statements"].append({"text": "hi", "dya": 1}),
     "categories[0].statements[2].dya: unknown key (allowed: conversation, day, no_fact, text)"),
    (lambda d: d["categories"][0]["statements"].append({"text": "hi", "day": -1}),
     "categories[0].statements[2].day: must be an integer >= 0"),
    (lambda d: d["categories"][0]["statements"].append({"text": "hi", "day": True}),
     "categories[0].statements[2].day: must be an integer >= 0"),
    (lambda d: d["categories"][0]["statements"].append({"text": "hi", "day": "2"}),
     "categories[0].statements[2].day: must be an integer >= 0"),
    (lambda d: d["categories"][0]["statements"].append({"text": "hi", "no_fact": "yes"}),
     "categories[0].statements[2].no_fact: must be true or false"),
    (lambda d: d["categories"][0]["statements"].append({"text": "hi", "conversation": ""}),
     "categories[0].statements[2].conversation: must be a non-empty string"),
    (lambda d: d["categories"][0]["statements"].append({"text": " "}),
     "categories[0].statements[2].text: must be a non-empty string"),
    (lambda d: d.update(start="04/03/2026"), "start: must be an ISO date YYYY-MM-DD"),
    (lambda d: d.update(start="20260304"), "start: must be an ISO date YYYY-MM-DD"),
    (lambda d: d.update(start="2026-02-30"), "start: must be an ISO date YYYY-MM-DD"),
    (lambda d: d.update(start=20260304), "start: must be an ISO date YYYY-MM-DD"),
    (lambda d: d.update(wrong_facts={}), "wrong_facts: must be a list"),
    (lambda d: d.update(wrong_facts=["nurse"]), "wrong_facts[0]: must be an object"),
    (lambda d: d.update(wrong_facts=[{"unless": []}]),
     "wrong_facts[0].keywords: missing required key"),
    (lambda d: d.update(wrong_facts=[{"keywords": []}]),
     "wrong_facts[0].keywords: must be a non-empty list of keywords or keyword lists"),
    (lambda d: d.update(wrong_facts=[{"keywords": [["70", ""]]}]),
     "wrong_facts[0].keywords[0]:"),
    (lambda d: d.update(wrong_facts=[{"keywords": ["x"], "unles": []}]),
     "wrong_facts[0].unles: unknown key (allowed: keywords, note, unless)"),
    (lambda d: d.update(wrong_facts=[{"keywords": ["x"], "unless": "not"}]),
     "wrong_facts[0].unless: must be a list"),
    (lambda d: d.update(wrong_facts=[{"keywords": ["x"], "unless": [""]}]),
     "wrong_facts[0].unless[0]: must be a non-empty keyword"),
    (lambda d: d.update(wrong_facts=[{"keywords": ["x"], "note": 1}]),
     "wrong_facts[0].note: must be a string"),
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
    categories = [Category(f"c{i}", [Statement("s.")], [question]) for i in range(n_categories)]
    return Persona("p", "", categories, [])


def test_statement_objects_start_and_wrong_facts(tmp_path: Path) -> None:
    data = _seed_data()
    data["start"] = "2026-03-04"
    data["categories"][0]["statements"] = [
        "My name is Vladimir Zwizzer.",
        {"text": "lol hi", "conversation": "evening", "day": 2, "no_fact": True},
        {"text": "I'm not a nurse."},
    ]
    data["wrong_facts"] = [
        {"keywords": ["nurse"], "unless": ["not", "n't"], "note": "negation"},
        {"keywords": ["Leo", ["70", "seventy"]]},
    ]
    persona = load_persona(_write(tmp_path, data))
    assert persona.start == date(2026, 3, 4)
    assert persona.categories[0].statements == [
        Statement("My name is Vladimir Zwizzer."),
        Statement("lol hi", conversation="evening", day=2, no_fact=True),
        Statement("I'm not a nurse.", conversation="main", day=0, no_fact=False),
    ]
    assert persona.wrong_facts == [
        WrongFact(["nurse"], ["not", "n't"], "negation"),
        WrongFact(["Leo", ["70", "seventy"]], [], ""),
    ]


def _told(*days: int) -> list[Category]:
    statements = [Statement(f"s{i}", day=day) for i, day in enumerate(days)]
    question = Question("q?", ["a"])
    return [Category("a", statements[:2], [question]), Category("b", statements[2:], [question])]


def test_told_in_order_is_file_order_stable_sorted_by_day() -> None:
    categories = _told(1, 0, 2, 0, 1)
    assert [s.text for s in told_in_order(categories)] == ["s1", "s3", "s0", "s4", "s2"]
    assert [s.text for s in told_in_order(categories[1:])] == ["s3", "s4", "s2"]
    assert [s.text for s in told_in_order(load_persona(SEED).categories)][:2] == [
        "My name is Vladimir Zwizzer.", "I'm a music producer. I make instrumental beats."]


def test_sent_times_from_start() -> None:
    persona = Persona("p", "", _told(1, 0, 2, 0, 1), [], start=date(2026, 3, 4))
    order = told_in_order(persona.categories)
    times = sent_times(persona, order)
    assert times == [
        datetime(2026, 3, 4, 9, 0, tzinfo=UTC), datetime(2026, 3, 4, 9, 1, tzinfo=UTC),
        datetime(2026, 3, 5, 9, 0, tzinfo=UTC), datetime(2026, 3, 5, 9, 1, tzinfo=UTC),
        datetime(2026, 3, 6, 9, 0, tzinfo=UTC)]
    assert all(t.tzinfo is UTC for t in times)


def test_sent_times_without_start_is_today_unless_that_is_the_future() -> None:
    persona = Persona("p", "", _told(0, 0, 0), [])
    order = told_in_order(persona.categories)
    afternoon = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert sent_times(persona, order, now=afternoon) == [
        datetime(2026, 11, 27, 9, m, tzinfo=UTC) for m in range(3)]
    # At 09:01 the third message (09:02) would be in the future: day 0 is yesterday.
    early = datetime(2026, 11, 27, 9, 1, tzinfo=UTC)
    assert sent_times(persona, order, now=early)[0] == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    later_days = Persona("p", "", _told(0, 2), [])
    times = sent_times(later_days, told_in_order(later_days.categories), now=afternoon)
    assert times == [datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
                     datetime(2026, 11, 27, 9, 0, tzinfo=UTC)]
    today = sent_times(persona, order)[0]
    assert today <= datetime.now(UTC) and (today.hour, today.minute) == (9, 0)


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
