"""One sleep cycle, stage by stage, recorded in the store.

    gather -> extract -> firewall -> curate -> train -> validate -> fuse -> swap

Secrets in the messages (passwords, card numbers, keys) are withheld at the start of
extract: the extractor reads copies without them (see :mod:`.secrets`).

``run_cycle`` is called by the daemon's :class:`SleepManager` (with the live
engine, so the swap is hot) and by ``sleepllm sleep --offline`` through
:func:`run_offline`. Nothing is lost on failure: the served weights change only
in the swap stage, and the gathered messages are marked consumed only after
the swap succeeded; a cycle killed anywhere is simply started over next time.
"""

from __future__ import annotations

import logging
import shutil

from memory_store import CycleRunning, MemoryStore, open_store

from ..datadir import DataDirLock
from ..settings import Settings, lora_config, uses_model_extraction
from . import remember, stages
from .graduate import graduate
from .progress import checked_score, make_cli_progress
from .stages import CycleContext, CycleStopped, Progress, stage
from .train_stage import train_and_validate
from .versions import prune_versions

log = logging.getLogger(__name__)

# The stages in order (validate may be recorded twice when a retry runs).
STAGES = ("gather", "extract", "firewall", "curate", "train", "validate", "fuse", "swap",
          "graduate")


def log_progress(event: dict) -> None:
    """Log a cycle's progress events (stages, every tenth training step, checkpoints)."""
    if event["kind"] == "stage":
        log.info("sleep: %s", event["name"])
    elif event["kind"] == "step" and (event["step"] % 10 == 0 or event["step"] == event["total"]):
        log.info("sleep: train step %d/%d loss %.3f", event["step"], event["total"],
                 event["loss"])
    elif event["kind"] == "checkpoint":
        log.info("sleep: epoch %d checked: benchmark %s, recall probe %.2f (%s)",
                 event["epoch"], checked_score(event["benchmark"]), event["recall"],
                 event["status"])


def run_cycle(settings: Settings, store: MemoryStore, cycle_id: int, engine=None,
              stop_event=None, progress: Progress | None = None) -> str:
    """Run the claimed cycle ``cycle_id`` to its end; return its final status."""
    ctx = CycleContext(settings, store, cycle_id, engine, stop_event, progress or log_progress)
    work = settings.data_dir / "work" / f"cycle-{cycle_id}"
    try:
        status = _run_stages(ctx, work)
    except CycleStopped as exc:
        status = "interrupted"
        store.finish_cycle(cycle_id, status, error=str(exc))
    except Exception as exc:
        log.exception("sleep cycle %d failed", cycle_id)
        status = _record_failure(ctx, exc)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ctx.progress({"kind": "done", "status": status})
    return status


def _record_failure(ctx: CycleContext, exc: Exception) -> str:
    """Record the cycle as failed, unless it was already committed (a later step failed)."""
    done = ctx.store.get_cycle(ctx.cycle_id)
    if done is not None and done.status == "succeeded":
        return done.status
    ctx.store.finish_cycle(ctx.cycle_id, "failed", error=f"{type(exc).__name__}: {exc}",
                           validation=ctx.outcome.get("validation"))
    return "failed"


def _run_stages(ctx: CycleContext, work) -> str:
    settings, store = ctx.settings, ctx.store
    with stage(ctx, "gather") as detail:
        gathered = stages.gather(store)
        detail.update(messages=len(gathered.messages), retrain=gathered.retrain_reason)
    if not gathered.messages and not gathered.retrain_reason:
        store.finish_cycle(ctx.cycle_id, "no_messages")
        return "no_messages"

    with stage(ctx, "extract") as detail:
        generate = stages.make_generate(ctx.engine) if uses_model_extraction(settings) else None
        sources, withheld = remember.withhold(store, ctx.cycle_id, gathered.messages,
                                              settings.withhold_secrets)
        facts = stages.extract(sources, generate)
        detail.update(facts=len(facts), pairs=sum(len(f.pairs) for f in facts),
                      model_extraction=generate is not None, withheld=withheld)
    with stage(ctx, "firewall") as detail:
        kept, rejected = stages.firewall(store, ctx.cycle_id, facts, sources)
        detail.update(kept_pairs=sum(len(f.pairs) for f in kept), rejected_pairs=rejected)
    with stage(ctx, "curate") as detail:
        training = stages.curate_and_store(store, ctx.cycle_id, kept, detail,
                                           max_pairs=settings.pairs_per_fact,
                                           withhold_kinds=settings.withhold_secrets)

    trained = train_and_validate(ctx, work, training, lora_config(settings))
    validation = trained.validation.to_dict()  # as the store keeps it (a JSON column)
    ctx.outcome["validation"] = validation
    if not trained.validation.approved:
        store.finish_cycle(ctx.cycle_id, "rejected", validation=validation,
                           error="; ".join(trained.validation.reasons))
        return "rejected"

    with stage(ctx, "fuse") as detail:
        version, candidate = stages.fuse(ctx, work, training, detail)

    def commit() -> None:  # in the swap's transaction: all of it happens, or none
        store.mark_consumed([m.id for m in gathered.messages], ctx.cycle_id)
        store.finish_cycle(ctx.cycle_id, "succeeded", validation=validation,
                           model_version_id=version.id)

    with stage(ctx, "swap") as detail:
        stages.swap(ctx, version, candidate, trained.swap_probe_answers, detail, commit)
        detail["pruned_versions"] = prune_versions(settings, store)
    # After the commit: a failure here leaves the facts in the prompt, nothing worse.
    with stage(ctx, "graduate") as detail:
        outcome = graduate(store, settings, stages.make_asker(ctx, candidate), training.pairs)
        detail.update(asked=outcome.asked, passed=len(outcome.passed),
                      graduated=len(outcome.graduated))
    return "succeeded"


def run_offline(settings: Settings, progress: bool = True) -> int:
    """Run one cycle without a daemon (``sleepllm sleep --offline``); returns an exit code.
    Raises DataDirBusy while an import or restore holds the data directory."""
    with DataDirLock.shared(settings.data_dir):
        return _run_offline(settings, progress)


def _run_offline(settings: Settings, progress: bool) -> int:
    store = open_store(settings.db_path)
    try:
        try:
            cycle = store.start_cycle("cli")
        except CycleRunning as exc:
            print(f"a sleep cycle is already running ({exc})")
            return 1
        with make_cli_progress(enabled=progress) as report:
            status = run_cycle(settings, store, cycle.id, progress=report)
        final = store.get_cycle(cycle.id)
        assert final is not None  # started above; cycles are never deleted
        print(f"sleep cycle {cycle.id}: {status}" + (f" ({final.error})" if final.error else ""))
        return 0 if status in ("succeeded", "no_messages") else 1
    finally:
        store.close()
