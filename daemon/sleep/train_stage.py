"""The train and validate stages of a sleep cycle: the job, the training process, its result.

:func:`train_and_validate` builds a :class:`~.job.TrainJob` from the training set and the
:class:`~mlx_core.lora_config.LoraConfig`, runs :mod:`.worker` in a spawned child process
(:func:`run_worker`, relaying its progress) and reads back its typed result; on lost
general knowledge it retries once at half the learning rate.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from mlx_core.lora_config import LoraConfig

from memory_store import REMEMBERED_STATES

from ..settings import Settings, lora_config, resolve_system_prompt
from .benchmark import BenchmarkError, load_benchmark
from .examples import make_fact_examples, make_probe
from .job import RESULT_FILE, TrainJob, Validation, WorkerFailure, WorkerResult, read_result
from .stages import CycleContext, TrainingSet, stage
from .versions import adapter_dir
from .worker import worker_main

log = logging.getLogger(__name__)

# Facts whose key questions the swap probe re-asks after the swap.
SWAP_PROBE_FACTS = 3
SWAP_PROBE_GENERAL = ["What is the capital of France?"]
# Below this much free space a failed training run is put down to a full disk.
LOW_DISK_BYTES = 1 << 20


@dataclass
class Trained:
    """What the train and validate stages hand on to the cycle."""

    validation: Validation
    swap_probe_answers: list[str] = field(default_factory=list)
    """The validated candidate's answers to the swap probe (none when nothing was trained)."""


def served_old_facts(ctx: CycleContext, probe: list[dict]) -> dict:
    """The job fields of the old-facts check: the probed facts the served weights were
    trained on (still remembered, as the probe holds only those), and those weights."""
    served = ctx.store.served_version()
    path = adapter_dir(ctx.settings, served) if served is not None else None
    if served is None or path is None:  # the base model knows no facts to lose
        return {}
    trained = set(served.fact_ids)
    return {"old_fact_ids": [p["fact_id"] for p in probe if p["fact_id"] in trained],
            "served_fact_ids": sorted(trained), "served_adapter": str(path),
            "served_key": served.checksum or f"v{served.id}",
            "old_tolerance": ctx.settings.old_facts_tolerance}


def replay_share(ctx: CycleContext) -> float | None:
    """The night's replay share (see ``TrainJob.replay_share``), or None to train every
    fact from the base model: when it is set to, when the base model is served, and
    when the served weights hold a fact since forgotten or withheld, which only training
    from the base model takes out of the weights. A replaced fact (a corrected value, a
    summary redone with a new fact) does not: its successor is trained on top, asked
    the same questions."""
    served = ctx.store.served_version()
    share = ctx.settings.night_replay
    if share is None or served is None or adapter_dir(ctx.settings, served) is None:
        return None
    kept = {f.id for f in ctx.store.list_facts([*REMEMBERED_STATES, "superseded"])}
    return share if set(served.fact_ids) <= kept else None


def make_job(ctx: CycleContext, work: Path, training: TrainingSet, lora: LoraConfig) -> TrainJob:
    settings = ctx.settings
    system = resolve_system_prompt(settings)
    probe = make_probe(training.pairs)
    swap_probe = [p["question"] for p in probe[:SWAP_PROBE_FACTS]] + SWAP_PROBE_GENERAL
    ctx.outcome["swap_probe"] = swap_probe
    examples, fact_ids = make_fact_examples(training.pairs, system, seed=lora.seed)
    old = served_old_facts(ctx, probe)
    share = replay_share(ctx) if old else None
    return TrainJob(**old,
        model=settings.model, cache_dir=str(settings.cache_dir), device=settings.device,
        out_dir=str(work), lora=lora, tolerance=settings.benchmark_tolerance, system=system,
        examples=examples, example_fact_ids=fact_ids, replay_share=share,
        benchmark_path=str(settings.benchmark_path) if settings.benchmark_path else None,
        probe=probe, swap_probe=swap_probe,
    )


def make_warm_job(settings: Settings, work: Path) -> TrainJob:
    """A job with nothing to train, for :func:`~.worker.warm_caches` at set-up: the same
    model, system prompt, benchmark and LoRA settings a sleep would use, so the first
    sleep finds its caches filled."""
    return TrainJob(
        model=settings.model, cache_dir=str(settings.cache_dir), device=settings.device,
        out_dir=str(work), lora=lora_config(settings), tolerance=settings.benchmark_tolerance,
        system=resolve_system_prompt(settings), examples=[],
        benchmark_path=str(settings.benchmark_path) if settings.benchmark_path else None)


def run_worker(ctx: CycleContext, job: TrainJob, work: Path) -> WorkerResult:
    """Run ``job`` in a spawned child process, relaying its progress; return its result."""
    work.mkdir(parents=True, exist_ok=True)
    (work / RESULT_FILE).unlink(missing_ok=True)
    job_path = work / "job.json"
    job.save(job_path)
    spawn = mp.get_context("spawn")
    progress = spawn.Queue()
    busy = ctx.engine.busy.event if ctx.engine is not None else None
    proc = spawn.Process(target=worker_main, args=(str(job_path), progress, busy, os.getpid()),
                         name="sleepllm-train", daemon=True)
    proc.start()
    reported = None  # an error the worker could not write to disk
    try:
        while proc.is_alive() or not progress.empty():
            try:
                event = progress.get(timeout=0.2)
                reported = event.get("error", reported)
                ctx.progress(event)
            except queue.Empty:
                pass
            ctx.check_stop()
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(10)
    result_path = work / RESULT_FILE
    if not result_path.is_file():
        raise _worker_failed(work, f"training failed: {reported}" if reported else
                             f"the training process ended with code {proc.exitcode} "
                             "and no result")
    result = read_result(result_path)
    if isinstance(result, WorkerFailure):
        raise _worker_failed(work, f"training failed: {result.error}")
    return result


def _worker_failed(work: Path, reason: str) -> RuntimeError:
    """The error for a failed training run; names a full disk, frees the partial adapter."""
    free = shutil.disk_usage(work).free
    if free < LOW_DISK_BYTES:
        reason += f" (No space left on device: {free} bytes free for {work.parent})"
    shutil.rmtree(work / "adapter", ignore_errors=True)
    return RuntimeError(reason)


def check_benchmark(ctx: CycleContext) -> Validation | None:
    """Fail closed: no usable benchmark means no update, before any training is spent."""
    try:
        load_benchmark(ctx.settings.benchmark_path)
    except BenchmarkError as exc:
        verdict = Validation.unusable_benchmark(f"validation benchmark unusable: {exc}")
        with stage(ctx, "validate") as detail:
            detail.update(verdict.to_dict(), status="rejected")
        log.error("update rejected: %s", verdict.reasons[0])
        return verdict
    return None


def train_and_validate(ctx: CycleContext, work: Path, training: TrainingSet,
                       lora: LoraConfig) -> Trained:
    """Train and validate; on lost general knowledge retry once at half the learning rate."""
    if not training.pairs:  # everything was forgotten: serve the bare base model
        ctx.outcome["base_only"] = True
        for name in ("train", "validate"):
            with stage(ctx, name) as detail:
                detail.update(status="skipped", reason="no facts to learn")
        return Trained(Validation.base_model())
    rejected = check_benchmark(ctx)
    if rejected is not None:
        return Trained(rejected)
    attempt_lora = lora
    for attempt in (1, 2):
        with stage(ctx, "train") as detail:
            result = run_worker(ctx, make_job(ctx, work, training, attempt_lora), work)
            detail.update(attempt=attempt, **result.train.record())
        with stage(ctx, "validate") as detail:
            verdict = result.validation
            detail.update(verdict.to_dict(), attempt=attempt,
                          seconds_in_worker=result.validate_seconds,
                          status="ok" if verdict.approved else "rejected")
        if verdict.approved or not verdict.damaged or attempt == 2:
            break
        attempt_lora = replace(attempt_lora, learning_rate=attempt_lora.learning_rate / 2)
        log.warning("update rejected (%s); retrying at learning rate %g",
                    "; ".join(verdict.reasons), attempt_lora.learning_rate)
    return Trained(result.validation, result.swap_probe_answers)
