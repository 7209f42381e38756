"""Ages as people write them -> the plain "X is N years old" sentences the rules read.

    from daemon.sleep.extract.ages import listed_ages, spoken_ages
    spoken_ages("I'm Zuzu, 17")                    # "I'm Zuzu. I am 17"
    listed_ages("he's 22, an apprentice plumber")  # "He is 22. He is an apprentice plumber"

An age hides in brackets ("Oskar (9)", "my dog zuzu (3yo, ...)", "78 years old (79 on
Saturday)"), after a name or a state set off by commas ("im zuzu, 17", "She's new, 24,
came from ..."), before "and"/"but" and what else someone is, or before a job or a town
listed after it. Each rewrite keeps the user's words and makes the age a sentence of its
own. :mod:`.normalize` calls :func:`bracketed_ages` before chat spelling is respelt and
:func:`spoken_ages` / :func:`listed_ages` after.
"""

from __future__ import annotations

import re

from .lexicon import DIETS, is_job_noun
from .spelling import is_known_word
from .textnorm import followed_by

# "my dog zuzu (3yo, a collie cross)": an age in brackets after a name, said of that name.
_BRACKET_AGE_RE = re.compile(r"\b(my \w+ )?([A-Za-z]+) \((\d{1,3}) years old\b[,;]?\s*([^)]*)\)")


# "Oskar (9)": a bare number in brackets after a name is an age
_BARE_BRACKET_AGE_RE = re.compile(r"\b([A-Z][a-z]+) \((\d{1,2})\)")


def _age_then_birthday(m: re.Match[str]) -> str:
    who = m.group(1).split()[0].rstrip("'s").lower()
    turn = "I turn" if who == "i" else f"{who.capitalize()} turns"
    age = m.group(2).removesuffix(" years old")
    return f"{m.group(1)} {age} years old. {turn} {m.group(3)} {m.group(4)}."


def _bracket_age(text: str) -> str:
    """The bracket's age moved to a sentence of its own after the sentence it was in."""
    ages = [f"{m.group(1) or ''}{m.group(2)} is {m.group(3)} years old."
            for m in _BRACKET_AGE_RE.finditer(text)]
    if not ages:
        return text
    text = _BRACKET_AGE_RE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}"
                               + (f" ({m.group(4)})" if m.group(4).strip() else ""), text)
    # Left in lowercase where the user wrote so: a capital would stop names being found.
    return followed_by(text, ages)



# "I'm Ada, 24, ...": an age set off by commas after a name introduction.
_NAME_AGE_RE = re.compile(
    r"\b(I'm|I am) ([^\W\d_][^\W\d_'-]*(?: [^\W\d_][^\W\d_'-]*)?(?-i: [A-Z][^\W\d_'-]*)?)"
    r"(?: by the way)?, "
    r"(\d{1,2})\b"
    r"(?!\s*(?:%|years?|hours?|"
    r"minutes?|mins?|days?|weeks?|months?|[ap]m\b|st\b|nd\b|rd\b|th\b|[:.]\d))", re.I)

# "im zuzu, 17": before an age, a word is a name (a dictionary word too, see
# nlp._name_slot) unless it is a state people give with their age ("I'm single, 25").
AGE_STATES = DIETS | frozenset(
    "single married divorced widowed separated engaged retired new pregnant unemployed skint "
    "broke sober tired bored back here fine good ok okay well young old local home out off "
    "free done over".split())
# "I'm 33, glazier at a studio in Narvik": a job listed after the age.
# "hes 19, from X": where someone is from, listed after the age
_AGE_FROM_RE = re.compile(r"\b(I am|I'm|[Hh]e is|[Hh]e's|[Ss]he is|[Ss]he's) (\d{1,3})[.,] from ")
_AGE_JOB_RE = re.compile(r"\b(I|[Hh]e|[Ss]he|(?:[Mm]y|[Oo]ur) [a-z-]+(?: [a-z-]+)?"
                         r"(?: [A-Z][a-z]+)?)(?: am|'m| is|'s) (\d{1,3}), (a |an )?"
                         r"(?!(?:from|her|his|my|the|their|our|your|its|and|but|so)\b)([a-z-]+)"
                         r"(?: ([a-z-]+))?\b")
# "Zuzu is 6 and normally an angel", "... is 6 and blue": the age ends at "and"; the rest
# is said again with its verb, so the age is a complement of its own.
# "she's only 23 and from X", "is 8 and allergic to kelp": the same, before a place or
# an adjective that takes its own preposition.
_AGE_AND_RE = re.compile(r"(?:\b|(?<=\w))(is|am|are|'s|'m) ((?:only|just|nearly|almost) )?"
                         r"(\d{1,3}) (and|but) (?=(?:(?:somehow |still |also |now )*(?:normally|"
                         r"usually|always|very|really|quite|so|pretty|super) )?"
                         r"(?:a|an)\b(?! half\b)|"
                         r"(?:somehow |still |also |now )*the\b|"
                         r"(?:from|allergic|afraid|scared|obsessed|mad|into)\b|"
                         r"(?!one\b|a\b)[a-z]+(?:-[a-z]+)*(?:[.,;!?]|$| and\b| but\b))")
_FULL_VERB = {"'s": "is", "'m": "am"}
# "Oskar is 8 and only eats ...": a comma keeps the tagger from reading the age as the
# next verb's subject.
_AGE_THEN_VERB_RE = re.compile(r"(?:\b|(?<=\w))(is|am|'m|'s) ((?:only |just )?\d{1,3}) and "
                               r"(?!\d|a half\b|one\b|[a-z]+ (?:years|months)\b)")

# "I am 78 years old (79 on Saturday, ...)": the bracket is the birthday to come
_AGE_BRACKET_TURN_RE = re.compile(
    r"\b(I am|I'm|[Hh]e is|[Ss]he is|[Hh]e's|[Ss]he's) ([\w-]+ years old|\d{1,3}) "
    r"\(([\w-]+) ((?:on|next|this|in) [^,;)]+(?:, \d{4})?)[^)]*\)")
# "He is only 29 years old but very strict", "I am 35 years old and on a work visa": the
# age, then what else they are
_AGE_BUT_RE = re.compile(r"\b([Hh]e|[Ss]he|I) (is|am) ((?:only |just )?\d{1,3}) years old,? "
                         r"(?:but|and) (?=(?:very|so|really|quite|super|a bit|on|in|at|from|not|"
                         r"an?) )")
# "She is 6 years old, a grey collie, ...": what she is, after her age, a sentence of its own
_AGE_THEN_KIND_RE = re.compile(r"\b([Hh]e|[Ss]he|[Ii]t)(?:'s| is) ((?:only |just )?\d{1,3}"
                               r"(?: years old)?), (an? [a-z]+(?: [a-z]+)?)(?=\s*[,.;]|$)")
# "She's new, 24, came from ...": an age listed after a state is a sentence of its own
_STATE_AGE_RE = re.compile(r"\b([Hh]e|[Ss]he)(?:'s| is) ([a-z]+), (\d{1,2}),\s*")

# "she's a glazier, 30, and ...": an age set off by commas after what someone is.
_JOB_AGE_RE = re.compile(r"\b(I'm|I am|he's|he is|she's|she is) (a|an) ((?:[a-z-]+ ){0,2}[a-z-]+), "
                         r"(\d{1,3}),? (?:and )?", re.I)


_AGE_SUFFIX_RE = re.compile(r"\b(\d{1,3})\s?(?:yo|y/o|yrs? old)\b", re.I)

_NOT_AFTER_AGE = frozenset("not no or and but well maybe nearly almost".split())


def _age_then_job(match: re.Match[str]) -> str:
    """ "I am 33, glazier at ..." -> "I am 33. I am a glazier at ..."; "steel fixer" too;
    "he's 22, an apprentice plumber", "my sister Vera is 26, glazier"; anything else after
    the user's age is a sentence of its own."""
    who, age, first, second = match.group(1), match.group(2), match.group(4), match.group(5)
    be = "I am" if who == "I" else f"{who[0].upper()}{who[1:]} is"
    if second and is_job_noun(second.lower()):
        job, after = f"{first} {second}", ""
    elif is_job_noun(first.lower()):
        job, after = first, f" {second}" if second else ""
    elif who == "I" and first.lower() not in _NOT_AFTER_AGE:
        return f"{be} {age}. {match.group(0).split(', ', 1)[1]}"
    else:  # "she is 9, not 8": a value put right stays one clause
        return match.group(0)
    article = match.group(3) or ("an " if job[:1] in "aeiou" else "a ")
    return f"{be} {age}. {be} {article}{job}{after}"


def _job_then_age(match: re.Match[str]) -> str:
    """ "she's a glazier, 30, and her cat ..." -> "she's a glazier. She is 30. her cat ..."."""
    said, article, job, age = match.groups()
    who = said.split("'")[0].split()[0]
    verb = "am" if who == "I" else "is"
    return f"{said} {article} {job}. {who.capitalize()} {verb} {age}. "


# "two, Oskar who is 14 and Vera who is 9": an age in a relative clause, as in brackets
_WHO_IS_AGE_RE = re.compile(r"\b([A-Z][a-z]+),? who(?:'s| is) (\d{1,2})\b"
                            r"(?! (?:years?|months?|yrs|and a))")


def bracketed_ages(text: str) -> str:
    """Ages in brackets, and "Nyo", said as sentences of their own."""
    text = _AGE_BRACKET_TURN_RE.sub(_age_then_birthday, _WHO_IS_AGE_RE.sub(r"\1 (\2)", text))
    text = _BARE_BRACKET_AGE_RE.sub(r"\1 (\2 years old)", _AGE_SUFFIX_RE.sub(r"\1 years old", text))
    return _bracket_age(text)


# "she is 78, her teeth are bad": the age, then a new sentence about something of hers
_AGE_THEN_OWNED_RE = re.compile(r"\b(is|am|are) (\d{1,3}), (?=(?:her|his|my|their|our)\b)")


def spoken_ages(text: str) -> str:
    """Ages after a name or a state, and before "and"/"but", as sentences of their own."""
    text = _NAME_AGE_RE.sub(lambda m: f"{m.group(1)} " + " ".join(
        w if is_known_word(w.lower()) else w.capitalize() for w in m.group(2).split())
        + f". I am {m.group(3)}", text)
    text = _STATE_AGE_RE.sub(lambda m: f"{m.group(1)} is {m.group(2)}. {m.group(1).capitalize()}"
                             f" is {m.group(3)}. {m.group(1).capitalize()} ", text)
    text = _AGE_AND_RE.sub(lambda m: f"{m.group(1)} {m.group(2) or ''}{m.group(3)}, {m.group(4)} "
                           f"{_FULL_VERB.get(m.group(1), m.group(1))} ",
                           _AGE_THEN_OWNED_RE.sub(r"\1 \2. ", text))
    text = _AGE_THEN_KIND_RE.sub(lambda m: f"{m.group(1)} is {m.group(2)}. "
                                 f"{m.group(1).capitalize()} is {m.group(3)}", text)
    text = _AGE_THEN_DONE_RE.sub(lambda m: f"{m.group(1)} {'am' if m.group(1) == 'I' else 'is'} "
                                 f"{m.group(2)}. {m.group(1).capitalize()} "
                                 f"{'have' if m.group(1) == 'I' else 'has'} ", text)
    text = _AGE_BUT_RE.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)} years old. "
                           f"{m.group(1).capitalize()} {m.group(2)} ", text)
    # ("I'm 47 and I farm crawfish": a sentence of its own begins with the second "I")
    return _AGE_THEN_VERB_RE.sub(lambda m: f"{m.group(1)} {m.group(2)}. " if re.match(
        r"I\b", m.string[m.end():]) else f"{m.group(1)} {m.group(2)}, and ", text)


# "He's only 18, just moved up from Narvik": the age, then what he has done
_AGE_THEN_DONE_RE = re.compile(r"\b([Hh]e|[Ss]he|I)(?:'s|'m| is| am) ((?:only |just )?\d{1,3}), "
                               r"(?=(?:just |only |recently )?[a-z]+ed\b)")
# "she's Vera btw, 41, I'm 36": who she is, then her age (two sentences before the message is
# split into sentences, so that "she" in the second means the one the first named)
_NAMED_AGE_RE = re.compile(r"\b([Hh]e|[Ss]he)(?:'s| is) ([A-Z][a-z]+)(?: btw)?, (\d{1,3})\b,?")


def named_ages(text: str) -> str:
    return _NAMED_AGE_RE.sub(lambda m: f"{m.group(1)} is {m.group(2)}. "
                             f"{m.group(1).capitalize()} is {m.group(3)}.", text)


def listed_ages(text: str) -> str:
    """A job or a town listed after an age, and an age after a job, said apart."""
    text = _AGE_FROM_RE.sub(r"\1 \2. \1 from ", text)
    text = _AGE_JOB_RE.sub(_age_then_job, text)
    return _JOB_AGE_RE.sub(_job_then_age, text)


# "im 18 in 3 weeks", "I'm 30 on Saturday": an age still to come is a birthday
# ("I am 83, 84 on Tuesday": the age now, then the birthday's)
_TURN_IN_RE = re.compile(r"\b((?i:I'm|I am|im|he's|he is|she's|she is)|[A-Z][a-z]+ is|"
                         r"(?:[Mm]y|[Oo]ur) [a-z]+(?: [A-Za-z]+){0,2}(?:'s| is))"
                         r"(?: \d{1,3},| going to (?:turn|be)| gonna (?:turn|be))? "
                         r"(\d{1,3}) (?=in (?:\d{1,2}|a|two|three|four|five|six) "
                         r"(?:days?|weeks?|months?)\b|(?:on )?(?i:(?:mon|tues|wednes|thurs|fri|"
                         r"satur|sun)day)\b|on (?:[A-Z][a-z]+ \d|(?:the )?\d{1,2}(?:st|nd|rd|th)? "
                         r"[A-Z]))")
_TURNS = {"he": "he turns", "she": "she turns"}


def _turns(m: re.Match[str]) -> str:
    """ "I'm 30 on Saturday", "my nain's 90 Sunday" -> "I turn 30", "my nain turns 90"."""
    said, age = m.group(1), m.group(2)
    if said.lower().startswith(("my ", "our ")):
        return re.sub(r"(?:'s| is)$", "", said) + f" turns {age} "
    if said.endswith(" is"):
        return f"{said[:-3]} turns {age} "
    return f"{_TURNS.get(_first_word(said), 'I turn')} {age} "


def _first_word(words: str) -> str:
    """ "He's" / "she is" -> "he" / "she"."""
    return re.split(r"['\s]", words.lower())[0]
# "I was 84 yesterday": a birthday just gone
_TURNED_RE = re.compile(r"\b((?i:I|he|she)) was (\d{1,3}) (?=(?i:yesterday|last (?:week|month)|"
                        r"on [a-z]+day)\b|on [A-Z][a-z]+ \d)")


def birthdays_said(text: str) -> str:
    """ "I'm 30 on Saturday", "my nain's 90 Sunday", "I was 84 yesterday": a birthday to
    come or just gone, said with "turn"."""
    return _TURNED_RE.sub(r"\1 turned \2 ", _TURN_IN_RE.sub(_turns, text))
