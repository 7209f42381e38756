"""Remembering: extracted facts into the store, in a sleep and the moment a message arrives.

    from daemon.sleep.remember import remember_message
    remember_message(store, settings, message)   # its facts now pending, in every prompt

A sleep reads all the night's messages at once (:mod:`.cycle`); :func:`remember_message`
reads one user message as it is stored, with the few before it in its conversation (a
pronoun may point back that far), so what the user just said is known in every other
conversation before any sleep. Both go the same way: secrets withheld
(:mod:`.secrets`), facts extracted by the rules, the firewall, curation against what is
remembered (a correction replaces at once, a forgotten fact stays forgotten), then
:func:`store_curated`. The sleep later reads the same messages again, whole: a batch
sees every correction and pronoun of the night, and curation keeps one fact per value,
so a fact remembered at message time is not stored twice.
"""

from __future__ import annotations

from memory_store import REMEMBERED_STATES, MemoryStore, Message

from ..settings import Settings
from .curate import Curation, OldFact, curate
from .extract import extract_facts
from .extract.entities import PRONOUN_WINDOW
from .extract.summaries import is_derived
from .firewall import apply_firewall
from .secrets.withhold import masked_text, withhold_secrets
from .types import ExtractedFact, SourceMessage


def sources_of(messages: list[Message]) -> list[SourceMessage]:
    """Stored messages as the extractor reads them."""
    return [SourceMessage(m.id, m.content, m.conversation_id, m.sent_at) for m in messages]


def withhold(store: MemoryStore, cycle_id: int | None, messages: list[Message],
             kinds: list[str]) -> tuple[list[SourceMessage], int]:
    """The messages as the extractor may read them (secrets replaced); each secret is
    stored as a withheld fact, once however often its message is read."""
    sources, withheld = withhold_secrets(sources_of(messages), kinds)
    known = {(f.text, tuple(f.source_message_ids)) for f in store.facts_from_messages(
        [w.message_id for w in withheld]) if f.state == "withheld"} if withheld else set()
    for w in withheld:
        if (w.text, (w.message_id,)) not in known:
            known.add((w.text, (w.message_id,)))
            row = store.add_fact(w.text, w.key, [w.message_id], cycle_id=cycle_id)
            store.set_fact_state([row.id], "withheld", reason=w.reason)
    return sources, len(withheld)


def withhold_remembered(store: MemoryStore, kinds: list[str]) -> int:
    """Withhold remembered facts that hold a secret (learned before secrets were
    withheld, or a kind the user has since stopped allowing); return how many."""
    count = 0
    for fact in store.list_facts(REMEMBERED_STATES):
        shown, secrets = masked_text(fact.text, kinds)
        if secrets:
            store.withhold_fact(fact.id, shown, reason=f"withheld: {secrets[0].reason}")
            count += 1
    return count


def store_curated(store: MemoryStore, cycle_id: int | None,
                  kept: list[ExtractedFact]) -> Curation:
    """Curate ``kept`` against every stored fact and write the outcome: new facts (pending)
    with their pairs, replaced facts superseded, restatements' new pairs added."""
    old = [OldFact(f.id, f.text, f.key or "", f.state, tuple(f.source_message_ids))
           for f in store.list_facts()]
    curation = curate(kept, old)
    new_ids: dict[int, int] = {}
    for fact in curation.facts:
        row = store.add_fact(fact.text, fact.key, fact.source_message_ids, cycle_id=cycle_id)
        new_ids[id(fact)] = row.id
        for pair in fact.pairs:
            store.add_pair(row.id, pair.question, pair.answer, cycle_id, accepted=True)
    for old_id, fact in curation.superseded:
        store.set_fact_state([old_id], "superseded", superseded_by=new_ids.get(id(fact)),
                             reason=f"replaced by: {fact.text}")
    for fact, old_id in curation.duplicates_of_old:
        known = {(p.question, p.answer) for p in store.list_pairs(fact_ids=[old_id])}
        for pair in fact.pairs:
            if (pair.question, pair.answer) not in known:
                store.add_pair(old_id, pair.question, pair.answer, cycle_id, accepted=True)
    return curation


def warm_up_memory() -> None:
    """Load the parser and the secret detectors now (about a second, once), so the first
    chat message is not the one that waits for them."""
    sources, _ = withhold_secrets([SourceMessage(0, "My sister lives in Narvik.")])
    extract_facts(sources)


def remember_message(store: MemoryStore, settings: Settings, message: Message) -> Curation:
    """Extract and store the facts of one just-stored user chat message (rules only: a
    model call per message would cost seconds; the sleep adds the model's facts)."""
    window = store.recent_user_messages(message.conversation_id, message.id,
                                        PRONOUN_WINDOW - 1) + [message]
    sources, _ = withhold(store, None, window, settings.withhold_secrets)
    # Only facts of this message, and no summaries or joined questions: those of a few
    # messages would pile up one per window; the sleep builds them from the whole night.
    facts = [f for f in extract_facts(sources)
             if message.id in f.source_message_ids and not is_derived(f.key)]
    kept, _ = apply_firewall(facts, sources)
    return store_curated(store, None, kept)
