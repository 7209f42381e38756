"""The mood of a parsed clause: the user's own claim, or something else said.

    from daemon.sleep.extract.mood import mood_of
    mood_of(head_token, ["my", "mum"])    # "fact", "question", "report", "hearsay", ...

"question" is asked, not told; "report" is a verb of saying or thinking whose content is
another clause; "hearsay" is what someone else says or thinks; "hypothetical" stands
under "if" or "would"/"could"/"might"; "wish" is "I wish ...", "I'd love to ..."; "figure"
is a figure of speech ("I'm basically a full-time taxi"). :mod:`.parse` calls this for
every clause it finds; only facts are drafted.
"""

from __future__ import annotations

from spacy.tokens import Token

from .spelling import is_known_word

# Verbs whose clause says what someone said or thought (a report, or hearsay)
SPEECH_LEMMAS = frozenset(
    "say tell think reckon claim believe insist swear joke guess suppose bet reply "
    "write text mention complain argue assume feel hear convince".split())
_WISH = frozenset("wish dream fantasize fantasise".split())
# "I'm basically a chiropractor for horses": what is said to be is a figure of speech.
_FIGURATIVE = frozenset("basically practically virtually literally".split())
_HYPOTHETICAL_AUX = frozenset("would could might 'd".split())


def subject_of(tok: Token) -> Token | None:
    """The subject of a verb, or a name the tagger misread at the front of its sentence."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    first = tok.sent[0]
    if (subj is None and tok.dep_ == "ROOT" and first.head.i == tok.i == first.i + 1
            and first.dep_ in ("advmod", "npadvmod", "nmod", "dep") and first.text.istitle()
            and not is_known_word(first.lower_) and tok.tag_ in ("VBD", "VBZ")):
        return first  # "Oskar died ...": a name the tagger took for an adverb
    return subj


def _said_by_someone_else(head: Token) -> bool:
    """ "My mother keeps saying I work too much and that I should let X organise it": a
    clause below someone else's habit of saying, through complements and conjuncts."""
    tok = head
    while tok.dep_ in ("ccomp", "xcomp", "conj") and tok.head is not tok:
        tok = tok.head  # only up through complements and what is joined to them
        if tok.lemma_ in SPEECH_LEMMAS and tok.dep_ == "xcomp":  # "keeps saying": a habit
            speaker = subject_of(tok.head)
            return speaker is not None and speaker.lower_ not in ("i", "we")
    return False


def _told_before(head: Token) -> bool:
    """ "my mum's telling the whole town I'm retiring": the tagger may end the sentence
    at "town"; what follows without a stop is still what she is telling."""
    start = head.sent.start
    if head.dep_ != "ROOT" or start == 0 or head.doc[start - 1].is_punct:
        return False
    said = head.doc[start - 1].sent.root
    speaker = subject_of(said)
    return said.lemma_ in SPEECH_LEMMAS and speaker is not None \
        and speaker.lower_ not in ("i", "we") \
        and not any(c.dep_ in ("ccomp", "parataxis") for c in said.children)


def in_their_head(head: Token) -> bool:
    """ "in his head he's still running the mill": what someone believes."""
    return any(c.lower_ == "in" and any(o.lower_ in ("head", "mind") and any(
        p.lower_ in ("his", "her", "their") for p in o.children) for o in c.children)
        for c in head.children)


def mood_of(head: Token, subj_words: list[str]) -> str:
    """Whether the clause headed by ``head`` is the user's own claim; see the module."""
    governor = head
    while governor.dep_ == "conj":
        governor = governor.head
    marks = {c.lower_ for c in head.children if c.dep_ == "mark"}
    if marks & {"if", "unless"}:
        return "hypothetical"
    # "if I fail I swear I'm moving to X" typed without a comma: the tagger may hang the
    # rest on the condition's verb; all of it stays under the "if"
    start = head.sent.start
    if head.doc[start].lower_ in ("if", "unless") and not any(
            t.text == "," for t in head.doc[start:head.i]):
        return "hypothetical"
    # "I'd quit and buy the store": a verb joined to a hypothetical one is hypothetical too;
    # "if I fail I swear I'm moving to X": so is what is sworn under a condition
    sworn = [governor.head] if governor.dep_ == "ccomp" else []
    for verb in dict.fromkeys([head, governor, *sworn]):
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _HYPOTHETICAL_AUX or any(
                c.dep_ == "advcl" and {m.lower_ for m in c.children if m.dep_ == "mark"} & {"if"}
                for c in verb.children):
            return "hypothetical"
    if head.lemma_ in _WISH:
        return "wish"
    # "I literally live at the gym": where one "practically lives" is where one spends time
    if head.lemma_ == "be" and any(c.lower_ in _FIGURATIVE for c in head.children) or \
            head.lemma_ == "live" and any(c.lower_ in _FIGURATIVE - {"basically"}
                                          for c in head.children):
        return "figure"
    if governor.dep_ in ("ccomp", "xcomp") and governor.head.lemma_ in _WISH:
        return "wish"
    if governor.dep_ in ("ccomp", "parataxis") and governor.head.lemma_ in SPEECH_LEMMAS:
        speaker = subject_of(governor.head)
        # "(you can) say I was the potter here for 50 years": what the user asks to be
        # written about them is their own word
        asked = governor.head.tag_ == "VB" and (speaker is None or speaker.lower_ == "you")
        if (speaker is None or speaker.lower_ not in ("i", "we")
                or governor.head.lemma_ == "hear") and not asked:  # "I heard that ...": theirs
            return "hearsay"
        if governor.head.tag_ == "VBD":
            return "report"  # "when I said X lives in Y": what was said then, not news
    if _said_by_someone_else(head) or in_their_head(head) or _told_before(head):
        return "hearsay"
    if subj_words and subj_words[0].lower() == "you":
        return "question"
    first = min(t.i for t in head.subtree)
    wh = any(c.tag_ in ("WP", "WRB", "WDT", "WP$") and c.i < head.i
             and min(t.i for t in c.subtree) <= first + 1 for c in head.children)
    subj = subject_of(head)
    inverted = subj is not None and (any(c.dep_ in ("aux",) and c.i < subj.i
                                         for c in head.children)
                                     or head.i == first and head.i < subj.i)  # "Is X a ...?"
    if wh or inverted:
        return "question"
    if head.lemma_ in SPEECH_LEMMAS and any(c.dep_ in ("ccomp", "parataxis")
                                            for c in head.children):
        return "report"
    # "My mum keeps telling me ...": the saying is inside "keep"
    if any(c.dep_ == "xcomp" and c.lemma_ in SPEECH_LEMMAS for c in head.children):
        return "report"
    return "fact"
