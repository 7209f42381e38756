"""Sentences that lean on an earlier one of the same message, read with it.

    from daemon.sleep.extract.followups import resolve_there
    resolve_there("my mom lives there", "Narvik")    # ("my mom lives in Narvik", "Narvik")

"there" after a town, "Not any more." after a fact, "Canoe now." after "Sold the
kayak.", "she's 7, not 6" after two people were named, "No sorry, is 12, not 21":
each is read against what the message said before it. Short messages that go on
from the one before ("my sister" / "vera" / "lives in narvik now") are read as one.
:mod:`.pipeline` calls these while it drafts a message sentence by sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import ENDINGS, SourceMessage
from .drafting import Draft
from .entities import Tracker
from .gazetteer import is_town
from .lexicon import FUNCTION_WORDS, RELATION_DESCRIPTORS, RELATIONS
from .textnorm import a_or_an, comparable

_TOWN_AFTER_RE = re.compile(r"\b(?:to|in|from|at) ([A-Za-z][\w'-]+(?: [A-Z][\w'-]+)?)")
_AT_THERE_RE = re.compile(r"\b((?:at|in) (?:a|an|the) [a-z][a-z -]{0,30}?) there\b")
_TOWN_NOT_RE = re.compile(r"\b([A-Za-z][\w'-]+),? not ([A-Za-z][\w'-]+)")
_LIVES_THERE_RE = re.compile(r"\b(lives?|living|lived|works?|working|worked|based|moved|moving) "
                             r"there\b", re.I)


def resolve_there(sentence: str, place: str) -> tuple[str, str]:
    """ "can my car make it to Narvik? my mom lives there": "there" is the town the
    message named last (a town GeoNames knows), within the same message."""
    if place:
        sentence = _LIVES_THERE_RE.sub(lambda m: f"{m.group(1)} "
                                       f"{'to' if m.group(1).startswith('mov') else 'in'} {place}",
                                       sentence)
        sentence = _AT_THERE_RE.sub(lambda m: f"{m.group(1)} in {place}", sentence)
    towns = [m.group(1) for m in _TOWN_AFTER_RE.finditer(sentence) if is_town(m.group(1))]
    alone = sentence.strip(" .!?")
    if not towns and len(alone.split()) <= 2 and is_town(alone):
        towns = [alone]  # "narvik" on a line of its own, answering "where?"
    return sentence, (towns[-1][:1].upper() + towns[-1][1:]) if towns else place


def bring_forward(tracker: Tracker, drafts: list[Draft], put_right: str) -> None:
    """ "she's 7, not 6": "she" is whoever was said to be 6 (the niece, not the sister
    named since), so that person becomes the latest mentioned before the pronoun is read."""
    said = put_right.lower().strip()
    for draft in reversed(drafts):
        if draft.value.lower() == said and not draft.entity.is_user:
            if tracker.in_reach(draft.entity):
                tracker.mention(draft.entity)
            return


_NOT_ANY_MORE_RE = re.compile(r"^\W*(?:well\W+)?(?:not any ?more|no longer)\b", re.I)
_NOT_RE = re.compile(r", not (?:a |an |the |my )?([\w'-]+)\b", re.I)


def not_put_right(drafts: list[Draft], put_right: list[tuple[int, str]],
                   tracker: Tracker) -> list[Draft]:
    """Drafts of a message up to a correction that say the value it put right ("21"),
    where no clause of the correction carries it (those end what they name themselves)."""
    put_right = [(at, word) for at, word in put_right if not any(
        d.message_id == at and word.lower() in d.ends.lower() for d in drafts)]
    if not put_right:
        return drafts  # the common case: nothing to render twice

    def said_wrong(draft: Draft) -> bool:
        rendered = draft.render(tracker)
        text = rendered.text if rendered is not None else ""
        # ("it's my brother who's there, not my sister": the sister's own facts said
        # after the slip are right)
        return any((draft.message_id < at or draft.message_id == at and not _is_kin(word))
                   and not draft.ends and re.search(rf"\b{re.escape(word)}\b", text, re.I)
                   for at, word in put_right)
    return [d for d in drafts if not said_wrong(d)]


_NOW_RE = re.compile(r"^(?:(?:well|oh|actually|no|sorry|wait|correction)\W+)*(?:an? |the )?"
                     r"([a-z][\w'-]*(?: [a-z][\w'-]*){0,2}) (?:now|nowadays|these days)\b",
                     re.I)


def _is_kin(words: str) -> bool:
    """ "sister", "elder": who a slip was about, not a value it said."""
    last = words.split()[-1].lower()
    return last in RELATIONS or last in RELATION_DESCRIPTORS


def said_instead(sentence: str, drafts: list[Draft], message_id: int) -> str:
    """A new value said without its verb takes the verb of what it replaces: "Sold the
    kayak. Canoe now." (the fact the message just ended, "I paddle a kayak") -> "I paddle a
    Canoe now"; "live in X. well, Y now actually" (where the user lives) -> "I live in Y
    now"; else ""."""
    match = _NOW_RE.match(sentence.strip())
    if match is None or match.group(1).lower() in FUNCTION_WORDS:
        return ""
    value = match.group(1)
    ended = [d for d in drafts if d.message_id == message_id and d.entity.is_user
             and d.slot.split(":")[0] in ENDINGS]
    if not ended:
        home = next((d for d in reversed(drafts) if d.entity.is_user and d.slot == "live_in"
                     and d.message_id >= message_id - 1), None)
        return f"I live in {value.title()} now." if home is not None else ""
    thing = comparable(ended[-1].slot.partition(":")[2]).split()
    for draft in reversed(drafts):
        verb, _, old = draft.slot.partition(":")
        if draft.entity.is_user and verb not in ENDINGS and thing and \
                thing[-1] in comparable(old).split():
            return f"I {verb} a {value} now."
    return ""


def values_put_right(text: str) -> list[str]:
    """ "No sorry, is 12, not 21" -> ["21"]: values put right without a clause around them."""
    return [m.group(1) for m in _NOT_RE.finditer(text) if m.group(1).lower() not in FUNCTION_WORDS]


def town_put_right(text: str) -> str:
    """The town of "it's X not Y" in a message, capitalised, or ""."""
    return next((m.group(1).capitalize() for m in _TOWN_NOT_RE.finditer(text)
                 if is_town(m.group(1)) or is_town(m.group(2))), "")


def takes_back_last(sentence: str) -> bool:
    """ "Our house is blue. Not any more, ...": the sentence ends what the one before said."""
    return _NOT_ANY_MORE_RE.match(sentence) is not None


# "I bought my aunt's old Kelpmobile off her, so that's my runabout now": what "that" is,
# a named thing got earlier in the sentence, is the user's new one of its kind.
_THATS_MINE_RE = re.compile(
    r"\b(?:bought|got|picked up|took over)\b[^.!?]*?\b(?P<thing>[A-Z][\w-]+(?: [A-Z][\w-]+)?)"
    r"(?P<between>[^.!?A-Z]*?),? (?:so |and )?that'?s (?P<mine>(?:my|our) [a-z]+) now\b")


def thats_mine(sentence: str) -> str:
    """``sentence`` with "that's my X now" after a named thing got saying what X is."""
    return _THATS_MINE_RE.sub(lambda m: f"{m.group(0)[:m.start('between') - m.start()]}"
                              f"{m.group('between')}. {m.group('mine').capitalize()} is "
                              f"{a_or_an(m.group('thing'))} {m.group('thing')} now", sentence)


_SHORT = 8  # words: a message this short may be half a sentence
_ENDED_RE = re.compile(r"[.!?]\W*$")
_OWNER_END_RE = re.compile(r"\b(?:my|our|the) (?:[a-z]+ )?([a-z]+)\W*$", re.I)
_NAMED_END_RE = re.compile(r"\b((?:my|our) (?:(?:older|younger|big|little|best|baby|eldest|"
                           r"oldest|youngest) )?([a-z]+)(?: [A-Za-z][a-z]+)?)\W*$", re.I)
# "wait no" sent alone: it and what follows it put the message before right
# A word sent alone that answers, thanks or laughs: no one's name
_REPLIES = frozenset("""thanks thank thx ty ta cheers ok okay k kk yes yeah yep yup no nope nah
    sure cool nice lovely perfect brilliant lol haha hahaha lmao omg wow hi hey hello
    bye morning night""".split())
_MARKER_ALONE_RE = re.compile(r"^(?:wait|no|oops|sorry|hang on)(?:,? (?:no|wait))?\W*$", re.I)
_GOES_ON_RE = re.compile(r"^(?:lives|moved|works|is|was|has|had|turned|turns|started|"
                         r"got|goes|went)\b", re.I)


def _goes_on(before: str, text: str, joined: int) -> str | None:
    """How ``text`` joins the short message before it, or None when it does not;
    ``joined``: how many parts the message before already has."""
    words = text.split()
    owner = _OWNER_END_RE.search(before)
    if len(words) == 1 and words[0].isalpha() and owner is not None \
            and owner.group(1).lower() in RELATIONS \
            and words[0].lower() not in FUNCTION_WORDS and words[0].lower() not in _REPLIES:
        return " "  # "my sister" / "vera": her name ("my son" / "thanks" is no name)
    if _MARKER_ALONE_RE.match(text) or _MARKER_ALONE_RE.match(before.split(", ")[-1]):
        return ", "  # "hes 7 on friday" / "wait no" / "8 not 7"
    if _GOES_ON_RE.match(text) and (joined or owner is not None):
        # ("... lives in narvik now" / "moved in march": a second verb of hers)
        if any(_GOES_ON_RE.match(w) for w in before.split()[1:]):
            return " and "
        named = _NAMED_END_RE.search(before)  # "... text to my sister vera" / "lives in X"
        return f". {named.group(1)} " if named and named.group(2).lower() in RELATIONS else " "
    return None


def run_together(messages: list[SourceMessage]) -> list[SourceMessage]:
    """Short messages sent one after another, each going on from the last ("my sister" /
    "vera" / "lives in narvik now" / "wait no" / "8 not 7"), as one message under the id of
    its last part; any other message as it is."""
    out: list[SourceMessage] = []
    joined, previous = 0, ""
    for message in messages:
        last = out[-1] if out else None
        text = message.content.strip()
        glue = None
        # (the last message sent, not what is joined so far, must be short too)
        if last is not None and last.conversation == message.conversation \
                and len(text.split()) <= _SHORT and len(previous.split()) <= _SHORT \
                and not _ENDED_RE.search(last.content):
            glue = _goes_on(last.content.rstrip(), text, joined)
        if last is not None and glue is not None:
            out[-1] = replace(message, content=f"{last.content.rstrip()}{glue}{text}")
            joined, previous = joined + 1, text
            continue
        out.append(message)
        joined, previous = 0, text
    return out
