"""The store's core: one shared connection, a lock, transactions and busy retries.

Every public store method funnels through :meth:`StoreBase._read` or
:meth:`StoreBase._write`. Both hold the re-entrant lock, so the FastAPI request threads
and the sleep thread never interleave statements on the shared connection. Writes run
in ``BEGIN IMMEDIATE`` and are committed before the method returns.

When another process (a CLI, a second daemon) holds the write lock, SQLite reports
"database is locked". Rather than let SQLite's busy handler sleep the whole window while
we hold the lock, each attempt waits only a short slice; between attempts the lock is
released, so this process's readers keep working while a writer backs off. After the
configured window the caller gets :class:`StoreBusy`, never a raw ``sqlite3`` error.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from .errors import StoreBusy, StoreError

T = TypeVar("T")

# SQLite's own busy wait per attempt; short, so the store lock is not held for long.
ATTEMPT_SLICE_MS = 100
_FIRST_BACKOFF_S = 0.01
_MAX_BACKOFF_S = 0.2
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return True
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class StoreBase:
    """Connection, lock and transaction plumbing shared by the store's method groups."""

    def __init__(self, db: Database, path: Path, busy_timeout_s: float = 5.0) -> None:
        self._db: Database | None = db
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self._lock = threading.RLock()
        db.conn.execute(f"PRAGMA busy_timeout = {min(ATTEMPT_SLICE_MS, self._window_ms()):d}")

    def _window_ms(self) -> int:
        return max(0, int(self.busy_timeout_s * 1000))

    def close(self) -> None:
        """Close the connection; later calls raise StoreError. Safe to call twice."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _open_db(self) -> Database:
        if self._db is None:
            raise StoreError("the memory store is closed")
        return self._db

    def _read(self, fn: Callable[[Database], T]) -> T:
        """Run a read-only ``fn`` under the lock, retrying while the database is busy."""
        return self._with_retry(fn, write=False)

    def _write(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn`` in one committed IMMEDIATE transaction, retrying while busy.

        Called while a transaction is already open (a method built from others), ``fn``
        simply joins it and the outer call commits.
        """
        return self._with_retry(fn, write=True)

    def atomic(self, fn: Callable[[], T]) -> T:
        """Run ``fn``, which calls other store methods, as one transaction: all or nothing."""
        return self._write(lambda db: fn())

    def _with_retry(self, fn: Callable[[Database], T], write: bool) -> T:
        with self._lock:
            db = self._open_db()
            if db.conn.in_transaction:
                # Only this thread can be inside a transaction (it holds the lock): this
                # is a nested call, and the outermost call owns commit and retries.
                return fn(db)
        deadline = time.monotonic() + self.busy_timeout_s
        backoff = _FIRST_BACKOFF_S
        while True:
            try:
                with self._lock:
                    db = self._open_db()
                    return self._transaction(db, fn) if write else fn(db)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise StoreError(f"database error: {exc}") from exc
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreBusy(f"database is busy: {exc}") from exc
                time.sleep(min(backoff, remaining))
                backoff = min(backoff * 2, _MAX_BACKOFF_S)
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"database constraint failed: {exc}") from exc
            except sqlite3.Error as exc:
                raise StoreError(f"database error: {exc}") from exc

    @staticmethod
    def _transaction(db: Database, fn: Callable[[Database], T]) -> T:
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(db)
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT leaves the transaction open; undo it so a retry starts clean.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    @staticmethod
    def _one(db: Database, sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
        rows = list(db.query(sql, params))
        return rows[0] if rows else None

    @staticmethod
    def _all(db: Database, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return list(db.query(sql, params))

    @staticmethod
    def _scalar(db: Database, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return db.execute(sql, params).fetchone()[0]

    @staticmethod
    def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
        """Insert one row through sqlite-utils and return its new id."""
        target = db.table(table)
        target.insert(row)
        assert target.last_pk is not None  # insert() sets it
        return int(target.last_pk)

    def _require(self, db: Database, table: str, row_id: int | str, what: str) -> dict[str, Any]:
        """Fetch a row by id or raise KeyError. ``table`` is always a constant of ours."""
        row = self._one(db, f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        if row is None:
            raise KeyError(f"no {what} with id {row_id!r}")
        return row
