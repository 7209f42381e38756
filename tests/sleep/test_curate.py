"""Tests of curation (daemon/sleep/curate.py): duplicates, contradictions, forgotten facts.

Run: .venv/bin/python -m pytest tests/sleep/test_curate.py -q
"""

from __future__ import annotations

from daemon.sleep.curate import OldFact, curate, same_value
from daemon.sleep.extract import extract_facts
from daemon.sleep.types import ExtractedFact, QAPair, SourceMessage


def fact(text: str, key: str, ids: list[int], *questions: str) -> ExtractedFact:
    return ExtractedFact(text, key, ids, f"source of {text}",
                         [QAPair(q, text) for q in questions or ("Q?",)])


def extracted(*texts: str, first_id: int = 1) -> list[ExtractedFact]:
    return extract_facts([SourceMessage(first_id + i, t) for i, t in enumerate(texts)])


def test_same_value_ignores_wording_and_number_spelling():
    assert same_value("You live in Portland.", "You live in Portland, Oregon.")
    assert same_value("Your son is 6 years old.", "Your son is six years old.")
    assert not same_value("You live in Portland.", "You live in Seattle now.")


def test_duplicates_in_a_batch_are_merged():
    a = fact("You live in Oslo.", "you|live_in", [1], "Where do I live?")
    b = fact("You live in Oslo.", "you|live_in", [4], "Where do I live?", "Which city?")
    result = curate([a, b], [])
    [merged] = result.facts
    assert merged.source_message_ids == [1, 4]
    assert [p.question for p in merged.pairs] == ["Where do I live?", "Which city?"]
    assert result.dropped_in_batch == []


def test_contradiction_in_a_batch_keeps_the_later_message():
    early = fact("You live in Oslo.", "you|live_in", [2])
    late = fact("You live in Bergen now.", "you|live_in", [5])
    result = curate([late, early], [])
    assert result.facts == [late]
    assert result.dropped_in_batch == [(early, late)]


def test_restating_a_remembered_fact_is_a_duplicate_of_it():
    new = fact("You live in Oslo.", "you|live_in", [9])
    result = curate([new], [OldFact(3, "You live in Oslo.", "you|live_in", "learned")])
    assert result.facts == [] and result.duplicates_of_old == [(new, 3)]


def test_newer_value_supersedes_the_remembered_one():
    new = fact("You live in Bergen now.", "you|live_in", [9])
    old = [OldFact(3, "You live in Oslo.", "you|live_in", "learned"),
           OldFact(4, "You live in Oslo.", "you|live_in", "rejected"),
           OldFact(5, "Your dog is Rex.", "your dog|name", "learned")]
    result = curate([new], old)
    assert result.facts == [new] and result.superseded == [(3, new)]


def test_moving_supersedes_the_old_home_end_to_end():
    old_facts = extracted("I live in Portland.")
    home = next(f for f in old_facts if f.key == "you|live_in")
    old = [OldFact(1, home.text, home.key, "learned")]
    for statement in ("I moved to Seattle.", "I live in Seattle now."):
        result = curate(extracted(statement, first_id=10), old)
        assert [(i, f.key) for i, f in result.superseded] == [(1, "you|live_in")], statement
        assert "Seattle" in result.superseded[0][1].text


def test_facts_built_from_a_replaced_fact_are_replaced_with_it():
    # Night 1 told the job and the home in one message; its summary and joined
    # questions carry the old job. A new job must not keep them in replay.
    night1 = extracted("I work as a baker and I live in Leeds.", "My name is Ines.")
    old = [OldFact(i, f.text, f.key, "learned", tuple(f.source_message_ids))
           for i, f in enumerate(night1, start=1)]
    derived = {o.id for o in old if "|summary" in o.key or "|and:" in o.key}
    assert derived
    result = curate(extracted("I work as a florist now.", first_id=10), old)
    replaced = {i for i, _ in result.superseded}
    job = next(o.id for o in old if o.key == "you|job")
    assert job in replaced and derived <= replaced
    # Facts of other messages, and the home stated with the old job, stay.
    assert not {o.id for o in old if o.key in ("you|live_in", "you|name")} & replaced


def test_age_change_supersedes_but_restatement_does_not():
    old = [OldFact(7, "Your niece Wren is 7 years old.", "your niece|age", "pending")]
    older = extracted("My niece is called Wren. She is eight.")
    same = extracted("My niece is called Wren. She is seven.")
    assert [i for i, _ in curate(older, old).superseded] == [7]
    result = curate(same, old)
    assert result.superseded == [] and [i for _, i in result.duplicates_of_old] == [7]


def test_forgotten_fact_is_not_resurrected_by_re_extracting_its_messages():
    new = fact("You live in Oslo.", "you|live_in", [3])
    forgotten = OldFact(2, "You live in Oslo.", "you|live_in", "forgotten", (3,))
    result = curate([new], [forgotten])
    assert result.blocked_forgotten == [new] and result.facts == []


def test_forgotten_fact_stated_again_in_a_new_message_is_remembered_again():
    new = fact("You live in Oslo.", "you|live_in", [12])
    forgotten = OldFact(2, "You live in Oslo.", "you|live_in", "forgotten", (3,))
    assert curate([new], [forgotten]).facts == [new]
    # Without recorded sources the caller guarantees only new messages were gathered.
    no_sources = OldFact(2, "You live in Oslo.", "you|live_in", "forgotten")
    assert curate([new], [no_sources]).facts == [new]


def test_bare_verb_questions_are_not_trained_when_a_fact_has_a_specific_one() -> None:
    from types import SimpleNamespace as Pair

    from daemon.sleep.stages import _capped

    pairs = [Pair(fact_id=1, question="What do I make?", answer="You make beats."),
             Pair(fact_id=1, question="What kind of beats do I make?", answer="You make beats."),
             Pair(fact_id=2, question="What do I use?", answer="You use Rust.")]
    # Fact 1 keeps its specific phrasing only; fact 2 has nothing better, so it keeps its own.
    assert _capped(pairs, 4) == [(1, "What kind of beats do I make?", "You make beats."),
                                 (2, "What do I use?", "You use Rust.")]
