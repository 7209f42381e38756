"""Extraction from Scots, Spanish inside English, Nigerian English and split messages.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_englishes.py -q

Scots is typed as it is spoken ("ah stay in X", "ma maw", "the morra"); many people write
English with Spanish for family and dates ("mi abuela", "el sábado"); Nigerian English
has its own words for a wife, a boss and an age ("my madam", "my oga", "clocking 41");
and some people send one sentence as five messages. Each case goes through
``extract_facts`` and the firewall with the real spaCy pipeline, as in a sleep.
"""

from __future__ import annotations

from daemon.sleep.extract.followups import run_together
from daemon.sleep.extract.scots import scots_as_english
from daemon.sleep.extract.spanglish import spanish_as_english
from daemon.sleep.types import SourceMessage
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_scots_is_read_as_english_and_only_where_it_is_scots():
    assert scots_as_english("Ah'm Oskar, ah stay in Narvik an ma maw's 84 the morra, ken.") \
        == "I'm Oskar, I live in Narvik and my mum's 84 tomorrow."
    assert scots_as_english("ah ok, like ok ma, an apple") == "ah ok, like ok ma, an apple"
    assert "Loch Doon" in scots_as_english("Ah'm aff tae Loch Doon wi ma pal")


def test_facts_said_in_scots():
    facts = told("Awright. Ah'm Oskar, ah stay in Narvik an ah've been the jannie at the school "
                 "here twelve year. Ma maw Vera is 84 on Setterday, she cannae stand fuss.",
                 "Naw wait, it's Tromso no Narvik, ah keep sayin Narvik. Ah didnae sleep.")
    assert "Tromso" in answer_to(facts, "Where do I live?")
    assert "janitor" in answer_to(facts, "What do I do for work?")
    assert "March 7, 2026" in answer_to(facts, "When is my mum's birthday?")


def test_spanish_inside_english():
    said = "mi abuela Vera turns 90 el sábado y mi hermano mayor Oskar lives en Narvik pues"
    assert spanish_as_english(said).startswith(
        "my grandmother Vera turns 90 on Saturday and my older brother Oskar")
    assert spanish_as_english("we ate at El Centro de la Vega") == "we ate at El Centro de la Vega"
    facts = told("ok so mi hija Mira's party is el 14 de noviembre, no espera, it's the 21st y "
                 "mi esposo Oskar is a lineman pero he hates heights")
    assert "Oskar" in answer_to(facts, "What is my husband's name?")
    assert "lineman" in answer_to(facts, "What does my husband do for a living?")


def test_nigerian_english_words_for_a_wife_a_boss_and_an_age():
    facts = told("my madam's name is Mira, she's clocking 41 on Friday. She's working with a "
                 "pharmacy in Narvik.", "I was born and bred in Tromso. I clocked 36 in May.",
                 "my small sister Vera just put to bed on Monday, a baby girl.")
    assert "Mira" in answer_to(facts, "What is my wife's name?")
    assert "41" in answer_to(facts, "How old is my wife?")
    assert "Tromso" in answer_to(facts, "Where was I born?")
    assert "36" in answer_to(facts, "How old am I?")
    assert not any("breed" in a for a in answers(facts))


def test_one_sentence_sent_as_several_messages():
    messages = [SourceMessage(i, text, "c") for i, text in enumerate(
        ["need a text to my sister", "vera", "lives in narvik now", "moved in march",
         "my son is 7 on friday", "wait no", "8 not 7 lol", "thanks x"], start=1)]
    joined = [m.content for m in run_together(messages)]
    assert joined[0] == "need a text to my sister vera. my sister vera lives in narvik now " \
        "and moved in march"
    assert joined[1] == "my son is 7 on friday, wait no, 8 not 7 lol"
    assert joined[2] == "thanks x"
    facts = told(*[m.content for m in messages[:7]])
    assert "Narvik" in answer_to(facts, "Where does my sister live?")
    assert "8" in answer_to(facts, "How old is my son?")


def test_hearsay_after_a_sentence_the_tagger_ended_too_soon():
    assert not told("And by the way my mum's telling the whole of Narvik I'm retiring at "
                    "Christmas. I'm not!")


def test_a_habit_on_a_weekday_is_no_date():
    facts = told("My wife Mira does the shopping on a Thursday.",
                 "My mum goes to the bingo every Tuesday.")
    assert not any("2026" in a for a in answers(facts))


def test_a_day_of_the_month_put_right_in_the_same_breath():
    facts = told("my daughter Mira's party is on November 14, no wait, it's the 21st not the 14th")
    assert not any("14" in a for a in answers(facts))
