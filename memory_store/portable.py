"""The whole store at once: a consistent snapshot of every table, loading one into an empty
store, and an online copy of the database file.

    snap = store.snapshot()                  # every row, as of one moment
    other.load_snapshot(snap)                # into an empty store, ids kept, all or nothing
    backup_database(db_path, dest_path)      # SQLite's online backup API; the daemon may run

The daemon's export and import (``daemon.portable``) and its backup and restore
(``daemon.backup``) are built on these; what a file holds and which states change on the
way is decided there, not here: ``load_snapshot`` writes exactly the rows it is given.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .base import StoreBase
from .db import _create_private, secure_files
from .errors import StoreError
from .migrations import schema_version
from .rows import Conversation, Fact, Message, ModelVersion, Pair, SleepCycle, to_json

# Tables in the order a snapshot lists them (their foreign keys are checked at commit).
TABLES = ("conversations", "messages", "facts", "pairs", "sleep_cycles", "model_versions")


@dataclass(frozen=True)
class Snapshot:
    """Every row of the store, each list in id order."""

    schema_version: int
    conversations: list[Conversation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    cycles: list[SleepCycle] = field(default_factory=list)
    versions: list[ModelVersion] = field(default_factory=list)


def _rows(db: Database, table: str) -> list[dict[str, Any]]:
    # ``table`` is always one of TABLES, never user input.
    return list(db.query(f"SELECT * FROM {table} ORDER BY id"))


class PortableMixin(StoreBase):
    """Reading and writing the store whole."""

    def snapshot(self) -> Snapshot:
        """Every row, read in one transaction: what other connections commit meanwhile
        (another process writing) is either wholly in it or not at all."""

        def run(db: Database) -> Snapshot:
            conn = db.conn
            conn.execute("BEGIN")  # a deferred read transaction: one WAL snapshot
            try:
                return Snapshot(
                    schema_version(db),
                    [Conversation.from_row(r) for r in _rows(db, "conversations")],
                    [Message.from_row(r) for r in _rows(db, "messages")],
                    [Fact.from_row(r) for r in _rows(db, "facts")],
                    [Pair.from_row(r) for r in _rows(db, "pairs")],
                    [SleepCycle.from_row(r) for r in _rows(db, "sleep_cycles")],
                    [ModelVersion.from_row(r) for r in _rows(db, "model_versions")],
                )
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

        return self._read(run)

    def holds_data(self) -> dict[str, int]:
        """Row counts of what makes a store someone's memory: conversations, messages,
        facts, pairs, sleep cycles and trained model versions (empty when there is none).

        The bare base model's version row, which the daemon adds on its first start, is
        not data: a store that has only that is as good as fresh.
        """

        def run(db: Database) -> dict[str, int]:
            counts = {t: int(self._scalar(db, f"SELECT COUNT(*) FROM {t}"))
                      for t in TABLES if t != "model_versions"}
            counts["model_versions"] = int(self._scalar(
                db, "SELECT COUNT(*) FROM model_versions "
                "WHERE adapter_path IS NOT NULL OR cycle_id IS NOT NULL"))
            return {t: n for t, n in counts.items() if n}

        return self._read(run)

    def load_snapshot(self, snap: Snapshot) -> None:
        """Write every row of ``snap`` with its own id into this store, in one transaction.

        Raises ValueError (and writes nothing) unless the store holds no data (see
        :meth:`holds_data`); base-model version rows already here are replaced. A row that
        points at one that is not there fails the whole load with StoreError.
        """

        def run(db: Database) -> None:
            held = self.holds_data()
            if held:
                raise ValueError("the store already holds data: " + ", ".join(
                    f"{n} {t.replace('_', ' ')}" for t, n in held.items()))
            # Cycles and versions point at each other: check references at commit.
            db.execute("PRAGMA defer_foreign_keys = ON")
            db.execute("DELETE FROM model_versions")
            for table, rows in _table_rows(snap):
                if rows:
                    db.table(table).insert_all(rows)

        self._write(run)


def _table_rows(snap: Snapshot) -> list[tuple[str, list[dict[str, Any]]]]:
    """The snapshot's rows as the tables store them (JSON columns as text)."""
    return [
        ("conversations", [vars(c) for c in snap.conversations]),
        ("messages", [vars(m) for m in snap.messages]),
        ("sleep_cycles", [{**vars(c), "stages": to_json(c.stages),
                           "validation": None if c.validation is None else to_json(c.validation)}
                          for c in snap.cycles]),
        ("model_versions", [{**vars(v), "fact_ids": to_json(v.fact_ids)}
                            for v in snap.versions]),
        ("facts", [{**vars(f), "source_message_ids": to_json(f.source_message_ids)}
                   for f in snap.facts]),
        ("pairs", [{**vars(p), "accepted": 1 if p.accepted else 0} for p in snap.pairs]),
    ]


def backup_database(source: Path, dest: Path) -> None:
    """Copy the database at ``source`` to the new file ``dest`` (0600) with SQLite's online
    backup API: one consistent copy, while other connections (the daemon) keep reading and
    writing. Raises StoreError if either side fails or the copy does not check out."""
    if not Path(source).is_file():
        raise StoreError(f"no database at {source}")
    if Path(dest).exists():
        raise StoreError(f"{dest} already exists")
    _create_private(Path(dest))
    src = dst = None
    try:
        src = sqlite3.connect(str(source), timeout=30)
        dst = sqlite3.connect(str(dest))
        # One step (pages=-1): the whole copy reads one snapshot; writers are not blocked
        # in WAL mode, and a step-wise copy would restart on every write the daemon makes.
        src.backup(dst)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"the copy of {source} failed its integrity check: {check}")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy the database {source}: {exc}") from exc
    finally:
        for conn in (dst, src):
            if conn is not None:
                conn.close()
    secure_files(Path(dest))


def check_database(path: Path) -> int:
    """The schema version of the database at rest at ``path`` (no connection has it open)
    after an integrity check; raises StoreError if it is not a whole SQLite database, or
    has a write-ahead log still to merge. Reads it without writing anything beside it."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(f"{path} is in use or was not closed cleanly ({wal.name} holds "
                         "writes not yet merged into it)")
    try:
        # immutable: no lock and no -shm/-wal files created, so a backup on read-only
        # media can be checked; safe only because the file is at rest (checked above).
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1",
                               uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"{path} failed its integrity check: {check}")
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a usable database: {exc}") from exc
    finally:
        conn.close()
