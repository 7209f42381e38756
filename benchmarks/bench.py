"""``sleepllm bench``: the runtime's performance, each figure against a same-run reference.

    sleepllm bench                                   # every section (~12 min on 2 CPU cores)
    sleepllm bench --sections chat,fastpath --json out.json
    sleepllm bench --quick                           # tiny workloads: checks the plumbing only

Sections (absolute times drift on shared machines, so every figure is a ratio
against a reference taken in the same run):

* ``chat`` (:mod:`.bench_chat`): the daemon's chat route vs raw ``mlx_lm.stream_generate``.
* ``sleeping`` (:mod:`.bench_sleep`): chat latency while a sleep trains vs idle, the
  longest pause a streaming reply sees across the swap, the daemon's peak RSS.
* ``cycle`` (:mod:`.bench_cycle`): seconds per stage for 10, 50 and 200 facts, the
  share of non-training work, and how a sleep grows with the number of facts.
* ``lora`` (:mod:`.bench_lora`): training tokens/s of our trainer vs ``mlx_lm lora``.
* ``wake`` (:mod:`.bench_wake`): the general benchmark, prompt tokens and time to first
  token with a full wake memory in the context vs none.
* ``fastpath`` (below): generation and a LoRA step with OpenBLAS vs MLX's bundled BLAS,
  each in its own child process (``SLEEPLLM_OPENBLAS=0`` for the reference).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PROMPT = "Write a short story about a lighthouse keeper."
SECTIONS = ("fastpath", "chat", "wake", "lora", "sleeping", "cycle")
STEP_EXAMPLE = [("What is my sister's name?", "Your sister's name is Ana."),
                ("Where does my sister live?", "Your sister Ana lives in Lisbon."),
                ("What is my job?", "You work as a carpenter."),
                ("What is my cat called?", "Your cat is called Miso.")]
# The timed LoRA step adapts 16 blocks (a 3B-class model's count), as it always has, so
# the fastpath figures stay comparable across runs; the embedded model's sleeps adapt 8.
STEP_LORA_LAYERS = 16


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from . import bench_chat, bench_cycle, bench_lora, bench_sleep, bench_wake

    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run (default: all of {SECTIONS})")
    parser.add_argument("--quick", action="store_true",
                        help="tiny workloads (for tests): checks the plumbing, not the figures")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--tokens", type=int, default=64, help="tokens generated per trial")
    parser.add_argument("--steps", type=int, default=2,
                        help="fastpath: training steps timed with OpenBLAS (after one warm-up)")
    parser.add_argument("--reference-steps", type=int, default=1,
                        help="fastpath: training steps timed with the bundled BLAS (~40 s each)")
    for module in (bench_chat, bench_sleep, bench_cycle, bench_lora, bench_wake):
        module.add_arguments(parser)


def measure_runtime(cache_dir: Path, tokens: int, steps: int, warmup: bool = True) -> dict:
    """Generation tokens/s and seconds per LoRA step in this process."""
    import mlx_core  # noqa: F401  (OpenBLAS before mlx, unless disabled)
    from mlx_core.blas import blas_in_use
    from mlx_core.chat import stream_chat
    from mlx_core.device import activate, make_device_plan
    from mlx_core.loader import load_model
    from mlx_core.lora_config import LoraConfig
    from mlx_core.train import attach_lora

    plan = make_device_plan("cpu")
    activate(plan)
    loaded = load_model("embedded", cache_dir, plan)
    messages = [{"role": "user", "content": PROMPT}]
    list(stream_chat(loaded, messages, max_tokens=8))  # warm-up
    tic = time.perf_counter()
    last = list(stream_chat(loaded, messages, max_tokens=tokens))[-1]
    seconds = time.perf_counter() - tic
    attach_lora(loaded, LoraConfig(layers=STEP_LORA_LAYERS))
    return {"blas": blas_in_use(), "generation_tokens": last.generation_tokens,
            "generation_tokens_per_s": last.generation_tokens / seconds,
            "lora_step_s": _time_steps(loaded, steps, warmup)}


def _time_steps(loaded, steps: int, warmup: bool = True) -> float:
    import mlx.core as mx
    import mlx.nn as nn
    import mlx.optimizers as optim
    from mlx_lm.tuner.trainer import default_loss

    rows = [loaded.tokenizer.apply_chat_template(
        [{"role": "user", "content": q}, {"role": "assistant", "content": a}])
        for q, a in STEP_EXAMPLE]
    width = max(len(r) for r in rows)
    batch = mx.array([r + [0] * (width - len(r)) for r in rows])
    lengths = mx.array([[0, len(r)] for r in rows])
    optimizer = optim.Adam(learning_rate=1e-4)
    loss_and_grad = nn.value_and_grad(loaded.model, default_loss)
    times = []
    for _ in range(steps + int(warmup)):
        tic = time.perf_counter()
        (loss, _), grads = loss_and_grad(loaded.model, batch, lengths)
        optimizer.update(loaded.model, grads)
        mx.eval(loaded.model.parameters(), optimizer.state, loss)
        times.append(time.perf_counter() - tic)
    return sum(times[int(warmup):]) / steps


def _child(openblas: bool, cache_dir: Path, tokens: int, steps: int) -> dict:
    env = {**os.environ, "SLEEPLLM_OPENBLAS": "1" if openblas else "0"}
    # The bundled BLAS takes ~40 s a step: it is timed without a warm-up step.
    code = ("import json, sys; from pathlib import Path; from benchmarks.bench import "
            "measure_runtime; print(json.dumps(measure_runtime(Path(sys.argv[1]), "
            "int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1')))")
    done = subprocess.run([sys.executable, "-c", code, str(cache_dir), str(tokens), str(steps),
                           "1" if openblas else "0"],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cpu_fast_path(cache_dir: Path, tokens: int, steps: int, reference_steps: int = 1) -> dict:
    fast = _child(True, cache_dir, tokens, steps)
    reference = _child(False, cache_dir, tokens, reference_steps)
    return {"openblas": fast, "reference": reference, "steps": steps,
            "reference_steps": reference_steps,
            "generation_speedup": fast["generation_tokens_per_s"]
            / reference["generation_tokens_per_s"],
            "lora_step_speedup": reference["lora_step_s"] / fast["lora_step_s"]}


def format_fast_path(result: dict) -> str:
    fast, ref = result["openblas"], result["reference"]
    rows = [("BLAS", fast["blas"], ref["blas"], ""),
            ("generation tokens/s", f"{fast['generation_tokens_per_s']:.1f}",
             f"{ref['generation_tokens_per_s']:.1f}", f"{result['generation_speedup']:.2f}x"),
            ("LoRA step (batch 4), s", f"{fast['lora_step_s']:.2f}", f"{ref['lora_step_s']:.2f}",
             f"{result['lora_step_speedup']:.2f}x")]
    lines = ["CPU fast path (each column in its own process)", "",
             "| embedded model, CPU | with OpenBLAS | bundled BLAS | speed-up |",
             "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def _fastpath(args: argparse.Namespace, cache_dir: Path) -> dict:
    if args.quick:
        return cpu_fast_path(cache_dir, 8, 1, 1)
    return cpu_fast_path(cache_dir, args.tokens, args.steps, args.reference_steps)


def _sections(args: argparse.Namespace) -> dict:
    """name -> (run(args, cache_dir) -> dict, format(dict) -> str)."""
    from . import bench_chat, bench_cycle, bench_lora, bench_sleep, bench_wake

    return {"fastpath": (_fastpath, format_fast_path),
            "chat": (bench_chat.run_section, bench_chat.format_table),
            "wake": (bench_wake.run_section, bench_wake.format_table),
            "lora": (bench_lora.run_section, bench_lora.format_table),
            "sleeping": (bench_sleep.run_section, bench_sleep.format_table),
            "cycle": (bench_cycle.run_section, bench_cycle.format_table)}


def run(args: argparse.Namespace) -> int:
    import logging

    from mlx_core.embedded import ensure_embedded_model

    from daemon.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        raise SystemExit(f"unknown bench sections {unknown}; choose from {SECTIONS}")
    cache_dir = Settings().cache_dir
    ensure_embedded_model(cache_dir)
    sections = _sections(args)
    result: dict = {"quick": bool(args.quick), "sections": {}}
    failed = False
    tic = time.perf_counter()
    for name in SECTIONS:
        if name not in chosen:
            continue
        measure, show = sections[name]
        started = time.perf_counter()
        try:
            figures = measure(args, cache_dir)
        except Exception as exc:  # one broken section must not hide the others' figures
            logging.getLogger(__name__).exception("bench section %s failed", name)
            figures, failed = {"error": f"{type(exc).__name__}: {exc}"}, True
        figures["seconds"] = time.perf_counter() - started
        result["sections"][name] = figures
        print(f"\n{show(figures) if 'error' not in figures else name + ': ' + figures['error']}"
              f"\n\n({name}: {figures['seconds']:.0f} s)", flush=True)
        if args.json:  # after every section: a later failure keeps what was measured
            args.json.write_text(json.dumps(result, indent=2, default=str))
    result["seconds"] = time.perf_counter() - tic
    print(f"\nbench: {result['seconds']:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return 1 if failed else 0
