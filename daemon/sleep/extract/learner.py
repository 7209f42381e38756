"""Learners' English -> the standard English the tagger was trained on.

    from daemon.sleep.extract.learner import learner_shapes
    learner_shapes("My colleague Oskar he work nights. Since two years I live in Narvik.")
    # "My colleague is Oskar. He work nights. I live in Narvik for two years."

People writing in a second language carry over their first language's grammar: a
preposition calqued ("married with", "work by a company", "a son of 12"), the subject
said twice ("my mother she always say"), a verb, article or "to" left out, a duration
said first ("since two years I ..."), "become" for turning an age. Each shape is a
grammar pattern, never a persona's words; :mod:`.normalize` calls this before its own
chat rewrites.
"""

from __future__ import annotations

import re

from .lexicon import RELATIONS, is_job_noun
from .spelling import is_known_word

# Learners' English (calques of other languages' prepositions): "married with X", "work
# by a company", "a son of 12", "since long time".
_MARRIED_WITH_RE = re.compile(r"\b(married|engaged) with\b", re.I)
# "I'm married to Vera": the name is the spouse's, said as "my spouse Vera" so the
# person is tracked (a "she" after it gives the spouse's gender, and "my wife" with it).
_MARRIED_TO_NAME_RE = re.compile(r"\b(married|engaged) to (?=[A-Z][\w'-]*\b)")
_WORK_BY_RE = re.compile(r"\b((?:work|teach|study)(?:s|es|ies|ed|ing)?(?: as (?:an? )?[a-z]+)?) by "
                         r"(a|an|the)\b", re.I)
# "on Sunday she makes 88": turns 88, as learners from around the Mediterranean say it
_MAKES_AGE_RE = re.compile(r"\b(makes|make|will make|is making) (\d{1,3})(?=\s*(?:[,.;!?]|$|on\b|"
                           r"this\b|next\b|in\b|tomorrow\b|and\b))", re.I)
# "a son of 12", "a daughter aged 9", "a 12-year-old son": said again as "My son is 12."
_KIN_OF_AGE_RE = re.compile(r"\b(?:a|one) ([a-z]+) (?:of|aged|who is|who's) (\d{1,2})\b"
                            r"(?! (?:months?|weeks?|my|our|his|her))", re.I)
_AGED_KIN_RE = re.compile(r"\b(?:a|an|one) (\d{1,2})[- ]years?[- ]old ([a-z]+)\b", re.I)
_THE_KIN_RE = re.compile(r"(^|[.!?]\s+)The (son|daughter|eldest|youngest|boy|girl|kids|children|"
                         r"husband|wife|dog|cat)\b")
# "the mother of my wife": a relation's relation said with "of", as "my wife's mother".
_KIN_OF_MY_RE = re.compile(r"\b([Tt])he ([a-z-]+) of (my|our) ([a-z-]+)\b")
# "Since two years I live in X": the duration said first, as learners of several
# languages say it; moved after the clause it measures.
_SINCE_FIRST_RE = re.compile(
    r"(^|[.!?]\s+)(?:[Ss]ince|[Ff]or) ((?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:years?|months?|weeks?)),? (I|we|he|she|they) ([a-z][^,.;!?]*?)(?=,| and |[.;!?]|$)")
# "I become 35": "become" for turning an age, as some languages say it.
_BECOME_AGE_RE = re.compile(r"\b(become|becomes|will become) (\d{1,3})\b(?! (?:years|%))")
# "The son is called A and the daughter B": the second name's verb left out.
_GAPPED_NAME_RE = re.compile(r"\b(is called|is named) ([A-Z][\w'-]*) and (?:the|my) "
                             r"([a-z]+) ([A-Z][\w'-]*)\b")


# "My name Oskar", "I have girlfriend", "I want ask", "My mother she always say": a verb,
# an article, a "to" left out, or a subject said twice.
_NAME_NO_VERB_RE = re.compile(r"\b((?i:my name)) (?=[A-Z][a-z])(?!Is\b)")
# "son have 14", "my daughter has 9": an age said with "have" and no "years".
_KIN_HAS_AGE_RE = re.compile(r"\b(son|daughter|boy|girl|brother|sister|kid|child) (?:has|have) "
                             r"(\d{1,2})\b(?! (?:years|months|weeks|kids|children|dogs|cats))",
                             re.I)
# "I am forklift driver", "he is driver of bus": the article a job takes, left out.
_BARE_JOB_RE = re.compile(r"\b(I am|I'm|[Hh]e is|[Ss]he is|[Hh]e's|[Ss]he's) "
                          r"((?:[a-z-]+ )?([a-z-]+))(?=(?: (?:on|in|at|of|for|here|and|but)\b)"
                          r"|[,.;!?]|$)")
_HAVE_BARE_RE = re.compile(r"\b(have|has) (?=(?:girlfriend|boyfriend|wife|husband|partner|dog|cat|"
                           r"son|daughter|brother|sister|car|job|house|flat)\b)", re.I)
_WANT_BARE_RE = re.compile(r"\b(want|wants|need|needs|try|tries|like|likes) (?=(?:ask|go|buy|learn|"
                           r"make|get|see|visit|find|know|write|say|tell|eat|live|work|become|move|"
                           r"study|change|start|stop|travel)\b)", re.I)
_DOUBLE_SUBJECT_RE = re.compile(
    r"\b((?:my|our) (?:[a-z-]+ ){0,2}?[a-z-]+) (?:he|she|they) (?=[a-z])", re.I)
# "My colleague Oskar he works nights" / "Zuzu she chose it": a learner's pronoun after a
# name says the subject twice; the name stays, the pronoun goes.
_NAME_THEN_PRONOUN_RE = re.compile(
    r"(^|[.!?,;]\s+|\b(?:[Mm]y|[Oo]ur) (?:[a-z-]+ ){1,2})([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?),? "
    r"(he|she)(?=(?:'s)? [a-z])")
# "Oskar, 45, lives in Narvik": an age set off by commas after a name opening a sentence.
_NAME_COMMA_AGE_RE = re.compile(
    r"(^|[.!?]\s+)([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?), (\d{1,3}), (?=[a-z])")
# "we live in X and work in Y": the second verb's subject said again, so each is a fact
_LIVE_AND_WORK_RE = re.compile(r"\b(I|we) (live|work|study)( (?:in|at|near) [^,.;!?]*?) and "
                               r"(live|work|study) (in|at|near|for)\b", re.I)


# "I have a girlfriend, Mira, she ...": the name set off by commas names the relation
_HAVE_A_NAMED_RE = re.compile(
    r"\b(have|has|got)(?: also| now| just)? (a|an) ((?:new )?([a-z-]+)), ([A-Z][^\W\d_'-]+)"
    r"(?=,|\.|$| and\b)")


def learner_shapes(text: str) -> str:
    """``text`` with the learner shapes above said in standard English."""
    text = _NAME_NO_VERB_RE.sub(r"\1 is ", text)
    text = _HAVE_BARE_RE.sub(r"\1 a ", text)
    text = _KIN_HAS_AGE_RE.sub(lambda m: f"{m.group(1)} is {m.group(2)}", text)
    text = _BARE_JOB_RE.sub(_with_article, text)
    # "we have a new apprentice, Oskar": named, someone the next "he" may mean
    text = _HAVE_A_NAMED_RE.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)} called "
                                f"{m.group(5)}" if m.group(4) in RELATIONS or is_job_noun(
                                    m.group(4)) or m.group(3).startswith("new ")
                                else m.group(0), text)
    text = _WANT_BARE_RE.sub(r"\1 to ", text)
    text = _DOUBLE_SUBJECT_RE.sub(lambda m: m.group(0) if m.group(1).split()[-1].lower() not in
                                  RELATIONS else f"{m.group(1)} ", text)
    # written as two sentences, the name is a mention and the pronoun its subject: the
    # tagger reads "Oskar he work" as a verb "Oskar"
    text = _NAME_THEN_PRONOUN_RE.sub(
        lambda m: m.group(0) if not m.group(1).strip() and is_known_word(m.group(2).lower())
        else f"{m.group(1)}{m.group(2)}. {m.group(3).capitalize()}", text)
    text = _NAME_COMMA_AGE_RE.sub(lambda m: m.group(0) if is_known_word(m.group(2).lower())
                                  else f"{m.group(1)}{m.group(2)} is {m.group(3)}. "
                                  f"{m.group(2)} ", text)
    text = _LIVE_AND_WORK_RE.sub(r"\1 \2\3, and \1 \4 \5", text)
    text = _MARRIED_WITH_RE.sub(r"\1 to", text)
    text = _MARRIED_TO_NAME_RE.sub(lambda m: f"{m.group(1)} to my "
                                   f"{'spouse' if m.group(1) == 'married' else 'fiance'} ", text)
    text = _WORK_BY_RE.sub(r"\1 at \2", text)
    text = _MAKES_AGE_RE.sub(r"turns \2", text)
    ages = [(m.group(1), m.group(2)) for m in _KIN_OF_AGE_RE.finditer(text)]
    ages += [(m.group(2), m.group(1)) for m in _AGED_KIN_RE.finditer(text)]
    ages = [(kin.lower(), age) for kin, age in ages if kin.lower() in RELATIONS]
    if ages and len({kin for kin, _ in ages}) == len(ages):  # one of each: no ambiguity
        text = text.rstrip() + "".join(f" My {kin} is {age}." for kin, age in ages)
    text = _KIN_OF_MY_RE.sub(lambda m: f"{'M' if m.group(1) == 'T' else 'm'}{m.group(3)[1:]} "
                             f"{m.group(4)}'s {m.group(2)}" if m.group(2) in RELATIONS
                             and m.group(4) in RELATIONS else m.group(0), text)
    text = _SINCE_FIRST_RE.sub(lambda m: f"{m.group(1)}{m.group(3)} {m.group(4)} for {m.group(2)}",
                               text)
    text = _BECOME_AGE_RE.sub(lambda m: {"become": "turn", "becomes": "turns"}.get(
        m.group(1), "will turn") + f" {m.group(2)}", text)
    text = _THE_KIN_RE.sub(r"\1My \2", text)
    text = re.sub(r"\bsince (?:a )?long time\b", "for a long time", text, flags=re.I)
    return _GAPPED_NAME_RE.sub(r"\1 \2 and my \3 is called \4", text)


def _with_article(m: re.Match[str]) -> str:
    """ "I am forklift driver" -> "I am a forklift driver"; left alone unless the last word is an
    occupation and the first no determiner or degree word ("I am very tired")."""
    phrase, head = m.group(2), m.group(3)
    first = phrase.split()[0].lower()
    if not is_job_noun(head.lower()) or first in _NOT_BEFORE_JOB or head.lower() in _NOT_JOBS:
        return m.group(0)
    return f"{m.group(1)} {'an' if phrase[0] in 'aeiou' else 'a'} {phrase}"


_NOT_BEFORE_JOB = frozenset("a an the my our his her their your this that very so too not "
                            "also still just now only really always never".split())
_NOT_JOBS = frozenset("teenager better older younger later sober member".split())


def _opens(text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` opens a sentence of ``text``."""
    return not text[:match.start()].strip() or text[:match.start()].rstrip()[-1:] in ".!?"
