"""Words of español inside English chat -> the English the clause rules read.

    from daemon.sleep.extract.spanglish import spanish_as_english
    spanish_as_english("mi abuela Vera turns 90 el sábado y mi tía lives in Narvik")
    # "my grandmother Vera turns 90 on Saturday and my aunt lives in Narvik"

Millions of people write English with español for family, days, months and small words
("mi hija", "el jueves", "en dos semanas", "no espera, it's X not Y"). Those words are
put in English only where the user's messages hold at least three function words of
español typed in lowercase, so that a name ("El Narvik", "de la Vega") or one borrowed
word changes nothing. :func:`.terse.in_english` calls this first of all, on each message
with all the user's messages as context, so that "el sábado" resolves like "on Saturday".
"""

from __future__ import annotations

import re

from .textnorm import writes_so

_MARKERS = frozenset("""mi mis y pero pues el la los las de con es muy gracias ojalá ojala
    otra vez neta ay espera para que""".split())

_DAYS = {"lunes": "Monday", "martes": "Tuesday", "miércoles": "Wednesday",
         "miercoles": "Wednesday", "jueves": "Thursday", "viernes": "Friday",
         "sábado": "Saturday", "sabado": "Saturday", "domingo": "Sunday"}
_MONTHS = {"enero": "January", "febrero": "February", "marzo": "March", "abril": "April",
           "mayo": "May", "junio": "June", "julio": "July", "agosto": "August",
           "septiembre": "September", "setiembre": "September", "octubre": "October",
           "noviembre": "November", "diciembre": "December"}
_NUMBERS = {"un": "a", "una": "a", "uno": "one", "dos": "two", "tres": "three",
            "cuatro": "four", "cinco": "five", "seis": "six", "siete": "seven", "ocho": "eight",
            "nueve": "nine", "diez": "ten"}
_UNITS = {"días": "days", "dias": "days", "día": "day", "semanas": "weeks", "semana": "week",
          "meses": "months", "mes": "month", "años": "years", "año": "year"}
_WORDS = {
    "mi": "my", "mis": "my", "y": "and", "pero": "but", "con": "with", "pues": "",
    "abuela": "grandmother", "abuelo": "grandfather", "abuelita": "grandma",
    "abuelito": "grandpa", "tía": "aunt", "tia": "aunt", "tío": "uncle", "tio": "uncle",
    "primo": "cousin", "prima": "cousin", "hija": "daughter", "hijo": "son",
    "hijos": "children", "esposo": "husband", "esposa": "wife", "suegra": "mother-in-law",
    "suegro": "father-in-law", "hermano": "brother", "hermana": "sister",
    "sobrino": "nephew", "sobrina": "niece", "novio": "boyfriend", "novia": "girlfriend",
    "mamá": "mom", "papá": "dad", "perro": "dog", "gato": "cat", "familia": "family",
    "cumple": "birthday", "cumpleaños": "birthday", "casa": "house", "trabajo": "work",
    "gracias": "thanks", "ojalá": "I wish", "ojala": "I wish",
}
_WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, _WORDS), key=len,
                                                      reverse=True)) + r")(?![\w-])")
# "mi hermano mayor X": the adjective after its noun
_RANK_RE = re.compile(r"\b(hermano|hermana|hijo|hija|primo|prima) (mayor|menor)\b")
_DAY_RE = re.compile(r"\b(?:el )?(" + "|".join(_DAYS) + r")\b")
_DATE_RE = re.compile(r"\b(?:el )?(\d{1,2}) de (" + "|".join(_MONTHS) + r")\b")
_MONTH_RE = re.compile(r"\b(?:en )?(" + "|".join(_MONTHS) + r")\b")
_SPAN_RE = re.compile(r"\ben (" + "|".join(_NUMBERS) + r"|\d{1,2}) (" + "|".join(_UNITS)
                      + r")\b")
_PHRASES = ((re.compile(r"\bno espera\b"), "no wait"), (re.compile(r"\botra vez\b"), "again"),
            (re.compile(r"\bla neta\b"), "honestly"), (re.compile(r"\bes de\b"), "is from"),
            (re.compile(r"\b(?:ay|jaja(?:ja)*)\b,?\s*"), ""))


def is_spanglish(text: str) -> bool:
    return writes_so(text, _MARKERS)


def spanish_as_english(text: str, context: str = "") -> str:
    """``text`` with its words of español put in English (see the module docstring);
    ``context``: all the user's messages, whose español counts too."""
    if not is_spanglish(context or text):
        return text
    text = _RANK_RE.sub(lambda m: f"{'older' if m.group(2) == 'mayor' else 'younger'} "
                        f"{m.group(1)}", text)
    text = _DATE_RE.sub(lambda m: f"on {_MONTHS[m.group(2)]} {m.group(1)}", text)
    text = _SPAN_RE.sub(lambda m: f"in {_NUMBERS.get(m.group(1), m.group(1))} "
                        f"{_UNITS[m.group(2)]}", text)
    text = _DAY_RE.sub(lambda m: f"{'on ' if m.group(0).startswith('el ') else ''}"
                       f"{_DAYS[m.group(1)]}", text)
    text = _MONTH_RE.sub(lambda m: f"{'in ' if m.group(0).startswith('en ') else ''}"
                         f"{_MONTHS[m.group(1)]}", text)
    for pattern, plain in _PHRASES:
        text = pattern.sub(plain, text)
    text = _WORD_RE.sub(lambda m: _WORDS[m.group(1)], text)
    return re.sub(r"  +", " ", text)
