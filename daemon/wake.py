"""The wake memory: what the user told the assistant that its weights do not hold yet.

    from daemon.wake import make_wake_block, with_wake_block
    block = make_wake_block(store, settings, count_text, "Where does my sister live?")
    messages = with_wake_block(messages, block)

Facts are stored the moment a message arrives (``daemon.sleep.remember``); until a sleep
has trained them and the new weights answer them with no prompt ("graduated", see
``daemon.sleep.graduate``), every chat context, in every conversation, carries them: as a
short earlier exchange in which the user asked "What do you remember about me?" and the
assistant answered with the facts, in the second person the training pairs use. An
exchange, not a system message: the embedded model answers general questions worse
under any system prompt but its template's own, and answered facts from the exchange
twice as often (block-only recall on the seed persona, 3 facts: 0.67 exchange, 0.33
system prompt). The block is never stored and never trained on.

The block has a token budget (``wake_tokens``): facts sharing content words with the new
message come first (SQLite's FTS5 ranking; stop words are left out of the query, or
"what is the" would match every fact), then, when the message speaks of the user ("my",
"I"), the most recent facts not yet trained. A general question gets no unrelated
facts: with three of them the embedded model's general benchmark fell 1.00 -> 0.83. A fact
already trained but not graduated is shown only when it shares words with the message:
the weights may answer it, and an unrelated fact in the context is what the small model
copies instead (after a seed-persona sleep, recall with the block filled by recency fell
from 0.87 to 0.67). A forgotten, superseded or withheld fact is never shown; a graduated
one has left. A small model answers best from few facts, so the embedded model's budget
holds about three.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from memory_store import Fact, MemoryStore

from .settings import Settings, wake_budget
from .sleep.extract.summaries import is_derived

WAKE_QUESTION = "What do you remember about me?"
# Facts shown: told and not yet trained, or trained but not yet answered without a prompt.
WAKE_STATES = ("pending", "learned")
# Relevance is looked up among this many best matches before filling with recent facts.
SEARCH_LIMIT = 50
_WORD = re.compile(r"[^\W_]+(?:'[a-z]+)?")
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "me", "my", "mine", "myself", "im"})

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class WakeBlock:
    """The facts chosen for one chat turn, and their size in tokens."""

    facts: tuple[Fact, ...] = ()
    tokens: int = 0

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.facts)

    def messages(self) -> Messages:
        if not self.facts:
            return []
        return [{"role": "user", "content": WAKE_QUESTION},
                {"role": "assistant", "content": self.text}]


def make_wake_block(store: MemoryStore, settings: Settings, count_text: Callable[[str], int],
                    user_text: str) -> WakeBlock:
    """The facts to show with ``user_text``: relevant first, then recent, within budget."""
    budget = wake_budget(settings)
    if budget <= 0:
        return WakeBlock()
    shown = [f for f in store.list_facts(WAKE_STATES) if not is_derived(f.key or "")]
    if not shown:
        return WakeBlock()
    allowed = {f.id for f in shown}
    words = [w for w in _WORD.findall(user_text) if w.lower() not in STOP_WORDS]
    relevant = [f for f in store.search_facts(" ".join(words), WAKE_STATES, SEARCH_LIMIT)
                if f.id in allowed]
    recent = sorted((f for f in shown if f not in relevant and f.state == "pending"),
                    key=lambda f: f.id, reverse=True) if _about_the_user(user_text) else []
    order = relevant + recent
    chosen: list[Fact] = []
    used = count_text(WAKE_QUESTION)
    for fact in order:  # best first; the first that does not fit ends the block, so a
        cost = count_text(fact.text) + 1  # turn tokenizes a few facts, not all of them
        if used + cost > budget:
            break
        chosen.append(fact)
        used += cost
    return WakeBlock(tuple(chosen), used if chosen else 0)


def _about_the_user(text: str) -> bool:
    """Whether the message speaks of the user ("my", "I", "me"): only then do facts that
    share no word with it come along. General questions get no unrelated facts."""
    return any(w.lower() in _FIRST_PERSON for w in _WORD.findall(text))


def with_wake_block(messages: Messages, block: WakeBlock) -> Messages:
    """``messages`` with the block's exchange after the leading system message, if any."""
    extra = block.messages()
    if not extra:
        return messages
    at = 1 if messages and messages[0]["role"] == "system" else 0
    return messages[:at] + extra + messages[at:]
