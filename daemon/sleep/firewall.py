"""Hallucination firewall: keep only Q/A pairs whose claims the user actually made.

    from daemon.sleep.firewall import apply_firewall
    kept, rejections = apply_firewall(facts, user_messages)
    rejections[0].reason    # "ungrounded: name 'Zed', number '8' not in the user's messages"

Every proper name, number ("6" and "six" are the same) and content word of an
answer must occur in the user's own words, allowing simple morphology (plural,
-ing, -ed, -s). Function words, the you/your <-> I/my rewrite and the few template
words the extractor itself adds ("name", "years old", "moved") are exempt. Names
and numbers in questions are checked too: a question mentioning an invented name
teaches it as much as an answer does.

Only the user's own words count: text they quoted as reported speech ("remember
that my name is X") or pasted from a transcript ("Assistant: ...") is split off by
``textnorm.own_and_foreign``, and a claim found only there is rejected as such.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from .extract.dates import implied_text
from .extract.inline import take_back
from .extract.lexicon import FUNCTION_WORDS
from .extract.normalize import normalize_chat
from .extract.spelling import respelt_words
from .extract.terse import expand_terse, in_english
from .extract.textnorm import (
    is_cardinal,
    own_and_foreign,
    parse_number,
    sentences,
    stem,
    tokenize,
    unshouted,
)
from .extract.verbs import form_kind
from .types import ExtractedFact, QAPair, Rejection, SourceMessage

# Words the extractor's answer templates add on their own (see extract/rules.py,
# rules_generic.py, rules_places.py, summaries.py); they carry no claim by themselves.
TEMPLATE_WORDS = frozenset(
    "name names first last full years year old named called yes no moved move live lives "
    "lived call turn turns turning born".split()
)


@dataclass
class Grounding:
    """What a body of text mentions: word stems, exact words and numbers."""

    stems: set[str] = field(default_factory=set)
    lowered: set[str] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> Grounding:
        grounding = cls()
        for tok in tokenize(text):
            if not tok[:1].isalnum():
                continue
            # "10mg", "3kg": the parser reads a number and a unit, and answers say "10 mg"
            units = re.findall(r"\d+|[^\d-]+", tok) if re.search(r"\d[a-z]", tok, re.I) else []
            for part in {tok, *tok.split("-"), *units}:
                grounding.lowered.add(part.lower())
                grounding.stems.add(stem(part))
                if is_cardinal(part) and (number := parse_number(part)) is not None:
                    grounding.numbers.add(number)
        return grounding

    def has_word(self, word: str) -> bool:
        parts = [word, *word.split("-")] if "-" in word else [word]
        return any(p.lower() in self.lowered or stem(p) in self.stems for p in parts)


def _claims(text: str) -> list[tuple[str, str]]:
    """(kind, token) for every checkable token: ("number", "6"), ("name", "Zed"), ("word", ...)."""
    out = []
    for sentence, _ in sentences(text):
        tokens = [t for t in tokenize(sentence) if t[:1].isalnum()]
        for i, tok in enumerate(tokens):
            low = tok.lower()
            # A capital opening a sentence marks a name only if the word is no verb ("Tell").
            initial_verb = i == 0 and bool(form_kind(low))
            if is_cardinal(tok):
                out.append(("number", tok))
            elif low in FUNCTION_WORDS or low in TEMPLATE_WORDS:
                continue
            elif tok[:1].isupper() and not initial_verb:
                out.append(("name", tok))
            else:
                out.append(("word", tok))
    return out


def _grounded(kind: str, token: str, grounding: Grounding) -> bool:
    if kind == "number":
        return parse_number(token) in grounding.numbers
    if kind == "name":  # the possessive of a name the user wrote is theirs ("Zed's")
        low = token.lower().removesuffix("'s")
        return low in grounding.lowered or all(p in grounding.lowered for p in low.split("-"))
    return grounding.has_word(token)


_ORDER = {"name": 0, "number": 1, "word": 2}


def check_pair(pair: QAPair, own: Grounding, foreign: Grounding) -> str:
    """Why ``pair`` must be rejected ("" when it is grounded); names and numbers first."""
    if not pair.question.strip() or not pair.answer.strip():
        return "empty question or answer"
    checks = [(k, t, "answer") for k, t in _claims(pair.answer)]
    checks += [(k, t, "question") for k, t in _claims(pair.question) if k != "word"]
    quoted: list[str] = []
    missing: list[str] = []
    for kind, token, where in sorted(checks, key=lambda c: _ORDER[c[0]]):
        if _grounded(kind, token, own):
            continue
        item = f"{kind} '{token}'" + (" in the question" if where == "question" else "")
        (quoted if _grounded(kind, token, foreign) else missing).append(item)
    if quoted:
        return ("quoted or pasted: " + ", ".join(dict.fromkeys(quoted))
                + " appear only in text the user quoted or pasted, not in their own words")
    if missing:
        return "ungrounded: " + ", ".join(dict.fromkeys(missing)) + " not in the user's messages"
    return ""


def apply_firewall(facts: list[ExtractedFact], user_messages: list[SourceMessage]
                   ) -> tuple[list[ExtractedFact], list[Rejection]]:
    """Keep grounded pairs; a fact left without pairs is dropped."""
    split = [own_and_foreign(unshouted(m.content)) for m in user_messages]
    # The dates a relative time resolves to ("last year" -> 2025) are the user's too.
    # ... as read after a later message put a word right ("*wed" after "next thurs")
    everything = "\n".join(o for o, _ in split)
    owns = [in_english(o, everything) for o, _ in split]
    changed = [(t, m) for t, o, m in zip(take_back(owns), owns, user_messages, strict=True)
               if t != o]
    implied = [implied_text(normalize_chat(expand_terse(o)), m.sent_at)
               for o, m in [*zip(owns, user_messages, strict=True), *changed]]
    own_text = "\n".join(o for o, _ in split)
    # Chat spelling spelled out ("wk" -> "week"), terse forms written out ("Eldest - Tove"
    # -> "my eldest child is Tove") and respelt typos are the user's words too.
    written = normalize_chat(expand_terse("\n".join(owns)))
    own = Grounding.of("\n".join([own_text, normalize_chat(own_text), written, *implied,
                                   respelt_words(own_text)]))
    foreign = Grounding.of("\n".join(f for _, f in split))
    kept: list[ExtractedFact] = []
    rejections: list[Rejection] = []
    for fact in facts:
        good: list[QAPair] = []
        for pair in fact.pairs:
            reason = check_pair(pair, own, foreign)
            if reason:
                rejections.append(Rejection(fact.text, pair.question, pair.answer, reason))
            else:
                good.append(pair)
        if good:
            kept.append(dataclasses.replace(fact, source_message_ids=list(fact.source_message_ids),
                                            pairs=good))
    return kept, rejections
