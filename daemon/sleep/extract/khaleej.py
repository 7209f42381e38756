"""English with words of the Khaleej's language, some typed with digits for letters ("ya3ni",
"2akeed") -> the English the clause rules read.

    from daemon.sleep.extract.khaleej import khaleej_as_english
    khaleej_as_english("wallah my akhi Oskar is 27 and my khalto lives in Narvik, bukra inshallah")
    # "my brother Oskar is 27 and my aunt lives in Narvik, tomorrow"

Its speakers name family in it ("akhi" brother, "ukhti" sister, "khalto" and "amto" aunts,
"ammo" and "khalo" uncles, "baba" father, "jiddo" and "teta" grandparents), say
"bukra" (tomorrow) and "ba3d" (after), and season every sentence with phrases of faith
and warmth ("inshallah", "mashallah", "wallah", "habibi", "yalla", "ya3ni") that carry no
fact: left in, the parser reads "I am wallah a little scared" as a job. Each is put in
English or dropped, only where the user's messages hold at least three marker words typed
in lowercase. :func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("habibi habibti wallah inshallah mashallah yalla ya3ni shukran bukra "
                     "akhi ukhti khalto ammo".split())
_KIN = {"akhi": "brother", "akhoy": "brother", "ukhti": "sister", "ukhty": "sister",
        "khalto": "aunt", "khalti": "aunt", "khala": "aunt", "amto": "aunt", "3amto": "aunt",
        "ammo": "uncle", "3ammo": "uncle", "khalo": "uncle", "khali": "uncle", "baba": "dad",
        "jiddo": "grandpa", "teta": "grandma", "yumma": "mum"}
_KIN_RE = re.compile(r"\b(" + "|".join(_KIN) + r")\b(?!-)", re.I)
_WORDS = {"bukra": "tomorrow", "ba3d": "after", "2akeed": "sure", "shukran": "thank you"}
_WORDS_RE = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
# phrases that carry no fact, with the comma or stop after them
_FILLER_RE = re.compile(
    r"(?:,\s*)?\b(?:inshallah|insha'?allah|mashallah|masha'?allah|wallah[iy]?|habibi|habibti|"
    r"yalla|ya3ni|el7amdulillah|alhamdulillah|al7amdulillah|jazakallah(?: khair)?|"
    r"ma3 salama|salam 3alaikum|salam)\b,?", re.I)


def is_khaleej(text: str) -> bool:
    return writes_so(text, _MARKERS)


def khaleej_as_english(text: str, context: str = "") -> str:
    """``text`` in English (see the module docstring); ``context``: all the user's
    messages, which say whether they write so."""
    if not is_khaleej(context or text):
        return text
    text = _FILLER_RE.sub("", text)
    text = _KIN_RE.sub(lambda m: kin_as_mine(m, _KIN[m.group(1).lower()]), text)
    text = _WORDS_RE.sub(lambda m: _WORDS[m.group(1).lower()], text)
    text = re.sub(r"^\s*([a-z])", lambda m: m.group(1).upper(), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
