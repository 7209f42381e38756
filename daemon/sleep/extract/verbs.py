"""English verb morphology for the extractor: lemmas, inflections and agreement.

    from daemon.sleep.extract.verbs import lemma_of, conjugate, question_head
    lemma_of("studies")                       # "study"
    conjugate("love", "pres", "3s")            # "loves"
    question_head("pres", "love", "I")         # ("do", "I love") -> "What do I love?"

Inflection and lemmas come from lemminflect's tables (irregular forms, doubled
consonants, and a rule for verbs it does not list); the lexicon only picks a spelling
where English has two.
"""

from __future__ import annotations

from functools import cache

from lemminflect import getInflection, getLemma

from .lexicon import COMMON_VERBS, IRREGULAR_PAST_FORMS, IRREGULAR_VERBS


@cache
def _inflect(lemma: str, tag: str) -> str:
    # lemminflect's tables know the irregular and doubled forms ("planned", "went") and
    # inflect an unknown verb by rule; its first spelling is the commonest.
    forms = getInflection(lemma, tag=tag, inflect_oov=True)
    return forms[0] if forms else lemma


def be_for(subject: str) -> str:
    """The present of "be" after ``subject``: "am" after "I", "are" after "we", "they" and
    "you", "is" after anyone else."""
    return {"i": "am", "we": "are", "they": "are", "you": "are"}.get(subject.lower(), "is")


def third_person(lemma: str) -> str:
    return _inflect(lemma, "VBZ")


def past(lemma: str) -> str:
    if lemma in IRREGULAR_VERBS:  # the lexicon's choice where English has two ("dreamed")
        return IRREGULAR_VERBS[lemma][0]
    return _inflect(lemma, "VBD")


def participle(lemma: str) -> str:
    if lemma in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[lemma][1]
    return _inflect(lemma, "VBN")


def gerund(lemma: str) -> str:
    return _inflect(lemma, "VBG")


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


@cache
def lemma_of(word: str) -> str:
    """The base form of a verb form; unknown words are de-inflected by rule."""
    low = word.lower()
    if low in VERB_FORMS:
        return VERB_FORMS[low][0]
    lemmas = getLemma(low, upos="VERB", lemmatize_oov=True)
    return lemmas[0] if lemmas else low


def checked_lemma(word: str, tag: str, lemma: str) -> str:
    """The tagger's ``lemma`` of ``word`` (tagged ``tag``), unless it does not inflect back.

    The tagger's rules strip endings blindly ("hates" -> "hat"); a lemma whose inflection
    for the tag is not the word is replaced by lemminflect's.
    """
    if tag not in ("VBZ", "VBD", "VBN", "VBG") or lemma in ("be", "have", "do") \
            or not word.isalpha():
        return lemma
    low = word.lower()
    if low in getInflection(lemma, tag=tag, inflect_oov=True) or low == _inflect(lemma, tag):
        return lemma
    return lemma_of(low)


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
