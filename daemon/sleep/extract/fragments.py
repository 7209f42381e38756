"""Sentences the small tagger reads badly, read again: the user left out as subject, a
verb swallowed after a name.

    from daemon.sleep.extract.fragments import read_sentence
    read_sentence("Sold the van.", 3)[0][0].subject                    # ['I']
    read_sentence("My brother Oskar farms mussels.", 3)[0][0].subject  # ['My', 'brother', 'Oskar']

``read_sentence`` is what the pipeline calls: the parse's clauses (:mod:`.parse`) and
mentions (:mod:`.mentions`), plus two repairs. A terse part with no clause ("Sold the
van.", "Locksmith.") is read with "I" as its subject when it is news, a habit, a job or
a state, never a reaction or a request. After "my <relation> <Name>" the tagger often
reads the verb as a plural noun ("Oskar farms" as a compound); the rest is read after a
pronoun and its clauses are given the mention back.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .gazetteer import is_town
from .lexicon import JOB_ADJECTIVES, is_breed_word, is_job_noun
from .mentions import Mention, mentions_of
from .nlp import parse_text
from .parse import Clause, clauses_of
from .verbs import lemma_of

_HABITS = frozenset("love like hate enjoy prefer adore ride drive own live work play teach study "
                    "speak run cook grow keep collect support drink smoke eat".split())
_CHANGES = frozenset("sell buy move quit marry retire adopt graduate leave lose".split())
_DEFINITE = frozenset("the that this those these your it them".split())
_PAST_TIME_RE = re.compile(r"\b(?:in (?:19|20)\d\d|ago|last \w+|yesterday)\b", re.I)
_STATES = frozenset("married single divorced retired widowed engaged unemployed".split())


def read_sentence(sentence: str, message_id: int, known: frozenset[str] = frozenset()
                  ) -> tuple[list[Clause], list[Mention]]:
    """A sentence's clauses and the possessed noun phrases it mentions, from one parse;
    ``known``: lowercase names the user gave earlier, read as names where typed lowercase."""
    doc = parse_text(sentence, known)
    if doc is None:
        return [], []
    clauses = clauses_of(doc[:], message_id, sentence)
    mentions = mentions_of(doc)
    clauses = _named_subject(doc, clauses, mentions, message_id, sentence)
    for part in doc.sents:
        # A terse part with the user left out ("update on the car: sold the kayak")
        if any(part.start <= c.position < part.end for c in clauses):
            continue
        full = with_subject(part)
        again = parse_text(full) if full is not None else None
        if again is not None:
            shift = part.start
            for clause in clauses_of(again[:], message_id, sentence):
                clause.position += shift
                clauses.append(clause)
    return sorted(clauses, key=lambda c: c.position), mentions


def _named_subject(doc: Doc, clauses: list[Clause], mentions: list[Mention], message_id: int,
                   sentence: str) -> list[Clause]:
    """ "My brother Oskar farms oysters ...": after a name the small tagger reads the verb
    as a plural noun ("Oskar farms" as a compound) and finds no verb or a wrong one; the
    rest read after a pronoun parses, and its clauses are given the mention back."""
    opener = next((m for m in mentions if m.position == 0 and len(m.words) > 2), None)
    if opener is None:
        return clauses
    size = len(opener.words)
    first = clauses[0] if clauses else None
    if first is not None and len(first.subject) <= size:
        return clauses
    rest = doc[size:].text
    again = parse_text(f"He {rest}") if rest.strip() else None
    if again is None:
        return clauses
    found = clauses_of(again[:], message_id, sentence)
    if not found or found[0].subject != ["He"] or found[0].lemma == "be":
        return clauses
    for clause in found:
        if clause.subject == ["He"]:
            clause.subject = list(opener.words)
        clause.position += size - 1
    return found


_SPAN_WITHOUT_FOR_RE = re.compile(r"^(been [^,.!?]*?[a-z])(?<! for) (\d{1,2}|[a-z]+) "
                                  r"(years|months)\b")


def _is_role(words: list) -> bool:
    """ "a potter", "an apprentice warden", "married": what someone can have been a while."""
    lows = [w.lower_ for w in words]
    if lows and lows[0] in _STATES:
        return True
    return len(lows) > 1 and lows[0] in ("a", "an") and any(is_job_noun(w) for w in lows[1:])


def with_subject(doc: Doc | Span) -> str | None:
    """A terse sentence with the user as its left-out subject ("Sold the van." -> "I sold
    the van."), or None when it is not one: only verbs of habit and change, a job or a
    state, never a reaction ("Love that idea") or a request ("Need a reply")."""
    words = [t for t in doc if not t.is_punct]
    if not words or len(words) > 12:
        return None
    text = doc.text.strip()
    low = text[:1].lower() + text[1:]
    first, second = words[0], words[1] if len(words) > 1 else None
    verb = second if first.lower_ in ("never", "do") and second is not None else first
    if verb.lower_ == "n't" and len(words) > 2:
        verb = words[2]
    if first.lower_ == "been" and second is not None and _is_role(words[1:4]):
        # "been a potter 9 years now": what the user has been, the span with its "for"
        return "I have " + _SPAN_WITHOUT_FOR_RE.sub(r"\1 for \2 \3", low)
    lemma = lemma_of(verb.lower_)
    # "work drama lol": a topic, a noun before its noun ("hate fishing" is no topic)
    topic = verb.dep_ == "compound" and verb.head.i > verb.i \
        and not verb.head.lower_.endswith("ing")
    # "Love the vinyl idea": about the reply, not the user
    reaction = topic or lemma in _HABITS and any(
        t.lower_ in _DEFINITE for t in words[words.index(verb) + 1:][:2])
    if lemma in _HABITS | _CHANGES and not reaction:
        # "Sell the van" is a request; "Sold the van" is news, and so is "Quit smoking in
        # 2015": a verb whose past is its base form is news when a past time follows it.
        if lemma in _CHANGES and verb.lower_ == lemma and not _PAST_TIME_RE.search(text):
            return None
        return f"I {low}"
    if len(words) <= 3 and words[-1].lower_ in ("now", "nowadays"):
        words = words[:-1]
    head = words[-1] if words else None
    if head is None or len(words) > 3:
        return None
    negated = words[0].lower_ == "not"
    state = head.lower_ in _STATES or head.lower_ in JOB_ADJECTIVES and len(words) == 1
    # a town alone on a line answers "where?" ("narvik"), though it ends like a job
    job = head.pos_ in ("NOUN", "PROPN") and is_job_noun(head.lower_) and \
        all(w.pos_ in ("ADJ", "NOUN", "PROPN") for w in words) and not is_town(head.text) \
        and not is_breed_word(head.lower_)  # "springer, she's 4": the dog's breed
    if state or (job and not negated):
        article = "" if state or words[0].lower_ in JOB_ADJECTIVES else "a "
        return f"I'm {article}{low}"
    return None
