"""The people, pets and things a user talks about, and coreference between mentions.

    from daemon.sleep.extract.entities import Tracker
    tracker = Tracker()
    son = tracker.by_relation("son")          # "my son"
    son.name = "Corwin Hale"
    tracker.by_pronoun("he") is son            # "He's 9 years old."
    tracker.by_name("Corwin") is son            # "Corwin loves rowing."
    tracker.forms(son).q_refs                  # ["my son", "Corwin"]

Entities are rendered only after a whole batch of messages is read, so a fact
stated before the entity's name was known still gets the name in its answer. A
pronoun resolves only to someone mentioned in the same conversation within the last
``PRONOUN_WINDOW`` user messages (call ``start_message`` before each message): "he"
in tonight's chat about a landlord is never last week's son.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (
    GENDERED_RELATION,
    IN_LAWS,
    IRREGULAR_PLURALS,
    KIN_OF_KIN,
    NEUTRAL_RELATION,
    RELATIONS,
    SPOUSES,
    other_rank,
)

# A pronoun looks back over the current user message and the two before it.
PRONOUN_WINDOW = 3


@dataclass(eq=False)
class Entity:
    """Someone or something in the user's world; the user is an entity too."""

    relation: str = ""  # singular head noun: "son", "grandchild", "car"
    descriptors: list[str] = field(default_factory=list)  # ["older"], ["eldest"]
    name: str = ""
    name_verb: str = "named"  # how the user introduced the name: "named" / "called"
    gender: str = ""  # "m", "f", "n" or "" when unknown
    person: bool | None = None
    plural: bool = False
    members: list[Entity] = field(default_factory=list)
    count: str = ""  # how many, as the user wrote it ("three")
    plural_word: str = ""  # the plural as the user wrote it ("grandchildren")
    # Another name for the relation that questions may use but answers may not, because
    # the user never said it: "my eldest child ... she" is asked about as "my daughter".
    alias: str = ""
    gone: bool = False  # died: what was said about them is no longer current
    is_user: bool = False
    thing: bool = False  # an object ("my car"): "it", never "he" or "she"
    # (conversation, user turn in it) of the last mention: pronouns reach back only
    # PRONOUN_WINDOW turns, and never into another conversation.
    seen: tuple[str, int] = ("", -1)
    began: tuple[str, int] = ("", -1)  # where they were said to start (a job): a newcomer

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""

    @property
    def relation_phrase(self) -> str:
        owner, mark, noun = self.relation.rpartition("'s ")  # "partner's little brother"
        noun = plural_of(noun) if self.plural else noun  # "my parents live in ..."
        return (owner + mark + " ".join([*self.descriptors, noun])).strip()


@dataclass
class Forms:
    """How an entity is referred to in questions and answers."""

    q_refs: list[str]  # question subjects: ["my son", "Corwin"] or ["I"]
    display: str  # answer subject: "Your son Corwin Hale" or "You"
    person: str  # verb agreement: "you", "3s", "3p"
    pronoun: str  # "he", "she", "it", "they", "you"
    key: str  # normalized subject for fact keys: "you", "your son"


def singular(noun: str) -> str:
    """Singular of a plural noun: "grandchildren" -> "grandchild", "cats" -> "cat"."""
    low = noun.lower()
    if low in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return low[:-1]
    return low


def plural_of(noun: str) -> str:
    """Plural of a singular relation noun: "parent" -> "parents", "child" -> "children"."""
    low = noun.lower()
    irregular = next((p for p, s in IRREGULAR_PLURALS.items() if s == low and p != low), None)
    if irregular is not None:
        return irregular
    if low.endswith(("ch", "sh", "ss", "x")):
        return low + "es"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return low[:-1] + "ies"
    return low + "s"


def is_plural(noun: str) -> bool:
    low = noun.lower()
    return low in IRREGULAR_PLURALS and IRREGULAR_PLURALS[low] != low or (
        singular(low) != low and singular(low) in RELATIONS)


class Tracker:
    """Keeps the entities of one batch of messages, most recently mentioned last."""

    def __init__(self) -> None:
        self.user = Entity(is_user=True, person=True)
        self.entities: list[Entity] = []
        self.recent: list[Entity] = []
        self.last_thing = ""  # what "it" refers to when no entity fits
        self.categories: dict[str, str] = {}  # "helix" -> "text editor"
        self.residence = ""  # the place the user lives now, e.g. "Tromso, Troms"
        self.conversation = ""
        self.turns: dict[str, int] = {}  # user messages read so far, per conversation
        # Who a run of "he"/"she" subjects in this message is about: "He works nights.
        # He is 58" stays with him though "the boss" was named in between.
        self.topic: Entity | None = None

    def start_message(self, conversation: str) -> None:
        """Move to the next user message; pronouns now see only this conversation."""
        self.topic = None
        if conversation != self.conversation:
            self.last_thing = ""
        self.conversation = conversation
        self.turns[conversation] = self.turns.get(conversation, 0) + 1

    def in_reach(self, entity: Entity) -> bool:
        """Whether a pronoun in the current message can refer to ``entity``."""
        conversation, turn = entity.seen
        return conversation == self.conversation and \
            self.turns.get(conversation, 0) - turn < PRONOUN_WINDOW

    def _now(self) -> tuple[str, int]:
        """(conversation, user turn in it) of the message being read."""
        return self.conversation, self.turns.get(self.conversation, 0)

    def mention(self, entity: Entity) -> Entity:
        if entity is self.user:
            return entity
        if entity in self.recent:
            self.recent.remove(entity)
        self.recent.append(entity)
        entity.seen = self._now()
        return entity

    def new(self, relation: str = "", name: str = "", plural: bool = False) -> Entity:
        gender, person = RELATIONS.get(relation, ("", None))
        entity = Entity(relation=relation, name=name, gender=gender if gender != "n" else "",
                        person=person, plural=plural)
        self.entities.append(entity)
        return self.mention(entity)

    def by_relation(self, relation: str, descriptors: list[str] | None = None,
                    name: str = "") -> Entity:
        """The entity for "my <relation>", created on first mention; ``name``: the name said
        with it ("my wife Vera" is not the partner Mira, and does not relabel her)."""
        plural = is_plural(relation)
        rel = singular(relation) if plural else relation.lower()
        for entity in reversed(self.recent):
            if name and entity.name and entity.first_name != name.split()[0]:
                continue
            if entity.plural == plural and _same_relation(entity.relation, rel) and not (
                    entity.relation != rel and "business" in entity.descriptors) and \
                    not other_rank(entity.descriptors, descriptors or []) and \
                    not _newcomer(entity.descriptors, descriptors or []):
                if NEUTRAL_RELATION.get(rel) == entity.relation:
                    self.refine(entity, rel)
                self.describe(entity, descriptors)
                return self.mention(entity)
        entity = self.new(rel, plural=plural)
        self.describe(entity, descriptors)
        return entity

    def owner_of(self, pronoun: str) -> Entity | None:
        """Whose relation "his"/"her" names: the most recent person in reach who may be of
        that gender, skipping relations of relations (no "his dad's dad" chains)."""
        gender = "m" if pronoun.lower() == "his" else "f"
        for entity in reversed([e for e in self.recent if self.in_reach(e)]):
            if entity.plural or entity.thing or entity.person is False or entity.is_user \
                    or "'s " in entity.relation:
                continue
            if entity.gender in (gender, ""):
                entity.gender = gender
                return self.mention(entity)
        return None

    def kin(self, owner: Entity, head: str, descriptors: list[str] | None = None) -> Entity:
        """Someone's own relation or pet ("my partner's brother", "her tortoise"), as an
        entity whose relation phrase carries the owner: "partner's brother"."""
        # "my daughter ... her brother": the user's son, asked about as such
        alias = KIN_OF_KIN.get((NEUTRAL_RELATION.get(owner.relation, owner.relation),
                                 head.lower()), "")
        if owner.relation in SPOUSES:  # "my husband ... his mum": a mother-in-law
            alias = IN_LAWS.get(head.lower(), alias)
        rel = f"{owner.relation}'s {head.lower()}"  # "partner's parents" stays plural
        for entity in reversed(self.recent):
            if entity.relation == rel:
                self.describe(entity, descriptors)
                return self.mention(entity)
        gender, person = RELATIONS.get(singular(head.lower()), ("", None))
        entity = Entity(relation=rel, gender=gender if gender != "n" else "", person=person,
                        plural=is_plural(head), alias=alias)
        self.entities.append(entity)
        self.describe(entity, descriptors)
        return self.mention(entity)

    def refine(self, entity: Entity, relation: str) -> None:
        """Narrow a relation ("grandchild" -> "granddaughter") and take its gender."""
        entity.relation = relation.lower()
        gender, person = RELATIONS.get(relation, ("", None))
        if gender in ("m", "f"):
            entity.gender = gender
        entity.person = entity.person if person is None else person

    @staticmethod
    def describe(entity: Entity, descriptors: list[str] | None) -> None:
        """Add narrowing words ("older", "eldest") to an entity's relation."""
        for word in descriptors or []:
            if word.lower() not in entity.descriptors:
                entity.descriptors.append(word.lower())

    def touch_names(self, sentence: str, correcting: bool = False) -> None:
        """Bring people named in ``sentence`` back in reach ("Oskar's sister ... His mum"),
        before its clauses are read, so that those stay the most recent; ``correcting``:
        the message puts right something said before, in an earlier conversation too
        ("I told you Oskar lives in X, that was wrong. He ...")."""
        # (a name after the first "he"/"she" cannot be who that pronoun means: "She's a
        # plumber, and she keeps track of Oskar's keys")
        before = re.split(r"\b(?:[Hh]e|[Ss]he)\b", sentence, maxsplit=1)[0]
        said = {w.lower() for w in re.findall(r"[^\W\d_]+", before)}
        for entity in list(self.recent):
            if entity.first_name and entity.first_name.lower() in said and not entity.is_user \
                    and (correcting or entity.seen[0] == self.conversation):
                self.mention(entity)

    def by_name(self, name: str) -> Entity | None:
        """The entity a name refers to: full name or first name."""
        low = name.lower()
        for entity in reversed(self.recent):
            if entity.name and (entity.name.lower() == low or entity.first_name.lower() == low
                                or low.split()[0] == entity.first_name.lower()):
                return self.mention(entity)
        return None

    def continued(self, pronoun: str) -> Entity | None:
        """The person a run of subject pronouns is about, if ``pronoun`` may go on with it."""
        topic, gender = self.topic, _PRONOUN_GENDER.get(pronoun.lower())
        if topic is None or gender is None or topic.gender not in (gender, "") \
                or topic.seen != self._now():
            return None
        latest = self.recent[-1] if self.recent else topic
        if latest is not topic and latest.person and latest.name and not latest.gender \
                and not latest.is_user and latest.seen == self._now():
            return None  # "he has a carer named Oskar. He's 27": the one just introduced
        return self._assign(topic, gender)

    def it_here(self) -> Entity | None:
        """What "it" refers to among the things and animals the message being read named
        ("I've written it all down" is no pet named messages ago)."""
        for entity in reversed([e for e in self.recent if e.seen == self._now()]):
            if (entity.thing or entity.person is False) and not entity.plural:
                return self.mention(entity)
        return None

    def by_pronoun(self, pronoun: str) -> Entity | None:
        """Most recent entity that a third-person pronoun can refer to."""
        low = pronoun.lower()
        recent = self.recent
        # "my mother ... let Oskar ... She's 74": someone known to be a woman in this
        # message wins over a name whose gender is not known
        if low in _PRONOUN_GENDER:
            for entity in reversed([e for e in recent if e.seen == self._now()]):
                if entity.gender == _PRONOUN_GENDER[low] and not entity.thing \
                        and not entity.plural:
                    return self.mention(entity)
                if entity.gender or (entity.relation and not entity.thing) or entity.person:
                    break  # "My colleague is Oskar. He ...", "Oskar is a coach. He ..."
        if (newcomer := self._newcomer_before(low)) is not None:
            return newcomer
        for entity in reversed([e for e in recent if self.in_reach(e)]):
            animate = not entity.thing and not entity.plural
            if low in ("he", "him", "his") and entity.gender in ("m", "") and animate:
                return self._assign(entity, "m")
            if low in ("she", "her", "hers") and entity.gender in ("f", "") and animate:
                return self._assign(entity, "f")
            if low in ("they", "them", "their") and entity.plural:
                return self.mention(entity)
            if low in ("it", "its") and (entity.thing or entity.person is False) \
                    and not entity.plural:
                return self.mention(entity)
        return None

    def began(self, entity: Entity) -> None:
        entity.began = self._now()  # "Oskar started today": someone new where they start

    def _newcomer_before(self, pronoun: str) -> Entity | None:
        """ "A new vet started today, Oskar, and the boss ..." then "He is only 26": a
        message opening on "he" goes on about the newcomer the message before named."""
        gender = _PRONOUN_GENDER.get(pronoun)
        conversation, turn = self._now()
        if gender is None or any(e.seen == (conversation, turn) for e in self.recent):
            return None
        for entity in reversed(self.recent):
            new = "new" in entity.descriptors or entity.began == (conversation, turn - 1)
            if entity.seen == (conversation, turn - 1) and new \
                    and entity.person is not False and not entity.thing \
                    and entity.gender in (gender, ""):
                return self._assign(entity, gender)
        return None

    def unnamed_child(self) -> Entity | None:
        """A son or daughter the current message mentioned without a name ("a note to my
        daughter's teacher?"), whom a bare name with an age right after may name."""
        for entity in reversed(self.recent):
            if entity.seen != self._now():
                return None
            if not entity.name and not entity.plural and entity.relation in _CHILDREN:
                return entity
            if entity.plural and entity.relation in _CHILDREN:
                # "my two oldest children? Mira is 11 ... and Oskar is 8": one of them
                return self.new("child")
        return None

    def _assign(self, entity: Entity, gender: str) -> Entity:
        entity.gender = entity.gender or gender
        # "my eldest child ... she": a child whose gender is now known is asked about as a
        # daughter too
        gendered = GENDERED_RELATION.get((entity.relation, entity.gender))
        if gendered and not entity.plural:
            entity.alias = entity.alias or gendered
        return self.mention(entity)

    def category_of(self, text: str) -> str:
        """The kind of thing a value is ("programming language"), if the user said so."""
        return self.categories.get(text.lower().strip(), "")

    def partner(self) -> Entity | None:
        """The partner "we" means in "we got married": a wife, boyfriend... never a child.

        A partner stays salient for a whole conversation, so this looks past the window."""
        for entity in reversed([e for e in self.recent if e.seen[0] == self.conversation]):
            if NEUTRAL_RELATION.get(entity.relation) == "partner" or entity.relation == "partner":
                return entity
        return None

    def forms(self, entity: Entity) -> Forms:
        """Question and answer references for ``entity`` as the batch finally knows it."""
        if entity.is_user:
            return Forms(["I"], "You", "you", "you", "you")
        pronoun = ("they" if entity.plural else {"m": "he", "f": "she"}.get(entity.gender, "it"))
        person = "3p" if entity.plural else "3s"
        if not entity.relation:
            return Forms([entity.name], entity.name, person, pronoun, entity.name.lower())
        refs = [f"my {entity.relation_phrase}"]
        if entity.first_name:
            refs.append(entity.first_name)
        if entity.descriptors:
            refs.append(f"my {entity.relation}")
        if entity.alias and entity.relation == "spouse":
            refs[0] = f"my {entity.alias}"  # nobody asks after "my spouse" once it is "she"
        elif entity.alias:
            refs.insert(1, f"my {entity.alias}")
        display = f"Your {entity.relation_phrase}" + (f" {entity.name}" if entity.name else "")
        return Forms(refs, display, person, pronoun, self._key(entity))

    def _key(self, entity: Entity) -> str:
        same = [e for e in self.entities if e.relation == entity.relation and e.plural
                == entity.plural]
        key = f"your {entity.relation}"
        if len(same) > 1 and entity.first_name:
            key += f" {entity.first_name.lower()}"
        return key


_CHILDREN = frozenset("son daughter child kid boy girl stepson stepdaughter".split())
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


def _newcomer(known: list[str], new: list[str]) -> bool:
    """ "my mentor ... my new mentor": the new one is someone else."""
    return "new" in (w.lower() for w in new) and "new" not in (w.lower() for w in known)


def _same_relation(existing: str, new: str) -> bool:
    return existing == new or NEUTRAL_RELATION.get(new) == existing
