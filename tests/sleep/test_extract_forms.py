"""Extraction from form-like one-liners, learners' English and texting shorthand.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_forms.py -q

Each case failed before its fix. They were found on three development conversations
written after the extractor's second round and measured before any change (terse
forms, a Spanish speaker's English, texting shorthand), and are written here with
invented names. Messages go through ``extract_facts`` and the firewall, as in a sleep.
"""

from __future__ import annotations

from tests.sleep.test_extract_natural import answer_to, answers, told


def test_labelled_fields_are_facts_about_the_user():
    facts = told("Name: Oskar Vik.", "Age 56. Narvik, Nordland.")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")
    assert "56" in answer_to(facts, "How old am I?")
    assert "Narvik" in answer_to(facts, "Where do I live?")


def test_a_fragment_after_a_relation_is_about_that_person_not_the_user():
    facts = told("Name: Oskar Vik.", "Glazier.", "Wife - Mira. Primary teacher.")
    assert "Mira" in answer_to(facts, "What is my wife's name?")
    assert "teacher" in answer_to(facts, "What does my wife do for a living?")
    assert "glazier" in answer_to(facts, "What do I do for a living?")
    assert not [a for a in answers(facts) if a.startswith("You are a primary teacher")]


def test_a_bare_name_or_service_after_a_relation_names_or_places_them():
    facts = told("Dog's a collie. Zuzu.", "Eldest is Tove. Army, based up north.")
    assert "Zuzu" in answer_to(facts, "What is my dog called?")
    assert "collie" in answer_to(facts, "What breed is my dog?")
    assert "Tove" in answer_to(facts, "What is my eldest child's name?")
    assert "army" in answer_to(facts, "Where is my eldest child?")


def test_a_count_alone_and_a_weekly_habit_are_facts():
    facts = told("Three kids. All grown up.", "Quit smoking in 2015.", "Darts on Thursdays.")
    assert "three" in answer_to(facts, "How many children do I have?")
    assert "2015" in answer_to(facts, "When did I quit smoking?")
    assert "darts" in answer_to(facts, "What do I do on Thursdays?")


def test_learners_ages_durations_and_jobs_are_read_as_meant():
    facts = told("We have two childs, Oskar have 7 years and Mira have 4 years.",
                 "I am working in a hotel like cleaner.")
    assert "7" in answer_to(facts, "How old is Oskar?")
    assert "4" in answer_to(facts, "How old is Mira?")
    assert "cleaner" in answer_to(facts, "What do I do for a living?")


def test_an_age_after_a_name_and_an_intolerance_in_texting():
    facts = told("ok quick context, im vardo, 24, i make coffee in narvik",
                 "also im lactose intolerant so oat milk always")
    assert "Vardo" in answer_to(facts, "What is my name?")
    assert "24" in answer_to(facts, "How old am I?")
    assert "lactose" in answer_to(facts, "What am I intolerant to?")


def test_how_the_user_travels_is_asked_as_such():
    facts = told("i dont drive, i get the bus to work")
    assert "bus" in answer_to(facts, "How do I get around?")
    assert "bus" in answer_to(facts, "How do I get to work?")


def test_a_lowercase_name_given_earlier_is_a_name_in_a_later_correction():
    facts = told("can u help me plan a bday thing for my bestie zuzu? shes turning 25 next sat",
                 "wait no zuzu is turning 26 not 25 lol")
    assert "26" in answer_to(facts, "How old is my best friend turning?")
    assert not [a for a in answers(facts) if "25" in a]


def test_a_clause_said_to_be_out_of_date_in_the_same_message_is_dropped():
    facts = told("My sister Mira lives in Narvik -- oh no, that was last year, she moved to "
                 "Tromso in the spring.")
    assert "Tromso" in answer_to(facts, "Where does my sister live?")
    assert not [a for a in answers(facts) if "Narvik" in a]


def test_a_value_taken_back_in_a_later_message_is_read_in_the_earlier_one():
    facts = told("I drive a little red Skoda to work.",
                 "Ignore what I said about the Skoda being red, it's actually blue.")
    assert "blue" in answer_to(facts, "What colour is my car?")
    assert not [a for a in answers(facts) if "red" in a.split()]


def test_a_break_up_makes_the_partner_an_ex_and_ends_what_was_shared():
    facts = told("I live with my boyfriend Oskar and our cat Zuzu in a flat in Vardo.",
                 "Oskar is a glazier.", "Update: Oskar and I broke up last weekend.")
    assert "Oskar" in answer_to(facts, "What is my ex-boyfriend's name?")
    assert "glazier" in answer_to(facts, "What does my ex-boyfriend do for a living?")
    assert not [a for a in answers(facts) if "your boyfriend" in a.lower()]
    home = answer_to(facts, "Where do I live?")
    assert "Vardo" in home and "Oskar" not in home and "Zuzu" in home


def test_a_new_job_as_of_a_date_replaces_the_old_one():
    facts = told("I'm Vera Lind, 33, pharmacist at a hospital in Narvik.",
                 "As of next month I'm a pharmacist at a surgery in Tromso instead.")
    assert "33" in answer_to(facts, "How old am I?")
    job = answer_to(facts, "Where do I work?")
    assert "Tromso" in job and "instead" not in job and "of in" not in job
    assert not [a for a in answers(facts) if "hospital" in a]


def test_learners_prepositions_and_kin_ages():
    facts = told("Since 2012 I am married with Mira, she works by the council as a planner.",
                 "We have two kids, a son of 12 and a daughter of 9. The son is called Oskar "
                 "and the daughter Tove.")
    assert "2012" in answer_to(facts, "Since when am I married?")
    assert "planner" in answer_to(facts, "What does Mira do for a living?")
    assert "12" in answer_to(facts, "How old is my son?")
    assert "9" in answer_to(facts, "How old is my daughter?")
    assert "Tove" in answer_to(facts, "What is my daughter's name?")


def test_a_pet_having_her_birthday_keeps_her_own_possessive():
    facts = told("I have a cat called Zuzu.", "She had her birthday on Sunday.",
                 "My mum keeps telling me I should get a dog.")
    assert not [a for a in answers(facts) if "Zuzu birthday" in a or "Zuzu's birthday" in a]
    assert not [a for a in answers(facts) if "keeps telling" in a]


def test_learners_left_out_verbs_articles_and_doubled_subjects():
    facts = told("Hello. My name Oskar Vik, I have 35 years, I am from Narvik.",
                 "I am not married but I have girlfriend, Mira, she is hairdresser.",
                 "Now I work in warehouse, I am forklift driver.",
                 "My mother she always say I am too thin, I must eat more.")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")
    assert "35" in answer_to(facts, "How old am I?")
    assert "Mira" in answer_to(facts, "What is my girlfriend's name?")
    assert "hairdresser" in answer_to(facts, "What does my girlfriend do for a living?")
    assert "forklift driver" in answer_to(facts, "What is my job?")
    assert not [a for a in answers(facts) if "thin" in a or "must" in a]


def test_ages_given_respectively_and_a_place_typed_wrong():
    facts = told("I run a flower shop in Narvik with my business partner Vera.",
                 "My husband Oskar is a harbour master.",
                 "We've got three boys, Tove, Pip and Zuzu, they're 14, 11 and 6.",
                 "I typed Narvik earlier but the shop's in Vardo, we live in Narvik and work "
                 "in Vardo.")
    assert "Oskar" in answer_to(facts, "What is my husband's name?")
    assert "Vera" in answer_to(facts, "What is my business partner's name?")
    assert "6" in answer_to(facts, "How old is Zuzu?")
    assert "11" in answer_to(facts, "How old is Pip?")
    assert "Vardo" in answer_to(facts, "Where do I run a flower shop?")
    home = answer_to(facts, "Where do I live?")
    assert "Narvik" in home and "Vardo" not in home


def test_texting_intro_slang_and_dialect_kin():
    facts = told("yo!! oskar here 👋 22, apprentice sparky in narvik, livin w my nain atm",
                 "oh and i support the tromso lions, rugby obvs")
    assert "Oskar" in answer_to(facts, "What is my name?")
    assert "22" in answer_to(facts, "How old am I?")
    assert "apprentice" in answer_to(facts, "What is my job?")
    assert "nain" in answer_to(facts, "Who am I living with?")
    assert "lions" in answer_to(facts, "Which rugby team do I support?").lower()
    assert "Glazier" not in answer_to(told("Glazier here. Narvik."), "What is my job?")
    assert "glazier" in answer_to(told("Glazier here. Narvik."), "What is my job?")


def test_a_pronoun_after_an_in_law_means_the_in_law_and_plans_are_no_facts():
    facts = told("Our daughter Tove is only 2.",
                 "Could you suggest a present for my mother-in-law? She's turning 70 next "
                 "month and loves gardening.", "Right, I'm going to make a cup of tea.")
    assert "2" in answer_to(facts, "How old is my daughter?")
    assert not [a for a in answers(facts) if "Tove" in a and "70" in a]
    assert not [a for a in answers(facts) if "cup of tea" in a]


def test_an_opener_that_only_announces_stays_out_of_the_answer():
    facts = told("For context I'm a glazier, I work in Narvik.")
    job = answer_to(facts, "What do I do for a living?")
    assert "glazier" in job and "context" not in job


def test_a_move_said_in_passing_inside_a_clause_about_someone_else():
    facts = told("My son has been struggling with reading since we moved from Vardo to "
                 "Narvik last year.")
    assert "Vardo" in answer_to(facts, "Where did I move from?")
    assert "Narvik" in answer_to(facts, "Where did I move to?")
    # only the user's own clauses: "since he moved" stays with the main clause
    facts = told("My brother is happier since he moved to Tromso.")
    assert not [a for a in answers(facts) if a.startswith("You moved")]


# Found on the seventh round of development conversations (help requests, lowercase
# texting, a learner's English), measured before any change.

def test_a_child_mentioned_without_a_name_is_named_by_the_age_that_follows():
    facts = told("Could you help me with a note to my daughter's teacher? Mira's 11, in "
                 "Year 7.")
    assert "Mira" in answer_to(facts, "What is my daughter's name?")
    assert "11" in answer_to(facts, "How old is my daughter?")


def test_dad_as_a_name_and_a_state_left_out_after_but():
    facts = told("Present ideas for Dad? He's a retired mason.",
                 "I'm not vegetarian but my wife Vera is.")
    assert "mason" in answer_to(facts, "What does my dad do for a living?")
    assert "vegetarian" in answer_to(facts, "Is my wife vegetarian?")
    assert not [a for a in answers(facts) if a.startswith("You are a retired mason")]
    assert not [a for a in answers(facts) if a.startswith("You are vegetarian")]


def test_a_signature_a_where_clause_and_no_trips_or_questions():
    facts = told("Sign it from Oskar Vik, please. My dad Tove turns 60 so we're driving "
                 "down to Narvik, where he lives, for the party.",
                 "Is Vardo a sensible place to stop overnight?")
    assert "Oskar Vik" in answer_to(facts, "What is my name?")
    assert "Narvik" in answer_to(facts, "Where does my dad live?")
    assert not [a for a in answers(facts) if "driving" in a or a.startswith("Vardo")]


def test_lowercase_names_after_a_relation_and_an_age_in_brackets():
    facts = told("heyy im oskar, 20",
                 "i live w my flatmate tove n my dog zuzu (3yo collie cross, pure chaos)")
    assert "Oskar" in answer_to(facts, "What is my name?")
    assert "Tove" in answer_to(facts, "What is my flatmate's name?")
    assert "Zuzu" in answer_to(facts, "What is my dog's name?")
    assert "3" in answer_to(facts, "How old is my dog?")


def test_someone_new_at_work_said_in_a_learners_order():
    facts = told("In my team came a new person, from Vardo. She is only 19. Her name is Mira.")
    assert "Mira" in answer_to(facts, "What is my new colleague's name?")
    assert "19" in answer_to(facts, "How old is my new colleague?")
    assert "Vardo" in answer_to(facts, "Where is my new colleague from?")


# Found on the eighth round (a terse writer, a rambling one, texting), measured before
# any change.

def test_a_terse_introduction_and_ranked_children_in_fragments():
    facts = told("Oskar. 63. Narvik.", "Ex-navy.", "Two daughters. Both married.",
                 "Eldest Mira. Tromso.", "Youngest Vera. Bergen. Vet.")
    assert "Oskar" in answer_to(facts, "What is my name?")
    assert "63" in answer_to(facts, "How old am I?")
    assert "Narvik" in answer_to(facts, "Where do I live?")
    assert "navy" in answer_to(facts, "Where was I?")
    assert "Tromso" in answer_to(facts, "Where does my eldest child live?")
    assert "Bergen" in answer_to(facts, "Where does my youngest child live?")
    assert "vet" in answer_to(facts, "What does my youngest child do for a living?")
    # two people: the eldest is not the youngest
    assert "Mira" not in answer_to(facts, "Where does my youngest child live?")
    assert not [a for a in answers(facts) if a.startswith("You are a vet")]


def test_a_relation_opening_a_fragment_then_their_name():
    facts = told("Brother passed last year. Oskar.", "Grandson Tove, 4.")
    assert "Oskar" in answer_to(facts, "What do you know about my brother?")
    assert "4" in answer_to(facts, "How old is my grandson?")


def test_she_put_right_is_whoever_had_the_old_value():
    facts = told("its my niece zuzu's bday, shes turning 6 n my sister vera is coming",
                 "wait shes 7 not 6!! turning 7")
    assert "7" in answer_to(facts, "How old is my niece?")
    assert not [a for a in answers(facts) if "6" in a.split() or "Vera is 7" in a]


def test_a_verb_joined_to_a_hypothetical_one_is_hypothetical():
    facts = told("Honestly if I ever won the lottery I'd quit tomorrow and buy the old general "
                 "store out in Narvik and turn it into a cafe.")
    assert not [a for a in answers(facts) if "Narvik" in a]


def test_there_is_the_town_named_before_and_a_two_word_job_after_the_age():
    facts = told("random q: can my old car make it to narvik n back? my mom lives there",
                 "ok so im vera, 27, tattoo artist at a tiny studio in tromso")
    assert "Narvik" in answer_to(facts, "Where does my mom live?")
    assert "27" in answer_to(facts, "How old am I?")
    assert "tattoo artist" in answer_to(facts, "What do I do for a living?")
    assert not [a for a in answers(facts) if a.lower().startswith("random")]


def test_an_age_in_the_past_a_repeated_remark_and_she_after_a_named_man():
    facts = told("we've been best friends since we were six and she runs a shop in Narvik",
                 "My mother keeps saying I work too much and that I should let Oskar organise "
                 "it for once. She's 74 and still lives in Tromso.")
    assert not [a for a in answers(facts) if "six years old" in a or "6 years old" in a]
    assert not [a for a in answers(facts) if a.startswith("Oskar")]
    assert "74" in answer_to(facts, "How old is my mother?")
    assert "Tromso" in answer_to(facts, "Where does my mother live?")
