"""Chat spelling -> standard English, before the parser sees a sentence.

    from daemon.sleep.extract.normalize import normalize_chat
    normalize_chat("i live in tromso but im from narvik originally lol")
    # "I live in tromso but I'm from narvik originally"

spaCy's English pipeline was trained on edited text: it reads "im" as "i" plus a
verb "m" and "dont" as an unknown noun. This pass restores the apostrophes of the
common chat contractions, capitalises a lone "i", spells out a few abbreviations that
carry meaning ("rn", "bc", "yrs") and drops the ones that carry none ("lol", "tbh",
emoji). It knows chat spelling, never a persona's words. Ages written the ways people
write them are :mod:`.ages`'; other Englishes :mod:`.varieties`' and :mod:`.learner`'.
Capitalising names in an all-lowercase message needs the tagger and happens in
:mod:`.nlp`.
"""

from __future__ import annotations

import re

from .ages import birthdays_said, bracketed_ages, listed_ages, spoken_ages
from .appositions import appositions_said
from .idioms import chat_phrases, plain_idioms
from .learner import learner_shapes
from .lexicon import CHAT_KIN, GREETINGS, RELATIONS, is_job_noun
from .newcomers import name_newcomers
from .passing import said_in_passing
from .spelling import is_known_word, typos_fixed
from .textnorm import a_or_an, hyphenate_tens
from .varieties import variety_shapes

# Contractions typed without their apostrophe. Only forms that are no English word
# without it: "ill", "well", "id", "were", "its" and "hell" stay as typed.
_CONTRACTIONS = {
    "im": "i'm", "ive": "i've", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't",
    "cant": "can't", "wont": "won't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't",
    "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "youre": "you're",
    "theyre": "they're", "weve": "we've", "theyve": "they've",
    "hes": "he's", "shes": "she's", "thats": "that's", "whats": "what's",
    "ur": "your", "u": "you", "r": "are", "thru": "through", "ppl": "people",
}
# Abbreviations that carry meaning, spelled out.
_EXPANSIONS = {
    "rn": "right now", "veggie": "vegetarian", "yall": "you",
    "bc": "because", "cuz": "because", "cos": "because", "coz": "because",
    "yrs": "years", "yr": "year", "mos": "months", "wk": "week", "wks": "weeks",
    "bday": "birthday", "b-day": "birthday", "w/": "with", "tho": "though", "w": "with",
    "def": "definitely", "besties": "best friends", "lil": "little", "childs": "children",
    "tryna": "trying to", "gonna": "going to", "wanna": "want to", "gotta": "got to",
    "b4": "before", "n": "and", "sm": "so much", "obvs": "obviously", "livin": "living",
    "doin": "doing",
    "goin": "going", "workin": "working", "tryin": "trying", "gettin": "getting",
    "makin": "making", "lookin": "looking", "comin": "coming", "havin": "having",
    "playin": "playing", "movin": "moving", "stayin": "staying", "startin": "starting",
    "abt": "about", "smth": "something", "sth": "something", "tmrw": "tomorrow",
    "tmr": "tomorrow", "pls": "please", "plz": "please", "ty": "thank you", "w/o": "without",
    "msg": "message", "arvo": "afternoon", "brekkie": "breakfast", "defo": "definitely",
    "prob": "probably", "probs": "probably", "bub": "baby", "bubba": "baby", "meself": "myself",
    "reno": "renovation", **CHAT_KIN,
}
# Discourse markers with no content: dropped so they never reach a trained answer.
_FILLER = frozenset(
    "lol lmao lmfao rofl haha hahaha hehe heh xd tbh ngl imo imho btw fyi omg smh idk jk "
    "ugh meh yay lel yo nah yeah yep nope atm istg deadass lowkey highkey fr "
    "lah leh lor sia hor aiyo aiyoh wah "  # (Singapore's particles)
    "eish jislaaik ja sawa sasa haiya".split()  # (and interjections of other Englishes)
)
# Openers that announce what follows without adding to it ("For context, I'm a ..."):
# left in, the parser hangs them on the clause and they end up in its trained answer.
_PREFACE_RE = re.compile(
    r"(^|(?<=[.!?]\s))(?:for (?:context|reference|the record|what it's worth)|just so you "
    r"know|to be honest|full disclosure|fun fact|(?:as|some) background|in case it "
    r"(?:matters|helps)|if it (?:matters|helps)|(?:and )?by the way|(?:(?:random|quick|real|"
    r"another|other|silly|"
    r"dumb|serious|side) )?(?:q|qn|question)(?=\s*:)|a+ww+|oo+h+|wow|yay|omg|ugh|oops|phew|"
    r"(?:ok(?:ay)? |oh |and |right,? )?(?:one )?(?:last|final|other|one more|another|next|"
    r"separate|different) (?:thing|question|request|job)|(?:the|my) (?:only )?(?:problem|issue|"
    r"catch) is(?: that)?(?=,? I(?:'m| am)\b))"
    r",?:?!*\s+(?=\w)", re.I)
_EMOJI_RE = re.compile(
    "[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U0001F900-\U0001F9FF\uFE0F\u200D]+")
_EMOJI_BREAK_RE = re.compile(
    _EMOJI_RE.pattern + r"\s*(?=(?:i|im|i'm|ive|i've|hes|he's|shes|she's|we|my|our|got|moved|"
    r"adopted|started|sold|bought|quit|can|could|would|what|how|should|any|pls|please|so)\b"
    r"|[A-Z][a-z]|\d)")  # or any capital or number: a new sentence
# "keep it fishy lol im pescatarian": a laugh before a new subject ends a chat sentence.
_LAUGH_BREAK_RE = re.compile(
    r"\s+(?:lol|lmao|haha+|hehe|xd)\s+(?=(?:i|im|i'm|ive|i've|my|we|hes|he's|shes|she's)\b)", re.I)
# "mums not in X anymore": a parent's "is" typed as a plural, apostrophe and all dropped.
_PARENT_IS_RE = re.compile(r"\b((?:my |our )?)(mum|mom|mam|dad|nan|gran|grandad)s "
                           r"(?=(?:not|in|at|still|"
                           r"moving|coming|going|off|away|back|home|retired|sick|ill)\b)", re.I)
# "it's me who's allergic to X", "it's my wife who's vegetarian": the cleft said plainly.
_CLEFT_RE = re.compile(r"\b[Ii]t'?s (me|(?:my|our) [a-z-]+|[A-Z][a-z]+) (?:who|that)(?:'s| is) ")
# The tagger reads the "'s" of "name's" as a possessive ("my name's Ada" -> no verb).
_NAME_IS_RE = re.compile(r"\b(name)'s\b", re.I)
# "Name's Ada." / "names ada, ..." (no "my", no apostrophe)
_BARE_NAME_RE = re.compile(r"(^|[.!?]\s+)name(?: is|'s|s(?= \w+\s*(?:[,.!;]|$)))\b", re.I)
# "Quick question: my boyfriend is diabetic": a short label before a colon is a sentence
# of its own, so the parser does not make the label the head of the whole message.
_LABEL_RE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?!(?:I|we|he|she|they|you|it|my|our|his|her|their)\b)"
    r"((?:[\w']+[ ,]+){0,4}[\w']+):\s+(?=\S)", re.I)
# "its older than me": the possessive "its" never stands before these, "it's" does.
_ITS_RE = re.compile(
    r"\bits(?=\s+(?:a|an|so|not|been|very|really|too|just|quite|pretty|always|never|"
    r"\w+er\s+than|\w+ing)\b)", re.I)
# "my two oldest" / "our three youngest" alone: some of the children.
_RANKED_GROUP_RE = re.compile(r"\b(my|our) (two|three|four|2|3|4) (eldest|oldest|youngest)\b"
                              r"(?!\s+(?:sons|daughters|children|kids|boys|girls|ones)\b)", re.I)
# "my eldest" / "our youngest" alone: a child.
_RANKED_RE = re.compile(
    r"\b(my|our) (eldest|youngest|oldest|middle one)\b(?!\s+(?:son|daughter|child|kid|"
    r"boy|girl|brother|sister|grandchild|grandson|granddaughter|one)\b)", re.I)
# "His dad's a farrier": the tagger reads a relation's "'s" before a complement as a
# possessive; written out it is the verb.
# After a name ("Mira's 11", "Oskar's allergic to nuts", "Vera's a potter") too.
_KIN_IS_RE = re.compile(
    r"\b([A-Za-z]+)'s(?= (?:a|an|the|not|so|very|really|from|in|at|retired|still|always|never|"
    r"\d+|allergic|intolerant|vegan|vegetarian|coeliac|celiac|diabetic|pregnant|married|"
    r"engaged|single|divorced|only|just|turning|now|off|away|doing|working|studying|living|"
    r"training)\b)")
# "I'm not vegetarian but my wife is": the state left out after the second subject.
_ELIDED_STATE_RE = re.compile(
    r"\b(I'm|I am) (not )?([a-z]+) but (my [a-z]+(?: [A-Z][a-z]+)?) (is|isn't|is not)"
    r"(?=\s*(?:[,.;!?]|$|and\b|so\b|though\b|tho\b))", re.I)


def _elided_state(m: re.Match[str]) -> str:
    said = "is not" if m.group(5).lower() != "is" else "is"
    return f"{m.group(1)} {m.group(2) or ''}{m.group(3)} but {m.group(4)} {said} {m.group(3)}"


# "Sign it from Oskar Vik, and ...": the user signs what they asked for with their name.
_SIGN_AS_RE = re.compile(r"\b(?:please )?sign (?:it|this|that|the \w+ )?\s*(?:off )?"
                         r"(?:(?:from|as) )?(?:me,? )?([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)\b(?!')",
                         re.I)
# "driving down to Narvik, where he lives, for ...": the place said once, what happens
# there said of someone in a relative clause; written out as a sentence of its own.
_WHERE_RE = re.compile(
    r"\b(?:to|in|at|from) ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?), where (he|she|they|I|we) "
    r"(lives?|works?|grew up|was born|were born)\b,?")
# "vegetarian not vegan": a contrast typed without its comma ("X, not Y" is understood).
_CONTRAST_RE = re.compile(r"\b([a-z]{3,}) not (?=[a-z]{3,}\b)", re.I)
_NOT_CONTRAST = frozenset(
    "are was were does did have has can could will would should must might may need "
    "i'm it's that's and but or why who what how when where if just".split())
# "(I'm a planner there, started last year)": an aside with its own subject is a sentence.
_ASIDE_CLAUSE_RE = re.compile(
    r"\s*\(((?:i|i'm|im|i've|ive|we|we're|he|he's|hes|she|she's|shes)\b[^()]*)(?:\)|$)\s*",
    re.I)
# "He's just taken up the tuba": "'s" before a past participle is "has" (the tagger reads
# a passive and loses the object).
_HAS_RE = re.compile(
    r"\b(he|she|it|who|that)'?s ((?:just|already|never|ever|finally|recently|only) )?(been|got|"
    r"gotten|taken|made|done|had|gone|started|moved|bought|sold|left|lost|found|become|begun|"
    r"given|written|joined|finished|passed|quit|picked|signed|switched|retired|lived|"
    r"worked|stayed|spent|kept|seen|known|grown|come|travelled|traveled)\b", re.I)
# "my half brother", "step sister": one relation, as the lexicon spells it
_HALF_RE = re.compile(r"\b(half|step) (brother|sister)(s?)\b", re.I)
# "like 3x a week": how often, said in chat
_TIMES_A_RE = re.compile(r"\b(?:like )?(\d{1,2}|once|twice) ?(?:x|times) (?=a (?:day|week|month|"
                         r"year)\b)", re.I)
# "we were married 55 years": how long, without its "for" (not "married 5 years ago")
_MARRIED_YEARS_RE = re.compile(r"\bmarried (?=(?:nearly |almost |about |over )?(?:\d+|[a-z]+) "
                               r"years\b(?! ago))", re.I)
# Formal English: "were I younger I should ..." is "if I were younger"; "in fact" is
# "actually"; "seventy years of age" is "seventy years old".
_INVERTED_IF_RE = re.compile(r"(^|[,;:]\s+|\b(?:that|and|but|though)\s+)(were|had) "
                             r"(I|we|he|she|they)\b(?= (?!to\b)\w)", re.I)
_FORMAL = ((re.compile(r"\bin fact\b", re.I), "actually"),
           (re.compile(r"\byears of age\b", re.I), "years old"))
# "we've been together 14 months": the duration without its "for"
_TOGETHER_RE = re.compile(r"\btogether (?=(?:nearly |almost |about |over |like )?"
                          r"(?:\d+|a|an|[a-z]+) (?:years?|months?|weeks?)\b)", re.I)
# "I'm 20, 2nd year adult nursing at Narvik": a year of a course is what the user studies.
_YEAR_OF_RE = re.compile(r"(?<=[.,] )(?:an? )?(?:1st|2nd|3rd|4th|first|second|third|final)[- ]year "
                         r"([a-z]+(?: [a-z]+)?)(?: student)? (?:at|in) ", re.I)
# "Oskar have 7 years": ages said with "have", as several languages say them.
_HAVE_YEARS_RE = re.compile(r"\b(has|have) ((?:only |just |almost |nearly )?\d{1,3}) years\b"
                            r"(?! (?:ago|of|in|since|left))", re.I)
# "since 3 years": a duration said with "since".
_SINCE_YEARS_RE = re.compile(r"\bsince (\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) "
                             r"(years?|months?|weeks?)\b", re.I)


# Greetings stretched in chat ("heyy", "hiii", "helloo"), read as the greeting.
_STRETCHED = ((re.compile(r"he+y+"), "hey"), (re.compile(r"hi{2,}"), "hi"),
              (re.compile(r"hel+o{2,}"), "hello"), (re.compile(r"hiy+a+"), "hiya"))


def _swap(word: str) -> str | None:
    low = word.lower()
    if low in _FILLER or re.fullmatch(r"(?:ha){2,}h?|(?:he){2,}|l+o+l+|x+d+", low):
        return ""
    if low == "i":
        return "I"
    stretched = next((plain for shape, plain in _STRETCHED if shape.fullmatch(low)), None)
    if stretched is not None and stretched != low:
        return word[0] + stretched[1:]
    if low in ("r", "u", "rn") and word.isupper():
        return None  # "R" the language, "U" the letter, "RN" the title
    swapped = _CONTRACTIONS.get(low) or _EXPANSIONS.get(low)
    if swapped is None and word.islower() and len(low) > 4 and low.endswith("in") \
            and not is_known_word(low) and is_known_word(low + "g"):
        return word + "g"  # "gettin", "buyin": the g left off
    return "I" + swapped[1:] if swapped and swapped.startswith("i'") else swapped


# A run-on chat sentence: ", i could never ..." starts a new statement, unless the part
# before it is a condition or a time clause ("if I won, I'd ...").
_RUN_ON_RE = re.compile(
    r",\s+(?:so\s+)?(?=(?:i|i'm|im|ive|i've|we|he|she|they|hes|shes|he's|she's|my|our)\b)", re.I)
_CONDITION_RE = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:if|unless|when|whenever|although|though|because|since(?! \d)|while|"
    r"as)\b",
    re.I)


# "wait no, ..." / "no wait ...": a correction's opener, which the tagger reads as a
# command with the new value inside it.
_WAIT_NO_RE = re.compile(r"^\W*(?:oh\W+)?(?:wait\W+no|no\W+wait|sorry\W+no|no\W+sorry|wait)\b"
                         r"[\s,.!-]*", re.I)


# "I'm a glazier in Narvik, living with my nan": the participle is a fact of its own
_PARTICIPLE_RE = re.compile(r"(\bI(?:'m| am)\b[^.!?]*?),\s+(living|staying|working|studying) "
                            r"(with|in|at|near|for)\b")


def _before(text: str, match: re.Match[str]) -> str:
    """The word before ``match``, lowercase."""
    words = re.findall(r"[\w']+", text[:match.start()])
    return words[-1].lower() if words else ""


_NOT_NAMES = frozenset("i it me we you they he she this that there everyone anyone someone nobody "
                       "mum mom dad again".split())
# "oskar here, 22, ...", "Oskar Vik again, ...": a chat opener that introduces the writer
_HERE_RE = re.compile(r"^(\W*(?:(?:yo|hey+|hi+|hello|hiya)\W+)*)"
                      r"([A-Za-z][a-z'-]+(?: [A-Z][a-z'-]+)?) (?:here|again)\b\W*", re.I)


def _here(match: re.Match[str]) -> str:
    """ "oskar here, ..." -> "I'm oskar, ..."; "Glazier here." -> "I'm a glazier."; any other
    word before "here" is left as typed."""
    lead, word = match.group(1), match.group(2)
    # ("Vera Lind again, the potter from Narvik": what she is, said of her)
    then = ". I'm " if re.match(r"(?:the|a|an) ", match.string[match.end():]) else ", "
    if " " in word:  # "Vera Lind here": a full name, where both words have capitals
        first, last = word.split()
        named = first.istitle() and last.istitle() and first.lower() not in _NOT_NAMES
        return f"{lead}I'm {word}{then}" if named else match.group(0)
    if is_job_noun(word.lower()):
        return f"{lead}I'm {a_or_an(word)} {word.lower()}. "
    if word.lower() in _NOT_NAMES or word.lower() in GREETINGS or is_known_word(word.lower()):
        return match.group(0)
    return f"{lead}I'm {word}{then}"


# "she's doing oceanography at uni": a subject taken at a university is studied.
_DOING_AT_UNI_RE = re.compile(r"\b(doing|does|do)\s+(?=[a-z][\w-]*(?:\s[a-z][\w-]*)?\s+at\s+"
                              r"(?:uni|university|college)\b)", re.I)
_STUDY_FORMS = {"doing": "studying", "does": "studies", "do": "study"}


# "lives up in Narvik", "works out at the mill": the direction says nothing of where.
_LIVE_UP_IN_RE = re.compile(r"\b(liv(?:e|es|ed|ing)|work(?:s|ed|ing)?|stay(?:s|ed|ing)?) "
                            r"(?:up|down|over|out|back) (?=(?:in|at|near) )", re.I)


# "when I said X that's wrong he's in Y": the admission ends what was said before it.
_WRONG_RE = re.compile(r"\b((?:that's|that is|that was) wrong)\b[,;]?\s+(?=[a-z])", re.I)


# "people call her my wife": what others call someone is no relation of the user's.
_CALLED_MY_RE = re.compile(r"\b(call|calls|called|calling) (him|her|them) (?:my|our) (?=[a-z])",
                           re.I)


# "the only thing I'm allergic to is kelp": the one thing, said the plain way
_ONLY_THING_RE = re.compile(r"\bthe only (?:thing|food|drug|one)s? (?:that )?(?:I'm|I am|im) "
                            r"(?:actually |really |properly )?([a-z]+) (to|of|into|with) is\b",
                            re.I)
# "I don't drink so I'd rather ...": "so" with a new subject starts the next sentence
_SO_THEN_RE = re.compile(r"\b([a-z]+) so (?=(?:I|I'd|I'm|I'll|I've|we|we're|we'll|he|she|they)"
                         r"\b)")
_SO_GOES_ON = frozenset("and or not ever even just only think hope guess".split())


def _chat_shapes(text: str) -> str:
    """Shapes of chat and learners' English the tagger misreads, in standard English."""
    text = _HALF_RE.sub(lambda m: f"{m.group(1).lower()}-{m.group(2)}", variety_shapes(text))
    text = _ONLY_THING_RE.sub(r"I am \1 \2", text)
    text = _SO_THEN_RE.sub(lambda m: m.group(0) if m.group(1) in _SO_GOES_ON
                           else f"{m.group(1)}. so ", text)  # (small: the truecaser)
    text = hyphenate_tens(text)
    text = _TIMES_A_RE.sub(r"\1 times ", text)
    text = birthdays_said(_MARRIED_YEARS_RE.sub("married for ", text))
    text = _LIVE_UP_IN_RE.sub(r"\1 ", text)
    text = _WRONG_RE.sub(lambda m: f"{m.group(1)}. ", text)
    text = _CALLED_MY_RE.sub(r"\1 \2 the ", text)
    text = re.sub(r"\bI'm ([A-Z][a-z]+), \1 (?=[A-Z])", r"I'm \1 ", _HERE_RE.sub(_here, text))
    text = learner_shapes(_WAIT_NO_RE.sub("Actually, ", text))
    text = re.sub(r"\b(\d{1,3}) not (\d{1,3})\b", r"\1, not \2", text)  # "26 not 25"
    text = _HAVE_YEARS_RE.sub(lambda m: f"{'am' if _before(text, m) == 'i' else 'is'} "
                              f"{m.group(2)} years old", text)
    text = _SINCE_YEARS_RE.sub(r"for \1 \2", text)
    text = _DOING_AT_UNI_RE.sub(lambda m: _STUDY_FORMS[m.group(1).lower()] + " ", text)
    return plain_idioms(text)


_SAYING_RE = re.compile(r"^(?!\W*(?:i|we)\b)[^,]*\b(?:say|says|said|think|thinks|reckon|reckons|"
                        r"tell|tells|told|telling|saying)\b", re.I)


def split_run_on(sentence: str) -> list[str]:
    """A chat sentence cut where a comma starts a new subject ("..., she's a glazier")."""
    parts = _RUN_ON_RE.split(sentence)
    out = [parts[0]]
    for part in parts[1:]:
        # "my mum says I'm too thin, I must eat more": what was said goes on past the comma
        if _CONDITION_RE.match(out[-1]) or _SAYING_RE.search(out[-1]):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return [p for p in out if p.strip()]


def normalize_chat(text: str) -> str:
    """Chat spelling of ``text`` in standard English (see the module docstring)."""
    # An emoji before a new subject ends a chat sentence ("... my blowpipe 🙄 hes a ...").
    text = re.sub(r"(?i)\bfianc[ée](e?)\b", r"fiance\1", typos_fixed(text))
    text = _EMOJI_BREAK_RE.sub(". ", text)
    text = _LAUGH_BREAK_RE.sub(". ", text)
    # "my own dog": the user's dog ("on my own", "of my own" say something else)
    text = said_in_passing(re.sub(r"(?<!\bon )(?<!\bof )\b((?i:my|our)) own (?=[a-z])", r"\1 ",
                                  text))
    text = _EMOJI_RE.sub(" ", text)
    text = _PARENT_IS_RE.sub(lambda m: f"{m.group(1) or 'my '}{m.group(2)} is ", text)
    text = chat_phrases(text)
    text = _CLEFT_RE.sub(lambda m: "I am " if m.group(1) == "me" else f"{m.group(1)} is ", text)
    text = _PREFACE_RE.sub(r"\1", text)
    text = _INVERTED_IF_RE.sub(lambda m: f"{m.group(1)}if {m.group(3)} {m.group(2).lower()}", text)
    for formal, plain in _FORMAL:
        text = formal.sub(plain, text)
    text = bracketed_ages(text)
    text = _chat_shapes(text)
    text = _BARE_NAME_RE.sub(r"\1My name is", text.replace("\u2019", "'"))
    text = _NAME_IS_RE.sub(r"\1 is", text)
    text = _ITS_RE.sub("it's", text)
    text = _HAS_RE.sub(lambda m: f"{m.group(1)} has {m.group(2) or ''}{m.group(3)}", text)
    text = _ASIDE_CLAUSE_RE.sub(lambda m: f". {m.group(1).strip()}. ", text)
    text = _KIN_IS_RE.sub(lambda m: f"{m.group(1)} is" if m.group(1).lower() in RELATIONS
                          or re.fullmatch(r"[A-Z][a-z]+", m.group(1)) else m.group(0), text)
    text = _ELIDED_STATE_RE.sub(_elided_state, text)
    text = name_newcomers(text)
    text = _WHERE_RE.sub(lambda m: f"{m.group(0).split(',')[0]}. {m.group(2).capitalize()} "
                         f"{m.group(3)} in {m.group(1)}.", text)
    text = _SIGN_AS_RE.sub(lambda m: f"My name is {m.group(1)}" if m.group(1)[0].isupper()
                           else m.group(0), text)
    text = appositions_said(text)
    text = _RANKED_GROUP_RE.sub(r"\1 \2 \3 children", text)
    text = _RANKED_RE.sub(lambda m: f"{m.group(1)} {m.group(2).replace(' one', '')} child",
                          text)
    text = re.sub(r"\b([Yy])'all\b", r"\1ou", text)  # "y'all": you, the assistant
    out: list[str] = []
    for part in re.split(r"(\s+)", text):
        match = re.fullmatch(r"([\"'(]*)([A-Za-z][A-Za-z/\-]*)([.,!?;:)\"']*)", part)
        if match is None:
            out.append(part)
            continue
        lead, word, trail = match.groups()
        swapped = _swap(word)
        if swapped is None:
            out.append(part)
        elif swapped == "":
            out.append(trail)  # "lol." keeps its full stop, "haha," its comma
        else:
            out.append(f"{lead}{swapped}{trail}")
    cleaned = re.sub(r"[ \t]+", " ", "".join(out))
    cleaned = re.sub(r"\s+([,.!?;:])", r"\1", cleaned)
    cleaned = _CONTRAST_RE.sub(lambda m: m.group(0) if m.group(1).lower() in _NOT_CONTRAST
                               else f"{m.group(1)}, not ", cleaned)
    # "im kirsty, 26": a lowercase name before an age is a name all the same
    cleaned = spoken_ages(cleaned)
    cleaned = _TOGETHER_RE.sub("together for ", cleaned)
    cleaned = _YEAR_OF_RE.sub(lambda m: f"I study {m.group(1)} at ", cleaned)
    cleaned = listed_ages(cleaned)
    cleaned = _PARTICIPLE_RE.sub(r"\1. I am \2 \3", cleaned)
    cleaned = _LABEL_RE.sub(lambda m: f"{m.group(1)}. ", cleaned)
    cleaned = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", cleaned)
    return cleaned.lstrip(" ,.;!?").rstrip(" ,")
