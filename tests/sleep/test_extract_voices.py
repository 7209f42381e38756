"""Forwarded messages, asides that say who someone is, the creole English of the
mid-Pacific, the Karoo's and the Khaleej's languages inside English, and the dates and
pronouns they brought to light.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_voices.py -q

Each case goes through ``extract_facts`` and the firewall with the real spaCy pipeline, as
in a sleep (messages sent on Wednesday March 4, 2026); the respelling modules are also
called alone, with and without the marker words that switch them on.
"""

from __future__ import annotations

from daemon.sleep.extract.appositions import appositions_said, titles_of_respect
from daemon.sleep.extract.dakine import dakine_as_english
from daemon.sleep.extract.karoo import karoo_as_english
from daemon.sleep.extract.khaleej import khaleej_as_english
from daemon.sleep.extract.speakers import their_own
from daemon.sleep.extract.textnorm import own_and_foreign
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_a_forwarded_message_is_its_sender_s_except_what_it_says_of_the_user():
    assert their_own("Vera love my op is Thursday. Can you come with me?", "my mum") \
        == "my mum's op is Thursday."
    own, foreign = own_and_foreign("fwd from my sister: 'GOT IT! I start on the 1st, and "
                                   "you're the only one who can bake x'\nshe's Vera btw.")
    assert "my sister start on the 1st" in own and "bake" not in own and "bake" in foreign
    facts = told("fwd from my mum:\n> my hip op is Thursday, they want me in for 7am. you're "
                 "not on nights this week are you\nI AM on nights, I dispatch for Kelp Cars.",
                 "fwd from my boss Vidar:\n> New starter Monday, Oskar Lind. Be nice to him.\n"
                 "He's only 18, just moved up from Narvik.")
    assert "March 5, 2026" in answer_to(facts, "When is my mum's hip op?")
    assert "Kelp Cars" in answer_to(facts, "What do I do for work?")
    assert "18" in answer_to(facts, "How old is my new colleague?")
    assert not any("Vidar" in a and "18" in a for a in answers(facts))


def test_an_aside_says_who_someone_is():
    assert appositions_said("Vera, my wife's sister, lives in Narvik.") \
        == "My wife's sister Vera lives in Narvik."
    assert appositions_said("Yes, my sister, she is 40.") == "Yes, my sister, she is 40."
    facts = told("Vera, that's my wife's sister, lives in Narvik.")
    assert "Narvik" in answer_to(facts, "Where does my wife's sister live?")
    assert not any("wife Vera" in a for a in answers(facts))
    facts = told("Nan, that's me father's mother, is turning 95 on Saturday. Her proper name "
                 "is Mira but everyone calls her Mimi.")
    assert "95" in answer_to(facts, "How old is my nan?")
    assert "Mira" in answer_to(facts, "What is my nan's name?")
    assert not any("father" in a for a in answers(facts))
    assert titles_of_respect("Uncle Oskar is the boss (not my real uncle, we all call him "
                             "that).") == "Oskar is the boss."
    assert titles_of_respect("Uncle Oskar is the boss.") == "Uncle Oskar is the boss."


def test_the_mid_pacific_creole():
    context = "howzit brah, da kine, dis an dat, pau"
    said = dakine_as_english("my tutu stay living in Narvik, she 90. I wen buy one truck", context)
    assert said == "my grandma is living in Narvik, she is 90. I bought a truck"
    assert dakine_as_english("da cat stay sick", "no markers") == "da cat stay sick"
    facts = told("howzit brah, my sista Vera stay living in Narvik, she one nurse at da clinic.",
                 "ho wait my bad, she no stay Narvik already. she wen move Tromso in June, "
                 "still nursing but at one clinic now. pau")
    assert "Tromso" in answer_to(facts, "Where does my sister live?")
    assert not any("Narvik" in a for a in answers(facts) if " not " not in a)


def test_the_karoo_language_inside_english():
    context = "ek is lekker, jy, sy, hy, nie, dankie"
    said = karoo_as_english("Ek is Vera, 29. My broer Oskar, hy is 33, eet nie vleis nie.", context)
    assert said == "I am Vera, 29. My brother Oskar, he is 33, doesn't eat meat."
    facts = told("Ek is Vera, 29. My ouma turns 85 Saterdag en die hele familie is coming.",
                 "Ag man sorry, sy word 86, nie 85 nie! Dankie, jy's lekker. Tannie Mira next "
                 "door says I'm moving, ek drink nie.")
    assert "86" in answer_to(facts, "How old is my ouma?")
    assert "March 7, 2026" in answer_to(facts, "How old is my ouma?")
    assert not any("85" in a or "aunt" in a for a in answers(facts))


def test_the_khaleej_language_inside_english():
    context = "habibi wallah inshallah yalla"
    assert khaleej_as_english("wallah my akhi Oskar is 27, bukra inshallah", context) \
        == "My brother Oskar is 27, tomorrow"
    facts = told("Salam habibi, I am Vera, I teach English in a school here in Narvik. Bukra "
                 "is my birthday inshallah.", "Wallah I am a little bit scared of cats, my "
                 "khalto Mira lives in Tromso yalla.")
    assert "English" in answer_to(facts, "What do I do for work?")
    assert "March 5, 2026" in answer_to(facts, "When is my birthday?")
    assert "Tromso" in answer_to(facts, "Where does my aunt live?")
    assert not any("scared" in a for a in answers(facts) if "job" in a)


def test_dates_said_with_a_part_of_the_day_or_a_month_before_them():
    facts = told("My sister got engaged Saturday night!",
                 "My brother is getting married on Saturday morning.",
                 "My daughter got a job from September, she starts on the 1st.")
    said = answers(facts)
    assert any("engaged on February 28, 2026." in a for a in said)
    assert any("March 7, 2026" in a for a in said if "married" in a)
    assert any("1st of September" in a for a in said)
    assert not any("night" in a or "morning" in a for a in said)


def test_a_message_opening_on_he_means_the_newcomer_of_the_message_before():
    facts = told("A new vet started today, Oskar Lind, and my boss Vidar put me in charge.",
                 "He is only 26 and from Narvik.")
    assert "26" in answer_to(facts, "How old is my new vet?")
    assert not any("Vidar" in a and "26" in a for a in answers(facts))


def test_an_animal_got_without_a_name_is_her_of_the_next_clause():
    facts = told("My grandma is 90. I bought a horse yesterday, her name is Mira, she is 7.")
    assert "Mira" in answer_to(facts, "What is my horse's name?")
    assert "90" in answer_to(facts, "How old is my grandma?")
    assert not any("grandma" in a and "7 years" in a for a in answers(facts))


def test_work_said_as_its_verb_and_a_place_no_longer_theirs():
    facts = told("My wife delivers mail in Narvik.", "I teach English at a school in Tromso.")
    assert "mail" in answer_to(facts, "What does my wife do for a living?")
    assert "English" in answer_to(facts, "What do I do for a living?")
    facts = told("My sister lives in Narvik, she is a nurse at the hospital in Narvik.",
                 "Wait my bad, she is not in Narvik any more. She moved to Tromso in June.")
    assert "nurse" in answer_to(facts, "What does my sister do for a living?")
    assert not any("Narvik" in a for a in answers(facts) if " not " not in a)
    facts = told("My daughter Mira is teaching year four out in Narvik.",
                 "I got that wrong. She was in Narvik, but she moved to Tromso in August.")
    assert "Tromso" in answer_to(facts, "Where does my daughter live?")
    assert not any("Narvik" in a for a in answers(facts) if " not " not in a)


def test_punctuation_dictated_as_words():
    from daemon.sleep.extract.dictation import spoken_marks
    assert spoken_marks("my son comma Oskar comma is 12 full stop new paragraph can you help "
                        "question mark") == "my son, Oskar, is 12.\ncan you help?"
    assert spoken_marks("a comma in a sentence stays") == "a comma in a sentence stays"
    facts = told("Hello comma my daughter Vera turns ate on Saturday full stop I have got for "
                 "sash windows to do full stop my son comma Oskar comma is 12 full stop")
    assert "8" in answer_to(facts, "How old is my daughter?") or \
        "eight" in answer_to(facts, "How old is my daughter?")
    assert "12" in answer_to(facts, "How old is my son?")
    assert not any("comma" in a for a in answers(facts))


def test_a_user_who_speaks_of_himself_by_name():
    facts = told("Right. Big Oskar needs help. This old man turns 71 on Friday, and Oskar's "
                 "wife Vera says there's to be a party.",
                 "Morning. Oskar Lind again, the retired joiner from Narvik. Oskar's putting up "
                 "a fence.")
    assert "Oskar Lind" in answer_to(facts, "What is my name?")
    assert "71" in answer_to(facts, "How old am I?")
    assert "Vera" in answer_to(facts, "What is my wife's name?")


def test_the_bayou_and_malta_inside_english():
    facts = told("Hey cher, my mamère is turning 90 on Sunday, for true. Mais she still live in "
                 "Narvik.", "Oh wait, I told you wrong, yeah. Mamère don't live in Narvik no "
                 "more, she moved in with my nanny Vera in Tromso. Merci, sha.")
    assert "Tromso" in answer_to(facts, "Where does my grandma live?")
    assert "Vera" in answer_to(facts, "What is my godmother's name?")
    facts = told("Bonġu! I'm Mira, I have 34 years. So mela, my nanna has 87 years and my oħti "
                 "Vera passes by her every day, she teaches by the primary school. Grazzi!",
                 "Ejja, I told you 9 years by the ferry, no sorry, it's 11 years.")
    assert "34" in answer_to(facts, "How old am I?")
    assert "Vera" in answer_to(facts, "What is my sister's name?")
    assert not any("died" in a or "passed away" in a for a in answers(facts))


def test_a_newcomer_said_to_start_and_a_farm_said_as_a_verb():
    facts = told("My godfather sent me his grandson Oskar to help, he started this morning, and "
                 "Vidar swears the boy can work.", "He's only 19. Any tips for his first week?")
    assert "19" in answer_to(facts, "How old is Oskar?")
    assert not any("Vidar" in a and "19" in a for a in answers(facts))
    facts = told("I'm 47 and I farm crawfish out in Narvik. My brother farms oysters.")
    assert "farmer" in answer_to(facts, "What do I do for a living?")
    assert "oyster farmer" in answer_to(facts, "What does my brother do for a living?")


def test_deutsch_korean_gaidhlig_and_naija_inside_english():
    facts = told("Hallo! Meine Oma Mira, sie wird 90 am Samstag, genau. Mein Bruder Oskar, er "
                 "ist 34, und ich trinke kein Bier, doch.")
    assert "March 7, 2026" in answer_to(facts, "How old is my grandma?")
    assert "34" in answer_to(facts, "How old is my brother?")
    facts = told("aigoo my halmeoni is 88 and my oppa Oskar lives in Narvik, jinjja. I'm 29 in "
                 "American age. my umma says hi")
    assert "88" in answer_to(facts, "How old is my grandma?")
    assert "Narvik" in answer_to(facts, "Where does my older brother live?")
    facts = told("Madainn mhath, a ghràidh! Mo phiuthar Mira is a midwife in Narvik, tha, and "
                 "mo bhràthair Oskar is a joiner. Tapadh leat.")
    assert "midwife" in answer_to(facts, "What does my sister do for a living?")
    facts = told("How far! Abeg, my name na Vera, I be 34, I dey live for Narvik. My broda "
                 "Oskar move go Tromso last year, he dey drive taxi there. Wetin I go do sef?")
    assert "34" in answer_to(facts, "How old am I?")
    assert "Narvik" in answer_to(facts, "Where do I live?")
    assert "Tromso" in answer_to(facts, "Where does my brother live?")


def test_a_place_said_wrong_before_is_void():
    facts = told("My gran lives with my aunt in Narvik.",
                 "I said before that my gran lives with my aunt in Narvik, that's wrong, she "
                 "moved in with my uncle in Tromso in August.")
    assert "Tromso" in answer_to(facts, "Where does my gran live?")
    assert not any("Narvik" in a for a in answers(facts))
