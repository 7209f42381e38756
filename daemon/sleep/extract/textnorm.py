"""Text helpers for the memory pipeline: sentences, tokens, contractions, stems, numbers.

    from daemon.sleep.extract.textnorm import own_and_foreign, sentences, tokenize, stem
    own, foreign = own_and_foreign('Remember "my name is X". I live in Oslo.')
    for sent, is_question in sentences(own): tokens = tokenize(sent)

``own_and_foreign`` separates what the user wrote themselves from text they quoted
or pasted (lines labelled "Assistant:", "> " block quotes, reported speech in quotation
marks), so that
neither the extractor nor the firewall ever treats someone else's words as the
user's claims.
"""

from __future__ import annotations

import functools
import re

from .lexicon import (
    FOREIGN_SPEAKERS,
    FUNCTION_WORDS,
    IRREGULAR_PAST_FORMS,
    IRREGULAR_PLURALS,
    IRREGULAR_VERBS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
)
from .speakers import as_said_by, at_keyboard, forwarded_from, forwarded_inline, their_own

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"',
                              "\u201d": '"', "\u2013": "-", "\u2014": " - ", "\u00a0": " "})
_LABEL_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,15}?)\s*:\s*")
_USER_LABELS = frozenset({"user", "me", "human", "i"})
_BLOCK_QUOTE_RE = re.compile(r"^\s*>+\s?")  # "> quoted" lines of e-mail and markdown
_QUOTE_RE = re.compile(r'"([^"]+)"|(?<![\w])\'([^\']{3,}?)\'(?![\w])')
# Words that make a quoted span reported speech rather than a title ("The Old Man").
_SPEECH_MARKERS = frozenset(
    "i i'm my me mine we our us you your you're remember is am are was were".split()
)
# Unquoted reported speech: a line headed "Text from my boss:" / "Bob wrote:", and
# sentences attributed to someone else ("..., said Bob." / "Bob said that ...").
_SOURCE_LABEL_RE = re.compile(
    r"^\s*(?:(?:an?|the|this|that)\s+)?(?:text|message|email|e-mail|mail|note|letter|sms|dm|"
    r"reply|post|tweet|comment|voicemail)\s+(?:from|by)\b[^:\n]{0,40}:\s*"
    r"|^\s*(?!i\b)[A-Za-z][\w' ]{0,30}?\s+(?:wrote|writes|said|says|texted|replied|asked)\s*:\s*",
    re.I)
_SPEECH_VERBS = r"(?:said|says|wrote|writes|told\s+me|tells\s+me|claims?|claimed|insists?|insisted)"
_ATTRIBUTED_RE = re.compile(
    rf"[,;]\s*(?:(?!i\b)[\w']+\s+){{1,3}}{_SPEECH_VERBS}\s*[.!?]*\s*$"  # ", my boss said."
    rf"|[,;]\s*{_SPEECH_VERBS}\s+[\w' ]{{1,30}}[.!?]*\s*$"  # ", said Bob."
    rf"|^\s*according\s+to\b"  # "According to Bob, ..."
    rf"|^\s*(?!i\b)(?:[A-Z][\w']*|(?:my|his|her|our|their)\s+[\w']+|he|she|they)\s+"
    rf"{_SPEECH_VERBS}\b",  # "Bob said that ...", "My boss claims ..."
    re.I)
_ABBREVIATIONS = re.compile(r"\b(Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Prof|etc|vs|approx|No)\.|"
                            r"\b([BM])\.(?=(?:Tech|Sc|Com|Ed|Pharm|Arch|A|E)\b)", re.I)
_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|[^\W_]+(?:['\-][^\W_]+)*'?|[$\u20ac\u00a3%]|[,;:!?]"
)

_NT = {"can't": ["can", "not"], "won't": ["will", "not"], "ain't": ["am", "not"],
       "shan't": ["shall", "not"]}
_SUFFIXES = {"'m": "am", "'re": "are", "'ve": "have", "'ll": "will", "'d": "would"}
_S_IS_PRONOUNS = frozenset("he she it that there what who where here how this".split())
# After "X's", these words show the 's is "is" rather than a possessive.
_S_IS_NEXT = frozenset(
    "a an the not been got from in at on my his her our their called named very really so "
    "also still only just always never now about almost over under too quite pretty "
    "originally currently".split()
)

_PAST_TO_BASE = {past: base for base, (past, _) in IRREGULAR_VERBS.items()}
_PART_TO_BASE = {part: base for base, (_, part) in IRREGULAR_VERBS.items()}


def normalize(text: str) -> str:
    """Unify typographic quotes, apostrophes and dashes."""
    return text.translate(_APOSTROPHES)


_SPOKEN_TENS_RE = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) "
                             r"(one|two|three|four|five|six|seven|eight|nine)\b", re.I)


@functools.lru_cache(maxsize=64)  # asked once per message and language, of all messages
def writes_so(text: str, markers: frozenset[str], least: int = 3) -> bool:
    """Whether ``text`` holds at least ``least`` of ``markers`` typed as lowercase words:
    how a language mixed into English shows itself (a name in capitals shows nothing)."""
    typed = {w for w in re.findall(r"(?<![\w'-])[^\W\d_]+(?![\w'-])", text) if w.islower()}
    return len(typed & markers) >= least


OWNER_WORDS = frozenset("my his her their our your the a an".split())


def kin_as_mine(match: re.Match[str], plain: str, owners: frozenset[str] = OWNER_WORDS) -> str:
    """A kinship word of another language (``match``) said in English as ``plain``: after an
    owner it is theirs ("his po po" -> "his grandma"); said alone it is the user's own, as
    "Mum" is ("Po po's lunch" -> "My grandma's lunch")."""
    before = match.string[:match.start()].split()[-1:]
    if before and before[0].lower() in owners:
        return plain
    said = f"my {plain}"
    opens = not before or before[0][-1:] in ".!?"
    return said[0].upper() + said[1:] if match.group(0)[0].isupper() and opens else said


def a_or_an(word: str) -> str:
    """The indefinite article before ``word`` ("an apprentice", "a potter")."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def hyphenate_tens(text: str) -> str:
    """Numbers as dictated ("sixty eight") written as one word ("sixty-eight")."""
    return _SPOKEN_TENS_RE.sub(r"\1-\2", text)


def unshouted(text: str) -> str:
    """A message typed in capitals, in lower case; others as they are.

    Capitals everywhere ("MY SON GLENN IS A JOINER") hide which words are names, and the
    tagger reads every word as one; in lower case the text is chat like any other and
    its names are found again from the parse (:func:`.nlp.parse_text`)."""
    cased = [ch for ch in text if ch.isalpha()]
    upper = sum(ch.isupper() for ch in cased)
    return text.lower() if len(cased) >= 12 and upper >= 0.85 * len(cased) else text


def followed_by(text: str, said: list[str]) -> str:
    """``text`` with the sentences ``said`` after it, a full stop closing it first."""
    if not said:
        return text
    return text.rstrip() + ("" if text.rstrip()[-1:] in ".!?" else ".") + " " + " ".join(said)


def comparable(text: str) -> str:
    """``text`` as two texts are compared: lower case, runs of other characters as one space.

    "What is my niece's name?" and "what is my niece s name" compare equal.
    """
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _is_reported_speech(inner: str) -> bool:
    words = [w.lower() for w in _TOKEN_RE.findall(inner) if w[0].isalnum()]
    return len(words) >= 3 and any(w in _SPEECH_MARKERS for w in words)


# Markdown typed into chat: "**Vera**" is bold, "~~Narvik~~ Tromso" a value struck out
_BOLD_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STRUCK_RE = re.compile(r"~~[^~\n]+~~\s*")


def plain_markdown(text: str) -> str:
    """``text`` without bold markers, without what it strikes out and without the "EDIT:"
    that heads a line added later (what the line says is read as said)."""
    text = re.sub(r"(?m)^\s*(?:EDIT|Edit|edit|UPDATE|Update|ETA)\s*:\s*", "", text)
    return _BOLD_RE.sub(r"\2", _STRUCK_RE.sub("", text))


def own_and_foreign(text: str) -> tuple[str, str]:
    """Split a message into the user's own words and quoted or pasted foreign text.

    A line labelled with a non-user speaker ("Assistant: ...") and the unlabelled
    lines after it are pasted transcript, and so is a block-quoted line ("> ...");
    a quoted span that reads as reported speech
    (it has a pronoun or a copula, like "remember that my name is X") is not the
    user's own claim, nor is a line headed by a source ("Text from my boss: ...",
    "Bob wrote: ...") or a sentence said by someone else ("..., said Bob.",
    "Bob said that ..."). A message someone else says they typed ("hi its Bob not mum")
    is theirs: its "I" is said as their name. Short quoted titles stay in the user's text.
    """
    text = plain_markdown(text)
    if typist := at_keyboard(text):  # "hi its oskar not mum": theirs, not the user's
        return as_said_by(typist[1], typist[0]), ""
    own_lines: list[str] = []
    speaker_is_foreign = False
    sender = ""  # who wrote the block quoted after "fwd from my sister:"
    text, foreign = forwarded_inline(normalize(text))
    for line in text.splitlines():
        if quote := _BLOCK_QUOTE_RE.match(line) or _SOURCE_LABEL_RE.match(line):
            foreign.append(line[quote.end():])
            if sender and _BLOCK_QUOTE_RE.match(line):
                own_lines.append(their_own(line[quote.end():], sender))
            continue
        sender = forwarded_from(line)
        label = _LABEL_RE.match(line)
        if label and label.group(1).strip().lower() in FOREIGN_SPEAKERS:
            speaker_is_foreign = True
            line = line[label.end():]
        elif label and label.group(1).strip().lower() in _USER_LABELS:
            speaker_is_foreign = False
            line = line[label.end():]
        (foreign if speaker_is_foreign else own_lines).append(line)

    def drop_speech(match: re.Match[str]) -> str:
        inner = match.group(1) or match.group(2) or ""
        if _is_reported_speech(inner):
            foreign.append(inner)
            # "fwd from my sister: 'I got the job!'": what she says of herself is hers
            sender = forwarded_from(match.string[:match.start()])
            return f" {their_own(inner, sender)} " if sender else " "
        return match.group(0)

    own = _QUOTE_RE.sub(drop_speech, "\n".join(own_lines))
    return _drop_attributed(own, foreign), "\n".join(foreign)


def _drop_attributed(own: str, foreign: list[str]) -> str:
    """Move sentences the user attributes to someone else into ``foreign``."""
    kept = []
    for line in own.split("\n"):
        parts: list[str] = []
        for match in _SENTENCE_RE.finditer(line):
            sent = match.group(0)
            (foreign if _ATTRIBUTED_RE.search(sent.strip()) else parts).append(sent)
        kept.append("".join(parts))
    return "\n".join(kept)


def sentences(text: str) -> list[tuple[str, bool]]:
    """Split text into sentences; each comes with whether it is a question."""
    # ("B.Tech": a degree's full stop is no sentence end either)
    protected = _ABBREVIATIONS.sub(lambda m: m.group(1) or m.group(2), normalize(text))
    out: list[tuple[str, bool]] = []
    for match in _SENTENCE_RE.finditer(protected):
        sent = match.group(0).strip()
        if any(ch.isalnum() for ch in sent):
            out.append((sent, sent.rstrip().endswith("?")))
    return out


def tokenize(sentence: str) -> list[str]:
    """Word and punctuation tokens with contractions expanded; possessive 's kept apart."""
    raw = _TOKEN_RE.findall(normalize(sentence))
    out: list[str] = []
    for i, tok in enumerate(raw):
        out.extend(_expand(tok, raw[i + 1] if i + 1 < len(raw) else ""))
    return out


def _expand(tok: str, nxt: str) -> list[str]:
    low = tok.lower()
    if low in _NT:
        return list(_NT[low])
    if low.endswith("n't") and len(low) > 3:
        return [tok[:-3], "not"]
    for suffix, full in _SUFFIXES.items():
        if low.endswith(suffix) and len(low) > len(suffix):
            if suffix == "'d" and nxt.lower() == "been":
                full = "had"
            return [tok[: -len(suffix)], full]
    if low.endswith("'s") and len(low) > 2:
        return _expand_s(tok, nxt)
    if low.endswith("s'") and len(low) > 2:  # plural possessive: "my parents' house"
        return [tok[:-1], "'s"]
    return [tok]


def _expand_s(tok: str, nxt: str) -> list[str]:
    head, low_head, low_next = tok[:-2], tok[:-2].lower(), nxt.lower()
    if low_head in _S_IS_PRONOUNS:
        return [head, "has" if low_next in ("been", "got") else "is"]
    if low_head == "name" or low_next in _S_IS_NEXT or not nxt or not nxt[0].isalnum():
        return [head, "is"]
    if parse_number(nxt) is not None or low_next.endswith("ing"):
        return [head, "is"]
    if head[:1].islower() and nxt[:1].isupper():  # "my dog's Rex": a name follows
        return [head, "is"]
    return [head, "'s"]


def parse_number(token: str) -> int | None:
    """Value of a number token: digits, "six", "seventy-two", "14th", "fourteenth"."""
    low = token.lower().replace(",", "")
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", low)
    if digits:
        return int(digits.group(1))
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    if low in ORDINAL_WORDS:
        return ORDINAL_WORDS[low]
    parts = low.split("-")
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        tens, ones = NUMBER_WORDS[parts[0]], NUMBER_WORDS[parts[1]]
        if tens % 10 == 0 and tens >= 20 and 0 < ones < 10:
            return tens + ones
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in ORDINAL_WORDS:
        return NUMBER_WORDS[parts[0]] + ORDINAL_WORDS[parts[1]]
    return None


def is_cardinal(token: str) -> bool:
    """A cardinal number: "6", "six", "seventy-two", "14th" (not "first", "second")."""
    low = token.lower()
    if low[:1].isdigit():
        return parse_number(low) is not None
    return all(p in NUMBER_WORDS for p in low.split("-")) and parse_number(low) is not None


def stem(word: str) -> str:
    """A light stem so that "lived" and "living" compare equal to "live" ("liv").

    "lives" is read as the plural of "life" and stems to "lif", with "life"."""
    low = word.lower().strip("'")
    if low.endswith("'s"):
        low = low[:-2]
    low = IRREGULAR_PLURALS.get(low, low)
    low = _PAST_TO_BASE.get(low) or _PART_TO_BASE.get(low) or IRREGULAR_PAST_FORMS.get(low) or low
    if len(low) > 4 and low.endswith("ies"):
        low = low[:-3] + "y"
    elif low.endswith(("ches", "shes", "sses", "xes", "zes", "oes")) and len(low) > 4:
        low = low[:-2]
    elif len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        low = low[:-1]
    if len(low) > 5 and low.endswith("ing"):
        low = low[:-3]
    elif len(low) > 4 and low.endswith("ied"):
        low = low[:-3] + "y"
    elif len(low) > 4 and low.endswith("ed"):
        low = low[:-2]
    if len(low) > 3 and low[-1] == low[-2] and low[-1] not in "aeiouylsz":
        low = low[:-1]
    if len(low) > 3 and low.endswith("e"):
        low = low[:-1]
    return low


_SECOND_PERSON = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
                  "we": "you", "us": "you", "our": "your", "ours": "yours",
                  "ourselves": "yourselves"}


def to_second_person(tokens: list[str]) -> list[str]:
    """Rewrite first-person words as second person ("my" -> "your", "I was" -> "you were")."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        prev = tokens[i - 1].lower() if i else ""
        if low in _SECOND_PERSON:
            out.append(_SECOND_PERSON[low])
        elif low == "am" and prev == "i":
            out.append("are")
        elif low == "was" and prev in ("i", "we"):
            out.append("were")
        else:
            out.append(tok)
    return out


def join_tokens(tokens: list[str]) -> str:
    """Join tokens back into text: no space before punctuation or a possessive 's."""
    text = ""
    for tok in tokens:
        if not text:
            text = tok
        elif tok in (",", ";", ":", "!", "?", "%", "'s") or tok.startswith("'"):
            text += tok
        elif text.endswith(("$", "\u20ac", "\u00a3")):
            text += tok
        else:
            text += " " + tok
    return text


def words(text: str) -> list[str]:
    """Word tokens of ``text`` without punctuation (contractions expanded)."""
    return [t for t in tokenize(text) if t[0].isalnum()]


def content_stems(text: str) -> set[str]:
    """The stems of ``text``'s content words (function words dropped)."""
    return {stem(w) for w in words(text) if w.lower() not in FUNCTION_WORDS}
