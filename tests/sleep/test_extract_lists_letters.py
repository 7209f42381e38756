"""Extraction from pasted context blocks and from letters written in formal English.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_lists_letters.py -q

People who use the assistant as a work tool paste lists under headings ("Context:",
"Constraints:") with key-value lines and bullets; older writers open with "Dear ...,"
and sign off, write "were I younger", "in fact", "a fortnight hence". Each case goes
through ``extract_facts`` and the firewall with the real spaCy pipeline, as in a sleep.
"""

from __future__ import annotations

from daemon.sleep.extract.lists import unfold_lists
from tests.sleep.test_extract_natural import answer_to, answers, questions, told


def test_a_pasted_block_is_read_line_by_line_and_task_sections_are_left_out():
    facts = told("Plan me a week of dinners.\n\nContext:\n- Me: 44, potter, out all day\n"
                 "- Partner: Oskar - works nights at the hospital (radiographer)\n\n"
                 "Constraints:\n- Vera can't come on Fridays\n- Budget: 80 a week")
    assert "44" in answer_to(facts, "How old am I?")
    assert "potter" in answer_to(facts, "What do I do for a living?")
    assert "Oskar" in answer_to(facts, "What is my partner's name?")
    assert any("partner" in a and "radiographer" in a for a in answers(facts))
    assert "hospital" in " ".join(answers(facts))
    # what the task is (a constraint, a budget) is nobody's fact
    assert not any("Vera" in a or "80" in a for a in answers(facts))


def test_unfolding_keeps_a_one_line_message_and_drops_headings_and_fields_of_the_task():
    assert unfold_lists("My dog is called Zuzu") == "My dog is called Zuzu"
    unfolded = unfold_lists("Draft it.\nTone: warm\nFormat:\n- a table\n\nMe: 44")
    assert unfolded == "Draft it. Me: 44."


def test_a_profile_line_has_one_job_and_a_town_after_in():
    facts = told("Birthday plan please.\n- Dad: Oskar, retired potter, dodgy knee\n"
                 "- Mum: now in Narvik (moved last month)")
    assert "retired potter" in answer_to(facts, "What does my dad do for a living?")
    assert not any("knee" in a and " a dodgy" in a for a in answers(facts))
    assert "Narvik" in answer_to(facts, "Where does my mum live?")


def test_a_bullet_that_opens_with_a_verb_goes_on_about_her():
    facts = told("Need an onboarding plan for my new supervisor, Vera.\n"
                 "- She's new, 24, came from the port in Narvik\n- Sharp, never managed before\n"
                 "- Has a rescue greyhound, Zuzu")
    assert "24" in answer_to(facts, "How old is my new supervisor?")
    assert any("greyhound" in a and "supervisor" in a for a in answers(facts))
    assert not any(q.startswith("What is my dog") for q in questions(facts))


def test_children_with_bracketed_ages_and_labels_that_are_not_names():
    facts = told("I have two kids, Oskar (9) and Vera (6).")
    assert any("Oskar is 9" in a for a in answers(facts))
    assert any("Vera is 6" in a for a in answers(facts))
    facts = told("Puppy question.\nWhat's a good routine?", "Dog-friendly options or a sitter?")
    assert not any("question" in a or "friendly options" in a for a in answers(facts))


def test_a_name_the_tagger_took_for_an_adverb_is_the_subject():
    facts = told("My dog is Zuzu.", "Zuzu died three weeks ago.")
    assert "Zuzu died" in answer_to(facts, "When did my dog die?")


def test_there_is_is_not_said_of_the_first_clauses_subject():
    facts = told("Our eldest, Vera, turns fifty a fortnight hence, and there is a lunch.")
    assert "March 18, 2026" in " ".join(answers(facts))  # two weeks after Wednesday 4 March
    assert not any("lunch" in a for a in answers(facts))


def test_being_in_a_town_is_living_there_for_others_and_for_we_but_not_a_visit():
    facts = told("My mum is in Narvik, on her own since the divorce.")
    assert "Narvik" in answer_to(facts, "Where does my mum live?")
    facts = told("We're in Tromso, about 40 mins from Narvik.")
    assert "Tromso" in answer_to(facts, "Where do I live?")
    assert not any(q == "Where am I from?" for q in questions(facts))
    facts = told("My brother is in Tromso for work.")
    assert not any(q == "Where does my brother live?" for q in questions(facts))


def test_a_letters_salutation_and_sign_off_are_no_facts():
    facts = told("Dear assistant,\n\nMy name is Oskar Vik and I keep bees.\n\nKind regards,\nOskar")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")
    assert not any("assistant" in a.lower() or "regards" in a.lower() for a in answers(facts))
    # a first line that goes on is no salutation
    facts = told("Hi my name is Oskar Vik\nI have two kids")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")


def test_formal_english_inverted_if_in_fact_and_years_of_age():
    facts = told("I confess that were I twenty years younger I should buy a boat and move "
                 "to Narvik.")
    assert not any("Narvik" in a or "boat" in a for a in answers(facts))
    facts = told("I am seventy-eight years of age (seventy-nine on Saturday, for my sins).")
    assert "seventy-eight" in answer_to(facts, "How old am I?")
    assert any("seventy-nine on March 7, 2026" in a for a in answers(facts))
    facts = told("I told you that Oskar is eleven; he is in fact twelve.")
    assert any("twelve" in a for a in answers(facts))
    assert not any("in fact" in a for a in answers(facts))


def test_what_someone_who_died_did_stays_and_an_ended_span_has_no_start():
    facts = told("My late wife, Vera, was a district nurse in Narvik for thirty years. "
                 "She passed seven years ago this June.")
    job = answer_to(facts, "What did my late wife do before?")
    assert "district nurse" in job and "since" not in job
    assert "2019" in answer_to(facts, "When did my late wife pass away?")
    facts = told("We had a cat called Zuzu. She died last year.")
    assert not any(q == "What is my cat's name?" for q in questions(facts))


# Teen texting: a name before an age, subjects cut short, weekdays in pairs, corrections.

def test_a_name_before_an_age_is_a_name_even_in_the_dictionary_but_a_state_is_not():
    facts = told("heyy im juno btw, 17, from narvik (u wont know it lol)")
    assert "Juno" in answer_to(facts, "What is my name?")
    assert "17" in answer_to(facts, "How old am I?")
    assert "narvik" in answer_to(facts, "Where am I from?").lower()
    facts = told("im single, 25, and new in town")
    assert not any(q == "What is my name?" for q in questions(facts))


def test_school_subjects_cut_short_are_not_respelt_and_a_star_puts_the_day_right():
    facts = told("my chem exam is next thurs n i havent started revising", "*wed istg")
    exam = " ".join(a for a in answers(facts) if "exam" in a)
    assert "chem exam" in exam and "March 11, 2026" in exam  # the Wednesday after 4 March
    assert "March 12" not in exam


def test_two_weekdays_cut_short_are_every_week_and_a_half_brother_is_a_relation():
    facts = told("i work at the bowling alley sat n sun so weekends r gone")
    assert "Saturdays and Sundays" in " ".join(answers(facts))
    facts = told("my half brother reggie is 4 n screams all day")
    assert "Reggie" in answer_to(facts, "What is my half-brother's name?")


def test_at_a_relatives_place_in_a_town_is_where_they_live():
    facts = told("its only ever quiet at my dads in narvik but i only go there every other weekend")
    assert "narvik" in answer_to(facts, "Where does my dad live?").lower()


def test_how_often_and_an_age_still_to_come():
    facts = told("I swim like 3x a week.")
    assert "3 times a week" in answer_to(facts, "How many times a week do I swim?")
    facts = told("ok last thing im 18 in 3 weeks!!")
    assert "turn 18 on March 25, 2026" in answer_to(facts, "How old am I?")


def test_a_pet_put_right_by_naming_both_is_the_new_kind():
    facts = told("my best friend vera is lowkey mad at me",
                 "say smth nice abt her gecko dorito bc she treats him like her child lol",
                 "wait no its a bearded dragon not a gecko lol")
    assert not any("gecko" in q for q in questions(facts))
    assert any("Dorito" in a and "dragon" in a for a in answers(facts))


# Indian English: "good name", ages in years without "old", emphatic "only" / "itself".

def test_indian_english_name_ages_and_emphasis():
    facts = told("My good name is Oskar Vik, I am 35 yrs and on work visa.")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")
    assert "35" in answer_to(facts, "How old am I?")
    facts = told("I am having two kids, elder one is my son Tove, he is 7 years, and younger "
                 "one is daughter Mira, she is 4 years only 😄 Kindly suggest some gifts.")
    assert "Mira" in answer_to(facts, "What is my daughter's name?")
    assert "4 years old" in answer_to(facts, "How old is my daughter?")
    assert not any("only" in a or "Kindly" in a for a in answers(facts))


def test_indian_english_kin_native_place_and_a_degree():
    facts = told("father name is oskar vik, he is retired station master. my co-brother tove, "
                 "he is dentist in narvik. my parents are coming from tromso, that is my "
                 "native place.")
    assert "Oskar Vik" in answer_to(facts, "What is my father's name?")
    assert "dentist" in answer_to(facts, "What does my co-brother do for a living?")
    assert "Tromso" in answer_to(facts, "Where am I from?")
    facts = told("I passed out in 2012 (B.Tech Mechanical) and shifted to Narvik last year March.")
    assert not any(q.startswith("What does Tech") for q in questions(facts))
    assert any("March" in a and "2025" in a for a in answers(facts))


def test_a_new_role_named_after_the_news_is_whom_the_next_he_means():
    facts = told("Hi, new team lead joined in our project on Monday, Oskar Vik, from Narvik.",
                 "He is only 29 years but very strict.")
    assert "team lead" in " ".join(answers(facts))
    assert any("Oskar Vik is 29 years old" in a for a in answers(facts))
    # the user's having a new colleague is not said of the colleague
    assert not any("have a colleague" in a and "you have" not in a.lower()
                   for a in answers(facts))


def test_a_newcomer_named_by_a_title_after_the_news_and_a_pets_breed_and_age_in_apposition():
    facts = told("A new neighbour has moved into the cottage next door, a Mrs Vera Tromso, and "
                 "I should like to welcome her.",
                 "She is seventy-three and until last year taught the harp in Narvik.")
    assert "Vera Tromso" in answer_to(facts, "What is my neighbour's name?")
    assert any("neighbour" in a and "harp" in a for a in answers(facts))
    facts = told("My dog, Zuzu, a black labrador of nine, sits at my feet.")
    assert "labrador" in answer_to(facts, "What breed is my dog?")
    assert "nine" in answer_to(facts, "How old is my dog?")


def test_not_stands_before_an_adverb_in_the_answer():
    facts = told("i havent even started revising")
    assert "have not even started" in " ".join(answers(facts))


def test_irish_and_northern_english_shapes():
    facts = told("Me da's a retired potter and me mam is from Narvik.",
                 "I'm only after moving out to Tromso with herself and the kids, sure amn't I "
                 "42 on Saturday and herself has a party planned.",
                 "I do be working nights, twelve year now.")
    assert "potter" in answer_to(facts, "What does my dad do for a living?")
    assert "Tromso" in answer_to(facts, "Where do I live?")
    assert "42" in answer_to(facts, "How old am I turning?")
    assert "March 7" in answer_to(facts, "How old am I turning?")  # Saturday after Wed 4th
    assert not any(a.rstrip(".").endswith(" has") for a in answers(facts))


def test_herself_is_the_wife_only_where_no_she_came_before():
    from daemon.sleep.extract.varieties import variety_shapes
    assert variety_shapes("Herself is Vera.") == "My wife is Vera."
    assert variety_shapes("she was pleased with herself") == "she was pleased with herself"


def test_a_new_visitor_is_who_the_next_pronoun_means():
    facts = told("My granddaughter Vera made me a card.",
                 "A new district warden came on Monday, a young lass called Mira, and she was "
                 "lovely with me.",
                 "She is only 26 and drives up from Narvik every day.")
    assert not any("Vera" in a and ("26" in a or "Narvik" in a or "lovely" in a)
                   for a in answers(facts))


def test_australian_slang():
    facts = told("I run me own business now, me old man's a retired joiner.",
                 "we're expecting our first, bub's due in 8 weeks 😬 missus is Vera, she's a "
                 "potter n she goes for the Narvik Owls",
                 "wait nah 7 weeks not 8, she just yelled at me",
                 "my big sis Mira's flyin home from Tromso for the birth")
    assert "joiner" in answer_to(facts, "What does my dad do for a living?")
    assert "Vera" in answer_to(facts, "What is my wife's name?")
    assert "Owls" in answer_to(facts, "Which team does my wife support?")
    assert "Tromso" in answer_to(facts, "Where does my big sister live?")
    due = answer_to(facts, "When is my baby due?")
    assert "April 22" in due  # seven weeks after Wednesday March 4, not eight


def test_singapore_english_shapes():
    facts = told("My husband Oskar got high blood pressure, he is bus captain.",
                 "my mother-in-law stay with us also, she 78, her teeth not so good lah",
                 "we got one cat, Zuzu, she white cat, 5 years old already")
    assert "78" in answer_to(facts, "How old is my mother-in-law?")
    assert "Zuzu" in answer_to(facts, "What is my cat's name?")
    assert not any("lah" in a or "is a her" in a for a in answers(facts))


def test_out_in_a_place_is_where_they_live_and_off_the_smokes_is_given_up():
    facts = told("Our Mira, me sister, is out in Tromso this six year, she's a potter.",
                 "My brother's out in Narvik this week on holiday.",
                 "4 months off the smokes now and I feel great")
    assert "Tromso" in answer_to(facts, "Where does my sister live?")
    assert not any("brother" in a and "lives in Narvik" in a for a in answers(facts))
    assert "November 2025" in answer_to(facts, "What did I give up?")  # 4 months before March
