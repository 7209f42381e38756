"""Data types shared by the memory-formation pipeline (extract -> firewall -> curate).

    from daemon.sleep.types import SourceMessage, ExtractedFact, QAPair
    msgs = [SourceMessage(id=1, content="My son's name is Corwin.")]

``SourceMessage`` is a user chat message gathered by a sleep cycle; ``ExtractedFact``
is one statement about the user's world with several question/answer phrasings;
``Rejection`` records a pair the hallucination firewall refused and why; ``OldFact``
is a fact remembered from an earlier sleep, as curation sees it.
"""

from __future__ import annotations

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


@dataclass
class ExtractedFact:
    """A statement about the user's world plus the pairs that teach it."""

    text: str  # canonical second-person statement
    key: str  # slot key for contradiction detection, e.g. "you|live_in", "your son|age"
    source_message_ids: list[int]
    source_text: str  # the user's own sentence(s) it came from
    pairs: list[QAPair]


@dataclass(frozen=True)
class Rejection:
    """A pair the firewall refused, with a human-readable reason."""

    fact_text: str
    question: str
    answer: str
    reason: str


# States an old fact can be in (see memory_store); curation only reads them.
FACT_STATES = ("pending", "learned", "rejected", "forgotten", "superseded")


@dataclass(frozen=True)
class OldFact:
    """A fact from an earlier sleep, as stored."""

    id: int
    text: str
    key: str
    state: str  # one of FACT_STATES
    # Messages the fact was extracted from, when the store knows them; curation uses them
    # to tell a re-extraction of the same message from a user restating a forgotten fact.
    source_message_ids: tuple[int, ...] = ()
