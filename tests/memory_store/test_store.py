"""Round-trip tests of every MemoryStore method, on real SQLite files under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memory_store import (
    FACT_STATES,
    CycleRunning,
    Fact,
    MemoryStore,
    StoreError,
    open_store,
)
from memory_store.rows import check_conversation_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[MemoryStore]:
    opened = open_store(tmp_path / "data" / "memory.db")
    yield opened
    opened.close()


def test_conversation_round_trip(store: MemoryStore) -> None:
    new_id = store.ensure_conversation(None)
    assert len(new_id) == 32 and store.conversation_exists(new_id)
    assert store.ensure_conversation("chat-1") == "chat-1"
    assert store.ensure_conversation("chat-1") == "chat-1"  # idempotent
    assert not store.conversation_exists("nope")
    assert store.get_conversation("nope") is None
    conv = store.get_conversation("chat-1")
    assert conv is not None and conv.summary is None and conv.summary_upto is None
    assert conv.created_at.endswith("+00:00")
    store.set_summary("chat-1", "User likes tea.", 7)
    conv = store.get_conversation("chat-1")
    assert conv is not None and (conv.summary, conv.summary_upto) == ("User likes tea.", 7)
    with pytest.raises(KeyError):
        store.set_summary("missing", "x", 1)


@pytest.mark.parametrize("bad", ["", "a" * 129, "has space", "semi;colon", "ü", "a\n", 5])
def test_conversation_id_validation(store: MemoryStore, bad: object) -> None:
    with pytest.raises(ValueError, match="conversation id"):
        store.ensure_conversation(bad)  # type: ignore[arg-type]


@given(st.from_regex(r"[A-Za-z0-9._:-]{1,128}", fullmatch=True))
def test_valid_conversation_ids_accepted(conversation_id: str) -> None:
    assert check_conversation_id(conversation_id) == conversation_id


@given(st.text().filter(lambda s: not (1 <= len(s) <= 128) or not s.isascii() or any(
    not (c.isalnum() or c in "._:-") for c in s)))
def test_invalid_conversation_ids_rejected(conversation_id: str) -> None:
    with pytest.raises(ValueError):
        check_conversation_id(conversation_id)


def test_messages_round_trip(store: MemoryStore) -> None:
    conv = store.ensure_conversation("c1")
    first = store.add_message(conv, "user", "My cat is called Miso.")
    reply = store.add_message(conv, "assistant", "Nice name!")
    probe = store.add_message(conv, "user", "What is my cat called?", source="evaluation")
    system = store.add_message(conv, "system", "be brief")
    assert first.id < reply.id < probe.id < system.id
    assert store.get_message(first.id) == first
    assert store.get_message(10_000) is None
    assert [m.id for m in store.conversation_messages(conv)] == [
        first.id, reply.id, probe.id, system.id
    ]
    assert [m.id for m in store.conversation_messages(conv, after_id=reply.id)] == [
        probe.id, system.id
    ]
    # Evaluation and assistant messages are never gathered for sleep.
    assert store.unconsumed_user_messages() == [first]
    assert store.count_unconsumed_user_messages() == 1
    assert store.count_messages() == 4
    assert store.count_messages(conversation_id=conv, role="user") == 2
    assert store.count_messages(source="evaluation") == 1


def test_conversation_list_and_messages_by_id(store: MemoryStore) -> None:
    older = store.ensure_conversation("older")
    said = store.add_message(older, "user", "My cat is called Miso.")
    store.add_message(older, "assistant", "Hello Miso!")
    probe = store.ensure_conversation("probe")
    store.add_message(probe, "user", "What is 2 + 2?", source="evaluation")
    newer = store.ensure_conversation("newer")
    store.add_message(newer, "assistant", "Welcome back.")
    late = store.add_message(newer, "user", "I moved to Porto.")
    store.ensure_conversation("empty")
    listed = store.list_conversations()
    # Latest activity first; evaluation-only and empty conversations are nobody's chat.
    assert [c["id"] for c in listed] == ["newer", "older"]
    assert listed[0]["title"] == "I moved to Porto." and listed[0]["messages"] == 2
    assert listed[1]["title"] == "My cat is called Miso."
    assert listed[0]["last_at"] == late.created_at
    assert [c["id"] for c in store.list_conversations(limit=1)] == ["newer"]
    assert [m.id for m in store.get_messages([late.id, said.id, 99999])] == [said.id, late.id]
    assert store.get_messages([]) == []


def test_message_validation(store: MemoryStore) -> None:
    conv = store.ensure_conversation("c1")
    with pytest.raises(ValueError, match="role"):
        store.add_message(conv, "robot", "hi")
    with pytest.raises(ValueError, match="source"):
        store.add_message(conv, "user", "hi", source="web")
    with pytest.raises(KeyError):
        store.add_message("unknown", "user", "hi")
    # SQL-looking content is just text.
    text = "'); DROP TABLE messages; --"
    assert store.add_message(conv, "user", text).content == text
    assert store.count_messages() == 1


def test_mark_consumed(store: MemoryStore) -> None:
    conv = store.ensure_conversation("c1")
    ids = [store.add_message(conv, "user", f"m{i}").id for i in range(3)]
    cycle = store.start_cycle("manual")
    assert store.mark_consumed(ids[:2], cycle.id) == 2
    assert [m.id for m in store.unconsumed_user_messages()] == [ids[2]]
    assert store.get_message(ids[0]).consumed_by == cycle.id  # type: ignore[union-attr]
    store.finish_cycle(cycle.id, "succeeded")
    later = store.start_cycle("manual")
    # Already consumed messages keep their first consumer.
    assert store.mark_consumed(ids, later.id) == 1
    assert store.get_message(ids[0]).consumed_by == cycle.id  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        store.mark_consumed(ids, 999)
    with pytest.raises(ValueError):
        store.mark_consumed(["1"], later.id)  # type: ignore[list-item]


def test_facts_round_trip(store: MemoryStore) -> None:
    conv = store.ensure_conversation("c1")
    m1 = store.add_message(conv, "user", "I live in Lyon.")
    m2 = store.add_message(conv, "user", "I moved to Paris.")
    cycle = store.start_cycle("nightly")
    old = store.add_fact("User lives in Lyon.", "home", [m1.id], cycle_id=cycle.id)
    new = store.add_fact("User lives in Paris.", "home", [m1.id, m2.id], state="learned")
    assert isinstance(old, Fact) and old.source_message_ids == [m1.id]
    assert store.get_fact(old.id) == old and store.get_fact(999) is None
    assert [f.id for f in store.facts_from_messages([m2.id])] == [new.id]
    assert [f.id for f in store.facts_from_messages([m1.id, 77])] == [old.id, new.id]
    assert store.facts_from_messages([]) == []
    (updated,) = store.set_fact_state([old.id], "superseded", superseded_by=new.id, reason="moved")
    assert (updated.state, updated.superseded_by, updated.reason) == ("superseded", new.id, "moved")
    assert updated.cycle_id == cycle.id  # kept when not given
    assert [f.id for f in store.list_facts(["learned"])] == [new.id]
    assert [f.id for f in store.list_facts()] == [old.id, new.id]
    assert store.list_facts([]) == []
    forgotten = store.forget_fact(new.id)
    assert forgotten.state == "forgotten" and forgotten.updated_at >= new.updated_at
    with pytest.raises(KeyError):
        store.forget_fact(12345)
    with pytest.raises(KeyError):
        store.set_fact_state([old.id, 12345], "learned")
    assert store.get_fact(old.id).state == "superseded"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="fact state"):
        store.add_fact("x", None, [], state="maybe")
    assert set(FACT_STATES) == {"pending", "learned", "graduated", "rejected", "forgotten",
                                "superseded", "withheld"}


def test_withholding_a_fact_masks_it_and_deletes_its_pairs(store: MemoryStore) -> None:
    msg = store.add_message(store.ensure_conversation("c1"), "user", "my pin is 4821")
    fact = store.add_fact("Your pin is 4821.", "you|pin", [msg.id], state="learned")
    keep = store.add_fact("You live in Leeds.", "you|live_in", [msg.id], state="learned")
    store.add_pair(fact.id, "What is my pin?", "Your pin is 4821.", None, accepted=True)
    store.add_pair(keep.id, "Where do I live?", "You live in Leeds.", None, accepted=True)
    withheld = store.withhold_fact(fact.id, "Your pin is ****.", "withheld: PIN")
    assert (withheld.state, withheld.text, withheld.reason) == (
        "withheld", "Your pin is ****.", "withheld: PIN")
    assert [p.fact_id for p in store.list_pairs()] == [keep.id]
    assert "4821" not in str(store.list_facts()) + str(store.list_pairs())
    with pytest.raises(KeyError):
        store.withhold_fact(12345, "x", "y")


def test_pairs_round_trip(store: MemoryStore) -> None:
    cycle = store.start_cycle("manual")
    fact = store.add_fact("User's cat is Miso.", "cat", [])
    good = store.add_pair(fact.id, "What is my cat called?", "Miso.", cycle.id, True)
    bad = store.add_pair(fact.id, "Cat?", "Dog.", cycle.id, False, reason="wrong answer")
    loose = store.add_pair(None, "Hello?", "Hi.", None, True)
    assert good.accepted is True and bad.accepted is False and bad.reason == "wrong answer"
    assert store.list_pairs() == [good, bad, loose]
    assert store.list_pairs(cycle_id=cycle.id) == [good, bad]
    assert store.list_pairs(fact_ids=[fact.id], accepted=True) == [good]
    assert store.list_pairs(accepted=False) == [bad]
    assert store.list_pairs(fact_ids=[]) == []
    with pytest.raises(KeyError):
        store.add_pair(999, "q", "a", None, True)


def test_cycles_round_trip(store: MemoryStore) -> None:
    assert store.running_cycle() is None and store.last_cycle() is None
    cycle = store.start_cycle("manual")
    assert cycle.status == "running" and cycle.stages == [] and cycle.validation is None
    with pytest.raises(CycleRunning) as raised:
        store.start_cycle("nightly")
    assert raised.value.cycle_id == cycle.id and isinstance(raised.value, StoreError)
    store.record_stage(cycle.id, "gather", "ok", 0.5, {"messages": 3})
    staged = store.record_stage(cycle.id, "train", "ok", 12.3456)
    assert [s["name"] for s in staged.stages] == ["gather", "train"]
    assert staged.stages[0]["detail"] == {"messages": 3} and staged.stages[1]["seconds"] == 12.346
    assert store.running_cycle() == staged
    version = store.add_model_version("base", "/a", "sha", cycle.id, [])
    done = store.finish_cycle(
        cycle.id, "succeeded", validation={"score": 0.9}, model_version_id=version.id
    )
    assert done.status == "succeeded" and done.finished_at and done.validation == {"score": 0.9}
    assert done.model_version_id == version.id and store.get_cycle(cycle.id) == done
    assert store.running_cycle() is None
    with pytest.raises(ValueError):
        store.finish_cycle(cycle.id, "running")
    second = store.start_cycle("auto")
    store.finish_cycle(second.id, "failed", error="boom")
    assert [c.id for c in store.list_cycles()] == [second.id, cycle.id]
    assert [c.id for c in store.list_cycles(limit=1)] == [second.id]
    assert store.last_cycle().id == second.id  # type: ignore[union-attr]
    assert store.last_cycle("succeeded").id == cycle.id  # type: ignore[union-attr]
    assert store.last_cycle("rejected") is None
    assert store.get_cycle(999) is None
    with pytest.raises(KeyError):
        store.record_stage(999, "x", "ok", 1.0)


def test_interrupt_stale_cycles(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    with open_store(path) as first:
        stale = first.start_cycle("nightly")
    # A new daemon start: the old cycle was left running by the "crash".
    with open_store(path) as second:
        assert second.interrupt_stale_cycles() == [stale.id]
        cycle = second.get_cycle(stale.id)
        assert cycle is not None and cycle.status == "interrupted"
        assert cycle.error == "daemon stopped during the cycle" and cycle.finished_at
        assert second.interrupt_stale_cycles() == []
        assert second.start_cycle("manual").status == "running"


def test_model_versions_round_trip(store: MemoryStore) -> None:
    assert store.served_version() is None
    base = store.add_model_version("tiny", None, None, None, [], status="served")
    assert base.status == "served" and base.served_from
    cycle = store.start_cycle("manual")
    fact = store.add_fact("f", None, [])
    cand = store.add_model_version("tiny", "/v/2", "abc", cycle.id, [fact.id], note="night 1")
    assert cand.status == "candidate" and cand.fact_ids == [fact.id] and cand.note == "night 1"
    served = store.set_served(cand.id)
    assert served.status == "served" and served.served_from and served.served_until is None
    retired = store.get_version(base.id)
    assert retired is not None and retired.status == "retired" and retired.served_until
    assert store.served_version() == served
    assert [v.id for v in store.list_versions()] == [cand.id, base.id]
    assert store.set_served(cand.id) == served  # serving the served one changes nothing
    # Roll back: the old one serves again, the broken one is out with its end time.
    store.set_served(base.id)
    broken = store.mark_version(cand.id, "broken", note="garbled output")
    assert broken.status == "broken" and broken.note == "garbled output" and broken.served_until
    with pytest.raises(ValueError, match="broken"):
        store.set_served(cand.id)
    assert store.served_version().id == base.id  # type: ignore[union-attr]
    taken_out = store.mark_version(base.id, "retired")
    assert store.served_version() is None and taken_out.served_until
    assert store.mark_version(base.id, "served").status == "served"
    assert store.get_version(999) is None
    with pytest.raises(KeyError):
        store.set_served(999)
    with pytest.raises(ValueError):
        store.mark_version(base.id, "great")


def test_closed_store_raises(tmp_path: Path) -> None:
    opened = open_store(tmp_path / "m.db")
    opened.close()
    opened.close()  # harmless
    with pytest.raises(StoreError, match="closed"):
        opened.count_messages()


def test_fact_search_ranks_by_words_and_follows_edits(store: MemoryStore) -> None:
    msg = store.add_message(store.ensure_conversation(None), "user", "x")
    sister = store.add_fact("Your sister lives in Narvik.", "your sister|live_in", [msg.id])
    dog = store.add_fact("Your dog is called Zuzu.", "your dog|name", [msg.id])
    assert [f.id for f in store.search_facts("Where does my sister live?", ["pending"])] == [
        sister.id]
    assert [f.id for f in store.search_facts("dogs", ["pending"])] == [dog.id]  # stemmed
    assert store.search_facts('" OR * NEAR(', ["pending"]) == []  # no query syntax passes
    assert store.search_facts("sister", ["learned"]) == []
    # A fact is found by its training questions too, and ranks by its best row.
    store.add_pair(dog.id, "What is my pet called?", "Your dog is called Zuzu.", None,
                   accepted=True)
    assert [f.id for f in store.search_facts("pet", ["pending"])] == [dog.id]
    store.withhold_fact(dog.id, "Your PIN: ****", "withheld: PIN")
    assert store.search_facts("dog Zuzu", ["pending", "withheld"]) == []  # the index follows
    assert store.search_facts("pet", ["pending", "withheld"]) == []  # its pairs went too


def test_graduation_counts_passes_in_a_row(store: MemoryStore) -> None:
    msg = store.add_message(store.ensure_conversation(None), "user", "x")
    a, b = (store.add_fact(t, None, [msg.id], state="learned") for t in ("A b.", "C d."))
    assert store.record_graduation([a.id, b.id], [], needed=2) == []
    assert store.record_graduation([a.id], [b.id], needed=2) == [a.id]
    assert (store.get_fact(a.id).state, store.get_fact(b.id).passes) == ("graduated", 0)
    assert store.record_graduation([], [a.id], needed=2) == []
    assert store.get_fact(a.id).state == "learned"  # failed once: back in the prompt
    with pytest.raises(ValueError):
        store.record_graduation([], [], needed=0)
