"""Exceptions raised by the memory store.

Every SQLite failure leaves the store as a :class:`StoreError` (or a subclass), so the
HTTP layer can map store problems to clean responses instead of raw tracebacks.
Caller mistakes stay ordinary Python errors: ``ValueError`` for a malformed argument,
``KeyError`` for a row that does not exist.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database could not do what was asked (busy, corrupt, too new, closed...)."""


class StoreBusy(StoreError):
    """Another connection held the write lock for longer than the retry window."""


class CycleRunning(StoreError):
    """A sleep cycle is already running, so another one may not start."""

    def __init__(self, cycle_id: int) -> None:
        super().__init__(f"sleep cycle {cycle_id} is already running")
        self.cycle_id = cycle_id
