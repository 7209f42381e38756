"""Conversation routes, for the web page's chat list (read only).

``GET /conversations`` lists the conversations that hold chat messages, latest activity
first (id, when it began and last moved, how many messages, its first user message as
a title); ``GET /conversations/{id}`` is one conversation's chat messages in order.
Benchmark probes (messages with source "evaluation") are left out of both: they are
the daemon measuring itself, not something the user said. Secrets are shown masked, as
``GET /memories/export`` shows them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ..deps import SettingsDep, StoreDep
from ..portable import Masker
from .errors import COMMON_ERRORS, api_error, error_responses

router = APIRouter(prefix="/conversations", tags=["conversations"], responses=COMMON_ERRORS)

# The store's own rule for conversation ids (memory_store.rows.check_conversation_id).
ConversationId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,128}$",
                                     description="A conversation id.")]
TITLE_CHARS = 80


@router.get("")
def list_conversations(store: StoreDep, settings: SettingsDep,
                       limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
    """The conversations with chat messages, latest activity first."""
    mask = Masker(settings.withhold_secrets)
    rows = store.list_conversations(limit)
    for row in rows:
        row["title"] = (mask(row["title"]) or "")[:TITLE_CHARS]
    return {"conversations": rows}


@router.get("/{conversation_id}", responses=error_responses(404))
def get_conversation(conversation_id: ConversationId, store: StoreDep,
                     settings: SettingsDep) -> dict:
    """One conversation's chat messages, oldest first."""
    if store.get_conversation(conversation_id) is None:
        raise api_error(404, f"no conversation with id {conversation_id}",
                        "conversation_not_found")
    mask = Masker(settings.withhold_secrets)
    messages = [{"id": m.id, "role": m.role, "content": mask(m.content),
                 "created_at": m.created_at}
                for m in store.conversation_messages(conversation_id) if m.source == "chat"]
    return {"id": conversation_id, "messages": messages}
