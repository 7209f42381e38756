"""Data types shared by the memory-formation pipeline (extract -> firewall -> curate).

    from daemon.sleep.types import SourceMessage, ExtractedFact, QAPair
    msgs = [SourceMessage(id=1, content="My son's name is Corwin.")]

``SourceMessage`` is a user chat message gathered by a sleep cycle; ``ExtractedFact``
is one statement about the user's world with several question/answer phrasings;
``Rejection`` records a pair the hallucination firewall refused and why; ``OldFact``
is a fact remembered from an earlier sleep, as curation sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SourceMessage:
    """A user chat message gathered by the sleep."""

    id: int
    content: str
    # Pronouns resolve only within one conversation; "" is one unnamed conversation.
    conversation: str = ""
    # When the user wrote it (timezone-aware); relative times ("last year") resolve
    # against it. None: unknown, and relative times are kept as said.
    sent_at: datetime | None = None


@dataclass(frozen=True)
class QAPair:
    """One training pair: ``question`` in the user's first person, ``answer`` in the second."""

    question: str  # "What is my son's name?"
    answer: str  # "Your son's name is Corwin Hale."


@dataclass(frozen=True)
class FactKey:
    """Who a fact is about and which of their attributes it gives.

    ``str(key)`` is the stored form: ``"your sister|live_in"``; a relation that holds many
    values at once ("loves") carries the value too: ``"you|love:dinosaurs"``. Two facts
    with the same key contradict unless their values agree.
    """

    entity: str  # "you", "your sister", or a name the user gave without a relation
    relation: str  # "live_in", "name", "age", "drive"
    value: str = ""  # only for relations that hold many values

    def __str__(self) -> str:
        return f"{self.entity}|{self.relation}" + (f":{self.value}" if self.value else "")

    @classmethod
    def parse(cls, text: str) -> FactKey:
        entity, _, slot = text.partition("|")
        relation, _, value = slot.partition(":")
        return cls(entity, relation, value)


@dataclass(frozen=True)
class FactRecord:
    """One fact as data: the extractor's output before it is phrased as pairs."""

    key: FactKey
    value: str  # "Berlin", "70", "a glazier"
    negated: bool = False  # "I don't eat meat": a negative fact, never the positive one
    time: str = ""  # when it holds, resolved against the message time: "2025", "2026-03-07"
    # Said as a correction or update ("actually", "not anymore", "now"): it replaces every
    # earlier value of the same entity and relation, not only an identical key's.
    corrects: bool = False
    # What it says is over: the thing sold or quit ("I sold the van"), or the value put
    # right ("in Brodick, not Lamlash"); earlier facts naming it are replaced.
    ends: str = ""

    def replaces(self, key: FactKey, text: str) -> bool:
        """Whether this fact ends an earlier one of ``key`` (stated as ``text``).

        A correction replaces the same relation's values; an ending ("I sold the van",
        "I quit the band", "..., not Lamlash") replaces whatever earlier fact of the
        entity names the thing ended ("I drive a van").
        """
        if key == self.key:
            return False
        # (the user moving out ends their own home instead, below)
        if self.key.relation in DEPARTURES and self.key.entity != "you" \
                or self.key.relation in BREAK_UPS:
            # "Oskar moved out": what others (the user) shared with Oskar is over
            return key.entity != self.key.entity and bool(_content(self.ends) & _content(text))
        if key.entity != self.key.entity:
            return False
        if self.corrects and key.relation == self.key.relation and not (
                key.relation in _BROAD and key.value != self.key.value):
            return True  # "I drive a kayak now" undoes "a van"; "be:allergic" not "be:married"
        return bool(_content(self.ends) & (_content(key.value) | _content(text)))


# Relations that end an earlier fact about the thing they name.
ENDINGS = frozenset("sell quit leave lose sold_to give_up get_rid_of".split())
# Relations of someone leaving: they end the user's facts that name the one who left.
DEPARTURES = frozenset(("move out", "move away"))
# Relations of a couple parting ("Oskar and I broke up"): the partner becomes an ex, and
# the user's facts that name them end as a departure's do.
BREAK_UPS = frozenset(("break up", "split up", "split", "separate", "divorce"))
# Relations too broad for a correction of one value to undo another ("be:married").
_BROAD = frozenset("be have do get go".split())
_ARTICLES = frozenset("a an the my our your his her their this that".split())


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in _ARTICLES}


@dataclass
class ExtractedFact:
    """A statement about the user's world plus the pairs that teach it."""

    text: str  # canonical second-person statement
    key: str  # str(FactKey), e.g. "you|live_in", "your son|age"; derived facts: "you|summary"
    source_message_ids: list[int]
    source_text: str  # the user's own sentence(s) it came from
    pairs: list[QAPair]
    record: FactRecord | None = None  # None for derived facts (summaries, joined questions)


@dataclass(frozen=True)
class Rejection:
    """A pair the firewall refused, with a human-readable reason."""

    fact_text: str
    question: str
    answer: str
    reason: str


@dataclass(frozen=True)
class OldFact:
    """A fact from an earlier sleep, as stored."""

    id: int
    text: str
    key: str
    state: str  # one of memory_store.FACT_STATES
    # Messages the fact was extracted from, when the store knows them; curation uses them
    # to tell a re-extraction of the same message from a user restating a forgotten fact.
    source_message_ids: tuple[int, ...] = ()


# What a withheld secret reads as in the copy of a message the extractor sees: a made-up
# word the parser takes as a name or value, so the rest of the sentence still parses.
# A fact, summary or question that holds it is dropped: a secret is never phrased.
WITHHELD_MARK = "secretvalue"


def holds_withheld(text: str) -> bool:
    """Whether ``text`` carries a withheld secret's mark."""
    return WITHHELD_MARK.lower() in text.lower()
