"""Everyday idioms -> the plain words the clause rules read.

    from daemon.sleep.extract.idioms import plain_idioms
    plain_idioms("Dad passed eight years ago. I stopped eating pork. I'm lactose intolerant.")
    # "Dad passed away eight years ago. I don't eat pork anymore. I'm intolerant to lactose."

Each rewrite is one set phrase of English whose usual parse misleads the rules: a death
said gently ("passed"), a visit said as "called round", a diet said as what the user
stopped eating, an intolerance before its noun, a job said with "like" or "up the", a bus
the tagger would read as a subject, a stay since a date (where someone lives).
:func:`.normalize.normalize_chat` calls this last.
"""

from __future__ import annotations

import re

from .lexicon import is_job_noun

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

# "my mother-in-law staying with us since last year": living with the user (a stay with a
# start and no end is where someone lives)
_STAYING_SINCE_RE = re.compile(
    r"\b(?:(is|are|'s|'re|has been|have been) )?staying with (us|me) "
    r"(?=since\b|for (?:the (?:last|past) )?(?:\w+ )?(?:years?|months)\b)")


def plain_idioms(text: str) -> str:
    """``text`` with the idioms above in plain words."""
    text = _STAYING_SINCE_RE.sub(lambda m: f"{m.group(1) or 'has been'} living with {m.group(2)} ",
                                 text)
    text = _LIKE_JOB_RE.sub(lambda m: f"{m.group(1)} as {m.group(2) or 'a '}{m.group(3)}"
                            if is_job_noun(m.group(3).lower()) else m.group(0), text)
    text = _INTOLERANT_RE.sub(lambda m: m.group(0) if m.group(1).lower() in (
        "very", "so", "not", "am", "is", "are", "was") else f"intolerant to {m.group(1)}", text)
    text = _CALLED_ROUND_RE.sub(r"came \1", _PASSED_RE.sub("passed away", text))
    text = _JOB_UP_RE.sub(lambda m: f"{m.group(1)} at the" if is_job_noun(m.group(2).lower())
                          else m.group(0), text)
    text = _STOPPED_EATING_RE.sub(lambda m: f"{m.group(1)} don't {m.group(2)[:-3]} {m.group(3)}"
                                  " anymore", text)
    return _GET_VEHICLE_RE.sub(lambda m: f"{'took' if m.group(1).lower() == 'got' else 'take'} "
                               f"{m.group(2)} {m.group(3)}", text)
