"""SQLite-backed long-term memory of the sleepllm daemon.

Holds what the user said (conversations, messages), what a sleep cycle made of it
(facts, training pairs), the sleep cycles themselves and the model versions they
produced. Use :func:`open_store` to get a thread-safe :class:`MemoryStore`;
:func:`backup_database` copies the database file while it is in use.
"""

from .db import open_db
from .errors import CycleRunning, StoreBusy, StoreError
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .portable import Snapshot, backup_database, check_database
from .rows import (
    CYCLE_STATUSES,
    FACT_STATES,
    MESSAGE_ROLES,
    MESSAGE_SOURCES,
    REMEMBERED_STATES,
    VERSION_STATUSES,
    Conversation,
    Fact,
    Message,
    ModelVersion,
    Pair,
    SleepCycle,
)
from .store import MemoryStore, open_store

__all__ = [
    "CYCLE_STATUSES",
    "FACT_STATES",
    "MESSAGE_ROLES",
    "MESSAGE_SOURCES",
    "MIGRATIONS",
    "REMEMBERED_STATES",
    "SCHEMA_VERSION",
    "VERSION_STATUSES",
    "Conversation",
    "CycleRunning",
    "Fact",
    "MemoryStore",
    "Message",
    "ModelVersion",
    "Pair",
    "SleepCycle",
    "Snapshot",
    "StoreBusy",
    "StoreError",
    "backup_database",
    "check_database",
    "open_db",
    "open_store",
]
