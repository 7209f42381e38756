"""Naija (the Pidgin English of Nigeria) -> the English the clause rules read.

    from daemon.sleep.extract.naija import naija_as_english
    naija_as_english("My name na Vera, I be 34, I dey live for Narvik. My broda dey drive taxi")
    # "My name is Vera, I am 34, I live in Narvik. My brother drives taxi"

Its speakers write "na" and "be" for "is" ("my name na Vera", "I be 34", "X na him be my
boyfriend"), "dey" before a verb for what goes on ("I dey live for Narvik"), "for" for
"in"/"at" before a place, "don" for what has happened ("she don born": given birth),
"im"/"him" for "he"/"his", "get" for "have", "move go X" for "moved to X", "No be 34, na
35" for a number put right, and "abeg", "o", "sef", "jare" that carry no fact. Each is
put in English, only where the user's messages hold at least three marker words typed in
lowercase. :func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .textnorm import writes_so
from .verbs import form_kind, lemma_of, participle, third_person

_MARKERS = frozenset("abeg dey na don wetin sabi wahala pikin broda sista jare sef".split())
_WORDS = {"broda": "brother", "sista": "sister", "pikin": "child", "wetin": "what",
          "sabi": "know", "chop": "eat"}
_WORDS_RE = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
_FILLER_RE = re.compile(r"(?:,\s*)?\b(?:abeg|sef|jare|ehen)\b,?|(?<=\w) o\b(?=\s*[,.!?])", re.I)
# "No be 34 o, na 35": 35, not 34
_NOT_BUT_RE = re.compile(r"\bno be (\d{1,3}),? na (\d{1,3})\b", re.I)
_SUBJECT = r"(I|[Hh]e|[Ss]he|[Ii]m|[Hh]im|[Ww]e|[Tt]hey|[Mm]y \w+(?: [A-Z]\w+)?|[A-Z][a-z]+)"
_NA_HIM_RE = re.compile(r"\b([A-Z][a-z]+) na him be\b")  # "Oskar na him be my boyfriend"
_BE_RE = re.compile(rf"\b{_SUBJECT} (?:be|na)(?= (?:a |an |only |just )?\w)")
_DEY_RE = re.compile(rf"\b{_SUBJECT} dey (\w+)\b")
_DON_RE = re.compile(rf"\b{_SUBJECT} don (\w+)\b")
_PLACE_FOR_RE = re.compile(r"\b(live|lives|living|work|works|working|shop|sell|sells|stay|"
                           r"stays) (?:for|inside) (?=(?:[A-Z]|the |a ))")
_FOR_PLACE_RE = re.compile(r"\bfor (?=[A-Z][a-z]+\b)")
_MOVE_GO_RE = re.compile(r"\bmove go (?=[A-Z])")
_GET_RE = re.compile(r"\b(I|[Ww]e|[Tt]hey) get (?=(?:my|our|one|a|an|\d)\b)")
_HE = {"im": "he", "him": "he", "Im": "He", "Him": "He"}


def is_naija(text: str) -> bool:
    return writes_so(text, _MARKERS)


def naija_as_english(text: str, context: str = "") -> str:
    """``text`` in standard English (see the module docstring); ``context``: all the user's
    messages, which say whether they write so."""
    if not is_naija(context or text):
        return text
    text = _FILLER_RE.sub("", text)
    text = _NOT_BUT_RE.sub(r"it's \2, not \1", text)
    text = _NA_HIM_RE.sub(r"\1 is", text)
    text = re.sub(r"\b([Ii]m|[Hh]im) (name|papa|mama|birthday|wife|shop)\b",
                  lambda m: f"{'H' if m.group(1)[0].isupper() else 'h'}is {m.group(2)}", text)
    text = _BE_RE.sub(lambda m: f"{_he(m.group(1))} {_be(m.group(1))}", text)
    text = _DEY_RE.sub(lambda m: f"{_he(m.group(1))} {_present(m.group(1), m.group(2))}", text)
    text = _DON_RE.sub(lambda m: f"{_he(m.group(1))} {_done(m.group(1), m.group(2))}", text)
    text = _MOVE_GO_RE.sub("moved to ", text)
    text = _PLACE_FOR_RE.sub(r"\1 in ", text)
    text = _FOR_PLACE_RE.sub("in ", _GET_RE.sub(r"\1 have ", text))
    return _WORDS_RE.sub(lambda m: _WORDS[m.group(1).lower()], text)


def _he(subject: str) -> str:
    return _HE.get(subject, subject)


def _be(subject: str) -> str:
    low = _he(subject).lower()
    return "am" if low == "i" else "are" if low in ("we", "they") else "is"


def _present(subject: str, verb: str) -> str:
    """ "she dey work" -> "she works"; "I dey live" -> "I live"."""
    if form_kind(verb) not in ("", "base"):
        return f"dey {verb}"
    plural = _he(subject).lower() in ("i", "we", "they")
    return verb if plural else third_person(verb)


def _done(subject: str, verb: str) -> str:
    """ "don retire" -> "has retired"; "don born" -> "has given birth"."""
    if verb.lower() == "born":
        return "has given birth" if _he(subject).lower() not in ("i", "we", "they") \
            else "have given birth"
    if form_kind(verb) not in ("", "base"):
        return f"don {verb}"
    have = "have" if _he(subject).lower() in ("i", "we", "they") else "has"
    return f"{have} {participle(lemma_of(verb))}"
