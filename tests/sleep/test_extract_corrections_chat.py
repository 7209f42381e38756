"""Corrections and newcomers as texters type them: lowercase, no apostrophes, no "it's".

Run: .venv/bin/python -m pytest tests/sleep/test_extract_corrections_chat.py -q

Each case goes through ``extract_facts`` and the firewall with the real spaCy pipeline,
as in a sleep: only the value the user settled on may be trained.
"""

from __future__ import annotations

from tests.sleep.test_extract_natural import answer_to, answers, questions, told


def test_a_lowercase_town_put_right_with_wait_no():
    facts = told("my gf vera lives in narvik, wait no tromso, she moved in august")
    where = answer_to(facts, "Where does my girlfriend live?")
    assert "tromso" in where.lower() and "narvik" not in where.lower()


def test_a_diet_put_right_with_scratch_that():
    facts = told("im veggie btw. actually scratch that, vegan since march")
    said = " ".join(answers(facts))
    assert "vegan" in said and "vegetarian" not in said


def test_a_number_put_right_in_the_next_message():
    facts = told("im mira tromso, 62, barista at a cafe in narvik",
                 "sorry typo 26 not 62 lol i am NOT that old")
    assert "26" in answer_to(facts, "How old am I?")
    assert not any("62" in a for a in answers(facts))
    facts = told("my brother oskar is 31, hes a mechanic", "i meant 33 for oskar not 31")
    assert "33" in answer_to(facts, "How old is my brother?")


def test_a_lowercase_name_before_an_age_is_the_users_name():
    facts = told("ok quick intro lol im kelda trask, 26, barista at a cafe in narvik")
    assert "Kelda Trask" in answer_to(facts, "What is my name?")


def test_a_new_guy_named_after_the_news_is_whom_the_next_he_means():
    facts = told(("a", "my manager vera keeps telling ppl im gonna run the place"),
                 ("b", "new guy started at the cafe on tues, oskar, vera hired him"),
                 ("b", "hes 19 n honestly thinks a flat white is a small latte"))
    assert "19" in answer_to(facts, "How old is my new colleague?")
    assert not any("Vera" in a and "19" in a for a in answers(facts))


def test_mums_not_is_the_mum_and_ends_where_she_was():
    facts = told(("a", "my mum vera runs a cafe in narvik"),
                 ("b", "wait no i got that wrong, mums not in narvik anymore!! she sold the "
                       "cafe n moved to tromso in sept"))
    assert "tromso" in answer_to(facts, "Where does my mum live?").lower()
    assert not any("runs a cafe" in a for a in answers(facts))


def test_what_someone_is_on_days_off_is_not_their_job():
    facts = told("on my days off im a professional napper lmao")
    assert not any("do for a living" in q for q in questions(facts))


def test_a_business_partner_named_after_the_wife_is_not_the_wife():
    facts = told("My wife she say always I speak a lot.",
                 "my partner Mira she will kill me, we open the shop together.",
                 "My wife Vera she is nurse.")
    assert not any("wife Mira" in a or "wife's name is Mira" in a for a in answers(facts))
    assert "Vera" in answer_to(facts, "What is my wife's name?")
    assert "Mira" in answer_to(facts, "What is my partner's name?")
