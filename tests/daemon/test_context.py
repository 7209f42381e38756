"""Tests of the chat context: folding old turns into the rolling summary, and its survival.

Pure functions with a fake token counter (one token per word plus four per message), and
a real MemoryStore on tmp files; no model is loaded.

    .venv/bin/python -m pytest tests/daemon/test_context.py -q
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from daemon.context import (
    FOLD_TARGET,
    SUMMARY_PREFIX,
    ContextTooLong,
    Turn,
    extractive_summary,
    finish_turn,
    fold,
    parse_summary,
    plan_context,
    prepare_turn,
    render,
    summary_chars,
    user_statements,
)
from daemon.settings import Settings
from memory_store import MemoryStore, open_store


def count_words(messages: list[dict[str, str]]) -> int:
    return sum(len(m["content"].split()) + 4 for m in messages)


def exchange(n: int, words: int = 10) -> list[Turn]:
    """n user/assistant pairs with stored ids 1..2n; user i says a distinct statement."""
    turns = []
    for i in range(n):
        filler = " ".join(["word"] * (words - 4))
        turns.append(Turn("user", f"My fact number {i} is {filler}.", 2 * i + 1))
        turns.append(Turn("assistant", f"Noted fact {i} for you.", 2 * i + 2))
    return turns


@pytest.fixture
def store(tmp_path: Path) -> Iterator[MemoryStore]:
    opened = open_store(tmp_path / "data" / "sleepllm.db")
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", context_tokens=300, nightly_sleep=False)


def test_fits_without_folding() -> None:
    turns = [*exchange(2), Turn("user", "What is my fact?")]
    folded = fold("sys", None, None, turns, count_words, budget=500)
    assert not folded.changed and folded.summary is None
    assert folded.messages[0] == {"role": "system", "content": "sys"}
    assert len(folded.messages) == 1 + len(turns)


def test_folds_oldest_exchanges_into_summary() -> None:
    turns = [*exchange(12), Turn("user", "What is my fact number two?")]
    budget = 240
    assert count_words([{"role": t.role, "content": t.content} for t in turns]) > budget
    folded = fold("sys", None, None, turns, count_words, budget=budget)
    assert folded.changed and folded.tokens <= budget * FOLD_TARGET
    # Whole exchanges are folded, the newest turn never is, and the kept turns start
    # with the user turn right after the last folded message.
    kept = folded.messages[1:]
    assert kept[-1]["content"] == "What is my fact number two?"
    assert len(kept) > 1 and kept[0]["role"] == "user"
    assert folded.summary_upto is not None and folded.summary_upto % 2 == 0
    first_kept = next(t for t in turns if t.content == kept[0]["content"])
    assert first_kept.id == folded.summary_upto + 1
    system = folded.messages[0]["content"]
    assert system.startswith("sys\n\n" + SUMMARY_PREFIX)
    # The newest folded statements live on in the summary, newest first.
    last_folded = folded.summary_upto // 2 - 1
    newest, older = f"My fact number {last_folded} ", f"My fact number {last_folded - 1} "
    assert newest in folded.summary and older in folded.summary
    assert folded.summary.index(newest) < folded.summary.index(older)
    assert len(folded.summary) <= summary_chars(budget)


def test_summary_shrinks_before_refusing() -> None:
    turns = [*exchange(6), Turn("user", "What is my fact number two?")]
    folded = fold("sys", None, None, turns, count_words, budget=60)
    assert folded.changed and folded.tokens <= 60
    assert folded.messages[1:] == [{"role": "user", "content": "What is my fact number two?"}]
    assert "My fact number 5" in folded.summary


def test_folds_down_to_target_share() -> None:
    turns = [*exchange(10), Turn("user", "And now?")]
    folded = fold(None, None, None, turns, count_words, budget=150, target=0.6)
    # The fewest exchanges that bring the context under 60% of the budget are folded:
    # eight of the ten; folding seven would leave it above.
    assert folded.changed and folded.tokens <= 150 * 0.6
    assert folded.summary_upto == 16
    assert folded.messages[1:] == render(None, None, turns[16:])
    seven = render(None, extractive_summary(None, turns[:14], summary_chars(150)), turns[14:])
    assert count_words(seven) > 150 * 0.6


def test_previous_summary_is_merged_not_lost() -> None:
    first = extractive_summary(None, exchange(2))
    later = [Turn("user", "I moved to Lisbon last year."), Turn("assistant", "Lisbon is lovely.")]
    statements, topics = parse_summary(extractive_summary(first, later))
    assert [s.split(" is ")[0] for s in statements] == [
        "I moved to Lisbon last year.", "My fact number 1", "My fact number 0"]
    assert topics == ["Lisbon is lovely", "Noted fact 1 for you", "Noted fact 0 for you"]


def test_fold_hands_the_previous_summary_on() -> None:
    seen = []

    def spy(previous: str | None, turns: list[Turn], max_chars: int) -> str:
        seen.append(previous)
        return extractive_summary(previous, turns, max_chars)

    folded = fold(None, "The user said (most recent first):\n- I like tea.", 7,
                  [*exchange(10)[4:], Turn("user", "q?")], count_words, 200, summarize=spy)
    assert seen and set(seen) == {"The user said (most recent first):\n- I like tea."}
    assert folded.summary_upto > 7


def test_too_long_raises() -> None:
    huge = Turn("user", "word " * 500)
    with pytest.raises(ContextTooLong) as info:
        fold("sys", None, None, [*exchange(2), huge], count_words, budget=100)
    assert info.value.budget == 100 and info.value.tokens > 100


def test_unstored_turns_fold_without_upto() -> None:
    turns = [Turn(t.role, t.content) for t in exchange(6)] + [Turn("user", "hi there")]
    folded = fold(None, None, None, turns, count_words, budget=60)
    assert folded.changed and folded.summary_upto is None


def test_refine_is_used_once_when_it_fits() -> None:
    calls = []

    def refine(previous: str | None, turns: list[Turn], max_chars: int) -> str:
        calls.append(len(turns))
        return "The user listed numbered facts."

    folded = fold(None, None, None, [*exchange(6), Turn("user", "q?")], count_words, 100,
                  refine=refine)
    assert len(calls) == 1 and folded.summary == "The user listed numbered facts."


def test_extractive_summary_rules() -> None:
    turns = [Turn("user", "Hi! My name is Ana. Where do you live? I work at the docks."),
             Turn("assistant", "Nice to meet you, Ana. I am an assistant."),
             Turn("user", "My name is Ana.")]
    summary = extractive_summary(None, turns)
    statements, topics = parse_summary(summary)
    assert statements == ["My name is Ana.", "I work at the docks."]  # deduped, newest first
    assert topics == ["Nice to meet you, Ana"]
    assert "Where do you live" not in summary  # questions are not statements
    assert user_statements("Thanks!") == []


def test_extractive_summary_keeps_newest_within_budget() -> None:
    turns = [Turn("user", f"Statement number {i} is here.") for i in range(100)]
    summary = extractive_summary(None, turns, max_chars=300)
    assert len(summary) <= 300
    assert "Statement number 99" in summary and "Statement number 0 " not in summary


def test_foreign_previous_summary_kept_as_statement() -> None:
    summary = extractive_summary("Ana likes tea.", [Turn("user", "I live in Porto now.")])
    assert parse_summary(summary)[0] == ["I live in Porto now.", "Ana likes tea."]


def _say(store: MemoryStore, settings: Settings, conv: str | None, text: str) -> str:
    turn = prepare_turn(store, settings, count_words, [{"role": "user", "content": text}],
                        conv, max_tokens=20)
    finish_turn(store, turn.conversation_id, f"Reply to: {text}", turn.source)
    return turn.conversation_id


def _chat_until_folded(store: MemoryStore, settings: Settings, fact: str) -> str:
    """A conversation that states ``fact`` and then asks questions until it is folded."""
    conv = _say(store, settings, None, fact)
    for i in range(20):
        conv = _say(store, settings, conv,
                    f"Could you tell me a little more about topic {i}, in some detail please?")
        stored = store.get_conversation(conv)
        if stored is not None and stored.summary:
            return conv
    raise AssertionError("the conversation was never folded")


def test_prepare_turn_stores_and_persists_summary(store: MemoryStore,
                                                  settings: Settings) -> None:
    conv = _chat_until_folded(store, settings, "My sister is called Alice and lives in Paris.")
    stored = store.get_conversation(conv)
    assert "My sister is called Alice" in stored.summary
    assert stored.summary_upto in {m.id for m in store.conversation_messages(conv)}
    users = store.count_messages(conv, role="user")
    assert users > 2 and store.count_messages(conv, role="assistant") == users
    plan = plan_context(store, settings, count_words, [{"role": "user", "content": "Who?"}],
                        conv, max_tokens=20)
    assert plan.from_store and plan.folded.tokens <= settings.context_tokens - 20
    assert SUMMARY_PREFIX in plan.folded.messages[0]["content"]
    # Only turns after the summary point are replayed.
    replayed = [m["content"] for m in plan.folded.messages[1:]]
    after = [m.content for m in store.conversation_messages(conv, after_id=stored.summary_upto)]
    assert replayed == [*after, "Who?"]


def test_only_last_user_message_is_stored(store: MemoryStore, settings: Settings) -> None:
    history = [{"role": "system", "content": "Be brief."},
               {"role": "user", "content": "first"}, {"role": "assistant", "content": "ok"},
               {"role": "user", "content": "second"}]
    turn = prepare_turn(store, settings, count_words, history, "c-1", max_tokens=20)
    assert [m.content for m in store.conversation_messages("c-1")] == ["second"]
    # Nothing stored before: the context is the request's own messages.
    assert [m["content"] for m in turn.messages] == ["Be brief.", "first", "ok", "second"]


def test_refused_turn_stores_nothing(store: MemoryStore, settings: Settings) -> None:
    with pytest.raises(ContextTooLong):
        prepare_turn(store, settings, count_words,
                     [{"role": "user", "content": "word " * 400}], "c-2", max_tokens=20)
    assert store.count_messages() == 0 and store.get_conversation("c-2") is None


def test_summary_survives_a_sleep_cycle(store: MemoryStore, settings: Settings) -> None:
    conv = _chat_until_folded(store, settings, "My dog is called Rex and he is brown.")
    before = store.get_conversation(conv)
    cycle = store.start_cycle("test")
    store.finish_cycle(cycle.id, "no_messages")
    after = store.get_conversation(conv)
    assert (after.summary, after.summary_upto) == (before.summary, before.summary_upto)
    plan = plan_context(store, settings, count_words,
                        [{"role": "user", "content": "My dog?"}], conv, max_tokens=20)
    assert "My dog is called Rex" in plan.folded.messages[0]["content"]
