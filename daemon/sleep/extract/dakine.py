"""The creole English of the mid-Pacific state ("da kine" English) -> the English the
clause rules read.

    from daemon.sleep.extract.dakine import dakine_as_english
    dakine_as_english("howzit, my tutu stay living in Narvik, she 90. I wen buy one truck")
    # "howzit, my grandma is living in Narvik, she is 90. I bought a truck"

Its speakers write "da" (the), "dis"/"dat" (this, that), "fo" (for), "an" (and), "wit"
(with), "one" as the article ("she one teacher"), "stay" as the verb be ("she stay sick",
"he stay living in X"), "wen" before a verb for its past ("I wen buy"), "no" before a verb
for "don't" ("I no drink"), "no can" (can't), "get one" (there is a), a town alone after
"stay" ("she no stay Narvik already": she is not in Narvik any more), "up X side" (in X),
and leave out "is" ("she 90", "her name Vera", "he one nurse", "Oskar da boss").
"tutu" is a grandparent. Each is put in standard English, only where the user's messages
hold at least three marker words typed in lowercase.
:func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .lexicon import FUNCTION_WORDS
from .textnorm import writes_so
from .verbs import be_for, form_kind, past

_MARKERS = frozenset("brah da dis dat fo wen pau bumbye howzit kine stay mahalo shoots ova "
                     "dea befo neva tink".split())
_WORDS = {"da": "the", "dis": "this", "dat": "that", "dem": "them", "dey": "they",
          "den": "then", "fo": "for", "an": "and", "wit": "with", "ova": "over",
          "dea": "there", "hea": "here", "befo": "before", "neva": "never", "tink": "think",
          "um": "them",
          "mo": "more", "everyting": "everything", "anyting": "anything", "someting":
          "something", "bradda": "brother", "braddah": "brother", "sista": "sister",
          "tutu": "grandma", "ohana": "family", "kine": "kind", "fren": "friend"}
_WORDS_RE = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
_FILLER_RE = re.compile(r"(,\s*)?\b(?:brah|da kine|shoots|ho|howzit)\b,?\s*", re.I)
_SUBJECT = (r"(I|[Hh]e|[Ss]he|[Ww]e|[Tt]hey|[Ii]t|[Tt]utu|[Mm]y \w+(?: [A-Z]\w+)?|"
            r"[A-Z][a-z]+(?: [A-Z][a-z]+)?)")
# "me an my wife stay": the two of them
_WE_TWO_RE = re.compile(r"\b(?:me|I) an(?:d)? (my \w+) stay\b", re.I)
# "wen buy" -> "bought"; "wen born" -> "was born"
_WEN_RE = re.compile(r"\bwen (\w+)\b", re.I)
# "she no stay Narvik already": not in the town any more
_NOT_THERE_RE = re.compile(rf"\b{_SUBJECT} no stay ([A-Z]\w+)(?: already| anymore)?\b")
# "she stay sick", "he stay living in X": the verb be
_STAY_RE = re.compile(rf"\b{_SUBJECT} (no )?(?:(still|always|just|now) )?stay "
                      r"(?=\w+ing\b|(?!in\b|at\b|with\b|home\b)[a-z]+\b)")
# "she 90", "her name Vera", "he one nurse", "Oskar da boss": "is" left out
_NO_BE_RE = re.compile(rf"\b{_SUBJECT} (?=(?:only |just |still )?(?:\d{{1,3}}\b|one \w|da \w|"
                       r"my \w|from\b|turning \d))")
_HE_WHOSE_RE = re.compile(r"\b([Hh]e|[Ss]he) (?=(?:[A-Z]\w+ )?[A-Z]\w+'s\b)")  # "he Oskar's son"
_NAME_RE = re.compile(r"\b([Hh]is|[Hh]er|[Mm]y) name (?=[A-Z])")
# "I no drink", "tutu no like": don't
_NO_VERB_RE = re.compile(rf"\b{_SUBJECT} no (?!stay\b|can\b)(?=(\w+))")
# "one old truck": the article, where no count is meant
_ONE_RE = re.compile(r"\b(\w+ )?one (?!of\b|more\b|or\b|and\b|day\b|time\b|year\b|week\b|by\b)"
                     r"(?=[a-z])")
# "dat one", "every one": a pronoun, no article
_ONE_STAYS = frozenset("dat dis that this the every each no which any some da".split())
# "wen move Narvik", "move Tromso": to the town
_MOVE_RE = re.compile(r"\b(move|moved|moving|moves) (?=[A-Z][a-z])")
_SIDE_RE = re.compile(r"\b(?:up|down|ova|over|out|dis|da) ([A-Z]\w+) side\b")
# "no like sit long", "I like take care": "like" before a verb is "like to"
_LIKE_RE = re.compile(r"\blike (?=(\w+))")
_GET_ONE_RE = re.compile(r"(^|[.!?]\s+|\balso )get (?=one\b)", re.I | re.M)


def is_dakine(text: str) -> bool:
    return writes_so(text, _MARKERS)


def _be(subject: str, negated: bool = False) -> str:
    verb = be_for(subject)
    return f"{subject} {verb}{' not' if negated else ''}"


def dakine_as_english(text: str, context: str = "") -> str:
    """``text`` in standard English (see the module docstring); ``context``: all the user's
    messages, which say whether they write so."""
    if not is_dakine(context or text):
        return text
    text = _FILLER_RE.sub(lambda m: ", " if m.group(1) else " ", text)
    text = _WE_TWO_RE.sub(r"\1 and I are", text)
    text = _SIDE_RE.sub(r"in \1", text)
    text = _GET_ONE_RE.sub(r"\1there is ", text)
    text = _NOT_THERE_RE.sub(lambda m: f"{_be(m.group(1), True)} in {m.group(2)} any more", text)
    text = _STAY_RE.sub(lambda m: " ".join(filter(None, (_be(m.group(1), bool(m.group(2))),
                                                         m.group(3)))) + " ", text)
    text = _MOVE_RE.sub(r"\1 to ", _WEN_RE.sub(_wen, text))
    text = re.sub(r"\bno can\b", "can't", text, flags=re.I)
    text = _NO_VERB_RE.sub(_dont, text)
    text = _LIKE_RE.sub(lambda m: "like to " if form_kind(m.group(1)) == "base"
                        and m.group(1).lower() not in FUNCTION_WORDS else m.group(0), text)
    text = _NAME_RE.sub(r"\1 name is ", text)
    text = _NO_BE_RE.sub(lambda m: _be(m.group(1)) + " ", _HE_WHOSE_RE.sub(r"\1 is ", text))
    text = _ONE_RE.sub(lambda m: m.group(0) if (m.group(1) or "").strip().lower() in _ONE_STAYS
                       else f"{m.group(1) or ''}a ", text)
    text = _WORDS_RE.sub(lambda m: _WORDS[m.group(1).lower()], text)
    return re.sub(r"\ba (?=[aeiou])", "an ", text)


def _wen(match: re.Match[str]) -> str:
    verb = match.group(1).lower()
    if verb == "born":
        return "was born"
    return past(verb) if form_kind(verb) in ("", "base") and verb not in FUNCTION_WORDS \
        else match.group(0)


def _dont(match: re.Match[str]) -> str:
    subject, verb = match.group(1), match.group(2).lower()
    if verb in FUNCTION_WORDS or form_kind(verb) not in ("", "base"):
        return match.group(0)
    plural = subject.lower() in ("i", "we", "they", "you")
    return f"{subject} {'don' if plural else 'doesn'}'t "
