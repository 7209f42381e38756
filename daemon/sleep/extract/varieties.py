"""Shapes of other Englishes -> the English the clause rules read.

    from daemon.sleep.extract.varieties import variety_shapes
    variety_shapes("My good name is Oskar Vik, I am 35 yrs. Narvik, that is my native place.")
    # "My name is Oskar Vik, I am 35 years old. Narvik. I am from Narvik."

The English of India, Pakistan and Bangladesh is how hundreds of millions of people write
English: "my good name is", "she is 4 years only", "today itself", "my native
place", "father name is", "elder one is my son X", kin words like "co-brother" and
"cousin-sister", degrees like "B.Tech". Each rewrite keeps the writer's words and only
drops an emphatic "only"/"itself" or adds the glue the answer templates add anyway.
:mod:`.normalize` calls :func:`variety_shapes` with the chat shapes.
"""

from __future__ import annotations

import re

_GOOD_NAME_RE = re.compile(r"\b(my|his|her) good name\b", re.I)
# "he is 7 years", "I am 35 yrs and ...": an age without "old"
_YEARS_AGE_RE = re.compile(r"\b(am|is|are|'m|'s) ((?:only |just )?\d{1,3}) (?:years?|yrs?)\b"
                           r"(?! old| ago)(?= only\b|\s*[,.;!?]|\s+(?:and|but|so|now)\b|$)", re.I)
# "4 years only", "today itself", "in Narvik only": emphasis, not meaning
_EMPHASIS_RE = re.compile(r"(?<=[\w)]) (?:only|itself)(?=\s*(?:[,.;!?)]|$|\s(?:and|but|so|"
                          r"because|for|with)\b))", re.I)
# "Narvik, that is my native place" / "my native place is Narvik": where one is from
_NATIVE_AFTER_RE = re.compile(r"\b([A-Z]?[a-z]+), (?:that|which|it) is my native "
                              r"(?:place|town|village)\b", re.I)
_NATIVE_BEFORE_RE = re.compile(r"\bmy native (?:place|town|village) is ([A-Za-z]+)\b", re.I)
# "father name is X", "mother is also homemaker": a relation without "my"
_KIN_NAME_IS_RE = re.compile(r"(^|[.!?]\s+)(father|mother|wife|husband|son|daughter|brother|"
                             r"sister)(?:'s)? name is\b", re.I)
# "elder one is my son X" / "younger one is daughter Y": which child, then who
_WHICH_ONE_RE = re.compile(r"\b(?:the )?(?:elder|older|eldest|younger|youngest|small|big) one "
                           r"is (?:my )?(son|daughter|boy|girl)\b", re.I)
# "B.Tech", "M.Sc": a degree's full stops are no sentence ends
_DEGREE_RE = re.compile(r"\b([BM])\.(Tech|Sc|Com|Ed|Pharm|Arch|A|E)\b")


def variety_shapes(text: str) -> str:
    """``text`` with the shapes above written in the English the rules read."""
    text = _DEGREE_RE.sub(r"\1\2", text)
    text = _GOOD_NAME_RE.sub(r"\1 name", text)
    text = _YEARS_AGE_RE.sub(lambda m: f"{m.group(1)} {m.group(2)} years old", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _NATIVE_AFTER_RE.sub(lambda m: f"{m.group(1)}. I am from {m.group(1)}", text)
    text = _NATIVE_BEFORE_RE.sub(r"I am from \1", text)
    text = _KIN_NAME_IS_RE.sub(lambda m: f"{m.group(1)}My {m.group(2).lower()}'s name is", text)
    return _WHICH_ONE_RE.sub(lambda m: f"my {m.group(1).lower()}", text)
