"""Extractor rules about work: "I'm a locksmith", "I work as a cartographer", "I blow
glass for a living", "Before I was a baker".

    from daemon.sleep.extract.rules_jobs import rule_job, rule_living
    rule_job(ctx)       # -> [Draft(slot="job")] or None when the clause is no job

A job is one value per person (a later job replaces it); a job said in the past tense
is a previous job, asked as such; the questions lead with "What do I do for a living?"
and "When did I start my job?" where the user said since when.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .complements import np_parts
from .drafting import (
    Context,
    Draft,
    Rendered,
    is_copula,
    make_view,
    new_draft,
    obj_of,
    predicate_of,
)
from .entities import Forms, Tracker
from .lexicon import ANIMALS, JOB_ADJECTIVES, NON_JOB_NOUNS, RELATIONS, TIME_NOUNS, is_job_noun
from .phrasing import ask, generic_questions, possessive, statement
from .rules_generic import generic_asking

# Relation nouns that are also occupations ("I'm a teacher", "She is a manager").
_JOB_RELATIONS = frozenset("teacher manager mentor landlord landlady carer caregiver supervisor "
                           "trainee".split())


_DETERMINERS = frozenset("the my your his her our their this that these those some any no "
                         "every each".split())


_OFF_DUTY_RE = re.compile(r"\b(?:on (?:my|his|her) days? off|in (?:my|his|her) (?:spare|free) time|"
                          r"when (?:i'?m|i am|he'?s|she'?s) not (?:at )?work(?:ing)?)\b", re.I)


def _job_shape(ctx: Context) -> str:
    """ "as" (I work as a cartographer), "at" (I work at a bank), "is" (I'm a paramedic) or ""."""
    obj, subject, clause, view = obj_of(ctx), ctx.subject, ctx.clause, ctx.view
    assert subject is not None and view is not None
    entity = subject.entity
    # "Mika is a glazier": someone named, not yet known to be a person, whom a job shows is one
    named = entity.person is None and bool(entity.name) and not entity.thing
    if subject.attr or clause.neg or not (entity.is_user or entity.person or named):
        return ""
    if clause.lemma == "work" and not named:
        lows = [t.lower() for t in clause.rest]
        # "in a hotel as a cleaner": the "as" may sit inside the place's phrase
        as_job = any(w == "as" and any(is_job_noun(x) for x in lows[i + 1:i + 4])
                     for i, w in enumerate(lows))
        if any(s.prep == "as" for s in view.segs) or as_job:
            return "as"
        return "at" if any(s.prep in ("at", "for") for s in view.segs) else ""
    if not is_copula(ctx) or obj is None or obj.role not in ("np", "adj") or (
            obj.role == "adj" and len(obj.tokens) > 1):
        return ""  # a bare noun reads as "adj": "I am teacher" (an article dropped)
    mods, head = np_parts(obj.tokens)
    first = obj.tokens[0].lower()
    if [t.lower() for t in obj.tokens[:2]] in (["a", "little"], ["a", "bit"], ["a", "lot"]):
        return ""  # "I am a little bit scared of cats": a degree, no noun
    # "I'm head chef now", "I am forklift driver" (no article), "I'm the florist"
    bare = first not in _DETERMINERS and len(obj.tokens) <= 3 and all(
        t[:1].islower() for t in obj.tokens)
    # "I'm the florist", "my boss is the finance director"
    definite = first == "the" and (entity.is_user or entity.person)
    if first not in ("a", "an") and not ((bare or definite) and is_job_noun(head.lower())):
        return ""
    if not head[:1].islower() or head.lower() in NON_JOB_NOUNS or head.lower() in ANIMALS \
            or head.lower() in TIME_NOUNS and "," not in obj.tokens \
            and not any(is_job_noun(t.lower()) for t in obj.tokens) \
            or (head.lower() in RELATIONS and head.lower() not in _JOB_RELATIONS):
        return ""  # "I'm a mother of two" is not an occupation
    if _OFF_DUTY_RE.search(clause.sentence):
        return ""  # "on my days off I'm a professional napper": not what they work as
    if named and not is_job_noun(head.lower()):
        return ""
    jobish = is_job_noun(head.lower()) or any(m.lower() in JOB_ADJECTIVES for m in mods)
    return "is" if jobish or entity.is_user or entity.person else ""


def rule_job(ctx: Context) -> list[Draft] | None:
    """ "I'm a landscape architect", "I work as a cartographer", "My aunt is a glazier"."""
    shape = _job_shape(ctx)
    if not shape:
        return None
    assert ctx.subject is not None and ctx.view is not None
    entity, view, clause = ctx.subject.entity, ctx.view, ctx.clause
    words = [t.lower() for s in view.segs for t in s.tokens]
    retired = "retired" in words or "former" in words or clause.tense in ("past", "usedto")

    earlier = clause.tense == "past" and "retired" not in words and shape == "is"

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        questions = _job_questions(forms, retired)
        if earlier:  # "Before I was a baker": a job they had, not the one they have
            ref = forms.q_refs[0]
            did, poss = ("did I", "my") if ref == "I" else (f"did {ref}", possessive(ref))
            questions = [f"What {did} do before?", f"What was {poss} previous job?",
                         f"What was {poss} job before?"]
        if shape == "is" and any(seg.prep in ("at", "in") for seg in view.segs):
            # "I'm a pharmacist at a surgery in Narvik": where they work is asked too
            ref = forms.q_refs[0]
            questions.insert(1, "Where do I work?" if ref == "I" else f"Where does {ref} work?")
        if shape in ("as", "at"):
            where = ask("Where", view, forms.q_refs[0], [])
            extra = generic_questions(view, forms, tracker.category_of)
            questions = [where, *questions[:3], *extra, *questions[3:]]
        text = statement(forms, view)
        if forms.q_refs[0] == "I" and re.search(r"\b(?:started|since)\b.*\b(?:19|20)\d\d\b",
                                                text):
            questions[1:1] = ["When did I start my job?", "What year did I start my job?"]
        return Rendered(text, questions, summary=predicate_of(text, forms))
    slot = "previous_job" if earlier else "job" if shape != "at" else "workplace"
    entity.person = entity.person or not entity.is_user
    return [new_draft(ctx, slot, render)]


def rule_living(ctx: Context) -> list[Draft] | None:
    """ "I blow glass for a living", "she fixes boats for a living": what they do is a job."""
    lows = [t.lower() for t in ctx.clause.rest]
    text = " ".join(lows)
    if ctx.clause.neg or " for a living" not in f" {text}" or ctx.clause.lemma in ("be", "do"):
        return None
    assert ctx.subject is not None
    entity = ctx.subject.entity
    # "I keep bees for a living, about sixty hives up ...": the job ends with "for a living";
    # what follows after a comma is an aside about it, not part of the job.
    end = next(i for i in range(len(lows)) if lows[i:i + 3] == ["for", "a", "living"]) + 3
    if end < len(lows) and lows[end] == ",":
        ctx.clause = replace(ctx.clause, rest=ctx.clause.rest[:end])
        ctx.view = make_view(ctx)
    return generic_asking(  # a later job replaces it
        ctx, lambda tracker: _job_questions(tracker.forms(entity), retired=False)[:4],
        slot="job")


# Verbs that are a trade by themselves ("I teach English", "she nurses at a clinic", "he
# farms outside Narvik"), and those that are one only with their object ("delivers mail").
_TRADE_VERBS: dict[str, frozenset[str]] = {
    "teach": frozenset(), "farm": frozenset(), "fish": frozenset(), "nurse": frozenset(),
    "lecture": frozenset(), "dispatch": frozenset(),
    "deliver": frozenset("mail post parcels packages".split()),
    "drive": frozenset("taxi cab bus truck lorry".split()),
}


def rule_trade(ctx: Context) -> list[Draft] | None:
    """ "I teach English at a school here", "she delivers mail in Narvik", "I've been
    fishing lobster for thirty years": work said as its verb, asked as a job."""
    clause, subject = ctx.clause, ctx.subject
    assert subject is not None
    objects = _TRADE_VERBS.get(clause.lemma)
    lows = [t.lower() for t in clause.rest]
    if objects is None or clause.neg or clause.tense not in ("pres", "perfprog") \
            or not (subject.entity.is_user or subject.entity.person) \
            or objects and not objects & set(lows[:3]):
        return None
    if clause.tense == "perfprog" and lows[:1] in (["for"], ["since"], []):
        return None  # "I've been farming for ten years": how long, after the job itself
    entity = subject.entity
    return generic_asking(
        ctx, lambda tracker: _job_questions(tracker.forms(entity), retired=False)[:3],
        mixed=True, slot="job")


# Places and units a person runs as their work ("I manage the payroll team").
_WORKPLACES = frozenset(
    "team department office shop store branch restaurant kitchen cafe café pub bar bakery "
    "salon practice clinic ward unit firm company business farm garage site warehouse "
    "school nursery hotel lab laboratory studio workshop".split())
_RUNS = frozenset("manage run lead head supervise own".split())


def rule_runs(ctx: Context) -> list[Draft] | None:
    """ "I manage the payroll team at a ...", "she runs a bakery": running a workplace is
    what they do for work."""
    clause, subject = ctx.clause, ctx.subject
    assert subject is not None
    if clause.lemma not in _RUNS or clause.neg or clause.tense not in ("pres", "prog") \
            or not (subject.entity.is_user or subject.entity.person):
        return None
    lows = [t.lower() for t in clause.rest]
    cut = next((i for i, w in enumerate(lows) if w in (",", "and", "but", "so")), len(lows))
    if not lows or lows[0] not in ("a", "an", "the", "my", "our", "his", "her") \
            or not any(w in _WORKPLACES for w in lows[1:cut][:5]):
        return None
    entity = subject.entity
    # what they run ("Where do I run a bakery?") and their job, asked in turn
    return generic_asking(
        ctx, lambda tracker: _job_questions(tracker.forms(entity), retired=False)[:3],
        mixed=True, slot="job")


def _job_questions(forms: Forms, retired: bool) -> list[str]:
    out = []
    for ref in forms.q_refs[:2]:
        do = "do" if ref == "I" else "does"
        poss = possessive(ref)
        out += [f"What {do} {ref} do for a living?", f"What is {poss} job?",
                f"What {do} {ref} do for work?", f"What is {poss} occupation?"]
        if retired:
            pronoun = "I" if ref == "I" else forms.pronoun
            out += [f"What did {ref} do before {pronoun} retired?", f"What was {poss} job?"]
    if forms.q_refs[0] == "I":
        out += ["What is my profession?", "What do I work as?"]
    return out


def rule_shift(ctx: Context) -> list[Draft] | None:
    """ "I do the night shift at the ferry terminal": shift work says where the user works."""
    assert ctx.subject is not None and ctx.view is not None
    lows = [t.lower() for t in ctx.clause.rest]
    where = [s for s in ctx.view.segs if s.prep in ("at", "in", "for")]
    if not ctx.subject.entity.is_user or ctx.clause.neg or not where or not (
            {"shift", "shifts"} & set(lows)) or ctx.clause.lemma not in ("do", "work", "have"):
        return None
    return generic_asking(ctx, lambda _: ["Where do I work?", "What shift do I work?"],
                          slot="workplace") or None
