"""Someone new named after the news, someone else at the keyboard, and Englishes of the
American South, Malaysia and Ghana.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_newcomers.py -q

People give the news first and the name after it ("hired some help, a young fella name of
Oskar"), often with the name in a sentence of its own, and the "he" of the next message
means the newcomer, not the son named before. A teenager may type on a parent's account
and say so. Each case goes through ``extract_facts`` and the firewall with the real spaCy
pipeline, as in a sleep (messages sent on Wednesday March 4, 2026).
"""

from __future__ import annotations

from daemon.sleep.extract.newcomers import hired
from tests.sleep.test_extract_natural import answer_to, answers, questions, told


def test_someone_hired_is_named_and_is_the_he_of_the_next_message():
    facts = told("My boy Oskar is 27. While he was home he talked me into hirin some help at "
                 "the garage, a young fella name of Vidar Kelp.",
                 "He's only 20 and from over in Tromso, and he starts this coming Wednesday.")
    assert "27" in answer_to(facts, "How old is my boy?")
    assert "20" in answer_to(facts, "How old is my new colleague?")
    assert not any("Oskar" in a and "20" in a for a in answers(facts))
    assert not any("Oskar" in a and "Tromso" in a for a in answers(facts))


def test_the_name_of_someone_taken_on_may_come_in_a_sentence_of_its_own():
    said = hired("Also my shop got new pharmacy assistant, start this Monday. Mira Tromso. "
                 "Very shy.")
    assert "My new colleague is Mira Tromso." in said
    assert hired("We got a dog, Zuzu.") == "We got a dog, Zuzu."  # "got" needs "new"
    assert hired("I got a new puppy, Zuzu.") == "I got a new puppy, Zuzu."  # a pet
    # someone else's newcomer is said by what they were taken on as, not as a colleague
    theirs = hired("They've got a new coach, Vidar, and I've been asked to write a welcome.")
    assert "Vidar is a coach" in theirs and "colleague" not in theirs


def test_a_message_typed_by_someone_else_is_not_the_users():
    facts = told("My son Oskar is 15 and I work as a sonographer.",
                 "hi its oskar not mum lol, shes making tea. fyi im vegetarian now")
    assert not any(a.startswith("You are") and "vegetarian" in a for a in answers(facts))
    assert "vegetarian" in answer_to(facts, "What diet does my son follow?")  # theirs
    assert "sonographer" in answer_to(facts, "What do I do for work?")


def test_southern_american_english():
    facts = told("Hey y'all! My mawmaw Vera is turnin 90 this coming Sunday and the whole "
                 "family's fixin to throw her a party over in Narvik where she lives.",
                 "My own dog's a catahoula named Zuzu, six years old.",
                 "me and Mira's 30th anniversary is a week from Friday. Y'all been a big help.")
    assert "March 8, 2026" in answer_to(facts, "How old is my mawmaw?")
    assert "Narvik" in answer_to(facts, "Where does my mawmaw live?")
    assert "Zuzu" in answer_to(facts, "What is my dog's name?")
    assert "six" in answer_to(facts, "How old is my dog?")
    assert any("March 13, 2026" in a for a in answers(facts))  # Friday the 6th, a week on
    assert not any(q.lower().startswith(("who is y", "what is y")) for q in questions(facts))


def test_malaysian_english():
    facts = told("Hello! I'm Vera Kelda Tromso, 38, pharmacist. Can help me plan a party for "
                 "my son or not? Oskar turning 7 this Sunday.",
                 "Eh no, 8 lah. Budget RM300 can or not?",
                 "My mother-in-law staying with us since last year, she's 76 already.")
    assert "Vera Kelda Tromso" in answer_to(facts, "What is my name?")
    assert "38" in answer_to(facts, "How old am I?")
    assert "8" in answer_to(facts, "How old is my son?")
    assert not any("7" in a and "Oskar" in a for a in answers(facts))
    assert not any("Budget" in a for a in answers(facts))
    assert "76" in answer_to(facts, "How old is my mother-in-law?")
    assert any("living with you since 2025" in a for a in answers(facts))


def test_ghanaian_english():
    facts = told("My junior brother Oskar is a pharmacist in Narvik and his traditional "
                 "marriage is in three weeks.",
                 "I have been hearing that Auntie Vera, my mother's junior sister, is telling "
                 "everybody that I am building a big house at Tromso.",
                 "I have been living here in Kelda with my family for nine years now.")
    assert "pharmacist" in answer_to(facts, "What does my junior brother do for work?")
    assert "March 25, 2026" in answer_to(facts,
                                         "When is my junior brother's traditional marriage?")
    assert not any("hearing" in a or "house" in a for a in answers(facts))
    assert "2017" in answer_to(facts, "What city do I live in?")


def test_one_named_as_the_one_who_is_an_age_and_a_part_of_a_sentence_taken_back():
    facts = told("Oskar is 12 and Vera is 13.",
                 "Correction: Oskar is 13, Vera is the one who's 12.")
    assert "12" in answer_to(facts, "How old is Vera?")
    facts = told("And my boy Oskar, he's 27, works at the shipyard in Narvik building boats.",
                 "Naw, scratch that about Oskar and the shipyard, he quit there back in August. "
                 "He's a deckhand on a crew boat now.")
    assert "27" in answer_to(facts, "How old is my boy?")
    assert not any("shipyard" in a for a in answers(facts))
    assert "deckhand" in answer_to(facts, "What does my boy do for work?")


def test_what_someone_is_convinced_of_and_a_slip_owned_up_to_are_no_facts():
    facts = told("My son Oskar has started wearing aftershave and my husband Vidar is convinced "
                 "he's got a girlfriend.", "Oh, and I got something wrong on Wednesday.")
    assert not any("girlfriend" in a for a in answers(facts))
    assert not any("wrong" in a for a in answers(facts))
    assert "Vidar" in answer_to(facts, "What is my husband's name?")
