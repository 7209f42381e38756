"""Tests of daemon.sleep.benchmark: the shipped benchmark loads, every broken file fails closed.

Run: .venv/bin/python -m pytest tests/sleep/test_general.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from daemon.sleep.benchmark import (
    DEFAULT_BENCHMARK,
    BenchmarkError,
    load_benchmark,
    score_benchmark,
)
from daemon.sleep.questions import Question


def _write(tmp_path: Path, content: str | dict) -> Path:
    path = tmp_path / "bench.json"
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_benchmark_loads() -> None:
    questions = load_benchmark()
    assert 20 <= len(questions) <= 30
    ids = [q.id for q in questions]
    assert all(ids) and len(set(ids)) == len(ids)
    assert load_benchmark(DEFAULT_BENCHMARK) == questions
    data = json.loads(DEFAULT_BENCHMARK.read_text(encoding="utf-8"))
    assert data["name"] == "general_knowledge"
    assert all("id" in q for q in data["questions"])


# A plausible short answer to each shipped question; each must score 1, which checks the
# keywords. Questions pruned from the benchmark later are simply skipped.
MODEL_STYLE_ANSWERS = {
    "capital_france": "The capital of France is Paris.",
    "capital_japan": "Tokyo is the capital of Japan.",
    "capital_italy": "The capital of Italy is Rome.",
    "capital_uk": "London.",
    "days_week": "There are seven days in a week.",
    "hours_day": "A day has twenty-four hours.",
    "months_year": "There are 12 months in a year.",
    "two_plus_two": "2 + 2 = 4",
    "water_formula": "The chemical formula of water is H2O.",
    "water_freezes": "Water freezes at 0°C.",
    "water_boils": "Water boils at 100 degrees Celsius.",
    "largest_planet": "Jupiter is the largest planet in our solar system.",
    "red_planet": "Mars is known as the Red Planet.",
    "earth_satellite": "Earth's natural satellite is the Moon.",
    "sun_rises": "The sun rises in the East.",
    "sky_color": "The sky is blue on a clear day.",
    "primary_colors": "The three primary colors are red, yellow, and blue.",
    "romeo_juliet": "Romeo and Juliet was written by William Shakespeare.",
    "mona_lisa": "The Mona Lisa was painted by Leonardo da Vinci.",
    "first_us_president": "George Washington was the first president.",
    "largest_ocean": "The Pacific Ocean is the largest ocean on Earth.",
    "bees_make": "Bees make honey.",
    "opposite_hot": "The opposite of hot is cold.",
    "spain_language": "Spanish is the main language spoken in Spain.",
    "ten_plus_ten": "10 + 10 = 20.",
    "baby_cat": "A baby cat is called a kitten.",
    "plural_child": "The plural of child is children.",
    "opposite_day": "Night is the opposite of day.",
    "three_times_three": "3 times 3 is 9.",
    "pyramids": "The pyramids of Giza are in Egypt.",
    "harry_potter": "J.K. Rowling wrote the Harry Potter books.",
    "magnet_metal": "Iron is attracted to magnets.",
    "france_language": "French is spoken in France.",
    "elephant_trunk": "The elephant has a long trunk.",
}


def test_shipped_benchmark_accepts_model_style_answers() -> None:
    questions = load_benchmark()
    assert {q.id for q in questions} <= set(MODEL_STYLE_ANSWERS)
    result = score_benchmark(questions, {q.question: MODEL_STYLE_ANSWERS[q.id]
                                         for q in questions}.__getitem__)
    assert [r.id for r in result.per_question if r.score < 1.0] == []
    assert [r.id for r in result.per_question if r.forbidden_hit] == []
    assert result.score == 1.0


def test_shipped_benchmark_rejects_wrong_answers() -> None:
    # A destroyed model (the 8B run of the write-up fell to 0.00) must score near zero.
    result = score_benchmark(load_benchmark(), lambda _q: "I'm sorry, I cannot help.")
    assert result.score == 0.0


def test_missing_file_fails_closed(tmp_path: Path) -> None:
    with pytest.raises(BenchmarkError, match="file not found"):
        load_benchmark(tmp_path / "general_knowledge.json")


@pytest.mark.parametrize(("content", "message"), [
    ("", "file is empty"),
    ("\n\t ", "file is empty"),
    ("{\"questions\": [", "not valid JSON"),
    ("[]", "must be an object"),
    ({}, "questions: missing required key"),
    ({"questions": []}, "questions: must not be empty"),
    ({"questions": {}}, "questions: must be a list"),
    ({"questions": ["What is the capital of France?"]}, r"questions\[0\]: must be an object"),
    ({"questions": [{"question": "Capital of France?", "expected": [], "forbidden": []}]},
     r"questions\[0\]\.expected: must be a non-empty list"),
    ({"questions": [{"question": "Capital of France?", "expected": ["Paris"]}]},
     r"questions\[0\]\.forbidden: missing required key"),
    ({"questions": [{"expected": ["Paris"], "forbidden": []}]},
     r"questions\[0\]\.question: missing required key"),
    ({"questions": [{"id": "a", "question": "Q1?", "expected": ["x"], "forbidden": []},
                    {"id": "a", "question": "Q2?", "expected": ["y"], "forbidden": []}]},
     r"questions\[1\]\.id: duplicate id 'a'"),
])
def test_broken_file_fails_closed(tmp_path: Path, content: str | dict, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(BenchmarkError, match=message) as info:
        load_benchmark(path)
    assert str(path) in str(info.value)


def test_not_utf8_fails_closed(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    path.write_bytes(b"\xff\xfe{\x00")
    with pytest.raises(BenchmarkError, match="not UTF-8"):
        load_benchmark(path)


def test_directory_fails_closed(tmp_path: Path) -> None:
    with pytest.raises(BenchmarkError, match="cannot read"):
        load_benchmark(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_fails_closed(tmp_path: Path) -> None:
    path = _write(tmp_path, {"questions": []})
    path.chmod(0)
    with pytest.raises(BenchmarkError, match="cannot read"):
        load_benchmark(path)


def test_ids_default_to_position(tmp_path: Path) -> None:
    path = _write(tmp_path, {"questions": [
        {"question": "Q1?", "expected": ["x"], "forbidden": []},
        {"id": "second", "question": "Q2?", "expected": ["y"], "forbidden": []}]})
    assert [q.id for q in load_benchmark(path)] == ["q0", "second"]


def _questions() -> list[Question]:
    return [Question("What is the capital of France?", ["Paris"], ["London"], id="france"),
            Question("How many days are in a week?", [["7", "seven"]], [], id="week")]


def test_score_benchmark() -> None:
    answers = {"What is the capital of France?": "Paris, not London.",
               "How many days are in a week?": "Five."}
    result = score_benchmark(_questions(), answers.__getitem__)
    assert result.score == 0.5
    assert [(r.id, r.score, r.forbidden_hit) for r in result.per_question] == [
        ("france", 1.0, True), ("week", 0.0, False)]
    assert result.per_question[0].answer == "Paris, not London."


def test_score_empty_benchmark_fails_closed() -> None:
    with pytest.raises(BenchmarkError):
        score_benchmark([], lambda q: "anything")


def test_answer_errors_propagate() -> None:
    def broken(_question: str) -> str:
        raise RuntimeError("model crashed")

    with pytest.raises(RuntimeError, match="model crashed"):
        score_benchmark(_questions(), broken)


def test_non_string_answer_fails_closed() -> None:
    with pytest.raises(BenchmarkError, match="returned NoneType"):
        score_benchmark(_questions(), lambda q: None)  # type: ignore[arg-type, return-value]


def test_anchor_prompts_never_ask_a_benchmark_question() -> None:
    """Training distils the base model's answers to the anchor prompts; a benchmark
    question among them would make the validation gate measure its own training data."""
    from daemon.sleep.examples import anchor_prompts

    def norm(text: str) -> str:
        return " ".join(text.lower().replace("?", "").split())

    anchors = {norm(p) for p in anchor_prompts()}
    assert len(anchors) >= 100
    assert not anchors & {norm(q.question) for q in load_benchmark(None)}
