"""Polglish: words of a Slavic language inside English chat -> the English the rules read.

    from daemon.sleep.extract.polglish import polglish_as_english
    polglish_as_english("mój brat Oskar lives in Narvik, babcia turns 90 w sobotę, kurczę")
    # "my brother Oskar lives in Narvik, my grandma turns 90 on Saturday"

People who moved from the Baltic's southern shore write English with their own words for
family, days and small words: "moja mama", "mój brat", "moja siostra", "babcia",
"dziadek", "w sobotę", "za dwa tygodnie", "tak", "nie", "kurczę" and "no wiesz" (fillers).
Family words, days, spans and "nie" are put in English, fillers dropped, the rest left as
it is. This happens only where the user's messages hold at least three marker words
typed in lowercase. :func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .lexicon import NUMBER_WORDS
from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("""mój moja moje mama tata brat siostra babcia dziadek tak nie kurczę
    kurcze wiesz dzięki dziękuję w za sobotę niedzielę piątek imieniny ciocia wujek żona mąż
    córka syn""".split())

_KIN = {"mama": "mum", "tata": "dad", "brat": "brother", "siostra": "sister",
        "babcia": "grandma", "dziadek": "grandad", "ciocia": "aunt", "wujek": "uncle",
        "żona": "wife", "mąż": "husband", "córka": "daughter", "syn": "son",
        "kuzyn": "cousin", "kuzynka": "cousin", "teściowa": "mother-in-law",
        "teść": "father-in-law"}
_DAYS = {"w poniedziałek": "on Monday", "we wtorek": "on Tuesday", "w środę": "on Wednesday",
         "w czwartek": "on Thursday", "w piątek": "on Friday", "w sobotę": "on Saturday",
         "w niedzielę": "on Sunday"}
_SPANS = {"dwa": "two", "trzy": "three", "cztery": "four", "pięć": "five"}
_KIN_RE = re.compile(r"\b(?:(mój|moja|moje|moi|my) )?(" + "|".join(_KIN) + r")\b", re.I)
_DAYS_RE = re.compile(r"\b(" + "|".join(_DAYS) + r")\b", re.I)
_SPAN_RE = re.compile(r"\bza (" + "|".join(_SPANS) + r"|jeden|\d{1,2}) "
                      r"(tygodni(?:e)?|tydzień|dni|miesiące|miesięcy|lata|lat)\b", re.I)
_UNITS = {"tydzień": "week", "tygodnie": "weeks", "tygodni": "weeks", "dni": "days",
          "miesiące": "months", "miesięcy": "months", "lata": "years", "lat": "years"}
_FILLER_RE = re.compile(r",? \b(?:kurczę|kurcze|no wiesz|wiesz|tak|no nie|dzięki|dziękuję)\b,?"
                        r"(?=\s|[.!?]|$)", re.I)


def is_polglish(text: str) -> bool:
    return writes_so(text, _MARKERS)


def polglish_as_english(text: str, context: str = "") -> str:
    """``text`` with its Polglish put in English (see the module docstring); ``context``:
    all the user's messages, whose marker words count too."""
    if not is_polglish(context or text):
        return text
    text = _KIN_RE.sub(_kin, text)
    text = _DAYS_RE.sub(lambda m: _DAYS[m.group(1).lower()], text)
    text = _SPAN_RE.sub(_span, text)
    text = re.sub(r"\b(?:nie nie|nie)\b(?=[,.!]?\s)", "no", text)
    text = re.sub(r"\b[Nn]o,? sorry,? (?=[A-Z])", "no wait, it's ", text)
    return re.sub(r"  +", " ", _FILLER_RE.sub("", text))


def _kin(match: re.Match[str]) -> str:
    """ "mój brat" -> "my brother"; "babcia" alone is the user's own."""
    return kin_as_mine(match, _KIN[match.group(2).lower()])


def _span(match: re.Match[str]) -> str:
    count = match.group(1).lower()
    number = _SPANS.get(count, "one" if count == "jeden" else count)
    unit = _UNITS[match.group(2).lower()]
    if number == "one" or number in NUMBER_WORDS and NUMBER_WORDS[number] == 1:
        unit = unit.rstrip("s")
    return f"in {number} {unit}"
