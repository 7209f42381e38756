"""Conversation and message methods of the memory store.

Messages are the raw day log: the chat routes append to it, and a sleep cycle gathers
the user's unconsumed chat messages and marks them consumed by that cycle. Messages with
source "evaluation" (benchmark probes) are stored for the record but never gathered and
never counted toward an automatic sleep.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from .base import StoreBase
from .rows import (
    MESSAGE_ROLES,
    MESSAGE_SOURCES,
    Conversation,
    Message,
    check_choice,
    check_conversation_id,
    check_ids,
    to_json,
    utc_iso,
    utc_now,
)

_UNCONSUMED = "consumed_by IS NULL AND role = 'user' AND source = 'chat'"


class ConversationsMixin(StoreBase):
    """Conversations, their rolling summaries, and messages."""

    def ensure_conversation(self, conversation_id: str | None) -> str:
        """Return ``conversation_id``, creating the conversation if new (None: a new id)."""
        if conversation_id is None:
            conversation_id = uuid.uuid4().hex
        check_conversation_id(conversation_id)

        def run(db: Database) -> str:
            db.execute(
                "INSERT OR IGNORE INTO conversations (id, created_at) VALUES (?, ?)",
                (conversation_id, utc_now()),
            )
            return conversation_id

        return self._write(run)

    def conversation_exists(self, conversation_id: str) -> bool:
        check_conversation_id(conversation_id)
        return self.get_conversation(conversation_id) is not None

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        check_conversation_id(conversation_id)
        row = self._read(
            lambda db: self._one(db, "SELECT * FROM conversations WHERE id = ?", (conversation_id,))
        )
        return None if row is None else Conversation.from_row(row)

    def set_summary(self, conversation_id: str, summary: str, upto_message_id: int) -> None:
        """Store the rolling summary covering messages up to ``upto_message_id``."""
        check_conversation_id(conversation_id)
        check_ids([upto_message_id], "message id")

        def run(db: Database) -> None:
            self._require(db, "conversations", conversation_id, "conversation")
            db.execute(
                "UPDATE conversations SET summary = ?, summary_upto = ? WHERE id = ?",
                (summary, upto_message_id, conversation_id),
            )

        self._write(run)

    def add_message(
        self, conversation_id: str, role: str, content: str, source: str = "chat",
        created_at: datetime | None = None,
    ) -> Message:
        """Append a message; it is committed (durable) when this returns.

        ``created_at`` (aware, or naive meaning UTC) is when it was sent, for messages
        imported from an earlier chat; None means now.
        """
        check_conversation_id(conversation_id)
        check_choice("role", role, MESSAGE_ROLES)
        check_choice("source", source, MESSAGE_SOURCES)
        if not isinstance(content, str):
            raise ValueError(f"message content must be a string, got {type(content).__name__}")
        stamp = utc_now() if created_at is None else utc_iso(created_at)

        def run(db: Database) -> Message:
            self._require(db, "conversations", conversation_id, "conversation")
            row: dict[str, Any] = {
                "conversation_id": conversation_id,
                "role": role,
                "content": content,
                "created_at": stamp,
                "source": source,
                "consumed_by": None,
            }
            row["id"] = self._insert(db, "messages", row)
            return Message.from_row(row)

        return self._write(run)

    def get_message(self, message_id: int) -> Message | None:
        row = self._read(
            lambda db: self._one(db, "SELECT * FROM messages WHERE id = ?", (message_id,))
        )
        return None if row is None else Message.from_row(row)

    def conversation_messages(
        self, conversation_id: str, after_id: int | None = None
    ) -> list[Message]:
        """The conversation's messages in order, optionally only those after ``after_id``."""
        check_conversation_id(conversation_id)
        rows = self._read(
            lambda db: self._all(
                db,
                "SELECT * FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id",
                (conversation_id, -1 if after_id is None else after_id),
            )
        )
        return [Message.from_row(row) for row in rows]

    def get_messages(self, message_ids: list[int]) -> list[Message]:
        """The messages with these ids (those that exist), in id order."""
        ids = to_json(check_ids(message_ids, "message id"))
        rows = self._read(lambda db: self._all(
            db, "SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?)) "
            "ORDER BY id", (ids,)))
        return [Message.from_row(row) for row in rows]

    def list_conversations(self, limit: int = 100) -> list[dict[str, Any]]:
        """Conversations with chat messages, latest activity first: ``id``, ``created_at``,
        ``messages`` (count), ``last_at`` and ``title`` (the first user message)."""
        # Evaluation-only conversations (benchmark probes) are no one's chat.
        sql = (
            "SELECT c.id, c.created_at, COUNT(m.id) AS messages, MAX(m.created_at) AS last_at, "
            "(SELECT content FROM messages f WHERE f.conversation_id = c.id AND "
            "f.role = 'user' AND f.source = 'chat' ORDER BY f.id LIMIT 1) AS title "
            "FROM conversations c JOIN messages m ON m.conversation_id = c.id "
            "AND m.source = 'chat' GROUP BY c.id ORDER BY MAX(m.id) DESC LIMIT ?"
        )
        return self._read(lambda db: self._all(db, sql, (limit,)))

    def recent_user_messages(self, conversation_id: str, before_id: int,
                             limit: int) -> list[Message]:
        """The last ``limit`` user chat messages of the conversation before ``before_id``,
        oldest first (the context a new message is read in)."""
        check_conversation_id(conversation_id)
        rows = self._read(lambda db: self._all(
            db, "SELECT * FROM messages WHERE conversation_id = ? AND id < ? AND role = 'user' "
            "AND source = 'chat' ORDER BY id DESC LIMIT ?", (conversation_id, before_id, limit)))
        return [Message.from_row(row) for row in reversed(rows)]

    def unconsumed_user_messages(self) -> list[Message]:
        """User chat messages no sleep cycle has consumed yet, oldest first."""
        rows = self._read(
            lambda db: self._all(db, f"SELECT * FROM messages WHERE {_UNCONSUMED} ORDER BY id")
        )
        return [Message.from_row(row) for row in rows]

    def user_messages(self) -> list[Message]:
        """Every user chat message, consumed or not, oldest first."""
        rows = self._read(lambda db: self._all(
            db, "SELECT * FROM messages WHERE role = 'user' AND source = 'chat' ORDER BY id"))
        return [Message.from_row(row) for row in rows]

    def count_unconsumed_user_messages(self) -> int:
        return int(
            self._read(
                lambda db: self._scalar(db, f"SELECT COUNT(*) FROM messages WHERE {_UNCONSUMED}")
            )
        )

    def count_messages(
        self,
        conversation_id: str | None = None,
        role: str | None = None,
        source: str | None = None,
    ) -> int:
        """Number of messages, optionally filtered by conversation, role and source."""
        if conversation_id is not None:
            check_conversation_id(conversation_id)
        if role is not None:
            check_choice("role", role, MESSAGE_ROLES)
        if source is not None:
            check_choice("source", source, MESSAGE_SOURCES)
        # NULL parameters disable their filter, so the SQL text never varies.
        sql = (
            "SELECT COUNT(*) FROM messages WHERE (?1 IS NULL OR conversation_id = ?1) "
            "AND (?2 IS NULL OR role = ?2) AND (?3 IS NULL OR source = ?3)"
        )
        params = (conversation_id, role, source)
        return int(self._read(lambda db: self._scalar(db, sql, params)))

    def mark_consumed(self, message_ids: list[int], cycle_id: int) -> int:
        """Mark messages consumed by ``cycle_id``; return how many were newly marked.

        Messages already consumed by another cycle keep their first consumer, so a
        message is learned from at most once.
        """
        ids = check_ids(message_ids, "message id")

        def run(db: Database) -> int:
            self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            cursor = db.execute(
                "UPDATE messages SET consumed_by = ? WHERE consumed_by IS NULL "
                "AND id IN (SELECT value FROM json_each(?))",
                (cycle_id, to_json(ids)),
            )
            return int(cursor.rowcount)

        return self._write(run)
