"""Fact extraction: user chat messages -> facts about the user, each with Q/A pairs.

    from daemon.sleep.extract import extract_facts
    from daemon.sleep.types import SourceMessage
    facts = extract_facts([SourceMessage(1, "My nephew's name is Corwin. He's 9 years old.")])
    facts[0].pairs[0]    # QAPair("What is my nephew's name?", "Your nephew's name is Corwin.")

A deterministic rule-based extractor always runs (``rules.py``). With
``generate`` (prompt -> completion of a capable model) it also asks the model for
pairs and merges them in (``model.py``); every pair still goes through the
firewall afterwards. An empty message list gives no facts and never calls the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..types import (
    BREAK_UPS,
    DEPARTURES,
    ENDINGS,
    ExtractedFact,
    FactKey,
    FactRecord,
    QAPair,
    SourceMessage,
    holds_withheld,
)
from .dates import find_times, rewrite
from .dictation import split_dictated
from .drafting import Context, Draft, Rendered, resolve_subject
from .entities import Tracker
from .followups import (
    bring_forward,
    not_put_right,
    resolve_there,
    run_together,
    said_instead,
    takes_back_last,
    thats_mine,
    town_put_right,
    values_put_right,
)
from .fragments import read_sentence
from .gazetteer import is_town
from .inline import apply_inline_corrections, take_back
from .lexicon import FUNCTION_WORDS
from .mentions import Mention
from .model import model_facts
from .normalize import normalize_chat, split_run_on
from .parse import Clause, is_correction
from .rules import draft_clause, mention_drafts
from .spelling import is_known_word
from .summaries import summary_facts
from .terse import expand_terse, in_english
from .textnorm import comparable, hyphenate_tens, own_and_foreign, sentences, unshouted

MAX_PAIRS = 8
_REFERRING = frozenset("i we he she they my our".split())


def _inherit_category(tracker: Tracker, prev: Clause | None, clause: Clause) -> None:
    """ "I mostly write X, but I prefer Y": contrasted objects are the same kind of thing."""
    if prev is None or not clause.contrast:
        return
    values = [" ".join(c.rest) for c in (prev, clause)
              if c.rest and all(t[:1].isupper() for t in c.rest)]
    if len(values) != 2:
        return
    cats = [tracker.category_of(v) for v in values]
    known = next((c for c in cats if c), "")
    for value, cat in zip(values, cats, strict=True):
        if known and not cat:
            tracker.categories[value.lower()] = known


def _mention(tracker: Tracker, clause: Clause) -> None:
    """Register who a clause that states no fact is about, so a later pronoun finds them."""
    first = clause.subject[0].lower()
    if first in FUNCTION_WORDS and first not in _REFERRING:
        return  # "What's ...", "It is ...", "That was ...": nobody to track
    resolve_subject(Context(tracker, clause))


def _draft_all(messages: list[SourceMessage], tracker: Tracker) -> list[Draft]:
    drafts: list[Draft] = []
    put_right: list[tuple[int, str]] = []
    # (Scots respelt first, so that "naw wait, it's X no Y" puts a value right like English)
    raw = [own_and_foreign(unshouted(m.content))[0] for m in messages]
    owns = take_back([in_english(own, "\n".join(raw)) for own in raw])
    for message, own in zip(messages, owns, strict=True):
        tracker.start_message(message.conversation)
        own = expand_terse(apply_inline_corrections(hyphenate_tens(own)))
        # "Correction: ...", "Actually no, scratch that. Night shifts now.": the marker may
        # stand in another sentence of the message than the new value.
        corrects = is_correction(normalize_chat(own))
        # "No sorry, is 12, not 21": a value put right without a clause around it
        put_right += [(message.id, value) for value in values_put_right(own)]
        last: list[Draft] = []  # the previous sentence's drafts, for "Not any more."
        # the last town this message went to or from, for "lives there"; a town put right
        # ("it's X not Y") counts though the put-right is cut from ``own`` by ``take_back``
        place = town_put_right(message.content)
        for said in (part for s, _ in sentences(own) for spoken in split_dictated(s)
                     for part in split_run_on(spoken)):
            said, place = resolve_there(thats_mine(said), place)
            if takes_back_last(said):  # "Our house is blue. Not any more, ..."
                drafts = [d for d in drafts if all(d is not x for x in last)]
            first = len(drafts)
            times = find_times(normalize_chat(said), message.sent_at)
            sentence = rewrite(said, times)
            if corrects:  # "that's wrong, he's in Narvik": where he lives, put right
                sentence = _IN_TOWN_RE.sub(lambda m: f"{m.group(1)} lives in {m.group(2)}"
                                           if is_town(m.group(2)) else m.group(0), sentence)
            tracker.touch_names(sentence, corrects)
            clauses, mentions = read_sentence(sentence, message.id, _known_names(tracker))
            if not any(c.subject[0].lower() in ("i", "we") for c in clauses) and (
                    instead := said_instead(sentence, drafts, message.id)):
                clauses, mentions = read_sentence(instead, message.id)
            # People named in passing come first where they stand ("a gift for my nephew
            # Oskar? He turns 7"), so a pronoun after them finds them.
            items: list[Mention | Clause] = sorted([*mentions, *clauses],
                                                   key=lambda x: x.position)
            for item in items:
                if isinstance(item, Mention):
                    drafts += mention_drafts(tracker, Clause(message.id, sentence, item.words))
                    continue
                clause = item
                i = clauses.index(clause)
                if clause.mood != "fact":
                    _mention(tracker, clause)
                    continue
                _inherit_category(tracker, clauses[i - 1] if i else None, clause)
                if clause.ends and clause.subject[0].lower() in ("he", "she", "they"):
                    bring_forward(tracker, drafts, clause.ends)
                for draft in draft_clause(tracker, clause):
                    draft.negated, draft.corrects, draft.ends = clause.neg, corrects, clause.ends
                    if clause.lemma in DEPARTURES and not draft.entity.is_user:
                        draft.ends = draft.ends or draft.entity.name
                    elif clause.lemma == "move out" and draft.entity.is_user and tracker.residence:
                        # "moved out of my sister's": the home said before is no longer it
                        draft.ends, tracker.residence = draft.ends or tracker.residence, ""
                    if clause.lemma in BREAK_UPS:
                        _broke_up(tracker, draft, clause)
                    if _is_death(clause) and not draft.entity.is_user:
                        draft.entity.gone = True  # (a name said with the death is in it)
                        draft.slot = "died" if draft.slot != "name" else draft.slot
                    draft.time = "; ".join(t.written for t in times)
                    drafts.append(draft)
            last = drafts[first:]
    return not_put_right(_one_name_each(drafts), put_right, tracker)


_IN_TOWN_RE = re.compile(r"\b([Hh]e|[Ss]he|[A-Z][a-z]+)(?:'s| is)(?: now)? in ([A-Z][\w'-]+)")
def _known_names(tracker: Tracker) -> frozenset[str]:
    """Names the user gave so far, lowercase: "wait no oskar is 26" names Oskar even where
    the tagger cannot tell a lowercase word is a name."""
    names = (e.first_name for e in tracker.entities)
    return frozenset(n.lower() for n in names
                     if len(n) > 2 and n[:1].isupper() and not is_known_word(n.lower()))


def _one_name_each(drafts: list[Draft]) -> list[Draft]:
    """A name given in passing and again by a clause of the same message is one draft."""
    seen: set[tuple[int, str, int]] = set()
    out = []
    for draft in drafts:
        ident = (id(draft.entity), draft.value, draft.message_id)
        if draft.slot == "name":
            if ident in seen:
                continue
            seen.add(ident)
        out.append(draft)
    return out


_PARTNERS = frozenset("boyfriend girlfriend partner husband wife fiance fiancee spouse".split())


def _broke_up(tracker: Tracker, draft: Draft, clause: Clause) -> None:
    """The partner a break-up names is an ex from now on, and what the user shared with
    them ends (the home they shared stays, without them)."""
    partner = draft.entity if not draft.entity.is_user else next(
        (e for w in clause.rest if w[:1].isupper() and (e := tracker.by_name(w)) is not None),
        None)
    if partner is None or partner.is_user or partner.relation not in _PARTNERS:
        return
    partner.relation = f"ex-{partner.relation}"
    draft.ends = draft.ends or partner.name


# A pet or person who died: only the death is current ("we had a cat, but she died").
DEATHS = frozenset(("die", "pass away", "pass"))
# What stays true of someone who died: what they did in life (their name is in the death).
def _is_death(clause: Clause) -> bool:
    """ "Dad passed last year", "my nan died": a death; "she passes by her every day",
    "he passed his test": no death."""
    if clause.lemma != "pass":
        return clause.lemma in DEATHS
    return clause.tense == "past" and not (clause.rest and clause.rest[0].lower() in _PASSED_BY)


_PASSED_BY = frozenset("by through over on the a an my his her their it its out around round "
                       "along up down me him them us".split())
_STILL_TRUE = frozenset(("died", "previous_job", "name"))  # (a name outlives its bearer)


def _render(drafts: list[Draft], tracker: Tracker) -> list[tuple[Draft, Rendered, ExtractedFact]]:
    out = []
    for draft in drafts:
        if draft.entity.gone and draft.slot not in _STILL_TRUE:
            continue
        rendered = draft.render(tracker)
        if rendered is not None and draft.entity.gone and draft.slot == "name":
            rendered = _name_was(rendered)
        if rendered is None or not rendered.questions:
            continue
        relation, _, slot_value = draft.slot.partition(":")
        key = FactKey(tracker.forms(draft.entity).key, relation, slot_value)
        value = draft.value or slot_value
        record = FactRecord(key, value, draft.negated, draft.time, draft.corrects,
                            value if relation in ENDINGS else draft.ends)
        questions = list(dict.fromkeys(rendered.questions + _fate_questions(key)))
        seen: set[str] = set()
        pairs = []
        for question in questions:
            if comparable(question) in seen or not question.strip():
                continue
            seen.add(comparable(question))
            pairs.append(QAPair(question, rendered.answers.get(question, rendered.text)))
        fact = ExtractedFact(rendered.text, str(key), [draft.message_id], draft.source,
                             pairs[:MAX_PAIRS], record)
        out.append((draft, rendered, fact))
    return _current_values(out)


def _name_was(rendered: Rendered) -> Rendered | None:
    """The name of someone who has died, said in the past: "What was my wife's name?" ->
    "Your wife's name was Vera." (not "Do I have a wife?")."""
    pairs = [(q.replace(" is ", " was ", 1), rendered.answers.get(q, rendered.text)
              .replace(" name is ", " name was ", 1)) for q in rendered.questions
             if q.startswith("What is ") and "name" in q]
    pairs = [(q, a) for q, a in pairs if " name was " in a]
    if not pairs:
        return None
    return Rendered(pairs[0][1], [q for q, _ in pairs], dict(pairs))


def _fate_questions(key: FactKey) -> list[str]:
    """ "I sold the van" also answers "What happened to my van?", "my cat died" "What
    happened to my cat?"."""
    if key.relation == "died" and key.entity.startswith("your "):
        return [f"What happened to my {key.entity.removeprefix('your ')}?"]
    if key.relation not in ENDINGS or key.entity != "you" or not key.value:
        return []
    thing = re.sub(r"^(?:the|a|an|my|our)\s+", "", key.value, flags=re.I)
    return [f"What happened to my {thing}?"] if thing and len(thing.split()) <= 3 else []


Rendering = tuple[Draft, Rendered, ExtractedFact]


def _current_values(out: list[Rendering]) -> list[Rendering]:
    """Drop values a later message replaced, so summaries never join an old and a new value.

    An inferred value ("moved to X" -> lives in X) yields to an explicit statement of the
    same slot in the same or a later message; a later move still overrides an older
    statement. A later value of a one-value slot replaces an earlier one, and a correction
    ("actually", "not anymore") replaces every earlier value of its entity and relation.
    """
    # "I'm Oskar Vik", then "Oskar again": the first name alone does not replace the full
    names: dict[str, list[str]] = {}
    for _, _, f in out:
        if f.record is not None and f.record.key.relation == "name":
            names.setdefault(f.key, []).append(f.record.value.lower())
    out = [(d, r, f) for d, r, f in out if f.record is None or f.record.key.relation != "name"
           or not any(v.startswith(f"{f.record.value.lower()} ") for v in names[f.key])]
    strong: dict[str, int] = {}
    for d, _, f in out:
        if not d.weak:
            strong[f.key] = max(strong.get(f.key, -1), d.message_id)
    out = [(d, r, f) for d, r, f in out if not (d.weak and strong.get(f.key, -1) >= d.message_id)]
    kept = []
    for i, (d, r, f) in enumerate(out):
        assert f.record is not None
        old = f.record
        later = [(d2, f2.record) for d2, _, f2 in out[i + 1:] if f2.record is not None
                 and d2.message_id >= d.message_id]
        # An ending later in the same message counts too ("we had a van but sold it").
        enders = [rec for d2, rec in later if rec.replaces(old.key, f.text) and (
            d2.message_id > d.message_id or rec.key.relation in ENDINGS)]
        if any((d2.message_id > d.message_id or d2.corrects) and d.functional and d2.functional
               and str(rec.key) == f.key for d2, rec in later):
            continue
        if not enders:
            kept.append((d, r, f))
        elif (trimmed := _without_places(f, enders)) is not None:
            phrases, fact = trimmed
            summary = r.summary
            for phrase in phrases:
                summary = summary.replace(phrase, "")
            kept.append((d, replace(r, text=fact.text, summary=summary), fact))
    return kept


def _without_places(fact: ExtractedFact, enders: list[FactRecord]
                    ) -> tuple[list[str], ExtractedFact] | None:
    """ "a fisherman in Lamlash", then "he lives in Brodick, not Lamlash": the job stays,
    its old place goes ("a flat with Oskar", then "Oskar moved out": the flat stays). None
    when an ender reaches more than a trailing phrase."""
    assert fact.record is not None
    if any(e.corrects and e.key.relation == fact.record.key.relation or not e.ends
           for e in enders):
        return None
    phrases = []
    for ender in enders:
        match = re.search(r" (?:in|at|from|near|with) (?:[\w'-]+ ){0,3}?" + re.escape(ender.ends)
                          + r"(?=[.,]|$| and (?:your|my|a|an|the) )", fact.text, re.I)
        if match is None or comparable(ender.ends) in comparable(fact.record.value):
            return None
        phrases.append(match.group(0))
    text = fact.text
    for phrase in phrases:
        # "with your partner Oskar and your cat Zuzu" keeps "with your cat Zuzu"
        keep = phrase.split()[0] if f"{phrase} and " in text else ""
        text = text.replace(f"{phrase} and" if keep else phrase, f" {keep}" if keep else "")
    pairs = [QAPair(p.question, text if p.answer == fact.text else p.answer)
             for p in fact.pairs if not any(e.ends.lower() in p.question.lower()
                                            or e.ends.lower() in p.answer.lower() and
                                            p.answer != fact.text for e in enders)]
    return (phrases, ExtractedFact(text, fact.key, fact.source_message_ids, fact.source_text,
                                   pairs, fact.record)) if pairs else None


def merge_identical(facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """One fact per (key, text): pairs and source ids of repeats are merged."""
    merged: dict[tuple[str, str], ExtractedFact] = {}
    for fact in facts:
        ident = (fact.key, comparable(fact.text))
        if ident not in merged:
            merged[ident] = ExtractedFact(fact.text, fact.key, list(fact.source_message_ids),
                                          fact.source_text, list(fact.pairs), fact.record)
            continue
        into = merged[ident]
        into.source_message_ids = sorted(set(into.source_message_ids)
                                         | set(fact.source_message_ids))
        if fact.source_text not in into.source_text:
            into.source_text = f"{into.source_text} {fact.source_text}".strip()
        known = {comparable(p.question) for p in into.pairs}
        into.pairs += [p for p in fact.pairs if comparable(p.question) not in known]
    return list(merged.values())


def extract_facts(messages: list[SourceMessage],
                  generate: Callable[[str], str] | None = None) -> list[ExtractedFact]:
    """Facts about the user from their messages; see the module docstring."""
    if not messages:
        return []  # the reference 8B extractor invented 59 pairs from nothing
    tracker = Tracker()
    rendered = [r for r in _render(_draft_all(run_together(messages), tracker), tracker)
                if not _withheld(r[2]) and not _says_nothing(r[2])]  # before summaries, so
    # none joins a secret or an empty fact
    facts = [f for _, _, f in rendered] + summary_facts(tracker, rendered)
    if generate is not None:
        facts = facts + [f for f in model_facts(messages, generate, facts) if not _withheld(f)]
    return merge_identical(facts)


_BARE_VERBS = frozenset("have let get make do take give keep put".split())
_PRONOUN_OBJECTS = frozenset("it them that this those these him her one".split())


def _says_nothing(fact: ExtractedFact) -> bool:
    """ "I always mix them up" -> "you|mix up:them", "he's been doing it" -> "be:doing it":
    a verb whose whole object is a pronoun says nothing that can be asked back."""
    if fact.record is not None and not fact.record.value and not fact.record.key.value \
            and fact.record.key.relation in _BARE_VERBS:
        return True  # "my wife has a party planned" read as "has": the verb alone
    words = (fact.record.key.value if fact.record is not None else "").split()
    while words and words[0] in ("doing", "done", "do", "does", "did"):
        words = words[1:]
    return bool(words) and all(w in _PRONOUN_OBJECTS for w in words)


def _withheld(fact: ExtractedFact) -> bool:
    """Whether a fact would phrase a secret the user said (see ``daemon.sleep.secrets``)."""
    return holds_withheld(fact.text) or any(
        holds_withheld(p.question) or holds_withheld(p.answer) for p in fact.pairs)
