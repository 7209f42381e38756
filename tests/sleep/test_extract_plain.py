"""Extraction from plain, well-written chat with the facts said in passing inside requests.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_plain.py -q

Ordinary sentence-case writing still hides facts in shapes the clause rules missed: a
name set off by commas, a relative clause on a relation, a cleft, a breed said instead
of the animal, a job said as running a workplace, a newcomer introduced as "a new
trainee, X,". Each case goes through ``extract_facts`` and the firewall with the real
spaCy pipeline, as in a sleep.
"""

from __future__ import annotations

from tests.sleep.test_extract_natural import answer_to, answers, questions, told


def test_a_name_set_off_by_commas_after_the_relation():
    facts = told("While I have you, my dad, Oskar, is coming to the party too.")
    assert "Oskar" in answer_to(facts, "What is my dad's name?")
    facts = told("Could you draft an email to my boss, Vera, asking for a day off?")
    assert "Vera" in answer_to(facts, "What is my boss's name?")


def test_a_comma_and_so_start_a_new_clause():
    facts = told("For the food, my husband Oskar is a butcher, so he's doing the burgers.")
    assert "butcher" in answer_to(facts, "What does my husband do for a living?")


def test_a_relative_clause_with_whos_and_the_before_a_job():
    facts = told("Could you write to my boss, Vera, who's the finance director, for me?")
    assert "finance director" in answer_to(facts, "What is my boss's job?")


def test_sign_it_with_a_name_gives_the_users_name():
    facts = told("Please draft a short note to the school. Sign it Mira Tromso.")
    assert "Mira Tromso" in answer_to(facts, "What is my name?")


def test_a_breed_is_the_animal_and_its_kind():
    facts = told("Our springer spaniel, Zuzu, will eat anything that lands on the floor.")
    assert "Zuzu" in answer_to(facts, "What is my dog's name?")
    assert "springer spaniel" in " ".join(answers(facts))
    # someone else's pet stays theirs
    facts = told("My brother Oskar has a horrible little pug called Vera.")
    assert not any(q.startswith("What is my dog") for q in questions(facts))


def test_a_pet_adopted_by_name_is_had_and_when_it_came_is_kept():
    facts = told("We adopted a puppy named Zuzu last week.")
    assert "Zuzu" in answer_to(facts, "What is my puppy's name?")
    assert any("2026" in a for a in answers(facts))


def test_here_in_a_town_is_where_the_user_lives_unless_away():
    facts = told("We'll have ten children in the back garden here in Galway on Saturday.")
    assert "Galway" in answer_to(facts, "Where do I live?")
    facts = told("I'm here in Galway on holiday for a week, any tips?")
    assert not any(q == "Where do I live?" for q in questions(facts))


def test_a_cleft_says_who_it_is_about():
    facts = told("She isn't allergic to anything, it's me who's allergic to penicillin.")
    assert any(a.startswith("You are allergic to penicillin") for a in answers(facts))


def test_running_a_workplace_is_a_job_but_running_for_fun_is_not():
    facts = told("I manage the payroll team at a medical devices company in Shannon.")
    assert "payroll team" in answer_to(facts, "What do I do for work?")
    assert not any("do for work" in q for q in questions(told("I run marathons.")))


def test_a_new_role_introduced_by_name_is_whom_the_next_she_means():
    facts = told("A new trainee, Mira, started on my team this morning.",
                 "She's only 23 and she drives in from Ennis every morning.")
    assert "23" in answer_to(facts, "How old is my new trainee?")
    assert "Ennis" in " ".join(answers(facts))


def test_there_after_a_town_put_right_is_that_town():
    facts = told("my brother oskar is a chef in Galway",
                 "wait no, its Ennis not Galway, hes the chef at a hotel there")
    job = answer_to(facts, "What does my brother do for a living?")
    assert "Ennis" in job and "there" not in job.split()


def test_an_age_then_a_job_said_of_someone_else_and_a_course_year():
    facts = told("my bf oskar is lovely. hes 22, an apprentice plumber, lives in narvik")
    assert "22" in answer_to(facts, "How old is my boyfriend?")
    assert "apprentice plumber" in answer_to(facts, "What does my boyfriend do for a living?")
    facts = told("im vera, 20, 2nd yr adult nursing at edge hill")
    assert "20" in answer_to(facts, "How old am I?")
    assert any("adult nursing" in a and "Edge Hill" in a for a in answers(facts))


def test_an_age_put_right_after_a_comma_stays_a_correction():
    facts = told("my niece mira turns 6 on friday", "wait she is 7, not 6!!")
    assert not any("6" in a.split() for a in answers(facts))


def test_together_without_for_and_weve_without_apostrophe():
    facts = told("my bf oskar is lovely. weve been together 14 months")
    assert any("together for 14 months" in a for a in answers(facts))


def test_a_new_relation_is_someone_else_than_the_old_one():
    facts = told("my mentor vera is lovely, shes retiring at christmas",
                 "my new mentor is called mira. shes been a district nurse for 26 yrs")
    assert not any("Mira" in a and "retiring" in a for a in answers(facts))
    assert any("Vera" in a and "retiring" in a for a in answers(facts))


def test_what_is_sworn_under_a_condition_is_not_a_plan():
    facts = told("if i fail the exam i swear im moving to narvik to sell ice cream lol")
    assert not any("moving" in a for a in answers(facts))


def test_a_new_colleague_with_a_two_word_role_and_a_parent_retired_as():
    facts = told("A new graduate engineer, Oskar, started on our team on Monday.",
                 "He's only 24 and he's from Narvik.")
    assert "24" in answer_to(facts, "How old is my new colleague?")
    assert "graduate engineer" in " ".join(answers(facts))
    facts = told("My parents moved to Narvik when my dad retired after thirty years as a "
                 "harbour master.")
    assert "harbour master" in " ".join(answers(facts))
    assert "Narvik" in answer_to(facts, "Where do my parents live?")


def test_a_topic_change_is_not_a_job():
    facts = told("I've been a maintenance engineer for six years.",
                 "Different subject. My wife is lovely.")
    assert "maintenance engineer" in answer_to(facts, "What do I do for a living?")


def test_a_named_persons_relation_is_theirs_not_them():
    facts = told("my partner Oskar is a shotfirer", "Oskar's mum Vera lives in Narvik.")
    assert not any("Oskar lives in Narvik" in a for a in answers(facts))
    assert any("mum Vera lives in Narvik" in a for a in answers(facts))


def test_an_interjection_opening_a_request_is_nobody():
    facts = told("Aww can you make it rhyme a bit? he loves anything that rhymes")
    assert not any("Aww" in a for a in answers(facts))


def test_an_age_then_and_what_else_they_are():
    facts = told("Our Jack Russell Zuzu is 6 and normally an angel.")
    assert "6" in answer_to(facts, "How old is my dog?")


def test_learners_bare_job_age_with_have_and_name_comma_pronoun():
    facts = told("I am forklift driver on night shift.")
    assert "forklift driver" in answer_to(facts, "What do I do for a living?")
    facts = told("my husband Oskar, he is driver of bus here in Narvik, and son have 14.")
    assert "driver of bus" in answer_to(facts, "What does my husband do for a living?")
    assert not any("Oskar oskars" in a.lower() for a in answers(facts))
    facts = told("something for my son Oskar, he is teenager, he want only wifi and football.")
    assert not any("wife" in a for a in answers(facts))


def test_a_wedding_anniversary_says_how_long_the_user_has_been_married():
    facts = told("My wife Mira and I have our fifth wedding anniversary next Friday.")
    assert "5 years" in answer_to(facts, "How long have I been married?")


def test_children_named_after_my_two_oldest_are_children():
    facts = told("lunch ideas for my two oldest? Mira is 11 and went vegetarian and Oskar "
                 "is 8 and only eats plain things")
    assert "11" in " ".join(a for a in answers(facts) if "child Mira" in a)
    assert "8" in " ".join(a for a in answers(facts) if "child Oskar" in a)
