"""Someone new in the user's life, said as who they are to the user, by name.

    from daemon.sleep.extract.newcomers import name_newcomers
    name_newcomers("new guy started at the cafe on tues, oskar, he is 19")
    # "I have a new colleague. My new colleague is Oskar. Oskar started at the cafe on tues.
    #  he is 19"

A newcomer at the user's work, a neighbour who moved in, someone the user hired: people
give the news first and the name after it ("we got a new trainee at work, Vera", "hired
some help, a young fella named Oskar"). The parser reads the name as an aside, so the
news is said again as the user's new colleague (or neighbour), named, whom the next
"he" or "she" means. :mod:`.normalize` calls :func:`name_newcomers`.
"""

from __future__ import annotations

import re

from .lexicon import ANIMALS, FUNCTION_WORDS, RELATIONS, TIME_NOUNS, is_job_noun
from .spelling import is_known_word
from .textnorm import a_or_an, followed_by
from .verbs import form_kind

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


# "I have taken on a new boy at the shop on Saturdays, Vera.", "the shop got new pharmacy
# assistant, start this Monday. Vera Kelda.", "hiring some help at the garage, a young fella
# name of Oskar Vik", "They've got a new coach, Mika,": someone taken on, named after the
# news (in the next sentence, too). "got" needs "new": "got a dog, Zuzu" is a pet.
_HIRED_RE = re.compile(
    r"\b(?:(hir(?:e|ed|es|ing|in'?)|(?:tak(?:en|e|es|ing|in'?)|took) on)|"
    r"(?:got|have got|'ve got|has got|there's|there is))\b (?:an? |some )?(?:(new) )?"
    r"((?:[a-z-]+ ){0,2}?[a-z-]+)\b([^.!?]{0,60}?)[,.] "
    r"(?:an? (?:young |new )?[a-z]+ (?:named|called|name of|name) )?((?:(?:Mr|Mrs|Ms|Miss|Dr)\.? )?"
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=[,.!?]|$)")
_THEIRS_RE = re.compile(r"\b(?:they|he|she)(?:'ve|'s| have| has)?\s*$", re.I)
_ANYONE = frozenset("boy girl lad lass man woman guy fella fellow chap bloke kid help".split())


def hired(text: str) -> str:
    """``text`` with someone the user took on said again as their new colleague, by name,
    right after the news; someone another took on ("they've got a new coach, Mika") as
    what they were taken on as ("Mika is a coach")."""
    def said(m: re.Match[str]) -> str:
        hire, new, role, _, name = m.groups()
        head = role.split()[-1]
        first = name.split()[0].lower()  # "..., Monday." names nobody
        if not (hire or new) or head in ANIMALS or first in TIME_NOUNS or first in FUNCTION_WORDS \
                or head in RELATIONS and head not in _ANYONE:
            return m.group(0)
        if _THEIRS_RE.search(text[max(0, m.start() - 12):m.start()]):
            return f"{m.group(0)}. {name} is {a_or_an(role)} {role}"
        job = f" {name} is {a_or_an(role)} {role}." if is_job_noun(head) else ""
        return f"{m.group(0)}. I have a new colleague. My new colleague is {name}.{job}"[:-1] \
            if job else f"{m.group(0)}. I have a new colleague. My new colleague is {name}"
    named = _HIRED_RE.sub(said, text)
    if named != text:
        return named
    named = _NEW_STARTER_RE.sub(lambda m: f"{m.group(0)}. I have a new colleague. My new colleague "
                                f"is {m.group(1)}", text)
    if named != text:
        return named
    # "Having just hired the first chainman, ... He's only 23 ... His name's Oskar": the
    # newcomer is named later, if at all
    return _HIRED_UNNAMED_RE.sub(lambda m: f"{m.group(0)}. I have a new colleague"
                                 if any(is_job_noun(w) for w in m.group(1).split())
                                 else m.group(0), text, count=1)


# "New starter Monday, Vera Kelda.", "new apprentice started today, Oskar", "a new guy
# started today by the office, Oskar Vik,": a newcomer at work, named after ("a new
# apprentice, Oskar," is read by :func:`name_newcomers`)
_NEW_STARTER_RE = re.compile(r"\b(?:[Nn]ew (?:starter|hire|recruit)|(?<!a )(?<!an )[Nn]ew "
                             r"apprentice|an? new (?:guy|girl|lad|lass|fella|bloke|man|woman|boy) "
                             r"(?:started|starts|joined|began))\b[^.!?,]{0,40}, "
                             r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=[,.!?]|$)")
_HIRED_UNNAMED_RE = re.compile(r"\b(?:hired|taken on|took on|taking on) (?:a|an|the|my|our) "
                               r"(?:first |new )"
                               r"((?:[a-z-]+ ){0,2}[a-z-]+)\b[^.!?]*")
