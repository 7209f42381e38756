"""Rules that turn one parsed clause into fact drafts: names, ages, jobs, possessions...

    from daemon.sleep.extract.rules import draft_clause
    drafts = draft_clause(tracker, clause)

Each rule looks at the clause's grammar only (copula + number -> age, "my X's name
is" -> name, "I'm a <noun>" -> job ...). Possession rules live in ``rules_people.py``,
place rules in ``rules_places.py``, favourites and things in ``rules_things.py`` and the
catch-all in ``rules_generic.py``; the first rule that matches wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .complements import Segment, capitalized_run, np_parts
from .drafting import (
    Context,
    Draft,
    Rendered,
    Subject,
    is_copula,
    make_view,
    new_draft,
    obj_of,
    predicate_of,
    resolve_subject,
)
from .entities import Tracker, singular
from .lexicon import (
    INTEREST_ADJECTIVES,
    LIKE_VERBS,
    NON_FACT_VERBS,
    PHRASE_PREPOSITIONS,
    RELATION_DESCRIPTORS,
    RELATIONS,
    TRANSIENT_PHRASES,
    TRANSIENT_WORDS,
)
from .parse import Clause, parse_clause
from .phrasing import finish, possessive, statement
from .rules_generic import generic_draft, name_draft, when_it_starts
from .rules_jobs import rule_job, rule_living, rule_runs, rule_shift, rule_trade
from .rules_people import (
    rule_diet,
    rule_have,
    rule_hobby,
    rule_married,
    rule_superlative,
    rule_support,
    rule_transport,
)
from .rules_places import PLACE_RULES
from .rules_things import FAVORITE, favorite_draft, rule_attribute, rule_favorite, rule_kind
from .textnorm import join_tokens, parse_number

Rule = Callable[[Context], "list[Draft] | None"]


def rule_name(ctx: Context) -> list[Draft] | None:
    """ "My name is X", "My son's name is X", "I'm X", "She is called X"."""
    subject, obj, clause = ctx.subject, obj_of(ctx), ctx.clause
    assert subject is not None
    if not is_copula(ctx) or obj is None:
        return None
    words = [t for t in obj.tokens if t[:1].isalnum()]
    if subject.attr == "name" and words:
        value = capitalized_run(obj.tokens) or join_tokens(obj.tokens)
        return [name_draft(ctx, subject.entity, value, "named")]
    if words and words[0].lower() in ("called", "named") and len(words) > 1 and not subject.attr:
        value = capitalized_run(obj.tokens[1:])
        return [name_draft(ctx, subject.entity, value, words[0].lower())] if value else None
    if subject.entity.is_user and obj.role == "name" and not subject.attr and not clause.adverbs:
        if len(words) == 1 and (words[0].lower().endswith(("ese", "ish", "ian"))
                                and len(words[0]) > 5 or words[0].lower() in ("not", "no")):
            return None  # "I'm Canadian": a nationality, not a name; "I am NOT.": stress
        return [name_draft(ctx, subject.entity, capitalized_run(obj.tokens), "named")]
    entity = subject.entity
    if not entity.is_user and entity.relation and not entity.name and obj.role == "name" \
            and not subject.attr and len(words) <= 3 and (value := capitalized_run(obj.tokens)):
        return [name_draft(ctx, entity, value, "named")]  # "My roommate is Oskar."
    return None


def rule_call_me(ctx: Context) -> list[Draft] | None:
    """ "Everyone calls me X" -> the user's nickname."""
    rest = ctx.clause.rest
    if ctx.clause.lemma != "call" or len(rest) < 2 or rest[0].lower() != "me":
        return None
    value = capitalized_run(rest[1:])
    if not value:
        return None
    user = ctx.tracker.user

    def render(tracker: Tracker) -> Rendered:
        text = finish(f"People call you {value}")
        return Rendered(text, ["What do people call me?", "What is my nickname?",
                               "What do my friends call me?"], summary=text)
    ctx.subject = Subject(user)
    return [new_draft(ctx, "nickname", render, entity=user, value=value)]


def rule_age(ctx: Context) -> list[Draft] | None:
    """ "He's 6 years old", "I'm seventy-two", "She turned nine in March"."""
    obj, clause, subject = obj_of(ctx), ctx.clause, ctx.subject
    assert subject is not None and ctx.view is not None
    if obj is None or obj.role != "number" or subject.attr or clause.neg:
        return None
    if clause.subject[0].lower() == "we":
        return None  # "We are 5 in the family": how many, not how old
    if clause.lemma not in ("be", "turn") or clause.lemma == "be" and clause.tense == "past":
        return None  # "since we were six": an age once, not now
    number = parse_number(obj.tokens[0])
    if number is None or number > 130:
        return None
    view, entity = ctx.view, subject.entity
    month_seg = next((s for s in view.others() if s.role == "time"), None)
    has_unit = any(t.lower() in ("year", "years", "month", "months", "old") for t in obj.tokens)

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        if clause.lemma == "be":
            age = join_tokens(obj.tokens) + ("" if has_unit else " years old")
            text = finish(f"{forms.display} {'are' if forms.person == 'you' else 'is'} {age}")
        else:
            text = statement(forms, view)
        answers = {}
        born = _birth_year(month_seg, number) if clause.lemma == "turn" else None
        first: list[str] = []  # per reference, the questions most worth a pair come first
        then: list[str] = []
        for ref in forms.q_refs[:2]:
            be = {"I": "am I"}.get(ref, f"is {ref}")
            first.append(f"How old {be}?")
            if clause.lemma == "turn":
                first.append(f"How old {be} turning?")
            if born is not None:  # "turns 16 on April 25, 2026" -> born in 2010
                asked = f"What year {'was I' if ref == 'I' else f'was {ref}'} born?"
                first.append(asked)
                answers[asked] = finish(
                    f"{forms.display} {'were' if forms.person == 'you' else 'was'} born in {born}")
            if month_seg is not None:
                first.append(f"When is {possessive(ref)} birthday?")
            then += [f"What is {possessive(ref)} age?", f"What age {be}?"]
        questions = first + then
        return Rendered(text, questions, answers,
                        summary=predicate_of(text, forms))
    return [new_draft(ctx, "age", render, value=str(number))]


def _birth_year(when: Segment | None, age: int) -> int | None:
    """The year someone turning ``age`` at ``when`` (a resolved date) was born."""
    years = [int(t) for t in (when.tokens if when is not None else []) if re.fullmatch(
        r"(19|20)\d\d", t)]
    return years[0] - age if years else None


_PARTNERS = frozenset("boyfriend girlfriend partner husband wife fiance fiancee".split())
# Relations that become a partnership: "she's my girlfriend now, properly"
_HOW_NOW = frozenset("now officially properly finally".split())
_BEFORE_PARTNER = frozenset("friend situationship date crush boyfriend girlfriend partner "
                            "fiance fiancee".split())


def _became_partner(ctx: Context) -> bool:
    """ "Oskar is my boyfriend now", after he was the user's friend: the same person, with
    the new relation from here on."""
    assert ctx.subject is not None
    entity = ctx.subject.entity
    rest = [w.lower() for w in ctx.clause.rest if w[:1].isalpha() and w.lower() not in _HOW_NOW]
    return is_copula(ctx) and not ctx.clause.neg and not entity.is_user \
        and entity.relation in _BEFORE_PARTNER and len(rest) == 2 and rest[0] in ("my", "our") \
        and rest[1] in _PARTNERS and rest[1] != entity.relation


def rule_is_my(ctx: Context) -> list[Draft] | None:
    """ "Noa is my sister", "X is my favourite author"."""
    obj, subject = obj_of(ctx), ctx.subject
    assert subject is not None
    entity = subject.entity
    if _became_partner(ctx):
        ctx.tracker.refine(entity, next(w.lower() for w in ctx.clause.rest
                                        if w.lower() in _PARTNERS))
        return [name_draft(ctx, entity, entity.name, "named")] if entity.name else []
    if not is_copula(ctx) or obj is None or not obj.tokens or entity.is_user \
            or entity.relation or ctx.clause.subject[0].lower() in ("he", "she", "it", "they"):
        return None
    raw = ctx.clause.rest
    if not raw or raw[0].lower() not in ("my", "our"):
        return None
    words = [w.lower() for w in raw[1:] if w[:1].isalnum()]
    if words and words[0] in FAVORITE:
        return favorite_draft(ctx, " ".join(words), entity.name)
    descriptors = [w for w in words[:-1] if w in RELATION_DESCRIPTORS]
    if not words or (singular(words[-1]) not in RELATIONS and words[-1] not in RELATIONS):
        return None
    ctx.tracker.refine(entity, words[-1])
    ctx.tracker.describe(entity, descriptors)
    return [name_draft(ctx, entity, entity.name, "named")]


_PLACE_AFTER_TO = frozenset("the a an my our his her their your this that work school bed "
                            "uni university college town hospital".split())
_NEEDS_OBJECT = frozenset("want need like love hate know think mind care prefer try".split())


# Verbs of a journey: said as under way or planned, a one-off trip ("flying in on the
# Thursday", "we'll grab her on the way"); "move" is not one of them. Landing and
# arriving are one-off in any tense ("she lands in Narvik on Thursday"). A journey has a
# direction ("driving line 1" is a job).
_JOURNEYS = frozenset("drive fly head travel".split())
_ERRANDS = frozenset("grab pick pop visit drop".split())


def _skip(ctx: Context) -> bool:
    """Clauses that are not lasting facts about the user's world."""
    clause = ctx.clause
    lows = [t.lower() for t in clause.rest] + [t.lower() for t in clause.front]
    aside = re.sub(r", (?:before|as|if|in case|when|unless) you \w+(?: \w+)?(?= ,|$)", "",
                   " ".join(lows))  # "..., before you ask, ...": an aside to the assistant
    if {"you", "your"} & set(aside.split()) or clause.lemma in NON_FACT_VERBS:
        return True
    if clause.lemma == "be" and (not clause.rest or lows[:1] in (["right"], ["wrong"])):
        return True  # "Maybe she is right": an opinion of the user's, about a remark
    if not clause.rest and clause.lemma in _NEEDS_OBJECT:
        return True  # "but I don't want": what is (not) wanted was said elsewhere
    # "I'm going to make a cup of tea": a plan for now, not a fact ("going to Tromso" is
    # where they go)
    if clause.lemma == "go" and clause.tense == "prog" and len(clause.rest) > 1 and \
            lows[0] == "to" and clause.rest[1][:1].islower() and lows[1] not in _PLACE_AFTER_TO:
        return True
    verb = clause.lemma.split()[0]
    headed = " " in clause.lemma or lows[:1] in (
        ["to"], ["into"], ["home"], ["back"], ["through"], ["over"], ["up"], ["down"], ["from"])
    if (verb in _ERRANDS or verb in _JOURNEYS and headed) and (
            clause.tense == "prog" or clause.tense.startswith("modal:will")) or \
            verb in ("land", "arrive"):
        return True  # "we're driving down to Narvik for the party": a trip, not a fact
    if verb == "try" and clause.tense.startswith("modal:will") or clause.lemma == "go by" \
            or verb == "hear" and lows[:1] == ["that"] or verb == "get" and "wrong" in lows[:3]:
        return True  # "I'll try the plan from tomorrow", "I'm going by there now", "I hear
        # that", "I got something wrong": what the user does in the chat
    if clause.lemma in ("want", "need") and lows[:2] in (["to", "ask"], ["to", "know"],
                                                         ["to", "say"], ["to", "tell"]):
        return True  # "I want to ask for a day off": what a request is for
    text = " " + " ".join(lows) + " "
    if clause.lemma in ("be", *LIKE_VERBS) and lows and (
            lows[0] in INTEREST_ADJECTIVES or clause.lemma in LIKE_VERBS):
        return any(w in TRANSIENT_WORDS for w in lows)  # "mad about X at the moment": lasts
    return any(w in TRANSIENT_WORDS for w in lows) or any(f" {p} " in text
                                                           for p in TRANSIENT_PHRASES)


RULES: list[Rule] = [rule_name, rule_age, rule_married, rule_diet, rule_have, rule_superlative,
                     rule_is_my, rule_favorite, rule_job, rule_living, rule_runs, rule_trade,
                     rule_shift, rule_support, rule_hobby, rule_transport, rule_kind,
                     rule_attribute,
                     *PLACE_RULES, generic_draft]


def draft_clause(tracker: Tracker, clause: Clause) -> list[Draft]:
    """Drafts for one clause (plus any relative clause inside it)."""
    ctx = Context(tracker, clause)
    nickname = rule_call_me(ctx)  # whoever the subject is ("Everyone calls me X")
    if nickname is not None:
        return nickname
    if clause.lemma == "start" and clause.mood == "fact":
        # "he started this morning" (no fact to keep): someone new, whom "He's only 19" in
        # the next message means
        ctx.subject = resolve_subject(ctx)
        if ctx.subject is not None and ctx.subject.entity.person \
                and not ctx.subject.entity.is_user:
            tracker.began(ctx.subject.entity)
    if _skip(ctx):
        return []
    ctx.subject = ctx.subject or resolve_subject(ctx)
    if ctx.subject is None:
        return []
    if ctx.subject.entity.is_user and ctx.subject.attr and ctx.clause.lemma != "be":
        # "our new kitchen porter walked out": someone, but not the user
        return when_it_starts(ctx)
    ctx.view = make_view(ctx)
    drafts: list[Draft] = []
    if ctx.subject.fresh_name and not ctx.subject.attr == "name":
        drafts.append(name_draft(ctx, ctx.subject.entity, ctx.subject.fresh_name, "named"))
    for rule in RULES:
        found = rule(ctx)
        if found is not None:
            drafts += found
            break
    return drafts + _relative_drafts(ctx)


def mention_drafts(tracker: Tracker, clause: Clause) -> list[Draft]:
    """A person named in passing ("a present for my nephew Oskar?"): only the name."""
    ctx = Context(tracker, clause)
    ctx.subject = resolve_subject(ctx)
    if ctx.subject is None or not ctx.subject.fresh_name:
        return []
    ctx.view = make_view(ctx)
    return [name_draft(ctx, ctx.subject.entity, ctx.subject.fresh_name, "named")]


def _relative_drafts(ctx: Context) -> list[Draft]:
    """ "an old apple tree that my father planted" -> Your father planted the old apple tree."""
    raw = ctx.clause.rest
    lows = [t.lower() for t in raw]
    if ctx.clause.subject[0].lower() == "the":
        return []  # "The workshop is a chapel ... that we rent": it describes the subject
    for idx, low in enumerate(lows):
        inner = raw[idx + 1:]
        if low == "who" and idx and raw[idx - 1][:1].isupper() and inner[:1] == ["is"] \
                and ctx.tracker.by_name(raw[idx - 1]) is not None:
            # "a parrot called Zorvath who is 31": what the relative says of the one named
            said = inner[:2] if len(inner) > 1 and parse_number(inner[1]) is not None else inner
            clause = parse_clause([raw[idx - 1], *said], ctx.clause.message_id,
                                  ctx.clause.sentence)
            return draft_clause(ctx.tracker, clause) if clause is not None else []
        if low not in ("that", "which") or not idx or not inner \
                or inner[0].lower() not in ("i", "we", "my", "our", "he", "she"):
            continue
        preps = [i for i, t in enumerate(lows[:idx]) if t in PHRASE_PREPOSITIONS]
        mods, head = np_parts(raw[preps[-1] + 1 if preps else 0:idx])
        if not head:
            continue
        clause = parse_clause(list(inner), ctx.clause.message_id, ctx.clause.sentence)
        if clause is None or clause.lemma == "be":
            continue
        clause.rest = ["the", *mods, head, *clause.rest]
        return draft_clause(ctx.tracker, clause)
    return []
