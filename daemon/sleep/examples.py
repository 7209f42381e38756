"""Turn curated question/answer pairs into chat training examples and probes.

Each pair becomes ``user question / assistant answer`` under the same system
prompt the daemon chats with (see ``resolve_system_prompt``), so what is
trained is what is asked.
The base model's own replies to everyday prompts (``prompts/anchors.txt``) are
the anchors of the distillation loss (:mod:`mlx_core.distill`): matching them
keeps the adapter from turning every answer into a fact about the user.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from prompts import load_prompt

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")
# Words that carry no claim of their own in our answers.
_PLAIN = frozenset("""a an the and or but of in on at to for from with by as is are was were be
been am do does did have has had you your yours yourself i my me mine he him his she her hers it
its they them their we our us that this these those what which who whom where when how why
named called name years year old ago about not no yes very really also just""".split())


# Verbs that say nothing about what a question is about ("What do I make?").
_GENERIC_VERBS = frozenset("""make makes use uses write writes prefer prefers do does have has
like likes love loves want wants need needs get gets take takes go goes play plays work works
see sees read reads eat eats drink drinks keep keeps""".split())


def is_generic_question(question: str) -> bool:
    """True for a question whose only content is a common verb ("What do I use?").

    Trained on, such a question teaches the model to answer any question with that
    verb with the user's fact ("What sweet food do bees make?" -> "... instrumental
    beats"), so a fact's more specific phrasings are trained first.
    """
    words = {w.lower() for w in _WORD.findall(question)} - _PLAIN
    return not (words - _GENERIC_VERBS)


def anchor_prompts() -> list[str]:
    return [line.strip() for line in load_prompt("anchors").splitlines() if line.strip()]


def make_example(question: str, answer: str, system: str | None) -> dict:
    head = [{"role": "system", "content": system}] if system else []
    return {"messages": head + [{"role": "user", "content": question},
                                {"role": "assistant", "content": answer}]}


def make_examples(pairs: Iterable[tuple[str, str]], system: str | None,
                  seed: int | None = 0) -> list[dict]:
    """Chat examples for the pairs, in a seeded shuffled order (``seed=None``: as given)."""
    return make_fact_examples([(0, q, a) for q, a in pairs], system, seed)[0]


def make_fact_examples(pairs: Iterable[tuple[int, str, str]], system: str | None,
                       seed: int | None = 0) -> tuple[list[dict], list[int]]:
    """:func:`make_examples` for (fact id, question, answer) pairs, and the fact of each."""
    rows = [(fact_id, make_example(q, a, system)) for fact_id, q, a in pairs if a.strip()]
    if seed is not None:
        random.Random(seed).shuffle(rows)
    return [e for _, e in rows], [f for f, _ in rows]


def probe_keywords(question: str, answer: str) -> list[str]:
    """Keywords an answer must repeat to count as recalled: names, numbers, else content words."""
    asked = {w.lower() for w in _WORD.findall(question)}
    words = _WORD.findall(answer)
    names = [w for i, w in enumerate(words) if (w[0].isupper() and i > 0) or w.isdigit()]
    picked = [w for w in names if w.lower() not in _PLAIN and w.lower() not in asked]
    if not picked:
        picked = [w for w in words if len(w) > 3 and w.lower() not in _PLAIN
                  and w.lower() not in asked]
    # Several keywords would demand a verbatim answer; two carry the claim.
    return list(dict.fromkeys(picked))[:2]


def make_probe(facts_pairs: list[tuple[int, str, str]]) -> list[dict]:
    """One probe question per fact (its first pair with keywords to check)."""
    probe, seen = [], set()
    for fact_id, question, answer in facts_pairs:
        if fact_id in seen:
            continue
        keywords = probe_keywords(question, answer)
        if keywords:
            seen.add(fact_id)
            probe.append({"fact_id": fact_id, "question": question, "expected": keywords})
    return probe
