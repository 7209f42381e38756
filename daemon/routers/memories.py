"""Memory routes: the facts the sleep cycles extracted, and forgetting one.

``GET /memories`` lists facts (state pending: told, in the prompt memory, not yet in the
weights; learned: trained, still in the prompt memory until the weights answer it alone;
graduated: the weights answer it, out of the prompt; rejected, forgotten, superseded;
withheld: a secret the user said, shown masked, with the kind of secret as its reason),
with the ids of the messages they came from and ``passes`` (sleeps in a row the weights
answered it alone), counts per state, and how many user
messages no sleep has consumed yet, and ``messages``: each source message by id (its
text, secrets masked, and when it was said). ``GET /memories/rejected`` lists the
question/answer pairs the sleeps turned down (the hallucination firewall's, with its
reason). ``DELETE /memories/{id}`` marks a fact forgotten;
the next sleep leaves it out of the trained weights. ``GET /memories/export`` is the whole
memory in the export format (:mod:`daemon.export_format`; secrets masked), what
``sleepllm import`` reads.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from fastapi import APIRouter

from memory_store import FACT_STATES, Fact, MemoryStore

from ..deps import RowId, SettingsDep, StoreDep
from ..export_format import MemoryExport
from ..portable import Masker, build_export
from .errors import COMMON_ERRORS, api_error, error_responses

router = APIRouter(prefix="/memories", tags=["memories"], responses=COMMON_ERRORS)

FactState = Literal[FACT_STATES]  # type: ignore[valid-type]  # built at runtime from the tuple


def fact_json(fact: Fact) -> dict:
    return asdict(fact)


def _not_found(fact_id: int) -> Exception:
    return api_error(404, f"no memory with id {fact_id}", "memory_not_found")


@router.get("")
def list_memories(store: StoreDep, settings: SettingsDep,
                  state: FactState | None = None) -> dict:
    """All facts (or those in ``state``), counts per state, unslept user messages, and the
    messages the facts came from."""
    facts = store.list_facts()
    counts = {s: 0 for s in FACT_STATES}
    for fact in facts:
        counts[fact.state] = counts.get(fact.state, 0) + 1
    shown = [f for f in facts if state is None or f.state == state]
    return {"facts": [fact_json(f) for f in shown], "counts": counts,
            "unslept_user_messages": store.count_unconsumed_user_messages(),
            "messages": _source_messages(store, shown, Masker(settings.withhold_secrets))}


def _source_messages(store: MemoryStore, facts: list[Fact], mask: Masker) -> dict[int, dict]:
    ids = sorted({i for f in facts for i in f.source_message_ids})
    return {m.id: {"conversation_id": m.conversation_id, "content": mask(m.content),
                   "created_at": m.created_at} for m in store.get_messages(ids)}


# Before /{fact_id}, as are the routes below: "rejected" and "export" are not ids.
@router.get("/rejected")
def rejected_pairs(store: StoreDep, settings: SettingsDep) -> dict:
    """Question/answer pairs a sleep turned down, newest first, each with the reason."""
    mask = Masker(settings.withhold_secrets)
    pairs = [{**asdict(p), "question": mask(p.question), "answer": mask(p.answer),
              "reason": mask(p.reason)} for p in reversed(store.list_pairs(accepted=False))]
    return {"pairs": pairs}


@router.get("/export")
def export_memories(store: StoreDep, settings: SettingsDep) -> MemoryExport:
    """Everything remembered, as the export file holds it (secrets masked)."""
    return build_export(store, settings.withhold_secrets, settings.model)


@router.api_route("/export", methods=["DELETE"], include_in_schema=False)
@router.api_route("/rejected", methods=["DELETE"], include_in_schema=False)
def read_only_listing() -> None:
    """DELETE /memories/export (or /rejected) would reach /{fact_id} and get 422 for the
    name; they are listings with GET only."""
    raise api_error(405, "Method Not Allowed", headers={"Allow": "GET"})


@router.get("/{fact_id}", responses=error_responses(404))
def get_memory(fact_id: RowId, store: StoreDep) -> dict:
    fact = store.get_fact(fact_id)
    if fact is None:
        raise _not_found(fact_id)
    return fact_json(fact)


@router.delete("/{fact_id}", responses=error_responses(404))
def forget_memory(fact_id: RowId, store: StoreDep) -> dict:
    """Mark the fact forgotten and return it; the next sleep trains without it."""
    try:
        return fact_json(store.forget_fact(fact_id, reason="forgotten by the user"))
    except KeyError:
        raise _not_found(fact_id) from None
