"""People named in passing: "my nephew Oskar", "her little brother Mika", "Mira (my boss)".

    from daemon.sleep.extract.mentions import mentions_of
    from daemon.sleep.extract.nlp import parse_text
    mentions_of(parse_text("a gift for my nephew Oskar?"))
    # [Mention(position=3, words=['my', 'nephew', 'Oskar'])]

A mention registers a person (and their name) even where no clause states a fact about
them, so a pronoun after it finds them. A possessive + a relation noun + capitalised
names is read from the words themselves, because the small tagger misparses it in chat
("flatmate" as an adjective, the name as a compound of the next verb); anything else
possessed is read from the parse.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from .lexicon import RELATION_DESCRIPTORS, RELATIONS

# What children call a parent or grandparent, capitalised as a name: the user's own.
_PARENT_NAMES = frozenset(
    "Dad Mum Mom Mam Mummy Mommy Daddy Papa Mama Grandma Grandpa Grandad Granddad Nan Nana "
    "Gran Granny Mawmaw Meemaw Mamaw Pawpaw Papaw".split())
_OWNERS = frozenset("my our his her their your".split())


@dataclass(frozen=True)
class Mention:
    """A possessed noun phrase ("my nephew Oskar") and where it stands in its sentence."""

    position: int
    words: list[str]


def mentions_of(doc: Doc) -> list[Mention]:
    """The possessed noun phrases of a parsed sentence, in order."""
    out = []
    for tok in doc:
        if tok.text in _PARENT_NAMES and (tok.i == 0 or doc[tok.i - 1].lower_ not in _OWNERS):
            out.append(Mention(tok.i, ["my", tok.lower_]))  # "ideas for Dad? He's ..."
            continue
        if tok.lower_ not in ("my", "our", "his", "her"):
            continue
        if (by_words := _relation_run(doc, tok.i)) is not None:
            out.append(by_words)  # read from the words: the tagger misreads chat here
            continue
        if tok.lower_ not in ("my", "our"):
            continue
        if tok.dep_ == "poss" and tok.head.pos_ in ("NOUN", "PROPN"):
            head = tok.head
            names = [c.text for c in head.children if c.dep_ in ("appos", "compound")
                     and c.pos_ == "PROPN" and c.i > head.i]
            after = doc[head.i + 1] if head.i + 1 < len(doc) else None
            if not names and after is not None and after.pos_ == "PROPN" \
                    and after.text[:1].isupper() and after.dep_ == head.dep_:
                names = [after.text]  # "my new trainee Mira started": two subjects, one person
            out.append(Mention(tok.i, [tok.text, head.text, *names]))
    return out


def _relation_run(doc: Doc, start: int) -> Mention | None:
    """ "my flatmate Oskar", "my older sister Mira": my + descriptors + a relation noun +
    capitalised names, whatever parse the tagger gave ("flatmate" as an adjective, the
    name as a compound of the next verb)."""
    i = start + 1
    others = doc[start].lower_ in ("his", "her")  # someone else's: "her bearded dragon X"
    while i < len(doc) and (doc[i].lower_ in RELATION_DESCRIPTORS or others and doc[i].tag_ == "JJ"
                            and i + 1 < len(doc) and doc[i + 1].lower_ in RELATIONS):
        i += 1
    if i >= len(doc) or doc[i].lower_ not in RELATIONS:
        return None
    names: list[str] = []
    if start >= 2 and doc[start - 1].text in (",", "(") and doc[start - 2].pos_ == "PROPN":
        names.append(doc[start - 2].text)  # "Mira (my boss) made me ..."
    j = i + 1
    while j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha \
            and doc[j].lower_ not in RELATIONS:
        names.append(doc[j].text)
        j += 1
    if not names:
        names = _set_off_name(doc, i + 1)
    descriptors = [t.text for t in doc[start + 1:i]]  # "my best friend Vardo"
    return Mention(start, [doc[start].text, *descriptors, doc[i].text, *names])


def _set_off_name(doc: Doc, comma: int) -> list[str]:
    """ "my dad, Oskar, is coming", "an email to my boss, Vera.": a name set off by commas
    after the relation, closed by punctuation or "who" so that "my sister, Paris is
    lovely" is not a name."""
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return []
    j = comma + 1
    names: list[str] = []
    while j < len(doc) and len(names) < 2 and doc[j].text[:1].isupper() and doc[j].is_alpha \
            and doc[j].lower_ not in RELATIONS and doc[j].pos_ == "PROPN":
        names.append(doc[j].text)
        j += 1
    closed = j == len(doc) or doc[j].text in (",", ".", "!", "?", ")", ";", "who")
    return names if closed else []
