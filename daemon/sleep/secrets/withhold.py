"""Messages with secrets -> copies the extractor may read, and the facts withheld.

    from daemon.sleep.secrets.withhold import withhold_secrets
    redacted, withheld = withhold_secrets([SourceMessage(7, "my pin is 4821, I live in Leeds")])
    redacted[0].content    # "I live in Leeds": the secret and its clause gone
    withheld[0].text       # "Your PIN or access code: ****"

Each secret is replaced by :data:`~daemon.sleep.types.WITHHELD_MARK` before extraction,
so the extractor (rules or a model) never sees it and every fact that would carry it is
dropped, while the rest of the message ("I live in Leeds") is learned as usual. The
clause the secret sits in goes too, as the parser finds it: what is left of it is no
fact but can read as one ("My bank PIN is ..." read as a bank named PIN). In its
place the memory keeps a withheld fact: what kind of secret was said, masked, and from
which message, so the user can see it was heard and not learned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..extract.nlp import load_parser
from ..types import WITHHELD_MARK, SourceMessage
from .detect import find_secrets
from .kinds import SECRET_KINDS, Secret, mask


@dataclass(frozen=True)
class WithheldFact:
    """A secret the user said, as the memory shows it: never its value."""

    message_id: int
    kind: str
    shown: str  # the masked value, "**** 1111"

    @property
    def text(self) -> str:
        return f"Your {SECRET_KINDS[self.kind]}: {self.shown}"

    @property
    def key(self) -> str:
        return f"you|withheld:{self.kind}"

    @property
    def reason(self) -> str:
        return f"withheld: {SECRET_KINDS[self.kind]}"


def _replaced(text: str, secrets: Iterable[Secret], by: Callable[[Secret], str]) -> str:
    for s in sorted(secrets, key=lambda s: s.start, reverse=True):
        text = text[:s.start] + by(s) + text[s.end:]
    return text


def redact(text: str, secrets: Iterable[Secret]) -> str:
    """``text`` with each of ``secrets`` replaced by the mark."""
    return _replaced(text, secrets, lambda _: WITHHELD_MARK)


_CLAUSE_DEPS = frozenset("ROOT conj ccomp advcl parataxis relcl xcomp".split())
_SUBJECTS = frozenset("nsubj nsubjpass expl".split())
# Joints a dropped clause leaves at either end: ", and ..." / "... and".
_EDGES = re.compile(r"^[\s,;:]*(?:(?:and|but|or)\b)?[\s,;:]*"
                    r"|[\s,;:]*(?:\b(?:and|but|or))?[\s,;:]*$", re.IGNORECASE)


def _clause_of(token: Token) -> Token:
    """The verb heading the clause ``token`` is in."""
    while token.dep_ not in _CLAUSE_DEPS or token.pos_ not in ("VERB", "AUX"):
        if token.head.i == token.i:
            break
        token = token.head
    return token


def _own_clause(token: Token) -> bool:
    """Whether ``token`` heads a clause with its own subject ("..., I live in Leeds")."""
    return token.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in token.children)


def without_secret_clauses(text: str) -> str:
    """``text`` (secrets already replaced by the mark) less each clause holding the mark,
    keeping the clauses joined to it that have a subject of their own."""
    doc = load_parser()(text)
    gone: set[int] = set()
    for token in doc:
        if WITHHELD_MARK in token.lower_:
            head = _clause_of(token)
            kept = {t.i for c in head.children if c.dep_ == "cc"
                    or (_own_clause(c) and not c.left_edge.i <= token.i <= c.right_edge.i)
                    for t in c.subtree}
            gone |= {t.i for t in head.subtree} - kept
    if not gone:
        return text
    parts: list[str] = []
    for token in doc:
        if token.i in gone:
            if parts and not parts[-1].endswith(" "):
                parts.append(" ")
            continue
        parts.append(token.text_with_ws)
    return re.sub(r"\s{2,}", " ", _EDGES.sub("", "".join(parts)))


def withhold_secrets(messages: list[SourceMessage], kinds: Iterable[str] = tuple(SECRET_KINDS),
                     ) -> tuple[list[SourceMessage], list[WithheldFact]]:
    """Messages with the secrets of ``kinds`` replaced, and one withheld fact per secret."""
    wanted = set(kinds)
    out, withheld = [], []
    for message in messages:
        secrets = [s for s in find_secrets(message.content) if s.kind in wanted]
        if not secrets:
            out.append(message)
            continue
        out.append(replace(message, content=without_secret_clauses(
            redact(message.content, secrets))))
        withheld += [WithheldFact(message.id, s.kind, mask(s)) for s in secrets]
    return out, withheld


def masked_text(text: str, kinds: Iterable[str] = tuple(SECRET_KINDS)) -> tuple[str, list[Secret]]:
    """``text`` with its secrets of ``kinds`` masked ("**** 1111"), and the secrets found."""
    secrets = [s for s in find_secrets(text) if s.kind in set(kinds)]
    return _replaced(text, secrets, mask), secrets
