"""The training and validation child process of a sleep cycle.

The parent writes a :class:`~.job.TrainJob` as JSON and starts :func:`worker_main` in
a spawned process. The child loads the base model, scores the general
benchmark (cached per model), trains the LoRA adapter, validates the
candidate and answers the fixed swap probe, then writes its
:class:`~.job.WorkerResult` (or :class:`~.job.WorkerFailure`) to ``result.json``.
Progress goes back over a queue; while the parent's ``busy`` event is set
(chat requests in flight) the child pauses between training steps. If the
parent dies the child exits at the next step, so a killed daemon leaves no
orphan training behind.

    python -m daemon.sleep.worker JOB.json      # run a job by hand (no parent)
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import math
import os
import random
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import mlx_core  # noqa: F401  (OpenBLAS before mlx)
from mlx_core.chat import answer, answer_all
from mlx_core.device import activate, make_device_plan
from mlx_core.loader import load_model
from mlx_core.train import adapter_matches, save_adapter_weights, train_adapter, warm_teacher

from mlx.utils import tree_flatten, tree_unflatten

from .benchmark import BenchmarkResult, load_benchmark, score_benchmark
from .examples import anchor_prompts, make_examples
from .job import (
    NOT_NEEDED,
    RESULT_FILE,
    BenchmarkFailure,
    Checkpoint,
    ProbeAnswer,
    TrainJob,
    TrainResult,
    Validation,
    WorkerFailure,
    WorkerResult,
)
from .testhook import pause_point
from .validate import OldRecall, decide, score_probe

log = logging.getLogger(__name__)

# CPU niceness of the training process (background work; chat requests come first).
WORKER_NICE = 10
# Longest base-model reply to an anchor prompt, in tokens (distilled, not imitated).
ANCHOR_MAX_TOKENS = 40
# Length of a benchmark answer. At 32 tokens an adapted model's wordier but right
# answers were cut before the answer ("Three times three is a classic problem ...").
BENCHMARK_MAX_TOKENS = 64
# The whole benchmark is one batch: the 100 questions took 117 s so, 192 s in batches of
# 32 (the default), on a loaded 2-core CPU; decoding reads the weights once per step.
BENCHMARK_BATCH = 128
PROBE_MAX_TOKENS = 32


class _Reporter:
    """Sends progress to the parent and yields to chat between steps."""

    def __init__(self, progress, busy, parent_pid: int | None):
        self.progress, self.busy, self.parent_pid = progress, busy, parent_pid

    def send(self, kind: str, **info) -> None:
        if self.progress is not None:
            self.progress.put({"kind": kind, **info})

    def wait(self) -> None:
        self._check_parent()
        if self.busy is None:
            return
        while self.busy.is_set():  # chat is being answered: give it the CPU
            time.sleep(0.02)
            self._check_parent()

    def _check_parent(self) -> None:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            log.error("the daemon is gone; stopping the sleep worker")
            os._exit(3)


def _read_cache(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):  # none yet, or damaged (a full disk): start afresh
        return {}
    return data if isinstance(data, dict) else {}


def _cached(path: Path, key: str, compute):
    """JSON cache of one value under ``key`` (benchmark-before, anchor replies).

    Several training processes may share the cache (several daemons, tests): each
    writes through its own temporary file and keeps the keys others added meanwhile.
    """
    data = _read_cache(path)
    if key not in data:
        value = compute()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {**_read_cache(path), key: value}
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)
    return data[key]


def anchor_replies(loaded, prompts: list[str], system: str | None,
                   max_tokens: int = ANCHOR_MAX_TOKENS) -> list[list[str]]:
    """The base model's own (greedy, possibly cut-off) replies to everyday prompts.

    Training matches the base model's next-token distributions over these
    conversations (:mod:`mlx_core.distill`), so a cut-off reply is as good as a
    finished one: it is never taught as text to imitate.
    """
    replies = answer_all(loaded, prompts, system, max_tokens)
    return [[p, r] for p, r in zip(prompts, replies, strict=True) if r]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


def _old_probe(job: TrainJob) -> list[dict]:
    """The recall-probe questions of facts the served model was trained on."""
    old = set(job.old_fact_ids)
    return [p for p in job.probe if p.get("fact_id") in old]


def _served_old_answers(job: TrainJob, plan, cache: Path) -> list[str] | None:
    """The served model's answers to the recall probe of the already-learned facts, or
    None when the base model is served. Cached per served adapter, so a retry (and each
    epoch's check) compares with the same measurement."""
    probe, adapter = _old_probe(job), job.served_adapter
    if not probe or adapter is None:
        return None
    questions = [p["question"] for p in probe]
    key = "served-" + _digest(job.model, job.served_key, str(job.system), json.dumps(questions),
                              str(PROBE_MAX_TOKENS))

    def measure() -> list[str]:
        served = load_model(job.model, Path(job.cache_dir), plan,
                            adapter_path=Path(adapter))
        return answer_all(served, questions, job.system, PROBE_MAX_TOKENS)

    return _cached(cache, key, measure)


def plan_night(job: TrainJob, served_answers: list[str] | None) -> tuple[list[dict], int | None]:
    """The examples this night trains, and how many already-learned facts they replay
    (None: every example, from the base model).

    On top of the served adapter (``job.replay_share`` set) a night trains its new facts,
    the served facts the served model no longer recalls (measured before training, the
    old-facts check's own answers) and a share of the rest, drawn anew each night, so
    the night grows with what is new and what slipped, not with everything learned.
    """
    share, fact_ids = job.replay_share, job.example_fact_ids
    if share is None or len(fact_ids) != len(job.examples):
        return job.examples, None
    served = set(job.served_fact_ids)
    probe = _old_probe(job)
    missed = {p["fact_id"] for p, a in zip(probe, served_answers or [], strict=False)
              if score_probe([p], [a]) < 1.0}
    recalled = sorted({f for f in fact_ids if f in served} - missed)
    # Seeded by the served weights: the same night retried draws the same facts.
    rng = random.Random(f"{job.lora.seed}-{job.served_key}")
    replay = missed | set(rng.sample(recalled, math.ceil(share * len(recalled))))
    examples = [e for e, f in zip(job.examples, fact_ids, strict=True)
                if f not in served or f in replay]
    return examples or job.examples, len(replay & set(fact_ids))


def _probe_check(loaded, job: TrainJob, before: float, served_old: list[str] | None) -> dict:
    """Score the current weights on the recall probe (and the old facts in it) alone.

    The benchmark is not asked (``asked`` False, ``after`` a stand-in at the base score):
    a ``rejected`` verdict is final, an ``approved`` one only says the probe passed.
    """
    probe_answers = answer_all(loaded, [p["question"] for p in job.probe], job.system,
                               PROBE_MAX_TOKENS)
    recall = score_probe(job.probe, probe_answers)
    old = None
    if served_old is not None:  # the probe already asked the old facts' questions
        by_question = dict(zip([p["question"] for p in job.probe], probe_answers, strict=True))
        probe = _old_probe(job)
        old = OldRecall(len(probe), score_probe(probe, served_old),
                        score_probe(probe, [by_question[p["question"]] for p in probe]))
    base = BenchmarkResult(before, [])
    verdict = decide(base, base, recall, job.tolerance, old=old, old_tolerance=job.old_tolerance)
    return {"verdict": verdict, "after": base, "probe_answers": probe_answers, "asked": False,
            "old": old}


def _with_benchmark(loaded, job: TrainJob, questions, before: float, check: dict) -> dict:
    """``check`` (from :func:`_probe_check`, same weights) with the benchmark asked: the
    final verdict."""
    after = _ask_benchmark(loaded, job, questions)
    verdict = decide(BenchmarkResult(before, []), after, check["verdict"].recall_probe,
                     job.tolerance, old=check["old"], old_tolerance=job.old_tolerance)
    return {**check, "verdict": verdict, "after": after, "asked": True}


def _check(loaded, job: TrainJob, questions, before: float,
           served_old: list[str] | None, last: bool = True) -> dict:
    """Score the current weights: recall probe, then the general benchmark unless the
    probe already rejected them before the last epoch (it cannot be approved whatever
    its score, and the benchmark is most of a check's time)."""
    check = _probe_check(loaded, job, before, served_old)
    if check["verdict"].status == "rejected" and not last:
        return check
    return _with_benchmark(loaded, job, questions, before, check)


def _choose(loaded, job: TrainJob, questions, before: float, checkpoints: list[dict]) -> dict:
    """The checkpoint to keep, asking the benchmark only as far as needed.

    The checkpoints the recall probe passed are asked the benchmark in order of recall
    (the later epoch first on a tie) until one is approved: that one is kept. The
    benchmark is most of a check, and on the embedded model asking it after every epoch
    was a third of a sleep. With none approved the last epoch is kept, asked (its score
    decides whether a retry at a lower learning rate may help). Leaves the kept
    checkpoint's weights in ``loaded``.
    """
    def ask(point: dict) -> None:
        if not point["check"]["asked"]:
            loaded.model.update(tree_unflatten(list(point["weights"].items())))
            point["check"] = _with_benchmark(loaded, job, questions, before, point["check"])

    passed = [c for c in checkpoints if c["check"]["verdict"].status == "approved"]
    chosen = checkpoints[-1]
    for point in sorted(passed, key=lambda c: (c["check"]["verdict"].recall_probe, c["epoch"]),
                        reverse=True):
        ask(point)
        if point["check"]["verdict"].status == "approved":
            chosen = point
            break
    ask(chosen)
    loaded.model.update(tree_unflatten(list(chosen["weights"].items())))
    return chosen


def _ask_benchmark(loaded, job: TrainJob, questions) -> BenchmarkResult:
    """The benchmark asked of ``loaded`` in one batch (the base model and every check)."""
    # Batched: the same greedy answers as one at a time, several times faster on a CPU.
    texts = [q.question for q in questions]
    replies = dict(zip(texts, answer_all(loaded, texts, job.system, BENCHMARK_MAX_TOKENS,
                                         batch_size=BENCHMARK_BATCH), strict=True))
    return score_benchmark(questions, replies.__getitem__)


def _prepare(job: TrainJob) -> tuple[Any, list, float, list[Any], Path, list[str] | None]:
    """The base model loaded and what every sleep on it needs first, cached per model:
    the benchmark questions and the base score, the anchor conversations and where the
    teacher's distributions (and the protected subspaces) are kept; and the served
    model's answers on the already-learned facts (cached per served version)."""
    questions = load_benchmark(job.benchmark_path)  # fail closed before minutes of work
    plan = make_device_plan(job.device)
    activate(plan)
    cache = Path(job.cache_dir) / "validation-cache.json"
    # Before the base is loaded: the served model is dropped before training begins.
    served_old = _served_old_answers(job, plan, cache)
    loaded = load_model(job.model, Path(job.cache_dir), plan)
    bench_key = _digest(job.model, json.dumps([q.question for q in questions]), str(job.system),
                        str(BENCHMARK_MAX_TOKENS), "batched")
    before = _cached(cache, "before-" + bench_key,
                     lambda: asdict(_ask_benchmark(loaded, job, questions)))["score"]
    anchor_key = _digest(job.model, str(job.system), *anchor_prompts())
    anchors = _cached(cache, "anchors-v3-" + anchor_key,
                      lambda: anchor_replies(loaded, anchor_prompts(), job.system))
    teacher_cache = Path(job.cache_dir) / "teachers" / (
        f"{anchor_key}-{_digest(json.dumps(anchors))}-k{job.lora.anchor_top_k}.npz")
    return loaded, questions, before, anchors, teacher_cache, served_old


def warm_caches(job: TrainJob) -> None:
    """Compute and keep what the first sleep on ``job.model`` would (see :func:`_prepare`),
    the teacher and the protected subspaces too, so that sleep is as fast as any other.
    Run at set-up (``sleepllm model fetch``); ``job.examples`` are not used."""
    loaded, _, _, anchors, teacher_cache, _ = _prepare(job)
    warm_teacher(loaded, make_examples(anchors, job.system, seed=None), job.lora, teacher_cache)


def run_job(job: TrainJob, reporter: _Reporter) -> WorkerResult:
    """Train and validate; return the result (written to result.json by the caller).

    Every epoch ends with the recall probe. Training stops early once a checkpoint
    recalls every probed fact and is approved (the benchmark asked then); otherwise
    the approved checkpoint that recalls most is kept (see :func:`_choose`: more
    epochs can cost general knowledge, and on a 135M model the score moves several
    points from one epoch to the next).
    """
    tic = time.perf_counter()
    reporter.send("stage", name="validate-before")
    loaded, questions, before, anchors, teacher_cache, served_old = _prepare(job)
    validate_s = time.perf_counter() - tic

    cfg = job.lora
    examples, replayed, init = _night(job, served_old)
    reporter.send("stage", name="train", examples=len(examples))
    checkpoints: list[dict] = []

    def on_step(step: int, total: int, loss: float) -> None:
        reporter.send("step", step=step, total=total, loss=loss)
        if step == 1:
            pause_point("worker:train", reporter._check_parent)

    def on_epoch(epoch: int) -> bool:
        nonlocal validate_s
        tic = time.perf_counter()
        check = _probe_check(loaded, job, before, served_old)
        # Training ends early only on an approved checkpoint that recalls every fact:
        # the benchmark is asked now for that one alone (see _choose for the rest).
        if check["verdict"].status == "approved" and check["verdict"].recall_probe >= 1.0:
            check = _with_benchmark(loaded, job, questions, before, check)
        validate_s += time.perf_counter() - tic
        _report_checkpoint(reporter, epoch, check)
        checkpoints.append({"epoch": epoch, "check": check, "weights": _weights(loaded)})
        return check["asked"] and check["verdict"].status == "approved"

    adapter = Path(job.out_dir) / "adapter"
    report = train_adapter(loaded, examples, cfg, adapter, on_step=on_step,
                           wait=reporter.wait, on_epoch=on_epoch,
                           anchors=make_examples(anchors, job.system, seed=None),
                           teacher_cache=teacher_cache, init_adapter=init)

    pause_point("worker:validate", reporter._check_parent)
    reporter.send("stage", name="validate")
    tic = time.perf_counter()
    if report.epochs == cfg.epochs:  # not stopped early: check the last epoch too
        checkpoints.append({"epoch": report.epochs, "weights": _weights(loaded),
                            "check": _probe_check(loaded, job, before, served_old)})
    chosen = _choose(loaded, job, questions, before, checkpoints)
    if chosen is not checkpoints[-1]:  # train_adapter saved the last epoch's weights
        save_adapter_weights(loaded, adapter)
    swap_answers = [answer(loaded, q, job.system, max_tokens=24) for q in job.swap_probe]
    validate_s += time.perf_counter() - tic
    return _result(job, report, cfg, anchors, checkpoints, chosen, swap_answers, validate_s,
                   examples=len(examples), replayed=replayed)


def _night(job: TrainJob, served_old: list[str] | None
           ) -> tuple[list[dict], int | None, Path | None]:
    """:func:`plan_night`, and the adapter training starts from (None: a fresh one)."""
    examples, replayed = plan_night(job, served_old)
    if replayed is None:
        return examples, None, None
    served = Path(job.served_adapter) if job.served_adapter else None
    if served is None or not adapter_matches(served, job.lora):
        log.warning("the served adapter is missing or of another shape; training every "
                    "fact from the base model")
        return job.examples, None, None
    log.info("training %d of %d examples on top of the served adapter (%d learned facts "
             "replayed)", len(examples), len(job.examples), replayed)
    return examples, replayed, served


def _result(job: TrainJob, report, cfg, anchors, checkpoints, chosen, swap_answers,
            validate_s: float, examples: int, replayed: int | None) -> WorkerResult:
    """The result written to result.json (the parent stores most of it with the cycle)."""
    check, verdict = chosen["check"], chosen["check"]["verdict"]
    train = TrainResult(
        steps=report.steps, losses=report.losses, seconds=report.seconds, tokens=report.tokens,
        tokens_per_second=report.tokens_per_second, examples=examples, replayed=replayed,
        anchors=len(anchors), epochs_run=report.epochs, epoch_chosen=chosen["epoch"], lora=cfg)
    validation = Validation.of_worker(
        verdict, chosen["epoch"],
        checkpoints=[_summary(c["epoch"], c["check"]) for c in checkpoints],
        benchmark_failures=[BenchmarkFailure(r.question, r.answer[:160])
                            for r in check["after"].per_question if r.score < 1.0],
        probe=[ProbeAnswer(p["question"], a[:160], p["expected"])
               for p, a in zip(job.probe, check["probe_answers"], strict=True)])
    return WorkerResult(train=train, validation=validation, validate_seconds=validate_s,
                        probe_answers=check["probe_answers"],
                        benchmark_after=list(check["after"].per_question),
                        swap_probe_answers=swap_answers)


def _summary(epoch: int, check: dict, unasked: str = NOT_NEEDED) -> Checkpoint:
    """What the result records of a checkpoint; ``unasked`` is the status of one the probe
    passed but whose benchmark was not asked."""
    verdict = check["verdict"]
    final = check["asked"] or verdict.status == "rejected"
    return Checkpoint(epoch, verdict.status if final else unasked,
                      verdict.benchmark_after if check["asked"] else None, verdict.recall_probe)


def _report_checkpoint(reporter: _Reporter, epoch: int, check: dict) -> None:
    point = _summary(epoch, check, unasked="probe passed")
    reporter.send("checkpoint", epoch=epoch, recall=point.recall_probe,
                  benchmark=point.benchmark_after, status=point.status)


def _weights(loaded) -> dict:
    """The adapter's weights now (arrays are immutable: later steps do not change them)."""
    return dict(tree_flatten(loaded.model.trainable_parameters()))


def _lower_priority() -> None:
    """Run at a lower CPU priority than the daemon: chat gets the cores first.

    Pausing between steps cannot stop a step (or the validation's generation) that is
    already running; at nice 0 it took half the CPU from chat, and a short request sent
    while training took 2-3x as long as an idle one (``sleepllm bench``, section sleeping).
    """
    try:
        os.nice(WORKER_NICE)
    except OSError:  # not permitted: train at the daemon's priority
        log.warning("could not lower the sleep worker's CPU priority")


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when the daemon dies (between-step checks miss
    model loading and validation, which can take minutes)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(3)


def worker_main(job_path: str, progress=None, busy=None, parent_pid: int | None = None) -> None:
    """Entry point of the child process; writes result.json next to the job."""
    job = TrainJob.load(Path(job_path))
    if parent_pid is not None:
        _die_with_parent(parent_pid)
        # mlx-lm's training UI writes to the terminal; the parent shows its own progress.
        log_fd = os.open(Path(job.out_dir) / "worker.log", os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
    if parent_pid is not None:
        _lower_priority()
    reporter = _Reporter(progress, busy, parent_pid)
    result: WorkerResult | WorkerFailure
    try:
        result = run_job(job, reporter)
    except Exception as exc:
        log.exception("sleep worker failed")
        result = WorkerFailure(f"{type(exc).__name__}: {exc}")
    out = Path(job.out_dir) / RESULT_FILE
    tmp = out.with_suffix(".tmp")
    try:
        tmp.write_text(result.to_json())
        tmp.replace(out)
    except OSError as exc:  # a full disk: the parent still hears why over the queue
        failed = result.error if isinstance(result, WorkerFailure) else None
        reporter.send("error", error=failed or f"{type(exc).__name__}: {exc}")
        raise
    reporter.send("done")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m daemon.sleep.worker JOB.json")
    worker_main(sys.argv[1])
