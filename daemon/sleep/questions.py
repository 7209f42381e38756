"""Question files: the question shape and the JSON checks every question file shares.

A question is asked of the model and its answer scored by keywords (:mod:`.scoring`)::

    {"id": "capital_france", "question": "What is the capital of France?",
     "expected": ["Paris"], "forbidden": ["London"]}

``expected`` is a non-empty list of keyword groups (a keyword, or a list of alternatives);
``forbidden`` lists keywords a right answer never says; ``id`` is optional. The general
benchmark of the validation gate (:mod:`.benchmark`) reads its questions with these
helpers, and so do the persona and grid files of the measurement side, so that every file
format fails the same way: a missing, unreadable, empty or malformed file, or a value of
the wrong shape, raises the caller's error class naming the file and the JSON path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Keys a question may carry; anything else is most likely a typo of one of these.
QUESTION_KEYS = frozenset({"id", "question", "expected", "forbidden"})
EXPECTED_MSG = "must be a non-empty list of keywords or keyword lists"


@dataclass(frozen=True)
class Question:
    """One question and the keywords that score its answer (see :mod:`.scoring`)."""

    question: str
    expected: list[str | list[str]]
    forbidden: list[str] = field(default_factory=list)
    id: str | None = None


def read_json_file(path: str | Path, error_cls: type[ValueError]) -> Any:
    """Read and parse a JSON file, turning every failure into ``error_cls`` naming the file.

    Missing, unreadable, empty and malformed files all raise: callers validate benchmarks
    and personas, and a silently empty result would let a broken setup pass as a good one.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_cls(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise error_cls(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise error_cls(f"{path}: cannot read file ({exc.strerror or exc})") from None
    if not text.strip():
        raise error_cls(f"{path}: file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error_cls(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def fail(error_cls: type[ValueError], source: str, where: str, message: str) -> ValueError:
    """Build the error with the one message format every loader uses."""
    return error_cls(f"{source}: {where}: {message}" if where else f"{source}: {message}")


def is_keyword(value: Any) -> bool:
    """A non-blank string."""
    return isinstance(value, str) and bool(value.strip())


def require_str(
    raw: dict[str, Any], key: str, source: str, where: str, error_cls: type[ValueError]
) -> str:
    """Return ``raw[key]`` if it is a non-blank string, else raise naming ``where.key``."""
    path = f"{where}.{key}" if where else key
    if key not in raw:
        raise fail(error_cls, source, path, "missing required key")
    if not is_keyword(raw[key]):
        raise fail(error_cls, source, path, "must be a non-empty string")
    return raw[key]


def require_list(
    raw: dict[str, Any], key: str, source: str, where: str, error_cls: type[ValueError]
) -> list[Any]:
    """Return ``raw[key]`` if it is a list (possibly empty), else raise naming ``where.key``."""
    path = f"{where}.{key}" if where else key
    if key not in raw:
        raise fail(error_cls, source, path, "missing required key")
    if not isinstance(raw[key], list):
        raise fail(error_cls, source, path, f"must be a list, not {type(raw[key]).__name__}")
    return raw[key]


def require_object(raw: Any, source: str, where: str, error_cls: type[ValueError]) -> dict:
    """Raise unless ``raw`` is a JSON object."""
    if not isinstance(raw, dict):
        raise fail(error_cls, source, where or "top level",
                    f"must be an object, not {type(raw).__name__}")
    return raw


def parse_expected(raw: Any, source: str, where: str, error_cls: type[ValueError]) -> list:
    """Validate a list of keyword groups (a keyword, or a list of alternative keywords)."""
    if not isinstance(raw, list) or not raw:
        raise fail(error_cls, source, where, EXPECTED_MSG)
    groups: list[str | list[str]] = []
    for i, group in enumerate(raw):
        if is_keyword(group):
            groups.append(group)
        elif isinstance(group, list) and group and all(is_keyword(k) for k in group):
            groups.append(list(group))
        else:
            raise fail(error_cls, source, f"{where}[{i}]",
                        "must be a non-empty keyword or a non-empty list of non-empty keywords")
    return groups


def parse_question(
    raw: Any, source: str, where: str, error_cls: type[ValueError]
) -> Question:
    """Validate one question object; ``where`` is its JSON path for error messages."""
    raw = require_object(raw, source, where, error_cls)
    unknown = sorted(set(raw) - QUESTION_KEYS)
    if unknown:
        raise fail(error_cls, source, f"{where}.{unknown[0]}",
                    f"unknown key (allowed: {', '.join(sorted(QUESTION_KEYS))})")
    text = require_str(raw, "question", source, where, error_cls)
    if "expected" not in raw:
        raise fail(error_cls, source, f"{where}.expected", "missing required key")
    expected = parse_expected(raw["expected"], source, f"{where}.expected", error_cls)
    forbidden = require_list(raw, "forbidden", source, where, error_cls)
    for i, keyword in enumerate(forbidden):
        if not is_keyword(keyword):
            raise fail(error_cls, source, f"{where}.forbidden[{i}]",
                        "must be a non-empty keyword")
    qid = raw.get("id")
    if qid is not None and not is_keyword(qid):
        raise fail(error_cls, source, f"{where}.id", "must be a non-empty string")
    return Question(question=text, expected=expected, forbidden=list(forbidden), id=qid)
