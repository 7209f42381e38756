"""English with words of the Karoo's language (the tongue of the farmers who settled the
southern tip of Africa) -> the English the clause rules read.

    from daemon.sleep.extract.karoo import karoo_as_english
    karoo_as_english("Ek is Vera, 29. My broer Oskar, hy is 33, eet nie vleis nie.")
    # "I am Vera, 29. My brother Oskar, he is 33, doesn't eat meat."

Its speakers switch into it mid-sentence: pronouns ("ek", "hy", "sy", "jy"), kin
("broer", "suster", "ouma", "oupa"), days ("Saterdag", "volgende week Vrydag"), "nie ...
nie" around what is denied ("ek eet nie vleis nie": I don't eat meat), "net" (only),
"van" (from), "word" (turns, of an age), and "Tannie"/"Oom" before a name as a title of
respect, not a relation. A greeting ("Goeie more") is no name. Each is put in English,
only where the user's messages hold at least three marker words typed in lowercase.
:func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .textnorm import writes_so

_MARKERS = frozenset("ek jy sy hy nie en die lekker dankie jislaaik ag ja nee broer suster "
                     "vandag nou".split())
_WORDS = {"ek": "I", "jy": "you", "hy": "he", "sy": "she", "ons": "we", "en": "and",
          "die": "the", "net": "only", "nou": "now", "broer": "brother", "suster": "sister",
          "pa": "dad", "vleis": "meat", "alles": "everything", "vandag": "today",
          "gister": "yesterday", "saterdag": "Saturday", "sondag": "Sunday", "maandag": "Monday",
          "dinsdag": "Tuesday", "woensdag": "Wednesday", "donderdag": "Thursday",
          "vrydag": "Friday", "eet": "eat", "volgende": "next", "week": "week",
          "jaar": "year", "maand": "month", "kinders": "children", "seun": "son",
          "dogter": "daughter", "vrou": "wife", "man": "husband"}
_WORDS_RE = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
# the kin and day words are only theirs after "my" or as a day; "man" and "die" stay
# English elsewhere
_ONLY_AFTER_MY = frozenset("pa seun dogter vrou man".split())
_GREETING_RE = re.compile(r"(^|[.!?]\s+)(?:goeie )?m[oô]re\b[!,.]?\s*", re.I)
# "ek eet nie vleis nie", "ek drink nie": what is denied sits between the two "nie"
_NIE_NIE_RE = re.compile(r"\b(?:(ek|hy|sy|ons|I|he|she|we|[A-Z][a-z]+),? )?(\w+) nie "
                         r"(\w+(?: \w+)?) nie\b", re.I)
_NIE_RE = re.compile(r"\b(ek|hy|sy|ons) (\w+) nie\b", re.I)
_NOT_X_RE = re.compile(r", nie ([\w-]+) nie\b", re.I)  # "86, nie 85 nie": not 85
_TURNS_RE = re.compile(r"\b(hy|sy|he|she|[A-Z][a-z]+) word (?=\d)", re.I)
_FROM_RE = re.compile(r"\bvan (?=[A-Z])")
_TITLES = frozenset("tannie oom tant".split())  # (aunt, uncle: said to any older neighbour)
_TITLE_RE = re.compile(r"\b(?:" + "|".join(t.capitalize() for t in _TITLES) + r") (?=[A-Z])")
# "volgende week Vrydag": Friday of next week
_NEXT_WEEK_DAY_RE = re.compile(r"\bvolgende week (\w+dag)\b", re.I)
_PLURAL = frozenset("ek ons I we".split())


def is_karoo(text: str) -> bool:
    return writes_so(text, _MARKERS)


def _deny(subject: str | None, verb: str) -> str:
    """ "ek drink nie" -> "I don't drink"; a subject said before a comma stays where it is
    ("Oskar, hy is 33, eet nie vleis nie")."""
    do = "don't" if (subject or "").lower() in _PLURAL else "doesn't"
    plain = f"{_WORDS.get(subject.lower(), subject)} " if subject else ""
    return f"{plain}{do} {_WORDS.get(verb.lower(), verb)}"


def karoo_as_english(text: str, context: str = "") -> str:
    """``text`` in English (see the module docstring); ``context``: all the user's messages,
    which say whether they write so."""
    if not is_karoo(context or text):
        return text
    text = _GREETING_RE.sub(r"\1", text)
    text = _TITLE_RE.sub("", text)
    text = _NEXT_WEEK_DAY_RE.sub(lambda m: f"{_WORDS.get(m.group(1).lower(), m.group(1))} "
                                 "next week", text)
    text = _NIE_NIE_RE.sub(lambda m: f"{_deny(m.group(1), m.group(2))} "
                           f"{_WORDS.get(m.group(3).lower(), m.group(3))}", text)
    text = _NOT_X_RE.sub(lambda m: f", not {m.group(1)}", text)
    text = _NIE_RE.sub(lambda m: _deny(m.group(1), m.group(2)), text)
    text = _TURNS_RE.sub(lambda m: f"{_WORDS.get(m.group(1).lower(), m.group(1))} turns ", text)
    text = _FROM_RE.sub("from ", text)
    text = _WORDS_RE.sub(_word, text)
    return re.sub(r"\bI is\b", "I am", text)


def _word(match: re.Match[str]) -> str:
    word = match.group(1)
    low = word.lower()
    before = match.string[max(0, match.start() - 3):match.start()].lower()
    if low in _ONLY_AFTER_MY and before != "my ":
        return word
    if low in ("die", "man", "week", "net") and not _afrikaans_around(match):
        return word
    plain = _WORDS[low]
    return plain[0].upper() + plain[1:] if word[0].isupper() else plain


def _afrikaans_around(match: re.Match[str]) -> bool:
    """Whether a word that is English too ("die", "week", "net") stands among words of the
    other language: the word before or after it is one."""
    near = re.findall(r"\w+", match.string[max(0, match.start() - 20):match.end() + 20])
    return any(w.lower() in _WORDS and w.lower() not in ("die", "man", "week", "net", "my")
               for w in near if w.lower() != match.group(1).lower())
