"""English with the family words of hangul (the script of Seoul and Busan) in it -> the
English the clause rules read.

    from daemon.sleep.extract.hangul import hangul_as_english
    hangul_as_english("aigoo my halmeoni is 88 and my oppa Oskar lives in Narvik")
    # "my grandma is 88 and my older brother Oskar lives in Narvik"

Its speakers, the children of families from Seoul or Busan above all, keep the words of home
inside English ("my umma", "my appa", "my halmeoni", "my oppa", "my unnie", "my imo", "my
samchon", "my dongsaeng") with a few words of feeling ("aigoo", "jinjja", "gomawo") that
carry no fact, and give an age "in international age" where home reckoning differs. Each is
put in English, only where the user's messages hold at least three marker words typed in
lowercase. :func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("umma eomma appa halmeoni harabeoji oppa hyung unnie eonni noona imo "
                     "gomo samchon dongsaeng aigoo jinjja gomawo".split())
_KIN = {"umma": "mum", "eomma": "mum", "appa": "dad", "halmeoni": "grandma",
        "harabeoji": "grandpa", "oppa": "older brother", "hyung": "older brother",
        "unnie": "older sister", "eonni": "older sister", "noona": "older sister",
        "imo": "aunt", "gomo": "aunt", "samchon": "uncle", "dongsaeng": "younger brother"}
_KIN_RE = re.compile(r"\b(" + "|".join(_KIN) + r")\b", re.I)
_FILLER_RE = re.compile(r"(?:,\s*)?\b(?:aigoo|jinjja|gomawo|omo|daebak)\b[,!.]*", re.I)
# "I'm 29 in international age": the age as the rest of the world counts it
_RECKONINGS = ("american", "international", "western", "real")
_RECKONED_RE = re.compile(r"\b(\d{1,3}) in (?:" + "|".join(_RECKONINGS) + r") age\b", re.I)


def is_hangul(text: str) -> bool:
    return writes_so(text, _MARKERS)


def hangul_as_english(text: str, context: str = "") -> str:
    """``text`` in English (see the module docstring); ``context``: all the user's messages,
    which say whether they write so."""
    if not is_hangul(context or text):
        return text
    text = _RECKONED_RE.sub(r"\1", _FILLER_RE.sub("", text))
    text = _KIN_RE.sub(lambda m: kin_as_mine(m, _KIN[m.group(1).lower()]), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
