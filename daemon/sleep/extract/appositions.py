"""Who an aside says someone is: "Vera, that's my sister, lives in Narvik" -> "my sister Vera
lives in Narvik".

    from daemon.sleep.extract.appositions import appositions_said
    appositions_said("Vera, my wife's sister, lives in Narvik.")
    # "my wife's sister Vera lives in Narvik."

The parser reads a name set off by commas before "my sister" as the sister's only where the
two stand together, and reads "Vera, that's my wife's sister," as the wife. Said as one noun
phrase ("my wife's sister Vera"), the relation and the name reach the rules together. A
family word used as a name ("Nan, that's my father's mother, is 95"; "Pop, my grandfather,")
stays the family word, since the user calls them so: "my nan", "my grandfather".
:func:`titles_of_respect` drops an "Uncle" that the user says is no real uncle.
:func:`.normalize.normalize_chat` calls this before it swaps chat spellings.
"""

from __future__ import annotations

import re

from .lexicon import RELATIONS

# Words that open a sentence before a comma and are no one's name ("Yes, my sister ...").
_NOT_NAMES = frozenset("yes no yeah yep nope ok okay well so and but oh ah anyway also plus "
                       "thanks sorry hi hey hello right sure".split())
_RANKS = frozenset("eldest oldest youngest middle".split())
# "Vera, that's my sister," / "Vera, my wife's sister," / "Vera (my sister)": the aside is
# closed (a comma, a bracket or a rule after it), so the sentence goes on about Vera.
_CLOSED_RE = re.compile(
    r"(?<![\w'])([A-Z][a-z]+)(?:, ?| ?[\u2014\u2013-] ?| ?\()"
    r"((?:that's|that is|who's|who is) )?(my|our|me) "
    r"((?:[a-z-]+'s )?(?:[a-z-]+ )?[a-z-]+)(?:,|\)| ?[\u2014\u2013-](?= ))\s*")
# "This is Mira, that's my eldest.": an open aside at a sentence's end keeps its shape
_OPEN_RE = re.compile(
    r"\b([A-Z][a-z]+)(?:,| ?[\u2014\u2013-]) (?:that's|that is|who's|who is) (my|our) ", re.I)


def _relation_head(phrase: str) -> str | None:
    """The family word ``phrase`` ends in ("wife's sister" -> "sister"), or None."""
    last = phrase.split()[-1]
    return last if last in RELATIONS or last in _RANKS else None


def _closed(match: re.Match[str]) -> str:
    name, said, owner, phrase = match.groups()
    owner = "my" if owner == "me" else owner
    if re.search(r"(?:^|[.!?]\s*)$", match.string[:match.start()]):
        owner = owner.capitalize()
    if _relation_head(phrase) is None or (said is None and name.lower() in _NOT_NAMES) or \
            re.search(r"\b(?:my|our|his|her|their) [a-z-]+ $", match.string[:match.start()]):
        return match.group(0)  # "my cousin Vera, my uncle's girl,": already said whose
    if name.lower() in RELATIONS:
        # "Pop, my grandfather," -> "my grandfather"; "Nan, my father's mother," -> "my nan"
        kin = phrase if phrase in RELATIONS else name.lower()
        return f"{owner} {kin} "
    return f"{owner} {phrase} {name} "


# "Uncle Oskar (not my real uncle, everybody calls him that)": a title of respect
_TITLES = frozenset("uncle aunt aunty auntie".split())
_NOT_REAL_RE = re.compile(r"\bnot (?:my|our) real (" + "|".join(_TITLES) + r")\b", re.I)


def titles_of_respect(text: str, context: str = "") -> str:
    """``text`` without "Uncle"/"Aunty" before a name where the user said (in ``context``,
    all their messages) that the one so called is not really their uncle or aunt."""
    said = _NOT_REAL_RE.search(context or text)
    if said is None:
        return text
    title = said.group(1).capitalize()
    text = re.sub(r"\s*\(?\bnot (?:my|our) real " + said.group(1) + r"\b[^).!?]*\)?", "", text,
                  flags=re.I)
    return re.sub(rf"\b{title} (?=[A-Z])", "", text)


def appositions_said(text: str) -> str:
    """``text`` with each closed aside naming someone's relation said as one noun phrase,
    and an open one ("Mira, that's my eldest.") as a plain apposition."""
    text = _CLOSED_RE.sub(_closed, text)
    return _OPEN_RE.sub(r"\1, \2 ", text)
