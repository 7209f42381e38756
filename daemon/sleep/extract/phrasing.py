"""Turns an analysed clause into a second-person statement and first-person questions.

    from daemon.sleep.extract.phrasing import View, statement, generic_questions
    view = View(lemma="play", tense="pres", segs=segment(["the", "oboe"]))
    statement(forms, view)                 # "Your niece Oona plays the oboe."
    generic_questions(view, forms)         # ["What does my niece play?", ...]

Questions are formed by ordinary English wh-movement: the phrase asked about is
removed and a question word chosen by its role (object -> What, place -> Where,
duration -> How long ...), with do-support agreeing with the question's subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .complements import Segment, is_person_np, np_parts
from .entities import Forms
from .lexicon import DURATION_UNITS, INTEREST_ADJECTIVES, LIKE_VERBS, MOTION_VERBS
from .textnorm import parse_number
from .verbs import conjugate, question_head

_LINKING_VERBS = frozenset("get become feel look seem stay turn grow remain sound".split())
_ADJ_LOCATION = frozenset("located based situated born raised stationed settled".split())


@dataclass
class View:
    """A clause ready for rendering: verb group plus second-person complements."""

    lemma: str
    tense: str = "pres"
    neg: bool = False
    adverbs: list[str] = field(default_factory=list)
    segs: list[Segment] = field(default_factory=list)

    @property
    def obj(self) -> Segment | None:
        return next((s for s in self.segs if s.kind == "obj"), None)

    def others(self, *drop: Segment) -> list[Segment]:
        return [s for s in self.segs if s.kind != "obj" and s not in drop
                and s.kind not in ("rel", "extra")]


def finish(text: str, end: str = ".") -> str:
    """Tidy spacing and punctuation, capitalise, and end the sentence."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,;:.!?])", r"\1", text).rstrip(",;: ")
    text = text.rstrip(".!?")
    return (text[:1].upper() + text[1:] + end) if text else ""


def lower_first(text: str) -> str:
    if text.startswith(("I ", "I'")) or text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def and_join(items: list[str]) -> str:
    """ ["Ari", "Bo", "Cy"] -> "Ari, Bo and Cy" (empty items left out)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def possessive(ref: str) -> str:
    """ "I" -> "my", "my son" -> "my son's", "Corwin" -> "Corwin's"."""
    if ref == "I":
        return "my"
    return ref + ("'" if ref.endswith("s") and not ref.endswith("ss") else "'s")


def verb_group(view: View, person: str) -> str:
    group = conjugate(view.lemma, view.tense, person, view.neg)
    if not view.adverbs:
        return group
    words = group.split(" ", 1)
    adverbs = " ".join(view.adverbs)
    if len(words) > 1 and (words[1] + " ").startswith("not "):
        # "have not even started", not "have even not started"
        return " ".join([words[0], "not", adverbs, words[1][4:]]).rstrip()
    if len(words) > 1 or view.lemma == "be":
        return " ".join([words[0], adverbs, *words[1:]])
    return f"{adverbs} {group}"


def answer_tail(segs: list[Segment]) -> str:
    """Complements in second person; an afterthought keeps its comma (", mostly X")."""
    return " ".join((", " if s.kind == "extra" else "") + s.answer_text for s in segs)


def statement(forms: Forms, view: View, segs: list[Segment] | None = None) -> str:
    """The answer sentence: subject + verb group + complements."""
    tail = answer_tail(segs if segs is not None else list(view.segs))
    return finish(f"{forms.display} {verb_group(view, forms.person)} {tail}")


def predicate(forms: Forms, view: View) -> str:
    """The statement without its subject, for summaries ("loves rowing")."""
    tail = answer_tail(view.segs)
    return re.sub(r"\s+([,;:])", r"\1", f"{verb_group(view, forms.person)} {tail}").strip()


def ask(wh: str, view: View, ref: str, keep: list[Segment], stranded: str = "",
        lemma: str | None = None) -> str:
    aux, body = question_head(view.tense, lemma or view.lemma, ref)
    words = [wh, aux, body, *(s.text for s in keep), stranded]
    return finish(" ".join(w for w in words if w), "?")


def _wh_for(seg: Segment, view: View) -> list[tuple[str, str]]:
    """(question word, stranded preposition) pairs that ask for ``seg``."""
    role = seg.role
    if role == "place":
        return [("Where", "")]
    if role == "time" or (seg.kind == "time"):
        return [("When", "")]
    if role == "duration":
        units = [t.lower() for t in seg.body if t.lower() in DURATION_UNITS]
        many = [(f"How many {units[0] if units[0].endswith('s') else units[0] + 's'}", "")]
        return [("How long", ""), *(many if units else [])]
    if role == "since":
        return [("Since when", ""), ("How long", "")]
    if seg.kind == "ago":
        return [("How long ago", ""), ("When", "")]
    if seg.kind == "freq":
        periods = {"day", "week", "month", "year"}
        unit = next((t.lower() for t in seg.tokens if t.lower() in periods), "")
        return [("How often", ""), *([(f"How many times a {unit}", "")] if unit else [])]
    if role == "from":
        return [("Where", "from")]
    if role == "to":
        return [("Where", "")] if view.lemma.split()[0] in MOTION_VERBS else [("What", "to")]
    if role == "with":
        return [("Who" if is_person_np(seg.body) else "What", "with")]
    if role == "purpose":
        return [("What", "for")]
    if role == "money":
        return [("How much", "for")]
    if role == "topic":
        return [("What", "about")]
    if seg.kind == "sub" and seg.prep == "when" and view.tense == "past":
        return [("When", "")]
    if seg.kind == "sub" and seg.prep == "since":
        return [("How long", ""), ("Since when", "")]
    return []


def _object_questions(view: View, ref: str, category: Callable[[str], str]) -> list[str]:
    obj = view.obj
    if obj is None or view.lemma == "be" or obj.role in ("none", "timeobj"):
        return []
    if view.lemma == "have" and ref == "I":
        return []  # the possession rules ask "Do I have ...?" / "How many ... do I have?"
    if obj.role == "adv" or obj.role == "adj" and view.lemma.split()[0] in _LINKING_VERBS:
        return []  # "got married", "feel tired": no object to ask about
    if obj.role == "gerund" and view.lemma == "go":
        return []  # "go running": asked as "What do I do on Saturdays?"
    others = view.others()
    if obj.role == "inf":
        return _infinitive_questions(view, ref, obj, others)
    out = [ask("What", view, ref, others), ask("What", view, ref, [])]
    cat = category(obj.text)
    if cat:
        out += [ask(f"Which {cat}", view, ref, others), ask(f"What {cat}", view, ref, [])]
    if view.lemma in LIKE_VERBS:
        out += _liking_questions(view, ref, obj)
    mods, head = np_parts(obj.body)
    counted = np_parts(obj.tokens[:_head_end(obj.tokens)])[1]
    if parse_number(obj.tokens[0]) is not None and counted[:1].islower():
        out.insert(0, ask(f"How many {counted}", view, ref, []))
    if obj.role == "np" and mods and head[:1].islower() and "," not in obj.tokens \
            and "and" not in obj.tokens:
        out.append(ask(f"What kind of {head}", view, ref, []))
    return out


def _head_end(tokens: list[str]) -> int:
    """Index after a noun phrase's head, before a comma or a list of names."""
    for i, tok in enumerate(tokens):
        if tok in (",", ":") or (i and tok[:1].isupper()):
            return i
    return len(tokens)


def _liking_questions(view: View, ref: str, obj: Segment) -> list[str]:
    out = []
    if obj.role == "gerund":
        out += [ask("What", view, ref, [], "doing", lemma=verb) for verb in ("enjoy", "love")]
        out.append(ask("What", view, ref, [], "to do", lemma="like"))
    out += [ask("What", view, ref, [], lemma=verb) for verb in sorted(LIKE_VERBS)
            if verb != view.lemma]
    out.append(finish(f"What are {possessive(ref)} hobbies", "?"))
    return out


def _infinitive_questions(view: View, ref: str, obj: Segment, others: list[Segment]) -> list[str]:
    verb = obj.tokens[1].lower() if len(obj.tokens) > 1 else "do"
    subs = [s for s in others if s.kind == "sub"]
    out = [ask("What", view, ref, [], f"to {verb} " + " ".join(s.text for s in subs)),
           ask("What", view, ref, [], f"to {verb}")]
    if verb == "be":
        out.append(ask("What", view, ref, [], "to become"))
    if view.lemma in LIKE_VERBS:
        out.append(ask("What", view, ref, [], "to do"))
    return out


def _adjective_questions(view: View, ref: str) -> list[str]:
    """ "I'm allergic to shellfish" -> "What am I allergic to?"."""
    obj = view.obj
    if view.lemma != "be" or obj is None or obj.role != "adj":
        return []
    if obj.tokens[0].lower() in _ADJ_LOCATION:
        return []
    out = []
    for seg in view.others():
        if seg.kind == "pp" and seg.role not in ("time", "duration", "since", "money"):
            wh = "Who" if is_person_np(seg.body) else "What"
            out.append(ask(wh, view, ref, [obj], seg.prep))
    if obj.tokens[0].lower() in INTEREST_ADJECTIVES and view.others():
        aux, body = question_head("pres", "be", ref)
        do, who = question_head("pres", "love", ref)
        out += [finish(f"What {aux} {body} interested in", "?"), finish(f"What {do} {who}", "?"),
                finish(f"What are {possessive(ref)} interests", "?")]
    if not view.others():  # "My dad is retired" -> "Is my dad retired?"
        aux, body = question_head(view.tense, "be", ref)
        out.append(finish(f"{aux} {body} {obj.text}", "?"))
    return out


def _phrase_questions(view: View, ref: str) -> list[str]:
    obj = view.obj
    keep_obj = [obj] if obj is not None and obj.role not in ("none",) else []
    out = []
    for seg in view.others():
        if view.lemma == "be" and obj is not None and obj.role == "adj" and seg.kind == "pp" \
                and seg.role not in ("time", "duration", "since", "place", "money"):
            continue
        for wh, stranded in _wh_for(seg, view):
            rest = [s for s in view.others(seg) if s.kind not in ("sub",)]
            out.append(ask(wh, view, ref, keep_obj + rest, stranded))
            out.append(ask(wh, view, ref, keep_obj, stranded))
        if seg.role == "place" and seg.body and seg.body[0][:1].isupper():
            out.append(ask("Which city", view, ref, [], seg.prep))
        if (seg.role == "time" or seg.kind == "time") and view.lemma != "be":
            out.append(ask("What", view, ref, [seg], lemma="do"))
    return out


def generic_questions(view: View, forms: Forms, category: Callable[[str], str],
                      who: bool = False) -> list[str]:
    """Questions a user might ask to recall this clause, most useful first.

    ``who`` adds a question with the subject asked for ("Who plays the oboe?").
    """
    if view.neg:
        return _negative_questions(view, forms)
    per_ref = []
    for ref in forms.q_refs[:2]:
        per_ref.append(_object_questions(view, ref, category) + _adjective_questions(view, ref)
                       + _phrase_questions(view, ref))
    merged: list[str] = []
    for i in range(max(len(q) for q in per_ref)):
        merged += [q[i] for q in per_ref if i < len(q)]
    if who:
        tail = " ".join(s.text for s in view.segs if s.kind not in ("rel", "extra"))
        merged.append(finish(f"Who {verb_group(view, '3s')} {tail}", "?"))
    return merged


def _negative_questions(view: View, forms: Forms) -> list[str]:
    """ "I don't drink coffee" -> "Do I drink coffee?" (answered "No, ...")."""
    out = []
    for ref in forms.q_refs[:2]:
        aux, body = question_head(view.tense, view.lemma, ref)
        tail = " ".join(s.text for s in view.segs)
        out.append(finish(f"{aux} {body} {tail}", "?"))
    return out
