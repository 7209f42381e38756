"""The French-flavoured English of Acadiana's bayous -> the English the clause rules read.

    from daemon.sleep.extract.acadiana import acadiana_as_english
    acadiana_as_english("Mais cher, my mamere still live in Narvik, for true, and my parrain "
                        "Oskar don't fish no more")
    # "my grandma still live in Narvik, and my godfather Oskar doesn't fish anymore"

Its speakers call their grandparents "mamère" and "pépère", their godparents "parrain"
and "nanny" (a godmother there, not a child's carer), the one they speak to "cher" or
"sha", open with "mais" and close with "for true" or "yeah, you right"; they "make
groceries" (shop for food) and say "don't ... no more" for "doesn't ... any more". Each is
put in standard English, only where the user's messages hold at least three marker words
typed in lowercase. :func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("cher sha mais parrain mamère mamere pépère pepere nanny marraine "
                     "beaucoup".split())
_KIN = {"mamère": "grandma", "mamere": "grandma", "mémère": "grandma", "memere": "grandma",
        "pépère": "grandpa", "pepere": "grandpa", "parrain": "godfather",
        "marraine": "godmother", "nanny": "godmother", "nonc": "uncle"}
_KIN_RE = re.compile(r"\b(" + "|".join(_KIN) + r")\b", re.I)
# "cher", "sha", "mais", "for true", "yeah, you right": warmth and emphasis, no fact
_FILLER_RE = re.compile(r"(?:,\s*)?\b(?:cher|sha|for true|yeah,? you right|ça c'est bon|"
                        r"merci beaucoup)\b,?|^\s*mais\b,?\s*", re.I | re.M)
_MAIS_RE = re.compile(r"(?<=[.!?]\s)mais,?\s+", re.I)
# "Mamère don't live there no more": doesn't ... any more
_NO_MORE_RE = re.compile(r"\b((?:my |our )?[A-Za-z]+) don't (\w+)\b([^.!?]*?) no more\b")
_GROCERIES_RE = re.compile(r"\bmake groceries\b", re.I)


def is_acadiana(text: str) -> bool:
    return writes_so(text, _MARKERS)


def acadiana_as_english(text: str, context: str = "") -> str:
    """``text`` in standard English (see the module docstring); ``context``: all the user's
    messages, which say whether they write so."""
    if not is_acadiana(context or text):
        return text
    text = _MAIS_RE.sub("", _FILLER_RE.sub("", text))
    text = _KIN_RE.sub(lambda m: kin_as_mine(m, _KIN[m.group(1).lower()]), text)
    text = _NO_MORE_RE.sub(lambda m: f"{m.group(1)} "
                           f"{'don' if m.group(1).lower() in ('i', 'we', 'they') else 'doesn'}"
                           f"'t {m.group(2)}{m.group(3)} any more", text)
    text = _GROCERIES_RE.sub("go grocery shopping", text)
    return re.sub(r"^\s*([a-z])", lambda m: m.group(1).upper(), text).strip()
