"""``sleepllm experiment``: the sending schedule (fast), and end to end on a tiny persona
(real daemon, real sleep; slow).

    .venv/bin/python -m pytest tests/benchmarks/test_experiment.py
    .venv/bin/python -m pytest tests/benchmarks/test_experiment.py -m slow
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from benchmarks.experiment import _schedule, _tell, main
from benchmarks.persona import Category, Persona, Question, Statement

PERSONA = {
    "name": "tiny",
    "start": "2026-03-04",
    "categories": [
        {"name": "pet", "statements": [
            "My parrot's name is Pistachio.",
            {"text": "He is green.", "conversation": "later", "day": 1}],
         "recall_questions": [{"question": "What is my parrot's name?",
                               "expected": ["Pistachio"], "forbidden": ["Polly"]}]},
        {"name": "work", "statements": ["I work as a glassblower."],
         "recall_questions": [{"question": "What do I do for a living?",
                               "expected": ["glassblower"], "forbidden": []}]},
    ],
    "generalization_questions": [],
}
GRID = {"name": "tiny", "defaults": {"model": "embedded", "lora_rank": 16, "lora_layers": 16},
        "runs": [{"name": "tiny_run", "learning_rate": 2e-4, "epochs": 6}]}


def _category(name: str, *statements: Statement) -> Category:
    return Category(name, list(statements), [Question("q?", ["a"])])


def test_schedule_orders_each_night_and_keeps_one_clock() -> None:
    first = _category("a", Statement("a1", day=1), Statement("a0"))
    second = _category("b", Statement("b0"), Statement("b2", day=2))
    persona = Persona("p", "", [first, second], [], start=date(2026, 3, 4))
    nights = _schedule(persona, [[first], [second]])
    assert [[(s.text, t) for s, t in night] for night in nights] == [
        [("a0", datetime(2026, 3, 4, 9, 0, tzinfo=UTC)),
         ("a1", datetime(2026, 3, 5, 9, 0, tzinfo=UTC))],
        # Night 2's day-0 message follows night 1's on the same clock.
        [("b0", datetime(2026, 3, 4, 9, 1, tzinfo=UTC)),
         ("b2", datetime(2026, 3, 6, 9, 0, tzinfo=UTC))]]


class _FakeChat:
    """Stands in for the openai client: records each request, names conversations."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.chat = SimpleNamespace(completions=SimpleNamespace(
            with_raw_response=SimpleNamespace(create=self.create)))

    def create(self, **kwargs: Any) -> Any:
        self.sent.append(kwargs)
        conversation = kwargs["extra_body"].get("conversation_id") or f"new-{len(self.sent)}"
        return SimpleNamespace(headers={"x-conversation-id": conversation})


def test_tell_sends_sent_at_and_one_conversation_per_label() -> None:
    when = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    told = [(Statement("m1"), when), (Statement("e1", conversation="evening"), when),
            (Statement("m2"), when)]
    client, conversations = _FakeChat(), {}
    _tell(client, told, conversations)
    _tell(client, [(Statement("e2", conversation="evening"), when)], conversations)  # night 2
    bodies = [(r["messages"][0]["content"], r["extra_body"]) for r in client.sent]
    stamp = "2026-03-04T09:00:00+00:00"
    assert bodies == [
        ("m1", {"sent_at": stamp}),
        ("e1", {"sent_at": stamp}),
        ("m2", {"sent_at": stamp, "conversation_id": "new-1"}),
        ("e2", {"sent_at": stamp, "conversation_id": "new-2"})]
    assert conversations == {"main": "new-1", "evening": "new-2"}


@pytest.mark.integration
@pytest.mark.slow
def test_experiment_writes_the_three_files_over_two_nights(tmp_path):
    persona, grid, out = tmp_path / "p.json", tmp_path / "g.json", tmp_path / "out"
    persona.write_text(json.dumps(PERSONA))
    grid.write_text(json.dumps(GRID))
    assert main(["--persona", str(persona), "--out", str(out), "--grid", str(grid),
                 "--nights", "2", "--keep-data"]) == 0
    results = json.loads((out / "results.json").read_text())
    run = results["runs"][0]
    assert results["persona"] == "tiny" and run["name"] == "tiny_run"
    assert [n["categories_added"] for n in run["nights"]] == [["pet"], ["work"]]
    assert {a["category"] for a in run["answers"]} == {"pet", "work"}
    assert run["validation"]["status"] in ("approved", "rejected")
    assert (out / "heatmap.png").read_bytes()[:4] == b"\x89PNG"
    assert "| Run |" in (out / "results.md").read_text()
    # What the daemon stored: each message at its persona time, one conversation per label.
    with closing(sqlite3.connect(out / "data" / "tiny_run" / "sleepllm.db")) as db:
        rows = db.execute("SELECT content, conversation_id, created_at FROM messages "
                          "WHERE role = 'user' AND source = 'chat'").fetchall()
    told = {text: (conversation, at) for text, conversation, at in rows}
    assert {text: at for text, (_, at) in told.items()} == {
        "My parrot's name is Pistachio.": "2026-03-04T09:00:00.000+00:00",
        "I work as a glassblower.": "2026-03-04T09:01:00.000+00:00",
        "He is green.": "2026-03-05T09:00:00.000+00:00"}
    main_id = told["My parrot's name is Pistachio."][0]
    assert told["I work as a glassblower."][0] == main_id != told["He is green."][0]
