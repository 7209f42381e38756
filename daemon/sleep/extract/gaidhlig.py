"""English with Gàidhlig words in it -> the English the clause rules read.

    from daemon.sleep.extract.gaidhlig import gaidhlig_as_english
    gaidhlig_as_english("Mo sheanmhair is ninety Disathairne, a ghràidh, and mo bhràthair Oskar")
    # "My grandmother is ninety on Saturday, and my brother Oskar"

Its speakers keep family words ("mo sheanmhair", "mo bhràthair", "mo phiuthar"), the
days of the week ("Disathairne", "Diluain") and words of warmth and greeting ("a ghràidh",
"tapadh leat", "madainn mhath", "tha") that carry no fact. Each is put in English, only
where the user's messages hold at least three marker words typed in lowercase (the family
words are said after "mo", "my"). :func:`.terse.in_english` calls this with all the
user's messages.
"""

from __future__ import annotations

import re

from .textnorm import writes_so

_MARKERS = frozenset("mo ghràidh tha tapadh leat sheanmhair bhràthair phiuthar mhàthair".split())
_KIN = {"sheanmhair": "grandmother", "seanmhair": "grandmother", "sheanair": "grandfather",
        "bhràthair": "brother", "bhrathair": "brother", "phiuthar": "sister",
        "mhàthair": "mother", "mhathair": "mother", "athair": "father", "bhean": "wife",
        "nighean": "daughter", "mhac": "son"}
_KIN_RE = re.compile(r"\b([Mm])o (" + "|".join(_KIN) + r")\b")
_DAYS = {"diluain": "Monday", "dimàirt": "Tuesday", "diciadain": "Wednesday",
         "diardaoin": "Thursday", "dihaoine": "Friday", "disathairne": "Saturday",
         "didòmhnaich": "Sunday"}
_DAYS_RE = re.compile(r"(?<!\w)(?:(on) )?(" + "|".join(_DAYS) + r")(?!\w)", re.I)
_FILLERS = ("a ghràidh", "tapadh leat", "madainn mhath", "halò a-rithist", "tha")
_FILLER_RE = re.compile(r"(?:,\s*)?(?<!\w)(?:" + "|".join(_FILLERS) + r")(?!\w)[,!.]?", re.I)


def is_gaidhlig(text: str) -> bool:
    return writes_so(text, _MARKERS)


def gaidhlig_as_english(text: str, context: str = "") -> str:
    """``text`` in English (see the module docstring); ``context``: all the user's messages,
    which say whether they write so."""
    if not is_gaidhlig(context or text):
        return text
    text = _KIN_RE.sub(lambda m: f"{m.group(1)}y {_KIN[m.group(2).lower()]}", text)
    # "ninety Disathairne": on Saturday; "since yesterday, Diluain": the day named again
    text = _DAYS_RE.sub(lambda m: f"on {_DAYS[m.group(2).lower()]}"
                        if not re.search(r",\s*$", m.string[:m.start()]) else
                        _DAYS[m.group(2).lower()], text)
    text = _FILLER_RE.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
