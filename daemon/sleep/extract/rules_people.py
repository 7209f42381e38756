"""Extractor rules about possessions and groups: "I have a <noun> named X", lists, ranks.

    from daemon.sleep.extract.rules_people import rule_have, rule_superlative
    rule_have(ctx)          # "We have two goats: Basil and Thyme" -> group + members
    rule_superlative(ctx)   # "Ari is the oldest" -> Ari is your oldest nephew

Each rule takes a :class:`drafting.Context` and returns drafts, or None when the
clause does not have its shape (the next rule is then tried).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .complements import capitalized_run, colors_in
from .drafting import Context, Draft, Rendered, is_copula, new_draft, obj_of
from .entities import Entity, Tracker, singular
from .lexicon import ANIMALS, DIETS, INSTRUMENTS, RELATION_DESCRIPTORS, RELATIONS, SPORTS
from .phrasing import and_join, finish, lower_first, possessive
from .rules_generic import generic_asking, generic_draft, name_draft
from .textnorm import a_or_an, join_tokens, parse_number

Render = Callable[[Tracker], "Rendered | None"]


def _have_parts(tokens: list[str]) -> tuple[str, list[str], str, list[str], str]:
    """(count, descriptors, head noun, names, name verb) of "a dog named Rex" / "two cats: A, B"."""
    words = [t for t in tokens]
    count = ""
    if words and (parse_number(words[0]) is not None or words[0].lower() in ("a", "an")):
        count, words = words[0], words[1:]
    descriptors: list[str] = []
    while words and words[0].lower() in RELATION_DESCRIPTORS:
        descriptors.append(words[0].lower())
        words = words[1:]
    if not words or not words[0][:1].islower():
        return count, descriptors, "", [], ""
    if len(words) > 1 and words[0].lower() not in RELATIONS and words[1].lower() in RELATIONS:
        words = words[1:]  # "a small dog": the adjective says nothing we ask about
    head, words = words[0].lower(), words[1:]
    # "a leopard gecko called X": the noun before the name is the head, up to two words on.
    for _ in range(2):
        if len(words) > 1 and words[0][:1].islower() and words[0].isalpha() and \
                words[0].lower() not in ("named", "called", "and") and (
                    words[1].lower() in ("named", "called") or len(words) > 2
                    and words[1].isalpha() and words[1].islower()
                    and words[2].lower() in ("named", "called")):
            head, words = words[0].lower(), words[1:]
    verb = ""
    if words and words[0].lower() in ("named", "called"):
        verb, words = words[0].lower(), words[1:]
    elif words and words[0] in (",", ":", "-"):
        verb, words = "named", words[1:]
    elif words:
        return count, descriptors, head, [], ""
    names = [n for n in join_tokens(words).replace(" and ", ", ").split(", ") if n.strip()]
    if not all(n[:1].isupper() for n in names):
        return count, descriptors, head, [], ""
    return count, descriptors, head, names, verb


def rule_have(ctx: Context) -> list[Draft] | None:
    """ "I have a dog named Zuzu", "We have three grandchildren: A, B and C"."""
    obj, subject = obj_of(ctx), ctx.subject
    assert subject is not None
    if ctx.clause.lemma in _ACQUIRE and obj is not None and not ctx.clause.neg:
        return _acquired(ctx, obj.tokens)
    if ctx.clause.lemma != "have" or obj is None or ctx.clause.neg:
        return None
    count, descriptors, head, names, verb = _have_parts(obj.tokens)
    if head and not names and count.lower() in ("a", "an"):
        names, verb = _named_again(ctx.clause.rest)
    if not subject.entity.is_user:
        return _theirs(ctx, subject.entity, head, descriptors, names, verb)
    known = singular(head) in RELATIONS or head in RELATIONS
    said = [t for t in ctx.clause.rest if t[:1].isalnum()]
    if head and not known and not names and parse_number(count) is not None \
            and said == obj.tokens and len(said) == 2 and head not in _NOT_COUNTED:
        return [_have_count(ctx, subject.entity, count, head)]  # "I have sixty hives"
    if not head or not (known or names) or not count:
        return None
    tracker = ctx.tracker
    if len(names) > 1 or (count and count.lower() not in ("a", "an", "one")):
        return _group_drafts(ctx, count, head, names, verb)
    entity = tracker.by_relation(head, descriptors, names[0] if names else "")
    if names:
        entity.name = entity.name or names[0]
        return [name_draft(ctx, entity, names[0], verb or "named", have=True)]
    return [_have_plain(ctx, entity, count, head)]


_ACQUIRE = frozenset("get adopt buy rescue".split())


def _acquired(ctx: Context, tokens: list[str]) -> list[Draft] | None:
    """ "we adopted a puppy called Zuzu last week": the user has the pet by that name now,
    and when it came is a fact of its own."""
    assert ctx.subject is not None
    count, descriptors, head, names, verb = _have_parts(tokens)
    if not ctx.subject.entity.is_user or len(names) > 1 or count.lower() not in ("a", "an") \
            or singular(head) not in ANIMALS:
        return None
    if not names:  # "I bought a horse. Her name is X": the horse is who "her" means next
        ctx.tracker.by_relation(head, descriptors)
        return generic_draft(ctx)
    entity = ctx.tracker.by_relation(head, descriptors, names[0])
    entity.name = entity.name or names[0]
    return [name_draft(ctx, entity, names[0], verb or "named", have=True),
            *(generic_draft(ctx) or [])]


def _named_again(rest: list[str]) -> tuple[list[str], str]:
    """ "a dog of our own, before you ask, a retired greyhound called X": the one pet,
    named where the user describes it again after a comma."""
    if "," not in rest:
        return [], ""
    comma = rest.index(",")
    # "a carer from the council, Oskar, who ...": the name set off after where they are from
    if 2 < comma < 7 and rest[2].lower() in ("from", "at", "with") and comma + 1 < len(rest) \
            and all(w[:1].islower() for w in rest[1:comma]) and rest[comma + 1].isalpha() \
            and rest[comma + 1][:1].isupper() and rest[comma + 2:comma + 3] in ([], [","]):
        return [rest[comma + 1]], "named"
    for k in range(comma, len(rest) - 1):
        if rest[k].lower() in ("named", "called") and rest[k - 1].isalpha() \
                and rest[k - 1].islower() and rest[k + 1][:1].isupper() \
                and "and" not in rest[rest.index(","):k]:
            return [capitalized_run(rest[k + 1:])], rest[k].lower()
    return [], ""


def _theirs(ctx: Context, owner: Entity, head: str, descriptors: list[str],
            names: list[str], verb: str) -> list[Draft] | None:
    """ "My flatmate has a tortoise called Zorvath": the flatmate's tortoise, by name."""
    known = singular(head) in RELATIONS or head in RELATIONS
    if not owner.relation or not known or len(names) != 1:
        return None
    entity = ctx.tracker.kin(owner, head, descriptors)
    entity.name = entity.name or names[0]
    return [name_draft(ctx, entity, names[0], verb or "named")]


def _have_plain(ctx: Context, entity: Entity, count: str, head: str) -> Draft:
    def render(tracker: Tracker) -> Rendered:
        text = finish(f"You have {count} {head}")
        questions = [f"Do I have {a_or_an(head)} {head}?", f"Do I have any {head}s?"]
        if head in ANIMALS:
            questions.append("What pet do I have?")
        return Rendered(text, questions, {q: "Yes, " + lower_first(text) for q in questions[:2]},
                        summary=f"have {count} {head}")
    return new_draft(ctx, "have", render, entity=entity, functional=False, value=head)


# Counts that are no possession: time ("I have 3 days off"), talk ("2 questions").
_NOT_COUNTED = frozenset("""years months weeks days hours minutes seconds times questions
    things ideas problems reasons options points issues""".split())


def _have_count(ctx: Context, entity: Entity, count: str, head: str) -> Draft:
    """ "We have sixty hives": how many of a thing the user has (a later count replaces it)."""
    def render(tracker: Tracker) -> Rendered:
        text = finish(f"You have {count} {head}")
        return Rendered(text, [f"How many {head} do I have?", f"Do I have any {head}?"],
                        {f"Do I have any {head}?": "Yes, " + lower_first(text)},
                        summary=f"have {count} {head}")
    return new_draft(ctx, f"count:{singular(head)}", render, entity=entity, value=count)


_CHILD_WORDS = {"kids": "", "boys": "sons", "girls": "daughters", "sons": "", "daughters": ""}


def _group_drafts(ctx: Context, count: str, head: str, names: list[str],
                  verb: str) -> list[Draft]:
    tracker = ctx.tracker
    group = tracker.by_relation(head)
    group.plural, group.count, group.plural_word = True, count, head.lower()
    member_rel = singular(head)
    for name in names:
        member = tracker.by_name(name) or tracker.new(member_rel, name=name)
        member.relation = member.relation or member_rel
        if member not in group.members:
            group.members.append(member)
    plural_head = head if head.lower() != member_rel else head + "s"

    def render(tracker: Tracker) -> Rendered:
        listed = and_join([m.name for m in group.members])
        text = finish(f"You have {count} {plural_head}" + (f": {listed}" if listed else ""))
        poss = f"my {plural_head}'" if plural_head.endswith("s") else f"my {plural_head}'s"
        questions = [f"How many {plural_head} do I have?", f"Do I have any {plural_head}?"]
        # "kids", "boys": asked as often as children, and boys and girls as sons and daughters
        other = _CHILD_WORDS.get(plural_head.lower())
        if other is not None:
            questions.append("How many children do I have?")
        if listed:
            questions += [f"What are {poss} names?", f"What are the names of my {plural_head}?",
                          f"Who are my {plural_head}?"]
            if other:
                questions.append(f"What are my {other} called?")
        return Rendered(text, questions, summary=f"have {count} {plural_head}")
    drafts = [new_draft(ctx, "members", render, entity=group, value=count)]
    for member in group.members:
        drafts.append(_member_draft(ctx, member))
    return drafts


def _member_draft(ctx: Context, member: Entity) -> Draft:
    def render(tracker: Tracker) -> Rendered:
        text = finish(f"{member.name} is your {member.relation_phrase}")
        return Rendered(text, [f"Who is {member.first_name}?",
                               f"How is {member.first_name} related to me?"])
    return new_draft(ctx, "relation", render, entity=member)


def rule_superlative(ctx: Context) -> list[Draft] | None:
    """ "Ari is the oldest" -> Ari is your oldest nephew."""
    obj, subject = obj_of(ctx), ctx.subject
    assert subject is not None
    words = [t.lower() for t in obj.tokens] if obj else []
    entity = subject.entity
    if not is_copula(ctx) or len(words) != 2 or words[0] != "the" or not entity.relation \
            or words[1] not in RELATION_DESCRIPTORS or entity.is_user:
        return None
    rank = words[1]
    ctx.tracker.describe(entity, [rank])
    group = next((g for g in ctx.tracker.entities if entity in g.members), None)

    def render(tracker: Tracker) -> Rendered:
        who = entity.name or f"your {entity.relation}"
        text = finish(f"{who} is your {rank} {entity.relation}")
        questions = [f"Who is my {rank} {entity.relation}?"]
        if group is not None:
            plural = group.plural_word or group.relation + "s"
            questions += [f"Which of my {plural} is the {rank}?",
                          f"Who is the {rank} of my {plural}?"]
        return Rendered(text, questions, summary=f"is your {rank} {entity.relation}")
    return [new_draft(ctx, "rank", render)]


def rule_married(ctx: Context) -> list[Draft] | None:
    """ "We got married eighteen years ago" -> when, and how long, the user has been married;
    "Not married" / "I'm divorced" -> the user's marital status."""
    assert ctx.subject is not None and ctx.view is not None
    rest = [t.lower() for t in ctx.clause.rest]
    if not ctx.subject.entity.is_user or ctx.clause.lemma not in ("be", "get") \
            or not rest or rest[0] not in _MARITAL:
        return None
    # "married in 2009", "married for five years" (since a year the dates work out)
    when = [s for s in ctx.view.segs if s.role in ("time", "duration")] and not ctx.clause.neg
    words = list(ctx.clause.rest)
    # "married to Mira": Mira is a person a later "she" can mean
    after = words[words.index("to") + 1:] if "to" in words else []
    if after[:1] and after[0][:1].isupper() and (name := capitalized_run(after)):
        spouse = ctx.tracker.by_name(name) or ctx.tracker.new(name=name)
        spouse.person = True
    drafts = generic_draft(ctx)
    for draft in drafts:
        draft.render = _with_marital_questions(draft.render, bool(when))
    return drafts


_MARITAL = frozenset("married single divorced widowed engaged separated".split())


def _with_marital_questions(render: Render, when: bool) -> Render:
    def wrapped(tracker: Tracker) -> Rendered | None:
        rendered = render(tracker)
        if rendered is None:
            return None
        asks = ["What is my marital status?"]
        if not when:
            return replace(rendered, questions=rendered.questions + asks)
        asks = ["When did I get married?", "What year did I get married?",
                "How long have I been married?", *asks]
        # "got married" reads as "be married" to the parser; with a date it is the event
        text = rendered.text.replace(" are married ", " got married ", 1)
        answers = {q: a.replace(" are married ", " got married ", 1)
                   for q, a in rendered.answers.items()}
        return replace(rendered, text=text, answers=answers, questions=asks + rendered.questions)
    return wrapped




def rule_diet(ctx: Context) -> list[Draft] | None:
    """ "I'm vegetarian", "my boyfriend is coeliac" -> also "What diet do I follow?"."""
    assert ctx.subject is not None
    rest = [t.lower() for t in ctx.clause.rest]
    if ctx.clause.lemma != "be" or ctx.clause.neg or not rest or rest[0] not in DIETS:
        return None
    entity = ctx.subject.entity
    return generic_asking(ctx, lambda tracker: [
        "What diet do I follow?" if ref == "I" else f"What diet does {ref} follow?"
        for ref in tracker.forms(entity).q_refs[:2]], first=False)


_VEHICLES = frozenset("bus train trains tram trams tube metro subway ferry bicycle "
                      "car scooter motorbike motorcycle van taxi coach".split())
_TRAVEL_VERBS = frozenset("take get ride catch drive go cycle commute travel".split())


def rule_transport(ctx: Context) -> list[Draft] | None:
    """ "I take the bus to work", "I go everywhere by bus" -> also "How do I get around?"
    (and "How do I get to work?" when work is where they go); "I drive a red Minivan" ->
    also "What car do I drive?" and "What colour is my car?"."""
    assert ctx.subject is not None
    lows = [t.lower() for t in ctx.clause.rest]
    verb = ctx.clause.lemma.split()[0]
    car = verb == "drive" and bool(lows) and lows[0] in ("a", "an", "my", "our", "the")
    if verb not in _TRAVEL_VERBS or ctx.clause.neg or not (set(lows) & _VEHICLES or car):
        return None
    if verb in ("go", "travel", "commute") and not {"by", "with"} & set(lows):
        return None  # "I go to the bus station" says nothing of how they travel
    entity = ctx.subject.entity
    to_work, coloured = "work" in lows, bool(colors_in(ctx.clause.rest))

    def asks(tracker: Tracker) -> list[str]:
        ref = tracker.forms(entity).q_refs[0]
        do, who = ("do", "I") if ref == "I" else ("does", ref)
        poss = "my" if ref == "I" else possessive(ref)
        out = [f"How {do} {who} get around?"] + [f"How {do} {who} get to work?"] * to_work
        if car:
            out.append(f"What car {do} {who} drive?")
            out += [f"What colour is {poss} car?", f"What color is {poss} car?"] * coloured
        return out
    return generic_asking(ctx, asks, first=False)


def rule_support(ctx: Context) -> list[Draft] | None:
    """ "I support the Tromso Owls, rugby obviously" -> also "Which team do I support?" and
    "Which rugby team do I support?"."""
    assert ctx.subject is not None
    if ctx.clause.lemma != "support" or ctx.clause.neg or not ctx.clause.rest:
        return None
    sports = [w for w in re.findall(r"[a-z]+", ctx.clause.sentence.lower()) if w in SPORTS]
    entity = ctx.subject.entity

    def asks(tracker: Tracker) -> list[str]:
        ref = tracker.forms(entity).q_refs[0]
        do, who = ("do", "I") if ref == "I" else ("does", ref)
        return [f"Which team {do} {who} support?",
                *[f"Which {sport} team {do} {who} support?" for sport in sports[:1]]]
    return generic_asking(ctx, asks)


def rule_hobby(ctx: Context) -> list[Draft] | None:
    """ "He's taken up the tuba", "she's mad about fencing" -> also "What instrument does my
    son play?" / "What sport does my daughter do?"."""
    assert ctx.subject is not None
    lows = {t.lower() for t in ctx.clause.rest}
    verb = ctx.clause.lemma.split()[0]  # "I drum in a band": the verb names the instrument
    played = lows & INSTRUMENTS or verb in INSTRUMENTS or f"{verb}s" in INSTRUMENTS
    kind = "instrument" if played else "sport" if lows & SPORTS else ""
    if not kind or ctx.clause.neg:
        return None
    entity = ctx.subject.entity
    act = "play" if kind == "instrument" else "do"
    return generic_asking(ctx, lambda tracker: [
        f"What {kind} do I {act}?" if ref == "I" else f"What {kind} does {ref} {act}?"
        for ref in tracker.forms(entity).q_refs[:2]]) or None
