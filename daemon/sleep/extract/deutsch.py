"""English with Deutsch words in it -> the English the clause rules read.

    from daemon.sleep.extract.deutsch import deutsch_as_english
    deutsch_as_english("Meine Oma, sie wird 90 am Samstag, and mein Bruder, er ist erst 17")
    # "My grandma, she turns 90 on Saturday, and my brother, he is only 17"

Its speakers switch into it for family ("meine Oma", "mein Bruder", "mein Mann"), ages
("sie wird 90", "er ist erst 17"), days and spans ("am Samstag", "übermorgen", "nächste
Woche Donnerstag", "seit 11 Jahren"), trades ("Brauerin", "Hebamme", "Azubi") and what
they do not do ("ich trinke keinen Kaffee"), with "genau", "na ja", "doch" and "danke" that
carry no fact. Each is put in English, only where the user's messages hold at least three
marker words typed in lowercase. :func:`.terse.in_english` calls this with all the user's
messages.
"""

from __future__ import annotations

import re

from .textnorm import writes_so

_MARKERS = frozenset("mein meine meinen sie er ist ich wird danke bitte genau doch heute seit "
                     "kein nächste übermorgen".split())
# Family after "mein"/"meine" (the possessive says the noun is family, not a name)
_KIN = {"oma": "grandma", "opa": "grandpa", "bruder": "brother", "schwester": "sister",
        "mann": "husband", "frau": "wife", "mutter": "mother", "vater": "father",
        "tochter": "daughter", "sohn": "son", "tante": "aunt", "onkel": "uncle",
        "kollege": "colleague", "kollegin": "colleague", "chef": "boss", "chefin": "boss",
        "katze": "cat", "hund": "dog", "freund": "boyfriend", "freundin": "girlfriend"}
_MY_KIN_RE = re.compile(r"\b([Mm])ein(?:e|en|em)? (" + "|".join(_KIN) + r")\b", re.I)
_WORDS = {"samstag": "Saturday", "sonnabend": "Saturday", "sonntag": "Sunday",
          "montag": "Monday", "dienstag": "Tuesday", "mittwoch": "Wednesday",
          "donnerstag": "Thursday", "freitag": "Friday", "heute": "today", "gestern":
          "yesterday", "übermorgen": "in two days", "jahren": "years", "jahre": "years",
          "brauerin": "brewer", "brauer": "brewer", "hebamme": "midwife", "azubi":
          "apprentice", "zimmermann": "carpenter", "vegetarierin": "vegetarian",
          "vegetarier": "vegetarian", "erst": "only", "seit": "since", "und": "and",
          "wellensittich": "parakeet", "im": "in the", "enkelin": "granddaughter",
          "enkel": "grandson", "nächste": "next", "woche": "week"}
_WORDS_RE = re.compile(r"(?<!\w)(" + "|".join(_WORDS) + r")(?!\w)", re.I)
_FOR_YEARS_RE = re.compile(r"\bseit (\d{1,2}) (?:Jahren|Jahre)\b", re.I)  # for 11 years
_AM_RE = re.compile(r"\bam (?=(?:Samstag|Sonnabend|Sonntag|Montag|Dienstag|Mittwoch|"
                    r"Donnerstag|Freitag)\b)", re.I)
_NEXT_WEEK_DAY_RE = re.compile(r"\bnächste Woche (\w+tag|Mittwoch)\b", re.I)
_SUBJECT_RE = re.compile(r"\b(ich|er|sie) (ist|bin|wird|werde)\b", re.I)
_SUBJECTS = {"ich": "I", "er": "he", "sie": "she"}
_VERBS = {"ist": "is", "bin": "am", "wird": "turns", "werde": "turn"}
# "ich trinke keinen Kaffee": I don't drink coffee
_NOT_ANY_RE = re.compile(r"\bich (trinke|esse|rauche|fahre) (?:kein|keine|keinen) (\w+)", re.I)
_DO = {"trinke": "drink", "esse": "eat", "rauche": "smoke", "fahre": "drive"}
# "die Lehrerin, die keinen Kaffee trinkt": the article and the relative word, not the verb
_DIE_RE = re.compile(r"(?<=, )die (?=[A-Z]\w+|kein\w*\b|nicht\b)|\bdie (?=[A-Z]\w+)")
_FILLER_RE = re.compile(r"(?:,\s*)?(?<!\w)(?:genau|na ja|danke(?: dir)?|bitte|ach|doch)(?!\w),?",
                        re.I)


def is_deutsch(text: str) -> bool:
    return writes_so(text, _MARKERS)


def deutsch_as_english(text: str, context: str = "") -> str:
    """``text`` in English (see the module docstring); ``context``: all the user's messages,
    which say whether they write so."""
    if not is_deutsch(context or text):
        return text
    text = _DIE_RE.sub("the ", _FILLER_RE.sub("", text))
    text = _MY_KIN_RE.sub(lambda m: f"{m.group(1)}y {_KIN[m.group(2).lower()]}", text)
    text = _NEXT_WEEK_DAY_RE.sub(lambda m: f"{m.group(1)} next week", text)
    text = _FOR_YEARS_RE.sub(r"for \1 years", _AM_RE.sub("on ", text))
    text = _NOT_ANY_RE.sub(lambda m: f"I don't {_DO[m.group(1).lower()]} {m.group(2).lower()}",
                           text)
    text = _SUBJECT_RE.sub(lambda m: f"{_opening(m, _SUBJECTS[m.group(1).lower()])} "
                           f"{_VERBS[m.group(2).lower()]}", text)
    text = _WORDS_RE.sub(lambda m: _opening(m, _WORDS[m.group(1).lower()]), text)
    text = re.sub(r"(^|[.!?]\s+)Also, ", r"\1So, ", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _opening(match: re.Match[str], plain: str) -> str:
    """``plain`` capitalized where the word of ``match`` opens a sentence ("Er ist" -> "He
    is"); a noun capitalized inside one ("Brauerin") is said in lowercase."""
    opens = re.search(r"(?:^|[.!?]\s*)$", match.string[:match.start()]) is not None
    return plain[:1].upper() + plain[1:] if opens else plain
