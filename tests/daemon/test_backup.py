"""Backup and restore of a data directory: what a backup holds, restoring over data that
is kept aside, the refusals that change nothing, and a backup taken while the real daemon
(uvicorn, the official ``openai`` client chatting) writes to the database.

    .venv/bin/python -m pytest tests/daemon/test_backup.py -q
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from mlx_core.adapter import ADAPTER_CONFIG, ADAPTER_WEIGHTS, adapter_checksum

import pytest

from daemon import cli
from daemon.backup import BackupError, make_backup, read_backup, restore_backup
from daemon.datadir import DataDirBusy, DataDirLock
from daemon.settings import Settings
from memory_store import MemoryStore, open_store
from tests.daemon_proc import all_messages, check_store_invariants, wait_for


def write_adapter(folder: Path, seed: str) -> str:
    """A stand-in adapter folder (the files a trained one has); its checksum."""
    folder.mkdir(parents=True)
    (folder / ADAPTER_CONFIG).write_text(json.dumps({"rank": 16}))
    (folder / ADAPTER_WEIGHTS).write_bytes(seed.encode() * 1000)
    return adapter_checksum(folder)


def trained_store(settings: Settings, said: str) -> MemoryStore:
    """A data directory after two sleeps: v2 retired, v3 served, both adapters on disk."""
    store = open_store(settings.db_path)
    conv = store.ensure_conversation("c")
    message = store.add_message(conv, "user", said)
    store.add_fact(said, "k", [message.id], state="learned")
    for name in ("v2", "v3"):
        cycle = store.start_cycle("test")
        checksum = write_adapter(settings.models_dir / name, name + said)
        version = store.add_model_version(settings.model, name, checksum, cycle.id, [1])
        store.finish_cycle(cycle.id, "succeeded", model_version_id=version.id)
        store.set_served(version.id)
    return store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", nightly_sleep=False)


def test_backup_holds_the_database_and_the_served_adapter(settings: Settings,
                                                          tmp_path: Path) -> None:
    with trained_store(settings, "I keep bees.") as store:
        served = store.served_version()
        manifest = make_backup(settings, tmp_path / "bk")
        assert store.get_version(served.id - 1).status == "retired"  # the live store: as it was
    assert manifest.served_version == served.id and manifest.adapter == "v3"
    assert manifest.counts["messages"] == 1 and manifest.counts["facts"] == 1
    assert sorted(p.name for p in (tmp_path / "bk" / "models").iterdir()) == ["v3"]
    assert read_backup(tmp_path / "bk") == manifest
    with open_store(tmp_path / "bk" / "sleepllm.db") as copy:
        # Rollback to v2 would need weights the backup does not hold.
        assert [v.status for v in copy.list_versions()] == ["served", "pruned"]
        assert copy.list_facts()[0].text == "I keep bees."


def test_restore_keeps_what_it_replaces_aside(settings: Settings, tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    with trained_store(settings, "I keep bees."):
        make_backup(settings, tmp_path / "bk")
    other = Settings(data_dir=tmp_path / "other", nightly_sleep=False)
    with trained_store(other, "I keep goats.") as store:
        store.add_message("c", "user", "Unsaved thought.")
    assert cli.main(["restore", str(tmp_path / "bk"), "--data-dir", str(other.data_dir)]) == 0
    out = capsys.readouterr().out
    aside = Path(out.split("models it replaced are in ")[1].strip())
    with open_store(other.db_path) as store:
        assert store.list_facts()[0].text == "I keep bees."
        check_store_invariants(store, other.data_dir)
    assert sorted(p.name for p in other.models_dir.iterdir()) == ["v3"]
    # Nothing of the replaced directory is lost.
    with open_store(aside / "sleepllm.db") as old:
        assert [m.content for m in all_messages(old)] == ["I keep goats.", "Unsaved thought."]
    assert sorted(p.name for p in (aside / "models").iterdir()) == ["v2", "v3"]
    assert not list(other.data_dir.glob(".restore-*"))


def test_restore_refuses_while_the_data_dir_is_in_use(settings: Settings,
                                                      tmp_path: Path) -> None:
    with trained_store(settings, "I keep bees."):
        make_backup(settings, tmp_path / "bk")
    with DataDirLock.shared(settings.data_dir), pytest.raises(DataDirBusy, match="in use"):
        restore_backup(settings, tmp_path / "bk")
    assert not (settings.data_dir / "replaced").exists()


def test_a_damaged_backup_is_refused_and_nothing_changes(settings: Settings,
                                                         tmp_path: Path) -> None:
    with trained_store(settings, "I keep bees."):
        make_backup(settings, tmp_path / "bk")
    (tmp_path / "bk" / "models" / "v3" / ADAPTER_WEIGHTS).write_bytes(b"garbage")
    with pytest.raises(BackupError, match="adapter is damaged"):
        restore_backup(settings, tmp_path / "bk")
    (tmp_path / "bk" / "sleepllm.db").write_bytes(b"not a database" * 100)
    with pytest.raises(BackupError, match="database is damaged"):
        restore_backup(settings, tmp_path / "bk")
    with pytest.raises(BackupError, match="not a sleepllm backup"):
        restore_backup(settings, tmp_path)
    assert not (settings.data_dir / "replaced").exists()
    assert sorted(p.name for p in settings.models_dir.iterdir()) == ["v2", "v3"]


def test_backup_refusals(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="nothing to back up"):
        make_backup(settings, tmp_path / "bk")
    assert not (tmp_path / "bk").exists()
    with trained_store(settings, "I keep bees."):
        (tmp_path / "full").mkdir()
        (tmp_path / "full" / "mine.txt").write_text("keep me")
        with pytest.raises(BackupError, match="not an empty folder"):
            make_backup(settings, tmp_path / "full")
        assert (tmp_path / "full" / "mine.txt").read_text() == "keep me"
        # The served adapter is damaged: no half backup is left behind.
        (settings.models_dir / "v3" / ADAPTER_WEIGHTS).write_bytes(b"bit rot")
        with pytest.raises(BackupError, match="does not check out"):
            make_backup(settings, tmp_path / "bk")
        assert not (tmp_path / "bk").exists()


# --- while the daemon runs ------------------------------------------------------------------
@pytest.mark.integration
def test_backup_while_the_daemon_chats(start_daemon: Any, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture) -> None:
    live = start_daemon(nightly_sleep=False)
    client = live.openai()
    said: list[str] = []
    stop = threading.Event()

    def chat() -> None:  # the official client, as a user's app would talk to the daemon
        while not stop.is_set():
            text = f"My locker number is {len(said) + 100}."
            client.chat.completions.create(model="sleepllm", max_tokens=2, messages=[
                {"role": "user", "content": text}], extra_body={"conversation_id": "bk"})
            said.append(text)

    chatter = threading.Thread(target=chat, daemon=True)
    chatter.start()
    data_dir = str(live.settings.data_dir)
    try:
        for n in range(3):
            wait_for(lambda n=n: len(said) >= 2 * (n + 1), 120, "the chat to go on")
            assert cli.main(["backup", str(tmp_path / f"bk{n}"), "--data-dir", data_dir]) == 0
        # The daemon serves the directory: a restore there is refused, and changes nothing.
        assert cli.main(["restore", str(tmp_path / "bk0"), "--data-dir", data_dir]) == 1
        assert "in use by a running daemon" in capsys.readouterr().err
    finally:
        stop.set()
        chatter.join(120)
    live_rows = {m.id: m for m in all_messages(live.store)}
    counts = []
    for n in range(3):
        with open_store(tmp_path / f"bk{n}" / "sleepllm.db") as copy:
            rows = all_messages(copy)
            check_store_invariants(copy, tmp_path / f"bk{n}")
        # A consistent copy: exactly the messages stored up to one moment, each as stored
        # (a user message and its reply are written apart, so a copy may end between them).
        assert rows == [live_rows[i] for i in sorted(live_rows) if i <= rows[-1].id]
        counts.append(len(rows))
    assert counts[0] >= 2 and counts[-1] > counts[0], counts  # the daemon wrote meanwhile
    print(f"messages in the backups: {counts}; in the daemon at the end: {len(live_rows)}")
    assert not (live.settings.data_dir / "replaced").exists()
    fresh = Settings(data_dir=tmp_path / "restored")
    monkeypatch.setenv("SLEEPLLM_DATA_DIR", str(fresh.data_dir))
    assert cli.main(["restore", str(tmp_path / "bk2")]) == 0
    with open_store(fresh.db_path) as restored:
        assert len(all_messages(restored)) == counts[2]
