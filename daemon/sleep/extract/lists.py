"""Pasted context blocks -> sentences the rest of the extractor reads.

    from daemon.sleep.extract.lists import unfold_lists
    unfold_lists("Plan dinners.\\n\\nContext:\\n- Me: 44, potter\\n- Kids: Oskar (9)\\n\\n"
                 "Constraints:\\n- 30 mins max\\n- Budget: 80")
    # "Plan dinners. Me: 44, potter. Kids: Oskar (9)."

People who use the assistant as a work tool paste a block of context into a request:
lines under headings ("Context:", "Background:"), bullets ("- ", "* ", "1."), key-value
lines ("Partner: Mira - works nights"). A line without a full stop is still a sentence,
so each kept line gets one, and the form-like ones are then read by ``labels``. What a
heading or a field says is the task rather than the writer ("Constraints:", "Things to
say:", "Budget: ...", "Tone: ...") describes what to write, not anybody's life, and is
left out: those lines are the email's points, not facts. A bullet that opens with a verb
("Has a rescue greyhound") goes on about the person the bullet before it was about.
"""

from __future__ import annotations

import re

from .spelling import is_known_word
from .verbs import form_kind

_BULLET_RE = re.compile(r"^(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+(.*)$")
_HEADING_RE = re.compile(r"^([A-Za-z][A-Za-z &/'-]{0,40}):$")
_FIELD_RE = re.compile(r"^([A-Za-z][A-Za-z &/'-]{0,25}):\s+(.+)$")
# The first word of a heading that sets the task: what follows is what to write.
_TASK_HEADINGS = frozenset(
    "constraint constraints requirement requirements rule rules point points things "
    "thing include includes must format tone style agenda todo to-do task tasks question "
    "questions deliverable deliverables output structure talking what instructions ask "
    "steps options".split())
# Fields of the task itself, not of anybody's life.
_TASK_FIELDS = frozenset(
    "budget tone format to subject re deadline due length style audience cc bcc word words "
    "max min limit duration output time date when venue dress code goal goals "
    "priority priorities".split())
_SIGN_OFF_RE = re.compile(r"^sign(?:[- ]off| it| as)?$", re.I)
_NAME_RE = re.compile(r"^([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})\b")
# A letter's opening and closing lines: "Dear assistant," ... "Kind regards,\nOskar".
# (a line that goes on, "Hi my name is Oskar", is no salutation: it ends with a comma or
# is three words at most)
_SALUTATION_RE = re.compile(r"^(?:dear|hi|hello|hey|good (?:morning|afternoon|evening|day))\b"
                            r"(?:[^.!?;]{0,40}[,!]|(?: [\w']+){0,2}[.!]?)$", re.I)
_CLOSING_RE = re.compile(r"^(?:(?:(?:kind|best|warm|warmest|many|with) )?(?:regards|wishes|"
                         r"thanks|love)|yours(?: \w+)?|cheers|all the best|take care|"
                         r"sincerely)[,.!]?$", re.I)
_CARRIED = ("she", "he", "she's", "he's", "they", "they're")
_OWN = ("i", "i'm", "me", "my", "we", "we're", "our")


def unfold_lists(text: str) -> str:
    """``text`` with its pasted lines made sentences (see the module docstring); a message
    of one line comes back as it is."""
    lines = [line.strip() for line in text.split("\n")]
    if sum(1 for line in lines if line) < 2:
        return text
    out: list[str] = []
    task = False  # inside a section that sets the task
    last_subject = ""  # "she" of the bullet before, for a bullet that opens with a verb
    signed = False  # after "Kind regards,": the name below it signs the letter
    for line in lines:
        if not line:
            task = False  # a blank line ends a section
            continue
        if _SALUTATION_RE.match(line) or _CLOSING_RE.match(line):
            signed = bool(_CLOSING_RE.match(line))
            continue
        if signed and len(line.split()) <= 3:
            continue
        signed = False
        if heading := _HEADING_RE.match(line):
            task = heading.group(1).split()[0].lower() in _TASK_HEADINGS
            continue
        bullet = _BULLET_RE.match(line)
        item = bullet.group(1).strip() if bullet else line
        if task or not item:
            continue
        kept = _item(item, last_subject)
        if kept is None:
            continue
        first = kept.split()[0].rstrip(",:")
        if first.lower() in _CARRIED:
            last_subject = first.lower()
        elif first.lower() in _OWN or first[:1].isupper() and not is_known_word(first.lower()):
            last_subject = ""  # the user, or someone named: no longer her
        out.append(kept if kept[-1] in ".!?" else f"{kept}.")
    return " ".join(out)


def _item(item: str, last_subject: str) -> str | None:
    """One line as a sentence, or None when it says what to write rather than a fact."""
    if field := _FIELD_RE.match(item):
        key = field.group(1).strip().lower()
        if _SIGN_OFF_RE.match(key):  # "Sign off: Oskar Vik, head of sales"
            name = _NAME_RE.match(field.group(2))
            return f"My name is {name.group(1)}." if name else None
        if key.split()[0] in _TASK_FIELDS:
            return None
    words = item.split()
    if last_subject and form_kind(words[0].lower()) == "3s" and words[0][:1].isupper():
        # "- She's new, 24.\n- Has a rescue greyhound": still her
        return f"{last_subject.split(chr(39))[0].capitalize()} {words[0].lower()} " \
            + " ".join(words[1:])
    return item
