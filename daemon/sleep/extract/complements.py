"""Splits what follows a verb into an object and adverbial phrases, and classifies them.

    from daemon.sleep.extract.complements import segment
    segs = segment("squash at the gym on Fridays".split())
    [(s.kind, s.role, s.text) for s in segs]
    # [("obj", "np", "squash"), ("pp", "place", "at the gym"), ("pp", "time", ...)]

The role of a phrase decides which question asks for it: place -> "Where",
time -> "When", duration -> "How long", since -> "Since when", money -> "How much",
from -> "Where ... from", with (a person) -> "Who ... with", purpose -> "What ... for".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import (
    ARTICLES,
    COLORS,
    DURATION_UNITS,
    MONEY_WORDS,
    PHRASE_PREPOSITIONS,
    PLACE_PREPOSITIONS,
    POSSESSIVES,
    RELATIONS,
    TIME_NOUNS,
)
from .textnorm import join_tokens, parse_number, to_second_person
from .verbs import KNOWN_VERBS, form_kind

_CLAUSE_OPENERS = frozenset("when because while if although though whereas unless once".split())
_RELATIVE_OPENERS = frozenset("that which who".split())
_TIME_DETERMINERS = frozenset("every each last next this".split())
_QUANTIFIERS = frozenset("a an many several few couple some".split())
_SUBJECT_STARTS = frozenset("i we he she they my our".split())
_CURRENCY = frozenset({"$", "\u20ac", "\u00a3"})
_TIME_QUANTIFIERS = frozenset("most every all some many each the".split())
# Single words after a verb that say how or where, not what ("work part-time", "live alone").
_ADVERBIAL = frozenset("home abroad alone hard late early remotely overseas downtown locally "
                       "freelance together upstairs downstairs nearby outside inside".split())
_AGE_WORDS = frozenset("years year months month weeks old yrs yr".split())


@dataclass
class Segment:
    """A phrase after the verb: the object, a prepositional phrase, a clause..."""

    kind: str  # obj | pp | ago | time | freq | sub | rel | extra
    prep: str = ""
    tokens: list[str] = field(default_factory=list)
    role: str = ""

    @property
    def text(self) -> str:
        """As the user said it (first person): used in questions."""
        return join_tokens(self.tokens)

    @property
    def answer_text(self) -> str:
        """In second person: used in answers."""
        return join_tokens(to_second_person(self.tokens))

    @property
    def body(self) -> list[str]:
        """The tokens without the leading preposition."""
        return self.tokens[1:] if self.kind == "pp" else self.tokens


def _is_number(tok: str) -> bool:
    return parse_number(tok) is not None or tok.lower() in _QUANTIFIERS


def _starts_ago(tokens: list[str], i: int) -> bool:
    return _is_number(tokens[i]) and "ago" in [t.lower() for t in tokens[i + 1:i + 4]]


def _infinitive_at(tokens: list[str], i: int) -> bool:
    nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    return tokens[i].lower() == "to" and (nxt in KNOWN_VERBS or form_kind(nxt) == "base")


def segment(rest: list[str]) -> list[Segment]:
    """Split the tokens after a verb into classified segments."""
    segs: list[Segment] = []
    cur = Segment("obj")

    def flush(new: Segment) -> Segment:
        if cur.tokens and any(t[:1].isalnum() for t in cur.tokens):
            while cur.tokens and cur.tokens[-1] == ",":
                cur.tokens.pop()
            segs.append(cur)
        return new

    for i, tok in enumerate(rest):
        low = tok.lower()
        nxt = rest[i + 1].lower() if i + 1 < len(rest) else ""
        if cur.kind in ("sub", "rel"):
            cur.tokens.append(tok)
        elif low in _CLAUSE_OPENERS or (low == "since" and nxt in _SUBJECT_STARTS):
            cur = flush(Segment("sub", low, [tok]))
        elif low in _RELATIVE_OPENERS and cur.tokens and cur.kind != "extra":
            cur = flush(Segment("rel", low, [tok]))
        elif low == "as" and cur.kind == "obj" and not cur.tokens and i == 0:
            cur = Segment("pp", "as", [tok])  # "work as a cartographer": a role, not an object
        elif cur.kind == "obj" and not cur.tokens and _infinitive_at(rest, i):
            cur = Segment("obj", "", [tok], "inf")
        elif cur.role == "inf":
            cur.tokens.append(tok)
        elif low in PHRASE_PREPOSITIONS and not (cur.kind == "pp" and len(cur.tokens) == 1):
            cur = flush(Segment("pp", low, [tok]))
        elif tok == "," and (nxt in PHRASE_PREPOSITIONS or nxt in _CLAUSE_OPENERS):
            continue
        elif tok == "," and (nxt.endswith("ing") or nxt.endswith("ly")):
            cur = flush(Segment("extra"))
        elif low in _TIME_DETERMINERS and nxt in TIME_NOUNS:
            cur = flush(Segment("time", "", [tok]))
        elif cur.kind != "freq" and (low in ("once", "twice")
                                     or _is_number(tok) and nxt == "times"):
            cur = flush(Segment("freq", "", [tok]))  # "3 times a week", "twice a month"
        elif _starts_ago(rest, i) and cur.kind != "ago":
            cur = flush(Segment("ago", "", [tok]))
        else:
            cur.tokens.append(tok)
    flush(cur)
    for seg in segs:
        seg.role = seg.role or _role(seg)
    return segs


def _is_time_np(tokens: list[str]) -> bool:
    for tok in tokens:
        low = tok.lower()
        if low in TIME_NOUNS or low.rstrip("s") in TIME_NOUNS:
            return True
        if tok.isdigit() and len(tok) == 4 and 1800 <= int(tok) <= 2100:
            return True
        if low[:1].isdigit() and low.endswith(("st", "nd", "rd", "th")):
            return True
    return False


def _is_money(tokens: list[str]) -> bool:
    lows = [t.lower() for t in tokens]
    return any(t in _CURRENCY or t in MONEY_WORDS for t in lows) and any(
        parse_number(t) is not None for t in lows)


def _is_duration(tokens: list[str]) -> bool:
    lows = [t.lower() for t in tokens]
    return any(t in DURATION_UNITS for t in lows) and any(_is_number(t) for t in lows)


def _role(seg: Segment) -> str:
    if seg.kind == "pp":
        return _pp_role(seg)
    if seg.kind == "obj":
        return _obj_role(seg.tokens)
    return seg.kind


def _pp_role(seg: Segment) -> str:
    body, prep = seg.body, seg.prep
    if prep == "for":
        if _is_money(body):
            return "money"
        return "duration" if _is_duration(body) else "purpose"
    if prep == "since":
        return "since"
    if prep in ("from", "to", "with", "about"):
        return {"from": "from", "to": "to", "with": "with", "about": "topic"}[prep]
    if _is_time_np(body) and prep in ("in", "on", "at", "during", "by", "before", "after",
                                      "until", "around", "till"):
        return "time"
    if prep in ("at", "by", "until", "around") and body and parse_number(body[0]) is not None:
        return "time"  # "at 3", "by 5 pm"
    if prep in PLACE_PREPOSITIONS:
        return "place"
    return "other"


def _obj_role(tokens: list[str]) -> str:
    words = [t for t in tokens if t[:1].isalnum()]
    if not words:
        return "none"
    first = words[0]
    if all(w.lower() in TIME_NOUNS or w.lower() in _TIME_QUANTIFIERS for w in words):
        return "timeobj"
    if parse_number(first) is not None and all(w.lower() in _AGE_WORDS for w in words[1:]):
        return "number"
    if first.lower() in ARTICLES or first.lower() in POSSESSIVES:
        return "np"
    if first.lower().endswith("ing") and first[:1].islower() and len(first) > 4:
        return "gerund"
    if all(w[:1].isupper() or w.lower() in ("and", "of") for w in words):
        return "name"
    if len(words) == 1 and (first.lower() in _ADVERBIAL or first.lower().endswith("-time")):
        return "adv"
    if len(words) == 1 and first[:1].islower():
        return "adj"
    return "np"


def capitalized_run(tokens: list[str]) -> str:
    """The first run of capitalised words, joined across commas: "Tromso, Troms"."""
    run: list[str] = []
    for i, tok in enumerate(tokens):
        title_article = tok in ("The", "A", "An") and i + 1 < len(tokens) and tokens[i + 1][
            :1].isupper()
        if tok[:1].isupper() and (tok.lower() not in ARTICLES or title_article):
            run.append(tok)
        elif tok == "," and run and i + 1 < len(tokens) and tokens[i + 1][:1].isupper():
            run.append(tok)
        elif run:
            break
    return join_tokens(run)


def np_parts(tokens: list[str]) -> tuple[list[str], str]:
    """(modifiers, head noun) of a simple noun phrase: "a spotted pony" -> (["spotted"], "pony")."""
    words = [t for t in tokens if t[:1].isalnum() and t != "'s"]
    cut = next((i for i, w in enumerate(words) if i and w.lower() in PHRASE_PREPOSITIONS | {"of"}),
               len(words))  # the head of "a mother of two" is "mother"
    words = words[:cut]
    while words and (words[0].lower() in ARTICLES or words[0].lower() in POSSESSIVES
                     or parse_number(words[0]) is not None):
        words = words[1:]
    if not words:
        return [], ""
    return words[:-1], words[-1]


def colors_in(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t.lower() in COLORS]


def is_person_np(tokens: list[str]) -> bool:
    """Whether a phrase names a person: a capitalised name or a kinship noun."""
    words = [t for t in tokens if t[:1].isalnum()]
    if any(RELATIONS.get(w.lower(), ("", False))[1] for w in words):
        return True
    return bool(words) and all(w[:1].isupper() for w in words)
