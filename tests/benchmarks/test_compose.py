"""The persona composer: seeded, N distinct facts, confusable entities, extractable phrasings.

    .venv/bin/python -m pytest tests/benchmarks/test_compose.py
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import compose_pools as pools
from benchmarks.compose import ComposeConfig, compose, compose_nights
from benchmarks.coverage import extraction_coverage
from benchmarks.persona import parse_persona, persona_questions

ROOT = Path(__file__).resolve().parents[2]
# Calendar and number words cannot be avoided in a birthday or an age.
GRAMMAR_WORDS = {m.lower() for m in pools.MONTHS} | set(pools.FAVOURITES["season"]) | {
    w for o in pools.ORDINAL_WORDS for w in o.split("-")} | {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "st", "nd", "rd", "th", "board", "game"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def _recall(raw: dict) -> list[dict]:
    return [q for c in raw["categories"] for q in c["recall_questions"]]


def _keywords(question: dict) -> list[str]:
    return [k for g in question["expected"] for k in (g if isinstance(g, list) else [g])]


def test_same_seed_same_persona_other_seed_other_persona() -> None:
    assert compose(ComposeConfig(facts=40, seed=7)) == compose(ComposeConfig(facts=40, seed=7))
    assert compose(ComposeConfig(facts=40, seed=7)) != compose(ComposeConfig(facts=40, seed=8))


@pytest.mark.parametrize("facts", [4, 25, 100, 200])
def test_n_distinct_facts_each_with_two_questions(facts: int) -> None:
    raw = compose(ComposeConfig(facts=facts, seed=1))
    persona = parse_persona(raw)  # the documented shape, or PersonaError
    recall = _recall(raw)
    assert len(recall) == facts == len({q["question"] for q in recall})
    assert len(raw["generalization_questions"]) == facts
    assert len(persona_questions(persona)) == 2 * facts
    for q in recall:
        # A right answer is never also a forbidden one.
        assert not {k.lower() for k in _keywords(q)} & {k.lower() for k in q["forbidden"]}


def test_same_kind_entities_differ_and_are_forbidden_to_each_other() -> None:
    raw = compose(ComposeConfig(facts=60, seed=2))
    names = [c["name"] for c in raw["categories"]]
    sisters = [n for n in names if n.split()[1:2] == ["sister"]]
    assert len(sisters) == 2 and sisters[0].split()[-1] != sisters[1].split()[-1]
    pets = [c for c in raw["categories"] if c["name"].split()[0] in pools.SPECIES]
    assert len(pets) >= 3
    pet_names = [c["name"].split()[-1] for c in pets]
    assert len(set(pet_names)) == len(pet_names)
    species = pets[0]["name"].split()[0]
    asked = next(q for q in _recall(raw) if q["question"] == f"What is my {species}'s name?")
    assert set(asked["forbidden"]) <= set(pet_names[1:]) and asked["forbidden"]
    homes = [q for q in _recall(raw) if q["question"].startswith("Where does")]
    assert len({q["expected"][0] for q in homes}) == len(homes) > 2


def test_no_word_of_the_hand_written_personas() -> None:
    # The hand-written files measure the extractor on people it was not written for.
    files = [*(ROOT / "tests" / "data").rglob("*.json"), ROOT / "benchmarks" / "seed_persona.json"]
    seen = set().union(*(_words(f.read_text(encoding="utf-8")) for f in files))
    values = (pools.JOBS, pools.INSTRUMENTS, pools.COLOURS, pools.VEHICLES, pools.PET_COLOURS,
              pools.LANGUAGES, pools.ALLERGIES, pools.SPECIES, *pools.FAVOURITES.values())
    used = set().union(*(_words(v) for pool in values for v in pool))
    for seed in range(3):  # the invented names and towns
        for q in _recall(compose(ComposeConfig(facts=200, seed=seed))):
            for keyword in _keywords(q):
                used |= _words(str(keyword))
    assert not (used - GRAMMAR_WORDS) & seen


def test_nights_tell_in_order_and_a_correction_replaces_the_old_value() -> None:
    snapshots = compose_nights(ComposeConfig(facts=20, seed=2, nights=4, correct_every=2))
    assert [len(s["categories"]) for s in snapshots] == [1, 2, 3, 4]
    assert [c["name"] for c in snapshots[-1]["categories"]] == [f"night {n}" for n in range(1, 5)]
    first = {q["question"]: q for q in _recall(snapshots[0])}
    second = snapshots[1]["categories"]
    moved = [q for q in second[1]["recall_questions"] if q["question"] in first]
    assert len(moved) == 1
    old = first[moved[0]["question"]]
    assert set(_keywords(old)) & set(moved[0]["forbidden"])
    assert _keywords(moved[0]) != _keywords(old)
    assert moved[0]["question"] not in {q["question"] for q in second[0]["recall_questions"]}
    assert "now" in second[1]["statements"][-1]["text"] or "moved" in \
        second[1]["statements"][-1]["text"]
    # Asked after each night: only what has been told (10 facts split 5 a night).
    assert [len(s["generalization_questions"]) for s in snapshots] == [5, 10, 15, 20]


def test_the_rule_extractor_covers_the_composed_facts() -> None:
    report = extraction_coverage(parse_persona(compose(ComposeConfig(facts=25, seed=1))))
    assert report["recall"]["share"] >= 0.9
    assert report["wrong_facts"] == [] and report["rejected"] == 0


def test_out_of_range_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        compose(ComposeConfig(facts=0))
    with pytest.raises(ValueError):
        compose(ComposeConfig(facts=5, nights=6))
