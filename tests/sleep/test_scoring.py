"""Tests of the README's keyword rules (daemon.sleep.scoring), answer scores and run summaries
(benchmarks.scoring).

Run: .venv/bin/python -m pytest tests/sleep/test_scoring.py
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.scoring import AnswerRecord, answer_record, summarize
from daemon.sleep.questions import Question
from daemon.sleep.scoring import keyword_matches, score_answer

LETTERS = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)
DIGITS = st.text(alphabet=string.digits, min_size=1, max_size=6)
WORD_KEYWORD = st.builds(lambda head, tail: head + tail, LETTERS,
                         st.text(alphabet=string.ascii_letters + string.digits, max_size=8))
# Characters that end a word: what can follow a digit keyword for it to match.
NON_WORD = st.text(alphabet=" .,!?;:-)\n\t°%", min_size=1, max_size=5)
WHITESPACE = st.text(alphabet=" \t\n\r", min_size=1, max_size=4)
PROSE = st.text(alphabet=string.ascii_letters + " ,.", max_size=20)

quick = settings(deadline=None, max_examples=200)


@pytest.mark.parametrize(("keyword", "text"), [
    ("draw", "He loves drawing."),
    ("swim", "She loves swimming in the lake."),
    ("Vladimir", "your name is vladimir zwizzer"),
    ("6", "He is 6."),
    ("6", "a 6-year-old boy"),
    ("6", "(6)"),
    ("golden retriever", "a Golden Retriever"),
    ("golden retriever", "a golden\n  retriever"),
    ("C++", "I write C++ at work"),
    (".NET", "I write .NET at work"),
    ("three", "three years ago"),
])
def test_matches(keyword: str, text: str) -> None:
    assert keyword_matches(keyword, text)


@pytest.mark.parametrize(("keyword", "text"), [
    ("art", "We start at noon."),
    ("6", "He is 16."),
    ("6", "He is 60."),
    ("6", "It is 6th."),
    ("4", "Biscuit is 14 years old."),
    ("golden retriever", "a goldenretriever"),
    ("golden retriever", "golden, retriever"),
    ("Andre", "Alexandre"),
    ("Java", ""),
])
def test_does_not_match(keyword: str, text: str) -> None:
    assert not keyword_matches(keyword, text)


@quick
@given(keyword=WORD_KEYWORD, before=PROSE, after=PROSE)
def test_keyword_matches_itself_after_a_space(keyword: str, before: str, after: str) -> None:
    assert keyword_matches(keyword, f"{before} {keyword}{after}")


@quick
@given(keyword=WORD_KEYWORD, before=PROSE)
def test_match_is_case_insensitive(keyword: str, before: str) -> None:
    assert keyword_matches(keyword.upper(), f"{before} {keyword.lower()}")
    assert keyword_matches(keyword.lower(), f"{before} {keyword.upper()}")


@quick
@given(keyword=WORD_KEYWORD, prefix=LETTERS)
def test_word_keyword_needs_a_word_start(keyword: str, prefix: str) -> None:
    # Glued to letters, the keyword can only match where the text itself starts.
    text = prefix + keyword
    assert keyword_matches(keyword, text) == text.lower().startswith(keyword.lower())


@quick
@given(number=DIGITS, before=PROSE, after=NON_WORD)
def test_number_matches_when_bounded(number: str, before: str, after: str) -> None:
    assert keyword_matches(number, f"{before} {number}{after}")


@quick
@given(number=DIGITS, more=DIGITS, prefix=st.booleans())
def test_number_never_matches_inside_a_longer_number(number: str, more: str,
                                                     prefix: bool) -> None:
    text = more + number if prefix else number + more
    assert not keyword_matches(number, f"about {text} years")


@quick
@given(number=DIGITS, letters=LETTERS)
def test_number_glued_to_letters_does_not_match(number: str, letters: str) -> None:
    assert not keyword_matches(number, f"in {number}{letters}")


@quick
@given(words=st.lists(LETTERS, min_size=2, max_size=4), gaps=st.data())
def test_phrase_matches_across_any_whitespace(words: list[str], gaps: st.DataObject) -> None:
    text = words[0]
    for word in words[1:]:
        text += gaps.draw(WHITESPACE) + word
    assert keyword_matches(" ".join(words), f"well, {text}.")
    # Without whitespace between the words it is not the phrase.
    assert not keyword_matches(" ".join(words), "".join(words))


def test_blank_keyword_is_an_error() -> None:
    with pytest.raises(ValueError):
        keyword_matches("   ", "anything")


def test_first_name_alone_scores_half() -> None:
    question = Question("What is my name?", ["Vladimir", "Zwizzer"], ["Andre"])
    result = score_answer(question, "Your name is Vladimir.")
    assert result.score == 0.5
    assert result.found_groups == [True, False]
    assert not result.forbidden_hit


def test_alternatives_count_as_one_group() -> None:
    question = Question("How old is my son?", [["6", "six"]], ["4", "5", "7"])
    assert score_answer(question, "He is six years old.").score == 1.0
    assert score_answer(question, "He is 16.").score == 0.0


def test_forbidden_hit_is_reported() -> None:
    question = Question("Which city do I live in?", ["Portland"], ["Chicago"])
    result = score_answer(question, "You live in Chicago.")
    assert result.score == 0.0
    assert result.forbidden_hit
    assert result.forbidden_found == ["Chicago"]


def test_dont_know_is_precise() -> None:
    question = Question("What is my dog's name?", ["Biscuit"], ["Daisy", "Max"])
    result = score_answer(question, "I don't know your dog's name.")
    assert (result.score, result.forbidden_hit) == (0.0, False)


@quick
@given(found=st.lists(st.booleans(), min_size=1, max_size=6))
def test_score_is_the_share_of_groups_found(found: list[bool]) -> None:
    keywords = [f"kw{i}" for i in range(len(found))]
    answer = " ".join(k for k, hit in zip(keywords, found, strict=True) if hit)
    result = score_answer(Question("q", list(keywords)), answer)
    assert result.found_groups == found
    assert result.score == pytest.approx(sum(found) / len(found))


def _records() -> list[AnswerRecord]:
    name = Question("What is my name?", ["Vladimir", "Zwizzer"], ["Andre"])
    job = Question("What do I do?", ["producer"], ["DJ"])
    city = Question("Which city?", ["Portland"], ["Chicago"])
    son = Question("Son's name and age?", ["Andre", ["6", "six"]], [])
    return [
        answer_record("recall", "identity", name, "Vladimir Zwizzer"),
        answer_record("recall", "identity", job, "You are a DJ."),
        answer_record("recall", "location", city, "You live in Portland."),
        answer_record("generalization", None, son, "Andre, who is six"),
        answer_record("generalization", None, son, "Andre"),
    ]


def test_summarize_matches_readme_schema() -> None:
    summary = summarize(_records())
    assert summary["recall"] == pytest.approx(2 / 3)
    assert summary["precision"] == pytest.approx(2 / 3)
    assert summary["generalization"] == pytest.approx(0.75)
    assert summary["per_category"] == {"identity": [1.0, 2], "location": [1.0, 1]}
    assert list(summary["per_category"]) == ["identity", "location"]


def test_summarize_accepts_results_json_dicts() -> None:
    records = _records()
    assert summarize([r.to_dict() for r in records]) == summarize(records)


def test_summarize_without_questions_of_a_kind() -> None:
    summary = summarize([r for r in _records() if r.kind == "recall"])
    assert summary["generalization"] is None
    assert summarize([]) == {"recall": None, "precision": None, "generalization": None,
                             "per_category": {}}


def test_summarize_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown answer kind"):
        summarize([{"kind": "trivia", "category": None, "score": 1.0,
                    "forbidden_hit": False}])


def test_answer_record_has_results_json_keys() -> None:
    record = _records()[0].to_dict()
    assert set(record) == {"question", "kind", "category", "answer", "score",
                           "forbidden_hit"}
