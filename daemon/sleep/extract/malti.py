"""English with words of Malti (the language of Malta and its neighbours) -> the
English the clause rules read.

    from daemon.sleep.extract.malti import malti_as_english
    malti_as_english("Mela, my ħu Oskar lives in Narvik and my oħti by the house ta' my nanna")
    # "my brother Oskar lives in Narvik and my sister by the house of my grandma"

Its speakers name family in it ("ħu" brother, "oħti" sister, "zija" and "ziju" aunt and
uncle, "nanna" and "nannu" grandparents, "ommi" and "missieri" mother and father), say
"ta'" for "of", and open or close with "mela", "ejja", "grazzi" or "bonġu", which carry no
fact. Each is put in English, only where the user's messages hold at least three marker
words typed in lowercase. :func:`.terse.in_english` calls this with all the user's
messages; the learner's shapes that come with it ("she has 87 years", "works by the
airport", "she makes 88") are read by :mod:`.learner` and :mod:`.normalize`.
"""

from __future__ import annotations

import re

from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("mela ejja grazzi bonġu ta' nanna nannu ħu oħti zija ħafna".split())
_KIN = {"ħu": "brother", "hu": "brother", "oħti": "sister", "ohti": "sister", "zija": "aunt",
        "ziju": "uncle", "nanna": "grandma", "nannu": "grandpa", "ommi": "mum",
        "missieri": "dad"}
_KIN_RE = re.compile(r"(?<!\w)(" + "|".join(_KIN) + r")(?!\w)", re.I)
# words of warmth and manners that carry no fact (a blessing on the dead included)
_FILLERS = ("grazzi ħafna", "grazzi", "mela", "ejja", "bonġu", "alla jaħfirlu")
_FILLER_RE = re.compile(r"(?:,\s*)?(?<!\w)(?:" + "|".join(_FILLERS) + r")(?!\w)(?: again)?,?", re.I)
_OF_RE = re.compile(r"(?<=\w) ta' (?=\w)")


def is_malti(text: str) -> bool:
    return writes_so(text, _MARKERS)


def malti_as_english(text: str, context: str = "") -> str:
    """``text`` in English (see the module docstring); ``context``: all the user's messages,
    which say whether they write so."""
    if not is_malti(context or text):
        return text
    text = _OF_RE.sub(" of ", _FILLER_RE.sub("", text))
    text = _KIN_RE.sub(lambda m: kin_as_mine(m, _KIN[m.group(1).lower()]), text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"^\s*([a-z])", lambda m: m.group(1).upper(), text).strip()
