"""Everyday idioms -> the plain words the clause rules read.

    from daemon.sleep.extract.idioms import plain_idioms
    plain_idioms("Dad passed eight years ago. I stopped eating pork. I'm lactose intolerant.")
    # "Dad passed away eight years ago. I don't eat pork anymore. I'm intolerant to lactose."

Each rewrite is one set phrase of English whose usual parse misleads the rules: a death
said gently ("passed"), a visit said as "called round", a diet said as what the user
stopped eating, an intolerance before its noun, a job said with "like" or "up the", a bus
the tagger would read as a subject, a stay since a date (where someone lives).
:func:`.normalize.normalize_chat` calls this last, and :func:`chat_phrases` before the
clause shapes: a question's tag ("can or not?"), an aside ("if that helps"), "fixing to",
"me and Vera's", "it's his birthday on ...", "Vera is the one who's 12", "her proper name",
"she was in X, but she moved", "diabetes type 2", "teaching year four out in X".
:func:`day_said_last` ("Tomorrow is my birthday") runs in :func:`.terse.expand_terse`,
before times are read.
"""

from __future__ import annotations

import re

from .entities import singular
from .lexicon import is_job_noun
from .textnorm import a_or_an
from .verbs import be_for, form_kind

# "I get the bus": the tagger reads "the bus" as the subject of what follows.
_GET_VEHICLE_RE = re.compile(r"\b(get|gets|got) (the|a) (bus|train|tram|tube|ferry|metro|coach)\b",
                             re.I)
# "lactose intolerant" -> "intolerant to lactose", so the parser sees what to ask about.
_INTOLERANT_RE = re.compile(r"\b(?<!['\u2019])([a-z]+)[ -]intolerant\b", re.I)
# "working in a hotel like cleaner": "like" before a bare job noun is "as".
_LIKE_JOB_RE = re.compile(r"\b(work(?:s|ed|ing)?\b[^.,;!?]{0,30}?) like (a |an )?([a-z]+)\b",
                          re.I)
# "Dad passed eight years ago": died, said gently
_PASSED_RE = re.compile(r"\bpassed(?= (?:\w+ )?(?:years?|months?|weeks?|days?) ago\b| in "
                        r"(?:19|20)\d\d\b| last (?:year|month|week|winter|summer|spring)\b)")
# "I'm head cook up the school": where the job is, not a verb "cook up"
_JOB_UP_RE = re.compile(r"\b((?:I'm|I am|[Ss]he's|[Hh]e's) (?:head |the head |an? )?([a-z]+)) "
                        r"up the\b")
# "Oskar called round on Saturday": a visit, not a name ("a dog called Round")
_CALLED_ROUND_RE = re.compile(r"\bcalled (round|over|by)\b(?! [A-Z])")
# "I stopped eating pork": a diet now, asked as what the user does not eat
_STOPPED_EATING_RE = re.compile(r"\b(I|we) (?:stopped|quit|gave up) (eating|drinking) "
                                r"((?:red )?[a-z]+)\b(?! (?:at|for|in|on|with|after|before)\b)")

# "I farm crawfish", "she farms oysters": the tagger reads "farm" as a noun; said as the
# trade it is
_FARMS_RE = re.compile(r"\b(I|we|[Hh]e|[Ss]he|they|(?:[Mm]y|[Oo]ur) [a-z]+(?: [A-Z][a-z]+)?) "
                       r"(farms?) (?!(?:for|with|in|on|at|out|a|an|the|my|our|it|and|full)\b)"
                       r"([a-z]+)\b")

# "she moved in with my aunt in Narvik": a move to Narvik, where she now lives
_MOVED_IN_WITH_RE = re.compile(r"\bmoved in with ([^.,;!?]{1,40}?) in "
                               r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")

# "my mother-in-law staying with us since last year": living with the user (a stay with a
# start and no end is where someone lives)
_STAYING_SINCE_RE = re.compile(
    r"\b(?:(is|are|'s|'re|has been|have been) )?staying with (us|me) "
    r"(?=since\b|for (?:the (?:last|past) )?(?:\w+ )?(?:years?|months)\b)")


# "it's his birthday on Thursday": his birthday is on Thursday
_ITS_DAY_RE = re.compile(r"\b[Ii]t'?s ((?:his|her|my|our) (?:birthday|b-?day|anniversary|wedding)) "
                         r"(?=on |this |next |tomorrow\b|today\b|in )")
# "keeps telling everyone at chapel I'm retiring": what is told, with the "that" that keeps
# the tagger from reading it as the user's own next clause
_TELLS_RE = re.compile(r"\b((?:tell|tells|telling|told) (?:everyone|everybody|people|anyone|"
                       r"the whole \w+|half the \w+|all \w+)(?: (?:at|in|on|round) (?:the )?\w+)?) "
                       r"(?=(?:I|I'm|I've|I'll|he|she|we|they)\b)")
# "Tomorrow is my birthday": the birthday is tomorrow
_DAY_IS_RE = re.compile(r"\b((?:this |next )?(?:tomorrow|today|(?:mon|tues|wednes|thurs|fri|satur|"
                        r"sun)day)) (?:is|will be) ((?:my|his|her|our|their) (?:birthday|b-?day|"
                        r"anniversary|wedding))\b", re.I)
# "Vera is the one who's 12", "my wife is the one who cooks": what is said of her, plainly
_THE_ONE_RE = re.compile(r"\b([A-Z][a-z]+|(?i:my|our) [a-z-]+) is the one (?:who|that)('s| is)? ")
# Singapore's and its neighbours' "Budget 300 can or not?": a yes-no question's tag, no verb
_OR_NOT_RE = re.compile(r",?\s*\b(?:can|could|ok|okay|good|possible|enough) or not(?=\s*\?)",
                        re.I)
# "His name's Oskar, if that helps with the tone": an aside, not a condition on the fact
_IF_IT_HELPS_RE = re.compile(r",? if (?:that|it|this) (?:helps|matters)\b[^.!?]*(?=[.!?]|$)", re.I)
# "fixing to" (about to) and "might could" (could maybe), as some speak in the States
_FIXING_TO_RE = re.compile(r"\b(?:(fixin(?:g|')? to)|might could)\b", re.I)
# "me and Vera's anniversary": what the two of them share is "our"
_OURS_RE = re.compile(r"\b[Mm]e and [A-Z][a-z]+'s\b(?= \w)")
# "Her proper name is Vera", "his real name's Oskar": the name, whatever it is called by
# "diabetes type 2", "type 2 diabetes": the type said first and capitalized (the tagger
# reads a lowercase "has type 2 diabetes" as the verb "type")
_DIABETES_TYPE_RE = re.compile(r"\b(?:diabetes,? type (1|2|one|two)\b|"
                               r"type (1|2|one|two) diabetes\b)", re.I)
_PROPER_NAME_RE = re.compile(r"\b(my|his|her|their|our) (?:proper|real|full|actual|given|"
                             r"christian|birth|official) name(?= is\b|'s\b)", re.I)
# "She was in Narvik, but she's after moving to Tromso": no longer there, said so
_WAS_IN_RE = re.compile(r"\b([Ss]he|[Hh]e|[Tt]hey|I|[Ww]e) (?:was|were) "
                        r"(?:living |based |working )?"
                        r"in ([A-Z][\w-]+(?: [A-Z][\w-]+)?),? but (?=[^.!?]*\b(?:mov(?:e|ed|ing)|"
                        r"relocat\w+|transferr\w+)\b)")
# "teaching year four out in Narvik": where the work is (after a verb, "out" is its own:
# "eating out in Narvik")
_OUT_IN_RE = re.compile(r"\b([a-z0-9]+) (?:out|up|down|over) (?=in [A-Z])")


def chat_phrases(text: str) -> str:
    """``text`` with the chat phrases above in plain words (tags, asides, "fixing to", "me
    and Vera's", "it's his birthday on", "the one who's"); before the clause shapes."""
    text = _IF_IT_HELPS_RE.sub("", _OR_NOT_RE.sub("", text))
    text = _FIXING_TO_RE.sub(lambda m: "going to" if m.group(1) else "could", text)
    text = _OURS_RE.sub(lambda m: "Our" if m.start() == 0 else "our", text)
    text = _ITS_DAY_RE.sub(r"\1 is ", text)
    text = _PROPER_NAME_RE.sub(r"\1 name", _TELLS_RE.sub(r"\1 that ", text))
    text = _DIABETES_TYPE_RE.sub(lambda m: f"Type {m.group(1) or m.group(2)} diabetes", text)
    text = _OUT_IN_RE.sub(lambda m: m.group(0) if form_kind(m.group(1)) else f"{m.group(1)} ",
                          text)
    text = _WAS_IN_RE.sub(lambda m: f"{m.group(1)} {be_for(m.group(1))} not "
                          f"in {m.group(2)} anymore, but ", text)
    return _THE_ONE_RE.sub(lambda m: f"{m.group(1)} is " if m.group(2) else f"{m.group(1)} ",
                           text)


def day_said_last(text: str) -> str:
    """ "Tomorrow is my birthday" -> "My birthday is tomorrow"; before times are read, which
    would leave a date as the subject."""
    return _DAY_IS_RE.sub(lambda m: f"{m.group(2).capitalize()} is {m.group(1).lower()}"
                          if m.group(1)[0].isupper() else f"{m.group(2)} is {m.group(1)}", text)


def plain_idioms(text: str) -> str:
    """``text`` with the idioms above in plain words."""
    text = _STAYING_SINCE_RE.sub(lambda m: f"{m.group(1) or 'has been'} living with {m.group(2)} ",
                                 text)
    text = _LIKE_JOB_RE.sub(lambda m: f"{m.group(1)} as {m.group(2) or 'a '}{m.group(3)}"
                            if is_job_noun(m.group(3).lower()) else m.group(0), text)
    text = _INTOLERANT_RE.sub(lambda m: m.group(0) if m.group(1).lower() in (
        "very", "so", "not", "am", "is", "are", "was") else f"intolerant to {m.group(1)}", text)
    text = _CALLED_ROUND_RE.sub(r"came \1", _PASSED_RE.sub("passed away", text))
    text = _MOVED_IN_WITH_RE.sub(r"moved to \2, in with \1,", text)
    text = _FARMS_RE.sub(lambda m: f"{m.group(1)} {be_for(m.group(1))} "
                         f"{a_or_an(m.group(3))} {singular(m.group(3))} farmer", text)
    text = _JOB_UP_RE.sub(lambda m: f"{m.group(1)} at the" if is_job_noun(m.group(2).lower())
                          else m.group(0), text)
    text = _STOPPED_EATING_RE.sub(lambda m: f"{m.group(1)} don't {m.group(2)[:-3]} {m.group(3)}"
                                  " anymore", text)
    return _GET_VEHICLE_RE.sub(lambda m: f"{'took' if m.group(1).lower() == 'got' else 'take'} "
                               f"{m.group(2)} {m.group(3)}", text)
