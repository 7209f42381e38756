"""Messages with secrets -> copies the extractor may read, and the facts withheld.

    from daemon.sleep.secrets.withhold import withhold_secrets
    redacted, withheld = withhold_secrets([SourceMessage(7, "my pin is 4821, I live in Leeds")])
    redacted[0].content    # "my pin is secretvalue, I live in Leeds"
    withheld[0].text       # "Your PIN or access code: ****"

Each secret is replaced by :data:`~daemon.sleep.types.WITHHELD_MARK` before extraction,
so the extractor (rules or a model) never sees it and every fact that would carry it is
dropped, while the rest of the message ("I live in Leeds") is learned as usual. In its
place the memory keeps a withheld fact: what kind of secret was said, masked, and from
which message, so the user can see it was heard and not learned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

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
        out.append(replace(message, content=redact(message.content, secrets)))
        withheld += [WithheldFact(message.id, s.kind, mask(s)) for s in secrets]
    return out, withheld


def masked_text(text: str, kinds: Iterable[str] = tuple(SECRET_KINDS)) -> tuple[str, list[Secret]]:
    """``text`` with its secrets of ``kinds`` masked ("**** 1111"), and the secrets found."""
    secrets = [s for s in find_secrets(text) if s.kind in set(kinds)]
    return _replaced(text, secrets, mask), secrets
