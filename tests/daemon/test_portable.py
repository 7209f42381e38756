"""Export and import of the memory: the round trip, secrets masked, bad files refused,
``sleepllm export``/``import`` on the command line, and the sleep an import calls for.

No model loads here: stores are filled through the store's own methods. The sleep after
an import, on the real model, is in ``tests/sleep/test_portable_sleep.py`` (slow).

    .venv/bin/python -m pytest tests/daemon/test_portable.py -q
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from daemon import cli
from daemon.datadir import DataDirLock
from daemon.export_format import FORMAT_VERSION, MemoryExport
from daemon.portable import ImportRejected, build_export, import_memory, parse_export
from daemon.settings import Settings
from daemon.sleep import stages
from memory_store import MemoryStore, Snapshot, open_store

KINDS = Settings.model_fields["withhold_secrets"].get_default(call_default_factory=True)
PIN = "4821"


def fill(store: MemoryStore) -> dict[str, Any]:
    """A store as a few nights leave it: two conversations, a slept-on night, facts in
    every state, pairs accepted and rejected, a served adapter and the base version."""
    a = store.ensure_conversation("home")
    b = store.ensure_conversation("work")
    m1 = store.add_message(a, "user", "My sister Ana lives in Lisbon.")
    store.add_message(a, "assistant", "Lisbon is lovely.")
    m2 = store.add_message(b, "user", f"I live in Porto. My bank pin is {PIN}.")
    m3 = store.add_message(a, "user", "Actually I live in Braga now.")
    store.set_summary(a, "The user talked about Ana.", m1.id)
    base = store.add_model_version("embedded", None, None, None, [], status="served",
                                   note="base model")
    night = store.start_cycle("nightly")
    store.record_stage(night.id, "gather", "ok", 0.2, {"messages": 2})
    ana = store.add_fact("Your sister Ana lives in Lisbon.", "sister|lives", [m1.id],
                         cycle_id=night.id)
    porto = store.add_fact("You live in Porto.", "you|live", [m2.id], cycle_id=night.id)
    pin = store.add_fact("Your PIN or access code: ****", "you|withheld:pin", [m2.id])
    store.set_fact_state([pin.id], "withheld", reason="withheld: PIN or access code")
    rejected = store.add_fact("You Lisbon.", "junk", [m1.id], cycle_id=night.id)
    store.set_fact_state([rejected.id], "rejected", reason="no grounded pair")
    store.add_pair(ana.id, "Where does my sister live?", "Lisbon", night.id, True)
    store.add_pair(ana.id, "Who lives in Lisbon?", "Ana", night.id, True)
    store.add_pair(porto.id, "Where do I live?", "Porto", night.id, True)
    store.add_pair(None, "What is the capital?", "Rome", night.id, False, reason="not said")
    trained = store.add_model_version("embedded", "v2", "c" * 64, night.id, [ana.id, porto.id])
    store.mark_consumed([m1.id, m2.id], night.id)
    store.finish_cycle(night.id, "succeeded", validation={"status": "approved"},
                       model_version_id=trained.id)
    store.set_served(trained.id)
    store.set_fact_state([ana.id], "graduated")
    store.set_fact_state([porto.id], "learned")
    braga = store.add_fact("You live in Braga.", "you|live", [m3.id])  # wake memory
    store.set_fact_state([porto.id], "superseded", superseded_by=braga.id,
                         reason="replaced by: You live in Braga.")
    forgotten = store.add_fact("You like jazz.", "you|like:jazz", [m3.id])
    store.forget_fact(forgotten.id, reason="forgotten by the user")
    return {"base": base, "trained": trained, "ana": ana, "braga": braga, "night": night}


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[tuple[MemoryStore, dict[str, Any]]]:
    with open_store(tmp_path / "a" / "sleepllm.db") as store:
        yield store, fill(store)


def imported(tmp_path: Path, export: MemoryExport) -> MemoryStore:
    store = open_store(tmp_path / "b" / "sleepllm.db")
    import_memory(store, parse_export(json.loads(export.model_dump_json())))
    return store


def expected_after_import(snap: Snapshot) -> Snapshot:
    """What an import must hold: every row as it was, but for the documented changes."""
    facts = [replace(f, state="pending", passes=0) if f.state in ("learned", "graduated")
             else f for f in snap.facts]
    cycles = [replace(c, validation=None, stages=[{**s, "detail": {}} for s in c.stages])
              for c in snap.cycles]
    versions = [replace(v, status="pruned", note="imported: the export carries no weights"
                        if v.adapter_path else v.note) for v in snap.versions]
    return replace(snap, facts=facts, cycles=cycles, versions=versions)


# --- the round trip ---------------------------------------------------------------------------
def test_round_trip_keeps_every_row(filled: Any, tmp_path: Path) -> None:
    store, _ = filled
    before = store.snapshot()
    export = build_export(store, [], "embedded")  # nothing to mask: every row comes back
    with imported(tmp_path, export) as copy:
        after = copy.snapshot()
    assert after == expected_after_import(before)
    assert len(after.messages) == 4 and len(after.facts) == 6 and len(after.pairs) == 4
    # and what a second export shows is the first one, but for the same changes
    with imported(tmp_path / "again", export) as copy:
        again = build_export(copy, [], "embedded")
    assert again.messages == export.messages and again.conversations == export.conversations
    assert [(f.id, f.text, f.source_message_ids) for f in again.facts] == \
        [(f.id, f.text, f.source_message_ids) for f in export.facts]


def test_the_import_is_pending_until_a_sleep_and_the_sleep_runs(filled: Any,
                                                                tmp_path: Path) -> None:
    store, rows = filled
    export = build_export(store, KINDS, "embedded")
    with imported(tmp_path, export) as copy:
        states = {f.id: f.state for f in copy.list_facts()}
        assert states[rows["ana"].id] == "pending"  # graduated there, no weights here
        assert copy.served_version() is None
        assert {v.status for v in copy.list_versions()} == {"pruned"}
        assert copy.count_unconsumed_user_messages() == 1  # as it was: m3 not slept on
        copy.mark_consumed([m.id for m in copy.unconsumed_user_messages()], rows["night"].id)
        gathered = stages.gather(copy)
    # No new messages, yet the weights lack what is remembered: the sleep must train.
    assert gathered.messages == [] and "not in the served weights" in gathered.retrain_reason


def test_secrets_never_leave_in_an_export(filled: Any, tmp_path: Path) -> None:
    store, rows = filled
    slipped = store.add_fact(f"Your bank pin is {PIN}.", "you|pin", [rows["braga"].id - 1])
    store.add_pair(slipped.id, "What is my bank pin?", PIN, None, True)
    export = build_export(store, KINDS, "embedded")
    text = export.model_dump_json()
    assert PIN not in text
    message = next(m for m in export.messages if "Porto" in m.content)
    assert message.content == "I live in Porto. My bank pin is ****."
    fact = next(f for f in export.facts if f.id == slipped.id)
    # A remembered fact spelling a secret goes out withheld, as the next sleep would make it.
    assert fact.state == "withheld" and fact.text == "Your bank pin is ****."
    assert fact.reason == "withheld: PIN or access code"
    assert not [p for p in export.pairs if p.fact_id == slipped.id]
    with imported(tmp_path, export) as copy:
        assert PIN not in json.dumps([asdict(m) for m in copy.snapshot().messages])


# --- bad files ----------------------------------------------------------------------------------
def _data(store: MemoryStore) -> dict[str, Any]:
    return json.loads(build_export(store, [], "embedded").model_dump_json())


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="something-else"), "not a sleepllm memory export"),
    (lambda d: d.update(format_version=FORMAT_VERSION + 1), "upgrade sleepllm"),
    (lambda d: d.pop("format_version"), "no valid format_version"),
    (lambda d: d["facts"][0].update(state="dreamt"), "facts.0.state"),
    (lambda d: d["facts"][0].update(colour="blue"), "facts.0.colour"),
    (lambda d: d["messages"][0].update(created_at="yesterday"), "not an ISO-8601 time"),
    (lambda d: d["messages"][0].update(conversation_id="has space"), "conversation_id"),
    (lambda d: d["facts"][0].update(source_message_ids=[999]), "message 999"),
    (lambda d: d["pairs"][0].update(fact_id=999), "fact 999"),
    (lambda d: d["messages"].append(dict(d["messages"][0])), "messages repeat an id"),
])
def test_a_bad_export_is_refused_with_its_reason(filled: Any, change: Any, message: str) -> None:
    store, _ = filled
    data = _data(store)
    change(data)
    with pytest.raises(ImportRejected, match=message):
        parse_export(data)


def test_import_into_a_directory_a_daemon_only_started_in(filled: Any, tmp_path: Path) -> None:
    store, _ = filled
    export = build_export(store, [], "embedded")
    with open_store(tmp_path / "b" / "sleepllm.db") as fresh:
        # What a daemon's first start leaves: the bare base model's version row, served.
        fresh.add_model_version("embedded", None, None, None, [], status="served")
        assert fresh.holds_data() == {}
        import_memory(fresh, export)
        assert fresh.snapshot() == expected_after_import(store.snapshot())


def test_import_refuses_a_store_that_holds_data(filled: Any) -> None:
    store, _ = filled
    export = build_export(store, [], "embedded")
    before = store.snapshot()
    with pytest.raises(ValueError, match="already holds data"):
        import_memory(store, export)
    assert store.snapshot() == before


# --- the command line ---------------------------------------------------------------------------
@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SLEEPLLM_PORT", "9")  # no daemon there
    return tmp_path / "a", tmp_path / "b"


def test_cli_export_then_import(filled: Any, dirs: tuple[Path, Path], tmp_path: Path,
                                capsys: pytest.CaptureFixture) -> None:
    store, _ = filled
    source, target = dirs
    out = tmp_path / "memory.json"
    assert cli.main(["export", str(out), "--data-dir", str(source)]) == 0
    assert "exported 2 conversations, 4 messages and 6 facts" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and PIN not in out.read_text()
    assert cli.main(["export", str(out), "--data-dir", str(source)]) == 2  # no overwrite
    assert "--force" in capsys.readouterr().err
    assert cli.main(["import", str(out), "--data-dir", str(target)]) == 0
    said = capsys.readouterr().out
    assert "imported 2 conversations, 4 messages and 6 facts" in said
    assert "1 facts the old weights had learned are pending" in said
    with open_store(target / "sleepllm.db") as copy:
        assert [m.id for m in copy.snapshot().messages] == [m.id for m in store.snapshot().messages]
    # A second import would mix two memories: refused, and the first one is intact.
    assert cli.main(["import", str(out), "--data-dir", str(target)]) == 1
    assert "already holds a memory (2 conversations" in capsys.readouterr().err
    with open_store(target / "sleepllm.db") as copy:
        assert len(copy.list_facts()) == 6


def test_cli_import_refuses_bad_files_and_busy_dirs(dirs: tuple[Path, Path], tmp_path: Path,
                                                    filled: Any,
                                                    capsys: pytest.CaptureFixture) -> None:
    source, target = dirs
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert cli.main(["import", str(bad), "--data-dir", str(target)]) == 1
    assert "is not JSON" in capsys.readouterr().err
    assert not target.exists()  # nothing was created for a file that cannot be imported
    assert cli.main(["import", str(tmp_path / "absent.json"), "--data-dir", str(target)]) == 1
    assert "cannot read" in capsys.readouterr().err
    good = tmp_path / "memory.json"
    assert cli.main(["export", str(good), "--data-dir", str(source)]) == 0
    with DataDirLock.shared(target):  # what a daemon serving the directory holds
        assert cli.main(["import", str(good), "--data-dir", str(target)]) == 1
    assert "in use by a running daemon" in capsys.readouterr().err
    assert not (target / "sleepllm.db").exists()


def test_cli_export_with_no_memory(dirs: tuple[Path, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture) -> None:
    _, empty = dirs
    assert cli.main(["export", str(tmp_path / "m.json"), "--data-dir", str(empty)]) == 1
    assert "nothing to export" in capsys.readouterr().err
    assert not empty.exists() and not (tmp_path / "m.json").exists()


# --- over HTTP ------------------------------------------------------------------------------------
@pytest.mark.integration
def test_get_memories_export(start_daemon: Any) -> None:
    live = start_daemon(nightly_sleep=False)
    client = live.openai()
    for text in ("My sister Ana lives in Lisbon.", f"My bank pin is {PIN}."):
        client.chat.completions.create(model="sleepllm", max_tokens=2, messages=[
            {"role": "user", "content": text}], extra_body={"conversation_id": "exp"})
    response = live.http.get("/memories/export")
    assert response.status_code == 200 and PIN not in response.text
    export = MemoryExport.model_validate(response.json())
    assert [m.content for m in export.messages if m.role == "user"] == [
        "My sister Ana lives in Lisbon.", "My bank pin is ****."]
    facts = {f.text: f for f in export.facts}
    assert facts["Your sister Ana lives in Lisbon."].state == "pending"
    assert facts["Your PIN or access code: ****"].state == "withheld"
    said = {m.id for m in export.messages}
    assert all(set(f.source_message_ids) <= said for f in export.facts)
    direct = build_export(live.store, KINDS, live.settings.model)
    assert response.json() == {**json.loads(direct.model_dump_json()),
                               "exported_at": export.exported_at}
    # "export" is not a fact id: the export is read-only, not fact "export" to delete.
    refused = live.http.delete("/memories/export")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET"
