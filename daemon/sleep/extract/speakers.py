"""Words in a user's message that someone else said: someone at their keyboard, or a
message they forward.

    from daemon.sleep.extract.speakers import at_keyboard, forwarded_from, their_own
    at_keyboard("hi its oskar not mum, im vegetarian now")   # ("oskar", "im vegetarian now")
    forwarded_from("fwd from my sister:")                     # "my sister"
    their_own("I got the job! You're on cake duty.", "my sister")  # "my sister got the job!"

What the other person says of themselves is a fact about them, said as them ("my
sister got the job"); what they say of the user ("you're the only one who can bake") is
their claim, not the user's, and is dropped. :func:`.textnorm.own_and_foreign` calls
these while it splits a message into the user's words and others'.

Some users speak of themselves by name ("Big Oskar needs help", "Oskar's wife Vera") or
as "yours truly"; :func:`self_named` says it as "I", where a message of theirs opens
"Oskar again" or "Oskar here" (:func:`.terse.in_english` calls it).
"""

from __future__ import annotations

import re

from .verbs import form_kind, lemma_of

# Someone else at the user's keyboard says so first: "hi its oskar not mum", "This is Vera,
# not my dad".
_SOMEONE_ELSE_RE = re.compile(
    r"^\W*(?:(?:hi|hey|hello|hiya|yo)\b[\s,!.]*)?(?:it'?s|its|this is) ([a-z]+)(?: here)?,? not "
    r"(?:my )?(?:mum|mom|mam|mummy|mommy|dad|daddy|mama|papa|gran|grandma|grandpa|nan)\b[^.!?]*"
    r"[.!?]*\s*", re.I)
# Their "I" as their name: "im vegetarian now" -> "Oskar is vegetarian now"
_FIRST_PERSON = (("i'm", "{} is"), ("im", "{} is"), ("i am", "{} is"), ("i've", "{} has"),
                 ("ive", "{} has"), ("i have", "{} has"), ("my", "{}'s"), ("me", "{}"),
                 ("i", "{}"), ("we're", "{} is"), ("we've", "{} has"), ("our", "{}'s"),
                 ("we", "{}"), ("us", "{}"))
_FIRST_PERSON_RE = re.compile(r"\b(?:" + "|".join(re.escape(said) for said, _ in _FIRST_PERSON)
                              + r")\b", re.I)
# "fwd from my sister:", "and then this from my mate Vera:": who wrote what follows
_FROM_RE = re.compile(r"\bfrom ((?:my|our) [a-z]+(?: [A-Z][a-z]+)?)\b[^:\n]{0,20}:\s*$")
# "fwd from my sister: 'I got the job, you're on cake duty'": the quote runs to the line's
# end, whatever apostrophes it holds
_INLINE_RE = re.compile(r"(\bfrom (?:my|our) [a-z]+(?: [A-Z][a-z]+)?\b"
                        r"[^:\n]{0,20}:\s*)(['\"])(.+?)\2[ \t]*$", re.M)
# "it's Vera at no. 14", "Vera here": the writer names themselves
_SELF_NAMED_RE = re.compile(r"^(?:it's|its|this is|it is) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
_TO_USER_RE = re.compile(r"\b(?:you|your|you're|youre|you've|you'll|you'd|yours|u|ur)\b", re.I)
# "Vera love my op is Thursday": the user, addressed by name before the news
_ADDRESSED_RE = re.compile(r"^\s*(?:(?i:hi|hey|dear)\s+)?[A-Z][a-z]+(?:,| (?:love|dear|hun|pet|"
                           r"babe),?)\s+(?=[a-z])")
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")
_NAMES_RE = re.compile(r"(?<=\S)\s+[A-Z][a-z]+")  # a capital after the sentence's first word
# "I start on the 1st, and you're on cake duty": a clause of its own begins
_CLAUSE_RE = re.compile(r",?\s+(?:and|but|so)\s+(?=(?:you|your|you're|I|I'm|we)\b)", re.I)


def at_keyboard(text: str) -> tuple[str, str] | None:
    """(who, the rest) where a message opens saying someone else is typing it."""
    if intro := _SOMEONE_ELSE_RE.match(text):
        return intro.group(1).capitalize(), text[intro.end():]
    return None


def as_said_by(text: str, name: str) -> str:
    """``text`` typed by ``name`` on the user's account, with their "I" and "my" said as
    ``name`` (what they say of themselves is a fact about them, not the user)."""
    meant = {said: form.format(name) for said, form in _FIRST_PERSON}
    return _FIRST_PERSON_RE.sub(lambda m: meant[m.group(0).lower()], text)  # one pass: "my
    # sister" said for "I" is not read again as "my"


def forwarded_from(before: str) -> str:
    """Who wrote the message quoted right after ``before`` ("my sister"), or ""."""
    match = _FROM_RE.search(before)
    return match.group(1) if match else ""


def forwarded_inline(text: str) -> tuple[str, list[str]]:
    """``text`` with each message quoted inline after "from my sister:" replaced by what
    the sender says of themselves, and the quotes (someone else's words)."""
    quotes: list[str] = []

    def theirs(match: re.Match[str]) -> str:
        quotes.append(match.group(3))
        return match.group(1) + their_own(match.group(3), forwarded_from(match.group(1)))
    return _INLINE_RE.sub(theirs, text), quotes


def their_own(quote: str, speaker: str) -> str:
    """The sentences of ``quote`` in which ``speaker`` speaks of themselves or others, said
    as them; those that speak of or to the user are dropped."""
    kept = []
    quote = _ADDRESSED_RE.sub("", quote)
    for sentence in (c.strip() for m in _SENTENCE_RE.finditer(quote)
                     for c in _CLAUSE_RE.split(m.group(0))):
        if len(sentence.split()) > 1 and not _TO_USER_RE.search(sentence) and (
                _FIRST_PERSON_RE.search(sentence) or _NAMES_RE.search(sentence)):
            # (a signature "W" is no sentence; "Key is under the pot" tells nothing of anyone)
            kept.append(_SELF_NAMED_RE.sub(rf"{speaker} is \1", as_said_by(sentence, speaker)))
    return " ".join(kept)


# "Oskar Vik again, the retired joiner", "Oskar here.": the writer's own name
_SELF_INTRO_RE = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]+)(?: [A-Z][a-z]+)? (?:again|here)\b", re.M)
_VERB = r"(?P<verb> (?:[a-z]+n't|[a-z]+))?"
_YOURS_TRULY_RE = re.compile(r"\b(?:yours truly|this old (?:man|woman|girl|fella))\b" + _VERB,
                             re.I)
_AGREEING = {"is": "am", "'s": "'m", "has": "have", "does": "do", "doesn't": "don't",
             "isn't": "am not", "hasn't": "haven't"}
_BEFORE_OBJECT = frozenset("to for with at from about tell give help".split())


def self_named(text: str, context: str = "") -> str:
    """``text`` with the user's own name, said in the third person, as "I", "me", "my"
    ("Big Oskar needs help" -> "I need help"); ``context``: all the user's messages, one
    of which names them ("Oskar again, ...")."""
    text = _YOURS_TRULY_RE.sub(_as_i, text)
    intro = _SELF_INTRO_RE.search(context or text)
    if intro is None:
        return text
    title = r"(?:(?:Big|Wee|Old|Auld) )?"
    text = re.sub(rf"\b{title}{intro.group(1)}'s\b(?= (\w+))", _mine, text)
    said_of = re.compile(rf"\b{title}{intro.group(1)}(?: [A-Z][a-z]+)?(?!\w|(?: [A-Z][a-z]+)? "
                         r"(?:again|here)\b)" + _VERB)
    return said_of.sub(lambda m: _as_i(m) if _said_as_subject(m) else m.group(0), text)


def _said_as_subject(match: re.Match[str]) -> bool:
    """Whether the name of ``match`` stands where "I" would: before a verb of its own
    ("Oskar needs", "Oskar will"), not where the user gives their name ("I'm Oskar Vik")."""
    verb = (match.group("verb") or "").strip().lower()
    return verb in _AGREEING or form_kind(verb) in ("3s", "past") or verb in (
        "will", "would", "can", "could", "always", "never", "wants", "needs")


def _opens(match: re.Match[str]) -> bool:
    return re.search(r"(?:^|[.!?]\s*)$", match.string[:match.start()]) is not None


def _mine(match: re.Match[str]) -> str:
    """ "Oskar's wife" -> "my wife"; "Oskar's going deaf" -> "I'm going deaf"; "Oskar's
    been" -> "I've been"."""
    after = match.group(1).lower()
    said = "I've" if after in ("been", "got", "had") else "I'm" if after.endswith("ing") or \
        after in ("not", "no", "a", "an", "fine", "still", "just", "only", "off") else "my"
    return said.capitalize() if said == "my" and _opens(match) else said

def _as_i(match: re.Match[str]) -> str:
    """The name or phrase of ``match`` said as "I" (or "me" after a verb or a
    preposition), the verb after it agreeing ("Oskar needs" -> "I need")."""
    verb = (match.group("verb") or "").strip()
    before = match.string[:match.start()].split()[-1:]
    if not verb and before and (before[0].lower() in _BEFORE_OBJECT or form_kind(before[0])):
        return "me"
    if verb.lower() in _AGREEING:
        verb = _AGREEING[verb.lower()]
    elif form_kind(verb) == "3s":
        verb = lemma_of(verb)
    return f"I {verb}".strip()
