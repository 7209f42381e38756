"""Extractor rules about places: where the user lives now, lived before, moved, grew up.

    from daemon.sleep.extract.rules_places import PLACE_RULES

Current residence gets its own slot (``you|live_in``) so that a newer statement
supersedes an older one, and its questions ("Where do I live?") are answered with
the current place only. A move ("I moved here from X three years ago") is taught
with answers that lead with the asked-for part, so "where did I live before" and
"where do I live" are not confused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .complements import Segment, capitalized_run
from .drafting import Context, Draft, Rendered, new_draft, predicate_of
from .entities import Tracker
from .gazetteer import is_town
from .lexicon import MOTION_VERBS, VISIT_WORDS
from .phrasing import finish, generic_questions, possessive, statement, verb_group
from .rules_generic import generic_draft
from .textnorm import join_tokens
from .verbs import past

Render = Callable[[Tracker], Rendered]

_CURRENT = ("pres", "perf", "prog", "perfprog")
_AT_PLACE = frozenset("in at near outside around".split())
_MOVE_VERBS = MOTION_VERBS - {"go"}


def _place_seg(segs: list[Segment]) -> Segment | None:
    places = [s for s in segs if s.role == "place"]
    return next((s for s in places if capitalized_run(s.body)), places[0] if places else None)


def _place_name(seg: Segment) -> str:
    return capitalized_run(seg.body) or join_tokens(seg.body)


def rule_live(ctx: Context) -> list[Draft] | None:
    """ "I live in Tromso, Troms", "we have lived in ... since 2001", "we lived in X"."""
    subject, view, clause = ctx.subject, ctx.view, ctx.clause
    assert subject is not None and view is not None
    if clause.lemma == "be" and not clause.neg and view.obj is None:
        return _is_in_town(ctx)
    if clause.lemma not in ("live", "reside") or clause.neg:
        return None
    seg = _place_seg(view.segs)
    if seg is None or (seg.prep and seg.prep.lower() not in _AT_PLACE):
        return None  # "lives on shellfish" is no address
    place = _place_name(seg)
    before = bool(clause.front) and clause.front[0].lower() in ("before", "previously")
    if clause.tense in _CURRENT and not before:
        if subject.entity.is_user:
            ctx.tracker.residence = place
        return [new_draft(ctx, "live_in", _current_render(ctx), value=place)]
    if not subject.entity.is_user:
        return None
    return [new_draft(ctx, f"lived_in:{place.lower()}", _previous_render(ctx, place),
                       functional=False, value=place)]


# Words that make "in X" a visit, not a home: "I'm in X for work", "... this week".
_VISIT_WORDS = VISIT_WORDS | frozenset("for today tonight week weekend".split())


def _is_in_town(ctx: Context) -> list[Draft] | None:
    """ "My mum's in Narvik", "We're in Tromso, an hour from X": where someone is, said of
    their home. The user alone ("I'm in X") as often means a visit, and is left out."""
    subject, view, clause = ctx.subject, ctx.view, ctx.clause
    assert subject is not None and view is not None
    seg = view.segs[0] if view.segs else None
    if seg is None or seg.role != "place" or seg.prep.lower() != "in" or clause.tense != "pres" \
            or subject.attr or not is_town(place := _place_name(seg)):
        return None
    if subject.entity.is_user and not subject.couple and clause.subject[0].lower() != "we":
        return None
    if any(w.lower() in _VISIT_WORDS for s in view.segs for w in s.tokens):
        return None
    if subject.entity.is_user:
        ctx.tracker.residence = place
    return [new_draft(ctx, "live_in", _current_render(ctx), value=place)]


def _current_render(ctx: Context) -> Render:
    view, subject = ctx.view, ctx.subject
    assert subject is not None and view is not None
    entity = subject.entity

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        questions = _live_questions(forms.q_refs, forms.person)
        questions += [q for q in generic_questions(view, forms, tracker.category_of)
                      if q.startswith(("Since when", "How long", "How many"))]
        return Rendered(statement(forms, view), questions,
                        summary=predicate_of(statement(forms, view), forms))
    return render


def _live_questions(refs: list[str], person: str) -> list[str]:
    if refs == ["I"]:
        return ["Where do I live?", "Which city do I live in?", "Where do I live now?",
                "What city do I live in?", "Where is my home?", "Where am I based?"]
    out = []
    for ref in refs[:2]:
        do = "do" if person == "3p" else "does"
        out += [f"Where {do} {ref} live?", f"Which city {do} {ref} live in?",
                f"Where {do} {ref} live now?"]
    return out


def _previous_render(ctx: Context, place: str) -> Render:
    view, subject = ctx.view, ctx.subject
    assert subject is not None and view is not None
    entity = subject.entity

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        text = statement(forms, view)
        cur = tracker.residence
        questions = ["Where did I live before?", "Where did I use to live?",
                     "Where did I live before I moved?"]
        if cur and cur != place:
            text = finish(f"{text.rstrip('.')} before you moved to {cur}")
            questions += [f"Where did I live before I moved to {cur}?",
                          f"Where did I live before {cur}?"]
        return Rendered(text, questions, summary=predicate_of(text, forms))
    return render


def rule_move(ctx: Context) -> list[Draft] | None:
    """ "I moved here from Narvik three years ago", "I came to France when I was twenty"."""
    subject, view, clause = ctx.subject, ctx.view, ctx.clause
    assert subject is not None and view is not None
    verb = clause.lemma.split()[0]
    if verb not in _MOVE_VERBS or clause.neg or clause.tense not in ("past", "perf"):
        return None
    if not subject.entity.is_user:
        return _other_moved(ctx)
    dest = next((s for s in view.segs if s.role == "to"), None)
    origin = next((s for s in view.segs if s.role == "from"), None)
    here = view.obj is not None and [t.lower() for t in view.obj.tokens] in (["here"], ["there"])
    if dest is None and origin is None and not here:
        return None
    dest_name = _place_name(dest) if dest is not None else ""
    origin_name = _place_name(origin) if origin is not None else ""
    slot = "moved_from" if origin is not None else f"moved_to:{dest_name.lower()}"
    drafts = [new_draft(ctx, slot, _move_render(ctx, dest_name, origin_name, here),
                         functional=origin is not None, value=origin_name or dest_name)]
    recent = not any(s.kind in ("ago", "sub") or s.role == "time" and any(
        t.isdigit() for t in s.tokens) for s in view.segs)
    if dest_name and verb == "move" and not here and recent:
        if subject.entity.is_user:
            ctx.tracker.residence = ctx.tracker.residence or dest_name
        drafts.append(new_draft(ctx, "live_in", _moved_live_render(ctx, dest_name), weak=True,
                                 value=dest_name))
    return drafts


def _other_moved(ctx: Context) -> list[Draft] | None:
    """ "My sister moved to Paris": the move as said, and where she lives now."""
    assert ctx.view is not None
    dest = next((s for s in ctx.view.segs if s.role == "to"), None)
    drafts = generic_draft(ctx) or []
    if dest is not None and ctx.clause.lemma.split()[0] == "move":
        name = _place_name(dest)
        drafts.append(new_draft(ctx, "live_in", _moved_live_render(ctx, name), weak=True,
                                 value=name))
    return drafts or None


def _move_render(ctx: Context, dest_name: str, origin_name: str, here: bool) -> Render:
    view, clause, subject = ctx.view, ctx.clause, ctx.subject
    assert subject is not None and view is not None
    entity, verb = subject.entity, clause.lemma.split()[0]
    when = [s for s in view.segs if s.kind in ("ago", "time", "sub") or s.role == "time"]

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        dest = dest_name or (tracker.residence if here else "")
        to = f"to {dest}" if dest else ""
        tail = " ".join(s.answer_text for s in when)
        origin_part = f"from {origin_name}" if origin_name else ""
        text = finish(f"{forms.display} {verb_group(view, 'you')} {to} {origin_part} {tail}")
        questions, answers = _move_questions(verb, dest, origin_name, here, when, tracker)
        return Rendered(text, questions, answers, summary=predicate_of(text, forms))
    return render


def _move_questions(verb: str, dest: str, origin: str, here: bool, when: list[Segment],
                    tracker: Tracker) -> tuple[list[str], dict[str, str]]:
    questions: list[str] = []
    answers: dict[str, str] = {}
    current = here or (dest and dest == tracker.residence)
    if origin:
        before = finish(f"Before you moved to {dest}, you lived in {origin}") if dest else \
            finish(f"Before you moved, you lived in {origin}")
        questions.append(f"Where did I {verb} from?")
        if dest:
            questions.append(f"Which city did I move to {dest} from?")
            answers[f"Where did I live before I moved to {dest}?"] = before
        answers["Where did I live before I moved?"] = before
        answers["Where did I live before?"] = before
    for seg in when:
        first_person = seg.text
        if seg.kind == "ago":
            questions += [f"How long ago did I move to {dest}?" if dest else
                          "How long ago did I move?"]
            if current:
                questions += ["How long ago did I move to my current city?",
                              "How long ago did I move here?"]
        if seg.kind == "sub" and seg.prep == "when":
            questions.append(f"How old was I when I {past(verb)} to {dest}?")
            questions.append(f"Where did I move to {first_person}?")
        questions.append(f"When did I {verb} to {dest}?" if dest else f"When did I {verb}?")
        if current and verb != "move":
            questions.append(f"When did I move to {dest}?")
    if dest and not here:
        questions += [f"Where did I {verb} to?", "Where did I move to?"]
    return questions[:1] + list(answers) + questions[1:], answers


def _moved_live_render(ctx: Context, dest: str) -> Render:
    assert ctx.subject is not None
    entity = ctx.subject.entity

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        verb = "live" if forms.person in ("you", "3p") else "lives"
        text = finish(f"{forms.display} {verb} in {dest}")
        return Rendered(text, _live_questions(forms.q_refs, forms.person)[:3],
                        summary=f"{verb} in {dest}")
    return render


def rule_origin(ctx: Context) -> list[Draft] | None:
    """ "I grew up in Narvik", "I'm originally from Vardo", "She's from Lyon"."""
    subject, view, clause = ctx.subject, ctx.view, ctx.clause
    assert subject is not None and view is not None
    if clause.neg or subject.attr:
        return None
    obj = view.obj
    place = _place_seg(view.segs)
    from_seg = next((s for s in view.segs if s.role == "from"), None)
    if clause.lemma == "grow up" and place is not None:
        slot = "grew_up"
    elif clause.lemma == "be" and obj is not None and obj.tokens[0].lower() == "born" \
            and place is not None:
        slot = "born_in"
    elif (clause.lemma == "be" and obj is None or clause.lemma == "come"
          and clause.tense == "pres") and from_seg is not None \
            and not (place is not None and view.segs.index(place) < view.segs.index(from_seg)):
        # ("We're in X, an hour from Y": how far, not where they come from)
        slot = "origin"
    else:
        return None
    seg = from_seg if slot == "origin" else place
    assert seg is not None  # each branch above checked its segment
    value = _place_name(seg)
    entity = subject.entity

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        questions: list[str] = []
        for ref in forms.q_refs[:2]:
            questions += _origin_questions(ref, slot)
        questions += [q for q in generic_questions(view, forms, tracker.category_of)
                      if q.startswith(("When", "How long", "Since when"))]
        text = statement(forms, view)
        summary = text if entity.is_user else text.split(" ", len(forms.display.split()))[-1]
        return Rendered(text, questions, summary=summary.rstrip(".") if not entity.is_user
                        else summary)
    return [new_draft(ctx, slot, render, value=value)]


def _origin_questions(ref: str, slot: str) -> list[str]:
    if ref == "I":
        out = ["Where am I from?", "Which city am I from?", "Where did I grow up?",
               "Where am I originally from?", "What is my hometown?", "Where was I raised?"]
        return (["Where was I born?"] + out) if slot == "born_in" else out
    does = "does" if " and " not in ref else "do"
    out = [f"Where is {ref} from?", f"Where does {ref} come from?", f"Where did {ref} grow up?",
           f"What is {possessive(ref)} hometown?"]
    out[1] = out[1].replace("does", does)
    return ([f"Where was {ref} born?"] + out) if slot == "born_in" else out


# A home the user names while saying something else ("we share a flat in X").
_HOMES = frozenset("flat house apartment cottage bungalow home place houseboat".split())
_HOME_VERBS = frozenset("share rent own have buy".split())


def rule_home(ctx: Context) -> list[Draft] | None:
    """ "We share a flat in X", "I rent a cottage in X": as said, and where the user lives;
    "He's in student halls in X now": where someone else lives now."""
    subject, view, clause = ctx.subject, ctx.view, ctx.clause
    assert subject is not None and view is not None
    if clause.neg or clause.tense not in _CURRENT:
        return None
    seg = _place_seg(view.segs)
    if seg is None or not capitalized_run(seg.body) or (
            seg.prep and seg.prep.lower() not in _AT_PLACE):
        return None
    home = view.obj is not None and any(t.lower() in _HOMES for t in view.obj.tokens[:3])
    now = re.search(r"\bnow\b", clause.sentence, re.I) is not None  # the parser drops "now"
    if subject.entity.is_user and clause.lemma in _HOME_VERBS and home:
        ctx.tracker.residence = ctx.tracker.residence or _place_name(seg)
    elif not (not subject.entity.is_user and clause.lemma == "be" and now):
        return None
    drafts = generic_draft(ctx) or []
    drafts.append(new_draft(ctx, "live_in", _moved_live_render(ctx, _place_name(seg)),
                            weak=True, value=_place_name(seg)))
    return drafts


PLACE_RULES = [rule_live, rule_move, rule_origin, rule_home]
