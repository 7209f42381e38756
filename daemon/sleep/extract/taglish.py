"""Words of Tagalog inside English chat (Taglish) -> the English the clause rules read.

    from daemon.sleep.extract.taglish import tagalog_as_english
    tagalog_as_english("my kuya Oskar is in Narvik na, 6 years na talaga. Sana I could visit")
    # "my elder brother Oskar is in Narvik, 6 years. I wish I could visit"

Filipinos write English with Tagalog particles and family words: "po" (politeness),
"naman", "talaga", "lang", "pala", "daw" (so they say), "na" (already), "ate" and
"kuya" (elder sister and brother), "lola", "tita", "sabi ni X" (X says), "sana" (I wish).
The particles carry no fact and are dropped; kinship words, "sabi", "sana", "kasi"
(because) and "sa" (at, in) are put in English; whole Tagalog clauses are left as they
are. This happens only where the user's messages hold at least three Tagalog particles
typed in lowercase. :func:`.terse.in_english` calls this with all the user's messages
as context, before slips are put right.
"""

from __future__ import annotations

import re

from .lexicon import RELATIONS, is_job_noun
from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("""po naman talaga kasi lang pala daw ako ko niya siya ng yung ang mga
    dito din nga muna kaya pero ulit sabi""".split())

# Said for politeness or emphasis: no fact in them ("Hi po!", "he's 9 na", "ha").
_PARTICLES = r"(?:po|naman|talaga|pala|daw|din|rin|lang|nga|na|pa|ha|ba|muna|grabe|ay)"
_PARTICLE_RE = re.compile(r"(?<![\w'-])" + _PARTICLES + r"(?: " + _PARTICLES
                          + r")*(?![\w'-])\s?")
_KIN = {"lola": "grandma", "lolo": "grandpa", "tita": "aunt", "tito": "uncle",
        "ate": "elder sister", "kuya": "elder brother", "nanay": "mother", "inay": "mother",
        "tatay": "father", "itay": "father", "pinsan": "cousin", "anak": "child",
        "asawa": "spouse"}
_OWNED_BY = frozenset("my his her their our your the a an not".split())
_PHRASES = (
    # "Vera na lang": just Vera, a name said again
    (re.compile(r",? [A-Z][a-z]+ na lang\b"), ""),
    # "4 years na ako dito": I have been here four years
    (re.compile(r"\b(\d+|[a-z]+) (years?|months?) na ako dito\b"), r"I have been here \1 \2"),
    (re.compile(r"\bsabi ni ([A-Z][a-z]+)\b", re.I), r"\1 says"),
    (re.compile(r"\bsabi ng (\w+)\b", re.I), r"says the \1"),
    (re.compile(r"\b[Ss]ana(?: nga)?,? (?=I\b)"), "I wish "),
    (re.compile(r"\b[Ss]ana(?: nga)?\b,?"), "I wish"),
    (re.compile(r"\b(goal|plan|dream) ko\b"), r"my \1 is"),
    (re.compile(r"\bmay bago kaming\b"), "we have a new"),
    (re.compile(r"\bmay bago akong\b"), "I have a new"),
    (re.compile(r"\b(?:si|kay) (?=[A-Z])"), ""),
    (re.compile(r"\bkasi ([a-z ]{1,30}?) ko\b"), r"because of my \1"),
    (re.compile(r"\bkasi\b"), "because"),
    (re.compile(r"\bpero\b"), "but"),
    (re.compile(r"\bsa (?=[A-Z])"), "in "),
    (re.compile(r"\bsa (?=[a-z])"), "at the "),
)
# "Single mom ako": I am a single mom; "..., swim coach siya": and works as one
_I_AM_RE = re.compile(r"(?:^|(?<=[.!?] ))([A-Z][a-z]+ )?([a-z]+) ako\b")
_SHE_IS_RE = re.compile(r", ([A-Z]?[\w ]{0,30}?)([a-z]+) siya\b")


def is_taglish(text: str) -> bool:
    return writes_so(text, _MARKERS)


def tagalog_as_english(text: str, context: str = "") -> str:
    """``text`` with its Tagalog put in English (see the module docstring); ``context``:
    all the user's messages, whose Tagalog counts too."""
    if not is_taglish(context or text):
        return text
    for pattern, plain in _PHRASES[:2]:
        text = pattern.sub(plain, text)
    text = _PARTICLE_RE.sub(_unsaid, text)
    for pattern, plain in _PHRASES[2:]:
        text = pattern.sub(plain, text)
    text = _I_AM_RE.sub(lambda m: f"I am a {(m.group(1) or '').lower()}{m.group(2)}"
                        if _is_role(m.group(2)) else m.group(0), text)
    text = _SHE_IS_RE.sub(lambda m: f" and works as a {m.group(1)}{m.group(2)}"
                          if _is_role(m.group(2)) else m.group(0), text)
    text = re.sub(r"\b(" + "|".join(_KIN) + r")\b", _kin, text, flags=re.I)
    text = re.sub(r"\s+([,.!?])", r"\1", re.sub(r"  +", " ", text))
    return re.sub(r",([.!?])", r"\1", text).strip()


def _is_role(noun: str) -> bool:
    return is_job_noun(noun) or noun in RELATIONS


def _unsaid(match: re.Match[str]) -> str:
    # "na" and "pa" open Tagalog clauses too ("na ako dito"): dropped only at a clause's
    # end or before a comma, where they can only be particles
    words = match.group(0).split()
    rest = match.string[match.end():]
    if words[-1] in ("na", "pa", "ba") and rest[:1].isalpha() and len(words) == 1:
        return match.group(0)
    return " " if match.group(0).endswith(" ") else ""


def _kin(match: re.Match[str]) -> str:
    """ "ate Vera", "my kuya", "Lola": a kinship word; said alone it is the user's own."""
    word = match.group(1)
    before = match.string[:match.start()].split()[-1:]
    plain = _KIN[word.lower()]
    if word.lower() == "ate" and not (before and before[0].lower() in _OWNED_BY
                                      or match.string[match.end():match.end() + 2].strip()[:1]
                                      .isupper() or word == "Ate"):
        return word  # "I ate": the English verb
    return kin_as_mine(match, plain, _OWNED_BY)
