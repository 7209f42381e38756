"""Find secrets in a chat message with well-kept detectors, merged into one list.

    from daemon.sleep.secrets.detect import find_secrets
    find_secrets("OPENAI_API_KEY=sk-proj-...")   # [Secret("api_key", 15, ..., "sk-proj-...")]

Three detectors, each doing what the others cannot:

- ``detect-secrets`` (Yelp): its plugins for known key formats (AWS, GitHub, Slack, JWT,
  private keys, URLs with a password), its keyword detector for pasted config lines
  (``DB_PASSWORD=...``, ``api_key: ...``) and its entropy measure for long random tokens.
  Plugins are called directly: the library's scan would try to *verify* a found key
  against its service over the network, which must never happen to a user's secret.
- ``presidio-analyzer`` (Microsoft): payment cards (Luhn-checked), IBANs (checksum) and
  government numbers, with its context words, on the same spaCy pipeline as extraction.
- :mod:`.stated`: a value the user names as a password, PIN, account or passport number.

Overlapping finds merge into one span of the most specific kind.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from detect_secrets.filters.heuristic import (
    is_indirect_reference,
    is_not_alphanumeric_string,
    is_potential_uuid,
    is_prefixed_with_dollar_sign,
    is_templated_secret,
)
from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
from detect_secrets.plugins.keyword import REGEX_BY_FILETYPE, KeywordDetector
from detect_secrets.settings import default_settings, get_plugins
from detect_secrets.util.filetype import FileType
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    AuTfnRecognizer,
    CaSinRecognizer,
    CreditCardRecognizer,
    EsNieRecognizer,
    EsNifRecognizer,
    IbanRecognizer,
    InAadhaarRecognizer,
    ItFiscalCodeRecognizer,
    PlPeselRecognizer,
    SePersonnummerRecognizer,
    UkNinoRecognizer,
    UsItinRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)

from ..extract.nlp import PIPELINE, load_parser
from .kinds import Secret
from .stated import stated_secrets

# presidio entity -> kind; a find counts from this score (after context words) up.
_PRESIDIO = {"CREDIT_CARD": "payment_card", "IBAN_CODE": "bank_account",
             **dict.fromkeys(("US_SSN", "UK_NINO", "US_ITIN", "US_PASSPORT", "PL_PESEL",
                              "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "IN_AADHAAR", "AU_TFN",
                              "CA_SIN", "SE_PERSONNUMMER"), "government_id")}
_LEAST_SCORE = 0.3
# Cards, IBANs and national numbers; all but the US passport's carry a check digit, so
# a random number rarely passes for one.
_RECOGNIZERS = (CreditCardRecognizer, IbanRecognizer, UsSsnRecognizer, UkNinoRecognizer,
                UsItinRecognizer, UsPassportRecognizer, PlPeselRecognizer, EsNifRecognizer,
                EsNieRecognizer, ItFiscalCodeRecognizer, InAadhaarRecognizer, AuTfnRecognizer,
                CaSinRecognizer, SePersonnummerRecognizer)
# A pasted random token: at least this long, and over the library's entropy limit.
_MIN_TOKEN = 20
# Where a found value is widened to the whole pasted token ("ghp" -> "ghp_R8sK...").
_TOKEN_CHARS = re.compile(r"[^\s=\"'`,;<>()\[\]{}]")
_PRIVATE_KEY = re.compile(r"-----BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?-----.*?(-----END[A-Z ]*-----|\Z)",
                          re.S)
_PUBLIC_KEY = re.compile(r"(ssh-(rsa|dss|ed25519)|ecdsa-sha2-\S+|sk-ssh-\S+)$")
# The order kinds win in when finds overlap: the more specific first.
_PRIORITY = ("payment_card", "bank_account", "government_id", "api_key", "password", "pin")


def find_secrets(text: str) -> list[Secret]:
    """Every secret in ``text``, in order, overlapping finds merged."""
    found = _credentials(text) + _identifiers(text) + stated_secrets(text)
    return _merged(text, found)


@cache
def _plugins() -> tuple:
    with default_settings():
        return tuple(p for p in get_plugins() if not isinstance(
            p, KeywordDetector | Base64HighEntropyString) and p.secret_type != "Public IP (ipv4)")


@cache
def _keyword() -> KeywordDetector:
    return KeywordDetector()


def _credentials(text: str) -> list[Secret]:
    """Keys, tokens and config-line credentials, by detect-secrets' plugins."""
    out = [Secret("api_key", m.start(), m.end(), m.group()) for m in _PRIVATE_KEY.finditer(text)]
    offset = 0
    for line in text.splitlines(keepends=True):
        for plugin in _plugins():
            for value in plugin.analyze_string(line):
                if not _placeholder(value):
                    out += _widened(text, offset, line, value, "api_key")
        if not is_indirect_reference(line):
            for value in _keyword().analyze_string(line, _yaml_regexes()):
                if not _placeholder(value):
                    out += _widened(text, offset, line, value, _keyword_kind(line, value))
        out += _random_tokens(text, offset, line)
        offset += len(line)
    return out


@cache
def _yaml_regexes() -> dict:
    # The keyword detector's rules for YAML files read "KEY=value" and "key: value"
    # without quotes, which is how people paste .env and config lines into a chat.
    return REGEX_BY_FILETYPE[FileType.YAML]


def _keyword_kind(line: str, value: str) -> str:
    name = line[:line.find(value)].lower()
    if "pass" in name or "pwd" in name:
        return "password"
    return "pin" if re.search(r"\bpin\b", name) else "api_key"


def _placeholder(value: str) -> bool:
    """"<token>", "${API_KEY}", "$PASSWORD", a UUID: what a snippet shows instead of a secret
    (detect-secrets' own heuristics)."""
    return (is_templated_secret(value) or is_prefixed_with_dollar_sign(value)
            or is_potential_uuid(value) or is_not_alphanumeric_string(value))


def _random(piece: str) -> bool:
    entropy = _entropy()
    return (len(piece) >= _MIN_TOKEN and re.search(r"\d", piece) is not None
            and re.search(r"[A-Za-z]", piece) is not None
            and entropy.calculate_shannon_entropy(piece) > entropy.entropy_limit)


@cache
def _entropy() -> Base64HighEntropyString:
    return Base64HighEntropyString()


def _random_tokens(text: str, offset: int, line: str) -> list[Secret]:
    """Long pasted tokens random enough to be keys (the library's Base64 entropy limit):
    a value ("KEY=...", "?key=..."), or a whole web address whose path carries one (a
    webhook)."""
    out = []
    previous = ""
    for m in re.finditer(r"\S+", line):
        token = m.group().strip(".,;:!?\"'()`")
        at = offset + m.start() + m.group().find(token)
        after_key_type, previous = _PUBLIC_KEY.match(previous) is not None, token
        if after_key_type:
            continue  # "ssh-ed25519 AAAA...": a public key is meant to be shared
        address = token.split("?")[0] if "://" in token else ""
        if any(_random(p) for p in address.split("/")):
            out.append(Secret("api_key", at, at + len(token), token))
            continue
        whole = _connection_string(text, at)
        if whole is not None and any(_random(p) for p in re.split(r"[=;]", token)):
            out.append(Secret("api_key", whole[0], whole[1], text[whole[0]:whole[1]]))
            continue
        for piece in re.finditer(r"[^=&?#:,\"']+", token):
            if _random(piece.group()) and not _placeholder(piece.group()):
                out.append(Secret("api_key", at + piece.start(), at + piece.end(), piece.group()))
    return out


def _widened(text: str, offset: int, line: str, value: str, kind: str) -> list[Secret]:
    """``value`` found in ``line``, widened to the whole token it sits in."""
    value = value.strip()
    at = line.find(value)
    if not value or at < 0:
        return []
    start, end = offset + at, offset + at + len(value)
    whole = _connection_string(text, start)
    if whole is not None:
        return [Secret(kind, whole[0], whole[1], text[whole[0]:whole[1]])]
    while start > offset and _TOKEN_CHARS.match(text[start - 1]):
        start -= 1
    while end < len(text) and _TOKEN_CHARS.match(text[end]):
        end += 1
    while end > start + len(value) and text[end - 1] in ".,:;!?":
        end -= 1
    return [Secret(kind, start, end, text[start:end])]


def _connection_string(text: str, at: int) -> tuple[int, int] | None:
    """The span of a "Name=value;Name=value" connection string holding ``at``, if it is one:
    it is withheld whole (account, key and endpoint belong together)."""
    for m in re.finditer(r"\S+", text):
        if m.start() <= at < m.end():
            token = m.group().strip("\"'`,")
            if re.search(r"(?:\w+=[^;\s]+;)+\w+=", token):
                start = m.start() + m.group().find(token)
                return start, start + len(token)
            return None
    return None


@cache
def _analyzer() -> AnalyzerEngine:
    # presidio logs the words around each find at DEBUG (the secret, in a log file) and
    # a warning per message about entity labels it does not use: neither belongs in ours.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in _RECOGNIZERS:
        # Chat is read as English whatever country a number is from (a Spanish DNI
        # recognizer is registered for "es" by default).
        registry.add_recognizer(recognizer(supported_language="en"))
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": PIPELINE[0]}])
    # Share the extractor's pipeline, not a second copy. The ignore: presidio's
    # __init__ sets nlp = None (untyped), so mypy takes None for its type.
    engine.nlp = {"en": load_parser()}  # type: ignore[assignment]
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def _identifiers(text: str) -> list[Secret]:
    """Payment cards, IBANs and government numbers, by presidio's recognizers."""
    return [Secret(_PRESIDIO[r.entity_type], r.start, r.end, text[r.start:r.end])
            for r in _analyzer().analyze(text, language="en", entities=list(_PRESIDIO),
                                         score_threshold=_LEAST_SCORE)]


def _merged(text: str, found: list[Secret]) -> list[Secret]:
    """Overlapping finds as one span, of the kind of the longest find (an IBAN holds digits
    that pass for a card); among equals, the most specific kind."""
    spans: list[tuple[Secret, Secret]] = []  # (merged span, the find that names its kind)
    for s in sorted(found, key=lambda s: (s.start, -s.end)):
        if spans and s.start < spans[-1][0].end:
            span, namer = spans[-1]
            if (len(s.text), -_PRIORITY.index(s.kind)) > (len(namer.text),
                                                          -_PRIORITY.index(namer.kind)):
                namer = s
            end = max(span.end, s.end)
            spans[-1] = (Secret(namer.kind, span.start, end, text[span.start:end]), namer)
        else:
            spans.append((s, s))
    return [span for span, _ in spans]
