"""The memory store: the daemon's single, thread-safe door to its SQLite database.

:class:`MemoryStore` gathers the method groups (conversations and messages, facts and
pairs, fact search, sleep cycles and model versions, the store whole) over the shared
connection and lock of :class:`~memory_store.base.StoreBase`. Open one with
:func:`open_store` at daemon start and share it between all threads; close it at shutdown.
"""

from __future__ import annotations

from pathlib import Path

from .conversations import ConversationsMixin
from .cycles import CyclesMixin
from .db import open_db
from .facts import FactsMixin
from .portable import PortableMixin
from .recall import RecallMixin


class MemoryStore(ConversationsMixin, FactsMixin, RecallMixin, CyclesMixin, PortableMixin):
    """Thread-safe access to conversations, facts, sleep cycles and model versions.

    Every public method takes the store's lock; every write is committed before the
    method returns. SQLite failures surface as :class:`~memory_store.errors.StoreError`
    (``StoreBusy`` when another connection held the write lock for longer than
    ``busy_timeout_s``).
    """

    def __enter__(self) -> MemoryStore:
        return self


def open_store(path: Path | str, busy_timeout_s: float = 5.0) -> MemoryStore:
    """Open (creating and migrating as needed) the store at ``path``.

    ``busy_timeout_s`` is how long a call keeps retrying while another connection holds
    the write lock before it raises ``StoreBusy``.
    """
    if busy_timeout_s < 0:
        raise ValueError("busy_timeout_s must not be negative")
    path = Path(path)
    db = open_db(path, busy_timeout_ms=int(busy_timeout_s * 1000))
    return MemoryStore(db, path, busy_timeout_s=busy_timeout_s)
