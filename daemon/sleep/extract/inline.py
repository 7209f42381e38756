"""Corrections made inside one message, applied before it is read: only the right value stays.

    from daemon.sleep.extract.inline import apply_inline_corrections
    apply_inline_corrections("I work in Narvik. Sorry, I meant Tromso, I mix them up.")
    # "I work in Tromso. I mix them up."
    apply_inline_corrections("I'm 38. No wait, 39 since last week.")
    # "I'm 39. since last week."

People put a slip right a few words later: "sorry, I meant X", "no wait, X", "make that
X", "X, sorry" after a name. Read as they stand, both values are learned, the wrong one
first. The marker and the new value replace the last value of the same kind said before
it in the message: a number replaces the last number, a capitalised word the last
capitalised name, "one cat" the last count of cats. Nothing else changes, and only the
user's own words are used, so the firewall still grounds every word. A correction with
no value of its kind before it is left alone (the clause rules read it).
"""

from __future__ import annotations

import difflib
import re

from .lexicon import (
    DIETS,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    RELATION_DESCRIPTORS,
    RELATIONS,
    SHORT_WEEKDAYS,
    WEEKDAYS,
)

_MARKER = (r"(?:sorry,?\s+i\s+meant|i\s+meant|i\s+mean|no\s+wait,?|wait,?\s+no,?|make\s+that|"
           r"sorry,?|actually,?\s+scratch\s+that,?|scratch\s+that,?|correction:?)")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMBER = (rf"(?:\d{{1,3}}|{_TENS}-(?:one|two|three|four|five|six|seven|eight|nine)|"
           + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")")
# marker, then the new value up to a comma, full stop or the end
_FIX_RE = re.compile(rf"(?:(?<=[.!?,])|^)\s*{_MARKER}\s+(?P<value>[^,.!?]+?)(?=\s*(?:[,.!?]|$))",
                     re.I)
_DIET_SLANG = frozenset(("veggie", "veggo"))
_COUNT_RE = re.compile(rf"^(?P<n>{_NUMBER})\s+(?P<noun>[a-z]+?)s?$", re.I)


# "She lives in Narvik -- oh no, that was last year, she moved to Tromso": what came
# before the marker is out of date, and the clause after it says what is true now.
_OUTDATED_RE = re.compile(
    r"\s*(?:--|\u2013|\u2014|[,.!?])\s*(?:oh\s+)?(?:no|wait|sorry|hang on)[,!.]?\s+(?:no,?\s+)?"
    r"that(?:\s+was|'s|\s+is)\s+(?:(?:so\s+)?last\s+year|before|ages\s+ago|years\s+ago|"
    r"a\s+while\s+ago|old\s+news|out\s+of\s+date|then)[,.!]?\s*", re.I)


def _drop_outdated(text: str) -> str:
    """``text`` without a clause the user says right after is out of date; a pronoun
    opening what is true now takes the dropped clause's subject ("my sister Mira")."""
    match = _OUTDATED_RE.search(text)
    if match is None or not text[match.end():].strip():
        return text
    start = max(text.rfind(p, 0, match.start()) for p in ".!?") + 1
    subject = _subject_words(text[start:match.start()])
    rest = re.sub(r"^(?:she|he|they)\b", subject, text[match.end():], flags=re.I) \
        if subject else text[match.end():]
    return f"{text[:start]} {rest[:1].upper()}{rest[1:]}".strip()


def _subject_words(clause: str) -> str:
    """ "My older sister Mira lives in ..." -> "My older sister Mira"; "" for any other
    opening (the user, a pronoun)."""
    words = clause.split()
    if not words or words[0].lower() not in ("my", "our"):
        return ""
    end = 1
    while end < len(words) and (words[end].lower() in RELATION_DESCRIPTORS
                                or words[end].lower() in RELATIONS):
        end += 1
    while end < len(words) and words[end][:1].isupper():
        end += 1
    return " ".join(words[:end]) if end > 1 else ""


# "Ignore what I said about the van being green, it's actually blue": a value taken back
# from an earlier message and the one that replaces it.
_TAKEN_BACK_RE = re.compile(
    r"\b(?:please\s+)?(?:ignore|forget|disregard)\s+(?:what|that)\s+I\s+(?:said|told\s+you|wrote)\s+"
    r"about\s+(?:[\w'-]+\s+){1,4}?being\s+(?:a\s+|an\s+)?(?P<old>[\w'-]+)[,;.]?\s+(?:it'?s|it\s+is|"
    r"they'?re|they\s+are|he'?s|she'?s)\s+(?:actually\s+|really\s+)?(?:a\s+|an\s+)?(?P<new>[\w'-]+)"
    r"[^.!?]*[.!?]?\s*", re.I)
# "I typed Narvik earlier but the shop's in Tromso": a place said wrong before.
# "I told you on Sunday that we moved here in 2018, that's wrong, it was 2019"
_TOLD_WRONG_RE = re.compile(
    r"\bI\s+(?:told\s+you|said|wrote|mentioned)\b[^.!?]*?\b(?P<old>[\w'-]+),?\s+"
    r"(?:that'?s|that\s+is|that\s+was)\s+wrong,?\s+(?:it\s+(?:was|is|'s)|(?:he|she|they)"
    r"(?:'s|\s+is|'re|\s+are)\s+(?:in|at))\s+(?:actually\s+)?(?P<new>[\w'-]+)[,;.!]?\s*", re.I)
# "I told you 9 years by the ferry, no sorry, it's 11 years": a number put right
_TOLD_NUMBER_RE = re.compile(
    r"\bI\s+(?:told\s+you|said|wrote)\s+(?P<old>\d{1,3})\b[^.!?]*?,?\s+(?:no,?\s+sorry|sorry,?\s+no|"
    r"that'?s\s+wrong),?\s+it'?s\s+(?P<new>\d{1,3})\b[^,.!?]*[,;.!]?\s*", re.I)
_MISTYPED_RE = re.compile(
    r"\bI\s+(?:typed|said|wrote|put)\s+(?P<old>[A-Z][\w'-]*)\s+(?:earlier|before|above)?,?\s*but\s+"
    r"(?:it'?s|it\s+is|the\s+[\w'-]+(?:'s|\s+is))\s+(?:actually\s+)?(?:in\s+|at\s+)?"
    r"(?P<new>[A-Z][\w'-]*)[,;.!]?\s*")

# "*Tromso" opening a message: the chat convention for "I mistyped a word just now".
_STAR_FIX_RE = re.compile(r"^\s*\*(?P<new>[^\W\d_][\w'-]*)\*?[\s,.!;:]*")

# "Eh no, 8 lah." opening the next message: the one number of the message before, put right
_NUMBER_FIX_RE = re.compile(r"^\W*(?:(?:eh|oh|oops|sorry|wait|ah)[,!.]?\s+)?no[,!.]?\s+"
                            r"(?:(?:it'?s|he'?s|she'?s|turning|turns)\s+)?(?P<new>\d{1,3})\b"
                            r"(?:\s+(?:lah|la|leh|ah|not\s+\d{1,3}))?[.!]*\s*", re.I)


def _number_fix(previous: str, new: str) -> str:
    """``previous`` with the small number (an age, a count; no year or time) nearest in value
    to ``new`` replaced by it: a slip is put right by a near value ("7" -> "8", not "38");
    the last of equals."""
    numbers = re.findall(r"(?<![\d:/.£$€])\b\d{1,3}\b(?![\d:/.%])", previous)
    if not numbers or new in numbers:
        return previous
    old = min(reversed(numbers), key=lambda n: abs(int(n) - int(new)))
    return re.sub(rf"(?<![\d:/.£$€])\b{old}\b(?![\d:/.%])", new, previous)


def _is_weekday(word: str) -> bool:
    """ "wed", "thurs", "Saturday": a weekday, cut short or not."""
    return word.lower() in WEEKDAYS or word.lower() in SHORT_WEEKDAYS


def _star_fix(previous: str, new: str) -> str:
    """``previous`` with the word ``new`` puts right replaced: the most similar one that
    is not ``new`` already (an autocorrected or mistyped word is close in spelling)."""
    if _is_weekday(new):  # "*wed" after "my exam is next thurs": the day put right
        days = [w for w in re.findall(r"[^\W\d_]+", previous) if _is_weekday(w)]
        return re.sub(rf"\b{re.escape(days[-1])}\b(?!.*\b{re.escape(days[-1])}\b)", new,
                      previous, flags=re.S) if days else previous
    words = {w.lower(): w for w in re.findall(r"[^\W\d_][\w'-]*", previous)
             if w.lower() != new.lower()}
    close = difflib.get_close_matches(new.lower(), list(words), n=1, cutoff=0.6)
    if not close:
        return previous
    return re.sub(rf"\b{re.escape(words[close[0]])}\b", new, previous)


# "wait no, it's Narvik not Tromso", "... it's a gecko not a newt": a value put right by
# naming both, the new one first;
# what came before it in this message and the message before is read with the new value
# (only those: a slip is put right at once, and the same name may stand elsewhere rightly).
_BOTH_NAMED_RE = re.compile(
    r"(?:^|(?<=[.!?,]))\s*(?:oh\s+)?(?:wait,?\s+no|no,?\s+wait|oops|sorry|correction:?|no)[,!.:]?\s+"
    r"(?:it'?s|its|it\s+is)\s+(?:an?\s+)?(?P<new>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?),?\s+"
    r"not\s+(?:an?\s+)?(?P<old>[^\W\d_][\w'-]*(?-i:\s+[A-Z][\w'-]*)?)[,;.!]*\s*", re.I)


# "sorry typo 26 not 62", "(typo: 12 not 21)", "i meant 33 for Oskar not 31", "sorry, she
# turns 86, not 85": a number put right the same way.
_NUMBER_FIXED_RE = re.compile(
    r"(?:^|(?<=[.!?,]))\s*\(?(?:oh\s+)?(?:sorry,?\s+)?(?:typo:?,?\s+|i\s+meant\s+|"
    r"wait,?\s+(?:no|nah),?\s+|(?:no|nah),?\s+wait,?\s+)(?P<new>\d{1,3})(?:\s+for\s+[\w'-]+|"
    r"\s+(?P<unit>days|weeks|months|years))?,?\s+not\s+(?P<old>\d{1,3})\b[,;.!]*\s*|"
    # "sorry, she turns 86, not 85!"
    r"\bsorry[,!.]?\s+(?:(?:he|she|it|they|I)(?:'s|'m|\s+is|\s+am|\s+turns|\s+is\s+turning|"
    r"\s+will\s+be)\s+)?(?P<new2>\d{1,3}),?\s+not\s+(?P<old2>\d{1,3})\b[,;.!]*\s*", re.I)


# "sorry phone, i meant kelp not kale", "(typo: kelp not kale)": the same with words
_MEANT_RE = re.compile(
    r"(?:^|(?<=[.!?,]))\s*\(?(?:sorry(?:\s+\w+)?,?\s+)?(?:i\s+meant|typo:?)\s+(?P<new>[^\W\d_][\w'-]*),?\s+"
    r"not\s+(?P<old>[^\W\d_][\w'-]*)[,;.!]*\s*", re.I)


def _put_right(texts: list[str], i: int) -> list[str]:
    """``texts`` with each "it's X not Y" of text ``i`` applied to what came before it."""
    out = list(texts)
    while (match := _BOTH_NAMED_RE.search(out[i]) or _NUMBER_FIXED_RE.search(out[i])
           or _MEANT_RE.search(out[i])) is not None:
        old: str = match.group("old") or match.groupdict()["old2"]
        new: str = match.group("new") or match.groupdict()["new2"]
        # "7 weeks not 8": the 8 before "weeks", not any 8 said before
        unit = match.groupdict().get("unit")
        swap = re.compile(rf"\b{re.escape(old)}\b" + (rf"(?= {unit}\b)" if unit else ""), re.I)
        if i:
            out[i - 1] = swap.sub(new, out[i - 1])
        rest = out[i][match.end():]
        if match.group(0).lstrip().startswith("("):  # "(typo: 12 not 21, ...)": the note
            rest = rest.split(")", 1)[-1]
        out[i] = (swap.sub(new, out[i][:match.start()]) + " " + rest).strip()
    return out

# "scratch that about Oskar and the shipyard": the part of an earlier sentence about Oskar
# that names the shipyard is void; the rest of that sentence stands ("he's 27").
_VOID_ABOUT_RE = re.compile(
    r"\b(?:scratch|forget|ignore|disregard)\s+(?:that|what\s+I\s+(?:said|told\s+you))\s+about\s+"
    r"(?:my\s+[a-z-]+\s+)?(?P<who>[A-Z][a-z]+)\s+and\s+(?:the\s+|his\s+|her\s+)?"
    r"(?P<what>[a-z-]{3,})\b[,;.!]?\s*", re.I)

# "EDIT: ignore the crab part, ...": the part of what was said before that names it is void
_VOID_PART_RE = re.compile(r"\b(?:ignore|forget|scratch|disregard) the (?P<what>[a-z-]{3,}) "
                           r"(?:part|bit)\b[,;.!]?\s*", re.I)
# "I told you Oskar is coming from Narvik? Don't mind that, ...": what was said is void
_SAID_VOID_RE = re.compile(
    r"\bI (?:tell|told|said to) you (?:that )?(?P<claim>(?P<who>[A-Z][a-z]+)\b[^.?!]{3,80}?"
    r"(?P<what>[A-Za-z]{3,}))\s*[.?!]+\s*(?:(?:don'?t|never) mind that|(?:ignore|forget|scratch) "
    r"that)[,.!]?\s*", re.I)
# "I said before that my gran lives with my aunt in Narvik, that's wrong" (", but that's
# only where she was born"): the place is void
_SAID_WRONG_VOID_RE = re.compile(
    r"\bI (?:said|told you|wrote|mentioned) (?:before |earlier )?(?:that )?(?:my [a-z]+|[A-Z]"
    r"[a-z]+)\b[^.?!]{3,80}?\b(?P<what>[A-Z][a-z]{2,}),?\s+(?:but )?that(?:'s| is| was) "
    r"(?:wrong|only where|not right)[,.!]?(?![,\s]*(?:it|he|she|they)(?:'s| is|'re| are) "
    r"(?:in|at|actually)\b)\s*")
# "the hospital has moved my knee operation from the 14th to the 21st": the day said before,
# put right where the operation was spoken of
_MOVED_DAY_RE = re.compile(
    r"\bmoved (?:my |our |the |his |her )?(?P<what>[a-z -]{3,30}?) from (?:the )?"
    r"(?P<old>\d{1,2}(?:st|nd|rd|th)) to (?:the )?(?P<new>\d{1,2}(?:st|nd|rd|th))\b", re.I)


def _day_moved(text: str, what: str, old: str, new: str) -> str:
    """``text`` with day ``old`` replaced by ``new`` in each sentence speaking of ``what``."""
    head = what.split()[-1]
    return " ".join(re.sub(rf"\b{old}\b", new, s) if re.search(rf"\b{head}\b", s, re.I) else s
                    for s in re.split(r"(?<=[.!?])\s+", text))


_INTRO_RE = re.compile(r"^(?:[A-Z][a-z]+ )?((?:[Mm]y|[Oo]ur) [a-z-]+(?: [A-Z][a-z]+)?)\b")


def _void_part(text: str, who: str, what: str) -> str:
    """``text`` without the comma-delimited part naming ``what`` in each sentence about
    ``who``."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    for n, sentence in enumerate(sentences):
        if re.search(rf"\b{who}\b", sentence) and re.search(rf"\b{what}\b", sentence, re.I):
            # (no ``who``: any sentence naming ``what``)
            parts = re.split(r"(?<=,)\s+", sentence)
            # (who the voided part introduced stays: "my brother Oskar coming from X," ->
            # "my brother Oskar.")
            kept = [p if not re.search(rf"\b{what}\b", p, re.I) else
                    (f"{intro.group(1)}," if (intro := _INTRO_RE.match(p)) else "") for p in parts]
            sentences[n] = re.sub(r",$", ".", " ".join(k for k in kept if k))
    return " ".join(s for s in sentences if s)


def _voided(texts: list[str], i: int) -> list[str]:
    """``texts`` with each part that text ``i`` says is void ("EDIT: ignore the crab part",
    "I told you X ...? Don't mind that", "scratch that about Oskar and the shipyard") taken
    out of the texts before it and of its own words before the saying, which goes too."""
    out = list(texts)
    for pattern in (_VOID_PART_RE, _SAID_VOID_RE, _VOID_ABOUT_RE, _SAID_WRONG_VOID_RE):
        while (match := pattern.search(out[i])) is not None:
            who, what = match.groupdict().get("who") or "", match.group("what")
            out[:i] = [_void_part(t, who, what) for t in out[:i]]
            before = _void_part(out[i][:match.start()], who, what)
            out[i] = f"{before} {out[i][match.end():]}".strip()
    return out


def take_back(texts: list[str]) -> list[str]:
    """Each text with values a later one takes back replaced by the new value, and the
    sentence that takes them back removed ("ignore what I said about ... being X, it's
    Y"; "*Y" opening the next message): the earlier message is read as the user now says
    it was."""
    out = list(texts)
    for i, text in enumerate(texts):
        if i and (star := _STAR_FIX_RE.match(text)):
            out[i - 1] = _star_fix(out[i - 1], star.group("new"))
            out[i] = text[star.end():]
        elif i and (fix := _NUMBER_FIX_RE.match(text)):
            out[i - 1] = _number_fix(out[i - 1], fix.group("new"))
            out[i] = text[fix.end():]
        out = _voided(_put_right(out, i), i)
        for match in _MOVED_DAY_RE.finditer(text):
            out[:i] = [_day_moved(t, *match.group("what", "old", "new")) for t in out[:i]]
        for pattern in (_TAKEN_BACK_RE, _MISTYPED_RE, _TOLD_WRONG_RE, _TOLD_NUMBER_RE):
            for match in pattern.finditer(text):
                old, new = match.group("old"), match.group("new")
                out[:i] = [re.sub(rf"\b{re.escape(old)}\b", new, t) for t in out[:i]]
            out[i] = pattern.sub("", out[i]).strip()
    return out


# "I said earlier Oskar is a baker but he's actually a cook": what was said before,
# put right; read as "Oskar is actually a cook", a correction of the same slot.
_SAID_WRONG_RE = re.compile(
    r"\bI\s+(?:said|told\s+you|wrote|mentioned|put)\s+(?:(?:earlier|before|above)\s+)?"
    r"(?:that\s+)?(?P<who>(?:my\s+[\w'-]+(?:\s+[A-Z][\w'-]*)?)|[A-Z][\w'-]*)\s+"
    r"(?:is|was|'s)\s+[^,.!?]+?,?\s+but\s+(?:he|she|they|it)(?:'s|\s+is|'re|\s+are)\s+"
    r"(?:actually|really)\s+")


# "my gf is 31... wait no she turned 32 last month": a number put right by a whole clause;
# the clause stays (it may say more), the number before the marker takes its value.
_RESTATED_RE = re.compile(
    r"(?<![/.:\d])(?P<old>\b\d{1,3})\s*(?:\.{2,}|\u2026|,|-+)?\s*(?:oh\s+)?(?:wait,?\s+no|"
    r"no,?\s+wait|sorry|oops|actually)[,.!]?\s+(?P<clause>(?:he|she|they|i)(?:'s|'m)?\s+"
    r"(?:(?:just|only)\s+)?(?:turned|turns|is|was|am|are)?\s*(?P<new>\d{1,3})\b(?![/.:]\d))",
    re.I)


# "on May 14, no wait, it's the 21st not the 14th": a day of the month put right
_DAY_FIXED_RE = re.compile(
    r"[,;]?\s*(?:no,?\s+wait|wait,?\s+no|sorry|oops)[,!.]?\s+(?:it'?s\s+|its\s+)?(?:the\s+)?"
    r"(?P<new>\d{1,2})(?:st|nd|rd|th),?\s+not\s+(?:the\s+)?(?P<old>\d{1,2})(?:st|nd|rd|th)\b"
    r"[,;.!]*", re.I)


def _day_fixed(text: str) -> str:
    match = _DAY_FIXED_RE.search(text)
    if match is None:
        return text
    before = text[:match.start()]
    spots = list(re.finditer(rf"\b{match.group('old')}(?:st|nd|rd|th)?\b", before))
    if not spots:
        return text
    new = match.group(0).split("not")[0].strip(" ,;.!").split()[-1] \
        if spots[-1].group(0)[-1:].isalpha() else match.group("new")  # "the 21st"
    fixed = before[:spots[-1].start()] + new + before[spots[-1].end():]
    rest = text[match.end():].lstrip(" ,")
    return f"{fixed}, {rest}" if rest else fixed


def apply_inline_corrections(text: str) -> str:
    """``text`` with each in-message slip replaced by its correction (module docstring)."""
    text = _day_fixed(text)
    text = _SAID_WRONG_RE.sub(lambda m: f"{m.group('who')} is actually ", text)
    text = _RESTATED_RE.sub(lambda m: f"{m.group('new')}. {m.group('clause')}", text)
    text = _drop_outdated(text)
    for _ in range(3):  # a message rarely puts more than a few things right
        fixed = _apply_first(text)
        if fixed == text:
            return text
        text = fixed
    return text


def _apply_first(text: str) -> str:
    for match in _FIX_RE.finditer(text):
        before, said = text[:match.start()], match.group("value").strip()
        # "lives in narvik, wait no tromso": typed lowercase, the value is the word the
        # marker follows; only a marker that cannot be an apology for something else
        strong = re.search(r"wait|meant|scratch|correction", match.group(0), re.I) is not None
        for value in _values(said, strong):
            replaced = _replace_last(before, value) or (
                _replace_adjacent(before, value) if strong else None)
            if replaced is not None:
                after = (said[len(value):] + text[match.end():]).lstrip(" ,")
                return re.sub(r"([.!?])\s*[.,]", r"\1", f"{replaced.rstrip()} {after}").strip()
    return text


def _values(said: str, strong: bool = False) -> list[str]:
    """What after a marker may be the new value: all of it, or its leading number or name
    ("39 since last week" -> "39", "Oskar with a k" -> "Oskar"); after a strong marker
    its first word too ("tromso she moved in may" -> "tromso")."""
    out = [said]
    if strong and re.match(r"[a-z][\w'-]*\b", said):
        out.append(said.split()[0])
    if (number := re.match(rf"{_NUMBER}\b", said, re.I)) is not None:
        out.append(number.group(0))
    if (name := re.match(r"[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)*", said)) is not None:
        out.append(name.group(0))
    # "Sorry, I forgot ...": a pronoun or a function word is no value
    return [v for v in out if v.split()[0].lower() not in FUNCTION_WORDS
            or re.fullmatch(_NUMBER, v.split()[0], re.I)]


def _replace_last(before: str, value: str) -> str | None:
    """``before`` with its last value of ``value``'s kind replaced by it, or None."""
    words = value.split()
    if len(words) > 3:
        return None
    count = _COUNT_RE.match(value)
    if count is not None and len(words) == 2:  # "one cat" for "two cats"
        noun = re.escape(count.group("noun"))
        spots = list(re.finditer(rf"\b{_NUMBER}\s+{noun}s?\b", before, re.I))
        return _swap(before, spots[-1], value) if spots else None
    if re.fullmatch(_NUMBER, value, re.I):
        spots = list(re.finditer(rf"(?<![\w-]){_NUMBER}(?![\w-])", before, re.I))
        return _swap(before, spots[-1], value) if spots else None
    if value.lower() in DIETS or value.lower() in _DIET_SLANG:  # "veggie. scratch that, vegan"
        spots = [m for m in re.finditer(r"[\w-]+", before)
                 if m.group(0).lower() in DIETS or m.group(0).lower() in _DIET_SLANG]
        return _swap(before, spots[-1], value) if spots else None
    if all(w[:1].isupper() for w in words):
        spots = [m for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)*",
                                        before) if m.group(0) not in ("I", "I'm")]
        return _swap(before, spots[-1], value) if spots else None
    return None


def _replace_adjacent(before: str, value: str) -> str | None:
    """``before`` with the one word ending it, just before the marker's comma, replaced by
    a one-word lowercase ``value``; None when that word is a function word."""
    last = re.search(r"\b([^\W\d_][\w'-]*),\s*$", before)
    if " " in value or not value.isalpha() or last is None \
            or last.group(1).lower() in FUNCTION_WORDS:
        return None
    return before[:last.start(1)] + value + before[last.end(1):]


def _swap(text: str, spot: re.Match[str], value: str) -> str:
    return text[:spot.start()] + value + text[spot.end():]
