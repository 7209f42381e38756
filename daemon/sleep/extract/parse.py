"""Clauses from spaCy's dependency parse: subject + verb group + complements, with their mood.

    from daemon.sleep.extract.parse import parse_sentence
    for clause in parse_sentence("my mum says im lazy but I live in tromso", 7):
        clause.subject, clause.lemma, clause.tense, clause.rest, clause.mood
    # (['My', 'mum'], 'say', 'pres', [...], 'report'), (['I'], 'be', 'pres', ['lazy'], 'hearsay'),
    # (['I'], 'live', 'pres', ['in', 'Tromso'], 'fact')

The sentence is parsed by :mod:`.nlp` (spaCy, after chat spelling is normalized).
A clause keeps the shape the rules read: ``rest`` is the verb's complements in the
user's order, contractions spelled out ("'m" -> "am", "n't" -> "not"). ``mood``
(:mod:`.mood`) says whether the clause is the user's own claim ("fact") or a question,
a report, hearsay, a hypothetical, a wish or a figure of speech. Only facts are
drafted; the others still mention people, so a pronoun after them resolves.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from .lexicon import (
    ADVERBS,
    GREETINGS,
    NUMBER_WORDS,
)
from .mood import in_their_head, mood_of, subject_of
from .nlp import parse_text, spelled
from .spelling import respell
from .verbs import VERB_FORMS, checked_lemma, lemma_of

log = logging.getLogger(__name__)

# Words that mark a statement as an update of an earlier one.
_CORRECTION = frozenset("actually correction anymore instead longer now nowadays".split())
_CORRECTION_OPENERS = frozenset("no sorry wait oops scratch".split())
_MISTAKE_RE = re.compile(r"\bscratch that\b|\b(?:that's|that is|that was|this was|this is|i was|"
                         r"it's|it is|it was) wrong\b|\bmy mistake\b|\bmade? (?:a )?mistake\b",
                         re.I)
# Adverbs that say how something is said, not what: kept out of every trained answer.
_DISCOURSE_ADVERBS = frozenset(
    "actually now honestly basically literally really just totally anyway anyways though finally "
    "seriously definitely obviously instead".split())
_AUXILIARIES = frozenset(
    "am is are was were be been being 's 'm 're do does did have has had 've 'd will would "
    "'ll can ca could shall sha should may might must wo to get got used".split())
_QUESTION_OPENERS = frozenset("what what's whats how where when why who which any can could "
                              "would should do does is".split())
_CLAUSE_STARTS = frozenset("i we he she they it its it's that there my our his her".split())
# Terse chat leaves "I" out ("Hate fishing.", "Sold the van."): verbs of habit and of
# change that then still say something lasting about the user.
_PARTICLES = frozenset("up out down off back over away around".split())


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
    mood: str = "fact"  # fact | question | report | hearsay | hypothetical | wish | figure
    position: int = 0  # the verb's token index in its sentence (orders clauses and mentions)
    subject_kind: str = ""  # the tagger's entity type of the subject: "GPE" for "Yorkshire"
    ends: str = ""  # "in X, not Y": the value Y put right, cut from ``rest``


# Conjunctions of a subordinate clause that still asserts what it says ("..., since we
# moved to X", "because I'm on nights"); "if", "when", "before", "until" do not.
_ASSERTING_MARKS = frozenset("since because cause cos as after".split())
_REASONS = frozenset("because cause cos as".split())


def _is_head(tok: Token) -> bool:
    if tok.text.istitle() and len(tok.text) > 1 and tok.i > tok.sent.start:
        return False  # "my husband Oskar": a name mid-sentence the tagger took for a verb
    if tok.dep_ == "ROOT":
        return tok.pos_ in ("VERB", "AUX")
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "conj":
        return _is_head(tok.head)
    if tok.dep_ in ("ccomp", "parataxis"):
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    if tok.dep_ == "advcl":
        # Facts said in passing inside another clause, by the user or their people ("my
        # dad"): a "he" or "she" there would be resolved against the governing clause's people.
        subj = subject_of(tok)
        ours = subj is not None and (subj.lower_ in ("i", "we") or any(
            c.dep_ == "poss" and c.lower_ in ("my", "our") for c in subj.children))
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        # "because I fixed the kiln last week": a reason in the past is an episode
        return ours and bool(marks & _ASSERTING_MARKS) and not (
            marks & _REASONS and tok.tag_ == "VBD")
    return False


def _in_brackets(tok: Token) -> bool:
    """Whether a token sits inside "( ... )": an aside, never part of a subject."""
    before = [t.text for t in tok.doc[:tok.i + 1] if t.text in "()"]
    return bool(before) and before[-1] == "(" or tok.text == ")"


# Words of a "not ... anymore" complement that name nothing that could end.
_NOT_ENDED = frozenset("in at on to from with for anymore no longer any more .".split())


# Words after which "so" starts a consequence, not a degree ("in Tromso now so ...").
_BEFORE_SO = frozenset("NOUN PROPN PUNCT ADV NUM ADJ".split())


def _clause(head: Token, heads: set[int], message_id: int, sentence: str,
            inherited: list[str] | None) -> Clause | None:
    subj = subject_of(head)
    if head.lemma_ == "call" and any(c.dep_ == "dobj" and c.lower_ == "me" for c in head.children) \
            and (subj is None or subj.lower_ == "you"):
        # "(You can) call me Bix": the user names themselves.
        return Clause(message_id, sentence, ["I"], verb=head.text, lemma="call",
                      rest=[t.text for t in head.subtree if t.i > head.i and not t.is_punct])
    if subj is not None:
        subj_tokens = [t for t in sorted(subj.subtree, key=lambda t: t.i)
                       if not _in_brackets(t)]
        # Only the words up to the head noun are respelt: a name after it ("my ex oskar")
        # is not a typo.
        subject = [respell(spelled(t)) if t.pos_ != "PROPN" and t.i <= subj.i else spelled(t)
                   for t in subj_tokens if t.dep_ not in ("intj", "discourse", "punct")]
    elif inherited and not any(c.dep_ == "expl" for c in head.children):
        # ("..., and there is a lunch": "there" is nobody, not the first clause's subject)
        subj_tokens, subject = [], inherited
    else:
        return None
    if not subject:
        return None
    children = list(head.children)
    misread = next((c for c in children if c.dep_ == "aux" and c.lower_ not in _AUXILIARIES
                    and c.i < head.i), None)
    if misread is not None and misread.i == head.i - 1:
        # "He ... and loves rowing": the tagger made "loves" an auxiliary of "rowing".
        words = [spelled(t) for t in sorted(head.subtree, key=lambda t: t.i)
                 if t.i >= head.i and not t.is_punct]
        return Clause(message_id, sentence, subject, verb=misread.text,
                      lemma=lemma_of(misread.lower_), rest=words,
                      shared_subject=subj is None, mood=mood_of(head, subject))
    aux_toks = [c for c in children if c.dep_ in ("aux", "auxpass") and c.i < head.i]
    neg = any(c.dep_ == "neg" for c in children)
    lemma, verb, tense = checked_lemma(head.text, head.tag_, head.lemma_.lower()), head.text, "pres"
    aux = [spelled(a).lower() for a in aux_toks if a.lower_ != "to"]
    passive = any(c.dep_ == "auxpass" for c in children)
    if lemma == "be" or passive:
        # The rules read a copula (and a passive like "is called") as "be" + complements.
        copula = head if lemma == "be" else next(c for c in children if c.dep_ == "auxpass")
        verb = spelled(copula).lower()
        aux = [a for a in aux if a != verb] + [verb]
        lemma = "be"
    elif lemma == "get" and head.lower_ == "got" and any(a in ("have", "has") for a in aux):
        lemma, verb, aux = "have", "have", [a for a in aux if a not in ("have", "has")] + ["have"]
    elif lemma == "have" and head.lower_ in ("have", "has", "had"):
        aux = [*aux, head.lower_]  # the rules read possession "have" as a bare auxiliary
    start = subj_tokens[-1].i + 1 if subj_tokens and subj_tokens[-1].i < head.i else head.i
    adverbs = [c.text for c in children if c.dep_ == "advmod" and start <= c.i < head.i
               and c.lower_ not in ("not", "never") and c.lower_ not in _DISCOURSE_ADVERBS]
    front = []
    for c in children:
        if c.i < (subj_tokens[0].i if subj_tokens else head.i) and c.dep_ in (
                "prep", "npadvmod", "advmod", "advcl") and not any(
                t.lower_ in GREETINGS or t.lower_ in _DISCOURSE_ADVERBS for t in c.subtree):
            front += [spelled(t) for t in sorted(c.subtree, key=lambda t: t.i)
                      if t.dep_ not in ("punct",)]
    if len(front) == 1 and front[0].lower() not in ("then",):
        adverbs, front = [front[0], *adverbs], []
    tense = _tense(head, aux, lemma)
    particle = next((c for c in children if c.dep_ == "prt"), None)
    if particle is not None and lemma != "be":
        lemma = f"{lemma} {particle.lower_}"
    rest = _rest(head, heads, passive and head.lemma_ != "be", particle)
    ends = ""
    for i in range(len(rest) - 1):
        if rest[i] == "," and rest[i + 1].lower() == "not":  # "in Brodick, not Lamlash"
            ends, rest = " ".join(rest[i + 2:]), rest[:i]
            break
    lows = {t.lower() for t in [*rest, *adverbs]}
    if not ends and (neg and ("anymore" in lows or {"any", "more"} <= lows)
                     or "longer" in lows and "no" in lows):
        # "she's not in Tromso anymore", "I no longer drive the van": what it names ends
        ends = " ".join(t for t in rest if t.lower() not in _NOT_ENDED)
    if particle is None and lemma != "be" and rest and rest[0].lower() in _PARTICLES:
        lemma, rest = f"{lemma} {rest[0].lower()}", rest[1:]
    while lemma == "be" and rest and rest[0].lower() in ADVERBS and len(rest) > 1:
        adverbs.append(rest.pop(0))  # "I'm originally from X": the adverb is no complement
    if not rest and lemma != "be" and not neg and subj is None and not inherited:
        return None
    contrast = any(c.dep_ == "cc" and c.lower_ in ("but", "though", "although")
                   for c in (head.children if head.dep_ == "conj" else []))
    if head.dep_ == "conj":
        contrast = contrast or any(c.dep_ == "cc" and c.lower_ == "but" for c in head.head.children
                                   if c.i < head.i)
    return Clause(message_id=message_id, sentence=sentence, subject=subject, front=front,
                  aux=aux, neg=neg, adverbs=adverbs, verb=verb, lemma=lemma, tense=tense,
                  rest=rest, contrast=contrast, shared_subject=subj is None,
                  mood=mood_of(head, subject), position=head.i,
                  subject_kind=subj.ent_type_ if subj is not None else "", ends=ends)


def is_correction(text: str) -> bool:
    """Whether a message updates something said before ("actually", "not anymore", "now")."""
    words = re.findall(r"[a-z]+", text.lower())
    return bool(set(words) & _CORRECTION) or (bool(words) and words[0] in _CORRECTION_OPENERS) \
        or _MISTAKE_RE.search(text) is not None


def _tense(head: Token, aux: list[str], lemma: str) -> str:
    has_have = any(a in ("have", "has", "had") for a in aux)
    modal = next((a for a in aux if a in ("will", "would", "can", "could", "shall", "should",
                                          "may", "might", "must")), "")
    if modal:
        return f"modal:{modal}"
    if head.tag_ == "VBG" and lemma != "be":
        if has_have:
            return "perfprog"
        return "pastprog" if any(a in ("was", "were") for a in aux) else "prog"
    if has_have and (head.tag_ == "VBN" or lemma == "be"):
        return "perf"
    if lemma == "be" and aux and aux[-1] in ("was", "were"):
        return "past"
    # "I knit scarves": a verb whose past is its base form is read as present unless
    # something else marks the past.
    past_marker = any(t.lower_ in ("ago", "yesterday", "last") or (
        re.fullmatch(r"(?:19|20)\d\d", t.text) and t.head.lower_ == "in") for t in head.subtree)
    # "I quit smoking in 2015": the tagger calls a base-form past present (VBP); a past
    # time marks it past.
    base_past = head.tag_ == "VBP" and not aux and past_marker
    if (head.tag_ == "VBD" and (head.lower_ != head.lemma_ or past_marker)) or "did" in aux \
            or base_past:
        return "past"
    return "pres"


def _rest(head: Token, heads: set[int], passive: bool, particle: Token | None) -> list[str]:
    """The verb's complements after it, without other clauses, filler or end punctuation."""
    skip: set[int] = set()
    for tok in head.subtree:
        if tok.i != head.i and tok.i in heads:
            skip |= {t.i for t in tok.subtree}
            skip |= {c.i for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i}
    for tok in head.children:  # "..., because in his head he's still working the mill": a
        # belief given as the reason is no complement of this verb
        if tok.dep_ == "advcl" and in_their_head(tok):
            skip |= {t.i for t in tok.subtree}
    start = head.i if passive else head.i + 1
    out: list[str] = []
    for tok in sorted(head.subtree, key=lambda t: t.i):
        if tok.i < start or tok.i in skip or (particle is not None and tok.i == particle.i):
            continue
        if tok.dep_ in ("intj", "discourse") or tok.text in ("!", "?", ".", '"', "(", ")"):
            continue
        if tok.dep_ == "advmod" and tok.lower_ in _DISCOURSE_ADVERBS:
            continue
        if tok.dep_ in ("aux", "auxpass", "neg") and tok.head.i == head.i:
            continue
        if tok.lower_ == "so" and out and (tok.pos_ in ("CCONJ", "SCONJ") or tok.i and
                                                     tok.nbor(-1).pos_ in _BEFORE_SO):
            break  # "a tree surgeon in Tromso so good luck ...": a consequence follows
        out.append(spelled(tok))
    for i, word in enumerate(out[:-1]):
        # "..., what's a fair price for that": a question tacked on is no complement, nor
        # is a consequence ("... in Tromso so it's long distance").
        if word in (",", "-") and out[i + 1].lower() in _QUESTION_OPENERS or (
                word.lower() == "so" and i and out[i + 1].lower() in _CLAUSE_STARTS):
            out = out[:i]
            break
    while out and out[-1] in (",", ";", ":", "-", "and", "but"):
        out.pop()
    return out


def parse_sentence(sentence: str, message_id: int) -> list[Clause]:
    """All clauses of a sentence that have a subject and a verb, each with its mood."""
    doc = parse_text(sentence)
    if doc is None:
        return []
    return clauses_of(doc[:], message_id, sentence)


def clauses_of(span: Span, message_id: int, sentence: str) -> list[Clause]:
    heads = {t.i for t in span if _is_head(t)}
    clauses: list[Clause] = []
    by_head: dict[int, Clause] = {}
    for i in sorted(heads):
        head = span.doc[i]
        inherited = by_head[head.head.i].subject if (
            head.dep_ == "conj" and head.head.i in by_head) else None
        clause = _clause(head, heads, message_id, sentence, inherited)
        if clause is not None:
            by_head[i] = clause
            clauses.append(clause)
            clauses += _second_verb(clause)
    return clauses


def _second_verb(clause: Clause) -> list[Clause]:
    """ "He is 19 and studies music": the tagger reads "19 and studies music" as one noun
    phrase; the verb after "and" starts a second clause with the same subject."""
    rest = clause.rest
    if clause.lemma != "be" or len(rest) < 4 or "and" not in rest[1:4]:
        return []
    cut = rest.index("and", 1)
    verb = rest[cut + 1].lower()
    if rest[0] not in NUMBER_WORDS and not rest[0].isdigit() or \
            VERB_FORMS.get(verb, ("", ""))[1] != "3s":
        return []
    clause.rest = rest[:cut]
    return [replace(clause, verb=verb, lemma=VERB_FORMS[verb][0], aux=[], rest=rest[cut + 2:],
                    shared_subject=True, position=clause.position + cut + 1)]


def parse_clause(tokens: list[str], message_id: int, sentence: str) -> Clause | None:
    """The first clause of a token list (a relative clause the rules re-read on its own)."""
    found = parse_sentence(" ".join(tokens), message_id)
    return found[0] if found else None
