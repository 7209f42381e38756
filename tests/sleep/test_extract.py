"""Tests of the rule-based fact extractor (daemon/sleep/extract/): one test per pattern.

Run: .venv/bin/python -m pytest tests/sleep/test_extract.py -q

Most examples use made-up people and words that appear in no persona file, so
they check the grammar patterns, not memorised data.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daemon.sleep.extract import extract_facts
from daemon.sleep.firewall import apply_firewall
from daemon.sleep.types import ExtractedFact, QAPair, SourceMessage


def run(*texts: str) -> list[ExtractedFact]:
    return extract_facts([SourceMessage(i + 1, t) for i, t in enumerate(texts)])


def pairs_of(facts: list[ExtractedFact]) -> list[QAPair]:
    return [p for f in facts for p in f.pairs]


def answer(facts: list[ExtractedFact], question: str) -> str:
    """The answer trained for exactly ``question`` (fails when there is none)."""
    found = [p.answer for p in pairs_of(facts) if p.question.lower() == question.lower()]
    assert found, f"no pair asks {question!r}; have: {[p.question for p in pairs_of(facts)]}"
    return found[0]


def has(text: str, *words: str) -> bool:
    return all(re.search(r"(?<!\w)" + re.escape(w), text, re.I) for w in words)


def fact_with_key(facts: list[ExtractedFact], key: str) -> ExtractedFact:
    match = [f for f in facts if f.key == key]
    assert match, f"no fact with key {key!r}; keys: {[f.key for f in facts]}"
    return match[0]


# --- empty input and non-facts ---------------------------------------------------------

def test_empty_input_gives_nothing_and_never_calls_the_model():
    calls = []
    assert extract_facts([], generate=lambda prompt: calls.append(prompt) or "[]") == []
    assert calls == []


@pytest.mark.parametrize("text", [
    "What's the capital of France?", "Thanks!", "Hi there!", "You are a great assistant.",
    "Can you help me with my essay?", "The weather is nice today.", "I'm tired today.",
    "I think the answer is four.", "Tell me a joke.",
])
def test_questions_greetings_and_small_talk_give_no_facts(text):
    assert run(text) == []


# --- the user ------------------------------------------------------------------------

def test_my_name_is():
    facts = run("My name is Odile Brandvik.")
    assert has(answer(facts, "What is my name?"), "Odile", "Brandvik")
    assert has(answer(facts, "What is my first name?"), "Odile")
    assert fact_with_key(facts, "you|name").text == "Your name is Odile Brandvik."


def test_greeting_then_im_name():
    assert has(answer(run("Hey! I'm Tobiah Quell."), "What is my name?"), "Tobiah", "Quell")


def test_nickname():
    assert has(answer(run("Everyone calls me Bix."), "What is my nickname?"), "Bix")
    assert has(answer(run("Call me Bix."), "What do people call me?"), "Bix")


@pytest.mark.parametrize("text,number", [
    ("I'm 34.", "34"), ("I am forty-one years old.", "forty-one"), ("I'm 29 years old.", "29"),
])
def test_user_age(text, number):
    facts = run(text)
    assert has(answer(facts, "How old am I?"), number)
    assert fact_with_key(facts, "you|age")


@pytest.mark.parametrize("text,job", [
    ("I'm a landscape architect.", "landscape architect"),
    ("I work as a paramedic in a big hospital.", "paramedic"),
    ("I'm a retired postman.", "postman"),
])
def test_user_job(text, job):
    facts = run(text)
    for question in ("What do I do for a living?", "What is my job?"):
        assert has(answer(facts, question), job)
    assert fact_with_key(facts, "you|job")


def test_retired_job_asks_about_the_past():
    assert has(answer(run("I'm a retired postman."), "What did I do before I retired?"), "postman")


def test_workplace():
    facts = run("I work at a hardware store on Saturdays.")
    assert has(answer(facts, "Where do I work?"), "hardware store")
    assert has(answer(facts, "What do I do on Saturdays?"), "hardware store")


def test_generic_verb_object_with_kind_question():
    facts = run("I knit woollen scarves.")
    assert has(answer(facts, "What do I knit?"), "woollen scarves")
    assert has(answer(facts, "What kind of scarves do I knit?"), "woollen")


def test_fronted_time_adverbial_and_place():
    facts = run("On Fridays I play squash at the gym.")
    assert has(answer(facts, "What do I play?"), "squash")
    assert has(answer(facts, "What do I do on Fridays?"), "squash")
    assert has(answer(facts, "Where do I play squash?"), "gym")
    assert has(answer(facts, "When do I play squash?"), "Fridays")


def test_duration_of_an_ongoing_activity():
    facts = run("I've been painting for twelve years.")
    assert has(answer(facts, "How long have I been painting?"), "twelve years")
    assert has(answer(facts, "How many years have I been painting?"), "twelve")


def test_adjective_with_complement():
    facts = run("I'm allergic to shellfish.")
    assert has(answer(facts, "What am I allergic to?"), "shellfish")


def test_negation_is_taught_as_a_no():
    facts = run("I don't eat mushrooms.")
    assert answer(facts, "Do I eat mushrooms?").startswith("No,")
    assert not any(p.question.startswith("What") for p in pairs_of(facts))


def test_favorite_with_both_spellings():
    facts = run("My favourite board game is Tzolkin.")
    for question in ("What is my favourite board game?", "What is my favorite board game?",
                     "Which board game do I like best?"):
        assert has(answer(facts, question), "Tzolkin")


def test_birthday_date():
    facts = run("My birthday is on the 3rd of May.")
    assert has(answer(facts, "When is my birthday?"), "3rd", "May")


def test_possessed_thing_with_colour():
    facts = run("My bike is a green Brompton.")
    assert has(answer(facts, "What color is my bike?"), "green")
    assert has(answer(facts, "What kind of bike do I have?"), "Brompton")


def test_relative_clause_gives_its_own_fact():
    facts = run("My treasure is a clock that my grandfather built.")
    assert has(answer(facts, "Who built the clock?"), "grandfather")


# --- places --------------------------------------------------------------------------

def test_current_and_previous_home_are_not_confused():
    facts = run("I live in Tromso, Norway.", "I moved here from Bergen five years ago.")
    for question in ("Where do I live?", "Which city do I live in?", "Where do I live now?"):
        text = answer(facts, question)
        assert has(text, "Tromso") and not has(text, "Bergen"), (question, text)
    assert has(answer(facts, "Where did I live before I moved?"), "Bergen")
    assert has(answer(facts, "How long ago did I move to my current city?"), "five years")
    moved = fact_with_key(facts, "you|moved_from")
    assert moved.text == "You moved to Tromso, Norway from Bergen five years ago."


def test_here_is_resolved_even_when_the_home_comes_later():
    facts = run("I moved here from Bergen last spring.", "I live in Tromso.")
    assert has(fact_with_key(facts, "you|moved_from").text, "Tromso", "Bergen")


def test_past_home_before_that():
    facts = run("We've lived in Alnwick since 2001.", "Before that we lived in Hexham.")
    assert has(answer(facts, "Where do I live?"), "Alnwick")
    assert has(answer(facts, "Where did I live before Alnwick?"), "Hexham")
    assert has(answer(facts, "Since when have I lived in Alnwick?"), "2001")


def test_origin():
    assert has(answer(run("I grew up in Cork."), "Where did I grow up?"), "Cork")
    assert has(answer(run("I'm originally from Perth."), "Where am I from?"), "Perth")


def test_moving_somewhere_updates_the_home():
    facts = run("I moved to Reykjavik last year.")
    assert has(fact_with_key(facts, "you|live_in").text, "Reykjavik")


def test_an_old_move_does_not_replace_the_stated_home():
    facts = run("We live in Lyon.", "I moved to France when I was nineteen.")
    live = [f for f in facts if f.key == "you|live_in"]
    assert [f.text for f in live] == ["You live in Lyon."]
    assert has(answer(facts, "How old was I when I moved to France?"), "nineteen")


# --- people, pets and coreference ----------------------------------------------------

def test_relation_name_and_pronoun_age():
    facts = run("My nephew's name is Corwin Hale. He's 9 years old.")
    assert has(answer(facts, "What is my nephew's name?"), "Corwin", "Hale")
    age = fact_with_key(facts, "your nephew|age")
    assert age.text == "Your nephew Corwin Hale is 9 years old."
    assert has(answer(facts, "How old is Corwin?"), "9")


def test_first_name_refers_back_to_the_relation():
    facts = run("My nephew's name is Corwin Hale.", "Corwin loves fencing and wants to be a "
                "pilot when he grows up.")
    for question in ("What does my nephew enjoy doing?", "What does Corwin love doing?"):
        assert has(answer(facts, question), "fencing")
    assert has(answer(facts, "What does my nephew want to be when he grows up?"), "pilot")
    assert fact_with_key(facts, "your nephew|love:fencing").text.startswith(
        "Your nephew Corwin Hale")


def test_pet_named_and_she_is_a_breed():
    facts = run("I have a horse named Juniper. She's a palomino.")
    assert has(answer(facts, "What is my horse's name?"), "Juniper")
    assert answer(facts, "What breed is my horse?") == "Your horse Juniper is a palomino."
    assert has(answer(facts, "What pet do I have?"), "horse", "Juniper")


def test_unlisted_noun_still_works():
    facts = run("My axolotl's name is Pip. She is three.")
    assert has(answer(facts, "What is my axolotl's name?"), "Pip")
    assert has(answer(facts, "How old is my axolotl?"), "three")


def test_apposition_name_and_job():
    facts = run("My aunt Ilse is a locksmith.")
    assert has(answer(facts, "What is my aunt's name?"), "Ilse")
    assert has(answer(facts, "What does my aunt do for a living?"), "locksmith")


def test_called_and_turned():
    facts = run("My niece is called Wren. She turned seven in June.")
    assert has(answer(facts, "What is my niece's name?"), "Wren")
    assert has(answer(facts, "How old is my niece?"), "seven")
    assert has(answer(facts, "When is my niece's birthday?"), "June")


def test_group_with_names_and_count():
    facts = run("We have two goats: Basil and Thyme.")
    assert has(answer(facts, "How many goats do I have?"), "two")
    assert has(answer(facts, "What are the names of my goats?"), "Basil", "Thyme")
    assert has(answer(facts, "Who is Basil?"), "goat")


def test_superlative_rank_and_pronoun():
    facts = run("We have three nephews: Ari, Ben and Cal.", "Ari is the oldest; he's studying law "
                "in Leiden.")
    assert has(answer(facts, "Who is my oldest nephew?"), "Ari")
    assert has(answer(facts, "What is my oldest nephew studying?"), "law")


def test_partner_and_we_together():
    facts = run("My boyfriend's name is Teo; we've been together for six years.")
    assert has(answer(facts, "How long have my boyfriend and I been together?"), "six years")


def test_it_is_the_last_mentioned_thing():
    facts = run("My favorite editor is Helix. I use it for my thesis.")
    assert has(answer(facts, "What do I use for my thesis?"), "Helix")


def test_contrast_gives_two_facts_and_shares_the_category():
    facts = run("My favorite tea is Assam.", "At home I mostly drink Darjeeling, but I prefer "
                "Assam.")
    assert has(answer(facts, "What do I drink at home?"), "Darjeeling")
    assert has(answer(facts, "Which tea do I prefer?"), "Assam")
    assert has(answer(facts, "Which tea do I drink at home?"), "Darjeeling")


# --- summaries and pair shapes -------------------------------------------------------

def test_entity_and_user_summaries():
    facts = run("My name is Odile.", "My nephew's name is Corwin. He's 9 years old.",
                "Corwin loves fencing.", "I have a dog named Rufus.")
    about = answer(facts, "What do you know about my nephew?")
    assert has(about, "Corwin", "9", "fencing")
    assert has(answer(facts, "What is my nephew's name, and how old is he?"), "Corwin", "9")
    assert has(answer(facts, "What are the names of my nephew and my dog?"), "Corwin", "Rufus")
    assert has(answer(facts, "What do you know about me?"), "Odile")


def test_two_facts_are_also_asked_together():
    facts = run("I'm a glassblower and I live in Murano.", "My niece Ilse is 7.",
                "Ilse loves kites.")
    joined = [p for f in facts if "|and:" in f.key for p in f.pairs]
    assert any(has(p.answer, "glassblower", "Murano") and ", and " in p.question for p in joined)
    niece = [p for p in joined if "niece" in p.question]
    assert niece and has(niece[0].answer, "7", "kites"), niece
    assert niece[0].question.endswith("what does she love?"), niece[0].question


def test_combined_question_survives_the_training_cap():
    # Training keeps only the first ``pairs_per_fact`` phrasings of a fact; the combined
    # question was once generated last and never trained.
    from daemon.settings import Settings

    facts = run("My nephew's name is Corwin. He's 9 years old.", "Corwin loves fencing.",
                "He wants to be a pilot.")
    summary = next(f for f in facts if f.key.endswith("|summary") and not f.key.startswith("you|"))
    kept = [p.question for p in summary.pairs[:Settings().pairs_per_fact]]
    assert "What is my nephew's name, and how old is he?" in kept
    assert any("Corwin" in q for q in kept) and any("nephew" in q for q in kept[1:])


def test_every_fact_has_several_phrasings_in_first_and_second_person():
    facts = run("My nephew's name is Corwin. He's 9 years old.", "I live in Tromso.",
                "I'm a landscape architect.")
    for fact in facts:
        # A joined question ("..., and ...?") is one phrasing by design.
        assert 2 <= len(fact.pairs) <= 8 or "|and:" in fact.key, fact
        for pair in fact.pairs:
            assert pair.question.endswith("?") or pair.question.startswith("Tell me")
            assert not re.search(r"\byour?\b", pair.question.replace("Tell me", ""), re.I) or \
                "you know" in pair.question or "you tell" in pair.question or \
                "you remember" in pair.question, pair.question
            assert pair.answer.endswith("."), pair.answer
    main = [f for f in facts if not f.key.endswith("|summary")]
    assert sum(len(f.pairs) >= 3 for f in main) >= len(main) - 1


def test_source_ids_and_text_are_kept():
    facts = run("Hello!", "I grew up in Cork.")
    fact = fact_with_key(facts, "you|grew_up")
    assert fact.source_message_ids == [2]
    assert fact.source_text == "I grew up in Cork."


def test_quoted_and_pasted_text_is_not_a_source():
    facts = run('My friend wrote "my name is Leo Brand and I am 80" in the card.',
                "Assistant: Your son is called Leo.\nHe is 8 years old.")
    assert not any(has(p.answer, "Leo") for p in pairs_of(facts))


# --- robustness ----------------------------------------------------------------------

WORDS = st.sampled_from(
    "I my we he she it you is am was have has named called a the in from to and but , . ? "
    "Zed Oslo 7 seven years old love work as moved here live son dog name 's".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(WORDS, max_size=14).map(" ".join), max_size=4))
def test_random_word_salad_never_crashes_and_stays_grounded(texts):
    messages = [SourceMessage(i + 1, t) for i, t in enumerate(texts)]
    facts = extract_facts(messages)
    _, rejections = apply_firewall(facts, messages)
    assert all(p.answer and p.question for f in facts for p in f.pairs)
    assert not [r for r in rejections if "name" in r.reason or "number" in r.reason]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=3))
def test_arbitrary_text_never_crashes(texts):
    extract_facts([SourceMessage(i + 1, t) for i, t in enumerate(texts)])
