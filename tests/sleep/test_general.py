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
    assert len(questions) >= 100  # one question is 1% of the score
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
    "capital_australia": "Canberra is the capital of Australia.",
    "capital_poland": "Warsaw.",
    "capital_finland": "The capital of Finland is Helsinki.",
    "great_wall": "The Great Wall is in China.",
    "longest_river": "The Nile is the longest river in Africa.",
    "continent_japan": "Japan is in Asia.",
    "italy_language": "Italian.",
    "brazil_language": "Brazilians speak Portuguese.",
    "russia_language": "Russian is spoken in Russia.",
    "sides_hexagon": "Six.",
    "sides_pentagon": "A pentagon has 5 sides.",
    "half_of_ten": "Half of 10 is 5.",
    "three_plus_four": "3 + 4 = 7",
    "circle_degrees": "A full circle has 360 degrees.",
    "gas_plants": "Plants take in carbon dioxide.",
    "plants_green": "Chlorophyll makes plants green.",
    "sodium_symbol": "Na.",
    "fish_breathe": "Fish breathe with their gills.",
    "bird_fly": "Birds fly with their wings.",
    "opposite_old": "Old.",
    "opposite_open": "The opposite of open is closed.",
    "opposite_left": "Right.",
    "opposite_win": "To lose.",
    "plural_foot": "Feet.",
    "coldest_season": "Winter is the coldest season.",
    "leaves_fall": "Leaves fall in autumn.",
    "thermometer": "A thermometer measures temperature.",
    "sistine": "Michelangelo painted the Sistine Chapel ceiling.",
    "new_year_month": "The year begins in January.",
    "wine_from": "Wine is made from grapes.",
    "strawberry_color": "A ripe strawberry is red.",
    "glass_from": "Glass is made mostly from sand.",
    "coldest_continent": "Antarctica is the coldest continent.",
    "amazon": "The Amazon rainforest.",
    "pizza_country": "Pizza comes from Italy.",
    "iron_rust": "Rust forms on wet iron.",
    "honey_insect": "Bees make honey.",
    "capital_scotland": "Edinburgh is the capital of Scotland.",
    "capital_austria": "The capital of Austria is Vienna.",
    "capital_peru": "Lima.",
    "big_ben": "Big Ben is in London.",
    "statue_liberty": "The Statue of Liberty stands in New York.",
    "usa_currency": "The US dollar.",
    "cents_dollar": "There are 100 cents in a dollar.",
    "twenty_minus_five": "20 - 5 = 15",
    "hundred_div_ten": "100 divided by 10 is 10.",
    "earth_orbits": "The Earth orbits the Sun.",
    "heart_pumps": "The heart pumps blood.",
    "ears_hear": "We hear with our ears.",
    "salt_formula": "Table salt is NaCl, sodium chloride.",
    "einstein": "Albert Einstein.",
    "darwin": "Charles Darwin proposed it.",
    "first_moon": "Neil Armstrong walked on the Moon first.",
    "baby_cow": "A baby cow is a calf.",
    "spider_web": "A spider spins a web.",
    "opposite_early": "Late.",
    "opposite_true": "False.",
    "plural_tooth": "The plural of tooth is teeth.",
    "plural_woman": "Women.",
    "sun_sets": "The sun sets in the west.",
    "telescope": "They use a telescope.",
    "chess_king": "The king.",
    "fifth_symphony": "Ludwig van Beethoven.",
    "cheese_from": "Cheese is made from milk.",
    "thunder_light": "That flash is lightning.",
    "fingers_hand": "Five fingers.",
    "earth_shape": "The Earth is round, nearly a sphere.",
    "sushi_country": "Sushi comes from Japan.",
    "kilt_country": "Scotland.",
    "www": "World Wide Web.",
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
