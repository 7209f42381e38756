"""Extraction from chat in US English: dates in numbers, "Name and I", a cleft.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_natural_us.py -q

Americans write a day as "6/13" and talk of "my mom"; everyone says "the only thing
I'm allergic to is ...". Each case goes through ``extract_facts`` and the firewall with
the real spaCy pipeline, as in a sleep.
"""

from __future__ import annotations

from daemon.sleep.extract.normalize import normalize_chat
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_a_date_in_numbers_is_read_where_only_one_order_fits():
    assert "June 13, 2016" in normalize_chat("we got married on 6/13/2016")
    assert "April 30" in normalize_chat("we move out by 30/4")
    assert "5/9" in normalize_chat("the party is on 5/9")  # either order: left as written
    assert "50/50" in normalize_chat("we split it 50/50")


def test_a_partner_named_with_and_i_is_the_couple():
    facts = told("My husband Oskar is a potter.",
                 "Oskar and I have our 10 year anniversary on June 13.")
    assert any(a.startswith("You and your husband Oskar have") for a in answers(facts))
    assert not any(a.startswith("Oskar and I") for a in answers(facts))


def test_a_named_persons_thing_is_theirs():
    facts = told("My husband Oskar is a potter.", "Oskar's car is a red van.")
    assert "red van" in answer_to(facts, "What is my husband's car?")
    summary = answer_to(facts, "What do you know about my husband?")
    assert ", Your" not in summary and "red van" in summary


def test_the_only_thing_and_so_with_a_new_subject():
    facts = told("the only thing I'm actually allergic to is sulfa.",
                 "I don't drink so I'd rather it not turn into a beer thing")
    assert "sulfa" in answer_to(facts, "What am I allergic to?")
    assert not any(a.rstrip(".").endswith(" so") for a in answers(facts))


def test_someone_coming_over_from_a_town_lives_there():
    facts = told("my mom's driving over from Narvik for it and she's bringing her dog Zuzu")
    assert "Narvik" in answer_to(facts, "Where does my mom live?")


def test_a_topic_heading_is_no_habit():
    facts = told("work drama lol. we got a new dentist yesterday")
    assert not any("work drama" in a for a in answers(facts))
    assert "fishing" in answer_to(told("Wouldn't fish though. Hate fishing."), "What do I hate?")


def test_replies_to_the_assistants_questions():
    facts = told("Vera. Vera Kelda, and I'm 44.",
                 "Kendal, since 2011.",
                 "Married, 14 years on Saturday! His name's Oskar, he's a potter.",
                 "Yes, two. Mira's 10 and Zuzu's 6.",
                 "Mira's coming out with me on Monday.")
    assert "Vera Kelda" in answer_to(facts, "What is my name?")
    assert "2011" in answer_to(facts, "Where do I live?")
    assert "Oskar" in answer_to(facts, "What is my husband's name?")
    assert "6" in answer_to(facts, "How old is Zuzu?")
    assert not any("Mira 's" in a or "Mira's is" in a for a in answers(facts))


def test_a_pet_that_died_is_not_asked_for_by_name_as_if_alive():
    facts = told("No pets now, our old collie Zuzu died in February.")
    assert "February" in answer_to(facts, "What happened to my dog?")
    assert not any(q.startswith("Who is my") for f in facts for q in (p.question for p in f.pairs))


def test_a_value_said_wrong_in_an_earlier_message_is_put_right():
    facts = told("We moved to Narvik in 2018 and we love it.",
                 "Oh, and I told you that we moved here in 2018, that's wrong, it was 2019.")
    assert not any("2018" in a for a in answers(facts))
    assert any("2019" in a for a in answers(facts))
