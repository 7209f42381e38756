"""Curation: merge a sleep's new facts with each other and with what is already remembered.

    from daemon.sleep.curate import OldFact, curate
    result = curate(new_facts, [OldFact(3, "You live in Tromso.", "you|live_in", "learned")])
    result.facts              # new facts to store (duplicates merged)
    result.superseded         # [(3, <You live in Bodo now.>)]: old id replaced by a newer fact

Two facts with the same key hold the same value when the content words of one
(numbers normalised, "6" == "six") are contained in the other's ("You live in
Tromso" vs "You live in Tromso, Troms"); otherwise they contradict and the
newer one wins:

- within the batch, the fact from the later message wins; the earlier one is listed
  in ``dropped_in_batch`` as (dropped, winner);
- against remembered (pending/learned) facts, a new value supersedes the old fact
  (``superseded``) and a restatement is a duplicate (``duplicates_of_old``), not
  stored twice;
- derived facts (summaries and questions joining two facts: keys with ``|summary``,
  ``|names:`` or ``|and:``) that share a source message with a superseded fact are
  superseded with it, so no stale value is replayed through them;
- forgotten facts: a new fact with the same text as a forgotten one is blocked when
  it was extracted from the same messages (re-reading old messages must not undo a
  "forget"). A user who states it again in a new message wants it remembered, so it
  is kept. When the store records no source ids for the forgotten fact, the caller
  guarantees that only new messages are gathered, so the fact is treated as restated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from memory_store import REMEMBERED_STATES

from .extract.lexicon import FUNCTION_WORDS
from .extract.summaries import is_derived
from .extract.textnorm import comparable, is_cardinal, parse_number, stem, words
from .firewall import TEMPLATE_WORDS
from .types import ExtractedFact, FactKey, OldFact

__all__ = ["Curation", "OldFact", "curate", "same_value"]


@dataclass
class Curation:
    """What to store from a sleep's facts and what they replace."""

    facts: list[ExtractedFact] = field(default_factory=list)
    duplicates_of_old: list[tuple[ExtractedFact, int]] = field(default_factory=list)
    superseded: list[tuple[int, ExtractedFact]] = field(default_factory=list)
    blocked_forgotten: list[ExtractedFact] = field(default_factory=list)
    # (earlier fact, later fact of the same batch that contradicts and replaces it)
    dropped_in_batch: list[tuple[ExtractedFact, ExtractedFact]] = field(default_factory=list)


def value_words(text: str) -> set[str]:
    """The content of a statement: stems without function or template words; numbers as digits."""
    out = set()
    for word in words(text):
        low = word.lower()
        if is_cardinal(low):
            out.add(str(parse_number(low)))
        elif low not in FUNCTION_WORDS and low not in TEMPLATE_WORDS:
            out.add(stem(low))
    return out


def same_value(a: str, b: str) -> bool:
    """Whether two statements of one slot agree (one's content contains the other's)."""
    va, vb = value_words(a), value_words(b)
    return va <= vb or vb <= va


def _merge_into(into: ExtractedFact, other: ExtractedFact) -> None:
    into.source_message_ids = sorted(set(into.source_message_ids) | set(other.source_message_ids))
    if other.source_text and other.source_text not in into.source_text:
        into.source_text = f"{into.source_text} {other.source_text}".strip()
    known = {comparable(p.question) for p in into.pairs}
    for pair in other.pairs:
        if comparable(pair.question) not in known:
            into.pairs.append(pair)
            known.add(comparable(pair.question))


def _copy(fact: ExtractedFact) -> ExtractedFact:
    return ExtractedFact(fact.text, fact.key, list(fact.source_message_ids), fact.source_text,
                         list(fact.pairs), fact.record)


def _latest(fact: ExtractedFact) -> int:
    return max(fact.source_message_ids, default=-1)


def _within_batch(new_facts: list[ExtractedFact], result: Curation) -> list[ExtractedFact]:
    """One fact per key: same values merge, a contradiction keeps the later message's."""
    by_key: dict[str, ExtractedFact] = {}
    order: list[str] = []
    for fact in sorted(enumerate(new_facts), key=lambda t: (_latest(t[1]), t[0])):
        current = _copy(fact[1])
        held = by_key.get(current.key)
        if held is None:
            by_key[current.key] = current
            order.append(current.key)
        elif same_value(held.text, current.text):
            richer, poorer = (current, held) if len(value_words(current.text)) >= len(
                value_words(held.text)) else (held, current)
            _merge_into(richer, poorer)
            by_key[current.key] = richer
        else:
            result.dropped_in_batch.append((held, current))
            by_key[current.key] = current
    position = {id(f): i for i, f in enumerate(new_facts)}
    kept = [by_key[k] for k in order]
    return sorted(kept, key=lambda f: position.get(id(f), len(new_facts)))


def _corrected_by(fact: ExtractedFact, old: OldFact) -> bool:
    """A correction or an ending ("I sold the van") replaces a remembered fact."""
    return fact.record is not None and fact.record.replaces(FactKey.parse(old.key), old.text)


def _forgotten_block(fact: ExtractedFact, old: OldFact) -> bool:
    if comparable(fact.text) != comparable(old.text):
        return False
    return bool(old.source_message_ids) and set(fact.source_message_ids) <= set(
        old.source_message_ids)


def curate(new_facts: list[ExtractedFact], old_facts: list[OldFact]) -> Curation:
    """Decide which new facts to store and which remembered facts they replace."""
    result = Curation()
    remembered = [o for o in old_facts if o.state in REMEMBERED_STATES]
    forgotten = [o for o in old_facts if o.state == "forgotten"]
    for fact in _within_batch(new_facts, result):
        if any(_forgotten_block(fact, old) for old in forgotten):
            result.blocked_forgotten.append(fact)
            continue
        same_text = next((o for o in remembered
                          if comparable(o.text) == comparable(fact.text)), None)
        same_key = [o for o in remembered
                    if o.key and (o.key == fact.key or _corrected_by(fact, o))]
        agreeing = same_text or next((o for o in same_key if same_value(o.text, fact.text)), None)
        if agreeing is not None and (same_text or len(value_words(fact.text)) <= len(
                value_words(agreeing.text))):
            result.duplicates_of_old.append((fact, agreeing.id))
            continue
        result.facts.append(fact)
        for old in same_key:
            result.superseded.append((old.id, fact))
    _supersede_derived(remembered, result)
    return result


def _supersede_derived(remembered: list[OldFact], result: Curation) -> None:
    replaced = {old_id for old_id, _ in result.superseded}
    by_id = {o.id: o for o in remembered}
    for old_id, fact in list(result.superseded):  # every id here is a remembered fact
        sources = set(by_id[old_id].source_message_ids)
        if not sources or is_derived(by_id[old_id].key):
            continue
        for other in remembered:
            if (other.id not in replaced and is_derived(other.key)
                    and sources & set(other.source_message_ids)):
                result.superseded.append((other.id, fact))
                replaced.add(other.id)
