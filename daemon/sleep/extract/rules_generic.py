"""The catch-all clause rule and the shared naming rule of the extractor.

    from daemon.sleep.extract.rules_generic import generic_draft, name_draft
    generic_draft(ctx)        # "Oona plays the oboe" -> What does my niece play? ...
    name_draft(ctx, son, "Corwin Hale", "named")

``generic_draft`` asks about every phrase of a clause with ordinary wh-questions
(see ``phrasing.py``); ``name_draft`` teaches the name of the user or of one of
their people or pets, from whichever sentence shape introduced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .drafting import Context, Draft, Rendered, make_view, new_draft
from .entities import Entity, Forms, Tracker
from .phrasing import finish, generic_questions, lower_first, possessive, predicate, statement
from .textnorm import a_or_an

_YES_NO = frozenset("Is Am Are Was Were Do Does Did Have Has".split())


def _slot(ctx: Context) -> str:
    view = ctx.view
    assert view is not None
    first = next((s.text for s in view.segs), "")
    return f"{ctx.clause.lemma}:{first.lower()}".rstrip(":")


def generic_draft(ctx: Context) -> list[Draft]:
    """Any clause about the user or their world, asked about phrase by phrase."""
    subject, view = ctx.subject, ctx.view
    assert subject is not None and view is not None
    entity = subject.entity
    partner = ctx.tracker.partner() if subject.couple else None
    if ctx.clause.lemma == "be" and view.obj is not None and view.obj.role in ("np", "name") \
            and not view.others():
        return []  # "I'm a fan": nothing to ask that another rule did not

    def render(tracker: Tracker) -> Rendered | None:
        forms = tracker.forms(entity)
        if partner is not None:
            forms = _couple_forms(tracker, partner)
        who = not entity.is_user and partner is None and entity.person is not False
        questions = generic_questions(view, forms, tracker.category_of, who=who)
        if not questions:
            return None
        text = statement(forms, view)
        answers = {q: "No, " + lower_first(text) for q in questions} if view.neg else {
            q: "Yes, " + lower_first(text) for q in questions if q.split()[0] in _YES_NO}
        # Negations and things done as a couple stay out of the summaries.
        summary = "" if view.neg or partner is not None else predicate(forms, view)
        return Rendered(text, questions, answers, summary=summary)
    return [Draft(entity, _slot(ctx), ctx.clause.message_id, ctx.clause.sentence, render,
                  functional=False)]


def generic_asking(ctx: Context, asks: Callable[[Tracker], list[str]], first: bool = True,
                   slot: str = "", mixed: bool = False) -> list[Draft]:
    """:func:`generic_draft` with more questions, ``asks(tracker)``, before (``first``) or
    after its own ("What diet do I follow?" for "I'm vegetarian"), or taking turns with
    its first ones (``mixed``); ``slot`` makes it a one-value slot ("job") that a later
    value replaces."""
    drafts = generic_draft(ctx)
    for draft in drafts:
        draft.render = _asking(draft.render, asks, first, mixed)
        if slot:
            draft.slot, draft.functional = slot, True
    return drafts


def _asking(render: Callable[[Tracker], Rendered | None], asks: Callable[[Tracker], list[str]],
            first: bool, mixed: bool = False) -> Callable[[Tracker], Rendered | None]:
    def wrapped(tracker: Tracker) -> Rendered | None:
        rendered = render(tracker)
        if rendered is None:
            return None
        more, own = asks(tracker), rendered.questions
        if mixed:  # only as many turns as there are asked questions; the rest after
            turns = [q for pair in zip(own, more, strict=False) for q in pair]
            questions = [*turns, *own[len(more):], *more[len(own):]]
        else:
            questions = [*more, *own] if first else [*own, *more]
        return replace(rendered, questions=questions)
    return wrapped


def _couple_forms(tracker: Tracker, partner: Entity) -> Forms:
    """ "We have been together ..." said about the user and their partner."""
    rel = partner.relation_phrase or partner.name
    display = f"You and your {rel}" + (f" {partner.name}" if partner.name else "")
    return Forms([f"my {rel} and I", "we"], display, "3p", "you", "you")


def name_draft(ctx: Context, entity: Entity, value: str, verb: str,
               have: bool = False) -> Draft:
    """The name of the user or of someone/something they told about."""
    if not entity.name:
        entity.name = value
    if verb in ("named", "called"):
        entity.name_verb = verb

    def render(tracker: Tracker) -> Rendered | None:
        if entity.is_user:
            return _user_name(value)
        if not entity.relation:
            return None
        return _relation_name(tracker, entity, have)
    return Draft(entity, "name", ctx.clause.message_id, ctx.clause.sentence, render,
                 value=value)


def _user_name(value: str) -> Rendered:
    text = finish(f"Your name is {value}")
    questions = ["What is my name?", "What's my name?", "Who am I?", "What am I called?",
                 "What is my full name?"]
    answers = {}
    parts = value.split()
    if len(parts) > 1:
        answers["What is my first name?"] = finish(f"Your first name is {parts[0]}")
        answers["What is my last name?"] = finish(f"Your last name is {parts[-1]}")
        questions += list(answers)
    return Rendered(text, questions, answers)


def _relation_name(tracker: Tracker, entity: Entity, have: bool) -> Rendered:
    forms = tracker.forms(entity)
    rel, name, first = entity.relation_phrase, entity.name, entity.first_name
    text = finish(f"Your {rel}'s name is {name}")
    questions: list[str] = []
    answers: dict[str, str] = {}
    for ref in [r for r in forms.q_refs if r.startswith("my ")]:
        questions += [f"What is {possessive(ref)} name?", f"What is the name of {ref}?",
                      f"What is {ref} called?"]
        answers[f"Who is {ref}?"] = finish(f"Your {ref[3:]} is {name}")
    answers[f"Who is {first}?"] = finish(f"{name} is your {rel}")
    kind = f"{a_or_an(entity.relation)} {entity.relation}"
    owned = finish(f"You have {kind} {entity.name_verb} {name}")
    answers[f"Do I have {kind}?"] = "Yes, " + lower_first(owned)
    if entity.person is False:
        answers["What pet do I have?"] = owned
        answers[f"What kind of animal is {first}?"] = finish(f"{first} is your {entity.relation}")
    elif have and len(name.split()) > 1:
        answers[f"What is the full name of my {entity.relation}?"] = text
    questions += list(answers)
    return Rendered(text, questions, answers)


_STARTS = frozenset("start begin end finish".split())
_DATED_RE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|"
                       r"October|November|December)\b|\b(?:19|20)\d\d\b")


def when_it_starts(ctx: Context) -> list[Draft]:
    """ "my sabbatical starts in two weeks" (a date by now): when something of the user's
    starts or ends."""
    assert ctx.subject is not None
    attr, clause = ctx.subject.attr, ctx.clause
    if clause.lemma not in _STARTS or clause.neg or clause.mood != "fact" \
            or not _DATED_RE.search(" ".join(clause.rest)):
        return []
    ctx.view = make_view(ctx)
    view = ctx.view

    def render(tracker: Tracker) -> Rendered:
        text = statement(Forms([], f"Your {attr}", "3s", "it", ""), view)
        does = "did" if clause.tense == "past" else "does"
        return Rendered(text, [f"When {does} my {attr} {clause.lemma}?"], summary=text)
    return [new_draft(ctx, f"{attr}:{clause.lemma}", render)]
