"""Relative times -> dates, against the time the user wrote the message.

    from datetime import datetime, UTC
    from daemon.sleep.extract.dates import find_times
    sent = datetime(2026, 3, 4, 10, tzinfo=UTC)                     # a Wednesday
    [t.written for t in find_times("she turns 7 on Saturday", sent)]   # ["on March 7, 2026"]

"turns 7 on Saturday" is true for a few days; trained into the weights it stays
forever. spaCy's named-entity recognizer finds the time phrases (DATE entities) and
``dateparser`` resolves the relative ones against the message's timestamp: a point
in time is rewritten as a date ("last year" -> "in 2025", "in three weeks" -> "on
March 25, 2026"), a time ago keeps its words and gains the year ("three years ago,
in 2023"), and a span up to now gains its start ("for four years, since 2022").
Absolute times ("in October", "since 1985") are left as the user wrote them.

The firewall calls :func:`implied_text` on each message to accept the years, months
and days derived here: they come from the user's words and the message's time, not
from a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import dateparser
from spacy.tokens import Doc, Span, Token

from .lexicon import NUMBER_WORDS, WEEKDAYS
from .nlp import load_parser
from .textnorm import parse_number

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_RELATIVE = re.compile(r"\b(ago|last|next|this|yesterday|today|tomorrow|tonight)\b", re.I)
_SPAN = re.compile(r"^(\S+)\s+(year|month|week|day)s?$", re.I)


# Prepositions a time phrase can follow, which then takes no "in"/"on" of its own.
_OWN_PREPOSITIONS = frozenset("of from since until till by before after".split())


@dataclass(frozen=True)
class Time:
    """A relative time phrase found in a text and its resolved wording."""

    said: str  # the words as written, with the preposition before them: "on Saturday"
    written: str  # the replacement: "on March 7, 2026"


def _day(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def _resolve(phrase: str, before: str, sent_at: datetime, past: bool,
             completed: bool = False) -> Time | None:
    low = phrase.lower()
    month_of = re.fullmatch(r"([a-z]+) (last|this|next) year", low)
    if month_of and month_of.group(1).capitalize() in _MONTHS:  # "March last year"
        year = sent_at.year + {"last": -1, "this": 0, "next": 1}[month_of.group(2)]
        lead = "" if before in _OWN_PREPOSITIONS else "in "  # "since March last year"
        return Time(f"in {phrase}" if before == "in" else phrase,
                    f"{lead}{month_of.group(1).capitalize()} {year}")
    ago = re.match(r"^.*?\bago\b", low)
    if ago and ago.end() < len(low):  # "seven years ago this June": the "ago" part
        return _resolve(phrase[:ago.end()], before, sent_at, past)
    span = _SPAN.match(low)
    count = parse_number(span.group(1)) if span else None
    if span and count is not None and before in ("for", "since"):
        # "for four years" up to now: its start. A span in months or less is left alone,
        # and so is one that ended ("she was a potter for thirty years").
        if span.group(2) != "year" or completed and before == "for":
            return None
        return Time(f"{before} {phrase}", f"{before} {phrase}, since {sent_at.year - count}")
    relative = _RELATIVE.search(low) or (span and before == "in") or low in WEEKDAYS
    if not relative:
        return None
    settings = {"RELATIVE_BASE": sent_at.replace(tzinfo=None),
                "PREFER_DATES_FROM": "past" if past else "future"}
    text = f"in {phrase}" if before == "in" else phrase
    when = dateparser.parse(text, languages=["en"], settings=settings)
    if when is None:
        return None
    said = f"{before} {phrase}" if before in ("in", "on") else phrase
    if before in _OWN_PREPOSITIONS:  # "as of next month" -> "as of November 2026"
        resolved = _resolve(phrase, "", sent_at, past)
        return Time(said, resolved.written.split(" ", 1)[1]) if resolved and \
            resolved.written.startswith(("in ", "on ")) else resolved
    if low.endswith(" ago"):
        unit = low.split()[-2]
        if unit.startswith("year"):
            return Time(said, f"{phrase}, in {when.year}")
        if unit.startswith("day"):
            return Time(said, f"{phrase}, on {_day(when)}")
        return Time(said, f"{phrase}, in {when:%B} {when.year}")
    if "year" in low:
        return Time(said, f"in {when.year}")
    if "month" in low:
        return Time(said, f"in {when:%B} {when.year}")
    return Time(said, f"on {_day(when)}")


_PARTS_OF_DAY = frozenset("morning afternoon evening night".split())


def _day_and_part(doc: Doc, ent: Span) -> tuple[Span | None, str]:
    """The date phrase of a recognized entity and a part of the day said after it:
    "Saturday night" -> (Saturday, "night"), which the recognizer may give as one time
    or as a date and a time. (None, "") for an entity that is no date."""
    if ent.label_ == "TIME":
        if len(ent) == 2 and ent[0].lower_ in WEEKDAYS and ent[1].lower_ in _PARTS_OF_DAY:
            return ent[:1], ent[1].text
        return None, ""
    if ent.label_ != "DATE":
        return None, ""
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and ent[-1].lower_ in WEEKDAYS and after.lower_ in _PARTS_OF_DAY:
        return ent, after.text
    return ent, ""


def _now_or_later(participle: Token) -> bool:
    """ "is getting married on", "will be married on": a participle whose helpers say
    later ("has moved", "was married", a learner's "is arrived": past)."""
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBG", "MD")
               for c in participle.children)


def find_times(text: str, sent_at: datetime | None, past: bool = False) -> list[Time]:
    """Relative time phrases of ``text`` and their resolution (none without ``sent_at``)."""
    if sent_at is None:
        return []
    doc = load_parser()(text)
    out = []
    for ent in doc.ents:
        span, part = _day_and_part(doc, ent)
        if span is None:
            continue
        if len(ent) > 1 and ent[0].like_num and ent.start and \
                doc[ent.start - 1].lemma_ in ("turn", "be"):
            span = doc[ent.start + 1:ent.end]  # "turned 22 last week": the age is no date
        if span.start and doc[span.start - 1].lower_ in ("this", "next", "last"):
            span = doc[span.start - 1:span.end]  # "this Sunday" the recognizer cut short
        before = doc[span.start - 1].lower_ if span.start else ""
        if before in ("a", "every", "each") or span[0].lower_ in ("every", "each"):
            continue  # "on a Thursday", "every Tuesday": a habit, no date
        governor = (doc[span.end] if part else ent.root).head
        while governor.pos_ == "ADP" and governor.head.i != governor.i:  # "moved ... on Tuesday"
            governor = governor.head
        if governor.tag_ == "VBN" and governor.dep_ == "acomp":
            governor = governor.head  # "is getting married", "got married": the tense is there
        verb_past = governor.tag_ == "VBD" or governor.tag_ == "VBN" and not _now_or_later(governor)
        found = _resolve(span.text, before, sent_at, past or verb_past or before == "since",
                         completed=governor.tag_ == "VBD")
        if found is not None:
            out.append(Time(f"{found.said} {part}", found.written) if part else found)
    # "the party was two days ago": a time ago the recognizer passed over
    for match in _AGO_RE.finditer(text):
        if not any(match.group(0).lower() in t.said.lower() for t in out) and \
                (found := _resolve(match.group(0), "", sent_at, True)) is not None:
            out.append(found)
    out += [t for t in _days_of_month(text, sent_at) if not any(t.said in o.said for o in out)]
    weeks_on = _weeks_after_day(text, sent_at)  # replaces the bare day found inside it
    return [t for t in out if not any(t.said.lower() in w.said.lower() for w in weeks_on)] \
        + weeks_on


# "a week from this Saturday", "two weeks on Friday", "Saturday week": weeks after a day
_DAY_ORDER = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKS_AFTER_RE = re.compile(r"\b(?:(?:on )?(a|one|two|three|\d) weeks? (?:from|on|after) "
                             r"(?:this |next |on )?([A-Z][a-z]+day)|(?:on )?([A-Z][a-z]+day) "
                             r"week)\b", re.I)


def _weeks_after_day(text: str, sent_at: datetime) -> list[Time]:
    out = []
    for match in _WEEKS_AFTER_RE.finditer(text):
        day = (match.group(2) or match.group(3)).lower()
        count = (match.group(1) or "one").lower()
        weeks = 1 if count == "a" else parse_number(count)
        if day not in _DAY_ORDER or weeks is None:
            continue
        ahead = (_DAY_ORDER.index(day) - sent_at.weekday() - 1) % 7 + 1  # the coming one
        when = sent_at + timedelta(days=ahead + 7 * weeks)
        out.append(Time(match.group(0), f"on {_day(when)}"))
    return out


_AGO_RE = re.compile(r"\b(?:a|an|" + "|".join(NUMBER_WORDS) + r"|\d{1,2}) "
                     r"(?:days?|weeks?|months?|years?) ago\b", re.I)


def rewrite(text: str, times: list[Time]) -> str:
    """``text`` with each relative time replaced by its resolved wording."""
    for time in times:
        # "on the Thursday" -> "on October 15": the written form brings its own "on"
        lead = r"(?:\bon (?:the )?)?" if time.written.startswith("on ") else ""
        text = re.sub(rf"{lead}\b{re.escape(time.said)}\b", time.written, text, count=1,
                      flags=re.I)
    return text


def implied_text(text: str, sent_at: datetime | None) -> str:
    """The resolved wordings of every relative time in ``text``, for the firewall, and the
    birth year an age on a date implies ("turns 16 on Saturday" -> 2010)."""
    times = find_times(text, sent_at)
    born = []
    for match in _TURNS_RE.finditer(text):
        age = parse_number(match.group(1))
        # the date said after the age ("turns 86 on Saturday"), not a year said before it
        after = sorted(((at, t) for t in times if (at := text.find(t.said, match.end())) >= 0),
                       key=lambda pair: pair[0])
        years = re.findall(r"\b(?:19|20)\d\d\b", after[0][1].written) if after else []
        if age is not None and years:
            born.append(str(int(years[0]) - age))
    return " ".join([t.written for t in times] + born)


_TURNS_RE = re.compile(r"\bturn(?:s|ing|ed)? ([\w-]+)\b", re.I)


# "my operation is on the 14th": a day of the month alone, the next one to come
_DAY_OF_MONTH_RE = re.compile(r"\bon the (\d{1,2})(?:st|nd|rd|th)\b(?! of\b| [A-Z][a-z]+)")


_MONTH_THEN_DAY_RE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b([^.!?]{0,60}?\bon the "
                                r"\d{1,2}(?:st|nd|rd|th))\b(?! of\b)")


def month_said_again(text: str) -> str:
    """ "from September, I start on the 1st" -> "... on the 1st of September": a day of the
    month after a month named in the same sentence is that month's (before the sentence is
    split at its commas)."""
    return _MONTH_THEN_DAY_RE.sub(r"\1\2 of \1", text)


def _days_of_month(text: str, sent_at: datetime) -> list[Time]:
    out = []
    for match in _DAY_OF_MONTH_RE.finditer(text):
        day = int(match.group(1))
        year, month = sent_at.year, sent_at.month
        if day < sent_at.day:  # already past this month: next month's
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        try:
            when = sent_at.replace(year=year, month=month, day=day)
        except ValueError:  # "the 31st" of a short month
            continue
        out.append(Time(match.group(0), f"on {_day(when)}"))
    return out
