"""Row dataclasses returned by the store, the allowed enum values, and small helpers.

Rows are frozen snapshots: changing one means calling a store method, never mutating
the object. JSON columns are parsed here so callers never see raw JSON text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

FACT_STATES = ("pending", "learned", "graduated", "rejected", "forgotten", "superseded",
               "withheld")
# What the assistant knows: told and not yet trained (pending), trained into the served
# weights (learned), and trained and answered by the weights without any prompt
# (graduated). Every sleep trains on all of them.
REMEMBERED_STATES = ("pending", "learned", "graduated")
MESSAGE_ROLES = ("user", "assistant", "system")
MESSAGE_SOURCES = ("chat", "evaluation")
CYCLE_STATUSES = ("running", "succeeded", "no_messages", "rejected", "failed", "interrupted")
VERSION_STATUSES = ("candidate", "served", "retired", "broken", "pruned")

_CONVERSATION_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def utc_now() -> str:
    """Current UTC time as ISO-8601 with milliseconds, e.g. 2025-01-31T03:00:00.123+00:00."""
    return utc_iso(datetime.now(UTC))


def utc_iso(when: datetime) -> str:
    """``when`` in UTC as :func:`utc_now` writes it (a naive datetime is taken as UTC)."""
    if not isinstance(when, datetime):
        raise ValueError(f"a time must be a datetime, got {type(when).__name__}")
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.isoformat(timespec="milliseconds")


def check_conversation_id(conversation_id: object) -> str:
    """Return the id if it is 1-128 chars of [A-Za-z0-9._:-], else raise ValueError."""
    if not isinstance(conversation_id, str) or not _CONVERSATION_ID.fullmatch(conversation_id):
        raise ValueError(
            "conversation id must be 1-128 characters of letters, digits, '.', '_', ':' "
            f"or '-', got {conversation_id!r:.80}"
        )
    return conversation_id


def check_choice(kind: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise ValueError naming them."""
    if value not in allowed:
        raise ValueError(f"{kind} must be one of {', '.join(allowed)}; got {value!r:.80}")
    return str(value)


def check_ids(ids: object, kind: str = "id") -> list[int]:
    """Return ``ids`` as a list of ints; bools and non-integers raise ValueError."""
    if isinstance(ids, str | bytes) or not hasattr(ids, "__iter__"):
        raise ValueError(f"{kind}s must be a list of integers, got {ids!r:.80}")
    result = list(ids)
    for value in result:
        # bool is an int subclass; True as an id is always a bug upstream.
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{kind}s must be integers, got {value!r:.80}")
    return result


def to_json(value: Any) -> str:
    """Serialize for a JSON column; odd values (paths, numpy scalars) become strings."""
    return json.dumps(value, default=str, ensure_ascii=False)


def _from_json(text: str | None, empty: Any = None) -> Any:
    return empty if text is None else json.loads(text)


@dataclass(frozen=True)
class Conversation:
    id: str
    created_at: str
    summary: str | None
    summary_upto: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Conversation:
        return cls(row["id"], row["created_at"], row["summary"], row["summary_upto"])


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: str
    role: str
    content: str
    created_at: str
    source: str
    consumed_by: int | None

    @property
    def sent_at(self) -> datetime:
        """``created_at`` as a timezone-aware datetime."""
        return datetime.fromisoformat(self.created_at)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Message:
        return cls(
            row["id"], row["conversation_id"], row["role"], row["content"],
            row["created_at"], row["source"], row["consumed_by"],
        )


@dataclass(frozen=True)
class Fact:
    id: int
    text: str
    key: str | None
    state: str
    source_message_ids: list[int]
    created_at: str
    updated_at: str
    cycle_id: int | None
    superseded_by: int | None
    reason: str | None
    # Sleeps in a row after which the served weights answered the fact's question with
    # no memory in the prompt; it graduates at the ``graduation_passes`` setting.
    passes: int = 0

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Fact:
        return cls(
            row["id"], row["text"], row["key"], row["state"],
            _from_json(row["source_message_ids"], []), row["created_at"],
            row["updated_at"], row["cycle_id"], row["superseded_by"], row["reason"],
            row.get("passes", 0),
        )


@dataclass(frozen=True)
class Pair:
    id: int
    fact_id: int | None
    question: str
    answer: str
    cycle_id: int | None
    accepted: bool
    reason: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Pair:
        return cls(
            row["id"], row["fact_id"], row["question"], row["answer"],
            row["cycle_id"], bool(row["accepted"]), row["reason"],
        )


@dataclass(frozen=True)
class SleepCycle:
    id: int
    trigger: str
    status: str
    started_at: str
    finished_at: str | None
    stages: list[dict[str, Any]]
    validation: dict[str, Any] | None
    error: str | None
    model_version_id: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SleepCycle:
        return cls(
            row["id"], row["trigger"], row["status"], row["started_at"],
            row["finished_at"], _from_json(row["stages"], []),
            _from_json(row["validation"]), row["error"], row["model_version_id"],
        )


@dataclass(frozen=True)
class ModelVersion:
    id: int
    created_at: str
    cycle_id: int | None
    base_model: str
    adapter_path: str | None
    checksum: str | None
    status: str
    fact_ids: list[int]
    served_from: str | None
    served_until: str | None
    note: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ModelVersion:
        return cls(
            row["id"], row["created_at"], row["cycle_id"], row["base_model"],
            row["adapter_path"], row["checksum"], row["status"],
            _from_json(row["fact_ids"], []), row["served_from"], row["served_until"],
            row["note"],
        )
