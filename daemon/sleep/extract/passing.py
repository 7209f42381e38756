"""Facts said in passing, written out as sentences of their own after the message.

    from daemon.sleep.extract.passing import said_in_passing
    said_in_passing("Our springer spaniel, Zuzu, ate my shoe in our flat in Narvik.")
    # "Our dog, Zuzu, ate my shoe in our flat in Narvik. My dog is a springer spaniel.
    #  I live in Narvik."

People mention where they live, what a relative does or did and what breed their dog
is inside sentences about something else ("the garden here in Narvik", "my husband
Oskar, who farms mussels", "when my dad retired after thirty years as a lock
keeper"). The parser reads such a phrase as part of another clause, so each is said
again as a plain sentence the clause rules read. Only the user's own words are used,
so the firewall still grounds every word. :mod:`.normalize` calls it (and
:mod:`.newcomers` for someone new at the user's work).
"""

from __future__ import annotations

import re

from .gazetteer import is_town
from .lexicon import (
    ANIMALS,
    CAT_BREEDS,
    CHAT_KIN,
    DOG_BREEDS,
    RELATIONS,
    VISIT_WORDS,
    is_breed_word,
)
from .textnorm import a_or_an, followed_by, parse_number

# "our house in Narvik": where the user lives, said in passing.
# ("at her place in X": where she lives, said the same way)
_OUR_HOME_RE = re.compile(r"\b((?i:my|our)|(?<=at |to )(?:his|her|their)) (?:(?:back |front )?"
                          r"garden|house|home|flat|place|apartment|cottage|farm|village) "
                          r"(?:in|at|outside|near) ([A-Za-z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)")
_HOME_OF = {"my": "I live", "our": "I live", "his": "He lives", "her": "She lives",
            "their": "They live"}
# "its only quiet at my dads in narvik": where a relative lives, said as their home.
_AT_THEIRS_RE = re.compile(r"\b(?i:at|to|from) ((?i:my|our)) ([a-z-]+?)'?s(?: (?:place|house|flat|"
                           r"home))? (?:in|up in|down in|over in) ([A-Za-z][^\W\d_]+"
                           r"(?: [A-Z][^\W\d_]+)?)\b")
# "my mom's driving over from Narvik for it": someone coming to the user comes from home.
_COMING_FROM_RE = re.compile(r"\b(?i:my) (?:(?:big|little|older|younger|best) )?([a-z-]+)"
                             r"(?: [A-Z][^\W\d_]+)?(?:'s| is| are) (?:(?:driv|com|fly|travell?)"
                             r"in[g']?|getting the train) (?:home |over |up |down |in )?"
                             r"from ([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)\b")
# "... in the garden here in Narvik": where the user is, and so lives, unless away.
_HERE_IN_RE = re.compile(r"\bhere in ([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)")
_AWAY_RE = re.compile(r"\b(?:" + "|".join(VISIT_WORDS) + r")\b", re.I)
# "when my dad retired after thirty years as a lock keeper": the job he had, said again
# as a sentence of its own (the "when" clause asserts nothing on its own).
_RETIRED_AS_RE = re.compile(r"\b((?:my|our) [a-z-]+|he|she|I) retired after ([\w-]+) years as "
                            r"(an? [a-z][a-z -]*?)(?=[,.;!?]|$| and\b| but\b| so\b)", re.I)
# "my husband Oskar, who farms mussels for a living, ...": the relative clause is a fact
# about him, written out as a sentence of its own after the message.
_WHO_CLAUSE_RE = re.compile(
    r"\b((?:my|our) [a-z-]+(?:,? [A-Z][^\W\d_]+)?),? who('s| is)? (?!(?:says?|said|reckons?|"
    r"thinks?|believes?|claims?)\b)([a-z][^,.;!?()]*?)(?=[,.;!?)]|$)")
# "our springer spaniel, Zuzu": a breed said instead of the animal. The animal is what
# the user will ask about ("my dog"); the breed is said again as a sentence of its own.
_BREED_RE = re.compile(
    r"(?<!\bis )(?<!'s )(?<!\bwas )\b(my|our|a|an|this) ((?:[a-z]+ ){0,2}?)"
    rf"({'|'.join([*DOG_BREEDS, *CAT_BREEDS])})((?: cross| mix)?)\b(?! (?:dog|cat|pup|puppy)\b)",
    re.I)

# "My dog, Zuzu, a black labrador of nine, ...": the breed and the age in apposition.
_PET_OF_AGE_RE = re.compile(
    r"\b([Mm]y|[Oo]ur) (dog|cat|pony|horse|rabbit), ([A-Z][a-z]+), an? ((?:[a-z]+ )?)"
    r"([A-Za-z]+(?: [a-z]+)?) of ([a-z-]+|\d{1,2})\b")
# "a party over in Narvik where she lives": where someone lives, said of the place
_WHERE_LIVES_RE = re.compile(r"\b(?:in|at) ([A-Z][a-z]+(?: [A-Z][a-z]+)?),? where (he|she|they) "
                             r"(?:still )?lives?\b")
# "My dog's a catahoula named Zuzu, six years old": the name and age said after the breed
_PET_NAMED_RE = re.compile(
    r"\b([Mm]y|[Oo]ur) ([a-z]+)(?:'s| is) an? (?:[a-z-]+ ){1,3}?(?:named|called) ([A-Z][a-z]+)"
    r"(?:, ([a-z-]+|\d{1,2}) years? old)?")
# "our fifth wedding anniversary next Friday": how long the user has been married.
# ("our 10 year anniversary" is the wedding's where the message speaks of a spouse)
_ANNIVERSARY_RE = re.compile(r"\b(?:our|my) ([a-z]+|\d{1,2}(?:st|nd|rd|th)|\d{1,2}[- ]years?) "
                             r"(wedding )?anniversary\b", re.I)
_SPOUSE_RE = re.compile(r"\b(?:husband|wife|married|hubby|spouse)\b", re.I)


# "Then there is Zuzu, our Westie.": a pet of the house, named first
_THERE_IS_OURS_RE = re.compile(r"(?:\b[Tt]hen )?\b[Tt]here(?:'s| is) ([A-Z][a-z]+), (?:our|my) "
                               r"([A-Za-z]+)\b")


def pets_introduced(text: str) -> str:
    """ "Then there is Zuzu, our Westie." -> "I have a westie called Zuzu." (before the
    sentence is split at the comma, where "our Westie" would lose the name)."""
    def have(m: re.Match[str]) -> str:
        kind = m.group(2).lower()
        if kind not in ANIMALS and not is_breed_word(kind):
            return m.group(0)
        return f"I have {a_or_an(kind)} {kind} called {m.group(1)}"
    return _THERE_IS_OURS_RE.sub(have, text)


def said_in_passing(text: str) -> str:
    """``text`` with a breed said as the animal, and each fact said in passing written
    out again after it (module docstring)."""
    text, said = _breeds(text)
    said += [f"{_HOME_OF[m.group(1).lower()]} in {m.group(2)[:1].upper()}{m.group(2)[1:]}."
             for m in _OUR_HOME_RE.finditer(text)
             if m.group(2)[:1].isupper() or is_town(m.group(2))]
    said += [f"My {m.group(2).lower()} lives in {m.group(3)}." for m in _AT_THEIRS_RE.finditer(text)
             if m.group(2).lower() in RELATIONS and is_town(m.group(3))]
    said += [f"My {CHAT_KIN.get(m.group(1).lower(), m.group(1).lower())} lives in {m.group(2)}."
             for m in _COMING_FROM_RE.finditer(text)
             if CHAT_KIN.get(m.group(1).lower(), m.group(1).lower()) in RELATIONS]
    if not said and not _AWAY_RE.search(text) and not re.search(r"\bliv\w* here in\b", text):
        said += [f"I live in {m.group(1)}." for m in _HERE_IN_RE.finditer(text)
                 if is_town(m.group(1))][:1]
    said += [f"{m.group(1)[:1].upper()}{m.group(1)[1:]} "
             f"was {m.group(3)} for {m.group(2)} years." for m in _RETIRED_AS_RE.finditer(text)]
    said += [f"{m.group(1)[:1].upper()}{m.group(1)[1:].replace(',', '')} "
             f"{'is ' if m.group(2) else ''}{m.group(3)}." for m in _WHO_CLAUSE_RE.finditer(text)]
    said += [f"My {m.group(2)} is a {m.group(4)}{m.group(5).lower()}. My {m.group(2)} is "
             f"{m.group(6)} years old." for m in _PET_OF_AGE_RE.finditer(text)
             if parse_number(m.group(6)) is not None
             and m.group(5).lower() in (*DOG_BREEDS, *CAT_BREEDS)]
    said += [f"{m.group(2).capitalize()} {'live' if m.group(2) == 'they' else 'lives'} in "
             f"{m.group(1)}." for m in _WHERE_LIVES_RE.finditer(text)]
    said += [f"My {m.group(2)} is called {m.group(3)}." + (
        f" {m.group(3)} is {m.group(4)} years old." if m.group(4) else "")
        for m in _PET_NAMED_RE.finditer(text) if m.group(2) in ANIMALS]
    said += [f"We have been married for {years} years." for m in _ANNIVERSARY_RE.finditer(text)
             if (m.group(2) or _SPOUSE_RE.search(text))
             and (years := parse_number(re.sub(r"[- ]years?$", "", m.group(1)))) is not None
             and 1 < years < 80]
    if not said:
        return text
    return followed_by(text, said)


_USER_BEFORE_RE = re.compile(r"\b(?:i|we)(?:'?ve|'?m)?\b[^.!?,;]*$", re.I)


def _breeds(text: str) -> tuple[str, list[str]]:
    """ "our springer spaniel, Zuzu, ..." -> "our dog, Zuzu, ..." and "My dog is a springer
    spaniel."; the copula's own complement ("my dog is a collie") is left as it is."""
    said: list[str] = []

    def animal(m: re.Match[str]) -> str:
        breed = f"{m.group(3)}{m.group(4)}".lower()
        kind = "cat" if breed in CAT_BREEDS else "dog"
        if m.group(1).lower() in ("a", "an", "this") and not _USER_BEFORE_RE.search(
                m.string[max(0, m.start() - 30):m.start()]):
            # "he has a pug called X": someone else's, with the animal said after it
            if not re.match(r"\s+(?:called|named)\b", m.string[m.end():]):
                return m.group(0)
            return f"{'a' if m.group(1).lower() == 'this' else m.group(1)} {m.group(2)}" \
                f"{breed} {kind}"
        said.append(f"My {kind} is {a_or_an(breed)} {breed}.")
        return f"{'a' if m.group(1).lower() == 'this' else m.group(1)} {m.group(2)}{kind}"

    return _BREED_RE.sub(animal, text), said
