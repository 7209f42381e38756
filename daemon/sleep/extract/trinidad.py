"""Trinidad and Tobago English -> the English the clause rules read.

    from daemon.sleep.extract.trinidad import trini_as_english
    trini_as_english("Mih tanty Vera real vex, she 86 and she from Narvik, I doh eat beef")
    # "My aunt Vera real vex, she is 86 and she is from Narvik, I don't eat beef"

Trinidadians write "mih" (my, me), "allyuh" (you all), "doh" (don't), "cyah" (can't),
"ent" (isn't, didn't), "tanty" (aunt), "I does run" (a habit: I run), "he wife" and
"invite she" (his wife, invite her), "I go try" (I will try) and leave out "is" ("she
86", "he from X", "I not pregnant"). Each is put in standard English. This happens only
where the user's messages hold at least three marker words typed in lowercase.
:func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .lexicon import ANIMALS, FUNCTION_WORDS, RELATIONS
from .textnorm import writes_so
from .verbs import form_kind

_MARKERS = frozenset("mih allyuh doh cyah ent tanty wha yuh nah eh lil ting gimme vex".split())
_WORDS = {"allyuh": "you all", "doh": "don't", "cyah": "can't", "tanty": "aunt",
          "lil": "little", "ting": "thing", "gimme": "give me"}
_WORDS_RE = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
# "mih" before a noun is "my", elsewhere "me"
_MIH_RE = re.compile(r"\b([Mm])ih\b(?= (\w+))")
# "he wife", "she cake", "invite she": a pronoun where English has "his", "her"
_HIS_RE = re.compile(r"\b([Hh]e|[Ss]he) (?=(\w+))")
_HABIT_RE = re.compile(r"\b(I|[Hh]e|[Ss]he|we|they|you) does (?:be )?(?=\w)")
_WILL_RE = re.compile(r"\bI go (?=\w+\b)")
# "she 86", "he from X", "I not pregnant", "he only 19": "is" left out
_NO_BE_RE = re.compile(r"\b(I|[Hh]e|[Ss]he) (?=(?:only |just |not |real )?(?:\d{1,3}\b|from\b|"
                       r"not\b|real\b|a\b|an\b))")
_FILLER_RE = re.compile(r",? \b(?:eh|nah|oh gosh)\b(?=\s*[,.!?]|$)", re.I)


def is_trini(text: str) -> bool:
    return writes_so(text, _MARKERS)


def trini_as_english(text: str, context: str = "") -> str:
    """``text`` in standard English (see the module docstring); ``context``: all the user's
    messages, which say whether they write so."""
    if not is_trini(context or text):
        return text
    text = _MIH_RE.sub(lambda m: f"{m.group(1)}y" if _is_noun(m.group(2)) else f"{m.group(1)}e",
                       text)
    text = _HIS_RE.sub(_his, text)
    text = _HABIT_RE.sub(r"\1 ", _WILL_RE.sub("I will ", text))
    text = _NO_BE_RE.sub(lambda m: f"{m.group(1)} {'am' if m.group(1) == 'I' else 'is'} ", text)
    text = _WORDS_RE.sub(lambda m: _WORDS[m.group(1).lower()], text)
    text = re.sub(r"\bI is\b", "I am", text)
    return _FILLER_RE.sub("", text)


def _is_noun(word: str) -> bool:
    """Whether ``word`` after "mih" is what is owned: no verb form, no function word."""
    low = word.lower()
    return low in RELATIONS or low in ANIMALS or low == "name" or (
        not form_kind(low) and low not in FUNCTION_WORDS and not low.endswith("ly"))


def _his(match: re.Match[str]) -> str:
    """ "he wife" -> "his wife": before a relation or an animal, where no verb stands."""
    word = match.group(2).lower()
    if word not in RELATIONS and word not in ANIMALS:
        return match.group(0)
    return {"he": "his ", "He": "His ", "she": "her ", "She": "Her "}[match.group(1)]
