"""The stages of a sleep cycle, each with a plain input and output, and their recording.

:mod:`.cycle` calls them in order; :func:`stage` records each one's outcome and timing.
The text work lives in :mod:`.extract`, :mod:`.firewall` and :mod:`.curate`, training
and validation in the :mod:`.worker` child process (run by :mod:`.train_stage`), weights
in :mod:`.versions`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import mlx_core  # noqa: F401  (OpenBLAS before mlx)
from mlx_core.chat import answer, answer_all
from mlx_core.device import make_device_plan
from mlx_core.loader import load_model

from memory_store import REMEMBERED_STATES, MemoryStore, Message

from ..engine import ChatEngine, GenerationParams
from ..settings import Settings, resolve_system_prompt
from .examples import is_generic_question
from .extract import extract_facts
from .firewall import apply_firewall
from .remember import store_curated, withhold_remembered
from .testhook import pause_point
from .types import ExtractedFact, SourceMessage
from .versions import adapter_dir, base_version, serve, store_adapter

log = logging.getLogger(__name__)

Progress = Callable[[dict], None]


class CycleStopped(RuntimeError):
    """The daemon is shutting down; the cycle stops and starts over next time."""


@dataclass
class CycleContext:
    settings: Settings
    store: MemoryStore
    cycle_id: int
    engine: ChatEngine | None
    stop_event: threading.Event | None
    progress: Progress
    outcome: dict = field(default_factory=dict)

    def check_stop(self) -> None:
        if self.stop_event is not None and self.stop_event.is_set():
            raise CycleStopped("the daemon is shutting down")


@contextmanager
def stage(ctx: CycleContext, name: str):
    """Time a stage and record its outcome (``detail`` is filled in by the stage)."""
    ctx.check_stop()
    ctx.progress({"kind": "stage", "name": name})
    detail: dict = {}
    tic = time.perf_counter()
    try:
        yield detail
    except Exception as exc:
        detail.setdefault("error", f"{type(exc).__name__}: {exc}")
        ctx.store.record_stage(ctx.cycle_id, name, "failed", time.perf_counter() - tic, detail)
        raise
    ctx.store.record_stage(ctx.cycle_id, name, detail.pop("status", "ok"),
                           time.perf_counter() - tic, detail)



@dataclass
class Gathered:
    messages: list[Message]
    retrain_reason: str | None
    """Why the weights must change even with no new messages (a fact was forgotten)."""


@dataclass
class TrainingSet:
    fact_ids: list[int]
    pairs: list[tuple[int, str, str]]
    """(fact id, question, answer) for every accepted pair of every remembered fact."""


def gather(store: MemoryStore) -> Gathered:
    """User chat messages no sleep has consumed, and whether served weights are stale:
    they hold a fact since forgotten or replaced, or lack a remembered one whose messages
    were slept on (an imported memory, facts a rollback sent back to pending)."""
    messages = store.unconsumed_user_messages()
    served = store.served_version()
    trained = set(served.fact_ids) if served is not None else set()
    live = {f.id for f in store.list_facts(REMEMBERED_STATES)}
    dropped, missing = trained - live, live - trained
    reason = None
    if dropped:
        reason = f"{len(dropped)} fact(s) in the served weights were forgotten or replaced"
    elif missing and not messages:  # with new messages the sleep trains them all anyway
        reason = f"{len(missing)} remembered fact(s) are not in the served weights"
    return Gathered(messages, reason)


def make_generate(engine):
    """A prompt -> completion function on the served model, for model-based extraction."""
    if engine is None:
        return None

    def generate(prompt: str) -> str:
        return engine.complete([{"role": "user", "content": prompt}],
                               GenerationParams(max_tokens=512, temperature=0.0))

    return generate


def extract(sources: list[SourceMessage], generate) -> list[ExtractedFact]:
    if not sources:  # never ask a model to extract from nothing
        return []
    return extract_facts(sources, generate)


def firewall(store: MemoryStore, cycle_id: int, facts: list[ExtractedFact],
             sources: list[SourceMessage]) -> tuple[list[ExtractedFact], int]:
    """Keep grounded pairs; record every rejected one, and facts left with none."""
    kept, rejections = apply_firewall(facts, sources)
    for r in rejections:
        store.add_pair(None, r.question, r.answer, cycle_id, accepted=False, reason=r.reason)
    kept_texts = {f.text for f in kept}
    for fact in facts:
        if fact.text not in kept_texts:
            row = store.add_fact(fact.text, fact.key, fact.source_message_ids, cycle_id=cycle_id)
            store.set_fact_state([row.id], "rejected", reason="no grounded question/answer pair")
    return kept, len(rejections)


def _capped(pairs, per_fact: int) -> list[tuple[int, str, str]]:
    """The first ``per_fact`` pairs of each fact (the extractor lists its best phrasings first),
    leaving out bare-verb questions where the fact has a more specific one.

    Training time grows with the number of pairs; beyond a few phrasings per fact
    extra ones add little recall but a lot of time on a CPU.
    """
    taken: dict[int, int] = {}
    out = []
    # A bare "What do I use?" is trained only for a fact that has no specific phrasing.
    specific = {p.fact_id for p in pairs if not is_generic_question(p.question)}
    for p in pairs:
        if p.fact_id in specific and is_generic_question(p.question):
            continue
        if taken.get(p.fact_id, 0) < per_fact:
            taken[p.fact_id] = taken.get(p.fact_id, 0) + 1
            out.append((p.fact_id, p.question, p.answer))
    return out


def curate_and_store(store: MemoryStore, cycle_id: int, kept: list[ExtractedFact],
                     detail: dict, max_pairs: int = 5,
                     withhold_kinds: list[str] | None = None) -> TrainingSet:
    """Merge new facts with what is remembered, persist them, return the training set."""
    if withhold_kinds:
        detail["withheld_remembered"] = withhold_remembered(store, withhold_kinds)
    curation = store_curated(store, cycle_id, kept)
    detail.update(new_facts=len(curation.facts), duplicates=len(curation.duplicates_of_old),
                  superseded=len(curation.superseded),
                  blocked_forgotten=len(curation.blocked_forgotten))
    remembered = store.list_facts(REMEMBERED_STATES)
    ids = [f.id for f in remembered]
    pairs = _capped(store.list_pairs(fact_ids=ids, accepted=True), max_pairs) if ids else []
    detail.update(training_facts=len(ids), training_pairs=len(pairs))
    return TrainingSet(ids, pairs)


def fuse(ctx, work: Path, training: TrainingSet, detail: dict):
    """Store the adapter as a new model version and build the fused candidate."""
    settings, store = ctx.settings, ctx.store
    if ctx.outcome.get("base_only"):
        version = base_version(settings, store)
    else:
        version = store_adapter(settings, store, work / "adapter", ctx.cycle_id,
                                training.fact_ids)
        pause_point("fuse")
    plan = (ctx.engine.slot.get()[0].device if ctx.engine is not None
            else make_device_plan(settings.device))
    candidate = load_model(settings.model, settings.cache_dir, plan,
                           adapter_path=adapter_dir(settings, version))
    detail.update(version=version.id, adapter=version.adapter_path)
    return version, candidate


def make_asker(ctx: CycleContext, loaded) -> Callable[[list[str]], list[str]]:
    """Questions -> greedy answers of ``loaded`` with no prompt memory, as engine jobs
    when a daemon serves (chat requests wait for one batch, not for all of them)."""
    system = resolve_system_prompt(ctx.settings)

    def ask(questions: list[str]) -> list[str]:
        if ctx.engine is None:
            return answer_all(loaded, questions, system, max_tokens=32)
        return ctx.engine.run(answer_all, loaded, questions, system, 32).result()

    return ask


def swap(ctx, version, candidate, expected: list[str], detail: dict,
         commit: Callable[[], None] | None = None) -> None:
    """Serve the candidate, then check the fixed probe answers as the validated one did.

    The store learns of the new weights in one transaction, together with ``commit()``
    (the cycle's own bookkeeping): a crash or a store error before it leaves the previous
    version recorded as served, and the engine is swapped back to it.
    """
    settings, store = ctx.settings, ctx.store
    system = resolve_system_prompt(settings)
    probe = [] if ctx.outcome.get("base_only") else ctx.outcome.get("swap_probe", [])
    previous = None
    try:
        if ctx.engine is not None:
            previous = ctx.engine.slot.get()
            detail["pause_seconds"] = ctx.engine.slot.swap(candidate, version.id)
            # One engine job per question: a chat request sent now waits for one probe
            # answer, not for the whole probe (it waited ~15 s on a 2-core CPU).
            got = [ctx.engine.run(answer, candidate, q, system, 24).result() for q in probe]
        else:
            got = [answer(candidate, q, system, max_tokens=24) for q in probe]
        mismatched = [q for q, a, b in zip(probe, got, expected, strict=False) if a != b]
        detail.update(probe=len(probe), probe_mismatches=mismatched)
        if mismatched:
            store.mark_version(version.id, "broken", note="served answers differ from validated")
            raise RuntimeError(f"after the swap {len(mismatched)} probe answer(s) differed "
                               "from the validated candidate; the previous model is served again")
        pause_point("swap")

        def record() -> None:
            serve(store, version)
            if commit is not None:
                commit()

        store.atomic(record)
    except BaseException:
        if previous is not None:
            ctx.engine.slot.swap(*previous)
        raise
    log.info("model version %d served (%s)", version.id, settings.model)

