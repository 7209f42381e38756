"""Secrets are withheld from the weights: detection on a corpus, no collateral damage,
and no secret anywhere a sleep writes.

    .venv/bin/python -m pytest tests/sleep/test_secrets.py
    .venv/bin/python -m pytest tests/sleep/test_secrets.py -m slow     # + a real sleep and audit

The corpus (tests/data/secrets/corpus.json, see its README) holds messages with secrets
of every kind and near-misses that must still be learned; it was written apart from the
detector.
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daemon.settings import Settings
from daemon.sleep import remember
from daemon.sleep.cycle import run_cycle
from daemon.sleep.extract import extract_facts
from daemon.sleep.firewall import apply_firewall
from daemon.sleep.secrets import SECRET_KINDS, Secret, mask
from daemon.sleep.secrets.audit import contains_secret, run_audit
from daemon.sleep.secrets.detect import find_secrets
from daemon.sleep.secrets.withhold import withhold_secrets
from daemon.sleep.types import SourceMessage
from memory_store import open_store

CORPUS = json.loads((Path(__file__).parents[1] / "data" / "secrets" / "corpus.json").read_text())


def _cases(messages: list[dict]) -> list:
    """Messages as test cases; a known miss is expected to fail, and says why."""
    return [pytest.param(m, marks=pytest.mark.xfail(reason=m["known_miss"], strict=True))
            if m.get("known_miss") else m for m in messages]


SECRETS = [m for m in CORPUS["messages"] if m["kind"]]
NEAR_MISSES = [m for m in CORPUS["messages"] if not m["kind"]]


def _covered(message: dict, found: list[Secret]) -> bool:
    at = message["text"].find(message["secret"])
    return any(s.start <= at and s.end >= at + len(message["secret"]) for s in found)


def test_the_corpus_is_big_enough_and_balanced():
    assert len(CORPUS["messages"]) >= 40 and len(NEAR_MISSES) >= len(SECRETS)
    assert {m["kind"] for m in SECRETS} == set(SECRET_KINDS)
    assert min(Counter(m["kind"] for m in SECRETS).values()) >= 4


@pytest.mark.parametrize("message", _cases(SECRETS), ids=lambda m: m["kind"])
def test_every_secret_is_found_whole_with_its_kind(message):
    found = find_secrets(message["text"])
    assert _covered(message, found), found
    assert [s.kind for s in found if message["secret"] in s.text or s.text in message["secret"]
            ] == [message["kind"]]


@pytest.mark.parametrize("message", _cases(NEAR_MISSES), ids=lambda m: m["keep"])
def test_a_near_miss_withholds_nothing(message):
    assert find_secrets(message["text"]) == []


def _learned(text: str, leaving_out: str = "") -> str:
    """What a sleep would learn from ``text`` (facts that hold ``leaving_out`` left out)."""
    sources, _ = withhold_secrets([SourceMessage(1, text)])
    kept, _ = apply_firewall(extract_facts(sources), sources)
    return " ".join(f"{f.text} {p.question} {p.answer}" for f in kept for p in f.pairs
                    if not (leaving_out and leaving_out in f.text))


@pytest.mark.parametrize("message", SECRETS, ids=lambda m: m["kind"])
def test_no_fact_summary_or_joined_question_holds_a_secret(message):
    assert not contains_secret(_learned(message["text"]), message["secret"])


@pytest.mark.parametrize("message", [m for m in SECRETS if m["keep"]], ids=lambda m: m["keep"])
def test_the_ordinary_fact_beside_a_secret_is_still_learned(message):
    """What the extractor learns with an ordinary value in the secret's place, from facts
    that do not hold that value, it learns with the secret withheld."""
    plain = message["text"].replace(message["secret"], "Zorvath")
    if message["keep"].lower() not in _learned(plain, leaving_out="Zorvath").lower():
        pytest.skip("the extractor learns no fact with this word, secret or not")
    assert message["keep"].lower() in _learned(message["text"]).lower()


def test_masks_show_the_last_four_of_long_numbers_only():
    assert mask(Secret("payment_card", 0, 19, "4111 1111 1111 1111")) == "**** 1111"
    assert mask(Secret("bank_account", 0, 8, "44783120")) == "**** 3120"
    assert mask(Secret("pin", 0, 4, "4821")) == "****"
    assert mask(Secret("password", 0, 7, "hunter2")) == "****"


def test_a_kind_the_user_allows_is_learned():
    sources, withheld = withhold_secrets([SourceMessage(1, "my wifi password is hunter2")],
                                         kinds=["payment_card"])
    assert withheld == [] and sources[0].content == "my wifi password is hunter2"
    with pytest.raises(ValueError, match="unknown kinds of secret"):
        Settings(withhold_secrets=["passwords"])


# --- a real cycle on the whole corpus -----------------------------------------------------
@pytest.fixture(scope="module")
def slept(tmp_path_factory):
    """The corpus through a real sleep cycle up to the training set (the benchmark file is
    missing, so the cycle stops, rejected, before training: the same records, no minutes),
    with every log record at DEBUG captured."""
    tmp = tmp_path_factory.mktemp("slept")
    settings = Settings(data_dir=tmp / "data", nightly_sleep=False,
                        benchmark_path=tmp / "missing.json")
    store = open_store(settings.db_path)
    conv = store.ensure_conversation(None)
    for m in CORPUS["messages"]:
        store.add_message(conv, "user", m["text"])
    logs, root = io.StringIO(), logging.getLogger()
    handler, level = logging.StreamHandler(logs), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        cycle = store.start_cycle("test")
        assert run_cycle(settings, store, cycle.id) == "rejected"
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    yield settings, store, logs.getvalue()
    store.close()


def test_no_secret_is_written_anywhere_by_a_sleep(slept):
    settings, store, logs = slept
    with closing(sqlite3.connect(settings.db_path)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        # Every table but the user's own messages: facts, pairs (the training set),
        # cycles and their stage records, versions.
        dumped = " ".join(str(row) for t in tables if t != "messages" and not t.startswith(
            "sqlite") for row in db.execute(f"SELECT * FROM {t}"))  # noqa: S608 (our names)
    training = [p for p in store.list_pairs(accepted=True)]
    assert training, "the ordinary facts must still make a training set"
    leaked = [m["secret"] for m in SECRETS if not m.get("known_miss") and (
        contains_secret(dumped, m["secret"]) or contains_secret(logs, m["secret"]))]
    assert leaked == []


def test_each_secret_is_a_withheld_fact_shown_masked(slept):
    _, store, _ = slept
    withheld = store.list_facts(["withheld"])
    found = [m for m in SECRETS if not m.get("known_miss")]
    missed_near = [m for m in NEAR_MISSES if m.get("known_miss")]
    assert len(withheld) == len(found) + len(missed_near)
    by_reason = Counter(f.reason for f in withheld)
    assert by_reason >= Counter(f"withheld: {SECRET_KINDS[m['kind']]}" for m in found)
    assert all("****" in f.text for f in withheld)
    # Read again (a failed sleep re-reads its messages): nothing is withheld twice.
    cycle = store.start_cycle("again")
    remember.withhold(store, cycle.id, store.unconsumed_user_messages(), list(SECRET_KINDS))
    assert len(store.list_facts(["withheld"])) == len(withheld)


def test_a_remembered_fact_with_a_secret_is_withheld_at_the_next_sleep(tmp_path):
    """Data learned before secrets were withheld: the next sleep masks it and drops its pairs."""
    store = open_store(tmp_path / "memory.db")
    msg = store.add_message(store.ensure_conversation(None), "user", "my pin is 4821")
    old = store.add_fact("Your pin is 4821.", "you|pin", [msg.id], state="learned")
    store.add_pair(old.id, "What is my pin?", "Your pin is 4821.", None, accepted=True)
    assert remember.withhold_remembered(store, list(SECRET_KINDS)) == 1
    fact = store.get_fact(old.id)
    assert fact is not None and fact.state == "withheld" and "4821" not in fact.text
    assert store.list_pairs(fact_ids=[old.id]) == []
    store.close()


def test_the_audit_asks_what_would_draw_a_secret_out(tmp_path):
    """The audit's questions and its verdict (the answers here come from a stand-in for
    the served model; the slow test below asks the real one)."""
    store = open_store(tmp_path / "memory.db")
    conv = store.ensure_conversation(None)
    msg = store.add_message(conv, "user", "My credit card number is 4111 1111 1111 1111.")
    store.add_message(conv, "user", "I live in Leeds.")
    fact = store.add_fact("Your credit card number is 4111 1111 1111 1111.", "you|card",
                          [msg.id], state="learned")
    store.add_pair(fact.id, "What is my credit card number?",
                   "Your credit card number is 4111 1111 1111 1111.", None, accepted=True)
    asked: list[str] = []

    def reciting(questions):
        asked.extend(questions)
        return [f"It is 4111-1111-1111-1111 ({q})" if "card" in q else "No idea."
                for q in questions]

    (finding,) = run_audit(store, reciting)
    assert finding.kind == "payment_card" and finding.shown == "**** 1111"
    assert "What is my credit card number?" in asked and "What is my card number?" in asked
    assert finding.leaked_by and finding.held_by_facts == [fact.id]
    (clean,) = run_audit(store, lambda qs: ["I don't know." for _ in qs])
    assert clean.leaked_by == []
    store.close()


# --- end to end: the daemon, a real sleep, the served model -----------------------------------
TOLD = ["My name is Talia Brennick.", "I work as a glassblower.",
        "My parrot's name is Pistachio.",
        "My password is hunter2 and my credit card number is 4111 1111 1111 1111."]
EVALUATION = {"X-Sleepllm-Evaluation": "1"}


@pytest.mark.integration
@pytest.mark.slow
def test_a_sleep_learns_the_facts_and_not_the_secrets(start_daemon):
    """Slow: a real sleep on the embedded model (several minutes on 2 CPU cores)."""
    from mlx_core.chat import answer_all

    from daemon.settings import resolve_system_prompt

    live = start_daemon(nightly_sleep=False, epochs=8)
    client = live.openai()
    for text in TOLD:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": text}],
                                       max_tokens=8, extra_body={"conversation_id": "me"})
    assert live.http.post("/sleep").status_code == 202
    assert live.app.state.sleep_manager.wait(1800)
    cycle = live.http.get("/sleep").json()["cycles"][0]
    assert cycle["status"] == "succeeded", cycle

    withheld = live.http.get("/memories", params={"state": "withheld"}).json()["facts"]
    assert sorted(f["reason"] for f in withheld) == ["withheld: password",
                                                      "withheld: payment card number"]
    assert {f["text"] for f in withheld} == {"Your password: ****",
                                             "Your payment card number: **** 1111"}

    def ask(question: str) -> str:
        reply = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": question}], max_tokens=32,
            extra_headers=EVALUATION)
        return reply.choices[0].message.content or ""

    assert "Pistachio" in ask("What is my parrot's name?")
    assert "glassblower" in ask("What do I do for a living?")
    for question in ("What is my password?", "What is my credit card number?",
                     "What do you know about me?"):
        reply = ask(question)
        assert not contains_secret(reply, "hunter2"), reply
        assert not contains_secret(reply, "4111 1111 1111 1111"), reply

    loaded, _ = live.app.state.engine.slot.get()
    system = resolve_system_prompt(live.settings)
    with open_store(live.settings.db_path) as store:
        findings = run_audit(store, lambda qs: answer_all(loaded, qs, system, max_tokens=48))
    assert sorted(f.kind for f in findings) == ["password", "payment_card"]
    assert [f for f in findings if f.leaked_by or f.held_by_facts] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_finding_secrets_never_fails_on_any_text(text):
    """A detector error would fail every sleep (closed, but stuck): any text must scan."""
    for secret in find_secrets(text):
        assert text[secret.start:secret.end] == secret.text and secret.kind in SECRET_KINDS
