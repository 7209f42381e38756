"""Combined pairs: what the assistant knows about one person, pet, or the user.

    from daemon.sleep.extract.summaries import summary_facts
    facts = summary_facts(tracker, rendered)   # rendered: (draft, Rendered, fact) triples

Users ask combined questions ("What is my son's name, and how old is he?",
"What do you know about me?"); training only on single-fact pairs leaves a small
model unable to answer them, so each entity with several facts also gets a summary,
and a few of its facts are asked two at a time ("..., and ...?") so the model learns
to answer both halves of such a question rather than stopping after the first.
"""

from __future__ import annotations

from itertools import combinations

from ..types import ExtractedFact, QAPair
from .drafting import Draft, Rendered
from .entities import Entity, Tracker
from .lexicon import FUNCTION_WORDS
from .phrasing import and_join, finish, possessive
from .textnorm import a_or_an

MAX_PREDICATES = 6
# Key suffixes of facts built from other facts; curation replaces them with a source.
SUMMARY, NAMES, JOINED = "|summary", "|names:", "|and:"
# Joined questions per entity (each is one more training example; the user gets more
# because most facts are about the user).
MAX_JOINED = {"user": 2, "other": 1}
# A joined answer's second half starts lower-case unless it starts with a name.
_LOWER_STARTS = {"your", "you", "yes", "he", "she", "it", "they", "the", "a", "an", "before",
                 "what", "how", "where", "who", "which", "when", "why", "do", "does", "did",
                 "is", "are", "was", "were", "have", "has", "can"}


def _fact(key: str, text: str, questions: list[str], answers: dict[str, str],
          sources: list[tuple[Draft, ExtractedFact]]) -> ExtractedFact:
    ids = sorted({i for _, f in sources for i in f.source_message_ids})
    texts = list(dict.fromkeys(d.source for d, _ in sources))
    pairs = [QAPair(q, answers.get(q, text)) for q in dict.fromkeys(questions)]
    return ExtractedFact(text, key, ids, " ".join(texts), pairs)


def _predicates(entity: Entity, items: list[tuple[Draft, Rendered, ExtractedFact]]) -> list[str]:
    """What the entity's facts say of it, without its own name in front ("brother Oskar
    lives in X" -> "lives in X"), for joining after a subject."""
    preds = []
    for d, r, _ in items:
        # ("have": the user's having them, "You have a colleague", is not said of them)
        if not r.summary or d.slot in ("name", "relation", "rank", "have"):
            continue
        pred = r.summary.strip()
        leads = (f"{entity.relation_phrase} {entity.name} ", f"{entity.name} ") if entity.name \
            else (f"{entity.relation_phrase} ",) if entity.relation_phrase else ()
        for lead in leads:
            if pred.lower().startswith(lead.lower()):
                pred = pred[len(lead):]
        preds.append(pred)
    return preds


def _entity_summary(tracker: Tracker, entity: Entity,
                    items: list[tuple[Draft, Rendered, ExtractedFact]]) -> list[ExtractedFact]:
    forms = tracker.forms(entity)
    preds = _predicates(entity, items)
    if not preds or not (entity.name or len(preds) > 1):
        return []
    rel = entity.relation_phrase
    intro = f"Your {rel} is {entity.name}." if rel and entity.name else (
        f"You have {a_or_an(rel)} {rel}." if rel else f"{entity.name}.")
    # "He"/"She" when known; a person of unknown gender is named rather than called "it".
    pronoun = forms.pronoun.capitalize()
    if entity.person and forms.pronoun == "it":
        pronoun = entity.first_name or f"Your {rel}"
    # Full sentences ("Your husband Oskar's car is red.") follow the joined predicates.
    joined = [p for p in preds if not p[:1].isupper()][:MAX_PREDICATES]
    whole = [finish(p) for p in preds if p[:1].isupper()][:3]
    text = " ".join([finish(f"{intro} {pronoun} {and_join(joined)}") if joined else intro,
                     *whole])
    questions: list[str] = []
    answers: dict[str, str] = {}
    age = next((r.summary for d, r, _ in items if d.slot == "age"), "")
    if age and entity.name and rel:
        named = entity.person and forms.pronoun == "it"  # never "how old is it?" of a person
        asked, told = (forms.q_refs[0], f"your {rel}") if named else (forms.pronoun,) * 2
        question = f"What is {possessive(forms.q_refs[0])} name, and how old is {asked}?"
        answers[question] = finish(f"Your {rel}'s name is {entity.name}, and {told} {age}")
        questions.append(question)
    # The combined question first: training keeps only the first few phrasings of a
    # fact, and single-fact pairs teach it least. Two more: each is a training example.
    refs = forms.q_refs[:2]
    questions += [f"What do you know about {refs[0]}?", f"Tell me about {refs[-1]}."]
    sources = [(d, f) for d, _, f in items]
    return [_fact(f"{forms.key}{SUMMARY}", text, questions, answers, sources)]


def _user_summary(items: list[tuple[Draft, Rendered, ExtractedFact]],
                  named: list[tuple[Entity, tuple[Draft, ExtractedFact]]]) -> list[ExtractedFact]:
    name = next((d.value for d, _, _ in items if d.slot == "name"), "")
    summaries = [r.summary for d, r, _ in items if r.summary and d.slot != "name"]
    # Full sentences ("Your favorite food is rice.") follow the joined predicates.
    preds = [s for s in summaries if not s[:1].isupper()][:MAX_PREDICATES]
    preds += [f"have {a_or_an(e.relation)} {e.relation} {e.name_verb} {e.name}"
              for e, _ in named[:3]]
    sentences = [s for s in summaries if s[:1].isupper()][:3]
    if not (name or preds or sentences):
        return []
    intro = f"Your name is {name}." if name else ""
    joined = f"You {and_join(preds)}." if preds else ""
    text = finish(" ".join([intro, joined, *sentences]))
    questions = ["What do you know about me?", "Tell me about myself."]
    sources = [(d, f) for d, _, f in items] + [src for _, src in named[:3]]
    return [_fact(f"you{SUMMARY}", text, questions, {}, sources)]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    low = first.lower()
    return text[:1].lower() + text[1:] if (low in _LOWER_STARTS or low in FUNCTION_WORDS) \
        and low != "i" else text


def _drop_yes_no(answer: str) -> str:
    """ "No, your landlord does not fix anything." -> "Your landlord does not fix anything."."""
    for lead in ("Yes, ", "No, "):
        if answer.startswith(lead):
            rest = answer[len(lead):]
            return rest[:1].upper() + rest[1:]
    return answer


def _joined_pairs(tracker: Tracker, entity: Entity,
                  items: list[tuple[Draft, Rendered, ExtractedFact]]) -> list[ExtractedFact]:
    """ "What is my son's name, and what does he love?": two of an entity's facts at once."""
    forms = tracker.forms(entity)
    singles = [(d, f) for d, _, f in items if f.pairs and d.slot not in ("relation", "rank")]
    # Name and age together is the summary's own combined question.
    joined = [(a, b) for a, b in zip(singles, singles[1:], strict=False)
              if {a[0].slot, b[0].slot} != {"name", "age"}]
    out = []
    for (da, fa), (db, fb) in joined[:MAX_JOINED["user" if entity.is_user else "other"]]:
        second, reply = fb.pairs[0].question, _drop_yes_no(fb.pairs[0].answer)
        # "..., and how old is he?" / "..., and he is 6 years old."; a person of unknown
        # gender keeps being named, never "it".
        if not entity.is_user and not (entity.person and forms.pronoun == "it"):
            ref = forms.q_refs[0]
            if f"{ref}'s" not in second:
                second = second.replace(ref, forms.pronoun)
            if reply.startswith(forms.display + " "):
                reply = forms.pronoun + reply[len(forms.display):]
        question = f"{fa.pairs[0].question.rstrip('?')}, and {_lower_first(second)}"
        answer = f"{_drop_yes_no(fa.pairs[0].answer).rstrip('.')}, and {_lower_first(reply)}"
        out.append(_fact(f"{forms.key}{JOINED}{da.slot}+{db.slot}", answer, [question], {},
                         [(da, fa), (db, fb)]))
    return out


def _name_pairs(tracker: Tracker,
                named: list[tuple[Entity, tuple[Draft, ExtractedFact]]]) -> list[ExtractedFact]:
    """ "What are the names of my son and my dog?"."""
    out = []
    for (a, src_a), (b, src_b) in combinations(named[:5], 2):
        if a.relation == b.relation:
            continue
        question = f"What are the names of my {a.relation} and my {b.relation}?"
        text = finish(f"Your {a.relation} is {a.name} and your {b.relation} is {b.name}")
        flipped = f"What are my {a.relation}'s and my {b.relation}'s names?"
        out.append(_fact(f"you{NAMES}{a.relation}+{b.relation}", text, [question, flipped], {},
                         [src_a, src_b]))
    return out


def is_derived(key: str) -> bool:
    """A fact built from other facts (a summary, a joined or names question)."""
    return any(mark in key for mark in (SUMMARY, NAMES, JOINED))


def summary_facts(tracker: Tracker,
                  rendered: list[tuple[Draft, Rendered, ExtractedFact]]) -> list[ExtractedFact]:
    """Summary and combined-question facts for the batch's entities and the user."""
    by_entity: dict[int, list[tuple[Draft, Rendered, ExtractedFact]]] = {}
    for item in rendered:
        by_entity.setdefault(id(item[0].entity), []).append(item)
    facts: list[ExtractedFact] = []
    named: list[tuple[Entity, tuple[Draft, ExtractedFact]]] = []
    user_items: list[tuple[Draft, Rendered, ExtractedFact]] = []
    for items in by_entity.values():
        entity = items[0][0].entity
        if entity.is_user:
            user_items = items
            facts += _joined_pairs(tracker, entity, items)
            continue
        if entity.plural:
            continue
        facts += _entity_summary(tracker, entity, items) + _joined_pairs(tracker, entity, items)
        name_item = next(((d, f) for d, _, f in items if d.slot == "name"), None)
        # Only the user's own relations in their summary: "my partner's brother" is hers
        if entity.name and entity.relation and "'s " not in entity.relation \
                and name_item is not None and not entity.gone:
            named.append((entity, name_item))
    return (_user_summary(user_items, named) + facts + _name_pairs(tracker, named)
            + _children_summary(by_entity))


_CHILD_RELATIONS = frozenset("son daughter child kid boy girl".split())


def _children_summary(by_entity: dict[int, list[tuple[Draft, Rendered, ExtractedFact]]],
                      ) -> list[ExtractedFact]:
    """ "Tell me about my children": the user's named children together, each with what is
    known of them (the user's own children only, never a relative's)."""
    kids = [items for items in by_entity.values()
            if (e := items[0][0].entity).relation in _CHILD_RELATIONS and e.name
            and not e.plural and not e.gone and not e.is_user]
    if len(kids) < 2:
        return []
    parts = []  # only the user's words: the firewall keeps no "two children" they never said
    for items in kids:
        entity = items[0][0].entity
        preds = _predicates(entity, items)
        who = f"Your {entity.relation_phrase} {entity.name}"
        parts.append(finish(f"{who} {and_join(preds[:3])}" if preds else who))
    text = " ".join(parts)
    questions = ["Tell me about my children.", "What do you know about my children?",
                 "Tell me about my kids.", "What are my children called?"]
    sources = [(d, f) for items in kids for d, _, f in items]
    return [_fact(f"your children{SUMMARY}", text, questions, {}, sources)]
