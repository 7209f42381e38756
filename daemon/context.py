"""What the model sees for a chat turn: system prompt, rolling summary, recent turns.

A conversation that already has stored messages is rebuilt from the store: the system
prompt, the rolling summary (if any) and the stored turns after the summary point, then
the new user message. A conversation with nothing stored yet uses the request's own
messages. The system prompt is the one training uses (``resolve_system_prompt``:
``prompts/system.txt``, or none for the embedded model, whose chat template brings its
own) followed by any system message the client sent.

When that would not leave ``max_tokens`` free in ``settings.context_tokens``, the oldest
turns are folded into the rolling summary (:func:`fold`), down to
:data:`FOLD_TARGET` of the budget so a long chat does not re-summarize on every turn.
The summary is stored with ``store.set_summary(conv, text, upto_message_id)`` and shown
to the model as "Summary of the earlier conversation: ...". Nothing else ever clears
it: a sleep cycle leaves conversations alone, so recall survives the night.

The default summarizer is deterministic and extractive (:func:`extractive_summary`):
a 135M model cannot summarize by prompting. With a capable model
(``uses_model_extraction(settings)``) ``prompts/summary.txt`` asks the model instead.

Used by the chat route and by ``sleepllm chat`` offline (:func:`prepare_turn`,
:func:`finish_turn`). Tested in ``tests/daemon/test_context.py`` with a fake token counter.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from memory_store import MemoryStore, Message
from prompts import load_prompt

from .settings import Settings, resolve_system_prompt, uses_model_extraction
from .sleep.remember import remember_message
from .wake import WakeBlock, make_wake_block, with_wake_block

log = logging.getLogger(__name__)

SUMMARY_PREFIX = "Summary of the earlier conversation: "
SUMMARY_CHARS = 1200
MIN_SUMMARY_CHARS = 100
SUMMARY_SHARE = 0.25
"""Share of the token budget the summary may take (at ~3 characters a token)."""
FOLD_TARGET = 0.6
_USER_HEADER = "The user said (most recent first):"
_TOPICS_HEADER = "The assistant talked about:"
_STATEMENT_CHARS = 300
_TOPIC_WORDS = 8
_MAX_TOPICS = 6
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

Messages = list[dict[str, str]]
TokenCounter = Callable[[Messages], int]


@dataclass(frozen=True)
class Turn:
    role: str
    content: str
    id: int | None = None
    """The stored message id; None for a turn that is not in the store."""


Summarizer = Callable[[str | None, Sequence[Turn], int], str]
"""``(previous summary, turns to fold, max characters) -> new summary``."""


class ContextTooLong(ValueError):
    """Even with every earlier turn folded away, the context does not fit."""

    def __init__(self, tokens: int, budget: int) -> None:
        super().__init__(
            f"the message needs {tokens} tokens of context but only {budget} are available "
            "(context_tokens minus max_tokens); send a shorter message or lower max_tokens")
        self.tokens, self.budget = tokens, budget


# --- the extractive summary --------------------------------------------------------
def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def user_statements(content: str) -> list[str]:
    """Sentences of a user message worth keeping: not questions, more than one word."""
    sentences = (_clip(s, _STATEMENT_CHARS) for s in _SENTENCE_END.split(content))
    return [s for s in sentences if len(s.split()) > 1 and not s.endswith("?")]


def assistant_topic(content: str) -> str:
    first = _SENTENCE_END.split(" ".join(content.split()), maxsplit=1)[0]
    return " ".join(first.split()[:_TOPIC_WORDS]).rstrip(".!?,;:")


def parse_summary(summary: str | None) -> tuple[list[str], list[str]]:
    """The statements and topics of an earlier extractive summary (other text: one item)."""
    if not summary:
        return [], []
    if not summary.startswith(_USER_HEADER) and not summary.startswith(_TOPICS_HEADER):
        return [_clip(summary, _STATEMENT_CHARS)], []
    statements, topics = [], []
    for line in summary.splitlines():
        if line.startswith("- "):
            statements.append(line[2:])
        elif line.startswith(_TOPICS_HEADER):
            listed = line[len(_TOPICS_HEADER):].strip().removesuffix(".")
            topics = [t.strip() for t in listed.split(";") if t.strip()]
    return statements, topics


def _unique(items: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def extractive_summary(previous: str | None, turns: Sequence[Turn],
                       max_chars: int = SUMMARY_CHARS) -> str:
    """Keep the user's statements (newest first, within ``max_chars``) and assistant topics.

    Merges ``previous`` (a summary made by this function) with ``turns``; the oldest
    statements are the ones dropped when the budget runs out.
    """
    old_statements, old_topics = parse_summary(previous)
    new_statements = [s for t in reversed(turns) if t.role == "user"
                      for s in user_statements(t.content)]
    new_topics = [assistant_topic(t.content) for t in reversed(turns) if t.role == "assistant"]
    topics = [t for t in _unique(new_topics + old_topics) if t][:_MAX_TOPICS]
    # The user's own words matter more than the replies: topics get a quarter at most.
    while topics and len(_TOPICS_HEADER) + sum(len(t) + 2 for t in topics) > max_chars // 4:
        topics.pop()
    topic_line = f"{_TOPICS_HEADER} {'; '.join(topics)}." if topics else ""
    lines = [_USER_HEADER]
    used = len(_USER_HEADER) + len(topic_line) + 1
    for statement in _unique(new_statements + old_statements):
        if used + len(statement) + 3 > max_chars:
            break
        lines.append(f"- {statement}")
        used += len(statement) + 3
    if len(lines) == 1:
        lines = []
    return "\n".join([*lines, topic_line]).strip()


def model_summarizer(complete: Callable[[Messages], str]) -> Summarizer:
    """Summarize by prompting the model with ``prompts/summary.txt`` (capable models only)."""

    def summarize(previous: str | None, turns: Sequence[Turn], max_chars: int) -> str:
        transcript = "\n".join(f"{t.role}: {' '.join(t.content.split())}" for t in turns)
        prompt = load_prompt("summary", previous=previous or "(none)", conversation=transcript)
        text = complete([{"role": "user", "content": prompt}]).strip()
        # An empty answer would lose what the folded turns said; keep the extract instead.
        return _clip(text, max_chars) if text else extractive_summary(previous, turns, max_chars)

    return summarize


# --- folding ------------------------------------------------------------------------
def render(system: str | None, summary: str | None, turns: Sequence[Turn]) -> Messages:
    """Chat messages: one leading system message (prompt + summary), then the turns.

    The summary shares the system message because some chat templates reject a
    second system message.
    """
    parts = [p for p in (system, f"{SUMMARY_PREFIX}{summary}" if summary else None) if p]
    head = [{"role": "system", "content": "\n\n".join(parts)}] if parts else []
    return head + [{"role": t.role, "content": t.content} for t in turns]


@dataclass(frozen=True)
class Folded:
    messages: Messages
    summary: str | None
    summary_upto: int | None
    """Id of the last stored message the summary covers (None: nothing stored folded)."""
    changed: bool
    tokens: int


def _exchange_ends(turns: Sequence[Turn]) -> list[int]:
    """Cut points that fold whole exchanges (a user turn and the replies after it)."""
    return [i for i in range(1, len(turns)) if turns[i].role == "user"]


def summary_chars(budget: int) -> int:
    """Characters the summary may use for a context of ``budget`` tokens."""
    return max(MIN_SUMMARY_CHARS, min(SUMMARY_CHARS, int(budget * SUMMARY_SHARE * 3)))


@dataclass(frozen=True)
class _Cut:
    at: int
    summary: str
    messages: Messages
    tokens: int


def _best_cut(system: str | None, summary: str | None, turns: Sequence[Turn],
              count_tokens: TokenCounter, budget: int, target: float,
              summarize: Summarizer, chars: int) -> tuple[_Cut | None, int | None]:
    """The fewest folded exchanges that get under ``target``, else the most that fit."""
    best, tokens = None, None
    for cut in _exchange_ends(turns):
        new_summary = summarize(summary, turns[:cut], chars)
        messages = render(system, new_summary, turns[cut:])
        tokens = count_tokens(messages)
        if tokens <= budget:
            best = _Cut(cut, new_summary, messages, tokens)
            if tokens <= budget * target:
                break
    return best, tokens


def fold(system: str | None, summary: str | None, summary_upto: int | None,
         turns: Sequence[Turn], count_tokens: TokenCounter, budget: int,
         summarize: Summarizer = extractive_summary, refine: Summarizer | None = None,
         target: float = FOLD_TARGET) -> Folded:
    """Fit ``system + summary + turns`` into ``budget`` tokens by folding the oldest turns.

    The last turn (the new user message) is never folded. Cut points are chosen with the
    cheap ``summarize``; ``refine`` (e.g. the model) then rewrites the chosen summary
    once, and is dropped if its text no longer fits. Raises :class:`ContextTooLong`.
    """
    messages = render(system, summary, turns)
    tokens = count_tokens(messages)
    if tokens <= budget:
        return Folded(messages, summary, summary_upto, False, tokens)
    chars = summary_chars(budget)
    best, least = _best_cut(system, summary, turns, count_tokens, budget, target, summarize,
                            chars)
    while best is None and least is not None and chars > MIN_SUMMARY_CHARS:
        # Even folding everything overflows: a shorter summary beats refusing the message.
        chars = max(MIN_SUMMARY_CHARS, chars // 2)
        best, least = _best_cut(system, summary, turns, count_tokens, budget, target,
                                summarize, chars)
    if best is None:
        raise ContextTooLong(least if least is not None else tokens, budget)
    if refine is not None:
        refined = refine(summary, turns[:best.at], chars)
        refined_messages = render(system, refined, turns[best.at:])
        refined_tokens = count_tokens(refined_messages)
        if refined_tokens <= budget:
            best = _Cut(best.at, refined, refined_messages, refined_tokens)
    stored = [t.id for t in turns[:best.at] if t.id is not None]
    upto = stored[-1] if stored else summary_upto
    return Folded(best.messages, best.summary, upto, True, best.tokens)


# --- a chat turn against the store --------------------------------------------------
@dataclass(frozen=True)
class ContextPlan:
    conversation_id: str | None
    user_text: str
    folded: Folded
    from_store: bool
    wake: WakeBlock = WakeBlock()

    @property
    def messages(self) -> Messages:
        """What the model sees: the folded context with the wake memory in it."""
        return with_wake_block(self.folded.messages, self.wake)


def plan_context(store: MemoryStore, settings: Settings, count_tokens: TokenCounter,
                 request: Messages, conversation_id: str | None, max_tokens: int,
                 refine: Summarizer | None = None, memory: bool = True,
                 from_request: bool = False) -> ContextPlan:
    """Decide the context for ``request`` (plain-text messages, last one the user's).

    Reads the store only: nothing is written, so a request refused here (e.g.
    :class:`ContextTooLong`) leaves no trace. ``memory=False`` leaves the wake memory
    out (an evaluation of the weights alone). ``from_request`` takes the turns from the
    request even when the conversation is stored: the store keeps only what the user and
    the assistant said, not tool calls and their results.
    """
    user_text = request[-1]["content"]
    # The same system prompt as the training examples (recall depends on it), then the
    # client's own system message(s).
    system_parts = [resolve_system_prompt(settings)]
    system_parts += [m["content"] for m in request if m["role"] == "system"]
    system = "\n\n".join(p for p in system_parts if p) or None
    conv = store.get_conversation(conversation_id) if conversation_id else None
    stored = store.conversation_messages(conv.id, after_id=conv.summary_upto) \
        if conv is not None else []
    from_store = not from_request and conv is not None and bool(conv.summary or stored)
    if from_store:
        assert conv is not None
        summary, upto = conv.summary, conv.summary_upto
        turns = [Turn(m.role, m.content, m.id) for m in stored if m.role != "system"]
        turns.append(Turn("user", user_text))
    else:
        summary, upto = None, None
        turns = [Turn(m["role"], m["content"]) for m in request if m["role"] != "system"]
    wake = make_wake_block(store, settings, text_counter(count_tokens), user_text) \
        if memory else WakeBlock()
    budget = settings.context_tokens - max_tokens - wake.tokens
    folded = fold(system, summary, upto, turns, count_tokens, budget, refine=refine)
    return ContextPlan(conversation_id, user_text, folded, from_store, wake)


def text_counter(count_tokens: TokenCounter) -> Callable[[str], int]:
    """Tokens one more message of ``text`` adds to a context (its template included)."""
    empty = count_tokens([{"role": "assistant", "content": ""}])
    return lambda text: max(1, count_tokens([{"role": "assistant", "content": text}]) - empty)


@dataclass(frozen=True)
class PreparedTurn:
    conversation_id: str
    user_message_id: int | None
    """None for a continuation (tool results): no user message was stored."""
    messages: Messages
    source: str
    summary_changed: bool
    wake_facts: int = 0  # facts of the wake memory in ``messages``


def prepare_turn(store: MemoryStore, settings: Settings, count_tokens: TokenCounter,
                 request: Messages, conversation_id: str | None, max_tokens: int,
                 source: str = "chat", refine: Summarizer | None = None,
                 sent_at: datetime | None = None, memory: bool = True,
                 from_request: bool = False, store_user: bool = True) -> PreparedTurn:
    """Plan the context, then store the user message (committed before generation) and,
    for a chat message, remember its facts at once (every later context shows them).

    ``sent_at`` is when the user wrote it (an imported chat); None means now.
    ``store_user=False``: the last message is not the user's own words (the results of
    tool calls a client sends back): nothing is stored or remembered for it.
    """
    plan = plan_context(store, settings, count_tokens, request, conversation_id, max_tokens,
                        refine, memory, from_request)
    conv = store.ensure_conversation(conversation_id)
    if not store_user:
        return PreparedTurn(conv, None, plan.messages, source, False, len(plan.wake.facts))
    message = store.add_message(conv, "user", plan.user_text, source, created_at=sent_at)
    folded = plan.folded
    # Only a summary that covers stored messages is kept; one made from a client's own
    # history lives in this request's context alone.
    persist = folded.changed and folded.summary and folded.summary_upto is not None
    if persist:
        assert folded.summary is not None and folded.summary_upto is not None
        store.set_summary(conv, folded.summary, folded.summary_upto)
    if source == "chat":
        _remember(store, settings, message)
    return PreparedTurn(conv, message.id, plan.messages, source, bool(persist),
                        len(plan.wake.facts))


def _remember(store: MemoryStore, settings: Settings, message: Message) -> None:
    # The message is stored and the sleep reads it whatever happens here: a failure to
    # remember it now must not fail the chat.
    try:
        remember_message(store, settings, message)
    except Exception:
        log.exception("could not remember message %d now; the next sleep will", message.id)


def finish_turn(store: MemoryStore, conversation_id: str, reply: str, source: str) -> None:
    """Store the assistant's reply (or the part generated before the client left)."""
    if reply:
        store.add_message(conversation_id, "assistant", reply, source)


def make_refiner(settings: Settings,
                 complete: Callable[[Messages], str]) -> Summarizer | None:
    """The model summarizer when the model is capable, else None (extractive only)."""
    return model_summarizer(complete) if uses_model_extraction(settings) else None
