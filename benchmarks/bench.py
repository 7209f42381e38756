"""Benchmarks of the runtime, each against its reference measured in the same run.

    sleepllm bench                       # CPU fast path: OpenBLAS against the bundled BLAS
    sleepllm bench --json out.json

The CPU fast path section runs the same measurement in two child processes,
one with OpenBLAS loaded before MLX and one with MLX's bundled reference BLAS
(``SLEEPLLM_OPENBLAS=0``): generation tokens/s on the embedded model and the
time of one LoRA training step (batch 4). Figures are printed as a table with
the ratio, because absolute times drift on shared machines.
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
STEP_EXAMPLE = [("What is my sister's name?", "Your sister's name is Ana."),
                ("Where does my sister live?", "Your sister Ana lives in Lisbon."),
                ("What is my job?", "You work as a carpenter."),
                ("What is my cat called?", "Your cat is called Miso.")]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--tokens", type=int, default=64, help="tokens generated per trial")
    parser.add_argument("--steps", type=int, default=3, help="training steps timed (after one warm-up)")


def measure_runtime(cache_dir: Path, tokens: int, steps: int) -> dict:
    """Generation tokens/s and seconds per LoRA step in this process."""
    import mlx_core  # noqa: F401  (OpenBLAS before mlx, unless disabled)
    from mlx_core.blas import blas_in_use
    from mlx_core.chat import stream_chat
    from mlx_core.device import activate, make_device_plan
    from mlx_core.loader import load_model
    from mlx_core.train import LoraConfig, attach_lora

    plan = make_device_plan("cpu")
    activate(plan)
    loaded = load_model("embedded", cache_dir, plan)
    messages = [{"role": "user", "content": PROMPT}]
    list(stream_chat(loaded, messages, max_tokens=8))  # warm-up
    last = None
    tic = time.perf_counter()
    for last in stream_chat(loaded, messages, max_tokens=tokens):
        pass
    seconds = time.perf_counter() - tic
    attach_lora(loaded, LoraConfig())
    return {"blas": blas_in_use(), "generation_tokens": last.generation_tokens,
            "generation_tokens_per_s": last.generation_tokens / seconds,
            "lora_step_s": _time_steps(loaded, steps)}


def _time_steps(loaded, steps: int) -> float:
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
    for _ in range(steps + 1):
        tic = time.perf_counter()
        (loss, _), grads = loss_and_grad(loaded.model, batch, lengths)
        optimizer.update(loaded.model, grads)
        mx.eval(loaded.model.parameters(), optimizer.state, loss)
        times.append(time.perf_counter() - tic)
    return sum(times[1:]) / steps


def _child(openblas: bool, cache_dir: Path, tokens: int, steps: int) -> dict:
    env = {**os.environ, "SLEEPLLM_OPENBLAS": "1" if openblas else "0"}
    code = ("import json, sys; from pathlib import Path; from benchmarks.bench import "
            "measure_runtime; print(json.dumps(measure_runtime(Path(sys.argv[1]), "
            "int(sys.argv[2]), int(sys.argv[3]))))")
    done = subprocess.run([sys.executable, "-c", code, str(cache_dir), str(tokens), str(steps)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cpu_fast_path(cache_dir: Path, tokens: int, steps: int) -> dict:
    fast = _child(True, cache_dir, tokens, steps)
    reference = _child(False, cache_dir, tokens, steps)
    return {"openblas": fast, "reference": reference,
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
    lines = ["| embedded model, CPU | with OpenBLAS | bundled BLAS | speed-up |",
             "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def run(args: argparse.Namespace, settings) -> int:
    from mlx_core.embedded import ensure_embedded_model

    ensure_embedded_model(settings.cache_dir)
    result = {"cpu_fast_path": cpu_fast_path(settings.cache_dir, args.tokens, args.steps)}
    print(format_fast_path(result["cpu_fast_path"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0
