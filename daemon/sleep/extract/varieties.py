"""Shapes of other Englishes -> the English the clause rules read.

    from daemon.sleep.extract.varieties import variety_shapes
    variety_shapes("My good name is Oskar Vik, I am 35 yrs. Narvik, that is my native place.")
    # "My name is Oskar Vik, I am 35 years old. Narvik. I am from Narvik."

The English of India, Pakistan and Bangladesh is how hundreds of millions of people write
English: "my good name is", "she is 4 years only", "today itself", "my native
place", "father name is", "elder one is my son X", kin words like "co-brother" and
"cousin-sister", degrees like "B.Tech". Each rewrite keeps the writer's words and only
drops an emphatic "only"/"itself" or adds the glue the answer templates add anyway.

Irish and Northern English: "me mam", "me da" (my), "herself" or "the missus" for a
wife, "I'm only after moving" (have just moved), "amn't I 42 on Saturday", "I do be
working nights", "twelve year now", "our Vera, me sister,", "our young one" (child), "her
fella X", "thanks me son" (said to the assistant); tradespeople's slang: "me old man",
"she goes for the Narvik Owls", "bub's due in 8 weeks"; Singapore's "she 78", "got one
cat"; dates in numbers ("on 6/13"), read where only one order fits.
:mod:`.normalize` calls :func:`variety_shapes` with the chat shapes.
"""

from __future__ import annotations

import re

from .lexicon import NUMBER_WORDS, RELATIONS, VISIT_WORDS
from .verbs import be_for, lemma_of, participle

_GOOD_NAME_RE = re.compile(r"\b(my|his|her) good name\b", re.I)
# "he is 7 years", "I am 35 yrs and ...": an age without "old"
_YEARS_AGE_RE = re.compile(r"\b(am|is|are|'m|'s) ((?:only |just )?\d{1,3}) (?:years?|yrs?)\b"
                           r"(?! old| ago)(?= only\b|\s*[,.;!?]|\s+(?:and|but|so|now)\b|$)", re.I)
# "4 years only", "today itself", "in Narvik only", "76 already": emphasis, not meaning
_EMPHASIS_RE = re.compile(r"(?<=[\w)]) (?:only|itself|already)(?=\s*(?:[,.;!?)]|$|\s(?:and|but|so|"
                          r"because|for|with)\b))", re.I)
# "Narvik, that is my native place" / "my native place is Narvik": where one is from
_NATIVE_AFTER_RE = re.compile(r"\b([A-Z]?[a-z]+), (?:that|which|it) is my native "
                              r"(?:place|town|village)\b", re.I)
_NATIVE_BEFORE_RE = re.compile(r"\bmy native (?:place|town|village) is ([A-Za-z]+)\b", re.I)
# "father name is X", "mother is also homemaker": a relation without "my"
_KIN_NAME_IS_RE = re.compile(r"(^|[.!?]\s+)(father|mother|wife|husband|son|daughter|brother|"
                             r"sister)(?:'s)? name is\b", re.I)
# "elder one is my son X" / "younger one is daughter Y": which child, then who
_WHICH_ONE_RE = re.compile(r"\b(?:the )?(?:elder|older|eldest|younger|youngest|small|big) one "
                           r"is (?:my )?(son|daughter|boy|girl)\b", re.I)
# "B.Tech", "M.Sc": a degree's full stops are no sentence ends
_DEGREE_RE = re.compile(r"\b([BM])\.(Tech|Sc|Com|Ed|Pharm|Arch|A|E)\b")


# Irish and Northern English (see the module docstring)
_ME_KIN_RE = re.compile(r"\b([Mm])e (da|ma|mammy|daddy|missus|kids|young ones?|own|best|old|"
                        r"little|big|mates?|" +
                        "|".join(sorted(RELATIONS, key=len, reverse=True)) + r")\b")
_DA_RE = re.compile(r"\b([Mm]y) (da|ma)\b(?!-)")
# "herself is Vera", "with herself and the kids": the wife, where no "she" came before
_SPOUSE_RE = re.compile(r"(^|[.!?]\s+|\b(?:and|n|with|me and|me n) )(herself|himself)\b",
                        re.I | re.M)
_MISSUS_RE = re.compile(r"(^|[.!?]\s+|\W\s*)?\b(?:the |[Mm]y )?missus\b", re.I | re.M)
# "my old man's a retired joiner": the user's dad; "she goes for the Narvik Owls": supports
_OLD_MAN_RE = re.compile(r"\b([Mm]y) old (man|dear)\b")
_GOES_FOR_RE = re.compile(r"\b(go|goes|went) for the (?=[A-Z])")
# "our Vera is out in Narvik this six year": where someone abroad lives (not a visit)
_OUT_IN_RE = re.compile(r"(\w)(?:'s| is| are|'re) out in (?=[A-Z])")
_JUST_NOW_RE = re.compile(r"\b(?:today|tonight|this (?:week|weekend|morning|afternoon|evening)|"
                          r"at the moment|right now|for the (?:day|week|weekend)|" +
                          "|".join(VISIT_WORDS) + r")\b", re.I)
# "4 months off the smokes now", "I'm off the drink": given up
_OFF_THE_RE = re.compile(r"\b(?:(?:I'm|I am|been) )?(?:(\w+) (days?|weeks?|months?|years?) )?off "
                         r"the (smokes|fags|cigs|ciggies|durries|drink|booze|sugar|vapes?)\b"
                         r"(?: now)?", re.I)
# "bub's due in 8 weeks": the baby the user is expecting
_DUE_RE = re.compile(r"\b(?:(?:the|our|my) )?(?:bub|baby|bubba)(?:'s| is) due\b", re.I)
_AFTER_RE = re.compile(r"\b((?i:I'm|I am|we're|we are|he's|he is|she's|she is)|[A-Z][a-z]+ is|"
                       r"[A-Z][a-z]+'s) (?i:only |just )?(?i:after) ([a-z]+ing)\b")
_AMNT_RE = re.compile(r"\b(?:sure |and )?amn't I\b", re.I)
_DO_BE_RE = re.compile(r"\b(I|we|you|they|he|she) (do|does) be (\w+ing)\b", re.I)
# "twelve year now", "this six year": a count of years without the plural
_NUMBER = r"(?:\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_BARE_YEARS_RE = re.compile(rf"\b(this |the last )?({_NUMBER}) year\b(?![- ]old)"
                            r"(?=(?(1).|\s*(?:now\b|[,.;!?]|$|and\b|so\b|but\b)))", re.I)
# "I'm a potter in Narvik, twelve years now": how long what was just said has held
_YEARS_NOW_RE = re.compile(rf",\s+((?:{_NUMBER})\+?) years now\b", re.I)
# "our Vera, my sister," -> "my sister Vera"
_OUR_KIN_RE = re.compile(r"\b[Oo]ur ([A-Z][\w'-]+), my ([a-z-]+),? ")
# "our only young one", "his young lad": a child, as Irish English and its kin say it;
# "her fella Oskar": her partner
_YOUNG_ONE_RE = re.compile(r"\b(my|our|his|her|their) ((?:only|eldest|oldest|youngest) )?"
                           r"young (one|ones|lad|lads)\b", re.I)
_YOUNG = {"one": "child", "ones": "children", "lad": "son", "lads": "sons"}
# "Where ya to, me son?", "thanks me son": the assistant addressed, no son of the user's
_ADDRESS_RE = re.compile(r"(,|\b(?:thanks|thank you|cheers|ta))\s+(?:me|my) (?:son|boy|love|dear|"
                         r"darling|maid|lad|friend|brother)(?=\s*(?:[.!?]|$))", re.I)
_FELLA_RE = re.compile(r"\b(my|her) (?:fella|fellow)\b(?= [A-Z])", re.I)
_HAVE = {"i'm": "I have", "i am": "I have", "we're": "we have", "we are": "we have"}


def _spouse(m: re.Match[str]) -> str:
    before = m.string[max(m.string.rfind(".", 0, m.start()), 0):m.start()].lower()
    word = m.group(2).lower()
    if re.search(r"\b(?:she|he)\b", before):
        return m.group(0)  # "she was pleased with herself"
    spouse = "my husband" if word == "himself" else "my wife"
    lead = m.group(1)
    return f"{lead}{spouse.capitalize() if not lead.strip() or lead.strip() in '.!?' else spouse}"


def _just_done(m: re.Match[str]) -> str:
    """ "I'm only after moving" -> "I have just moved"."""
    subject = m.group(1).lower()
    have = _HAVE.get(subject) or m.group(1).split("'")[0].split(" ")[0] + " has"
    return f"{have} just {participle(lemma_of(m.group(2)))}"


def _habit(m: re.Match[str]) -> str:
    """ "I do be working" -> "I am working"."""
    subject, do = m.group(1), m.group(2).lower()
    be = "am" if subject.lower() == "i" else "is" if do == "does" else "are"
    return f"{subject} {be} {m.group(3)}"


def _out_in(m: re.Match[str]) -> str:
    rest = re.split(r"[.!?]", m.string[m.end():], maxsplit=1)[0]
    if _JUST_NOW_RE.search(rest):
        return m.group(0)  # "he's out in Narvik this week": a visit
    plural = m.group(0).endswith(("are out in ", "'re out in "))
    return f"{m.group(1)} {'live' if plural else 'lives'} in "


def spoken_times(text: str) -> str:
    """ "4 months off the smokes now" -> "I gave up the smokes 4 months ago", "this six
    year" -> "for six years"; called on the whole message before its times are read
    (:func:`.terse.expand_terse`), so that the times they make are resolved like any other."""
    text = _BARE_YEARS_RE.sub(lambda m: f"{'for ' if m.group(1) else ''}{m.group(2)} years", text)
    text = _YEARS_NOW_RE.sub(r" for \1 years now", text)
    text = re.sub(r"\bnext tomorrow\b", "in two days", text, flags=re.I)  # (Nigeria's)
    return _OFF_THE_RE.sub(lambda m: f"I gave up the {m.group(3)}" + (
        f" {m.group(1)} {m.group(2)} ago" if m.group(1) else ""), text)


def _irish_shapes(text: str) -> str:
    text = _ADDRESS_RE.sub(lambda m: "" if m.group(1) == "," else m.group(1), text)
    text = _ME_KIN_RE.sub(lambda m: f"{m.group(1)}y {m.group(2)}", text)
    text = _YOUNG_ONE_RE.sub(lambda m: f"{m.group(1)} {m.group(2) or ''}"
                             f"{_YOUNG[m.group(3).lower()]}", text)
    text = _FELLA_RE.sub(r"\1 boyfriend", text)
    text = _DA_RE.sub(lambda m: f"{m.group(1)} {'dad' if m.group(2) == 'da' else 'mam'}", text)
    text = re.sub(r"\b(mam|mum|ma) and da\b", r"\1 and dad", text)
    text = _OUT_IN_RE.sub(_out_in, _OUR_KIN_RE.sub(r"my \2 \1 ", text))
    text = _OLD_MAN_RE.sub(lambda m: f"{m.group(1)} {'dad' if m.group(2) == 'man' else 'mum'}",
                           text)
    text = _GOES_FOR_RE.sub(lambda m: "supports the " if m.group(1) == "goes" else
                            "supported the " if m.group(1) == "went" else "support the ", text)
    text = _DUE_RE.sub("our baby is due", text)
    text = _SPOUSE_RE.sub(_spouse, text)
    text = _MISSUS_RE.sub(lambda m: (m.group(1) or "") + (
        "My wife" if m.start() == 0 or (m.group(1) or "").strip() in tuple(".!?") else "my wife"),
        text)
    text = _AFTER_RE.sub(_just_done, text)
    text = _DO_BE_RE.sub(_habit, _AMNT_RE.sub("I am", text))
    return text


# Singapore English: "she 78", "he in the team" (no "is"); "got one cat", "got high
# blood pressure" (has); "the small one, Vera, turning 7" (the youngest child)
_NO_BE_RE = re.compile(r"\b([Ss]he|[Hh]e|I|[Tt]hey|[Ww]e)((?: only| also| just| now)?) "
                       r"(?=\d{1,3}\b(?! (?:years? ago|am|pm)\b)|"
                       r"(?:in|at|from) (?:the |a )?[\w-]+)")
_GOT_RE = re.compile(r"\b([Ss]he|[Hh]e|I|[Tt]hey|[Ww]e|[Mm]y \w+(?: [A-Z]\w+)*) got "
                     r"(?=(?:one|no|high|low|new)\b)")
_HAS = {"i": "have", "they": "have", "we": "have"}
_SMALL_ONE_RE = re.compile(r"\b[Tt]he (?:small|smallest|little|youngest) one, "
                           r"([A-Z]\w+(?: [A-Z]\w+)?), (?=turning \d)")


def _singapore_shapes(text: str) -> str:
    text = _SMALL_ONE_RE.sub(r"My youngest child \1 is ", text)
    text = _GOT_RE.sub(lambda m: f"{m.group(1)} {_HAS.get(m.group(1).lower(), 'has')} ", text)
    return _NO_BE_RE.sub(lambda m: f"{m.group(1)} {be_for(m.group(1))}{m.group(2)} ",
                         text)


# "on 6/13", "by 4/30": a day and month in numbers, read where one of them can only be
# the day (over 12); "5/9" could be either and stays as written
_NUMERIC_DATE_RE = re.compile(r"(?<![\w/.])(\d{1,2})/(\d{1,2})(?:/((?:19|20)\d\d))?(?![\w/]|\.\d)")
_MONTH_NAMES = ("January February March April May June July August September October "
                "November December").split()


def _numeric_date(m: re.Match[str]) -> str:
    first, second = int(m.group(1)), int(m.group(2))
    month, day = (first, second) if second > 12 else (second, first) if first > 12 else (0, 0)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return m.group(0)
    return f"{_MONTH_NAMES[month - 1]} {day}" + (f", {m.group(3)}" if m.group(3) else "")


# Nigerian English: "my madam" (wife), "my oga" (boss), "my small sister", "he's clocking
# 41", "she just put to bed" (gave birth), "working with a bank" (at), "born and bred in X"
_WEST_AFRICAN = tuple((re.compile(p, re.I), r) for p, r in (
    (r"\b(my|our|his|her) madam\b", r"\1 wife"), (r"\b(my|our|his|her) oga\b", r"\1 boss"),
    (r"\b(my|our|his|her) small (sister|brother)\b", r"\1 younger \2"),
    (r"\bclocking (\d{1,3})\b", r"turning \1"), (r"\bclocked (\d{1,3})\b", r"turned \1"),
    (r"\bclocks (\d{1,3})\b", r"turns \1"), (r"\bput to bed\b", "gave birth"),
    (r"\bborn and (?:bred|raised) in\b", "born in"),
    (r"\b(work|works|working|worked) with (an?|the) (?=(?:[a-z]+ )?(?:bank|firm|company|"
     r"pharmacy|hospital|school|ministry|agency|clinic|bakery|shop|hotel)\b)", r"\1 at \2 ")))


def variety_shapes(text: str) -> str:
    """``text`` with the shapes above written in the English the rules read."""
    for pattern, plain in _WEST_AFRICAN:
        text = pattern.sub(plain, text)
    text = _singapore_shapes(_irish_shapes(_DEGREE_RE.sub(r"\1\2", text)))
    text = _NUMERIC_DATE_RE.sub(_numeric_date, text)
    text = _GOOD_NAME_RE.sub(r"\1 name", text)
    text = _YEARS_AGE_RE.sub(lambda m: f"{m.group(1)} {m.group(2)} years old", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _NATIVE_AFTER_RE.sub(lambda m: f"{m.group(1)}. I am from {m.group(1)}", text)
    text = _NATIVE_BEFORE_RE.sub(r"I am from \1", text)
    text = _KIN_NAME_IS_RE.sub(lambda m: f"{m.group(1)}My {m.group(2).lower()}'s name is", text)
    return _WHICH_ONE_RE.sub(lambda m: f"my {m.group(1).lower()}", text)
