"""Words of Cantonese inside English chat (Hong Kong English) -> the English the rules read.

    from daemon.sleep.extract.cantonese import cantonese_as_english
    cantonese_as_english("my po po turns 88 this Sunday la, my gor gor lives in Narvik jor")
    # "my grandma turns 88 this Sunday, my older brother lives in Narvik"

Hong Kong people write English with Cantonese sentence particles ("la", "lor", "wor",
"ga", "ge", "jor" for already, "ah") and family words said twice ("po po", "gung gung",
"gor gor", "mui mui"). The particles carry no fact and are dropped; the family words are
put in English. This happens only where the user's messages hold at least three
particles typed in lowercase. :func:`.terse.in_english` calls this with all the user's
messages.
"""

from __future__ import annotations

import re

from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("la lor wor ga ge jor ah leh meh wo gor mui po gung ma ba je".split())
_KIN = {"po po": "grandma", "gung gung": "grandpa", "yeh yeh": "grandpa",
        "ngin ngin": "grandma", "ma ma": "mum", "ba ba": "dad", "gor gor": "older brother",
        "je je": "older sister", "mui mui": "younger sister", "dai dai": "younger brother",
        "sai lo": "younger brother", "mami": "mum"}
_KIN_RE = re.compile(r"\b(" + "|".join(_KIN) + r")\b", re.I)
# "... la.", "9 years jor", "super good wor": a particle at the end of a phrase
_PARTICLE_RE = re.compile(r",? \b(?:la|lor|wor|ga|ge|jor|leh|meh|ar|lah)\b(?=\s*(?:[,.!?;]|$|"
                          r"\s+(?:and|but|so)\b))")


def is_hong_kong_english(text: str) -> bool:
    return writes_so(text, _MARKERS)


def cantonese_as_english(text: str, context: str = "") -> str:
    """``text`` with its Cantonese put in English (see the module docstring); ``context``:
    all the user's messages, whose Cantonese counts too."""
    if not is_hong_kong_english(context or text):
        return text
    text = _PARTICLE_RE.sub("", text)
    text = re.sub(r"\b(no),? no,? not\b", r"\1, not", text, flags=re.I)
    return _KIN_RE.sub(_kin, text)


def _kin(match: re.Match[str]) -> str:
    """ "my po po" -> "my grandma"; said alone ("Po po's lunch") it is the user's own."""
    return kin_as_mine(match, _KIN[match.group(1).lower()])
