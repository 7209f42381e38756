"""Open the memory database: owner-only files, WAL journal, pragmas, migrations.

The database holds everything the user ever told the assistant, so the directory is
forced to 0700 and the files to 0600 before anything is written. WAL lets the chat
threads read while the sleep thread writes; ``synchronous=FULL`` fsyncs every commit,
so a stored user message survives not only ``kill -9`` of the daemon but also a power
cut (commits are a few per chat turn, so the fsync cost is invisible next to the model).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from .errors import StoreError
from .migrations import migrate

DIR_MODE = 0o700
FILE_MODE = 0o600
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _secure_parent(directory: Path) -> None:
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    # A directory someone else owns (say /tmp) is not ours to tighten.
    if directory.stat().st_uid == os.getuid():
        os.chmod(directory, DIR_MODE)


def _create_private(path: Path) -> None:
    """Create the file 0600 up front, so it is never briefly readable by others."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, FILE_MODE)
    os.close(fd)


def secure_files(path: Path) -> None:
    """chmod the database and whichever of its side files exist to 0600."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES)):
        try:
            os.chmod(candidate, FILE_MODE)
        except FileNotFoundError:
            continue


def _apply_pragmas(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    # Integers formatted with :d, never user text: PRAGMA cannot take parameters.
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        # Network file systems refuse WAL; without it readers block the sleep thread.
        raise StoreError(f"could not switch the database to WAL mode (got {mode!r})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def open_db(path: Path, *, busy_timeout_ms: int = 5000) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises :class:`StoreError` if the file is not a usable SQLite database, cannot use
    WAL, or was written by a newer release.
    """
    path = Path(path)
    _secure_parent(path.parent)
    _create_private(path)
    conn: sqlite3.Connection | None = None
    try:
        # check_same_thread=False: one connection is shared by the daemon's threads,
        # serialized by MemoryStore's lock. The default (legacy) isolation level is
        # kept because sqlite-utils requires it; transactions are opened explicitly.
        conn = sqlite3.connect(
            str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False
        )
        _apply_pragmas(conn, busy_timeout_ms)
        # Plugins could alter the connection; this daemon's data should not depend on
        # whatever sqlite-utils plugins happen to be installed.
        db = Database(conn, execute_plugins=False)
        migrate(db)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    secure_files(path)
    return db
