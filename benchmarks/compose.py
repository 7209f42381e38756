"""Compose a persona of N facts from sentence templates, seeded: the capacity benchmark's user.

    .venv/bin/python -m benchmarks.compose --facts 100 --seed 1 --out p100.json
    .venv/bin/python -m benchmarks.coverage -v p100.json        # what the extractor keeps

    from benchmarks.compose import ComposeConfig, compose
    raw = compose(ComposeConfig(facts=50, seed=3))   # a persona document (a dict)

The user (name, job, home, birthday, favourite things...) comes first, then other people
(two sisters, two brothers, friends, cousins, colleagues...) and pets (one per species),
each with a few attributes: where they live, their job, age, instrument, car, language;
a pet's name, age and colour. Same-kind entities make facts easy to confuse: two sisters
with two jobs, several friends in several towns. Names of people, pets and towns are
invented from syllables (``compose_pools``), values drawn from pools.

Every fact is one recall question (asked by name: "Where does Hestor live?") and one
generalization question (a paraphrase); forbidden keywords are the same attribute's values
of other entities, so a confused answer costs precision. A message states one to three
facts of one entity, in the first person, with pronouns after the first sentence.

``group="night"`` with ``nights`` > 1 groups the facts into one category per night, in
order, and on every ``correct_every``-th night changes one fact of an earlier night
(:func:`compose_nights` gives the persona as known after each night).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import compose_pools as pools
from .compose_facts import Composer, Entity, Fact, correction, forbid

# About as many as the pools of distinct people and pets hold, for any seed.
MAX_FACTS = 220


@dataclass(frozen=True)
class ComposeConfig:
    """What persona to compose."""

    facts: int = field(default=25, metadata={"help": "number of facts (recall questions)"})
    seed: int = field(default=0, metadata={"help": "random seed: same seed, same persona"})
    nights: int = field(default=1, metadata={
        "help": "categories are nights (facts split evenly, in order) when > 1"})
    correct_every: int = field(default=3, metadata={
        "help": "on every Nth night one fact of an earlier night changes (0: never)"})
    max_per_message: int = field(default=3, metadata={
        "help": "most facts stated in one user message"})

    @property
    def name(self) -> str:
        nights = f"_nights{self.nights}" if self.nights > 1 else ""
        return f"composed_n{self.facts}_seed{self.seed}{nights}"


def _messages(facts: list[Fact], rng: random.Random, most: int) -> list[str]:
    """Chunk consecutive facts of the same entity into messages of 1..``most`` facts."""
    messages: list[str] = []
    i = 0
    while i < len(facts):
        size = rng.randint(1, most)
        chunk = [facts[i]]
        while (len(chunk) < size and i + len(chunk) < len(facts)
               and facts[i + len(chunk)].entity is facts[i].entity):
            chunk.append(facts[i + len(chunk)])
        i += len(chunk)
        parts = [chunk[0].sentence] + [f.follow for f in chunk[1:]]
        messages.append(" ".join(parts))
    return messages


def _question(text: str, fact: Fact, forbidden: list[str]) -> dict[str, Any]:
    return {"question": text, "expected": fact.expected, "forbidden": forbidden}


def _category(name: str, facts: list[Fact], messages: list[str], day: int,
              forbidden: dict[int, list[str]]) -> dict[str, Any]:
    return {"name": name,
            "statements": [{"text": m, "conversation": f"day {day}", "day": day}
                           for m in messages],
            "recall_questions": [_question(f.question, f, forbidden[id(f)]) for f in facts]}


def _plan(cfg: ComposeConfig) -> tuple[list[Entity], list[Fact], Composer]:
    if not 1 <= cfg.facts <= MAX_FACTS:
        raise ValueError(f"facts must be 1..{MAX_FACTS}, got {cfg.facts}")
    if cfg.nights < 1 or cfg.nights > cfg.facts:
        raise ValueError(f"nights must be 1..facts, got {cfg.nights}")
    composer = Composer(random.Random(cfg.seed))
    entities = composer.entities()
    facts: list[Fact] = []
    for entity in entities:
        facts += composer.facts(entity, cfg.facts - len(facts), cfg.facts)
        if len(facts) == cfg.facts:
            break
    if len(facts) < cfg.facts:
        raise ValueError(f"the pools hold {len(facts)} facts for seed {cfg.seed}, "
                         f"not {cfg.facts}")
    return entities, facts, composer


def compose(cfg: ComposeConfig) -> dict[str, Any]:
    """A persona document of ``cfg.facts`` facts (the last of :func:`compose_nights`)."""
    return compose_nights(cfg)[-1]


def compose_nights(cfg: ComposeConfig) -> list[dict[str, Any]]:
    """The persona as known after each night: categories of the nights so far, with
    corrected facts asked with their new value (and the old one forbidden)."""
    entities, facts, composer = _plan(cfg)
    rng = composer.rng
    forbidden = {id(f): forbid(f, entities) for f in facts}
    if cfg.nights == 1:
        groups: list[tuple[str, list[Fact]]] = []
        for fact in facts:
            if not groups or groups[-1][1][0].entity is not fact.entity:
                groups.append((fact.entity.label, []))
            groups[-1][1].append(fact)
    else:
        base, extra = divmod(cfg.facts, cfg.nights)
        sizes = [base + (1 if n < extra else 0) for n in range(cfg.nights)]
        starts = [sum(sizes[:n]) for n in range(cfg.nights)]
        groups = [(f"night {n + 1}", facts[s:s + size])
                  for n, (s, size) in enumerate(zip(starts, sizes, strict=True))]
    categories = [_category(name, group, _messages(group, rng, cfg.max_per_message),
                            day=i, forbidden=forbidden)
                  for i, (name, group) in enumerate(groups)]
    general = [_question(f.paraphrase, f, forbidden[id(f)]) for f in facts]
    night_of = {id(f): i for i, (_, group) in enumerate(groups) for f in group}
    snapshots = []
    for night in range(1, len(categories) + 1 if cfg.nights > 1 else 2):
        if cfg.nights > 1 and cfg.correct_every and night % cfg.correct_every == 0:
            _correct(composer, facts, night_of, night, categories, general)
        told = categories[:night] if cfg.nights > 1 else categories
        asked = {f.paraphrase for f in facts if night_of[id(f)] < len(told)}
        snapshots.append({
            "name": cfg.name,
            "description": f"Composed by benchmarks.compose: {cfg.facts} facts, seed "
                           f"{cfg.seed}, {cfg.nights} night(s).",
            "categories": json.loads(json.dumps(told)),
            "generalization_questions": [dict(q) for q in general
                                         if q["question"] in asked],
        })
    return snapshots


def _correct(composer: Composer, facts: list[Fact], night_of: dict[int, int], night: int,
             categories: list[dict[str, Any]], general: list[dict[str, Any]]) -> None:
    """Change one earlier night's fact: a message on ``night`` says the new value, the
    question moves to this night's category, expecting the new value and forbidding the
    old one; its paraphrase changes the same way."""
    candidates = [f for f in facts if night_of[id(f)] < night - 1
                  and f.attribute in pools.CORRECTION_TEMPLATES and f.entity.kind == "person"
                  and not f.corrected
                  and len(categories[night_of[id(f)]]["recall_questions"]) > 1]
    if not candidates:
        return
    fact = composer.rng.choice(candidates)
    text, expected = correction(fact, composer)
    fact.corrected = True
    old_category = categories[night_of[id(fact)]]
    old_category["recall_questions"] = [q for q in old_category["recall_questions"]
                                        if q["question"] != fact.question]
    # The old value, and the old colour of a car whose colour changed too.
    forbidden = [k for k in fact.expected if isinstance(k, str) and k not in expected]
    target = categories[night - 1]
    target["statements"].append({"text": text, "conversation": f"day {night - 1}",
                                 "day": night - 1})
    target["recall_questions"].append({"question": fact.question, "expected": expected,
                                       "forbidden": forbidden})
    for q in general:
        if q["question"] == fact.paraphrase:
            q.update(expected=expected, forbidden=forbidden)


def write_persona(raw: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, f in ComposeConfig.__dataclass_fields__.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=f.default,
                            help=f.metadata["help"])
    parser.add_argument("--out", type=Path, help="write here (default: print)")
    args = parser.parse_args(argv)
    cfg = ComposeConfig(**{k: getattr(args, k) for k in ComposeConfig.__dataclass_fields__})
    raw = compose(cfg)
    if args.out:
        write_persona(raw, args.out)
    else:
        json.dump(raw, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
