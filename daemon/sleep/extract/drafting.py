"""Intermediate fact drafts: a resolved subject, a slot and a deferred rendering.

    from daemon.sleep.extract.drafting import Context, resolve_subject, make_view
    ctx = Context(tracker, clause)
    subject = resolve_subject(ctx)            # who the clause is about, or None
    view = make_view(ctx)                     # second-person complements, "it" resolved

A :class:`Draft` renders only after the whole batch is read (see ``pipeline.py``),
so names learned later ("Corwin" in the next message) still reach earlier answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..types import BREAK_UPS
from .complements import Segment, segment
from .entities import Entity, Forms, Tracker, singular
from .lexicon import (
    FUNCTION_WORDS,
    NEUTRAL_RELATION,
    NUMBER_WORDS,
    RELATION_DESCRIPTORS,
    RELATIONS,
    TIME_NOUNS,
)
from .parse import Clause
from .phrasing import View
from .spelling import is_known_word


@dataclass
class Rendered:
    """A draft as text: the statement, its questions and a summary predicate."""

    text: str
    questions: list[str]
    answers: dict[str, str] = field(default_factory=dict)  # question -> its own answer
    summary: str = ""  # e.g. "is 6 years old", for "What do you know about ...?"


@dataclass
class Draft:
    """One fact found in a clause, rendered once the batch is fully read."""

    entity: Entity
    slot: str  # "name", "age", "live_in", "do:play:squash" ...
    message_id: int
    source: str
    render: Callable[[Tracker], Rendered | None]  # None: nothing worth asking
    functional: bool = True  # one value per subject: a new value supersedes the old
    weak: bool = False  # inferred: an explicit statement of the same slot wins
    value: str = ""  # for summaries/contradictions: the stated value
    negated: bool = False  # the clause was negated: a negative fact
    corrects: bool = False  # said as a correction: replaces earlier values of the relation
    time: str = ""  # a relative time of the clause, resolved: "2025", "2026-03-07"
    ends: str = ""  # a value the clause puts right: "Lamlash" in "X, not Lamlash"


@dataclass
class Subject:
    """Who or what a clause is about."""

    entity: Entity
    attr: str = ""  # "name" in "my son's name", "favourite food" in "my favourite food"
    fresh_name: str = ""  # a name given in apposition: "my aunt Ilse"
    couple: bool = False  # "we" meaning the user and their partner


@dataclass
class Context:
    tracker: Tracker
    clause: Clause
    subject: Subject | None = None
    view: View | None = None


def _split_possessed(words: list[str]) -> tuple[list[str], str]:
    """["son", "'s", "name"] -> (["son"], "name")."""
    if "'s" in words:
        idx = words.index("'s")
        # a name after the relation keeps its capital ("wife's mother Vera")
        return words[:idx], " ".join(w if w[:1].isupper() and i else w.lower()
                                     for i, w in enumerate(words[idx + 1:]))
    return words, ""


def _parse_owner(words: list[str]) -> tuple[list[str], str, str]:
    """(descriptors, head noun, apposition name) of "older sister Mira"."""
    name_start = len(words)
    while name_start > 0 and words[name_start - 1][:1].isupper():
        name_start -= 1
    lower, name = words[:name_start], " ".join(words[name_start:])
    if not lower:
        return [], "", name
    descriptors = [w.lower() for w in lower[:-1] if w.lower() in RELATION_DESCRIPTORS]
    return descriptors, lower[-1].lower(), name


def _possessed_subject(ctx: Context, words: list[str]) -> Subject | None:
    tracker = ctx.tracker
    if words and words[-1].lower() in ("i", "me"):  # "my wife and I", "my pal Oskar and me"
        return Subject(tracker.user, couple=True)
    owner, attr = _split_possessed(_without_where(words))
    descriptors, head, name = _parse_owner(owner)
    if not head:
        return None
    kin_words = attr.split() if attr else []
    kin_name = ""  # "my wife's mother Vera"
    if len(kin_words) >= 2 and kin_words[-1][:1].isupper() and not _is_relation(kin_words[-1]) \
            and _is_relation(kin_words[-2]):
        kin_name, kin_words = kin_words[-1], kin_words[:-1]
    if kin_words and _is_relation(kin_words[-1]) and len(kin_words) <= 2 and (
            singular(head) in RELATIONS or head in RELATIONS):
        # "my boyfriend's dad": a relation of a relation
        parent = _relation_entity(tracker, head, descriptors, name)
        kin = tracker.kin(parent, kin_words[-1], kin_words[:-1])
        kin.name = kin.name or kin_name
        return Subject(kin, fresh_name=kin_name)
    is_relation = singular(head) in RELATIONS or head in RELATIONS or bool(name) or bool(attr)
    if not is_relation or len(owner) > len(descriptors) + 1 + len(name.split()):
        return Subject(tracker.user, attr=" ".join(w.lower() for w in words))
    entity = _relation_entity(tracker, head, descriptors, name)
    return Subject(entity, attr=attr, fresh_name=name)


def _without_where(words: list[str]) -> list[str]:
    """ "new supervisor in the blood clinic" -> "new supervisor": where a relation is met
    says which one, not who ("my friend from school", "my boss at the depot")."""
    for i, word in enumerate(words[:-2]):
        if _is_relation(word.lower()) and words[i + 1].lower() in ("in", "at", "from") \
                and words[i + 2].lower() != "law":
            return words[:i + 1]
    return words


def _relation_entity(tracker: Tracker, head: str, descriptors: list[str], name: str) -> Entity:
    if name:
        named = tracker.by_name(name)
        if named is not None and (not named.relation or named.relation == head
                                  or NEUTRAL_RELATION.get(head) == named.relation):
            if named.relation != head:
                tracker.refine(named, head)
            tracker.describe(named, descriptors)
            return named
    # a sister named otherwise is a second sister: ``by_relation`` passes over her
    entity = tracker.by_relation(head, descriptors, name)
    if name and not entity.name:
        entity.name = name
    return entity


def new_draft(ctx: Context, slot: str, render: Callable[[Tracker], Rendered | None],
              entity: Entity | None = None, functional: bool = True, value: str = "",
              weak: bool = False) -> Draft:
    """A draft about the clause's subject (or ``entity``), sourced from the clause."""
    assert ctx.subject is not None
    return Draft(entity or ctx.subject.entity, slot, ctx.clause.message_id,
                 ctx.clause.sentence, render, functional=functional, weak=weak, value=value)


def obj_of(ctx: Context) -> Segment | None:
    """The clause's object phrase, if any."""
    return ctx.view.obj if ctx.view else None


def is_copula(ctx: Context) -> bool:
    """An affirmative "be" clause ("He is 9", not "He isn't")."""
    return ctx.clause.lemma == "be" and not ctx.clause.neg


def predicate_of(text: str, forms: Forms) -> str:
    """ "Your nephew Corwin is 9 years old." -> "is 9 years old" (for summaries)."""
    return text.split(" ", len(forms.display.split()))[-1].rstrip(".")


# Entity types of the tagger that name a place, not a person or pet (it often reads a
# person's name as an organisation, so that type is no evidence).
_NOT_SOMEONE = frozenset("GPE LOC".split())
_TIME_ONLY = frozenset("in on at last next this ago , the of".split())


def resolve_subject(ctx: Context) -> Subject | None:
    """The entity a clause's subject refers to; None if it is not about the user's world."""
    tracker, words = ctx.tracker, ctx.clause.subject
    if len(words) > 1 and words[-1] in ("'s", "\u2019s"):
        words = words[:-1]  # "Vera's coming out with me": the tagger left "is" on the name
    low = words[0].lower()
    if low == "i":
        return Subject(tracker.user)
    if low == "we":
        return Subject(tracker.user, couple=_is_reciprocal(ctx.clause))
    if low in ("he", "she"):
        entity = tracker.continued(low) or tracker.by_pronoun(low)
        if entity is not None and _named_in(entity, ctx.clause.rest):
            tracker.topic = None
            return None  # "He saw Dad in May": whoever "he" is, not Dad
        tracker.topic = entity
        return Subject(entity) if entity is not None else None
    tracker.topic = None
    if low in ("they", "it"):
        entity = tracker.by_pronoun(low)
        if entity is None and low == "it" and tracker.last_thing:
            entity = tracker.new(name=tracker.last_thing)
            entity.thing = True
        return Subject(entity) if entity is not None else None
    if low in ("my", "our"):
        return _possessed_subject(ctx, words[1:])
    if low == "the" and len(words) == 2 and _is_ours(ctx.clause.rest):
        return _possessed_subject(ctx, words[1:])  # "The workshop ... that we rent"
    if low in ("his", "her", "its") and [w.lower() for w in words[1:]] == ["name"]:
        owner = tracker.by_pronoun(low)  # "a small dog, his name is Pip"
        return Subject(owner, attr="name") if owner is not None and not owner.is_user else None
    if low in ("his", "her") and len(words) in (2, 3) and words[-1][:1].islower() \
            and not _is_relation(words[-1].lower()):
        owner = tracker.by_pronoun(low)  # "his wedding is in three weeks": the owner's
        if owner is not None and not owner.is_user and owner.relation:
            return Subject(owner, attr=" ".join(words[1:]).lower())
    if low in ("his", "her") and len(words) > 1:
        descriptors, head, name = _parse_owner(words[1:])
        owner = tracker.owner_of(low) if head and _is_relation(head) else None
        if owner is not None and owner.relation:
            entity = tracker.kin(owner, head, descriptors)  # "her little brother Oskar"
            entity.name = entity.name or name
            return Subject(entity, fresh_name=name)
        return None
    if low in ("his", "her", "their", "its", "your"):
        return None  # someone else's relative ("his dad"): not a relation of the user
    if len(words) > 2 and words[1] in ("'s", "\u2019s") and RELATIONS.get(low, ("", False))[1]:
        return _possessed_subject(ctx, [low, *words[1:]])  # "dad's party was ...": my dad's
    if len(words) > 2 and words[1] in ("'s", "\u2019s") and words[0][:1].isupper():
        owner = tracker.by_name(words[0])
        if len(words) == 3 and owner is not None and not owner.is_user \
                and not _is_relation(words[2].lower()):
            return Subject(owner, attr=words[2].lower())  # "Oskar's birthday is ..."
        return _kin_of_named(tracker, words[0], words[2:])  # "Oskar's mum Vera lives ..."
    if low == "you" or not words[0][:1].isupper() or low in FUNCTION_WORDS:
        return None  # "Each one takes me 2 hours", "The flat is quiet": nobody in particular
    if len(words) == 1 and low in RELATIONS:
        return _possessed_subject(ctx, [low])  # "Mum lives in Tromso": the user's mum
    if len(words) >= 3 and [w.lower() for w in words[-2:]] in (["and", "i"], ["and", "me"]) \
            and ctx.clause.lemma not in BREAK_UPS:  # "Oskar and I split up" is about Oskar
        partner = tracker.by_name(" ".join(words[:-2]))  # "Oskar and I": with the partner
        if partner is not None and "partner" in (partner.relation,
                                                 NEUTRAL_RELATION.get(partner.relation)):
            return Subject(tracker.user, couple=True)
    name = " ".join(words)
    known = tracker.by_name(name)  # someone the user named wins over the tagger's guess
    if known is None and len(words) == 1 and low.endswith("s") and is_known_word(low[:-1]) \
            and ctx.clause.subject_kind != "PERSON":
        return None  # "Nights suit me": a plural common noun opening a sentence
    rest = [w.lower() for w in ctx.clause.rest]
    # ("oskar is 6": an age makes a lowercase known word a name; "plan is like 100 total"
    # does not)
    aged = _gives_age(ctx.clause) and (len(rest) == 1 or rest[1] in _AFTER_AGE)
    # ("Rent is 900 quid": a common word capitalised at the start, said to be a sum)
    money = bool(rest) and re.fullmatch(r"[£$€]?\d[\d,.]*k?", rest[0]) is not None \
        and (len(rest) == 1 or rest[1] in _AMOUNT_AFTER)
    if known is None and len(words) == 1 and is_known_word(low) and not aged \
            and ctx.clause.subject_kind != "PERSON" \
            and (money or re.search(rf"\b{low}\b", ctx.clause.sentence)):
        return None  # "plan is like 100": a common word typed in lowercase, no one's name
    if known is None and len(words) <= 2 and all(w[:1].isupper() for w in words) \
            and _gives_age(ctx.clause) and (child := tracker.unnamed_child()) is not None:
        child.name = name  # "... my son's teacher? Oskar is 8 and ...": the son's name
        return Subject(tracker.mention(child), fresh_name=name)
    if known is None and ctx.clause.subject_kind in _NOT_SOMEONE and not _gives_age(ctx.clause):
        return None  # "Yorkshire is ashamed of me": a place, not someone the user knows
    if known is None and ctx.clause.lemma == "be" and rest and all(
            w in _TIME_ONLY or re.fullmatch(r"(?:19|20)\d\d", w) or w in TIME_NOUNS for w in rest):
        return None  # "Narvik was last year": when a place or a plan was, no one's fact
    return Subject(known or tracker.new(name=name))


def _named_in(entity: Entity, rest: list[str]) -> bool:
    """Whether the clause's complements name ``entity`` itself: by name, as "Dad" or as
    "my dad"."""
    for i, word in enumerate(rest):
        if entity.first_name and word == entity.first_name:
            return True
        if entity.relation and word.lower() == entity.relation and (
                word[:1].isupper() or i and rest[i - 1].lower() in ("my", "our")):
            return True
    return False


def _kin_of_named(tracker: Tracker, owner_name: str, words: list[str]) -> Subject | None:
    """ "Oskar's mum Vera": the relation of someone the user named, as that person's kin;
    None when the owner is unknown or the head is no relation (it is not the user's)."""
    descriptors, head, name = _parse_owner(words)
    owner = tracker.by_name(owner_name)
    if owner is None or owner.is_user or not owner.relation or not head \
            or not _is_relation(head):
        return None
    entity = tracker.kin(owner, head, descriptors)
    entity.name = entity.name or name
    return Subject(entity, fresh_name=name)


_AFTER_AGE = frozenset("years year and , next on in now".split())
_AMOUNT_AFTER = frozenset("quid pounds dollars euros total each max tops a".split())


def _gives_age(clause: Clause) -> bool:
    """ "X is 8", "X's 11, in Year 7", "X turns 7": an age, said of the subject."""
    rest = clause.rest
    return clause.lemma in ("be", "turn") and bool(rest) and (
        rest[0].isdigit() or rest[0].lower() in NUMBER_WORDS)


_HOLD_VERBS = frozenset("rent own run have bought built share lease".split())


def _is_ours(rest: list[str]) -> bool:
    """ "... that we rent for next to nothing": what the clause describes is the user's."""
    lows = [t.lower() for t in rest]
    return any(a in ("that", "which") and b in ("i", "we") and c in _HOLD_VERBS
               for a, b, c in zip(lows, lows[1:], lows[2:], strict=False))


def _is_relation(word: str) -> bool:
    return word in RELATIONS or singular(word) in RELATIONS


def _is_reciprocal(clause: Clause) -> bool:
    lows = {t.lower() for t in clause.rest} | {clause.lemma}
    return bool(lows & {"together", "married", "dating", "engaged", "marry", "date", "met",
                        "meet"})


# Words that follow an object pronoun ("told her about it"), never a possessed noun.
_AFTER_OBJECT = frozenset("to for with at in on about from and or but a an the that this so "
                          "up out off over back down when if because every each last next "
                          "tomorrow today tonight yesterday twice once again too as like all "
                          "sometimes always never much loads lots more".split())


def _resolve_object_pronouns(tokens: list[str], tracker: Tracker,
                             subject: Entity | None = None) -> list[str]:
    """ "I use it for ..." -> "I use Helix for ..." (first object pronoun only); one that
    is the subject's own stays ("she had her birthday")."""
    if not tokens or tokens[0].lower() not in ("it", "him", "her", "them"):
        return tokens
    low = tokens[0].lower()
    if low == "it" and tracker.last_thing:
        return tracker.last_thing.split() + tokens[1:]
    entity = tracker.it_here() if low == "it" else tracker.by_pronoun(low)
    if entity is None or entity is tracker.user or entity is subject:
        return tokens
    if entity.relation:  # first person, like the user's own words: "my son Corwin"
        words = ["my", *entity.relation_phrase.split(), *entity.name.split()]
    elif entity.name:
        words = entity.name.split()
    else:
        return tokens
    # "she had her birthday": "her" before a noun is the possessive ("my cat Zuzu's")
    if low == "her" and len(tokens) > 1 and tokens[1][:1].isalpha() and \
            tokens[1].lower() not in _AFTER_OBJECT:
        words[-1] += "'s"
    return [*words, *tokens[1:]]


def make_view(ctx: Context) -> View:
    """The clause's complements (first person, "it" resolved), a fronted adverbial moved last."""
    clause = ctx.clause
    subject = ctx.subject.entity if ctx.subject is not None else None
    rest = _resolve_object_pronouns(list(clause.rest), ctx.tracker, subject)
    segs = segment(rest)
    front = list(clause.front)
    # "Since 2012 I am married": a fronted time, not a clause ("since we met")
    clause_word = front and front[0].lower() in ("before", "after", "when", "while", "since") \
        and not (len(front) > 1 and front[1][:1].isdigit())
    if front and not clause_word:
        front = [front[0].lower(), *front[1:]]
        segs += [s for s in segment(front) if s.kind != "obj"] or [
            Segment("time", "", front, "time")]
    adverbs = [a.lower() for a in clause.adverbs if a.lower() not in ("just", "really", "so")]
    return View(clause.lemma, clause.tense, clause.neg, adverbs, segs)
