"""Extraction from Jamaican patois, Hinglish and Taglish, and from a widower's English.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_mixed_languages.py -q

Patois has its own grammar ("mi" is I, me and my; "she a go turn 80"); Hinglish and
Taglish put Hindi or Tagalog words for family, time and feeling into English ("meri didi",
"kal", "my kuya", "na", "po"). Each respelling is switched on only by the user's own
messages, and each case goes through ``extract_facts`` and the firewall with the real spaCy
pipeline, as in a sleep. The names are invented.
"""

from __future__ import annotations

from daemon.sleep.extract.hinglish import hindi_as_english
from daemon.sleep.extract.patois import patois_as_english
from daemon.sleep.extract.taglish import tagalog_as_english
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_patois_is_read_as_english_only_where_it_is_patois():
    said = "Mi name Vera, mi 46 and mi madda live inna Narvik, she a go turn 80 pon di 14th."
    assert patois_as_english(said) == ("My name is Vera, I am 46 and my mother lives in Narvik,"
                                       " she is going to turn 80 on the 14th.")
    assert patois_as_english("Mi casa es su casa, mi amigo") == "Mi casa es su casa, mi amigo"
    assert patois_as_english("help mi carry di barrel fi mi, nuh bodda wid it", "") \
        == "help me carry the barrel for me, no bodda with it"


def test_facts_said_in_patois():
    facts = told("Wah gwaan! Mi name Vera, mi 46 and mi live inna Narvik from 2003.",
                 "Mi madda Mira live inna Tromso, she a go turn 80 pon Saturday. Mi bredda "
                 "Oskar, him a prison officer, and mi nuh eat pork.",
                 "Mi have two pickney. Mi big daughter Zuzu is 19, she a study nursing.")
    assert "46" in answer_to(facts, "How old am I?")
    assert "Tromso" in answer_to(facts, "Where does my mother live?")
    assert "prison officer" in answer_to(facts, "What is my brother's job?")
    assert "nursing" in answer_to(facts, "What is Zuzu studying?")
    assert any("not eat pork" in a for a in answers(facts))
    assert not any("Wah" in a for a in answers(facts))


def test_hinglish_family_words_and_days():
    assert hindi_as_english("meri didi Vera ki shaadi is next month, kal was my birthday only, "
                            "26 ho gayi yaar") == ("my elder sister Vera's wedding is next month,"
                                                   " yesterday was my birthday, I turned 26")
    assert hindi_as_english("I met Kal at Papa's Diner") == "I met Kal at Papa's Diner"
    facts = told("meri didi Vera ki shaadi is three weeks from today, she's a dentist in Narvik",
                 "nahi nahi wait, she is 29 not 28!! acha. papa's retirement party was parso.")
    assert "March 25, 2026" in answer_to(facts, "When is my elder sister's wedding?")
    assert "29" in answer_to(facts, "How old is my elder sister?")
    assert "March 2, 2026" in answer_to(facts, "When is my dad's retirement party?")


def test_taglish_particles_dropped_and_kin_words_put_in_english():
    said = "Hi po! my lola turns 85 on Sunday na, grabe talaga. my kuya Oskar is in Narvik, " \
           "6 years na. Sana I could visit kasi"
    assert tagalog_as_english(said) == ("Hi! my grandma turns 85 on Sunday. my elder brother "
                                        "Oskar is in Narvik, 6 years. I wish I could visit "
                                        "because")
    assert tagalog_as_english("I ate the cake, then the kuya") == "I ate the cake, then the kuya"


def test_facts_said_in_taglish_and_a_slip_about_who():
    facts = told("Hi po! my ate Vera is in Narvik naman, and my kuya Oskar is in Tromso talaga.",
                 "ay mali, it's my kuya Oskar who's in Narvik, not ate! Sorry po. Ate Vera is "
                 "in Tromso lang, Grade 2 teacher siya. I stopped eating pork kasi high "
                 "cholesterol ko.")
    assert "teacher" in answer_to(facts, "What does my elder sister do for a living?")
    assert any("not eat pork" in a for a in answers(facts))


def test_a_widower_speaks_of_his_late_wife_and_her_dog():
    facts = told("My wife Mira died on the 9th of January.",
                 "On Friday it would have been our fiftieth wedding anniversary.",
                 "Then there is Zuzu, our Westie. Well, she was Mira's dog really, but she's "
                 "mine now. She's 12.",
                 "A young man from the group at the chapel called round on Saturday, Oskar. "
                 "He's only 38 and comes from Narvik.")
    assert answer_to(facts, "What was my wife's name?") == "Your wife's name was Mira."
    assert "March 6, 2026" in answer_to(facts, "When is my fiftieth wedding anniversary?")
    assert "Zuzu" in answer_to(facts, "What is my dog's name?")
    assert "38" in answer_to(facts, "How old is Oskar?")
    assert not any("Do I have a wife" in p.question for f in facts for p in f.pairs)


def test_urdu_family_words_and_blessings():
    facts = told("Assalam o alaikum! I'm 34, still at home with ammi abbu. baji's coming over "
                 "kal yaar, acha and nahi I don't drive",
                 "My younger brother Oskar's shaadi is three weeks today inshallah. His fiancée "
                 "is Vera, she's from Narvik, 30, works in a bank.")
    assert "March 25, 2026" in answer_to(facts, "When is my younger brother's wedding?")
    assert "Narvik" in answer_to(facts, "Where is my brother's fiancee from?")
    assert not any("inshallah" in a.lower() or "Assalam" in a for a in answers(facts))


def test_slips_of_the_thumb_and_who_a_pronoun_can_mean():
    facts = told("ok adn my little brother oskar is 21 on saturday, hes a slater. my freind "
                 "mira does nights wiht me",
                 "Their dad is my ex, Vidar. He's over in Tromso now with his new wife Kelda.",
                 "Kelda is fine. She's a dentist, and she keeps track of Oskar's inhaler.")
    assert "March 7, 2026" in answer_to(facts, "When is my little brother's birthday?")
    assert "Mira" in answer_to(facts, "What is my friend's name?")
    assert "Vidar" in answer_to(facts, "What is my ex's name?")
    assert not any("Oskar is a dentist" in a for a in answers(facts))
