"""Facts said in the phrase that opens a request, and Québec French, Cantonese and Kenyan
words inside English.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_fronted.py -q

"As a type 2 diabetic, what snacks ...", "With my daughter turning 10 next Friday, ...":
people who write full sentences put what they are in front of what they ask. Each case
goes through ``extract_facts`` and the firewall with the real spaCy pipeline, as in a
sleep (messages sent on Wednesday March 4, 2026).
"""

from __future__ import annotations

from daemon.sleep.extract.cantonese import cantonese_as_english
from daemon.sleep.extract.fronted import fronted_facts
from daemon.sleep.extract.quebec import french_as_english
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_an_opening_phrase_is_said_of_whoever_the_clause_after_it_is_about():
    assert fronted_facts("As a glazier, what gloves should I buy?") \
        == "I am a glazier. What gloves should I buy?"
    assert fronted_facts("As a teacher, my sister Vera says ten is old enough.") \
        .startswith("My sister Vera is a teacher. My sister Vera says")
    assert fronted_facts("As I said, it rained.") == "As I said, it rained."  # no "a"


def test_facts_in_opening_phrases():
    facts = told("Writing as Oskar Vik, could you draft a note to the neighbours?",
                 "Having worked as a land surveyor for 12 years, I'm setting up a practice.",
                 "With my daughter Vera turning 10 on Saturday, can you plan a party?",
                 "Being 13 and football-mad, my son Mika won't touch anything green.",
                 "Before my knee operation on the 14th, what exercises can I do?")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")
    assert "surveyor" in answer_to(facts, "What do I do for a living?")
    assert "2014" in answer_to(facts, "What do I do for a living?")
    assert "March 7, 2026" in answer_to(facts, "How old is my daughter?")
    assert "13" in answer_to(facts, "How old is my son?")
    assert "March 14, 2026" in answer_to(facts, "When is my knee operation?")


def test_a_day_moved_and_a_hire_named_later():
    facts = told("Before my knee operation on the 14th, what exercises can I do?",
                 "Now that the hospital has moved my knee operation from the 14th to the 21st, "
                 "could you push the plan back?")
    assert "March 21, 2026" in answer_to(facts, "When is my knee operation?")
    assert not any("March 14" in a for a in answers(facts))
    facts = told("My son Oskar is 13.", "Having just hired the first chainman for the new "
                 "practice, can you write a plan for him? He's only 23 and comes from Narvik. "
                 "His name's Vidar, if that helps with the tone.")
    assert "13" in answer_to(facts, "How old is my son?")
    assert "23" in answer_to(facts, "How old is my new colleague?")
    assert "Vidar" in answer_to(facts, "What is my new colleague's name?")


def test_quebec_french_inside_english():
    context = "pis genre ma mère tabarnak"
    assert french_as_english("mon chum Oskar is a trucker pis ma mère turns 70 samedi", context) \
        == "my boyfriend Oskar is a trucker and my mother turns 70 on Saturday"
    assert french_as_english("il a juste 19 ans", context) == "he is only 19"
    assert french_as_english("my blonde hair, ma mère", "no markers here") \
        == "my blonde hair, ma mère"
    facts = told("mon gars Oskar is 11, non attends, 12 pis he plays hockey genre",
                 "ma soeur Vera is an infirmière in Narvik, tabarnak")
    assert "12" in answer_to(facts, "How old is my son?")
    assert "nurse" in answer_to(facts, "What does my sister do for work?")


def test_hong_kong_english():
    context = "la lor wor jor"
    said = cantonese_as_english("my po po turns 88 this Sunday la, my gor gor is 35 jor", context)
    assert said == "my grandma turns 88 this Sunday, my older brother is 35"
    facts = told("We live in Sha Tin, me and my helper Vera. She's been with us 9 years jor la.",
                 "My younger sister Mira is 26, flight attendant, always flying wor.",
                 "Po po still lives in Tai Po lor.")
    assert "Sha Tin" in answer_to(facts, "Where do I live?")
    assert "26" in answer_to(facts, "How old is my younger sister?")
    assert "flight attendant" in answer_to(facts, "What does my younger sister do for work?")
    assert "Tai Po" in answer_to(facts, "Where does my grandma live?")


def test_kenyan_english():
    facts = told("Sawa, that one is nice. Then my sister Vera who is an accountant in Narvik. "
                 "My cucu is 91 and she stays in Tromso.")
    assert "accountant" in answer_to(facts, "What does my sister do for work?")
    assert "91" in answer_to(facts, "How old is my cucu?")
    assert "Tromso" in answer_to(facts, "Where does my cucu live?")
    assert not any(a.startswith("Sawa") for a in answers(facts))
