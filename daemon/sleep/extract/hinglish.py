"""Words of Hindi and its sister tongues inside English chat -> the English the rules read.

    from daemon.sleep.extract.hinglish import hindi_as_english
    hindi_as_english("meri didi Vera ki shaadi is in three weeks, kal was my birthday only")
    # "my elder sister Vera's wedding is in three weeks, yesterday was my birthday"

Hundreds of millions write English with romanised Hindustani for family, time and
feeling: "meri didi", "ammi", "chacha ji", "X ki shaadi" (X's wedding), "kal" (yesterday
or tomorrow, as the verb says), "26 ho gayi" (I turned 26), "nahi yaar" (no). An honorific after a
name ("Oskar bhaiya", "Vera didi", "Mira ji") is dropped, and the honorific said alone
later means that person. The words are put in English only where the user's messages
hold at least three Hindi function words typed in lowercase. :func:`.terse.in_english`
calls this with all the user's messages as context, before slips are put right.
"""

from __future__ import annotations

import re

from .textnorm import kin_as_mine, writes_so

_MARKERS = frozenset("""hai hain nahi nahin yaar acha accha haan ki ka ke ho gaya gayi
    toh bhi aur kya meri mera mere agar kal parso parson ammi abbu baji theek""".split())

_WORDS = {
    "meri": "my", "mera": "my", "mere": "my", "didi": "elder sister", "behen": "sister",
    "behan": "sister", "bhaiya": "elder brother", "bhai": "brother", "papa": "dad",
    "chacha": "uncle", "chachi": "aunt", "mausi": "aunt", "bua": "aunt", "nani": "grandmother",
    "dadi": "grandmother", "beta": "son", "beti": "daughter", "shaadi": "wedding",
    "dulha": "groom", "dulhan": "bride", "agar": "if", "aur": "and", "ghar": "home",
    "haan": "yes", "nahi": "no", "nahin": "no", "acha": "ok", "accha": "ok", "bas": "just",
    "joinee": "colleague",  # in India's English: someone who has just joined
    # the same family in the words of the sister tongue
    "ammi": "mum", "abbu": "dad", "baji": "elder sister", "apa": "elder sister",
    "phuppo": "aunt", "phupho": "aunt", "khala": "aunt", "chachu": "uncle", "mamu": "uncle",
    "shukriya": "thanks", "jazakallah": "thanks",
}
_WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(_WORDS, key=len, reverse=True))
                      + r")(?![\w-])", re.I)
_HONORIFICS = ("bhaiya", "didi", "ji")
# "Vera didi", "Oskar bhaiya": a name and the honorific after it
_HONOURED_RE = re.compile(r"\b([A-Z][a-z]+) (" + "|".join(_HONORIFICS) + r")\b")
_PHRASES = (
    (re.compile(r"\bchhoti (behen|behan)\b"), "younger sister"),
    (re.compile(r"\bchhota (bhai)\b"), "younger brother"),
    (re.compile(r"\b(chacha|chachi|mausi|bua|nani|dadi|papa|mummy) ji\b"), r"\1"),
    (re.compile(r"\b(\d{1,3}) ho gay[ai]\b"), r"I turned \1"),
    (re.compile(r"\bbhai jaan\b"), "bhai"),
    (re.compile(r"\bammi abbu\b"), "ammi and abbu"),
    # blessings and greetings said with a fact carry none of it
    (re.compile(r",? ?\b(?:inshallah|insha'?allah|mashallah|masha'?allah|alhamdulillah)\b",
                re.I), ""),
    (re.compile(r"\b(?:[Aa]ssalam[ -]?o[ -]?alaikum|[Ss]alaam)\b[!,.]*\s*"), ""),
    (re.compile(r"\btheek hai\b"), ""),
    (re.compile(r"\bnahi+ (?:yaar|nahi)\b,?"), "no,"),
    (re.compile(r",? ?\byaa+r\b"), ""),
    (re.compile(r"\b(?:toh|na|hai na|ho na)\b(?=[ ,.!?])"), ""),
    # "in August only", "was my birthday only": "only" stresses the time, nothing more
    (re.compile(r"\b((?:birthday|month|year|week|today|yesterday|[A-Z][a-z]+day|"
                r"January|February|March|April|May|June|July|August|September|October|"
                r"November|December)) only\b"), r"\1"),
)
# "X ki shaadi", "didi ka ghar": X's
_GENITIVE_RE = re.compile(r"(?<=\w) k[aie] (?=\w)")
# "kal was", "parso we went": yesterday and two days ago; otherwise still to come
_WHEN_RE = re.compile(r"\b(kal|parso|parson)\b")


def is_hinglish(text: str) -> bool:
    return writes_so(text, _MARKERS)


def hindi_as_english(text: str, context: str = "") -> str:
    """``text`` with its Hindi put in English (see the module docstring); ``context``: all
    the user's messages, whose Hindi counts too."""
    if not is_hinglish(context or text):
        return text
    honoured = {m.group(2): m.group(1) for m in _HONOURED_RE.finditer(context or text)}
    text = _HONOURED_RE.sub(r"\1", text)
    # "bhaiya is moving": the honorific alone is the one person called so
    text = re.sub(r"\b(" + "|".join(honoured) + r")\b(?! [A-Z])", lambda m: honoured[
        m.group(1)], text) if honoured else text
    for pattern, plain in _PHRASES:
        text = pattern.sub(plain, text)
    text = _WHEN_RE.sub(_when, text)
    text = _GENITIVE_RE.sub("'s ", text).replace(" 's ", "'s ")
    text = _WORD_RE.sub(_respelt, text)
    return re.sub(r"  +", " ", text)


def _when(match: re.Match[str]) -> str:
    word, after = match.group(1), match.string[match.end():]
    past = re.match(r"\s*(?:was|were|went|\w+ed)\b", after) is not None or \
        re.search(r"\b(?:was|were|\w+ed)\s*[.!?]?\s*$", match.string[:match.start()]) is not None
    if word == "kal":
        return "yesterday" if past else "tomorrow"
    return "two days ago" if past else "in two days"


_KIN = frozenset("""didi behen behan bhaiya bhai papa chacha chachi mausi bua nani dadi ammi
    abbu baji apa phuppo phupho khala chachu mamu""".split())
_OWNED_BY = frozenset("meri mera mere my his her their our your the a an".split())


def _respelt(match: re.Match[str]) -> str:
    """A Hindi word in English; a kinship word said alone is the user's own ("didi" is
    "my elder sister", as "Mum" is my mum)."""
    word, before = match.group(1), match.string[:match.start()].split()[-1:]
    plain = _WORDS[word.lower()]
    opens = not before or before[0][-1:] in ".!?"
    if word[:1].isupper() and word.lower() not in _KIN and not opens:
        return word  # "Bas", "Aur" inside a sentence: a name, where no kinship word
    if word.lower() in _KIN:
        return kin_as_mine(match, plain, _OWNED_BY)
    return plain[:1].upper() + plain[1:] if word[:1].isupper() else plain

