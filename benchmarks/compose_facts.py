"""Entities and facts of a composed persona: who is in it, what is said, what is asked.

Used by ``benchmarks.compose`` (the persona document and the nights); see it for how to
run. A :class:`Composer` draws everything from one seeded ``random.Random``: invented
names (syllables, never reused within a persona), values dealt from shuffled pools so
that same-kind entities mostly differ, and sentences from ``compose_pools`` templates.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from . import compose_pools as pools

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten", "eleven", "twelve")
# Same-attribute values of other entities forbidden in an answer, at most this many.
MAX_FORBIDDEN = 3


@dataclass(eq=False)
class Entity:
    """The user, another person or a pet; ``values`` fills as its facts are drawn."""

    kind: str  # "self", "person" or "pet"
    name: str  # first name; the user's is "First Last"
    rel: str = ""  # "older sister", "friend"...; a pet's species
    pron: str = "I"
    unique: bool = True  # the only one of its relation, so "my <rel>" names it
    values: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return "me" if self.kind == "self" else f"{self.rel} {self.name}"

    @property
    def subject(self) -> str:
        return f"My {self.rel} {self.name}"

    @property
    def asked_as(self) -> str:
        """How a paraphrase names it: by relation where that is unambiguous."""
        return f"my {self.rel}" if self.unique else self.name


def articled(text: str) -> str:
    """"a" before a vowel made "an": "an orange tractor", "an optician"."""
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", text)


@dataclass(eq=False)
class Fact:
    """One fact: how it is said alone and after another sentence, and how it is asked."""

    entity: Entity
    attribute: str
    value: str  # the keyword that another entity's answer must not contain
    sentence: str
    follow: str
    question: str
    paraphrase: str
    expected: list[Any]
    corrected: bool = False

    def __post_init__(self) -> None:
        self.sentence, self.follow = articled(self.sentence), articled(self.follow)


class Composer:
    """Seeded source of entities, values and facts for one persona."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.decks: dict[str, list[str]] = {}

    def invent(self, endings: tuple[str, ...]) -> str:
        """A new capitalised name of one or two syllables and an ending."""
        while True:
            syllables = "".join(self.rng.choice(pools.ONSETS) + self.rng.choice(pools.VOWELS)
                                for _ in range(self.rng.randint(1, 2)))
            name = (syllables + self.rng.choice(endings)).capitalize()
            if 4 <= len(name) <= 10 and name.lower() not in self.used:
                self.used.add(name.lower())
                return name

    def deal(self, pool: str, values: tuple[str, ...], avoid: str = "") -> str:
        """The next value of a shuffled pool, reshuffled when it runs out."""
        deck = self.decks.setdefault(pool, [])
        for _ in range(2):
            if not deck:
                deck.extend(self.rng.sample(values, len(values)))
            value = deck.pop()
            if value != avoid:
                return value
        return value

    def entities(self) -> list[Entity]:
        """The user, then people and pets, two people to a pet; the two sisters first."""
        user = Entity("self", f"{self.invent(pools.PERSON_ENDINGS)} "
                              f"{self.invent(pools.PLACE_ENDINGS)}")
        relations = [(rel, pron, count) for rel, pron, count in pools.RELATIONS
                     for _ in range(count)]
        sisters, rest = relations[:2], relations[2:]
        self.rng.shuffle(rest)
        people = [Entity("person", self.invent(pools.PERSON_ENDINGS), rel,
                         pron or self.rng.choice(("He", "She")), count == 1)
                  for rel, pron, count in sisters + rest]
        pets = [Entity("pet", self.invent(pools.PET_ENDINGS), species,
                       self.rng.choice(("He", "She", "It")))
                for species in self.rng.sample(pools.SPECIES, len(pools.SPECIES))]
        order: list[Entity] = [user]
        while people or pets:
            order += people[:2] + pets[:1]
            people, pets = people[2:], pets[1:]
        return order

    def facts(self, entity: Entity, remaining: int, total: int) -> list[Fact]:
        """Up to ``remaining`` facts about ``entity``, its name fact first."""
        rng = self.rng
        if entity.kind == "self":
            kinds = list(pools.SELF_TEMPLATES)[1:] + [f"favourite {k}" for k in pools.FAVOURITES]
            # The user's own share shrinks as the persona grows: most facts are others'.
            attributes = ["name"] + rng.sample(kinds, min(len(kinds), max(4, total // 8) - 1))
        elif entity.kind == "person":
            attributes = rng.sample(list(pools.PERSON_TEMPLATES), rng.randint(2, 4))
            if entity.unique and rng.random() < 0.5:
                attributes = ["name"] + attributes[:-1]
        else:
            attributes = ["name"] + rng.sample(list(pools.PET_TEMPLATES), rng.randint(0, 2))
        return [self.fact(entity, a) for a in attributes[:remaining]]

    def fact(self, entity: Entity, attribute: str) -> Fact:
        if entity.kind == "self":
            return self_fact(self, entity, attribute)
        if entity.kind == "pet":
            return self._pet_fact(entity, attribute)
        return self._person_fact(entity, attribute)

    def value(self, attribute: str, avoid: str = "") -> tuple[str, str]:
        """(value, colour) for an attribute of a person; colour only for vehicles."""
        if attribute == "home":
            return self.invent(pools.PLACE_ENDINGS), ""
        if attribute == "age":
            return str(self.rng.randint(19, 88)), ""
        if attribute == "vehicle":
            return self.deal("vehicle", pools.VEHICLES, avoid), self.deal("colour", pools.COLOURS)
        pool = {"job": pools.JOBS, "instrument": pools.INSTRUMENTS,
                "language": pools.LANGUAGES}[attribute]
        return self.deal(attribute, pool, avoid), ""

    def _person_fact(self, e: Entity, attribute: str) -> Fact:
        if attribute == "name":
            return Fact(e, "name", e.name, f"My {e.rel} is called {e.name}.", "",
                        f"What is my {e.rel}'s name?", f"What is my {e.rel} called?", [e.name])
        v, colour = self.value(attribute)
        e.values[attribute] = v
        template = self.rng.choice(pools.PERSON_TEMPLATES[attribute])
        said = template.replace("{S}", e.subject), template.replace("{S}", e.pron)
        sentence, follow = (s.format(v=v, colour=colour) for s in said)
        asked, who = ASKED[attribute], e.asked_as
        expected: list[Any] = [colour, v] if colour else [v]
        return Fact(e, attribute, v, sentence, follow, asked[0].format(n=e.name),
                    asked[1].format(n=who), expected)

    def _pet_fact(self, e: Entity, attribute: str) -> Fact:
        if attribute == "name":
            intro = self.rng.choice(pools.PET_INTROS).format(species=e.rel, name=e.name)
            return Fact(e, "name", e.name, intro, intro, f"What is my {e.rel}'s name?",
                        f"What is my {e.rel} called?", [e.name])
        expected: list[Any]
        if attribute == "age":
            age = self.rng.randint(1, 15)
            words = list(NUMBER_WORDS[age:age + 1])
            # Small ages said in words half the time, as people write them.
            v = words[0] if words and self.rng.random() < 0.5 else str(age)
            expected = [[str(age), *words]]
            questions = (f"How old is {e.name}?", f"How old is my {e.rel}?")
        else:
            v = self.deal("pet colour", pools.PET_COLOURS)
            expected = [v]
            questions = (f"What colour is {e.name}?", f"What colour is my {e.rel}?")
        e.values[f"pet {attribute}"] = v
        template = pools.PET_TEMPLATES[attribute][0]
        return Fact(e, attribute, v, template.format(S=e.subject, v=v),
                    template.format(S=e.pron, v=v), *questions, expected)


# A person's attribute: (recall question by name, paraphrase by relation or name).
ASKED = {
    "home": ("Where does {n} live?", "Which town is {n} based in?"),
    "job": ("What does {n} do for a living?", "What kind of work does {n} do?"),
    "age": ("How old is {n}?", "What age is {n}?"),
    "instrument": ("What instrument does {n} play?", "Which musical instrument does {n} play?"),
    "vehicle": ("What does {n} drive?", "What sort of vehicle does {n} get around in?"),
    "language": ("What language does {n} speak?", "Which language can {n} speak?"),
}

# The user's own: (recall question, paraphrase).
SELF_ASKED = {
    "name": ("What is my name?", "What is my full name?"),
    "job": ("What do I do for a living?", "What is my profession?"),
    "home": ("Where do I live?", "Which town is my home?"),
    "hometown": ("Where did I grow up?", "Which town was I raised in?"),
    "birthday": ("When is my birthday?", "On what date is my birthday?"),
    "instrument": ("What instrument do I play?", "Which musical instrument do I play?"),
    "allergy": ("What am I allergic to?", "What gives me an allergic reaction?"),
    "vehicle": ("What do I drive?", "What sort of vehicle do I get around in?"),
}


def self_fact(composer: Composer, e: Entity, attribute: str) -> Fact:
    """One of the user's own facts, said in the first person."""
    rng = composer.rng
    if attribute.startswith("favourite "):
        kind = attribute.removeprefix("favourite ")
        v = rng.choice(pools.FAVOURITES[kind])
        text = pools.FAVOURITE_TEMPLATES[0].format(kind=kind, v=v)
        return Fact(e, attribute, v, text, text, f"What is my favourite {kind}?",
                    f"Which {kind} do I like best?", [v])
    template = rng.choice(pools.SELF_TEMPLATES[attribute])
    first, _, last = e.name.partition(" ")
    expected: list[Any]
    if attribute == "name":
        v, expected, fields = e.name, [first, last], {}
    elif attribute == "birthday":
        day = rng.randint(1, 28)
        v = rng.choice(pools.MONTHS)
        ordinal = f"{day}{_suffix(day)}"
        expected = [[ordinal, pools.ORDINAL_WORDS[day - 1], str(day)], v]
        fields = {"day": ordinal, "month": v}
    elif attribute == "hometown":
        v, colour = composer.value("home")
        expected, fields = [v], {}
    else:
        v, colour = composer.value(attribute) if attribute != "allergy" else (
            composer.deal("allergy", pools.ALLERGIES), "")
        expected, fields = ([colour, v] if colour else [v]), {"colour": colour}
    e.values[attribute] = v
    text = template.format(first=first, last=last, v=v, n=rng.randint(2, 30), **fields)
    asked = SELF_ASKED[attribute]
    return Fact(e, attribute, v, text, text, asked[0], asked[1], expected)


def _suffix(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def forbid(fact: Fact, entities: list[Entity]) -> list[str]:
    """Keywords of confusable answers: the same attribute of other entities, or other
    names of the same kind for a name; never one that the right answer contains."""
    own = {str(k).lower() for group in fact.expected
           for k in (group if isinstance(group, list) else [group])}
    others = [e for e in entities if e is not fact.entity]
    if fact.attribute == "name":
        candidates = [e.name for e in others if e.kind == fact.entity.kind]
    else:
        key = f"pet {fact.attribute}" if fact.entity.kind == "pet" else fact.attribute
        candidates = [e.values[key] for e in others if key in e.values]
    out: list[str] = []
    for value in candidates:
        low = value.lower()
        if low not in out and not any(low.startswith(k) or k.startswith(low) for k in own):
            out.append(value)
    return out[:MAX_FORBIDDEN]


def correction(fact: Fact, composer: Composer) -> tuple[str, list[Any]]:
    """A message changing a person's fact, and the new expected keywords."""
    e = fact.entity
    v, colour = composer.value(fact.attribute, avoid=fact.value)
    template = composer.rng.choice(pools.CORRECTION_TEMPLATES[fact.attribute])
    text = template.format(rel=e.rel, name=e.name, v=v, old=fact.value, colour=colour,
                           pron=e.pron.lower())
    return articled(text), ([colour, v] if colour else [v])
