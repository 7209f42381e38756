"""Fact and training-pair methods of the memory store.

A fact is one thing the user said about themselves or their world, extracted by a sleep
cycle, with the ids of the messages it came from. Its state records what became of it
(see ``FACT_STATES``). Pairs are the question/answer examples generated from facts for
LoRA training, kept with whether validation accepted them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from .base import StoreBase
from .rows import FACT_STATES, Fact, Pair, check_choice, check_ids, to_json, utc_now


def _check_text(kind: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{kind} must be a non-empty string")
    return value


class FactsMixin(StoreBase):
    """Facts extracted from messages, and question/answer pairs made from them."""

    def add_fact(
        self,
        text: str,
        key: str | None,
        source_message_ids: list[int],
        state: str = "pending",
        cycle_id: int | None = None,
    ) -> Fact:
        """Store a new fact; ``key`` groups facts about the same thing (for superseding)."""
        _check_text("fact text", text)
        ids = check_ids(source_message_ids, "source message id")
        check_choice("fact state", state, FACT_STATES)
        now = utc_now()
        row: dict[str, Any] = {
            "text": text,
            "key": key,
            "state": state,
            "source_message_ids": to_json(ids),
            "created_at": now,
            "updated_at": now,
            "cycle_id": cycle_id,
            "superseded_by": None,
            "reason": None,
        }

        def run(db: Database) -> Fact:
            if cycle_id is not None:
                self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            return Fact.from_row({**row, "id": self._insert(db, "facts", row)})

        return self._write(run)

    def get_fact(self, fact_id: int) -> Fact | None:
        row = self._read(lambda db: self._one(db, "SELECT * FROM facts WHERE id = ?", (fact_id,)))
        return None if row is None else Fact.from_row(row)

    def list_facts(self, states: Iterable[str] | None = None) -> list[Fact]:
        """Facts in id order, optionally only those in the given states."""
        params: tuple[Any, ...] = ()
        if states is None:
            sql = "SELECT * FROM facts ORDER BY id"
        else:
            wanted = [check_choice("fact state", s, FACT_STATES) for s in states]
            sql = "SELECT * FROM facts WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id"
            params = (to_json(wanted),)
        return [Fact.from_row(r) for r in self._read(lambda db: self._all(db, sql, params))]

    def facts_from_messages(self, message_ids: Iterable[int]) -> list[Fact]:
        """Facts any of whose source messages is in ``message_ids``, in id order."""
        ids = check_ids(message_ids, "message id")
        sql = (
            "SELECT * FROM facts WHERE EXISTS (SELECT 1 FROM json_each(facts.source_message_ids)"
            " AS src WHERE src.value IN (SELECT value FROM json_each(?))) ORDER BY id"
        )
        rows = self._read(lambda db: self._all(db, sql, (to_json(ids),)))
        return [Fact.from_row(r) for r in rows]

    def set_fact_state(
        self,
        fact_ids: Iterable[int],
        state: str,
        cycle_id: int | None = None,
        superseded_by: int | None = None,
        reason: str | None = None,
    ) -> list[Fact]:
        """Move facts to ``state``; return them updated. All-or-nothing.

        ``reason`` and ``superseded_by`` replace the old values (a stale reason would
        misexplain the new state); ``cycle_id``, when given, replaces the fact's cycle.
        Raises KeyError (and changes nothing) if any id does not exist.
        """
        ids = check_ids(fact_ids, "fact id")
        check_choice("fact state", state, FACT_STATES)

        def run(db: Database) -> list[Fact]:
            found = {
                r["id"]
                for r in self._all(
                    db, "SELECT id FROM facts WHERE id IN (SELECT value FROM json_each(?))",
                    (to_json(ids),),
                )
            }
            missing = sorted(set(ids) - found)
            if missing:
                raise KeyError(f"no facts with ids {missing}")
            if superseded_by is not None:
                self._require(db, "facts", superseded_by, "fact")
            if cycle_id is not None:
                self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            db.execute(
                "UPDATE facts SET state = ?, updated_at = ?, cycle_id = COALESCE(?, cycle_id),"
                " superseded_by = ?, reason = ? WHERE id IN (SELECT value FROM json_each(?))",
                (state, utc_now(), cycle_id, superseded_by, reason, to_json(ids)),
            )
            rows = self._all(
                db, "SELECT * FROM facts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                (to_json(ids),),
            )
            return [Fact.from_row(r) for r in rows]

        return self._write(run)

    def set_fact_state_if(self, fact_ids: Iterable[int], state: str, only_from: str) -> int:
        """Move those of ``fact_ids`` now in state ``only_from`` to ``state``; return how many.

        Used when the served weights change: a forgotten or superseded fact must keep
        its state even if the weights being served still hold it.
        """
        ids = check_ids(fact_ids, "fact id")
        check_choice("fact state", state, FACT_STATES)
        check_choice("fact state", only_from, FACT_STATES)
        if not ids:
            return 0

        def run(db: Database) -> int:
            cursor = db.execute(
                "UPDATE facts SET state = ?, updated_at = ? WHERE state = ? "
                "AND id IN (SELECT value FROM json_each(?))",
                (state, utc_now(), only_from, to_json(ids)),
            )
            return cursor.rowcount

        return self._write(run)

    def withhold_fact(self, fact_id: int, text: str, reason: str) -> Fact:
        """Withhold a fact found to hold a secret: its text becomes ``text`` (the secret
        masked), its state ``withheld``, and its training pairs, which spell the secret
        out, are deleted. Raises KeyError if there is no such fact."""
        _check_text("fact text", text)

        def run(db: Database) -> Fact:
            self._require(db, "facts", fact_id, "fact")
            db.execute("DELETE FROM pairs WHERE fact_id = ?", (fact_id,))
            db.execute("UPDATE facts SET text = ?, state = 'withheld', reason = ?, "
                       "updated_at = ? WHERE id = ?", (text, reason, utc_now(), fact_id))
            return Fact.from_row(self._require(db, "facts", fact_id, "fact"))

        return self._write(run)

    def forget_fact(self, fact_id: int, reason: str | None = None) -> Fact:
        """Mark a fact forgotten (the user asked); raises KeyError if there is no such fact."""
        return self.set_fact_state([fact_id], "forgotten", reason=reason)[0]

    def add_pair(
        self,
        fact_id: int | None,
        question: str,
        answer: str,
        cycle_id: int | None,
        accepted: bool,
        reason: str | None = None,
    ) -> Pair:
        """Store a training pair (``fact_id`` None: a pair not tied to one fact)."""
        _check_text("question", question)
        if not isinstance(answer, str):
            raise ValueError("answer must be a string")
        row: dict[str, Any] = {
            "fact_id": fact_id,
            "question": question,
            "answer": answer,
            "cycle_id": cycle_id,
            "accepted": 1 if accepted else 0,
            "reason": reason,
        }

        def run(db: Database) -> Pair:
            if fact_id is not None:
                self._require(db, "facts", fact_id, "fact")
            if cycle_id is not None:
                self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            return Pair.from_row({**row, "id": self._insert(db, "pairs", row)})

        return self._write(run)

    def list_pairs(
        self,
        cycle_id: int | None = None,
        fact_ids: Iterable[int] | None = None,
        accepted: bool | None = None,
    ) -> list[Pair]:
        """Pairs in id order; each argument given narrows the result."""
        ids = None if fact_ids is None else to_json(check_ids(fact_ids, "fact id"))
        flag = None if accepted is None else (1 if accepted else 0)
        # NULL parameters disable their filter, so the SQL text never varies.
        sql = (
            "SELECT * FROM pairs WHERE (?1 IS NULL OR cycle_id = ?1) AND (?2 IS NULL OR "
            "fact_id IN (SELECT value FROM json_each(?2))) AND (?3 IS NULL OR accepted = ?3) "
            "ORDER BY id"
        )
        rows = self._read(lambda db: self._all(db, sql, (cycle_id, ids, flag)))
        return [Pair.from_row(r) for r in rows]
