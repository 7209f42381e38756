"""The wake memory: facts known in every conversation from the moment they are said,
until the weights answer them alone.

    .venv/bin/python -m pytest tests/daemon/test_wake.py

Most tests build contexts on a real SQLite store with a word-counting stand-in for the
tokenizer; the last ones chat with the real daemon and the embedded model.
"""

from __future__ import annotations

from typing import Any

import pytest

from daemon.context import plan_context, prepare_turn
from daemon.settings import Settings
from daemon.sleep.cycle import run_cycle
from daemon.sleep.graduate import graduate, recalls
from daemon.wake import INLINE_LABELS, WAKE_QUESTION
from memory_store import open_store

EVALUATION = {"X-Sleepllm-Evaluation": "1"}


def words(messages: list[dict[str, str]]) -> int:
    return sum(len(m["content"].split()) + 4 for m in messages)


@pytest.fixture
def env(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", nightly_sleep=False, wake_tokens=60,
                        benchmark_path=tmp_path / "missing.json")
    store = open_store(settings.db_path)
    yield settings, store
    store.close()


def say(settings, store, text: str, conversation: str) -> None:
    prepare_turn(store, settings, words, [{"role": "user", "content": text}], conversation, 16)


def memory_in(settings, store, question: str, conversation: str = "other", **kw) -> str:
    """The facts the model sees with ``question``, read back from the messages it gets."""
    plan = plan_context(store, settings, words, [{"role": "user", "content": question}],
                        conversation, 16, **kw)
    context, asked = INLINE_LABELS
    last = plan.messages[-1]["content"]
    if last != question:  # inline: "Context: <facts>\nQuestion: <question>"
        assert last.startswith(context) and last.endswith(f"\n{asked}{question}")
        return last[len(context):-len(f"\n{asked}{question}")]
    shown = [m["content"] for i, m in enumerate(plan.messages[:-1])
             if i and plan.messages[i - 1]["content"] == WAKE_QUESTION]
    return " ".join(shown)


def as_exchange(settings: Settings) -> Settings:
    return settings.model_copy(update={"wake_style": "exchange"})


def test_a_fact_told_in_one_conversation_is_in_every_other_before_any_sleep(env):
    settings, store = env
    say(settings, store, "My parrot's name is Pistachio.", "first")
    assert "Pistachio" in memory_in(settings, store, "What is my parrot's name?")
    assert {f.state for f in store.list_facts()} == {"pending"}
    assert store.count_unconsumed_user_messages() == 1  # the sleep still reads it
    assert memory_in(settings, store, "What is my parrot's name?", memory=False) == ""


def test_the_block_is_never_stored_as_a_message(env):
    settings, store = env
    say(settings, store, "My parrot's name is Pistachio.", "first")
    say(settings, store, "What is my parrot's name?", "second")
    stored = [m.content for m in store.conversation_messages("second")]
    assert stored == ["What is my parrot's name?"]


def test_a_correction_replaces_and_a_forgotten_fact_leaves_at_once(env):
    settings, store = env
    say(settings, store, "I live in Narvik.", "first")
    say(settings, store, "Actually I live in Tromso now.", "first")
    shown = memory_in(settings, store, "Where do I live?")
    assert "Tromso" in shown and "Narvik" not in shown
    for fact in store.list_facts(["pending"]):
        store.forget_fact(fact.id)
    assert memory_in(settings, store, "Where do I live?") == ""


def test_a_secret_never_reaches_the_block(env):
    settings, store = env
    say(settings, store, "My bank PIN is 4821 and I live in Narvik.", "first")
    shown = memory_in(settings, store, "What is my PIN? Where do I live?")
    assert "Narvik" in shown and "4821" not in shown
    assert [f.state for f in store.list_facts() if "****" in f.text] == ["withheld"]


def test_the_budget_holds_with_200_facts_and_the_relevant_one_comes_first(env):
    settings, store = env
    msg = store.add_message(store.ensure_conversation(None), "user", "x")
    for i in range(200):
        store.add_fact(f"Your colleague number {i} plays the oboe on day {i}.", None, [msg.id])
    store.add_fact("Your sister lives in Narvik.", "your sister|live_in", [msg.id])
    ask = [{"role": "user", "content": "Where does my sister live?"}]
    plan = plan_context(store, as_exchange(settings), words, ask, None, 16)
    assert 0 < plan.wake.tokens <= settings.wake_tokens
    assert plan.wake.facts[0].text == "Your sister lives in Narvik."
    assert 1 < len(plan.wake.facts) < 10
    inline = plan_context(store, settings, words, ask, None, 16)  # the embedded model's
    assert [f.text for f in inline.wake.facts] == ["Your sister lives in Narvik."]
    assert 0 < inline.wake.tokens <= settings.wake_tokens


def test_a_question_the_weights_answer_brings_no_other_fact_inline(env):
    settings, store = env
    for text in ("I work as a glazier.", "I live in Narvik."):
        say(settings, store, text, "first")
    # "living" is stemmed like "live": the whole question finds the job's own pair first.
    assert "glazier" in memory_in(settings, store, "What do I do for a living?")
    job = [f.id for f in store.list_facts(["pending"]) if "glazier" in f.text]
    store.set_fact_state(job, "learned")
    store.record_graduation(job, [], needed=1)
    assert memory_in(settings, store, "What do I do for a living?") == ""
    assert "Narvik" in memory_in(settings, store, "Where do I live?")


def test_a_fact_is_found_by_the_questions_it_was_stored_with(env):
    settings, store = env
    for text in ("My name is Vera.", "My dog's name is Zuzu.", "My sister lives in Narvik.",
                 "I work as a glazier."):
        say(settings, store, text, "first")
    # "name" and "called" are stop words to a stop-word list, and "called" is not in the
    # dog's fact ("Your dog's name is Zuzu."); both are in its training questions.
    assert memory_in(settings, store, "What's my name?") == "Your name is Vera."
    assert "Zuzu" in memory_in(settings, store, "what is my dog called")
    assert "glazier" in memory_in(settings, store, "What is my job?")
    assert memory_in(settings, store, "What is the capital of France?") == ""


def test_a_general_question_gets_no_fact_inline_even_when_a_word_matches(env):
    settings, store = env
    say(settings, store, "My dog's name is Zuzu.", "first")
    assert store.search_facts("dogs", ["pending"])  # the index does match it ...
    assert memory_in(settings, store, "What do dogs eat?") == ""  # ... but it is not shown
    assert "Zuzu" in memory_in(settings, store, "Tell me about Zuzu.")
    assert "Zuzu" in memory_in(as_exchange(settings), store, "What do dogs eat?")


def test_a_graduated_fact_leaves_and_a_rejected_sleep_leaves_the_block_intact(env):
    settings, store = env
    say(settings, store, "My parrot's name is Pistachio.", "first")
    cycle = store.start_cycle("test")
    assert run_cycle(settings, store, cycle.id) == "rejected"  # no benchmark: fail closed
    assert "Pistachio" in memory_in(settings, store, "What is my parrot's name?")
    ids = [f.id for f in store.list_facts(["pending"])]
    store.set_fact_state(ids, "learned")
    assert "Pistachio" in memory_in(settings, store, "What is my parrot's name?")
    store.record_graduation(ids, [], needed=1)
    assert memory_in(settings, store, "What is my parrot's name?") == ""


def test_a_trained_fact_is_shown_only_when_the_message_is_about_it(env):
    settings, store = env
    msg = store.add_message(store.ensure_conversation(None), "user", "x")
    store.add_fact("You write Python at work.", "you|write:python", [msg.id], state="learned")
    store.add_fact("Your dog is called Zuzu.", "your dog|name", [msg.id], state="pending")
    exchange = as_exchange(settings)  # recent untrained facts fill an exchange, not inline
    assert memory_in(exchange, store, "What do I do for a living?") == "Your dog is called Zuzu."
    assert memory_in(settings, store, "What do I do for a living?") == ""
    for style in (settings, exchange):
        assert "Python" in memory_in(style, store, "What language do I write at work?")


def test_graduation_asks_each_fact_alone_and_needs_its_value(env):
    settings, store = env
    msg = store.add_message(store.ensure_conversation(None), "user", "x")
    parrot = store.add_fact("Your parrot is called Pistachio.", "your parrot|name", [msg.id],
                            state="learned")
    job = store.add_fact("You work as a glazier.", "you|work_as", [msg.id], state="learned")
    pairs = [(parrot.id, "What is my parrot's name?", "Your parrot is called Pistachio."),
             (parrot.id, "What is my parrot called?", "Your parrot is called Pistachio."),
             (job.id, "What do I do for a living?", "You work as a glazier.")]
    asked: list[str] = []

    def ask(questions: list[str]) -> list[str]:
        asked.extend(questions)
        return ["Your parrot's name is Pistachio." if "parrot" in q else "You are a teacher."
                for q in questions]

    outcome = graduate(store, settings, ask, pairs)
    assert asked == ["What is my parrot's name?", "What do I do for a living?"]
    assert outcome.graduated == [parrot.id] and store.get_fact(job.id).state == "learned"
    assert recalls("How old is my son?", "Your son is 6 years old.", "He is six.")
    assert not recalls("How old is my son?", "Your son is 6 years old.", "Your son is old.")


# --- the real daemon ---------------------------------------------------------------------------
@pytest.mark.integration
def test_the_embedded_model_answers_from_the_wake_memory(start_daemon: Any) -> None:
    live = start_daemon(nightly_sleep=False)
    client = live.openai()
    client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "My parrot's name is Pistachio."}],
        max_tokens=8, extra_body={"conversation_id": "told"})

    def ask(memory: bool) -> str:
        reply = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "What is my parrot's name?"}],
            max_tokens=24, extra_headers=EVALUATION, extra_body={"memory": memory})
        return reply.choices[0].message.content or ""

    assert "Pistachio" in ask(True)
    assert "Pistachio" not in ask(False)
    facts = live.http.get("/memories").json()["facts"]
    assert [f["state"] for f in facts if "Pistachio" in f["text"]][:1] == ["pending"]
