"""Words of Québec French inside English chat -> the English the clause rules read.

    from daemon.sleep.extract.quebec import french_as_english
    french_as_english("mon chum Oskar is a welder pis ma mère turns 70 samedi")
    # "my boyfriend Oskar is a welder and my mother turns 70 on Saturday"

People in Québec and New Brunswick write English with French for family, days and small
words: "ma mère", "mon chum" (boyfriend), "ma blonde" (girlfriend), "mon gars" (son),
"ma belle-mère", "samedi", "la semaine prochaine", "pis" (and), "genre" and "tabarnak"
(fillers), "il a juste 19 ans" (he is only 19), "non attends" (no wait). Family words,
days, "pis" and ages are put in English, fillers dropped, other French left as it is.
This happens only where the user's messages hold at least three French marker words
typed in lowercase. :func:`.terse.in_english` calls this with all the user's messages.
"""

from __future__ import annotations

import re

from .textnorm import writes_so

_MARKERS = frozenset("""pis genre ma mon mes tabarnak merci allo oui non mère père soeur sœur
    frère chum blonde gars fille samedi dimanche lundi vendredi semaine fin que je suis
    est c'est avec""".split())

_KIN = {"mère": "mother", "mere": "mother", "père": "father", "pere": "father",
        "soeur": "sister", "sœur": "sister", "frère": "brother", "frere": "brother",
        "chum": "boyfriend", "blonde": "girlfriend", "gars": "son", "fille": "daughter",
        "mari": "husband", "femme": "wife", "belle-mère": "mother-in-law",
        "beau-père": "father-in-law", "belle-soeur": "sister-in-law",
        "beau-frère": "brother-in-law", "grand-mère": "grandmother",
        "grand-père": "grandfather", "tante": "aunt", "oncle": "uncle", "cousin": "cousin",
        "cousine": "cousin", "enfants": "children", "fils": "son"}
_DAYS = {"lundi": "Monday", "mardi": "Tuesday", "mercredi": "Wednesday", "jeudi": "Thursday",
         "vendredi": "Friday", "samedi": "Saturday", "dimanche": "Sunday"}
_KIN_RE = re.compile(r"\b(?:ma|mon|mes) (" + "|".join(sorted(_KIN, key=len, reverse=True))
                     + r")(?![\w-])", re.I)
_FILLER_RE = re.compile(r",? \b(?:genre|tabarnak|tabarnouche|câlisse|calisse|ben|là|la la|"
                        r"c'est ça|voyons)\b,?(?=\s|[.!?]|$)", re.I)
_PHRASES = (
    # "il a juste 19 ans", "elle a 70 ans": he is only 19, she is 70
    (re.compile(r"\b(il|elle) a (juste |seulement )?(\d{1,3}) ans\b", re.I),
     lambda m: f"{'he' if m.group(1).lower() == 'il' else 'she'} is "
               f"{'only ' if m.group(2) else ''}{m.group(3)}"),
    (re.compile(r"\bj'ai (\d{1,3}) ans\b", re.I), lambda m: f"I am {m.group(1)}"),
    (re.compile(r"\bnon,? attends\b", re.I), lambda m: "no wait"),
    (re.compile(r"\b(?:la )?semaine prochaine\b", re.I), lambda m: "next week"),
    (re.compile(r"\b(?:la|en) fin de semaine\b", re.I), lambda m: "the weekend"),
    (re.compile(r"\bfin de semaine\b", re.I), lambda m: "weekend"),
    (re.compile(r"\bpis\b"), lambda m: "and"),
    (re.compile(r"\bavec\b"), lambda m: "with"),
    (re.compile(r"\b(?:an? |une? )(?=infirmi)", re.I), lambda m: "a "),
    (re.compile(r"\bsi je\b", re.I), lambda m: "if I"),
    (re.compile(r"\bque je suis\b", re.I), lambda m: "that I am"),
)
# Words of French said for an English one
_WORDS = {"infirmière": "nurse", "infirmier": "nurse", "enceinte": "pregnant"}


def is_franglais(text: str) -> bool:
    return writes_so(text, _MARKERS)


def french_as_english(text: str, context: str = "") -> str:
    """``text`` with its Québec French put in English (see the module docstring);
    ``context``: all the user's messages, whose French counts too."""
    if not is_franglais(context or text):
        return text
    text = _KIN_RE.sub(lambda m: f"{'My' if m.group(0)[0].isupper() else 'my'} "
                       f"{_KIN[m.group(1).lower()]}", text)
    for pattern, plain in _PHRASES:
        text = pattern.sub(plain, text)
    text = re.sub(r"\b(" + "|".join(_WORDS) + r")\b", lambda m: _WORDS[m.group(1).lower()], text,
                  flags=re.I)
    text = re.sub(r"\b(" + "|".join(_DAYS) + r")\b",
                  lambda m: f"on {_DAYS[m.group(1).lower()]}", text, flags=re.I)
    text = re.sub(r"\bon on\b", "on", _FILLER_RE.sub("", text))
    return re.sub(r"  +", " ", text)
