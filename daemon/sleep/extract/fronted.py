"""Facts said in a phrase before a request, said again as sentences of their own.

    from daemon.sleep.extract.fronted import fronted_facts
    fronted_facts("As a type 2 diabetic, what snacks can I keep in the van?")
    # "I am a type 2 diabetic. What snacks can I keep in the van?"

People who write in full sentences often put what they are into the phrase that opens a
request: "As a teacher, ...", "Being left-handed, ...", "Having worked as a glazier for
12 years, ...", "With my daughter Vera turning 10 next Friday, ...", "Given that I'm
allergic to X, ...", "Before my knee operation on the 14th, ...", "Writing as Oskar
Vik, ...". The parser hangs such a phrase on the question after it, where no rule reads
it, so each is said again as a statement about whoever the clause after it is about (the
user, unless it opens with "my sister Vera" or a name: "As a teacher, my sister says"
makes the sister the teacher). :func:`.terse.expand_terse` calls this on each message.
"""

from __future__ import annotations

import re

# The clause after the phrase, when it opens with someone other than the user
_SUBJECT_RE = re.compile(r"^((?:[Mm]y|[Oo]ur) [a-z-]+(?: [A-Z][a-z]+)?|[A-Z][a-z]+'s [a-z-]+"
                         r"(?: [A-Z][a-z]+)?)(?= [a-z])")
_WRITING_AS_RE = re.compile(r"^(?:Writing|Speaking) as ([A-Z][a-z]+(?: [A-Z][a-z]+)?), ")
# "As a type 2 diabetic," / "Being 13 and football-mad," / "As a teacher, and given that ..."
_AS_RE = re.compile(r"^(?:As (an? [^,.!?]{2,40}?)|Being ([^,.!?]{2,40}?))(?:,? and given that "
                    r"([^,.!?]{3,60}))?, (?=\S)")
_GIVEN_RE = re.compile(r"^Given that ((?:I|my [a-z-]+)[^,.!?]{3,60}), (?=\S)")
_HAVING_RE = re.compile(r"^Having ((?:just |recently |already )?(?:been|worked|lived|taught|"
                        r"studied|trained|served|run|owned|hired|moved|started)\b[^,.!?]{2,80}), "
                        r"(?=\S)")
_WITH_RE = re.compile(r"^With ((?:[Mm]y|[Oo]ur) [a-z-]+(?: [A-Z][a-z]+)?|[A-Z][a-z]+'s [a-z-]+"
                      r"(?: [A-Z][a-z]+)?) ((?:turning|starting|moving|staying|living|working|"
                      r"retiring|leaving|coming|getting)\b[^,.!?]{2,80}), (?=\S)")
_BEFORE_RE = re.compile(r"^(?:Before|After|Ahead of) ((?:[Mm]y|[Oo]ur) [a-z -]{2,30}?) "
                        r"((?:on|in|next|this) [^,.!?]{2,30}), (?=\S)")


def _subject(rest: str) -> tuple[str, str]:
    """Who the clause after a phrase is about, and the verb "be" for them."""
    match = _SUBJECT_RE.match(rest)
    if match is None:
        return "I", "am"
    who = match.group(1)
    return who[0].upper() + who[1:], "is"


def _said_first(sentence: str) -> str:
    """One sentence with its opening phrase said as a statement before it."""
    said, rest = "", sentence
    if match := _WRITING_AS_RE.match(sentence):
        said, rest = f"My name is {match.group(1)}.", sentence[match.end():]
    elif match := _AS_RE.match(sentence):
        rest = sentence[match.end():]
        who, be = _subject(rest)
        said = f"{who} {be} {match.group(1) or match.group(2)}."
        if match.group(3):
            said += f" {match.group(3)[0].upper()}{match.group(3)[1:]}."
    elif match := _GIVEN_RE.match(sentence):
        said, rest = f"{match.group(1)[0].upper()}{match.group(1)[1:]}.", sentence[match.end():]
    elif match := _HAVING_RE.match(sentence):
        rest = sentence[match.end():]
        who, _ = _subject(rest)
        said = f"{who} {'have' if who == 'I' else 'has'} {match.group(1)}."
    elif match := _WITH_RE.match(sentence):
        rest = sentence[match.end():]
        who = match.group(1)
        said = f"{who[0].upper()}{who[1:]} is {match.group(2)}."
    elif match := _BEFORE_RE.match(sentence):
        rest = sentence[match.end():]
        said = f"{match.group(1)[0].upper()}{match.group(1)[1:]} is {match.group(2)}."
    if not said:
        return sentence
    return f"{said} {rest[0].upper()}{rest[1:]}"


def fronted_facts(text: str) -> str:
    """``text`` with each fact said in a sentence's opening phrase said first on its own."""
    parts = re.split(r"(?<=[.!?])(\s+)", text)
    return "".join(_said_first(p) if p.strip() else p for p in parts)
