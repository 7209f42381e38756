"""The memory export file: a versioned JSON format, as pydantic models.

    export = MemoryExport.model_validate_json(path.read_text())   # raises ValidationError
    path.write_text(export.model_dump_json(indent=2))

``sleepllm export`` and ``GET /memories/export`` write it, ``sleepllm import`` reads it
(see :mod:`daemon.portable`; the README describes the format). Every record forbids
fields it does not know, so a file from a newer writer fails loudly rather than losing a
value. ``format_version`` changes whenever a reader of the old version could misread the
new one; a reader refuses versions newer than its own.

What the file holds: conversations with their rolling summaries, every message (secrets
masked), every fact with its state and the ids of the messages it came from, the
question/answer pairs made from them (those the firewall rejected too), the history of
sleeps (each stage's name, outcome and timing) and of model versions (metadata only: no
weights). Withheld facts appear masked, never with their secret.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from memory_store import (
    CYCLE_STATUSES,
    FACT_STATES,
    MESSAGE_ROLES,
    MESSAGE_SOURCES,
    VERSION_STATUSES,
)

FORMAT = "sleepllm-memory"
FORMAT_VERSION = 1


def _aware_time(value: str) -> str:
    """An ISO-8601 time with a UTC offset, kept as written (the store's own text)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO-8601 time: {value!r:.40}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"a time needs its UTC offset: {value!r:.40}")
    return value


Time = Annotated[str, AfterValidator(_aware_time)]
RowId = Annotated[int, Field(ge=1)]
ConversationId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,128}$")]
# Built at runtime from the store's tuples, so the format follows the store's states.
FactState = Literal[FACT_STATES]  # type: ignore[valid-type]
Role = Literal[MESSAGE_ROLES]  # type: ignore[valid-type]
Source = Literal[MESSAGE_SOURCES]  # type: ignore[valid-type]
CycleStatus = Literal[CYCLE_STATUSES]  # type: ignore[valid-type]
VersionStatus = Literal[VERSION_STATUSES]  # type: ignore[valid-type]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportedConversation(Record):
    id: ConversationId
    created_at: Time
    summary: str | None = None
    """The rolling summary of older turns (secrets masked)."""
    summary_upto: int | None = None
    """The last message id the summary covers."""


class ExportedMessage(Record):
    id: RowId
    conversation_id: ConversationId
    role: Role
    content: str
    """As said, with each secret of a withheld kind masked ("****", "**** 1111")."""
    created_at: Time
    source: Source
    consumed_by: RowId | None = None
    """The sleep that learned from it; None: not slept on yet."""


class ExportedFact(Record):
    id: RowId
    text: str = Field(min_length=1)
    key: str | None = None
    state: FactState
    source_message_ids: list[RowId]
    """The messages it was said in."""
    created_at: Time
    updated_at: Time
    cycle_id: RowId | None = None
    superseded_by: RowId | None = None
    reason: str | None = None
    passes: int = Field(0, ge=0)


class ExportedPair(Record):
    id: RowId
    fact_id: RowId | None = None
    question: str = Field(min_length=1)
    answer: str
    cycle_id: RowId | None = None
    accepted: bool
    """Trained on (True), or rejected by the firewall (``reason`` says why)."""
    reason: str | None = None


class ExportedStage(Record):
    name: str
    status: str
    seconds: float
    at: Time | None = None


class ExportedSleep(Record):
    id: RowId
    trigger: str
    status: CycleStatus
    started_at: Time
    finished_at: Time | None = None
    stages: list[ExportedStage] = Field(default_factory=list)
    error: str | None = None
    model_version_id: RowId | None = None


class ExportedModelVersion(Record):
    id: RowId
    created_at: Time
    cycle_id: RowId | None = None
    base_model: str
    adapter_path: str | None = None
    """Where its adapter lay in the exporting data directory (not in the file)."""
    checksum: str | None = None
    status: VersionStatus
    fact_ids: list[RowId] = Field(default_factory=list)
    """The facts its weights were trained on."""
    served_from: Time | None = None
    served_until: Time | None = None
    note: str | None = None


class MemoryExport(Record):
    """One data directory's memory: see the module docstring and the README."""

    format: Literal["sleepllm-memory"] = "sleepllm-memory"
    format_version: int = Field(FORMAT_VERSION, ge=1)
    exported_at: Time
    model: str
    """The model the exporting daemon served."""
    schema_version: int
    """The exporting store's schema version (informational)."""
    secrets_masked: list[str]
    """The kinds of secret masked in every text (the ``withhold_secrets`` setting)."""
    conversations: list[ExportedConversation] = Field(default_factory=list)
    messages: list[ExportedMessage] = Field(default_factory=list)
    facts: list[ExportedFact] = Field(default_factory=list)
    pairs: list[ExportedPair] = Field(default_factory=list)
    sleeps: list[ExportedSleep] = Field(default_factory=list)
    model_versions: list[ExportedModelVersion] = Field(default_factory=list)


def check_format_version(data: Any) -> None:
    """Refuse a file of another format or of a newer format version, before reading it
    field by field (a newer file may be valid but mean something else)."""
    if not isinstance(data, dict):
        raise ValueError("not a sleepllm memory export (the file is not a JSON object)")
    if data.get("format") != FORMAT:
        raise ValueError(f"not a sleepllm memory export (format is {data.get('format')!r:.40}, "
                         f"expected {FORMAT!r})")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("the export has no valid format_version")
    if version > FORMAT_VERSION:
        raise ValueError(f"the export is format version {version}; this sleepllm reads "
                         f"up to {FORMAT_VERSION}: upgrade sleepllm to import it")
