"""Extraction from dictated messages (no stops) and from messages typed in capitals.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_dictation.py -q

Phone dictation writes a voice note as one long sentence without punctuation; some
people type every message in capitals. Each case goes through ``extract_facts`` and
the firewall with the real spaCy pipeline, as in a sleep.
"""

from __future__ import annotations

from daemon.sleep.extract.dictation import is_dictated, split_dictated
from daemon.sleep.extract.inline import apply_inline_corrections
from daemon.sleep.extract.textnorm import hyphenate_tens, unshouted
from tests.sleep.test_extract_natural import answer_to, answers, told

VOICE_NOTE = ("Hello um I'm not much good with phones my son set this up for me my name is "
              "Vera Kelda I'm sixty eight and I live in Narvik I was a potter for thirty "
              "years so could you help me write a short speech for the village fete")


def test_a_voice_note_is_cut_before_each_new_subject():
    parts = split_dictated(VOICE_NOTE)
    assert "my name is Vera Kelda" in parts
    assert "I'm sixty-eight" in parts or "I am sixty-eight" in parts
    assert parts[-1].startswith("so could you help me")


def test_facts_of_a_voice_note_are_found_one_by_one():
    facts = told(VOICE_NOTE)
    assert "Vera Kelda" in answer_to(facts, "What is my name?")
    assert "sixty-eight" in answer_to(facts, "How old am I?")
    assert "potter" in " ".join(answers(facts))


def test_a_punctuated_or_short_sentence_is_not_read_as_dictated():
    assert not is_dictated("my son is nine he loves trains")
    typed = ("My partner Oskar, who is a potter, lives in Narvik, and he comes over on Fridays, "
             "which suits us both fine, and we walk the dog together by the harbour wall")
    assert not is_dictated(typed)
    assert split_dictated(typed) == [typed]


def test_what_someone_says_and_an_if_stay_with_their_clause():
    parts = split_dictated("my sister keeps saying I work too hard and my mum reckons I'm too "
                           "thin but if I won the lottery I'd buy a boat and I'd sail to Tromso "
                           "every summer with the dog")
    assert not any(p.startswith(("I work", "I'm too thin", "I'd buy", "I'd sail")) for p in parts)


def test_a_name_after_my_relation_is_not_cut_off():
    parts = split_dictated("we had a lovely weekend at the coast and my cat Zuzu who is fifteen "
                           "was furious when we got back she hid under the bed all evening")
    assert any("my cat Zuzu" in p for p in parts)
    assert any(p.startswith("she hid") for p in parts)


def test_a_slip_put_right_in_a_voice_note():
    facts = told("Oh and my brother Oskar is coming to the party as well he's twenty nine no "
                 "wait thirty one he turned thirty one in February and he lives in Tromso and "
                 "he mends boats for a living")
    assert "thirty-one" in answer_to(facts, "How old is my brother?")
    assert not any("twenty-nine" in a for a in answers(facts))


def test_dictated_tens_are_one_number_and_a_slip_between_them_is_put_right():
    assert hyphenate_tens("I'm sixty eight and Vera is forty one") == \
        "I'm sixty-eight and Vera is forty-one"
    assert apply_inline_corrections("he's twenty-nine, no wait, thirty-one") == "he's thirty-one,"


def test_a_message_in_capitals_is_read_as_chat():
    assert unshouted("MY SON OSKAR IS A POTTER IN NARVIK") == "my son oskar is a potter in narvik"
    assert unshouted("I love NASA and the BBC") == "I love NASA and the BBC"
    facts = told("HELLO COMPUTER... MY DAUGHTER VERA IS 41 AND SHE LIVES IN TROMSO.  CAN YOU "
                 "HELP ME WRITE HER A CARD.\n\nOSKAR")
    assert "Vera" in answer_to(facts, "What is my daughter's name?")
    assert "41" in answer_to(facts, "How old is my daughter?")


def test_someone_who_moved_in_is_not_the_person_said_before():
    facts = told("My partner Oskar is 71.",
                 "The flat upstairs finally sold and a gentleman moved in on Monday.",
                 "He's 80 and he was a ferryman for forty years.")
    assert "71" in answer_to(facts, "How old is my partner?")
    assert not any("Oskar" in a and ("80" in a or "ferryman" in a) for a in answers(facts))


def test_an_elders_message_in_capitals_keeps_its_ages_and_years():
    facts = told("MY PARAKEET PERCY IS 6 AND BLUE AND HE TALKS MORE THAN I DO.",
                 "MY LATE WIFE VERA MADE THE SOUP, WE WERE MARRIED 55 YEARS.",
                 "I WAS 84 YESTERDAY AND THE GRANDCHILDREN CAME.")
    assert "Percy" in answer_to(facts, "What is my parakeet's name?")
    assert "6" in answer_to(facts, "How old is my parakeet?")
    assert "55 years" in " ".join(answers(facts))
    assert "84" in answer_to(facts, "How old am I?")
    assert "1942" in answer_to(facts, "What year was I born?")  # March 3, 2026 less 84 years


def test_it_in_a_later_message_is_not_a_pet_named_before():
    facts = told("My parakeet Percy is 6.", "I have written it all down in my little book.")
    assert not any("written down your parakeet" in a for a in answers(facts))
