"""The kinds of secret the memory withholds, and how a withheld value is shown.

    from daemon.sleep.secrets.kinds import Secret, mask
    mask(Secret("payment_card", 0, 19, "4111 1111 1111 1111"))   # "**** 1111"
"""

from __future__ import annotations

from dataclasses import dataclass

# kind -> the reason a withheld fact shows ("withheld: payment card number").
SECRET_KINDS: dict[str, str] = {
    "password": "password",
    "pin": "PIN or access code",
    "payment_card": "payment card number",
    "api_key": "API key, token or private key",
    "bank_account": "bank account number",
    "government_id": "government identity number",
}
# Digits as a PIN may be spelt out ("four eight two one", "oh" for zero).
DIGIT_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine".split())} | {"oh": "0"}
# Long account-like numbers keep their last four characters, as a bank statement does;
# a short password or PIN would be half given away by them.
_SHOWS_TAIL = frozenset({"payment_card", "bank_account", "government_id"})


@dataclass(frozen=True)
class Secret:
    """A secret found in a message: its kind and where it is (``text[start:end]``)."""

    kind: str  # a key of SECRET_KINDS
    start: int
    end: int
    text: str  # the secret itself; never logged, stored only in the user's own message

    @property
    def reason(self) -> str:
        return SECRET_KINDS[self.kind]


def mask(secret: Secret) -> str:
    """How a withheld value is shown: ``**** 1111`` for a card, ``****`` for a password."""
    if secret.kind in _SHOWS_TAIL:
        tail = "".join(c for c in secret.text if c.isalnum())[-4:]
        if len(tail) == 4 and len(secret.text) >= 8:
            return f"**** {tail}"
    return "****"
