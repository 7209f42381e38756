"""Choosing remembered facts for a prompt, and recording what the weights answer.

``search_facts`` ranks facts against a chat message with SQLite's FTS5 index over each
fact's text and its training questions (``bm25``, Porter-stemmed words; a fact ranks by its
best row), for the memory a chat turn shows the model;
``record_graduation`` counts, after a sleep, which facts the new weights answered with
no prompt memory, and graduates those that did so often enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlite_utils import Database

from .base import StoreBase
from .rows import FACT_STATES, Fact, check_choice, check_ids, to_json, utc_now

# A query is the message's words, any of which may match; FTS5 syntax is never passed
# through (each word is quoted), so no message can break or widen the query.
_WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 32


class RecallMixin(StoreBase):
    """Fact search for the prompt memory, and graduation counts."""

    def search_facts(self, text: str, states: Iterable[str], limit: int = 20,
                     phrase: str = "") -> list[Fact]:
        """Facts in ``states`` sharing words with ``text``, best match first. ``phrase``
        (the message as written) also matches as a whole: a fact stored with that very
        question comes first, whatever its single words share with others ("living" is
        stemmed like "live")."""
        wanted = [check_choice("fact state", s, FACT_STATES) for s in states]
        words = list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))[:MAX_QUERY_WORDS]
        whole = " ".join(_WORD.findall(phrase.lower())[:MAX_QUERY_WORDS])
        if not (words or whole) or not wanted:
            return []
        query = " OR ".join(f'"{w}"' for w in [*words, *([whole] if whole else [])])
        sql = (
            "SELECT facts.* FROM (SELECT fact_id, MIN(score) AS score FROM "
            "(SELECT fact_id, rank AS score FROM memory_fts "  # rank: bm25 by default
            "WHERE memory_fts MATCH ?) GROUP BY fact_id) AS hits "
            "JOIN facts ON facts.id = hits.fact_id "
            "WHERE facts.state IN (SELECT value FROM json_each(?)) "
            "ORDER BY hits.score, facts.id DESC LIMIT ?"
        )
        rows = self._read(lambda db: self._all(db, sql, (query, to_json(wanted), limit)))
        return [Fact.from_row(r) for r in rows]

    def record_graduation(self, passed: Iterable[int], failed: Iterable[int],
                          needed: int) -> list[int]:
        """Count a passed probe for ``passed`` and reset ``failed``; facts with ``needed``
        passes in a row (and still remembered) become graduated. Returns their ids."""
        ok, bad = check_ids(passed, "fact id"), check_ids(failed, "fact id")
        if needed < 1:
            raise ValueError("needed must be at least 1")

        def run(db: Database) -> list[int]:
            now = utc_now()
            db.execute(
                "UPDATE facts SET passes = 0, state = CASE state WHEN 'graduated' "
                "THEN 'learned' ELSE state END, updated_at = ? "
                "WHERE id IN (SELECT value FROM json_each(?))", (now, to_json(bad)))
            db.execute(
                "UPDATE facts SET passes = passes + 1, updated_at = ? "
                "WHERE id IN (SELECT value FROM json_each(?))", (now, to_json(ok)))
            rows = self._all(
                db, "SELECT id FROM facts WHERE id IN (SELECT value FROM json_each(?)) "
                "AND passes >= ? AND state = 'learned' ORDER BY id", (to_json(ok), needed))
            ids = [r["id"] for r in rows]
            db.execute("UPDATE facts SET state = 'graduated' "
                       "WHERE id IN (SELECT value FROM json_each(?))", (to_json(ids),))
            return ids

        return self._write(run)
