"""Scots as it is typed -> the English the clause rules read.

    from daemon.sleep.extract.scots import scots_as_english
    scots_as_english("Ah'm Oskar, ah stay in Narvik an ma maw's 84 on Setterday, ken.")
    # "I'm Oskar, I live in Narvik and my mum's 84 on Saturday."

Scots speakers type the way they speak: "ah'm", "ma maw", "cannae", "the wean",
"the morra", "ah stay in X" (live). The words are respelt only where the user's
messages hold at least two unmistakably Scots forms, so that "ah ok", "like ok ma" or
"an apple" in other English stay as typed. A home said with "stay" in the simple present
("she stays in Narvik", "we have stayed in that house") is where someone lives in Scots,
Irish and Singapore English alike, and is read so in any message.
:func:`.terse.in_english` calls this first of all, on each message with all the user's
messages as context, so that "naw wait, it's X no Y" puts a value right and
"Setterday" and "the morra" resolve like any date.
"""

from __future__ import annotations

import re

from .spelling import is_known_word

# Forms no other English uses; two of them in a message mark it as Scots.
_MARKERS = frozenset("""ah'm ah've ah'll ah'd cannae didnae disnae wouldnae couldnae isnae
    wasnae dinnae shouldnae havnae havenae aboot noo hoose fae masel whit gie efter oor
    thegither afore ower wean weans bairn bairns setterday morra awright doon aff naw ye tae wi
    whitever""".split())

_WORDS = {
    "ah'm": "I'm", "ah've": "I've", "ah'll": "I'll", "ah'd": "I'd", "ah": "I", "ma": "my",
    "maw": "mum", "da": "dad", "wi": "with", "wis": "was", "noo": "now", "aboot": "about",
    "oot": "out", "roon": "round", "hoose": "house", "fae": "from", "tae": "to", "wan": "one",
    "nae": "no", "cannae": "can't", "didnae": "didn't", "disnae": "doesn't",
    "wouldnae": "wouldn't", "couldnae": "couldn't", "isnae": "isn't", "wasnae": "wasn't",
    "dinnae": "don't", "shouldnae": "shouldn't", "havnae": "haven't", "havenae": "haven't",
    "aye": "yes", "naw": "no", "ye": "you", "gie": "give", "whit": "what", "aw": "all",
    "masel": "myself", "hersel": "herself", "himsel": "himself", "hale": "whole",
    "ain": "own", "dug": "dog", "dugs": "dogs", "wean": "child", "weans": "children",
    "bairn": "child", "bairns": "children", "efter": "after", "mair": "more", "aff": "off",
    "afore": "before", "ower": "over", "thegither": "together", "oor": "our", "yer": "your",
    "awright": "alright", "cauld": "cold", "doon": "down", "heid": "head", "daes": "does",
    "dae": "do", "gonnae": "going to", "setterday": "Saturday", "jannie": "janitor",
    "polis": "police officer", "whitever": "whatever", "o": "of", "ken": "know",
}
_WORD_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
                      + r")\b", re.I)
# "an" before a consonant is "and" ("an ah need"); before a vowel it is the article
_AN_RE = re.compile(r"\ban(?= +(?:[b-df-hj-np-tv-z]|I\b|I'))", re.I)
# "ah'm no gettin", "it's X no Y": "no" for "not"
_NO_RE = re.compile(r"(\b(?:'m|am|is|'s|are|was) |\b[A-Z][a-z]+ )no\b(?! (?:idea|one|"
                    r"way|problem|doubt|sugar)\b)")
_TIMES = ((re.compile(r"\bthe morra\b", re.I), "tomorrow"),
          (re.compile(r"\b(?<!all )the day\b(?! (?:before|after|of|we|I|he|she|they)\b)", re.I),
           "today"),
          (re.compile(r"\bthe night\b(?! (?:before|of)\b)", re.I), "tonight"))
# "-in" for "-ing" ("retirin", "fishin")
_DROPPED_G_RE = re.compile(r"\b([A-Za-z][a-z]{2,})in\b(?!')")
# "hoose", "oot", "aboot" said of a word not listed: "oo" for "ou"
_OO_RE = re.compile(r"\b[A-Za-z][a-z]*oo[a-z]*\b")
# "she stays in Narvik", "we've stayed in that house 30 years": a home, said with "stay"
# ("we stayed in Narvik last summer" is a visit; "have stayed in that house" is a home)
_STAY_RE = re.compile(r"\b(stays?|(?:(?<=have )|(?<='ve )|(?<=has ))stayed)(?=(?: on (?:my|his|her|"
                      r"their|our) own)? in (?:[A-Z]|that |this |the same |our |my ))")
_LIVE = {"stay": "live", "stays": "lives", "stayed": "lived"}


def is_scots(text: str) -> bool:
    words = {w.lower() for w in re.findall(r"[A-Za-z']+", text)}
    return len(words & _MARKERS) >= 2


def scots_as_english(text: str, context: str = "") -> str:
    """``text`` with Scots spellings respelt in English (see the module docstring);
    ``context``: all the user's messages, whose Scots counts too."""
    text = _STAY_RE.sub(lambda m: _LIVE[m.group(1).lower()], text)
    if not is_scots(context or text):
        return text
    for pattern, plain in _TIMES:
        text = pattern.sub(plain, text)
    text = re.sub(r",? ken(?=\s*[.!?,]|$)", "", text)  # "..., ken.": a tag, not "know"
    text = _WORD_RE.sub(_respelt, text)
    text = _NO_RE.sub(lambda m: f"{m.group(1) or ' '}not", _AN_RE.sub("and", text))
    text = _OO_RE.sub(lambda m: m.group(0).replace("oo", "ou") if is_known_word(
        m.group(0).lower().replace("oo", "ou")) and not is_known_word(m.group(0).lower())
        else m.group(0), text)
    text = _STAY_RE.sub(lambda m: _LIVE[m.group(1).lower()], text)
    return re.sub(r"  +", " ", _DROPPED_G_RE.sub(lambda m: f"{m.group(1)}ing" if is_known_word(
        f"{m.group(1).lower()}ing") and not is_known_word(m.group(0).lower()) else m.group(0),
        text))


def _respelt(m: re.Match[str]) -> str:
    word, start = m.group(0), m.start()
    before = m.string[max(0, start - 2):start]
    if word[:1].isupper() and start and not re.fullmatch(r"[.!?]\s|\n", before) \
            and not re.match(r"\s*$", m.string[:start]) and word.lower() != "setterday":
        return word  # "Narvik Hoose": a capital mid-sentence is part of a name
    plain = _WORDS[word.lower()]
    return plain[:1].upper() + plain[1:] if word[:1].isupper() else plain
