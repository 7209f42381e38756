"""Rules about things the user has and likes: favourites, a thing's attributes, a pet's kind.

    from daemon.sleep.extract.rules_things import rule_favorite
    drafts = rule_favorite(ctx)   # "My favorite text editor is Helix" -> favorite questions

Called from :func:`.rules.draft_clause` in its order of rules, like the other ``rules_*``
modules.
"""

from __future__ import annotations

from .complements import capitalized_run, colors_in
from .drafting import Context, Draft, Rendered, Subject, is_copula, new_draft, obj_of, predicate_of
from .entities import Forms, Tracker
from .lexicon import is_job_noun
from .phrasing import finish, possessive, statement

FAVORITE = ("favorite", "favourite")


def rule_kind(ctx: Context) -> list[Draft] | None:
    """ "She's a palomino" (about a pet or thing) -> breed / kind questions."""
    obj, subject = obj_of(ctx), ctx.subject
    assert subject is not None and ctx.view is not None
    entity = subject.entity
    if not is_copula(ctx) or obj is None or obj.role != "np" or entity.is_user \
            or entity.person or subject.attr or obj.tokens[0].lower() not in ("a", "an"):
        return None
    view = ctx.view
    colors = colors_in(obj.tokens)

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        rel = entity.relation or "pet"
        questions = []
        for ref in forms.q_refs[:2]:
            questions.append(f"What breed is {ref}?")
            if not ref.startswith("my "):
                questions.append(f"What kind of {rel} is {ref}?")
            if colors:
                questions.append(f"What does {ref} look like?")
        questions.append(f"What kind of {rel} do I have?")
        text = statement(forms, view)
        return Rendered(text, questions, summary=predicate_of(text, forms))
    return [new_draft(ctx, "kind", render)]


def favorite_draft(ctx: Context, attr: str, value: str) -> list[Draft]:
    category = attr.split(" ", 1)[1] if " " in attr else "thing"
    ctx.tracker.categories[value.lower()] = category
    ctx.tracker.last_thing = value
    spelled = attr.split(" ", 1)[0]
    other = "favourite" if spelled == "favorite" else "favorite"
    person_like = len(value.split()) > 1 and all(w[:1].isupper() for w in value.split()) \
        and is_job_noun(category.lower())
    wh = "Who" if person_like else "What"

    def render(tracker: Tracker) -> Rendered:
        text = finish(f"Your {attr} is {value}")
        questions = [f"{wh} is my {attr}?", f"{wh} is my {other} {category}?",
                     f"Which {category} do I like best?", f"Which {category} do I prefer?",
                     f"What {category} do I like the most?", f"What is my preferred {category}?"]
        return Rendered(text, questions, summary=text)
    ctx.subject = Subject(ctx.tracker.user, attr=attr)
    return [new_draft(ctx, attr.replace("favourite", "favorite"), render, entity=ctx.tracker.user,
                   value=value)]


def rule_favorite(ctx: Context) -> list[Draft] | None:
    """ "My favorite text editor is Helix"."""
    obj, subject = obj_of(ctx), ctx.subject
    assert subject is not None
    if not is_copula(ctx) or obj is None or not subject.attr.startswith(FAVORITE):
        return None
    return favorite_draft(ctx, subject.attr, capitalized_run(obj.tokens) or obj.text)


def rule_attribute(ctx: Context) -> list[Draft] | None:
    """ "My birthday is on the 3rd of May", "My kayak is a red ..."."""
    subject, obj = ctx.subject, obj_of(ctx)
    assert subject is not None and ctx.view is not None
    if not is_copula(ctx) or not subject.attr or subject.attr == "name":
        return None
    attr, entity, view = subject.attr, subject.entity, ctx.view
    head = attr.split()[-1]
    if obj is not None and obj.role == "np":
        ctx.tracker.last_thing = f"my {attr}"

    def render(tracker: Tracker) -> Rendered:
        forms = tracker.forms(entity)
        poss = "my" if entity.is_user else possessive(forms.q_refs[0])
        display = "Your" if entity.is_user else forms.display + "'s"
        text = statement(Forms([], f"{display} {attr}", "3s", "it", ""), view)
        questions = [f"What is {poss} {attr}?"]
        for seg in view.others():
            if seg.role == "time" or seg.kind == "time":
                questions.insert(0, f"When is {poss} {attr}?")
            if seg.role == "place":
                questions.insert(0, f"Where is {poss} {attr}?")
        if obj is not None and obj.role == "np" and entity.is_user and " " not in attr:
            questions += [f"What kind of {head} do I have?", f"What {head} do I have?"]
            if colors_in(obj.tokens):
                questions.append(f"What color is my {attr}?")
        return Rendered(text, questions, summary=text)  # a sentence of its own in summaries
    return [new_draft(ctx, attr, render)]
