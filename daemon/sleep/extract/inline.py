"""Corrections made inside one message, applied before it is read: only the right value stays.

    from daemon.sleep.extract.inline import apply_inline_corrections
    apply_inline_corrections("I work in Narvik. Sorry, I meant Tromso, I mix them up.")
    # "I work in Tromso. I mix them up."
    apply_inline_corrections("I'm 38. No wait, 39 since last week.")
    # "I'm 39. since last week."

People put a slip right a few words later: "sorry, I meant X", "no wait, X", "make that
X", "X, sorry" after a name. Read as they stand, both values are learned, the wrong one
first. The marker and the new value replace the last value of the same kind said before
it in the message: a number replaces the last number, a capitalised word the last
capitalised name, "one cat" the last count of cats. Nothing else changes, and only the
user's own words are used, so the firewall still grounds every word. A correction with
no value of its kind before it is left alone (the clause rules read it).
"""

from __future__ import annotations

import re

from .lexicon import FUNCTION_WORDS, NUMBER_WORDS

_MARKER = (r"(?:sorry,?\s+i\s+meant|i\s+meant|i\s+mean|no\s+wait,?|wait,?\s+no,?|make\s+that|"
           r"sorry,?|actually,?\s+scratch\s+that,?|scratch\s+that,?|correction:?)")
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# marker, then the new value up to a comma, full stop or the end
_FIX_RE = re.compile(rf"(?:(?<=[.!?,])|^)\s*{_MARKER}\s+(?P<value>[^,.!?]+?)(?=\s*(?:[,.!?]|$))",
                     re.I)
_COUNT_RE = re.compile(rf"^(?P<n>{_NUMBER})\s+(?P<noun>[a-z]+?)s?$", re.I)


def apply_inline_corrections(text: str) -> str:
    """``text`` with each in-message slip replaced by its correction (module docstring)."""
    for _ in range(3):  # a message rarely puts more than a few things right
        fixed = _apply_first(text)
        if fixed == text:
            return text
        text = fixed
    return text


def _apply_first(text: str) -> str:
    for match in _FIX_RE.finditer(text):
        before, said = text[:match.start()], match.group("value").strip()
        for value in _values(said):
            replaced = _replace_last(before, value)
            if replaced is not None:
                after = (said[len(value):] + text[match.end():]).lstrip(" ,")
                return re.sub(r"([.!?])\s*[.,]", r"\1", f"{replaced.rstrip()} {after}").strip()
    return text


def _values(said: str) -> list[str]:
    """What after a marker may be the new value: all of it, or its leading number or name
    ("39 since last week" -> "39", "Oskar with a k" -> "Oskar")."""
    out = [said]
    if (number := re.match(rf"{_NUMBER}\b", said, re.I)) is not None:
        out.append(number.group(0))
    if (name := re.match(r"[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)*", said)) is not None:
        out.append(name.group(0))
    # "Sorry, I forgot ...": a pronoun or a function word is no value
    return [v for v in out if v.split()[0].lower() not in FUNCTION_WORDS
            or re.fullmatch(_NUMBER, v.split()[0], re.I)]


def _replace_last(before: str, value: str) -> str | None:
    """``before`` with its last value of ``value``'s kind replaced by it, or None."""
    words = value.split()
    if len(words) > 3:
        return None
    count = _COUNT_RE.match(value)
    if count is not None and len(words) == 2:  # "one cat" for "two cats"
        noun = re.escape(count.group("noun"))
        spots = list(re.finditer(rf"\b{_NUMBER}\s+{noun}s?\b", before, re.I))
        return _swap(before, spots[-1], value) if spots else None
    if re.fullmatch(_NUMBER, value, re.I):
        spots = list(re.finditer(rf"\b{_NUMBER}\b", before, re.I))
        return _swap(before, spots[-1], value) if spots else None
    if all(w[:1].isupper() for w in words):
        spots = [m for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)*",
                                        before) if m.group(0) not in ("I", "I'm")]
        return _swap(before, spots[-1], value) if spots else None
    return None


def _swap(text: str, spot: re.Match[str], value: str) -> str:
    return text[:spot.start()] + value + text[spot.end():]
