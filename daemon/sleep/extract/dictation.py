"""Dictated messages, cut into sentences: speech-to-text writes words without stops.

    from daemon.sleep.extract.dictation import split_dictated
    split_dictated("I'm a potter in Kelda my son Oskar is nine he loves trains so could "
                   "you suggest a present for him and a card")
    # ["I'm a potter in Kelda", "my son Oskar is nine", "he loves trains so could ..."]

Phone dictation spells words, apostrophes and the pronoun "I" right but leaves out
most full stops and commas, so a voice note reaches the rules as one sentence of
fifty words whose clauses the parser reads as one. A sentence is read as dictated
only when it is long, has almost no punctuation and writes "I" upright (chat typed
without stops writes "i"). It is cut before each new subject (a pronoun, "my X" or a
name doing something) that follows a word that ends a clause, never after a
conjunction, a preposition, a relative word or a verb of saying ("Vera reckons I'm
...": what she reckons is not the user's own sentence). A spoken "full stop" or "new
line" that the phone did not turn into punctuation is a stop; where a message spells out
its punctuation throughout ("my son comma Oskar comma is 12 full stop"),
:func:`spoken_marks` puts the marks back (:func:`.terse.in_english` calls it first).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .inline import apply_inline_corrections
from .mood import SPEECH_LEMMAS
from .nlp import parse_text

MIN_WORDS = 20  # a short unpunctuated line is a chat sentence, not a voice note
_SUBJECT_PRONOUNS = frozenset("i he she they we it there".split())
_OWNERS = frozenset("my our his her their".split())
_SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass", "expl"))
# Parts of speech after which a clause goes on ("and he", "if she", "for my son")
_GOES_ON_POS = frozenset(("CCONJ", "SCONJ", "ADP", "DET", "AUX", "PART"))
_GOES_ON = frozenset("""that which who whom whose what where when why how whether than as
    because cos coz so and but or if unless until till while since though although""".split())
# "told me he's", "reckons I'm", "hope she": what follows is what was said or thought
_SAYING = SPEECH_LEMMAS | frozenset("""know hope wish mean promise realise realize remember
    forget hear see notice find worry pretend warn ask""".split())
_OBJECTS = frozenset("me him her them us".split())
# Words that lead into the next sentence rather than end the one before
_LEADS = frozenset("then now well also anyway actually plus um erm uh oh".split())
# A verb with one of these is complete: it cannot be a relative clause's gapped verb
_COMPLETE = frozenset("dobj attr acomp prt oprd dative".split())
_REQUEST_AUX = frozenset("could can would will".split())
_JOINED_SUBJECTS = frozenset("i he she they we".split())
_CONDITIONS = frozenset("if unless wish whether".split())
# "in narvik no wait that's wrong it's tromso": a slip put right, said without commas
_SLIP_RE = re.compile(r"(?<=\w) (no wait|wait no|no sorry|sorry no|sorry I meant|I meant)"
                      r"(?: that's wrong| that is wrong)?(?: it's| it is)? ", re.I)
_SPOKEN_STOP_RE = re.compile(r"\s*\b(?:full stop|new line|new paragraph)\b[\s.]*", re.I)
_PUNCTUATION_RE = re.compile(r"[.,;:!?()]")
# Punctuation the phone typed out as the words that were spoken ("my son comma Oskar comma
# is 12 full stop"), and the mark each stands for.
_SPOKEN_MARKS = {"comma": ",", "full stop": ".", "period": ".", "question mark": "?",
                 "exclamation mark": "!", "exclamation point": "!", "colon": ":",
                 "semicolon": ";", "new paragraph": ".\n", "new line": ".\n",
                 "open bracket": " (", "close bracket": ")", "open paren": " (",
                 "close paren": ")"}
_SPOKEN_MARK_RE = re.compile(r"\s*\b(" + "|".join(sorted(_SPOKEN_MARKS, key=len, reverse=True))
                             + r")\b", re.I)
# Words the phone heard for numbers, where a number is meant: "turns ate", "got for sash
# windows"
_HEARD_NUMBER_RE = re.compile(r"\b(turns?|turning|turned|is|aged?) ate\b|\b(got|have|need|ordered|"
                              r"bought) for (?=(?:[a-z]+ )?[a-z]+s\b)", re.I)


def spoken_marks(text: str) -> str:
    """``text`` with punctuation typed out as words put as marks, where it holds two or
    more ("comma" alone may be a word of the message); with "ate" after "turns" as
    "eight" and "got for" before a plural as "got four", as dictation mishears them."""
    if len(_SPOKEN_MARK_RE.findall(text)) < 2:
        return text
    text = _SPOKEN_MARK_RE.sub(lambda m: _SPOKEN_MARKS[m.group(1).lower()], text)
    text = re.sub(r"([(])\s+", r"\1", re.sub(r"\s+([)])", r"\1", text))
    text = re.sub(r"([.!?:])\s*([.!?])", r"\1", text)  # "full stop new paragraph"
    text = _HEARD_NUMBER_RE.sub(lambda m: f"{m.group(1)} eight" if m.group(1)
                                else f"{m.group(2)} four ", text)
    return re.sub(r"(?m)^\s+", "", text)


def is_dictated(sentence: str) -> bool:
    """Long and almost without punctuation."""
    words = sentence.split()
    if len(words) < MIN_WORDS:
        return False
    # (a comma in a chat sentence of thirty words is punctuation enough to leave it whole)
    return len(_PUNCTUATION_RE.findall(sentence.rstrip(".!?"))) <= (len(words) - 1) // 40


def _uncapitalised(sentence: str) -> bool:
    rest = sentence.split()[1:]
    return re.search(r"\bi\b", sentence) is not None or not any(
        w[:1].isupper() for w in rest if w.split("'")[0] != "I")


def split_dictated(sentence: str) -> list[str]:
    """``sentence`` cut before each new subject when it reads as dictated, else whole."""
    if _SPOKEN_STOP_RE.search(sentence) and is_dictated(_SPOKEN_STOP_RE.sub(" ", sentence)):
        small = _uncapitalised(sentence)  # the phone's capital is only on the first part
        return [piece for part in _SPOKEN_STOP_RE.split(sentence) if part.strip()
                for piece in split_dictated(part[:1].lower() + part[1:] if small else part)]
    if not is_dictated(sentence):
        return [sentence]
    # Chat spelling mended and names capitalised first; a text with no capitals but the
    # one the phone put at its start (or that writes "i" small) is typed lowercase.
    typed = sentence[:1].lower() + sentence[1:] if _uncapitalised(sentence) else sentence
    typed = _SLIP_RE.sub(r", \1, ", typed)
    doc = parse_text(typed)
    if doc is None:
        return [sentence]
    cuts: list[int] = []
    for tok in doc[1:]:
        start = _request_start(doc, tok) if _is_request(tok) else _clause_start(doc, tok)
        if start is None and tok.lower_ in _JOINED_SUBJECTS and _joins_new_clause(doc, tok):
            start = tok.i - 1
        if start is not None and _conditional(doc[cuts[-1] if cuts else 0:tok.i]):
            start = None  # "if I won it I'd buy a boat and I'd sail": all one wish
        if start is not None and (not cuts or start > cuts[-1]):
            cuts.append(start)
    bounds = [0, *cuts, len(doc)]
    return [apply_inline_corrections(doc[a:b].text)
            for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _is_request(tok: Token) -> bool:
    """ "could you", "can you", "would you": a request starts here."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ in _REQUEST_AUX and nxt is not None and nxt.lower_ == "you"


def _request_start(doc: Doc, tok: Token) -> int:
    """A request's start, taking the "so" or "and" that leads into it."""
    return tok.i - 1 if doc[tok.i - 1].lower_ in ("so", "and", "but", "um") else tok.i


def _joins_new_clause(doc: Doc, tok: Token) -> bool:
    """ "... thirty years and I retired in 2019": "and", "so" or "but" before a subject
    pronoun whose verb heads its own clause (not a second subject of the verb before)."""
    prev = doc[tok.i - 1]
    return prev.lower_ in ("and", "so", "but") and tok.dep_ in _SUBJECT_DEPS and tok.head.i > tok.i


def _conditional(chunk: Span) -> bool:
    return any(t.lower_ in _CONDITIONS for t in chunk)


def _clause_start(doc: Doc, tok: Token) -> int | None:
    """Where a new sentence starts when ``tok`` opens one: at ``tok``, or before the
    "well" or "now" that leads into it."""
    if not _is_subject_start(tok) or _reduced_relative(tok):
        return None
    start = tok.i
    while start > 1 and doc[start - 1].lower_ in _LEADS and not (
            doc[start - 1].lower_ == "well" and doc[start - 2].lower_ == "as"):
        start -= 1
    prev = doc[start - 1]
    if prev.pos_ in _GOES_ON_POS or prev.lower_ in _GOES_ON or prev.lemma_ in _SAYING:
        return None
    said = prev.i
    while said > 0 and (doc[said].lower_ in _OBJECTS or doc[said].pos_ == "ADV"):
        said -= 1
    if said < prev.i and doc[said].lemma_ in _SAYING:
        return None  # "told me she's ...", "she says always I'm ..."
    if tok.lower_ in _OWNERS and prev.pos_ == "PROPN":
        return None  # "Vera my partner does the cakes": who the name is
    if tok.pos_ == "PROPN" and any(t.dep_ == "poss" for t in doc[max(0, tok.i - 3):tok.i]):
        return None  # "my cat Zuzu is fifteen": the name goes with the noun
    if any(child.dep_ == "advcl" and child.i < tok.i for child in tok.head.children):
        return None  # "if I was younger I'd take her": the clause the "if" leads to
    return start


def _reduced_relative(tok: Token) -> bool:
    """ "the house I grew up in", "the one she likes": a relative clause without "that",
    whose verb misses the object the noun before it fills; "the talk he passed away in
    the spring" has none missing and is a new sentence the parser took for one."""
    verb = tok.head
    if verb.dep_ != "relcl" or verb.head.i > tok.i:
        return False
    return not any(child.dep_ in _COMPLETE or (child.dep_ == "prep" and any(
        grand.dep_ == "pobj" for grand in child.children)) for child in verb.children)


def _is_subject_start(tok: Token) -> bool:
    low = tok.lower_
    if low in _SUBJECT_PRONOUNS:
        return tok.dep_ in _SUBJECT_DEPS
    if low in _OWNERS:  # "my son Oskar is nine"
        return tok.dep_ == "poss" and tok.head.dep_ in _SUBJECT_DEPS and tok.head.i > tok.i
    if tok.pos_ == "PROPN" and tok.dep_ in _SUBJECT_DEPS:  # "Vera has the top floor"
        return tok.nbor(-1).pos_ != "PROPN"
    return False
