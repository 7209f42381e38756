"""Facts said in passing, written out as sentences of their own after the message.

    from daemon.sleep.extract.passing import said_in_passing
    said_in_passing("Our springer spaniel, Zuzu, ate my shoe in our flat in Narvik.")
    # "Our dog, Zuzu, ate my shoe in our flat in Narvik. My dog is a springer spaniel.
    #  I live in Narvik."

People mention where they live, what a relative does or did and what breed their dog
is inside sentences about something else ("the garden here in Narvik", "my husband
Oskar, who farms mussels", "when my dad retired after thirty years as a harbour
master"). The parser reads such a phrase as part of another clause, so each is said
again as a plain sentence the clause rules read. Only the user's own words are used,
so the firewall still grounds every word; a newcomer at the user's work is said as
their new colleague ("new guy started at the cafe on tues, oskar, ..."), whom the next
"he" means. :mod:`.normalize` calls both.
"""

from __future__ import annotations

import re

from .gazetteer import is_town
from .lexicon import ANIMALS, CAT_BREEDS, DOG_BREEDS, RELATIONS, VISIT_WORDS, is_breed_word
from .spelling import is_known_word
from .textnorm import a_or_an, followed_by, parse_number
from .verbs import form_kind

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
_CHAT_KIN = {"sis": "sister", "bro": "brother"}
# "... in the garden here in Narvik": where the user is, and so lives, unless away.
_HERE_IN_RE = re.compile(r"\bhere in ([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)")
_AWAY_RE = re.compile(r"\b(?:" + "|".join(VISIT_WORDS) + r")\b", re.I)
# "when my dad retired after thirty years as a harbour master": the job he had, said again
# as a sentence of its own (the "when" clause asserts nothing on its own).
_RETIRED_AS_RE = re.compile(r"\b((?:my|our) [a-z-]+|he|she|I) retired after ([\w-]+) years as "
                            r"(an? [a-z][a-z -]*?)(?=[,.;!?]|$| and\b| but\b| so\b)", re.I)
# "my husband Oskar, who farms mussels for a living, ...": the relative clause is a fact
# about him, written out as a sentence of its own after the message.
_WHO_CLAUSE_RE = re.compile(
    r"\b((?:my|our) [a-z-]+(?:,? [A-Z][^\W\d_]+)?), who('s| is)? (?!(?:says?|said|reckons?|thinks?|"
    r"believes?|claims?)\b)([a-z][^,.;!?()]*?)(?=[,.;!?)]|$)")
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
    said += [f"My {_CHAT_KIN.get(m.group(1).lower(), m.group(1).lower())} lives in {m.group(2)}."
             for m in _COMING_FROM_RE.finditer(text)
             if _CHAT_KIN.get(m.group(1).lower(), m.group(1).lower()) in RELATIONS]
    if not said and not _AWAY_RE.search(text):
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


# "a new girl started on my team", learners' "In my team came a new person": someone
# who joined the user's work, said as the user's new colleague.
_NEWCOMER_WORDS = ("person", "guy", "girl", "lad", "lass", "woman", "man", "colleague",
                   "coworker", "co-worker", "hire", "starter")
_NEWCOMER = r"an? new (?:person|guy|girl|lad|lass|woman|man|colleague|coworker|hire)"
_WORKPLACE = r"(?:my|our) (?:team|work|crew|office|shift|department|unit|ward|site|job)"
_NEWCOMER_RE = re.compile(
    rf"\b(?:(?:in|to|at|on|into) {_WORKPLACE},? (?:came|started|joined|arrived) {_NEWCOMER}|"
    rf"{_NEWCOMER} (?:came|started|joined|arrived)(?: (?:in|to|at|on|into))? {_WORKPLACE})\b"
    r"(?:,? (from [A-Z][\w-]+)\b,?)?", re.I)
# "new guy started at the cafe on tues, oskar, ...": a newcomer at work named after the
# news, said as the user's new colleague.
_NEW_GUY_RE = re.compile(
    r"\b(?:an? |the |this |our )?new (?:guy|girl|lad|lass|person|starter|"
    r"colleague|coworker|co-worker|hire) (?:started|joined|arrived)\b([^.!?]*?), ([A-Za-z][a-z]+),",
    re.I | re.M)
# "A new trainee, Vera, started on my team today": the newcomer is the user's new trainee.
_NEW_ROLE_RE = re.compile(r"\b[Aa]n? new ((?:[a-z-]{3,} )?[a-z-]{3,}), ([A-Z][^\W\d_]+),? "
                          r"(?=(?:has |had |just )?(?:started|joined|arrived|came|starts)\b)")


# "new team lead joined in our project on Monday, Vera Tromso, from Narvik": the role,
# then the news, then the name set off by commas.
_NEW_ROLE_NEWS_RE = re.compile(
    r"\b(?:(?:[Aa]|[Oo]ur|[Mm]y|[Tt]he) )?[Nn]ew ((?:[a-z-]{3,} )?[a-z-]{3,}) (?:has )?"
    r"(joined|started|arrived|was posted|was sent|came)\b((?:[^.!?,]|, \d{4})*?), "
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=[,.!?])")


# "a new neighbour has moved into the cottage next door, a Mrs Vera Tromso, and ...",
# "our newest member, a Mr Oskar Vik,": a newcomer named by a title after the news.
_TITLED_NEWCOMER_RE = re.compile(
    r"\b(?:[Aa]|[Oo]ur|[Mm]y) new(?:est)? ([a-z-]{3,})\b([^.!?;]*?),? an? (?:Mr|Mrs|Ms|Miss|Dr)"
    r"\.? ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


# "a gentleman moved in on Monday", "a new neighbour has moved in next door": someone
# new where the user lives, so that "he's 80" after it is not the partner said before.
_MOVED_IN_RE = re.compile(r"\b[Aa] (?:new )?(?:gentleman|man|woman|lady|lad|lass|guy|girl|bloke|"
                          r"fella|chap|neighbour|neighbor) (?:has |had |just )*moved in\b"
                          r"(?! with)")


# "a new district warden came on Monday": someone new who comes to the user
_NEW_VISITOR_RE = re.compile(r"\b[Aa] new ((?:[a-z-]{3,} )?[a-z-]{3,}) (?:has |had |just )*"
                             r"(came|comes|visited|called round|turned up)\b")


def _new_visitor(m: re.Match[str]) -> str:
    """ "a new district warden came" -> "I have a new warden who came": the role's last word
    is its head, the one a person is asked about by."""
    role, came = m.group(1).split()[-1], m.group(2)
    if role in _NEWCOMER_WORDS:
        return m.group(0)
    return f"I have a new {role} who {came}"


# "Vera next door has a cat": a neighbour, named by where they live.
_NEXT_DOOR_RE = re.compile(r"(?<!\bthe )(?<!\bmy )(?<!\bour )\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) "
                           r"next door\b")


def _next_door(m: re.Match[str]) -> str:
    last = m.group(1).split()[-1].lower()
    return m.group(0) if is_known_word(last) else f"my neighbour {m.group(1)}"


# "A young man from the group came round, Oskar.": the name said last, after the news
_NAMED_AFTER_RE = re.compile(r"\b[Aa] (?:(?:young|nice|lovely|new|old) )*(?:man|woman|lady|lad|"
                             r"lass|chap|fellow|girl|guy|bloke|gentleman) ([^.!?]{3,80}?), "
                             r"([A-Z][a-z]+)(?=[.!?])")


# "Their dad is my ex, Oskar.": who someone is, then their name
_IS_MY_NAMED_RE = re.compile(r"\bis my ((?:[a-z-]+ )?[a-z-]+), ([A-Z][a-z]+)(?=[.!?])")


def name_newcomers(text: str) -> str:
    """``text`` with someone who joined the user's work said as their new colleague, by
    name where one is given, and someone named as living next door as a neighbour."""
    text = _NEXT_DOOR_RE.sub(_next_door, text)
    text = _NAMED_AFTER_RE.sub(_named_after, text)
    text = _IS_MY_NAMED_RE.sub(lambda m: f"is my {m.group(1)}. My {m.group(1)} is called "
                               f"{m.group(2)}" if m.group(1).split()[-1] in RELATIONS
                               else m.group(0), text)
    text = _NEW_GUY_RE.sub(lambda m: m.group(0) if is_known_word(m.group(2).lower()) else
                           f"{_new_colleague(m.group(2).capitalize())}started{m.group(1)}.", text)
    text = _NEW_ROLE_RE.sub(_new_role, text)
    text = _MOVED_IN_RE.sub("I have a new neighbour who moved in", text)
    text = _NEW_VISITOR_RE.sub(_new_visitor, text)
    text = _NEW_ROLE_NEWS_RE.sub(_role_news, _GOT_NEW_RE.sub(_got_new, text))
    titled = [f"My new {m.group(1)} is called {m.group(3)}."
              for m in _TITLED_NEWCOMER_RE.finditer(text) if m.group(1) not in _NEWCOMER_WORDS]
    text = followed_by(text, titled)
    return _NEWCOMER_RE.sub(lambda m: "I have a new colleague" + (
        f". My new colleague is {m.group(1)}." if m.group(1) else ""), text)


def _named_after(m: re.Match[str]) -> str:
    """ "A young man from the group came round, Oskar." -> "Oskar came round": where he is
    from says which man, and would read as his home town."""
    said, name = m.group(1).split(), m.group(2)
    verb = next((i for i, w in enumerate(said) if form_kind(w) in ("past", "3s")), None)
    if verb is None or is_known_word(name.lower()):
        return m.group(0)
    return f"{name} {' '.join(said[verb:])}"


def _new_role(m: re.Match[str]) -> str:
    """ "A new trainee, Vera, started" -> "my new trainee Vera started"; a role of two words
    that is no relation ("a new graduate engineer, Vera,") makes Vera a new colleague with
    that job."""
    role, name = m.group(1), m.group(2)
    if " " not in role or role.split()[-1].lower() in RELATIONS:
        return f"my new {role} {name} "
    return f"{_new_colleague(name)}is {a_or_an(role)} {role}. {name} "


# "we got a new pharmacist at work last week, Dr. Vera Kelp, and she ...": the same news
_GOT_NEW_RE = re.compile(r"\b(?:we|I)(?:'ve| have)? got an? new ((?:[a-z-]{3,} )?[a-z-]{3,})\b"
                         r"((?:[^.!?,]|, \d{4})*?), ((?:(?:Dr|Mr|Mrs|Ms|Miss)\.? )?[A-Z][a-z]+"
                         r"(?: [A-Z][a-z]+)?)(?=[,.!?])")


_AT_WORK = frozenset("trainee supervisor manager boss colleague coworker mentor carer".split())


def _got_new(m: re.Match[str]) -> str:
    role, rest, name = m.groups()
    if role.split()[-1] in _AT_WORK:  # "we got a new trainee at work on Monday, Vera"
        return f"My new {role} is called {name}. {name} started{rest}"
    if role.split()[-1] in _NEWCOMER_WORDS or role.split()[-1] in RELATIONS:
        return m.group(0)
    name = re.sub(r"^(Dr|Mr|Mrs|Ms)\. ", r"\1 ", name)
    return f"{_new_colleague(name)}is {a_or_an(role)} {role}. {name} started{rest}"


def _role_news(m: re.Match[str]) -> str:
    """ "new team lead joined ..., Vera Tromso," -> Vera is the new team lead, who joined."""
    role, verb, rest, name = m.groups()
    if role.split()[-1] in _NEWCOMER_WORDS:
        return m.group(0)
    if " " not in role or role.split()[-1] in RELATIONS:
        return f"my new {role} {name} {verb}{rest}"
    return f"{_new_colleague(name)}is {a_or_an(role)} {role}. {name} {verb}{rest}"


def _new_colleague(name: str) -> str:
    """The sentences that make ``name`` the user's new colleague, ending on the name as the
    subject of what follows."""
    return f"I have a new colleague. My new colleague is {name}. {name} "
