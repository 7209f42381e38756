"""Labelled one-liners -> the sentences they stand for ("Age 56." -> "I am 56.").

    from daemon.sleep.extract.labels import expand_labels
    expand_labels("Name: Oskar Vik. Age 56. Wife - Mira. Teacher. Dog's a collie. Zuzu.")
    # "My name is Oskar Vik. I am 56. My wife is called Mira. My wife is a teacher.
    #  My dog is a collie. My dog is called Zuzu."

Terse writers fill in a form: a label (a field such as "age" or "name", or a relation
such as "wife" or "dog") then a value, with a colon, a hyphen or nothing between them. A
fragment after a sentence about someone else continues it: "Wife - Mira. Teacher." says
the wife teaches, not the user. The rewrite keeps the user's words and adds only the
glue the answer templates add anyway ("is", "called", "I have"); anything that is not a
form-like fragment is left as typed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .entities import singular
from .gazetteer import is_town
from .lexicon import (
    DIETS,
    NON_JOB_NOUNS,
    NUMBER_WORDS,
    RELATIONS,
    WEEKDAYS,
    is_breed_word,
    is_job_noun,
)
from .verbs import form_kind

# a colon, or a hyphen with a space on one side ("Dog-friendly" is one word)
_SEP = r"(?:\s*:\s*|\s+[-\u2013\u2014]\s*|\s*[-\u2013\u2014]\s+)"
# Ranked children are said as relations in forms ("Eldest - Tove.")
_RANKED = ("eldest", "oldest", "youngest")
_FIELD_RE = re.compile(
    r"^(name|age|job|work|occupation|from|home|location|based|kids|children)"
    r"(?:" + _SEP + r"|\s+(?=\d))(.+?)([.!?]*)$", re.I)
_RELATION_RE = re.compile(r"^(?:my\s+)?([a-z-]+)" + _SEP + r"(.+?)([.!?]*)$", re.I)
_RELATION_IS_RE = re.compile(r"^([a-z-]+)(?:'s|\u2019s| is) (.+)$", re.I)
_MY_RELATION_RE = re.compile(r"^(?:my|our) ([a-z-]+)\b", re.I)
_COUNT_RE = re.compile(r"^(\w+) ([a-z]+)(?:,[^.!?]*)?([.!?]*)$", re.I)
_NAME_RE = re.compile(r"^([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)([.!?]*)$")
_PLACE_RE = re.compile(r"^([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?, [A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)"
                       r"([.!?]*)$")
_SCHEDULE_RE = re.compile(
    r"^([a-z][a-z' -]{1,24}?) ((?:on|every) (?:" + "|".join(WEEKDAYS) + r")s?\b.*)$", re.I)
# Services people are "in", not jobs they "are".
_SERVICES = frozenset("army navy police marines raf military".split())
_NAME_FIELD_VALUE_RE = re.compile(r"^[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,2}$")
_WORD = r"[A-Z][^\W\d_][\w'-]*"
_INTRO_RE = re.compile(
    r"^((?i:right|ok|okay|so|well|hi|hello|hey|morning|evening|afternoon)[.,!]+ )?"
    rf"({_WORD}(?: {_WORD})?)[.,] (\d{{1,3}})[.,](?: ({_WORD}(?: {_WORD})?)\.)?")
# "..., 34, glazier - boats.": what the writer does, after the age
_INTRO_JOB_RE = re.compile(r"^([a-z][a-z-]*(?: [a-z][a-z-]*){0,2})(?=\s*(?:[.,;]|\s-\s|$))")
# "Eldest Tove." / "Grandson Oskar, 4.": a relation then a name (and an age), no glue.
_RELATION_NAME_RE = re.compile(
    rf"^(?:my\s+)?([a-z-]+) ({_WORD})(?:, (\d{{1,3}}))?([.!?]*)$", re.I)
# "Brother passed last year.": a relation opening a sentence, its "my" left out.
_RELATION_SAYS_RE = re.compile(r"^([A-Z][a-z-]+) (?=[a-z])")
# "Not Narvik. Tromso. She moved.": a town put right, with who moved.
_NOT_THERE_RE = re.compile(rf"\bNot ({_WORD})\. ({_WORD})\. (She|He|They)(?: has|'s)? moved\.")
_EX_SERVICE_RE = re.compile(r"^ex-(" + "|".join(_SERVICES) + r")([.!?]*)$", re.I)
_BARE_SCHEDULE_RE = re.compile(
    r"^([a-z][a-z' -]{1,24}?) (" + "|".join(WEEKDAYS) + r")s([.!?]*)$", re.I)


# "Me: Oskar, 34, glazier." / "Partner: Mira, 36, potter (...)." / "Sister Vera - Narvik.":
# who, then a list of what they are, in any order.
_PROFILE_RE = re.compile(
    r"^(?:(me|myself|about me)|(?:my\s+)?(?:new\s+)?([a-z-]+)(?: ([A-Z][^\W\d_]+))?)\s*"
    r"(?::|\s[-\u2013\u2014])"
    r"\s*(.+?)([.!?]*)$", re.I)
_BASED_RE = re.compile(r"^based (?:in |at |near )?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)([.!?]*)$", re.I)


class About(NamedTuple):
    """Whom the next fragment is about: "My wife", and whether her name was just given
    (then a town alone is where she lives, not her name)."""

    phrase: str
    named: bool = False


def expand_labels(text: str) -> str:
    """``text`` with its form-like fragments written out (see the module docstring)."""
    about: About | None = None  # "My wife" after a sentence about the wife
    user_form = False  # a field about the user came earlier in the message
    out: list[str] = []
    text, user_form = _introduction(text.strip())
    text = _NOT_THERE_RE.sub(lambda m: f"{m.group(3)} moved to {m.group(2)}, not {m.group(1)}."
                             if is_town(m.group(1)) and is_town(m.group(2)) else m.group(0), text)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        written, about, user_form = _one(sentence, about, user_form)
        out.append(written)
    return " ".join(out)


def _one(sentence: str, about: About | None,
         user_form: bool) -> tuple[str, About | None, bool]:
    """One sentence written out, who the next fragment is about, and whether the user
    has been filling in a form of their own fields."""
    if (field := _field(sentence)) is not None:
        return field, None, True
    if (profile := _profile(sentence)) is not None:
        return profile
    if based := _BASED_RE.match(sentence):  # "Based Narvik."
        return f"I live in {based.group(1)}{based.group(2) or '.'}", None, True
    if service := _EX_SERVICE_RE.match(sentence):  # "Ex-navy.": not an ex-partner
        return f"I was in the {service.group(1).lower()}{service.group(2) or '.'}", None, user_form
    if (relation := _relation(sentence)) is not None:
        return relation
    if (count := _count(sentence)) is not None:
        return count, None, user_form
    if about is not None and (more := _continued(sentence, about)) is not None:
        return more, about, user_form
    if about is None and (own := _own(sentence)) is not None:
        return own, None, user_form
    if user_form and (place := _PLACE_RE.match(sentence)):
        return f"I live in {place.group(1)}{place.group(2) or '.'}", None, True
    if (schedule := _SCHEDULE_RE.match(sentence)) and not any(
            form_kind(w) in ("3s", "past") for w in schedule.group(1).split()):  # "X starts"
        return f"I have {schedule.group(1).lower()} {schedule.group(2)}", None, user_form
    if schedule := _BARE_SCHEDULE_RE.match(sentence):
        day = schedule.group(2).capitalize()
        return (f"I have {schedule.group(1).lower()} on {day}s{schedule.group(3) or '.'}", None,
                user_form)
    mine = _MY_RELATION_RE.match(sentence)
    if mine and _is_relation(mine.group(1)):
        return sentence, About(f"My {mine.group(1).lower()}"), user_form
    # a word not understood ("Eldest Tove. Welder. Narvik.") does not end the list about her
    fragment = about is not None and re.fullmatch(r"[A-Z][\w'-]*(?: [\w'-]+)?[.!?]*", sentence)
    return sentence, about if fragment else None, user_form


def _introduction(text: str) -> tuple[str, bool]:
    """ "Oskar. 63. Narvik." opening a message: a name, an age and a town, the way a terse
    writer introduces themselves; and whether it did."""
    match = _INTRO_RE.match(text)
    if match is None or _is_relation(match.group(2).split()[0]) or not match.group(2)[:1].isupper():
        return text, False
    if text[match.end(3):match.end(3) + 1] == "," and any(
            form_kind(w) == "3s" for w in re.findall(r"[a-z]+", text[match.end(3):].split(".")[0])):
        return text, False  # "Oskar, 45, lives in Narvik": someone else, said of them
    name, age, place = match.group(2), match.group(3), match.group(4)
    said = f"My name is {name}. I am {age}." + (f" I live in {place}." if place else "")
    rest = text[match.end():].strip()
    job = _INTRO_JOB_RE.match(rest) if not place else None
    if job and _job_like(job.group(1).split()):
        said += f" I am a {job.group(1)}."
        rest = rest[job.end():].lstrip(" .,;-")
    return f"{said} {rest}".strip(), True


def _profile(sentence: str) -> tuple[str, About | None, bool] | None:
    """ "Me: Oskar, 34, glazier - boats." / "Mum: 71, Narvik." / "Partner: Mira - works
    nights (potter)" written out, item by item: a name first, an age, a town, one job, what
    they do; None when it is not such a list (one plain value is :func:`_relation`'s)."""
    match = _PROFILE_RE.match(sentence)
    if match is None:
        return None
    user, rel, name = match.group(1) is not None, (match.group(2) or "").lower(), match.group(3)
    if not user and not _is_relation(rel) or user and name:
        return None
    body = match.group(4)
    # "(potter)": a job in brackets is said of them; other asides are left out
    asides = [a.strip() for a in re.findall(r"\(([^)]*)\)", body)]
    items = [i.strip() for i in re.split(r"[,;]|\s[-\u2013\u2014]\s",
                                         re.sub(r"\([^)]*\)", "", body))]
    items = [i for i in items if i] + [a for a in asides if _job_like(a.split())
                                       and len(a.split()) <= 2 and a[:1].islower()]
    who = "My name is" if user else f"My {rel} is called"
    be, live = ("I am", "I live in") if user else (f"My {rel} is", f"My {rel} lives in")
    said = [f"{who} {name}."] if name else []
    single = False  # a value that stands alone ("Mum: now in Narvik", "Me: glazier now")
    job = False
    for i, item in enumerate(items):
        now = " now" if re.search(r"^now\b|\bnow$", item) else ""
        item = re.sub(r"^now\s+|\s+now$", "", item)
        words = item.split()
        place = re.fullmatch(r"(?:(?:living|based) )?in ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)", item)
        if re.fullmatch(r"\d{1,3}(?: (?:weeks|months|years)(?: old)?)?", item):
            said.append(f"{be} {item}{' old' if ' ' in item and 'old' not in item else ''}.")
        elif is_town(item) or place:  # "in Narvik" after a label is where they are
            said.append(f"{live} {place.group(1) if place else item}{now}.")
            single = single or bool(place)
        elif not user and words and form_kind(words[0].lower()) == "3s" and item[:1].islower():
            said.append(f"My {rel} {item}.")  # "works nights at the hospital"
            single = True
        elif words and item[:1].islower() and len(words) <= 3 and _job_like(words) \
                and not job:  # one job each: "retired potter, dodgy knee" has no second
            article = "" if words[0].lower() in ("a", "an") else _article(words[0])
            said.append(f"{be} {article}{item}{now}.")
            single, job = single or user, True
        elif i == 0 and not name and _NAME_FIELD_VALUE_RE.match(item):
            said.append(f"{who} {item}.")  # "Dog: Zuzu, ...": a name, dictionary word or not
    if len(said) < (1 if single else 2):
        return None
    about = None if user else About(f"My {rel}", named=True)
    return " ".join(said), about, user


def _article(word: str) -> str:
    return "an " if word[:1].lower() in "aeiou" else "a "


def _job_like(words: list[str]) -> bool:
    """A short lowercase item in a profile list names what someone does ("glazier",
    "survey skipper"), unless it is a known non-job ("vegetarian", "allergic")."""
    last = words[-1].lower()
    return is_job_noun(last) or (all(w.replace("-", "").isalpha() for w in words)
                                 and last not in NON_JOB_NOUNS and last not in DIETS
                                 and not form_kind(last) and not is_town(last))


def _field(sentence: str) -> str | None:
    """ "Name: Oskar Vik." / "Age 56" / "From - Narvik" written out, else None."""
    match = _FIELD_RE.match(sentence)
    if match is None:
        return None
    label, value, stop = match.group(1).lower(), match.group(2).strip(), match.group(3) or "."
    if label == "name":
        return f"My name is {value}{stop}" if _NAME_FIELD_VALUE_RE.match(value) else None
    if label == "age":
        return f"I am {value}{stop}" if re.fullmatch(r"\d{1,3}", value) else None
    if label in ("job", "work", "occupation"):
        last = value.split()[-1].lower()
        article = "" if value.lower().startswith(("a ", "an ")) else "a "
        return f"I am {article}{value}{stop}" if is_job_noun(last) else f"I work in {value}{stop}"
    if label == "from":
        return f"I am from {value}{stop}"
    if label in ("home", "location", "based"):
        return f"I live in {value}{stop}"
    if value.split()[0].lower() in NUMBER_WORDS or value.split()[0].isdigit():
        return f"I have {value} children{stop}" if len(value.split()) == 1 else None
    return f"My children are {value}{stop}"


def _is_relation(word: str) -> bool:
    low = word.lower()
    return low in RELATIONS or low in _RANKED


def _relation(sentence: str) -> tuple[str, About, bool] | None:
    """ "Wife - Mira." / "Dog's a collie." / "Eldest Tove." with the "my" a form leaves
    out, else None."""
    match = _RELATION_RE.match(sentence)
    if match and _is_relation(match.group(1)):
        rel, value, stop = match.group(1).lower(), match.group(2).strip(), match.group(3) or "."
        about = f"My {rel}"
        if _NAME_RE.match(value):
            return f"{about} is called {value}{stop}", About(about, named=True), False
        return f"{about} is {value}{stop}", About(about), False
    match = _RELATION_IS_RE.match(sentence)
    if match and _is_relation(match.group(1)) and sentence[:1].isupper():
        about = f"My {match.group(1).lower()}"
        return f"{about} is {match.group(2)}", About(about), False
    match = _RELATION_NAME_RE.match(sentence)
    if match and _is_relation(match.group(1)) and match.group(2).lower() not in RELATIONS \
            and match.group(2)[:1].isupper():  # "Puppy question.": no name
        about, stop = f"My {match.group(1).lower()}", match.group(4) or "."
        age = f" {about} is {match.group(3)}{stop}" if match.group(3) else ""
        return f"{about} is called {match.group(2)}{stop}{age}", About(about, named=True), False
    match = _RELATION_SAYS_RE.match(sentence)
    if match and _is_relation(match.group(1)) and match.group(1).lower() not in _RANKED:
        about = f"My {match.group(1).lower()}"
        return f"{about} {sentence[match.end():]}", About(about), False
    return None


def _count(sentence: str) -> str | None:
    """ "Three kids." / "Two dogs, both rescues." -> "I have three kids."."""
    match = _COUNT_RE.match(sentence)
    if match is None:
        return None
    count, noun = match.group(1), match.group(2)
    if not (count.lower() in NUMBER_WORDS or count.isdigit()) or count.lower() == "one":
        return None
    if singular(noun) == noun.lower() or singular(noun) not in RELATIONS:
        return None
    return f"I have {count.lower()} {noun}{match.group(3) or '.'}"


def _continued(sentence: str, who: About) -> str | None:
    """A fragment after a sentence about someone else, said of them: "Teacher." ->
    "My wife is a teacher.", "Army, based up the coast." -> "My son is in the army.",
    "Zuzu." -> "My dog is called Zuzu."."""
    about = who.phrase
    head = sentence.split(",")[0].rstrip(".!? ")
    words = head.split()
    if not words or len(words) > 3 or not all(w.isalpha() or "-" in w for w in words):
        return None
    if len(words) == 1 and words[0].lower() in _SERVICES:
        return f"{about} is in the {words[0].lower()}."
    if is_job_noun(words[-1].lower()) and words[0][:1].isupper():
        return f"{about} is a {head[:1].lower()}{head[1:]}."
    if (name := _NAME_RE.match(sentence)) and len(words) <= 2:
        if not who.named:
            return f"{about} is called {name.group(1)}{name.group(2) or '.'}"
        # once named, a town alone is where they are ("Eldest Tove. Narvik.")
        if is_town(name.group(1)):
            return f"{about} lives in {name.group(1)}{name.group(2) or '.'}"
    return None


_THANKS = frozenset("thanks thank thx ta cheers".split())


def _own(sentence: str) -> str | None:
    """A fragment about no one else, said of the user: "Linesman, thirty years." ->
    "I am a linesman, thirty years.", "Retired now." -> "I am retired now."."""
    head = sentence.split(",")[0].rstrip(".!? ")
    words = head.split()
    if not words or len(words) > (3 if words[0].lower() == "retired" else 2) \
            or not sentence[:1].isupper() or not all(w.isalpha() for w in words):
        return None
    if words[0].lower() == "retired" and len(words) <= 3:
        return f"I am {sentence[:1].lower()}{sentence[1:]}"
    # "Linesman, thirty years.": with a detail after a comma, not a one-word reply, and
    # not a word of thanks ("Kelpish, thanks!": how the answer was, not a job)
    after = sentence.partition(",")[2].split()
    breed = is_breed_word(words[-1].lower())
    thanks = bool(after) and after[0].lower().strip("!.") in _THANKS
    if is_job_noun(words[-1].lower()) and "," in sentence and not is_town(words[-1]) \
            and not breed and not thanks:
        return f"I am a {sentence[:1].lower()}{sentence[1:]}"
    return None
