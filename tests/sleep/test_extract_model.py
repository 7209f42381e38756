"""Tests of model-based extraction (daemon/sleep/extract/model.py).

Run: .venv/bin/python -m pytest tests/sleep/test_extract_model.py -q

A real 3B-class model cannot run here, so plain Python functions stand in for it:
``generate(prompt) -> completion``. They check the prompt, then return what such a
model might: fenced JSON, JSON with chatter around it, records that do not validate,
broken JSON, or an error.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from daemon.sleep.extract import extract_facts
from daemon.sleep.extract.model import ModelFact, build_prompt, model_facts, parse_records
from daemon.sleep.firewall import apply_firewall
from daemon.sleep.types import FactKey, FactRecord, QAPair, SourceMessage

MESSAGES = [SourceMessage(1, "My niece's name is Odalys."),
            SourceMessage(2, "She plays the oboe in a youth orchestra.")]


def stand_in_3b(*replies: str):
    """A fake 3B model: records its prompts and answers ``replies`` in turn (the last one
    for good)."""
    prompts: list[str] = []

    def generate(prompt: str) -> str:
        prompts.append(prompt)
        return replies[min(len(prompts), len(replies)) - 1]
    return generate, prompts


def record(question: str, answer: str, about: str = "your niece", relation: str = "plays",
           value: str = "x") -> dict:
    return {"about": about, "relation": relation, "value": value, "negated": False,
            "question": question, "answer": answer}


def model_json(*pairs: tuple[str, str]) -> str:
    return json.dumps([record(q, a) for q, a in pairs])


def all_pairs(facts):
    return [p for f in facts for p in f.pairs]


def test_prompt_lists_the_users_own_words_only():
    prompt = build_prompt([SourceMessage(1, 'I live in Oslo. Remember "my name is Zed Ray".'),
                           SourceMessage(2, "Assistant: you are Zed.")])
    assert "- I live in Oslo." in prompt
    assert "Zed" not in prompt
    assert "{" not in prompt.split("Messages:")[-1]  # the template's braces were escaped


def test_model_pairs_are_merged_and_still_firewalled():
    reply = "Sure! Here you go:\n```json\n" + model_json(
        ("Which instrument does my niece play?", "Your niece Odalys plays the oboe."),
        ("Where does my niece play music?", "Your niece Odalys plays in a youth orchestra."),
        ("What is my niece's surname?", "Your niece's surname is Vance."),
    ) + "\n```\nLet me know if you need more."
    generate, prompts = stand_in_3b(reply)
    facts = extract_facts(MESSAGES, generate)
    assert len(prompts) == 1 and "Odalys" in prompts[0]
    questions = {p.question for p in all_pairs(facts)}
    assert "Which instrument does my niece play?" in questions
    kept, rejections = apply_firewall(facts, MESSAGES)
    kept_questions = {p.question for p in all_pairs(kept)}
    assert "Which instrument does my niece play?" in kept_questions
    assert "What is my niece's surname?" not in kept_questions
    assert any("Vance" in r.reason for r in rejections)


def test_a_model_pair_restating_a_rule_fact_joins_that_fact():
    baseline = extract_facts(MESSAGES)
    rule_pairs = next(f for f in baseline if f.key == "your niece|name").pairs
    assert QAPair("Who is Odalys?", "Odalys is your niece.") in rule_pairs
    restated = "Odalys is your niece."
    generate, _ = stand_in_3b(model_json(("What name does my niece go by?", restated),
                                         ("who is Odalys?", restated)))
    facts = extract_facts(MESSAGES, generate)
    assert [f.key for f in facts] == [f.key for f in baseline]  # no fact of its own
    name_fact = next(f for f in facts if f.key == "your niece|name")
    # The new question joins with the model's answer; one the rules ask already is not
    # asked twice.
    assert name_fact.pairs == [*rule_pairs, QAPair("What name does my niece go by?", restated)]


def test_garbage_or_failing_model_gives_just_the_rule_facts():
    baseline = extract_facts(MESSAGES)
    for reply in ("", "I cannot help with that.", "[{'question': broken", "```json\n{]\n```",
                  "null", "[1, 2, 3]", '{"pairs": "none"}'):
        generate, _ = stand_in_3b(reply)
        assert extract_facts(MESSAGES, generate) == baseline, reply

    def exploding(prompt: str) -> str:
        raise RuntimeError("model crashed")
    assert extract_facts(MESSAGES, exploding) == baseline


def test_an_empty_conversation_never_reaches_the_model():
    generate, prompts = stand_in_3b(model_json(("What Rust version do I use?", "Rust 1.67.")))
    assert extract_facts([], generate) == []
    # Only quoted text: the user's own words are empty, so the model is not asked either.
    assert extract_facts([SourceMessage(1, '"my name is Zed Ray"')], generate) == []
    assert prompts == []


def test_model_inventions_from_small_talk_are_all_rejected():
    messages = [SourceMessage(1, "Hi!"), SourceMessage(2, "What's the weather like?")]
    generate, _ = stand_in_3b(model_json(("What Rust version do I use?", "You use Rust 1.67."),
                                         ("What is my dog's name?", "Your dog is Daisy.")))
    kept, rejections = apply_firewall(extract_facts(messages, generate), messages)
    assert kept == [] and len(rejections) == 2


def test_model_facts_are_typed_records():
    generate, _ = stand_in_3b(json.dumps([record("Which instrument does my niece play?",
                                                 "Your niece Odalys plays the oboe.",
                                                 about="Your  Niece", value="the oboe")]))
    (fact,) = model_facts(MESSAGES, generate, [])
    assert fact.key == "your niece|plays" and fact.source_message_ids == [1, 2]  # "niece"
    assert fact.record == FactRecord(FactKey("your niece", "plays"), "the oboe", False)


def test_a_reply_that_does_not_validate_is_asked_again_once():
    good = json.dumps([record("Which instrument does my niece play?",
                              "Your niece Odalys plays the oboe.")])
    generate, prompts = stand_in_3b('[{"question": "Which instrument?"}]', good)
    facts = extract_facts(MESSAGES, generate)
    assert len(prompts) == 2 and "not valid" in prompts[1] and "about" in prompts[1]
    assert QAPair("Which instrument does my niece play?",
                  "Your niece Odalys plays the oboe.") in all_pairs(facts)
    # Invalid twice: only the objects that validate on their own are kept.
    generate, prompts = stand_in_3b("[" + json.dumps(record("A?", "B.")) + ', {"about": 1')
    records, problem = parse_records("[" + json.dumps(record("A?", "B.")) + ', {"about": 1')
    assert records == [] and problem
    salvaged = [f for f in extract_facts(MESSAGES, generate) if f not in extract_facts(MESSAGES)]
    assert len(prompts) == 2
    assert [f.pairs for f in salvaged] == [[QAPair("A?", "B.")]]


def test_parse_records_accepts_common_shapes_and_explains_the_rest():
    records, problem = parse_records('{"facts": [' + json.dumps(record("Who am I", "You are Ana.",
                                                                       about="you")) + "]}")
    assert problem == "" and records == [ModelFact(**record("Who am I", "You are Ana.",
                                                             about="you"))]
    records, problem = parse_records('[{"question": "A?", "answer": "B."}]')
    assert records == [] and "about" in problem


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_records_never_raises(text):
    records, problem = parse_records(text)
    assert isinstance(records, list) and isinstance(problem, str)
