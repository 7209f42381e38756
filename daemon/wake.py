"""The wake memory: what the user told the assistant that its weights do not hold yet.

    from daemon.wake import make_wake_block, with_wake_block
    block = make_wake_block(store, settings, count_text, "Where does my sister live?")
    messages = with_wake_block(messages, block)

Facts are stored the moment a message arrives (``daemon.sleep.remember``); until a sleep
has trained them and the new weights answer them with no prompt ("graduated", see
``daemon.sleep.graduate``), every chat context, in every conversation, carries them, in
the second person the training pairs use. The block is never stored and never trained on.
Two places for it (``wake_style``), neither a system message: the embedded model answers
general questions worse under any system prompt but its template's own.

* ``inline`` (the embedded model's default): the one fact that best matches the message,
  put in the user's turn as "Context: <fact>" above it. On the seed persona, block-only
  recall in a fresh conversation was 0.73 with one fact inline, 0.33 with two, and
  0.27-0.47 with one to three facts in an earlier exchange: a 135M model answers from
  the fact next to the question and copies a neighbouring fact when there are several.
  Only a message that speaks of the user ("my", "I") or names what the fact names gets
  one. No fact matches, or the best match is graduated (the weights answer it): nothing is
  shown, since a fact beside a question it does not answer is what the small model
  repeats.
* ``exchange`` (larger models): an earlier exchange in which the user asked "What do you
  remember about me?" and the assistant answered with the facts, relevant first, then,
  when the message speaks of the user ("my", "I"), the most recent ones not yet
  trained, within the token budget (``wake_tokens``).

Relevance is SQLite's FTS5 ranking over each fact's text and its training questions,
queried with the message's content words (nouns, names, verbs, adjectives, numbers, as
the parser tags them: "What is my name?" keeps "name", which a stop-word list drops) and
the message as a whole phrase (a fact trained on that very question comes first, though
"living" in it stems like "live").
A general question gets no unrelated facts (with three of them the embedded model's
general benchmark fell 1.00 -> 0.83). A fact already trained but not graduated is shown
only when it matches the message: the weights may answer it. A forgotten, superseded or
withheld fact is never shown; a graduated one has left.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from memory_store import Fact, MemoryStore

from .settings import Settings, wake_budget, wake_style
from .sleep.extract.nlp import parse_text
from .sleep.extract.summaries import is_derived

WAKE_QUESTION = "What do you remember about me?"
INLINE_LABELS = ("Context: ", "Question: ")
# Facts shown: told and not yet trained, or trained but not yet answered without a prompt.
WAKE_STATES = ("pending", "learned")
# Relevance is looked up among this many best matches before filling with recent facts.
SEARCH_LIMIT = 50
_CONTENT_POS = frozenset("NOUN PROPN VERB ADJ NUM ADV".split())
_WH_TAGS = frozenset("WDT WP WP$ WRB".split())
# Verbs of asking about memory itself ("do you remember", "tell me"): in every question.
_LIGHT_VERBS = frozenset("be have do get tell know remember think say ask".split())
_WORD = re.compile(r"[^\W_]+(?:'[a-z]+)?")
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "me", "my", "mine", "myself", "im"})

Messages = list[dict[str, str]]
Style = Literal["inline", "exchange"]


@dataclass(frozen=True)
class WakeBlock:
    """The facts chosen for one chat turn, where they go, and their size in tokens."""

    facts: tuple[Fact, ...] = ()
    tokens: int = 0
    style: Style = "exchange"

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.facts)


def content_words(text: str) -> list[str]:
    """The words of ``text`` that say what it is about, for the full-text query."""
    doc = parse_text(text)
    if doc is None:
        return []
    return [t.text for t in doc if t.pos_ in _CONTENT_POS and t.tag_ not in _WH_TAGS
            and t.lemma_.lower() not in _LIGHT_VERBS]


def make_wake_block(store: MemoryStore, settings: Settings, count_text: Callable[[str], int],
                    user_text: str) -> WakeBlock:
    """The facts to show with ``user_text`` (see the module docstring for the choice)."""
    budget, style = wake_budget(settings), wake_style(settings)
    if budget <= 0:
        return WakeBlock(style=style)
    shown = [f for f in store.list_facts(WAKE_STATES) if not is_derived(f.key or "")]
    if not shown:
        return WakeBlock(style=style)
    allowed = {f.id for f in shown}
    # Graduated facts are searched too: when the best match is one the weights already
    # answer, the next best is no help and only distracts a small model.
    hits = store.search_facts(" ".join(content_words(user_text)), (*WAKE_STATES, "graduated"),
                              SEARCH_LIMIT, phrase=user_text)
    if style == "inline":
        best = hits[0] if hits and hits[0].id in allowed else None
        order = [best] if best is not None and (
            _about_the_user(user_text) or _names_in_both(best.text, user_text)) else []
        used = count_text(INLINE_LABELS[0] + INLINE_LABELS[1])
    else:
        relevant = [f for f in hits if f.id in allowed]
        recent = sorted((f for f in shown if f not in relevant and f.state == "pending"),
                        key=lambda f: f.id, reverse=True) if _about_the_user(user_text) else []
        order = relevant + recent
        used = count_text(WAKE_QUESTION)
    chosen: list[Fact] = []
    for fact in order:  # best first; the first that does not fit ends the block, so a
        cost = count_text(fact.text) + 1  # turn tokenizes a few facts, not all of them
        if used + cost > budget:
            break
        chosen.append(fact)
        used += cost
    return WakeBlock(tuple(chosen), used if chosen else 0, style)


def _about_the_user(text: str) -> bool:
    """Whether the message speaks of the user ("my", "I", "me"): only then do facts that
    share no word with it come along. General questions get no unrelated facts."""
    return any(w.lower() in _FIRST_PERSON for w in _WORD.findall(text))


def _names_in_both(fact_text: str, user_text: str) -> bool:
    """Whether the message names someone or something the fact names ("Tell me about
    Zuzu"): a question that neither speaks of the user nor names what they told is a
    general one, and a fact beside it costs the small model general answers (benchmark
    0.78 of the base with one beside every question, 1.00 as served)."""
    names = {w.lower() for w in _WORD.findall(fact_text)[1:] if w[:1].isupper()}
    return any(w.lower() in names for w in _WORD.findall(user_text))


def with_wake_block(messages: Messages, block: WakeBlock) -> Messages:
    """``messages`` as the model sees them with ``block``: inline, the last user turn
    rewritten; as an exchange, two turns after the leading system message, if any."""
    if not block.facts:
        return messages
    if block.style == "inline":
        last = len(messages) - 1
        if last < 0 or messages[last]["role"] != "user":
            return messages
        context, question = INLINE_LABELS
        turn = {**messages[last],
                "content": f"{context}{block.text}\n{question}{messages[last]['content']}"}
        return messages[:last] + [turn]
    extra = [{"role": "user", "content": WAKE_QUESTION},
             {"role": "assistant", "content": block.text}]
    at = 1 if messages and messages[0]["role"] == "system" else 0
    return messages[:at] + extra + messages[at:]

