"""Edits typed into chat (markdown, "EDIT:", "(typo: ...)", "don't mind that"), and Polglish
and Trinidad's English inside English.

Run: .venv/bin/python -m pytest tests/sleep/test_extract_edits.py -q

People put their own words right the way they would in a forum post: a struck-out value,
a line headed "EDIT:", a bracketed typo note opening the next message. Each case goes
through ``extract_facts`` and the firewall with the real spaCy pipeline, as in a sleep
(messages sent on Wednesday March 4, 2026).
"""

from __future__ import annotations

from daemon.sleep.extract.polglish import polglish_as_english
from daemon.sleep.extract.textnorm import plain_markdown
from daemon.sleep.extract.trinidad import trini_as_english
from tests.sleep.test_extract_natural import answer_to, answers, told


def test_markdown_bold_and_struck_out_values():
    assert plain_markdown("My sister **Vera** lives in ~~Narvik~~ Tromso.") \
        == "My sister Vera lives in Tromso."
    assert plain_markdown("2 * 3 is 6") == "2 * 3 is 6"
    facts = told("My sister **Vera** is driving up from ~~Narvik~~ Tromso. She lives there.")
    assert not any("Narvik" in a for a in answers(facts))


def test_an_edit_line_a_typo_note_and_a_claim_taken_back():
    facts = told("My husband **Oskar** will freeze, he's fished crab out of Narvik for twenty "
                 "years.\n\nEDIT: ignore the crab part. Oskar is an engineer on the ferry now.")
    assert not any("crab" in a for a in answers(facts))
    assert "engineer" in answer_to(facts, "What does my husband do for work?")
    facts = told("Our son Mika is 21 and our daughter Vera is 17.",
                 "(typo: 12 not 21, Mika is twelve.) So something simple for him.")
    assert "12" in answer_to(facts, "How old is my son?")
    facts = told("Also my brother Oskar coming down from Narvik for the party, he is a fire "
                 "officer.", "I told you Oskar is coming from Narvik? Don't mind that, he "
                 "moved to Tromso.")
    assert not any("Narvik" in a for a in answers(facts))
    assert "fire officer" in answer_to(facts, "What does my brother do for work?")


def test_polglish_inside_english():
    context = "mój brat, moja mama, kurczę, tak"
    said = polglish_as_english("mój brat Oskar lives in Narvik, babcia turns 90 w sobotę, kurczę",
                               context)
    assert said == "my brother Oskar lives in Narvik, my grandma turns 90 on Saturday"
    assert polglish_as_english("mama mia, nie", "no markers here") == "mama mia, nie"
    facts = told("Mój brat Oskar drives HGV, lives in Kelp Bay with his wife. Kurczę, tak.",
                 "nie, sorry, Tromso not Kelp Bay, he moved there last year",
                 "moja mama Vera has imieniny za dwa tygodnie")
    assert "Tromso" in answer_to(facts, "Where does my brother live?")
    assert not any("Kelp" in a for a in answers(facts))


def test_trinidad_english():
    context = "mih allyuh doh cyah eh"
    assert trini_as_english("Mih tanty Vera real vex, she 86 and she from Narvik, I doh eat beef",
                            context) == ("My aunt Vera real vex, she is 86 and she is from Narvik, "
                                         "I don't eat beef")
    facts = told("Mih name is Vera, I is 34 and I does run a lil bakery, allyuh.",
                 "Mih brother Oskar is a fire officer, he and he wife live in Narvik eh.",
                 "I finally take on somebody to help in the bakery, a young fella name Mika.",
                 "He only 19 and he from Tromso, he cyah drive yet.")
    assert "Vera" in answer_to(facts, "What is my name?")
    assert "34" in answer_to(facts, "How old am I?")
    assert "19" in answer_to(facts, "How old is my new colleague?")
    assert not any("Oskar" in a and "19" in a for a in answers(facts))
