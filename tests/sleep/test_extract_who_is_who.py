"""Extraction of who is who in natural chat, and of what changed about them.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_who_is_who.py -q

People introduce someone and then describe them ("he has a carer from an agency, Oskar.
He's 27"), call a neighbour by where they live ("Vera next door"), change what someone
is to them ("he's officially my boyfriend now"), and say where someone lives by where a
party is ("at her place in Narvik"). Each case goes through ``extract_facts`` and the
firewall with the real spaCy pipeline, as in a sleep.
"""

from __future__ import annotations

from daemon.sleep.extract.ages import spoken_ages
from daemon.sleep.extract.inline import apply_inline_corrections
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_someone_just_introduced_takes_the_next_he():
    facts = told("My dad is Kelvo. Monday to Friday he has a carer from the council, Oskar, "
                 "who comes on Tuesdays. He's 27, he used to be a potter in Narvik.")
    assert "Oskar" in answer_to(facts, "Who is my dad's carer?")
    assert not any("Kelvo is 27" in a or "dad Kelvo used to be" in a for a in answers(facts))
    assert "27" in answer_to(facts, "How old is Oskar?")


def test_a_run_of_he_stays_on_its_person_without_a_newcomer():
    facts = told("My dad is Kelvo. He has a red van. He's 83.")
    assert "83" in answer_to(facts, "How old is my dad?")


def test_a_neighbour_named_by_where_they_live_and_their_pet_by_breed():
    facts = told("Vera Kelda next door has this border terrier called Zuzu who digs under "
                 "the hedge. Vera Kelda is 74.")
    assert "Zuzu" in answer_to(facts, "What is my neighbour's dog's name?")
    assert "74" in answer_to(facts, "How old is my neighbour?")
    assert not any(a.startswith("Your dog") for a in answers(facts))
    assert not told("Someone next door is loud.")


def test_a_relation_that_becomes_a_partnership_relabels_the_person():
    facts = told("my situationship oskar works at the kelp farm.",
                 "oskar and i went to narvik on friday. so hes my boyfriend now, properly!!")
    assert "Oskar" in answer_to(facts, "What is my boyfriend's name?")
    assert "kelp farm" in answer_to(facts, "Where does my boyfriend work?")
    assert not any("situationship" in a for a in answers(facts))


def test_a_home_said_by_where_a_party_is():
    facts = told("my gran Mira turns 90 on Sunday and we are all going to her place "
                 "in Narvik.", "a dozen of us at our place in tromso")
    assert "Narvik" in answer_to(facts, "Where does my gran live?")
    assert "Tromso" in answer_to(facts, "Where do I live?")


def test_a_town_alone_on_a_line_is_the_there_after_it():
    facts = told("my best friend mira is a potter.\nnarvik\nshe moved there last summer")
    assert "Narvik" in answer_to(facts, "Where does my best friend live?")
    assert not any("You are a" in a for a in answers(facts))


def test_an_age_before_and_then_a_place_or_an_adjective():
    assert "23, and is from" in spoken_ages("She's only 23 and from Narvik")
    facts = told("my daughter Mira is 8 and allergic to kelp so no seaweed please")
    assert "8" in answer_to(facts, "How old is my daughter?")
    assert "kelp" in answer_to(facts, "What is my daughter allergic to?")


def test_an_age_put_right_by_a_whole_clause():
    assert apply_inline_corrections("my gf is 31... wait no she turned 32 last month") \
        .startswith("my gf is 32.")
    facts = told("my gf vera is 31... wait no she turned 32 last month")
    assert "32" in answer_to(facts, "How old is my girlfriend?")
    assert not any("31" in a for a in answers(facts))


def test_has_lived_and_has_got_without_the_apostrophe():
    facts = told("My dad Kelvo is 83, he's lived with me here in Narvik since May last year.")
    assert "Narvik" in answer_to(facts, "Where does my dad live?")
    assert not any(" is lived" in a or "since in" in a for a in answers(facts))
    assert not any(" is got" in a for a in answers(told("my son Oskar hes got swimming on friday")))


def test_a_dose_with_its_unit_is_grounded():
    facts = told("My dad Kelvo takes kelpazine, 20mg each morning.")
    assert "kelpazine" in answer_to(facts, "What does my dad take?")


def test_the_thing_got_is_the_new_one_of_its_kind():
    facts = told("the old van died, we sold it and I got my aunt's Narvik Six off "
                 "her, so that's my runabout now.")
    assert "Narvik Six" in answer_to(facts, "What is my runabout?")


def test_a_left_out_i_before_been_and_a_role():
    assert "9 years" in answer_to(told("been a potter 9 years now."), "What do I do for work?")
    assert not told("Been there, done that.")


def test_jokes_interjections_and_thanks_are_no_facts():
    assert not told("i literally live at the gym these days")
    assert "Narvik" in answer_to(told("I basically live in Narvik now."), "Where do I live?")
    assert not told("Kelpish, thanks boet! Must run.")
    facts = told("eish, sad news: my old van died.")
    assert not any("fish" in a for a in answers(facts))
    assert not any("Plan" in a for a in answers(
        told("my best friend mira turns 30 on sunday.\nplan is like 50 each",
             "narvik\nshe moved there last summer")))
