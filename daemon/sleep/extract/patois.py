"""Jamaican patois as it is typed -> the English the clause rules read.

    from daemon.sleep.extract.patois import patois_as_english
    patois_as_english("Mi name Vera, mi 46 and mi madda live inna Narvik, she a go turn 80.")
    # "My name is Vera, I am 46 and my mother lives in Narvik, she is going to turn 80."

Jamaican speakers write English with the grammar of patois: "mi" is I, me and my; the
verb has no ending ("she live"), "a" marks what is going on ("she a study nursing") and
"a go" what will be, "dem" after a noun makes it plural, "fi" is "to" or "for", "inna"
and "pon" are "in" and "on", and "him" can be "he" or "his". The words are put in English
only where the user's messages hold at least three forms no other English uses, so that
a Scots "wi" or an español "mi" is left to its own module. :func:`.terse.in_english` calls
this with all the user's messages as context, before slips are put right.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas, getInflection

from .lexicon import (
    FUNCTION_WORDS,
    NUMBER_WORDS,
    PREPOSITIONS,
    RELATION_DESCRIPTORS,
    RELATIONS,
    is_job_noun,
)
from .spelling import is_known_word
from .verbs import VERB_FORMS, be_for, gerund, third_person

# Forms no other English uses; three of them in the user's messages mark patois.
_MARKERS = frozenset("""inna pon nuh likkle pickney madda fadda bredda gwaan yuh seh mek nyam
    fi wid weh deh siddung unno cyaan caan""".split())

_WORDS = {
    "di": "the", "inna": "in", "pon": "on", "wid": "with", "dat": "that", "dis": "this",
    "ting": "thing", "tings": "things", "wah": "what", "yuh": "you", "unno": "you",
    "likkle": "little", "madda": "mother", "fadda": "father", "bredda": "brother",
    "sista": "sister", "bwoy": "boy", "gyal": "girl", "nyam": "eat", "mek": "make",
    "tek": "take", "deh": "there", "siddung": "sit down", "fraid": "afraid", "vex": "angry",
    "nex": "next", "seh": "says", "cyaan": "can't", "caan": "can't", "wi": "we",
    "nuttn": "nothing", "tink": "think", "sah": "sir", "weh": "that",
}
_WORD_RE = re.compile(r"\b(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.I)
_MODALS = frozenset("""a nuh nah neva never did will can could would wouldn't can't don't won't
    was just still also too only really gone afraid in on""".split())
_PARTICLES = frozenset("in up out off over down back on".split())
_CLAUSE_OPENERS = frozenset("""and but cause because so when if that then now or while
    where who since till until after before says seh said think reckon reckons""".split())
_SUBJECT = r"(?:\b(?:I|he|she|we|they|you)|(?<![.!?]\s)\b[A-Z][a-z]+)"
_PHRASES = (
    (re.compile(r"\bwah gwaan\b[!,.]*\s*", re.I), ""),  # a greeting, no name
    (re.compile(r"\bback a yard\b"), "back home"),
    (re.compile(r"\bgone fi\b"), "a go"),  # "mi gone fi cook now": I am off to cook
    (re.compile(r"\bnah go\b"), "won't"),
    (re.compile(r"\bbless up\b", re.I), "thanks"),
    # "born and grow a X": raised in X
    (re.compile(r"\bborn and grow a\b"), "born and raised in"),
    # "a March she born, not April": the thing said first is what the sentence is about
    (re.compile(r"\ba ([A-Z][a-z]+) (she|he|him|mi|I) born\b"), r"\2 born in \1"),
    (re.compile(r"\ba (him|her|she|he|mi) born\b"), r"\1 born"),
    (re.compile(r"\bfrom (?=(?:19|20)\d\d\b|mi was\b|(?:she|he|him) was\b)"), "since "),
)


def is_patois(text: str) -> bool:
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    return len(words & _MARKERS) >= 3


def patois_as_english(text: str, context: str = "") -> str:
    """``text`` with patois put in English (see the module docstring); ``context``: all
    the user's messages, whose patois counts too."""
    if not is_patois(context or text):
        return text
    for pattern, plain in _PHRASES:
        text = pattern.sub(plain, text)
    text = re.sub(r"\b(\w+) dem\b", _plural, text)
    text = re.sub(r"\bfi\b(?= (\w+))", _fi, text, flags=re.I)
    text = re.sub(r"\b(\w+) pickney\b", lambda m: f"{m.group(1)} " + (
        "children" if m.group(1).lower() not in ("a", "one", "di", "mi", "the", "my")
        else "child"), text)
    text = _WORD_RE.sub(_respelt, text)
    text = re.sub(r"\b(?i:mi)\b", _mi, text)
    text = re.sub(r"\b(?i:him)\b", _him, text)
    text = _grammar(text)
    text = re.sub(r"\bnuh\b(?= (\w+))", lambda m: "don't" if _is_verb(m.group(1)) else "no",
                  text, flags=re.I)
    return re.sub(r"  +", " ", text).strip()


def _grammar(text: str) -> str:
    """Person and tense the patois leaves out: "she a go turn", "she a study", "she live",
    "she only 29", "him a prison officer", "mi nuh fat"."""
    text = re.sub(_SUBJECT + r" a go\b", lambda m: f"{m.group(0)[:-5]} {_be(m)} going to", text)
    text = re.sub(_SUBJECT + r" (?:a|deh) (\w+)\b", _progressive, text)
    text = re.sub(_SUBJECT + r" nuh (\w+)\b", _negated, text)
    text = re.sub(_SUBJECT + r" born\b", lambda m: f"{m.group(0)[:-5]} was born", text)
    text = re.sub(_SUBJECT + r"(?= (?:only |still |just |too |so |very )?(\w+))", _copula,
                  text)
    text = _agree(text)
    text = re.sub(r"\b((?:[Mm]y|[Hh]is|[Hh]er) name) (?=[A-Z])", r"\1 is ", text)
    return re.sub(r"\b(\w+) name (?=[A-Z])", lambda m: m.group(0) if m.group(1).lower() in (
        "my", "his", "her", "your", "the", "first", "last", "is") else f"{m.group(1)} is called ",
        text)


def _be(match: re.Match[str]) -> str:
    return be_for(match.group(0).split()[0])


def _progressive(match: re.Match[str]) -> str:
    head, verb = match.group(0).rsplit(" ", 2)[0], match.group(1)
    if not _is_verb(verb) and ("VERB" not in getAllLemmas(verb.lower()) or is_job_noun(verb)):
        # "him a prison officer": "a" is the article and "is" is left out
        return f"{head} {_be(match)} a {verb}"
    return f"{head} {_be(match)} {gerund(verb.lower())}"


def _copula(match: re.Match[str]) -> str:
    """ "she only 29", "we inna X", "she patient": the "is" patois leaves out."""
    word, subject = match.group(1).lower(), match.group(0).split()[0]
    before = match.string[:match.start()].split()[-1:]
    if subject not in ("I", "he", "she", "we", "they", "you") and (
            not _is_singular_subject(subject) or before and before[0] in PREPOSITIONS):
        return match.group(0)  # "My new ...", "in Narvik next to ..."
    kinds = getAllLemmas(word)
    if word[:1].isdigit() or word == "in" or "ADJ" in kinds and "VERB" not in kinds:
        return f"{match.group(0)} {_be(match)}"
    return match.group(0)


def _fi(match: re.Match[str]) -> str:
    """ "fi" is "to" before a verb, "for" before anything else ("fi di week", "fi mi")."""
    word = match.group(1)
    if word[:1].isupper() or word[:1].isdigit() or word.lower() in (
            "di", "a", "her", "him", "mi", "dem", "yuh") or word.lower() in NUMBER_WORDS \
            or word.lower() in FUNCTION_WORDS:
        return "for"
    return "to" if "VERB" in getAllLemmas(word.lower()) else "for"


def _negated(match: re.Match[str]) -> str:
    head, word = match.group(0).rsplit(" ", 2)[0], match.group(1)
    if _is_verb(word):
        does = "don't" if head.split()[-1].lower() in ("i", "we", "they", "you") else "doesn't"
        return f"{head} {does} {word}"
    return f"{head} {_be(match)} not {word}"


def _agree(text: str) -> str:
    """ "she live in X" -> "she lives in X": a bare verb after a singular subject."""
    tokens = text.split(" ")
    for i, (subject, verb) in enumerate(zip(tokens, tokens[1:], strict=False)):
        if not _is_singular_subject(subject) or verb not in VERB_FORMS or verb in _MODALS:
            continue
        if VERB_FORMS[verb][1] == "base" and (i == 0 or tokens[i - 1].lower() not in
                                               PREPOSITIONS):
            tokens[i + 1] = third_person(verb)
    return " ".join(tokens)


def _is_singular_subject(word: str) -> bool:
    """She, he, it, a name ("My", "The" and other known words are not names) or a kinship
    noun."""
    return word.lower() in ("she", "he", "it") or bool(re.fullmatch(r"[A-Z][a-z]+", word)) \
        and not is_known_word(word.lower()) or word in RELATIONS  # "my mother live in X"


def _is_verb(word: str, after: str = "") -> bool:
    low = word.lower()
    if low in _MODALS:
        return True
    if low in VERB_FORMS:
        return VERB_FORMS[low][1] != "ing"  # "mi leaving do": a noun's modifier
    kinds = getAllLemmas(low)
    if "VERB" not in kinds:
        return False
    return "NOUN" not in kinds and "ADJ" not in kinds or after in _PARTICLES


def _mi(match: re.Match[str]) -> str:
    """ "mi" is I before a verb or an age, my before a noun, me after a verb."""
    nxt, after, opens = _around(match)
    if nxt[:1].isdigit():
        word = "I am"
    elif nxt in RELATIONS or nxt in RELATION_DESCRIPTORS or nxt == "name":
        word = "my"
    elif nxt.endswith("ing"):  # "mi leaving do"
        word = "my"
    elif nxt in _MODALS and (nxt != "a" or after == "go" or _is_verb(after)):
        word = "I"  # "mi could", "mi nuh", "mi a go", but "write mi a speech"
    elif _is_verb(nxt, after):
        word = "I" if opens else "me"
    elif nxt in FUNCTION_WORDS or not nxt:  # "tell mi to ...", "show mi all", "for mi."
        word = "I" if opens and nxt else "me"
    elif "NOUN" in getAllLemmas(nxt) or not opens and "ADJ" in getAllLemmas(nxt):
        word = "my"
    else:  # "if mi ever win"
        word = "I" if opens else "my"
    return word[:1].upper() + word[1:] if match.group(0)[0] == "M" else word


def _around(match: re.Match[str]) -> tuple[str, str, bool]:
    """The next two words after ``match``, and whether it opens a clause."""
    rest = [w.strip(",.!?;:").lower() for w in match.string[match.end():].split(maxsplit=2)]
    if rest and match.string[match.end():].split()[0][-1:] in ",.!?;:":
        rest = rest[:1] + [""]  # "mi," : the clause ends at the word
    before = match.string[:match.start()].rstrip()
    opens = not before or not before[-1].isalnum() or before.split()[-1].lower() in \
        _CLAUSE_OPENERS
    return (rest[0] if rest else ""), (rest[1] if len(rest) > 1 else ""), opens


def _him(match: re.Match[str]) -> str:
    """ "him" opening a clause is he; before a noun of his it is his."""
    nxt, _, opens = _around(match)
    if opens and nxt:
        return "He" if match.group(0)[0] == "H" else "he"
    if nxt in RELATIONS or nxt in RELATION_DESCRIPTORS or "NOUN" in getAllLemmas(nxt) \
            and not _is_verb(nxt):
        return "his"
    return match.group(0)


def _plural(match: re.Match[str]) -> str:
    """ "di resident dem" -> "the residents"; "dem" opening a clause is "they"."""
    word = match.group(1)
    if word.lower() in _CLAUSE_OPENERS or not word.isalpha():
        return f"{word} they"
    if "NOUN" not in getAllLemmas(word.lower()):
        return match.group(0)
    if word.endswith("s"):
        return word
    forms = getInflection(word.lower(), tag="NNS")
    return forms[0] if forms else word


def _respelt(match: re.Match[str]) -> str:
    word = match.group(0)
    plain = _WORDS[word.lower()]
    return plain[:1].upper() + plain[1:] if word[:1].isupper() else plain
