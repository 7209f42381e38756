"""English verb morphology for the extractor: lemmas, inflections and agreement.

    from daemon.sleep.extract.verbs import lemma_of, conjugate, question_head
    lemma_of("studies")                       # "study"
    conjugate("love", "pres", "3s")            # "loves"
    question_head("pres", "love", "I")         # ("do", "I love") -> "What do I love?"

Regular verbs are inflected by rule; irregular ones come from the lexicon. Unknown
words are handled by rule too, so a verb missing from the lists still works.
"""

from __future__ import annotations

from .lexicon import COMMON_VERBS, IRREGULAR_PAST_FORMS, IRREGULAR_VERBS

_VOWELS = "aeiou"


def third_person(lemma: str) -> str:
    if lemma == "be":
        return "is"
    if lemma == "have":
        return "has"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _double_final(lemma: str) -> bool:
    """Short verbs ending consonant-vowel-consonant double it: plan -> planned."""
    return (len(lemma) <= 4 and len(lemma) >= 3 and lemma[-1] not in _VOWELS + "wxy"
            and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS)


def past(lemma: str) -> str:
    if lemma in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[lemma][0]
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    if _double_final(lemma):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def participle(lemma: str) -> str:
    if lemma in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[lemma][1]
    return past(lemma)


def gerund(lemma: str) -> str:
    if lemma == "be":
        return "being"
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    if _double_final(lemma):
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


KNOWN_VERBS = frozenset(COMMON_VERBS | set(IRREGULAR_VERBS))
# Every inflected form of a listed verb -> (lemma, form kind).
VERB_FORMS: dict[str, tuple[str, str]] = {}
for _lemma in sorted(KNOWN_VERBS):
    for _form, _kind in ((gerund(_lemma), "ing"), (participle(_lemma), "part"),
                         (past(_lemma), "past"), (third_person(_lemma), "3s"),
                         (_lemma, "base")):
        VERB_FORMS[_form] = (_lemma, _kind)
for _form, _lemma in IRREGULAR_PAST_FORMS.items():
    VERB_FORMS[_form] = (_lemma, "past")
VERB_FORMS.update({"am": ("be", "pres"), "are": ("be", "pres"), "is": ("be", "3s"),
                   "was": ("be", "past"), "were": ("be", "past")})


def _restore_e(stem: str) -> str:
    """Guess a lemma from a stripped -ed/-ing stem: "mov" -> "move", "plann" -> "plan"."""
    for candidate in (stem, stem + "e"):
        if candidate in KNOWN_VERBS:
            return candidate
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz" + _VOWELS:
        return stem[:-1]
    groups = sum(1 for i, ch in enumerate(stem) if ch in _VOWELS
                 and (i == 0 or stem[i - 1] not in _VOWELS))
    if stem.endswith(("v", "u", "c", "z")) or (groups == 1 and len(stem) >= 2
                                                   and stem[-1] not in _VOWELS + "wxy"
                                                   and stem[-2] in _VOWELS
                                                   and (len(stem) == 2
                                                        or stem[-3] not in _VOWELS)):
        return stem + "e"
    return stem


def lemma_of(word: str) -> str:
    """The base form of a verb form; unknown words are de-inflected by rule."""
    low = word.lower()
    if len(low) < 3:
        return VERB_FORMS.get(low, (low, ""))[0]
    if low in VERB_FORMS:
        return VERB_FORMS[low][0]
    if low.endswith("ied") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("ed") and len(low) > 3:
        return _restore_e(low[:-2])
    if low.endswith("ing") and len(low) > 4:
        return _restore_e(low[:-3])
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "oes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


def form_kind(word: str) -> str:
    """"ing", "part", "past", "3s", "base" or "" for a word that is not a listed verb form."""
    entry = VERB_FORMS.get(word.lower())
    return entry[1] if entry else ""


def is_person_plural(person: str) -> bool:
    return person in ("you", "3p")


def conjugate(lemma: str, tense: str, person: str, neg: bool = False) -> str:
    """The verb group for ``person`` ("you", "3s", "3p") in ``tense``.

    Tenses: pres, past, perf, prog, perfprog, pastprog, usedto, or "modal:<m>".
    A phrasal verb ("grow up") is inflected on its first word.
    """
    if " " in lemma:
        head, particle = lemma.split(" ", 1)
        return f"{conjugate(head, tense, person, neg)} {particle}"
    plural = is_person_plural(person)
    have = "have" if plural else "has"
    be_pres = "are" if plural else "is"
    be_past = "were" if plural else "was"
    nt = " not" if neg else ""
    if tense == "pres":
        if lemma == "be":
            return be_pres + nt
        if neg:
            return ("do" if plural else "does") + " not " + lemma
        return lemma if plural else third_person(lemma)
    if tense == "past":
        if lemma == "be":
            return be_past + nt
        return "did not " + lemma if neg else past(lemma)
    if tense == "perf":
        return f"{have}{nt} {participle(lemma)}"
    if tense == "prog":
        return f"{be_pres}{nt} {gerund(lemma)}"
    if tense == "pastprog":
        return f"{be_past}{nt} {gerund(lemma)}"
    if tense == "perfprog":
        return f"{have}{nt} been {gerund(lemma)}"
    if tense == "usedto":
        return ("did not use to " if neg else "used to ") + lemma
    if tense.startswith("modal:"):
        return f"{tense[6:]}{nt} {lemma}"
    return lemma


def question_head(tense: str, lemma: str, subject: str) -> tuple[str, str]:
    """Split a question's verb group around the subject: ("does", "my son love").

    ``subject`` is the question's subject text ("I", "my son", "Corwin"); the
    auxiliary agrees with it. For "be" as the only verb the rest is empty.
    """
    if " " in lemma:
        head, particle = lemma.split(" ", 1)
        aux, body = question_head(tense, head, subject)
        return aux, f"{body} {particle}"
    low = subject.lower()
    person = "1" if low == "i" else ("3p" if " and " in low or low == "we" else "3s")
    do = {"1": "do", "3p": "do"}.get(person, "does")
    be_pres = {"1": "am", "3p": "are"}.get(person, "is")
    be_past = "were" if person == "3p" else "was"
    have = "has" if person == "3s" else "have"
    if tense == "pres":
        return (be_pres, subject) if lemma == "be" else (do, f"{subject} {lemma}")
    if tense == "past":
        return (be_past, subject) if lemma == "be" else ("did", f"{subject} {lemma}")
    if tense == "perf":
        return have, f"{subject} {participle(lemma)}"
    if tense == "prog":
        return be_pres, f"{subject} {gerund(lemma)}"
    if tense == "pastprog":
        return be_past, f"{subject} {gerund(lemma)}"
    if tense == "perfprog":
        return have, f"{subject} been {gerund(lemma)}"
    if tense == "usedto":
        return "did", f"{subject} use to {lemma}"
    if tense.startswith("modal:"):
        return tense[6:], f"{subject} {lemma}"
    return do, f"{subject} {lemma}"
