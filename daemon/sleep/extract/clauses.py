"""Shallow clause parser: splits a user's sentence into subject + verb group + complements.

    from daemon.sleep.extract.clauses import parse_sentence
    for clause in parse_sentence("At work I mostly write Kotlin, but I prefer Haskell.", 7):
        clause.subject, clause.lemma, clause.tense, clause.rest

No part-of-speech tagger is used: subjects are found from pronouns, possessives and
capitalised names; verbs from position ("I <verb>"), auxiliaries and general verb
morphology. Sentences the parser cannot read yield no clauses, which is the safe
outcome (no fact rather than a wrong one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import (
    ADVERBS,
    AUXILIARIES,
    COPULAS,
    FUNCTION_WORDS,
    GREETINGS,
    MODALS,
    NEGATIONS,
    PREPOSITIONS,
    SUBORDINATORS,
)
from .textnorm import parse_number, tokenize
from .verbs import KNOWN_VERBS, VERB_FORMS, form_kind, lemma_of

_SUBJECT_PRONOUNS = frozenset("i we he she they".split())
_FRONT_OPENERS = PREPOSITIONS | SUBORDINATORS | frozenset(
    "every last next these nowadays lately back currently now recently usually sometimes "
    "yesterday today also then".split()
)
_GENERIC_SUBJECTS = frozenset("everyone everybody people friends".split())
_PARTICLES = frozenset("up out down off back over away around".split())
_NON_GREETING_STARTS = frozenset("good morning evening afternoon dear right sure please".split())
# Participles that act as adjectives after "be" ("is called", "am married").
_PASSIVE_OK = frozenset("called named born married based located obsessed interested retired "
                        "divorced engaged raised situated settled allergic excited "
                        "scared afraid addicted hooked employed self-employed".split())


@dataclass
class Clause:
    """One clause of a user's sentence, with its verb group analysed."""

    message_id: int
    sentence: str
    subject: list[str]
    front: list[str] = field(default_factory=list)
    aux: list[str] = field(default_factory=list)
    neg: bool = False
    adverbs: list[str] = field(default_factory=list)
    verb: str = ""
    lemma: str = ""
    tense: str = "pres"
    rest: list[str] = field(default_factory=list)
    contrast: bool = False
    shared_subject: bool = False


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def _strip_greeting(tokens: list[str]) -> list[str]:
    """Drop leading interjections: "Hey, I'm ..." -> "I'm ..."."""
    while tokens:
        low = tokens[0].lower()
        if low not in GREETINGS:
            break
        nxt = tokens[1].lower() if len(tokens) > 1 else ""
        if nxt in (",", "!", ":", "-"):
            tokens = tokens[2:]
        elif len(tokens) == 1:
            return []
        elif low not in _NON_GREETING_STARTS and (nxt in _SUBJECT_PRONOUNS or nxt in ("my", "our")
                                                  or nxt in GREETINGS):
            tokens = tokens[1:]
        else:
            break
    return tokens


def _starts_subject(tokens: list[str], i: int) -> bool:
    """Whether a new clause with its own subject and verb starts at ``i``."""
    if i >= len(tokens):
        return False
    low = tokens[i].lower()
    if low in _SUBJECT_PRONOUNS:
        return i + 1 < len(tokens) and _is_word(tokens[i + 1])
    if low in ("my", "our"):
        return _find_subject(tokens[i:]) is not None
    return False


def _finite_verb_at(tokens: list[str], i: int, subject_plural: bool) -> bool:
    """Whether tokens[i] can start a coordinated verb phrase ("... and wants to be")."""
    if i >= len(tokens):
        return False
    low = tokens[i].lower()
    if low in ADVERBS and i + 1 < len(tokens):
        return _finite_verb_at(tokens, i + 1, subject_plural)
    if low in AUXILIARIES - frozenset({"be", "been", "being"}):
        return True
    kind = form_kind(low)
    if kind in ("3s", "past"):
        return True
    return subject_plural and kind == "base" and i + 1 < len(tokens)


def split_clauses(tokens: list[str]) -> list[tuple[list[str], bool, bool]]:
    """Split a sentence's tokens into (clause tokens, contrast, shares previous subject)."""
    parts: list[tuple[list[str], bool, bool]] = []
    current: list[str] = []
    contrast = shared = False
    i = 0
    while i < len(tokens):
        tok, low = tokens[i], tokens[i].lower()
        cut, skip, next_contrast, next_shared = False, 0, False, False
        if tok == ";":
            cut, skip = True, 1
        elif low == "but" and current:
            cut, skip, next_contrast = True, 1, True
        elif tok == "," and i + 1 < len(tokens) and tokens[i + 1].lower() == "but":
            cut, skip, next_contrast = True, 2, True
        elif tok == "," and _starts_subject(tokens, i + 1):
            cut, skip = True, 1
        elif low == "and" and current:
            if _starts_subject(tokens, i + 1):
                cut, skip = True, 1
            elif _finite_verb_at(tokens, i + 1, _plural_subject(current)):
                cut, skip, next_shared = True, 1, True
        if cut:
            if current and current[-1] == ",":
                current.pop()
            if current:
                parts.append((current, contrast, shared))
            current, contrast, shared = [], next_contrast, next_shared
            i += skip
            continue
        current.append(tok)
        i += 1
    if current:
        parts.append((current, contrast, shared))
    return parts


def _plural_subject(tokens: list[str]) -> bool:
    return bool(tokens) and tokens[0].lower() in ("i", "we", "they")


def _np_end(tokens: list[str], start: int) -> int:
    """End of a possessive noun phrase starting at ``start`` ("my older sister Mira")."""
    i = start + 1
    while i < len(tokens) and i - start <= 8:
        tok, low = tokens[i], tokens[i].lower()
        prev = tokens[i - 1].lower()
        after_det = prev in ("my", "our", "'s", "and", "the", "a", "an")
        if not _is_word(tok) and tok != "'s":
            return i
        if low == "and" and i + 1 < len(tokens) and tokens[i + 1].lower() in ("i", "me"):
            return i
        if not after_det and (low in AUXILIARIES or low in NEGATIONS or low in MODALS):
            return i
        if not after_det and low in ADVERBS and i + 1 < len(tokens) and (
                form_kind(tokens[i + 1]) or tokens[i + 1].lower() in AUXILIARIES):
            return i
        if not after_det and tok[:1].islower() and form_kind(tok) in ("3s", "past"):
            return i
        if not after_det and tok[:1].islower() and tok.endswith("ed") and len(tok) > 4:
            return i
        i += 1
    return i


def _find_subject(tokens: list[str]) -> tuple[list[str], list[str], int] | None:
    """(front adverbial, subject tokens, index after subject) or None when there is none."""
    i = 0
    while i < len(tokens) and tokens[i].lower() in ("and", "so", "then", "plus", "also", "but"):
        i += 1
    front: list[str] = []
    if i < len(tokens) and tokens[i].lower() in _FRONT_OPENERS and tokens[i].lower() != "i":
        j = i + 1
        while j < min(len(tokens), i + 10):
            low = tokens[j].lower()
            if tokens[j] == "," and j + 1 < len(tokens):
                front, i = tokens[i:j], j + 1
                break
            if low in _SUBJECT_PRONOUNS or low in ("my", "our"):
                front, i = tokens[i:j], j
                break
            j += 1
        else:
            return None
        if not front:
            return None
    if i >= len(tokens):
        return None
    tok, low = tokens[i], tokens[i].lower()
    if low in _GENERIC_SUBJECTS:  # "Everyone calls me ..."
        return front, [tok], i + 1
    if low in _SUBJECT_PRONOUNS or low == "it":
        if low in ("we", "i") and i + 2 < len(tokens) and tokens[i + 1].lower() == "and":
            pass
        return front, [tok], i + 1
    if low in ("my", "our"):
        end = _np_end(tokens, i)
        if end < len(tokens) and tokens[end].lower() == "and" and end + 1 < len(tokens) \
                and tokens[end + 1].lower() == "i":
            return front, tokens[i:end + 2], end + 2
        return (front, tokens[i:end], end) if end > i + 1 else None
    if tok[:1].isupper() and low not in FUNCTION_WORDS and parse_number(tok) is None:
        j = i
        while j < len(tokens) and tokens[j][:1].isupper() and tokens[j].lower() not in AUXILIARIES:
            j += 1
        return front, tokens[i:j], j
    return None


def _verb_group(tokens: list[str], i: int) -> tuple[list[str], bool, list[str], int]:
    """Auxiliaries, negation and adverbs before the main verb; returns the verb's index."""
    aux: list[str] = []
    adverbs: list[str] = []
    neg = False
    while i < len(tokens):
        low = tokens[i].lower()
        if low in ("not", "never"):
            neg = True
        elif low == "used" and i + 1 < len(tokens) and tokens[i + 1].lower() == "to":
            aux.append("used to")
            i += 1
        elif low in AUXILIARIES or (low == "got" and aux and aux[-1] in ("have", "has")):
            aux.append(low)
        elif low in ADVERBS or (low.endswith("ly") and len(low) > 4 and low not in VERB_FORMS):
            adverbs.append(tokens[i])
        else:
            break
        i += 1
    return aux, neg, adverbs, i


def _is_verb_token(tok: str) -> bool:
    low = tok.lower()
    return bool(form_kind(low)) or (low.isalpha() and low.endswith(("ed", "en", "ing")))


def _analyse_verb(aux: list[str], tokens: list[str], i: int) -> tuple[str, str, str, int] | None:
    """(verb, lemma, tense, index after verb), or None if no verb can be found."""
    nxt = tokens[i] if i < len(tokens) else ""
    low = nxt.lower()
    aux = [a for a in aux if a != "got"] or (["have"] if "got" in aux else [])
    has_have = any(a in ("have", "has", "had") for a in aux)
    last = aux[-1] if aux else ""
    if last in COPULAS:
        if low.endswith("ing") and len(low) > 4 and low not in _PASSIVE_OK:
            tense = ("perfprog" if has_have else
                     "pastprog" if any(a in ("was", "were") for a in aux) else "prog")
            if any(a in MODALS for a in aux):
                tense = "modal:" + next(a for a in aux if a in MODALS)
            return nxt, lemma_of(low), tense, i + 1
        tense = ("perf" if has_have else "past" if last in ("was", "were") else
                 "usedto" if "used to" in aux else
                 "modal:" + aux[0] if aux[0] in MODALS else "pres")
        return last, "be", tense, i
    if last in ("have", "has", "had") and (not nxt or not _is_verb_token(nxt)):
        return last, "have", "past" if last == "had" else "pres", i
    if not nxt or not _is_word(nxt):
        return None
    if has_have:
        return nxt, lemma_of(low), "perf", i + 1
    if last == "used to":
        return nxt, lemma_of(low), "usedto", i + 1
    if last in MODALS:
        return nxt, lemma_of(low), "modal:" + last, i + 1
    if last == "did":
        return nxt, lemma_of(low), "past", i + 1
    kind = form_kind(low)
    tense = "past" if kind == "past" or (not kind and low.endswith("ed")) else "pres"
    return nxt, lemma_of(low), tense, i + 1


def _call_me(tokens: list[str], message_id: int, sentence: str) -> Clause | None:
    """The imperative "(You can) call me X": a nickname with no subject of its own."""
    lows = [t.lower() for t in tokens]
    for i in range(min(len(lows) - 2, 4)):
        if lows[i] == "call" and lows[i + 1] == "me" and tokens[i + 2][:1].isupper() and all(
                w in ("you", "can", "please", "just", "may", "could") for w in lows[:i]):
            return Clause(message_id, sentence, ["I"], verb=tokens[i], lemma="call",
                          rest=tokens[i + 1:])
    return None


def parse_clause(tokens: list[str], message_id: int, sentence: str,
                 inherited: list[str] | None = None) -> Clause | None:
    """Parse one clause; ``inherited`` is the subject of a coordinated verb phrase."""
    imperative = _call_me(tokens, message_id, sentence)
    if imperative is not None:
        return imperative
    if inherited is not None:
        front, subject, i = [], inherited, 0
    else:
        found = _find_subject(tokens)
        if found is None:
            return None
        front, subject, i = found
    aux, neg, adverbs, i = _verb_group(tokens, i)
    analysed = _analyse_verb(aux, tokens, i)
    if analysed is None:
        return None
    verb, lemma, tense, i = analysed
    if lemma != "be" and verb.lower() not in KNOWN_VERBS and not _is_verb_token(verb) \
            and subject[0].lower() not in ("i", "we", "they") and not aux:
        return None
    rest = tokens[i:]
    if rest and rest[0].lower() in _PARTICLES and lemma != "be" and (
            len(rest) == 1 or rest[1].lower() not in ("'s",)):
        lemma, rest = f"{lemma} {rest[0].lower()}", rest[1:]
    if len(front) == 1 and front[0].lower() in ADVERBS:  # "Now he is retired"
        adverbs, front = [front[0], *adverbs], []
    return Clause(message_id=message_id, sentence=sentence, subject=subject, front=front,
                  aux=aux, neg=neg, adverbs=adverbs, verb=verb, lemma=lemma, tense=tense,
                  rest=[t for t in rest if t not in ("!", "?", ".")])


def parse_sentence(sentence: str, message_id: int) -> list[Clause]:
    """All clauses of a declarative sentence that have a subject and a verb."""
    tokens = _strip_greeting([t for t in tokenize(sentence) if t not in ("!", "?")])
    clauses: list[Clause] = []
    for part, contrast, shared in split_clauses(tokens):
        inherited = clauses[-1].subject if shared and clauses else None
        clause = parse_clause(part, message_id, sentence, inherited)
        if clause is not None:
            clause.contrast, clause.shared_subject = contrast, inherited is not None
            clauses.append(clause)
    return clauses
