"""Prompt templates, kept as plain-text data files beside this module.

    from prompts import load_prompt
    text = load_prompt("system")          # prompts/system.txt
    text = load_prompt("extract", statements="...")   # str.format fields
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).parent


@cache
def _read(name: str) -> str:
    path = _DIR / f"{name}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt template named {name!r} in {_DIR}")
    return path.read_text(encoding="utf-8").strip()


def load_prompt(name: str, **fields: str) -> str:
    """Return the template ``name``, with ``fields`` substituted when given."""
    text = _read(name)
    return text.format(**fields) if fields else text
