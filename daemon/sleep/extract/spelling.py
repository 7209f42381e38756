"""Misspelt everyday words -> their spelling, so a question never trains a typo.

    from daemon.sleep.extract.spelling import respell
    respell("nmae")        # "name"
    respell("favourite")   # "favourite" (British spelling is spelling)
    respell("Tarik")       # "Tarik" (names and unknown words are left alone)

``pyspellchecker``'s English frequency list decides: a lowercase word it does not know
is replaced by its best candidate one edit away, when that candidate is a common word.
The parser applies it to the words a question is built from (the subject and the
verb), never to a value: "my dog is called Bizkit" keeps "Bizkit". The firewall
accepts the respelt words, since the user typed them.
"""

from __future__ import annotations

import re
from functools import cache

from spellchecker import SpellChecker

from .lexicon import FUNCTION_WORDS, RELATIONS

# A candidate must be at least this common (share of running English text) to replace
# an unknown word: rare candidates are likelier to be a misreading of a name.
MIN_FREQUENCY = 5e-6
_BRITISH = (("our", "or"), ("ise", "ize"), ("tre", "ter"), ("ll", "l"), ("ogue", "og"))


# Everyday words newer than the checker's word list, which it would "correct" ("wifi" ->
# "wife" made a teenager's wish for wifi one for a wife).
_NEWER_WORDS = ("wifi", "wi-fi", "app", "apps", "online", "email", "emails", "smartphone",
                "laptop", "podcast", "podcasts", "selfie", "selfies", "vlog", "uni",
                # school subjects as pupils shorten them
                "chem", "bio", "maths", "geog", "psych", "physics", "econ")


@cache
def _checker() -> SpellChecker:
    checker = SpellChecker(distance=1)
    checker.word_frequency.load_words(_NEWER_WORDS)
    return checker


def _british(word: str, checker: SpellChecker) -> bool:
    return any(b in word and word.replace(b, a) in checker for b, a in _BRITISH)


@cache
def respell(word: str) -> str:
    """``word`` with its spelling fixed when it is a misspelt common word (see above)."""
    if not word.isalpha() or not word.islower() or len(word) < 3:
        return word
    checker = _checker()
    if word in checker or _british(word, checker) or word in RELATIONS:
        return word  # ("nain", "taid", "ouma": kinship words of other Englishes)
    best = checker.correction(word)
    if not best or best == word or checker.word_usage_frequency(best) < MIN_FREQUENCY:
        return word
    return best


# The common words a slip of the thumb most often hits ("adn", "teh", "wiht", "freind").
_SLIP_TARGETS = FUNCTION_WORDS | frozenset("""friend friends tomorrow without because really
    finally actually little brother sister mother father daughter about their""".split())


def typos_fixed(text: str) -> str:
    """``text`` with slips of the thumb in common words put right: two letters swapped or
    one letter left out ("adn", "wiht", "finaly"), never a letter changed, so a name typed
    in lowercase ("vera", "oskar") is left as it is."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 3 or word in _checker() or word in RELATIONS:
            return word
        best = respell(word)
        if best == word or best not in _SLIP_TARGETS or not _slipped(word, best) \
                or len(best) < len(word):  # ("atm", "thx": chat shorthand, no slip)
            return word
        return best
    return re.sub(r"(?<![\w'-])[a-z]+(?![\w'-])", fix, text)


def _slipped(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with two neighbouring letters swapped or one letter
    added or dropped."""
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == meant[diff[1]] \
            and typed[diff[1]] == meant[diff[0]]
    short, long = sorted((typed, meant), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1:] == short
                                               for i in range(len(long)))


def is_known_word(word: str) -> bool:
    """Whether ``word`` (lowercase) is in the English word list."""
    return word in _checker()


def respelt_words(text: str) -> str:
    """The respellings of ``text``'s misspelt words, space-separated (for the firewall)."""
    words = re.findall(r"[a-z]+", text)
    fixed = [f for w in words
             if (f := respell(w) if respell(w) != w else respell_relations(w)) != w]
    # "sun" is a word, so only the phrase around it ("my sun Oskar") says it means "son"
    return " ".join(fixed + ["son"] * bool(_SOUNDS_LIKE_SON_RE.search(text)))


def respell_relations(text: str) -> str:
    """Misspelt relation and animal nouns respelt ("girlfreind", "tortise", "exboyfreind"):
    rare in running text, so ``respell`` leaves them, but they decide who a fact is about."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low in RELATIONS or not word.islower() or low in _checker():
            return word
        if low.startswith("ex") and (base := _relation_candidate(low[2:])):
            return f"ex-{base}" if f"ex-{base}" in RELATIONS else word
        return _relation_candidate(low) or word
    text = _SOUNDS_LIKE_SON_RE.sub(r"\1son", text)
    return re.sub(r"[A-Za-z]{4,}", fix, text)


# "my sun Oskar is 11": the word a phone or a voice put for "son", before a name or an age
_SOUNDS_LIKE_SON_RE = re.compile(r"\b((?i:my|our) (?:(?:little|eldest|oldest|youngest|"
                                 r"older|younger) )?)sun(?= [A-Z][a-z]+\b| (?:is|turns) \d)")


def _relation_candidate(word: str) -> str:
    if word in RELATIONS:
        return word
    found = sorted(c for c in (_checker().candidates(word) or ()) if c in RELATIONS)
    return found[0] if len(found) == 1 else ""
