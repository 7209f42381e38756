"""Secrets the user names as such: "my wifi password is hunter2", "ssn 219-09-9999".

    from daemon.sleep.secrets.stated import stated_secrets
    stated_secrets("remember my alarm PIN is nine nine zero three")   # one "pin" secret

Neither detect-secrets nor presidio finds a plain word called a password, a PIN spelt
out in words, or a passport number in a national format they do not know. A value counts
when it follows a secret's name ("password", "PIN", "account number", "passport no."),
perhaps after a short phrase that starts with a preposition ("password for the shared
drive = ..."), and a link: "is", "=", ":", "-", or "it's" in the next clause ("my PIN?
it's 4821"). A value with a digit in it needs no link ("ssn 219-09-9999"). What follows
must be a value, not a description: "my PIN is the year I was born" withholds nothing,
nor does "my password manager is Bitwarden" (a manager is not a password). A code may
also come first ("1739, that's my SIM PIN"), and a word shaped like a strong password
(upper and lower case, a digit and a symbol: "r0ck3tM@n!") is one wherever it stands.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from detect_secrets.filters.heuristic import is_prefixed_with_dollar_sign, is_templated_secret
from spacy.lang.en.stop_words import STOP_WORDS

from .kinds import DIGIT_WORDS, Secret

# Names of secrets, as word sequences; the last word is the head the match ends on.
_NAMES: dict[tuple[str, ...], str] = {
    **{(w,): "password" for w in ("password", "passwd", "passcode", "passphrase", "pw", "pwd",
                                   # the word in languages chat mixes in most often
                                   "contraseña", "contrasena", "passwort", "senha",
                                   "wachtwoord", "hasło", "haslo", "parola", "salasana")},
    **{(w,): "pin" for w in ("pin", "pincode", "cvv", "cvc", "code", "combination")},
    **{(w,): "api_key" for w in ("token", "apikey", "bearer")},
    **{(a, "key"): "api_key" for a in ("api", "secret", "access", "private")},
    ("client", "secret"): "api_key",
    **{(w,): "bank_account" for w in ("iban", "acct")},
    **{("account", w): "bank_account" for w in ("number", "no", "num", "#")},
    ("routing", "number"): "bank_account",
    **{(w,): "government_id" for w in ("ssn", "nino", "ein", "passport", "licence", "license",
                                        "pesel", "aadhaar", "bsn", "cpr", "dni", "nie", "nif")},
    **{("id", w): "government_id" for w in ("number", "no", "card")},
    ("national", "id"): "government_id",
    ("social", "security"): "government_id",
    **{(a, "number"): "government_id" for a in ("insurance", "ni", "licence", "license")},
    **{("tax", w): "government_id" for w in ("id", "number", "no")},
    **{("card", w): "payment_card" for w in ("number", "no", "num")},
}
# Heads that name a secret only when a digit code follows ("the code is 2580", but
# "the code review is at 3pm"; "passport" alone: "my passport expires in June").
_DIGITS_ONLY = frozenset({"code", "combination", "passport", "card", "licence", "license",
                          "token", "bearer", "apikey", "key", "secret", "id", "no", "number"})
# Words that may follow a name before the link: "passport number", "PIN code".
_QUALIFIERS = frozenset({"number", "no", "num", "#", "code", "id", "details"})
_LINKS = frozenset({"is", "was", "=", ":", "-", "->", "'s", "’s", "are",
                    "es", "ist", "est", "é", "è", "jest", "är", "er"})
_IT_IS = (("it's",), ("its",), ("it", "is"), ("it’s",), ("that's",), ("thats",))
# "2" and "4" are texting's "to" and "for": "pin 2 my bike lock is ...".
_PREPOSITIONS = frozenset({"for", "to", "on", "at", "of", "in", "from", "with", "2", "4"})
# Chat filler between a name and its value: "my pin please: ...", "again? oh wait it's".
_FILLER = frozenset({"please", "pls", "plz", "again", "btw", "now", "oh", "wait", "um", "uh",
                     "ok", "okay", "so", "then", "here", "actually", "just", "hmm"})
_DETERMINERS = frozenset({"my", "the", "our", "his", "her", "their", "your", "a"})
_NUMBER_WORDS = frozenset(DIGIT_WORDS)
# Words that read as a description of a value, not the value ("the same as my email").
_NOT_VALUES = STOP_WORDS | {"same", "different", "secret", "private", "saved", "written",
                            "easy", "hard", "long", "short", "lol", "haha"}
# A further group of a value written in parts: digits, or a capital ("C") ending an ID.
_GROUP = re.compile(r"[0-9][0-9-]{0,5}|[B-HJ-Z]")
# "zip code", "dress code": codes that are not secrets.
_OPEN_CODES = frozenset({"zip", "post", "postal", "area", "country", "dress", "source", "promo",
                         "discount", "voucher", "coupon", "referral", "sort", "qr", "bar",
                         "morse", "airport", "colour", "color", "tax", "error", "exit",
                         "status", "response", "return", "http", "dialling",
                         "dialing", "reference", "tracking", "booking", "order"})
_MAX_GAP = 5  # words of "for the shared drive" between a name and its link


@dataclass(frozen=True)
class _Word:
    text: str  # as written, with punctuation stripped from its ends
    low: str
    start: int
    end: int
    closes: bool  # ends with "?" or "." or ",": a clause boundary follows
    aside: bool = False  # in parentheses: "tax ID (EIN): ..."


def _words(text: str) -> list[_Word]:
    out = []
    for m in re.finditer(r"\S+", text):
        raw = m.group()
        core = raw.strip(".,;:!?()\"'") or raw
        start = m.start() + raw.find(core)
        out.append(_Word(core, core.lower(), start, start + len(core), raw[-1:] in "?.,;!",
                         raw.startswith("(") and raw.rstrip(":,.").endswith(")")))
        # "pin:" and "=" glued to a word count as a link of their own.
        if raw.endswith(":") and len(raw) > 1:
            out.append(_Word(":", ":", m.end() - 1, m.end(), False))
    return out


def _name_at(words: list[_Word], i: int) -> tuple[str, str] | None:
    """(kind, head) when a secret's name ends at word ``i``."""
    for size in (3, 2, 1):
        if i - size + 1 < 0:
            continue
        seq = tuple(_spelt(w.low) for w in words[i - size + 1:i + 1])
        if seq in _NAMES:
            return _NAMES[seq], seq[-1]
    return None


def _spelt(low: str) -> str:
    """A misspelt name read as the name ("pasword"), for words long enough to tell."""
    low = low.rstrip("'s").rstrip("’s") if low.endswith(("'s", "’s")) else low
    if len(low) < 6 or any(low in k for k in _NAMES):
        return low
    close = difflib.get_close_matches(low, ["password", "passcode", "passport"], 1, 0.85)
    return close[0] if close else low


def _spelt_digits(word: str) -> bool:
    """A number spelt in words: "four", or joined by hyphens, "seven-three-one-five"."""
    return all(part in _NUMBER_WORDS for part in word.split("-"))


def _looks_like_code(value: str) -> bool:
    """Digits in it (three characters at least: "pin 2 my lock" has no PIN "2"), or three
    or more number words."""
    words = value.lower().split()
    return bool(re.search(r"\d", value)) and len(re.sub(r"\W", "", value)) >= 3 or (
        all(_spelt_digits(w) for w in words) and sum(len(w.split("-")) for w in words) >= 3)


def password_shaped(word: str) -> bool:
    """Upper and lower case letters, a digit and a symbol, 8 to 40 characters:
    "Tulip#Harbor88". Emails, web addresses, handles and longer blobs (keys, which the
    entropy check weighs) are not."""
    # Joiners ("-", "_", ".") do not count as symbols: "VodafoneHome-7C2" names a network.
    return (8 <= len(word) <= 40 and not re.search(r"\s|=|://|@\w+\.\w|^[@#]|^www\.", word)
            and all(re.search(p, word) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^\w\s.\-]")))


def _value(words: list[_Word], j: int, text: str) -> tuple[int, int] | None:
    """The span of the value starting at word ``j``: a run of digits or number words, or one."""
    if j >= len(words) or words[j].low in _LINKS:
        return None
    spelt = _spelt_digits(words[j].low)
    if words[j].low in _NOT_VALUES and not spelt:
        return None
    end = j + 1
    # A value written in groups: "four eight two one", "QQ 12 34 56 C", "4111 1111 ...".
    group = _spelt_digits if spelt else _GROUP.fullmatch
    while end < len(words) and not words[end - 1].closes and group(
            words[end].low if spelt else words[end].text):
        end += 1
    return words[j].start, words[end - 1].end


def _after_name(words: list[_Word], i: int) -> tuple[int, bool] | None:
    """Where the value starts after a name ending at ``i``, and whether a link led to it."""
    j = i + 1
    while j < len(words) and (words[j].low in _QUALIFIERS or words[j].aside) and not words[
            j - 1].closes:
        j += 1
    gap = j < len(words) and words[j].low in _PREPOSITIONS and not words[j - 1].closes
    if gap:
        k = j
        while k < len(words) and k - j < _MAX_GAP and not words[k].closes and (
                words[k + 1].low if k + 1 < len(words) else "") not in _LINKS:
            k += 1
        j = k + 1
    while j < len(words) and words[j].low in _FILLER:
        j += 1
    if j >= len(words):
        return None
    for phrase in _IT_IS:
        if tuple(w.low for w in words[j:j + len(phrase)]) == phrase:
            return j + len(phrase), True
    if j < len(words) and words[j].low in _LINKS:
        return j + 1, True
    if words[j - 1].text.endswith(("'s", "’s")):
        return j, True
    # After "for the shared drive" only a link leads on: "a pin on the map at 51.5" is no PIN.
    return None if gap else (j, False)


def _named_after(words: list[_Word], j: int) -> tuple[str, int] | None:
    """(kind, index of its last word) when a link and a secret's name follow word ``j``:
    "1739 - that's the SIM PIN", "4821 is my pin"."""
    k, linked = j + 1, False
    for _ in range(2):  # "- that's the SIM PIN": a dash, then "that's"
        for phrase in (*_IT_IS, ("is",), ("-",), ("—",), ("=",), ("is", "for")):
            if tuple(w.low for w in words[k:k + len(phrase)]) == phrase:
                k, linked = k + len(phrase), True
                break
    if not linked:
        return None
    if k < len(words) and words[k].low in _DETERMINERS:
        k += 1
    for end in range(k, min(k + 3, len(words))):
        named = _name_at(words, end)
        if named is not None and (end + 1 == len(words) or words[end].closes or words[
                end + 1].low in _PREPOSITIONS):
            return named[0], end
        if words[end].closes:
            break
    return None


def stated_secrets(text: str) -> list[Secret]:
    """Values ``text`` gives for a named secret (see the module docstring)."""
    words = _words(text)
    out = []
    for i in range(len(words)):
        named = _name_at(words, i)
        if named is None:
            continue
        kind, head = named
        if head == "code" and i > 0 and words[i - 1].low in _OPEN_CODES:
            continue
        after = _after_name(words, i)
        if after is None:
            continue
        j, linked = after
        span = _value(words, j, text)
        if span is None:
            continue
        value = text[span[0]:span[1]]
        if is_templated_secret(value) or is_prefixed_with_dollar_sign(value):
            continue  # "the token is <token>": a snippet's placeholder
        code = _looks_like_code(value)
        if (head in _DIGITS_ONLY or not linked) and not code:
            continue
        if kind == "password" and re.fullmatch(r"[\d\s-]+", value):
            kind = "pin"  # a passcode of digits is a PIN
        out.append(Secret(kind, span[0], span[1], value))
    for j, word in enumerate(words):
        after_code = _named_after(words, j) if _looks_like_code(word.text) else None
        if after_code is not None:
            out.append(Secret(after_code[0], word.start, word.end, word.text))
    return [_with_bangs(text, s) for s in out + _shaped(text)]


# "NAME=value" / "name: value" in a pasted line, where the name says what the value is.
_ASSIGNED = re.compile(r"(?i)\b([\w.-]*?(pass(?:wd|word)?|pwd|pin|token|secret|api_?key|"
                       r"access_?key|auth)[\w.-]*)\s*[=:]\s*[\"']?([^\s\"',;]+)")
_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_SSN_CONTEXT = re.compile(r"(?i)\bsocial security\b|\bssn\b")


def _shaped(text: str) -> list[Secret]:
    """Secrets found by their shape: an assigned value whose name says it is a secret, a
    strong-password-shaped piece of a token ("host:5432:db:user:vR7#qLm2!x" gives only
    the last piece), and an SSN-shaped number where the message speaks of one."""
    out = []
    for m in _ASSIGNED.finditer(text):
        value = m.group(3)
        if (_looks_like_code(value) or password_shaped(value)) and not (
                is_templated_secret(value) or is_prefixed_with_dollar_sign(value)):
            kind = "password" if "pas" in m.group(2).lower() or "pwd" in m.group(2).lower() \
                else "pin" if m.group(2).lower() == "pin" else "api_key"
            out.append(Secret(kind, m.start(3), m.end(3), value))
    for m in re.finditer(r"[^\s\"'`]+", text):
        token = m.group().rstrip(",.;:?")
        for piece in re.finditer(r"[^:=]+", token):
            if password_shaped(piece.group()):
                start = m.start() + piece.start()
                out.append(Secret("password", start, start + len(piece.group()), piece.group()))
    if _SSN_CONTEXT.search(text):
        out += [Secret("government_id", m.start(), m.end(), m.group()) for m in _SSN.finditer(text)]
    return out


def _with_bangs(text: str, secret: Secret) -> Secret:
    """A value's trailing "!" may be part of it ("r0ck3tM@n!"); withholding it costs nothing."""
    end = secret.end
    while end < len(text) and text[end] == "!":
        end += 1
    return Secret(secret.kind, secret.start, end, text[secret.start:end])
