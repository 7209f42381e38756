"""Terse chat fragments -> the full sentences they stand for, before the parser reads them.

    from daemon.sleep.extract.terse import expand_terse
    expand_terse("Narvik, born and bred. 41 next month. Two cats. Zuzu and Oskar.")
    # "I am from Narvik, born and bred. I turn 41 next month. I have two cats called Zuzu
    #  and Oskar."

People who write one-liners leave out the subject and the verb: a place they come from,
an age they are about to turn, a count of pets followed by their names, years of being
sober, a bare kinship noun before a name ("Brother Oskar farms ..."). Each rewrite keeps
the user's own words (the firewall grounds every content word in them) and adds only
words the answer templates add anyway ("turn", "called"). Anything else is left as typed.
"""

from __future__ import annotations

import re

from .acadiana import acadiana_as_english
from .ages import named_ages
from .appositions import titles_of_respect
from .cantonese import cantonese_as_english
from .dakine import dakine_as_english
from .dates import month_said_again
from .deutsch import deutsch_as_english
from .dictation import spoken_marks
from .entities import singular
from .fronted import fronted_facts
from .gaidhlig import gaidhlig_as_english
from .gazetteer import is_town
from .hangul import hangul_as_english
from .hinglish import hindi_as_english
from .idioms import day_said_last
from .karoo import karoo_as_english
from .khaleej import khaleej_as_english
from .labels import expand_labels
from .lexicon import NUMBER_WORDS, RELATIONS, SHORT_WEEKDAYS
from .lists import unfold_lists
from .malti import malti_as_english
from .naija import naija_as_english
from .newcomers import hired
from .passing import pets_introduced
from .patois import patois_as_english
from .polglish import polglish_as_english
from .quebec import french_as_english
from .scots import scots_as_english
from .spanglish import spanish_as_english
from .speakers import self_named
from .taglish import tagalog_as_english
from .trinidad import trini_as_english
from .varieties import spoken_times

_START = r"(?:^|(?<=[.!?]\s))"
_BORN_RE = re.compile(_START + r"([A-Z][\w'-]*(?: [A-Z][\w'-]*)*),? born and (bred|raised)\b")
# "On Friday it would have been our fiftieth anniversary": the date stays, though one of
# the two has died
_WOULD_HAVE_BEEN_RE = re.compile(r"\b(?:[Oo]n (\w+),? )?[Ii]t would have been our ((?:\w+ )?"
                                 r"(?:wedding )?anniversary)(?: (on \w+|today|tomorrow))?")
# "I'm going to be a phlebotomist": the job to come, said as "will be"
_GOING_TO_BE_RE = re.compile(r"\b(?:I'm|I am|(?<=[.!?,] )im|^im) (?:going to|gonna) be (?=an? )",
                             re.I)
_TURNING_RE = re.compile(_START + r"(\d{1,3}) ((?:next|this) (?:week|month|year)|on \w+|in \w+)"
                         r"(?=[.!?]|$)")
_SOBER_RE = re.compile(_START + r"(\w+) (years?|months?|weeks?|days?) sober\b", re.I)
_GROUP_RE = re.compile(
    _START + r"(\w+) (\w+)\. ((?:[A-Z][\w'-]*, )*[A-Z][\w'-]* (?:and|&) [A-Z][\w'-]*)\.")
_GOT_RE = re.compile(_START + r"(?:got|have got|'ve got) (?=(?:a|an|two|three|\d+) )", re.I)
# "I have got a rabbit called A, she's 4, and a parrot called B": the second pet is had too.
_AND_ANOTHER_RE = re.compile(
    r"\b((?:I|we) (?:have|'ve)(?: got)? (?:a|an) [^.!?]*?), and (a|an) ((?:[\w-]+ ){0,2}[\w-]+ "
    r"(?:called|named) )", re.I)

# "next sat", "on thurs": a weekday cut short, only where a time word says it is one.
_SHORT_DAY_RE = re.compile(r"\b(next|this|last|on|every|till|until|by|from) (" +
                           "|".join(SHORT_WEEKDAYS) + r")\b\.?(?!')", re.I)
# "sat n sun", "tue-thu": two weekdays cut short say they are weekdays
_DAY_PAIR_RE = re.compile(r"\b(" + "|".join(SHORT_WEEKDAYS) + r") ?(n|and|&|\+|/|-|to) ?("
                          + "|".join(SHORT_WEEKDAYS) + r")\b", re.I)
# "they're 14, 11 and 6" after "Oskar, Tove and Mira": each name its age, in order.
_RESPECTIVE_RE = re.compile(
    r"\b((?:[A-Z][\w'-]*, )+[A-Z][\w'-]*,? and [A-Z][\w'-]*),? (?:they're|they are|who are|aged|"
    r"ages) (\d{1,3}(?:, \d{1,3})*,? and \d{1,3})\b")


def _respectively(text: str) -> str:
    match = _RESPECTIVE_RE.search(text)
    if match is None:
        return text
    names = re.split(r",? and |, ", match.group(1))
    ages = re.split(r",? and |, ", match.group(2))
    if len(names) != len(ages):
        return text
    return text.rstrip() + "".join(f" {n} is {a}." for n, a in zip(names, ages, strict=True))


_KIN_NAME_RE = re.compile(_START + r"([A-Z][a-z]+) ([A-Z][a-z]+)\b")


# "last year March": the month of last year
_YEAR_MONTH_RE = re.compile(r"\b(last|this|next) year (January|February|March|April|May|June|"
                            r"July|August|September|October|November|December)\b", re.I)
# "a fortnight hence", "three weeks hence": old-fashioned ways of saying "in two weeks"
_FORTNIGHT_RE = re.compile(r"\b(a|one|two|three) fortnights?\b", re.I)
_HENCE_RE = re.compile(r"\b(?:in )?((?:a|one|two|three|four|five|six|\d{1,2}) "
                       r"(?:days?|weeks?|months?|years?)) (?:hence|from (?:today|now)|today)\b",
                       re.I)
# "a week tomorrow": a week from tomorrow
_WEEK_TOMORROW_RE = re.compile(r"\b(?:a|one) week (?:tomorrow|from tomorrow)\b", re.I)
# "Tomorrow, Sunday, my mother turns 70.", "On Friday, Oskar starts school.": a time said
# first is said after its clause, where the rules look for it
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_FRONT_TIME_RE = re.compile(
    rf"(?:^|(?<=[.!?] ))((?:[Oo]n |[Tt]his |[Nn]ext |[Ll]ast )?{_DAYS}|[Tt]omorrow|[Yy]esterday|"
    rf"[Tt]oday|(?:[Tt]his|[Nn]ext|[Ll]ast) (?:week|weekend|month|year))(?:, (?:on )?{_DAYS})?, "
    r"((?:[Mm]y|[Oo]ur|I|[Ss]he|[Hh]e|[A-Z][a-z]+) [^.!?,]+)([.!?]|$)")


def _time_after(m: re.Match[str]) -> str:
    said, clause = m.group(1), m.group(2)
    said = said if re.match(_DAYS, said) else said[0].lower() + said[1:]
    return f"{clause[0].upper()}{clause[1:]} {said}{m.group(3)}"


# "this coming Sunday", "the coming week": the next one, "this Sunday"
_COMING_RE = re.compile(r"\b(?:this |the )?coming (?=(?:monday|tuesday|wednesday|thursday|friday|"
                        r"saturday|sunday|week|weekend|month)\b)", re.I)


# Replies to the assistant's questions: "Married, 14 years", "Narvik, since 2011",
# "Vera Kelda, and I'm 44" (what was asked is left out)
_STATE_YEARS_RE = re.compile(_START + r"(Married|Engaged|Together)\b,? (?:for )?((?:\d+|[a-z]+) "
                             r"years)\b", re.I)
_TOWN_SINCE_RE = re.compile(_START + r"([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?),? "
                            r"((?:since|for) [\w ]+?)(?=[.!?]|$)", re.M)
_SPOUSE_NAME_RE = re.compile(r"(\bmarried\b[^.!?]*[.!?]\s+)(Her|His) name", re.I)
_NAME_AND_AGE_RE = re.compile(_START + r"([A-Z][a-z]+(?: [A-Z][a-z]+)?),? and (?=I'm \d|I am \d)")


def _replies(text: str) -> str:
    text = _STATE_YEARS_RE.sub(lambda m: f"I have been {m.group(1).lower()} for {m.group(2)}",
                               text)
    text = _TOWN_SINCE_RE.sub(lambda m: f"I have lived in {m.group(1)} {m.group(2)}"
                              if is_town(m.group(1)) else m.group(0), text)
    # "Married, 14 years. Her name's Vera": the spouse the reply speaks of
    text = _SPOUSE_NAME_RE.sub(lambda m: m.group(1) + (
        "My wife's name" if m.group(2).lower() == "her" else "My husband's name"), text)
    return _NAME_AND_AGE_RE.sub(r"My name is \1, and ", text)


def in_english(text: str, context: str = "") -> str:
    """Scots, español, patois, Hindi, Tagalog, French, Cantonese, Polglish, Trinidad's, the
    mid-Pacific's, Acadiana's and Naija English, the Karoo's, the Khaleej's, Malta's,
    Deutsch, hangul and Gàidhlig family words inside English chat, respelt
    (:mod:`.scots`, :mod:`.spanglish`, :mod:`.patois`, :mod:`.hinglish`, :mod:`.taglish`,
    :mod:`.quebec`, :mod:`.cantonese`, :mod:`.polglish`, :mod:`.trinidad`, :mod:`.dakine`,
    :mod:`.acadiana`, :mod:`.karoo`, :mod:`.khaleej`, :mod:`.malti`, :mod:`.deutsch`,
    :mod:`.hangul`, :mod:`.gaidhlig`, :mod:`.naija`);
    first of all, so that a slip put right in them is put right; punctuation dictated as
    words (:func:`.dictation.spoken_marks`) before them. ``context``: all the user's
    messages, which say whether they write so."""
    text = spoken_marks(text)
    for respell in (spanish_as_english, scots_as_english, patois_as_english, hindi_as_english,
                    tagalog_as_english, french_as_english, cantonese_as_english,
                    polglish_as_english, trini_as_english, dakine_as_english,
                    acadiana_as_english, karoo_as_english, khaleej_as_english,
                    malti_as_english, deutsch_as_english, hangul_as_english,
                    gaidhlig_as_english, naija_as_english):
        text = respell(text, context)
    return self_named(titles_of_respect(text, context), context)


def expand_terse(text: str) -> str:
    """``text`` with its terse fragments written out (see the module docstring); callers
    respell dialect words first (:func:`in_english`), with all the messages to go by."""
    text = _FORTNIGHT_RE.sub(lambda m: f"{'two' if m.group(1).lower() in ('a', 'one') else ''}"
                             f"{'four' if m.group(1).lower() == 'two' else ''}"
                             f"{'six' if m.group(1).lower() == 'three' else ''} weeks", text)
    text = _HENCE_RE.sub(r"in \1", spoken_times(pets_introduced(hired(fronted_facts(text)))))
    text = _COMING_RE.sub("this ", _WEEK_TOMORROW_RE.sub("in eight days", text))
    text = _FRONT_TIME_RE.sub(_time_after, day_said_last(named_ages(month_said_again(text))))
    text = _YEAR_MONTH_RE.sub(lambda m: f"in {m.group(2)} {m.group(1).lower()} year", text)
    text = _DAY_PAIR_RE.sub(_day_pair, text)
    text = _SHORT_DAY_RE.sub(lambda m: f"{m.group(1)} {SHORT_WEEKDAYS[m.group(2).lower()]}",
                             unfold_lists(text))
    text = _BORN_RE.sub(r"I am from \1, born and \2", text)
    text = _TURNING_RE.sub(r"I turn \1 \2", _GOING_TO_BE_RE.sub("I will be ", text))
    text = _WOULD_HAVE_BEEN_RE.sub(lambda m: f"our {m.group(2)} is {m.group(3)}" if m.group(3)
                                   else f"our {m.group(2)} is on {m.group(1)}" if m.group(1)
                                   else m.group(0), text)
    text = _SOBER_RE.sub(lambda m: f"I have been sober for {m.group(1).lower()} {m.group(2)}",
                         text)
    text = _replies(_GROUP_RE.sub(_group, text))
    text = _GOT_RE.sub("I have got ", text)  # "got a rabbit called ..."
    text = _AND_ANOTHER_RE.sub(r"\1. I have \2 \3", text)
    return expand_labels(_respectively(_KIN_NAME_RE.sub(_kin_name, text)))


def _day_pair(match: re.Match[str]) -> str:
    """ "sat n sun" -> "Saturdays and Sundays": every week, unless a time word says which
    ("next sat n sun", "on tue-thu")."""
    first, joint, second = match.groups()
    before = match.string[:match.start()].split()[-1:]
    weekly = "" if before and before[0].lower() in ("next", "this", "last", "on") else "s"
    joint = "to" if joint in ("-", "to") else "and"
    day, other = SHORT_WEEKDAYS[first.lower()], SHORT_WEEKDAYS[second.lower()]
    return f"{day}{weekly} {joint} {other}{weekly}"


def _group(match: re.Match[str]) -> str:
    """ "Two cats. Zuzu and Oskar." -> "I have two cats called Zuzu and Oskar."."""
    count, noun, names = match.groups()
    if count.lower() not in NUMBER_WORDS and not count.isdigit() or singular(
            noun.lower()) not in RELATIONS:
        return match.group(0)
    return f"I have {count.lower()} {noun} called {names}."


def _kin_name(match: re.Match[str]) -> str:
    """ "Brother Oskar farms ..." -> "My brother Oskar farms ..." (a sentence's opener)."""
    kin, name = match.groups()
    if kin.lower() not in RELATIONS or name.lower() in RELATIONS:
        return match.group(0)
    return f"My {kin.lower()} {name}"
