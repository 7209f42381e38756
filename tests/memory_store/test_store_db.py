"""Database-level tests of the memory store: files, WAL, migrations, durability, locking.

Everything runs on real SQLite files; the lock-contention tests hold the write lock from
a second, raw sqlite3 connection, as another process would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from memory_store import SCHEMA_VERSION, CycleRunning, StoreBusy, StoreError, open_store
from memory_store.migrations import migrate, schema_version

REPO = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_wal_and_pragmas(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.db") as store:
        conn = store._open_db().conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_file_permissions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # an existing, too-open directory of ours gets tightened
    path = data / "memory.db"
    with open_store(path) as store:
        store.add_message(store.ensure_conversation("c"), "user", "secret")
        assert _mode(data) == 0o700
        for name in ("memory.db", "memory.db-wal", "memory.db-shm"):
            assert _mode(data / name) == 0o600, name
    fresh = tmp_path / "a" / "b" / "memory.db"
    open_store(fresh).close()
    assert _mode(fresh.parent) == 0o700 and _mode(fresh) == 0o600


def _v1_database(path: Path) -> None:
    """What the first release left behind, including the debris of a crash."""
    db = Database(sqlite3.connect(str(path)), execute_plugins=False)
    db.conn.execute("PRAGMA journal_mode = WAL")
    assert migrate(db, target=1) == 1
    conn = db.conn
    conn.execute("INSERT INTO conversations (id, created_at) VALUES ('old', '2024-01-01')")
    conn.execute(
        "INSERT INTO messages (conversation_id, role, content, created_at, source) "
        "VALUES ('old', 'user', 'I am Ada.', '2024-01-01', 'chat')"
    )
    for _ in range(2):  # two "running" cycles: v1 had no index forbidding it
        conn.execute(
            "INSERT INTO sleep_cycles (\"trigger\", status, started_at) "
            "VALUES ('nightly', 'running', '2024-01-01')"
        )
    for _ in range(2):
        conn.execute(
            "INSERT INTO model_versions (created_at, base_model, status) "
            "VALUES ('2024-01-01', 'tiny', 'served')"
        )
    conn.commit()
    conn.close()


def test_migration_from_v1_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    _v1_database(path)
    with open_store(path) as store:
        assert schema_version(store._open_db()) == SCHEMA_VERSION
        assert [m.content for m in store.unconsumed_user_messages()] == ["I am Ada."]
        assert store.get_conversation("old") is not None
        # Older duplicates were closed out so the new unique indexes could be built.
        assert [c.status for c in store.list_cycles()] == ["running", "interrupted"]
        versions = store.list_versions()
        assert [v.status for v in versions] == ["served", "retired"]
        assert versions[0].fact_ids == []
        indexes = {r[0] for r in store._open_db().conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"messages_unconsumed", "sleep_cycles_one_running"} <= indexes
        with pytest.raises(CycleRunning):
            store.start_cycle("manual")


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    open_store(path).close()
    with open_store(path) as store:
        assert migrate(store._open_db()) == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    open_store(path).close()
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    expected = f"database schema v99 is newer than this release supports \\(v{SCHEMA_VERSION}\\)"
    with pytest.raises(StoreError, match=expected):
        open_store(path)


def test_not_a_database_is_store_error(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        open_store(path)


def test_committed_message_visible_to_second_store(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with open_store(path) as writer, open_store(path) as reader:
        message = writer.add_message(writer.ensure_conversation("c"), "user", "hello")
        assert reader.get_message(message.id) == message
        reader.add_message("c", "assistant", "hi")
        assert writer.count_messages(conversation_id="c") == 2


@pytest.mark.integration  # a child process, killed
def test_committed_message_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    script = textwrap.dedent(f"""
        import os, signal
        from memory_store import open_store
        store = open_store({str(path)!r})
        store.add_message(store.ensure_conversation("c"), "user", "remember me")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, timeout=60)
    assert done.returncode == -signal.SIGKILL
    with open_store(path) as store:
        assert [m.content for m in store.conversation_messages("c")] == ["remember me"]


def test_concurrent_add_message(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.db") as store:
        conv = store.ensure_conversation("c")
        errors: list[BaseException] = []

        def worker(n: int) -> None:
            try:
                for i in range(25):
                    store.add_message(conv, "user", f"{n}:{i}")
            except BaseException as exc:  # surfaced by the assert below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        contents = [m.content for m in store.conversation_messages(conv)]
        assert sorted(contents) == sorted(f"{n}:{i}" for n in range(8) for i in range(25))
        assert len(set(contents)) == len(contents) == store.count_messages() == 200


def test_concurrent_start_cycle_from_two_stores(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    stores = [open_store(path), open_store(path)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(stores))

    def start(index: int) -> None:
        barrier.wait()
        try:
            stores[index].start_cycle("manual")
            outcomes.append("started")
        except CycleRunning:
            outcomes.append("refused")

    threads = [threading.Thread(target=start, args=(i,)) for i in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert sorted(outcomes) == ["refused", "started"]


def _hold_write_lock(path: Path, seconds: float, locked: threading.Event) -> None:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO conversations (id, created_at) VALUES ('other', 'now')")
    locked.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def _with_lock_held(path: Path, seconds: float) -> tuple[threading.Thread, threading.Event]:
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, seconds, locked))
    holder.start()
    assert locked.wait(5)
    return holder, locked


def test_write_waits_for_lock_then_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with open_store(path, busy_timeout_s=3.0) as store:
        conv = store.ensure_conversation("c")
        holder, _ = _with_lock_held(path, 1.0)
        # Readers are not blocked by the writer (WAL), even while a write waits.
        assert store.count_messages() == 0
        started = time.monotonic()
        message = store.add_message(conv, "user", "after the lock")
        waited = time.monotonic() - started
        holder.join()
        assert 0.5 < waited < 2.9
        assert store.get_message(message.id) == message
        assert store.conversation_exists("other")


def test_write_gives_up_after_window(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with open_store(path, busy_timeout_s=0.5) as store:
        conv = store.ensure_conversation("c")
        holder, _ = _with_lock_held(path, 1.2)
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="database is busy"):
            store.add_message(conv, "user", "too late")
        waited = time.monotonic() - started
        holder.join()
        assert 0.4 < waited < 1.5
        assert store.count_messages() == 0
        # The store is still usable once the lock is gone.
        assert store.add_message(conv, "user", "now").content == "now"
