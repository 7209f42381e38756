"""Bench section ``lora``: training tokens/s of our trainer against ``mlx_lm lora``.

    sleepllm bench --sections lora [--iters 16] [--quick]

The same chat examples (pairs extracted from synthetic statements, 4 per step, one
pass) are trained three ways, each in its own process, with the same settings
(batch 4, 16 LoRA layers, rank 16, scale 20, lr 2e-4, prompt masked, seed 0):

* ours: :func:`mlx_core.train.train_adapter` as the sleep worker runs it (OpenBLAS,
  weights dequantized to float32);
* ``python -m mlx_lm lora`` on a float32 copy of the same weights with the same OpenBLAS
  preloaded (``LD_PRELOAD``): the like-for-like reference the target is about;
* ``python -m mlx_lm lora`` on the embedded model as shipped (4-bit, QLoRA, MLX's
  bundled BLAS): what a user gets from mlx-lm out of the box.

Every figure is mlx-lm's own: trained (unmasked) tokens over the time spent in
training steps, reported once for all steps (``--steps-per-report`` = iterations).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from mlx_core.lora_config import LoraConfig

from .bench_common import fmt, markdown_table, ratio, statements_for_facts, verdict

TARGET_RATIO = 0.95
# The settings all three runs train with (ours reads them as they are; mlx-lm's CLI is
# given the same values).
CONFIG = LoraConfig(rank=16, layers=16, scale=20.0, dropout=0.0, learning_rate=2e-4, epochs=1,
                    batch_size=4, max_seq_length=512, mask_prompt=True, seed=0)
_ROW = re.compile(r"^\s*(\d+)\s+([\d.]+)\s+[▲▼]\s+([\d,]+)\s+([\d.]+)k\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_examples(count: int, seed: int = 0) -> list[dict]:
    """``count`` chat examples from the facts extracted from synthetic statements."""
    from daemon.sleep.curate import curate
    from daemon.sleep.examples import make_examples as to_examples
    from daemon.sleep.extract import extract_facts
    from daemon.sleep.types import SourceMessage

    statements = statements_for_facts(max(4, count // 3), seed)
    messages = [SourceMessage(i + 1, " ".join(statements[i:i + 10]))
                for i in range(0, len(statements), 10)]
    pairs = [(p.question, p.answer) for f in curate(extract_facts(messages), []).facts
             for p in f.pairs[:5]]
    while len(pairs) < count:
        pairs += pairs
    return to_examples(pairs[:count], None, seed=seed)


def _ours_child(data: str, iters: int, out: str) -> None:
    """Train with train_adapter (as the sleep worker does); save a float32 copy of the model.

    Runs in a child process. Writes ``ours.json`` with mlx-lm's own per-step figures
    (collected from the callback train_adapter gives mlx-lm's ``train``).
    """
    import mlx_core  # noqa: F401  (OpenBLAS before mlx)
    import mlx_core.train as train_mod
    from mlx_core.device import activate, make_device_plan
    from mlx_core.loader import load_model

    from mlx_lm.utils import save

    from daemon.settings import Settings

    plan = make_device_plan("cpu")
    activate(plan)
    loaded = load_model("embedded", Settings().cache_dir, plan)
    config = {k: v for k, v in loaded.config.items()
              if k not in ("quantization", "quantization_config")}
    save(Path(out) / "model-f32", loaded.path, loaded.model, loaded.tokenizer, config,
         donate_model=False)
    reports: list[dict] = []
    original = train_mod._StepRecorder.on_train_loss_report

    def record(self, info: dict) -> None:
        reports.append({k: float(v) for k, v in info.items()})
        original(self, info)

    # The ignore: a benchmark child process patches its own copy of the class.
    train_mod._StepRecorder.on_train_loss_report = record  # type: ignore[method-assign]
    examples = [json.loads(line) for line in Path(data, "train.jsonl").read_text().splitlines()]
    report = train_mod.train_adapter(loaded, examples, CONFIG, Path(out) / "adapter")
    done = [r["trained_tokens"] for r in reports]
    step_seconds = sum((t - (done[i - 1] if i else 0)) / r["tokens_per_second"]
                       for i, (t, r) in enumerate(zip(done, reports, strict=True)))
    tokens = int(done[-1]) if done else 0
    Path(out, "ours.json").write_text(json.dumps({
        "steps": report.steps, "tokens": tokens, "step_seconds": step_seconds,
        "tokens_per_s": tokens / step_seconds if step_seconds else 0.0,
        "wall_seconds": report.seconds, "wall_tokens_per_s": report.tokens_per_second}))


def run_ours(data: Path, iters: int, out: Path) -> dict:
    code = ("import sys; from benchmarks.bench_lora import _ours_child; "
            "_ours_child(sys.argv[1], int(sys.argv[2]), sys.argv[3])")
    subprocess.run([sys.executable, "-c", code, str(data), str(iters), str(out)], check=True,
                   capture_output=True, text=True)
    return json.loads((out / "ours.json").read_text())


def openblas_path() -> str | None:
    from mlx_core.blas import _CANDIDATES

    return next((p for p in _CANDIDATES if p.startswith("/") and os.path.exists(p)), None)


def parse_mlx_lm(output: str) -> dict:
    """The last training report row of ``mlx_lm lora``: iteration, loss, tok/s, tokens."""
    found = [_ROW.match(_ANSI.sub("", line)) for line in output.splitlines()]
    rows = [m for m in found if m]
    if not rows:
        raise RuntimeError("no training report in mlx_lm lora's output:\n" + output[-2000:])
    it, loss, tps, tokens = rows[-1].groups()
    return {"iterations": int(it), "loss": float(loss),
            "tokens_per_s": float(tps.replace(",", "")), "tokens_k": float(tokens)}


def run_mlx_lm(model: Path, data: Path, iters: int, out: Path, preload: str | None) -> dict:
    config = out / "lora.yaml"
    config.write_text(json.dumps({"lora_parameters": CONFIG.lora_parameters()}))  # JSON is YAML
    cmd = [sys.executable, "-m", "mlx_lm", "lora", "--train", "--model", str(model),
           "--data", str(data), "--iters", str(iters), "--batch-size",
           str(CONFIG.batch_size), "--num-layers", str(CONFIG.layers),
           "--learning-rate", str(CONFIG.learning_rate), "--mask-prompt",
           "--max-seq-length", str(CONFIG.max_seq_length), "--steps-per-report",
           str(iters), "--steps-per-eval", str(iters * 10), "--val-batches", "1",
           "--save-every", str(iters * 10), "--adapter-path", str(out / "adapter"),
           "--seed", str(CONFIG.seed), "-c", str(config)]
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    env.update({"NO_COLOR": "1", "COLUMNS": "120"})
    if preload:
        env["LD_PRELOAD"] = preload
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"mlx_lm lora failed ({done.returncode}): {done.stderr[-2000:]}")
    return parse_mlx_lm(done.stdout + "\n" + done.stderr)


def _settings() -> dict:
    """The shared settings as the report shows them (mlx-lm's names for the CLI's flags)."""
    return {"batch_size": CONFIG.batch_size, "num_layers": CONFIG.layers,
            "learning_rate": CONFIG.learning_rate, "max_seq_length": CONFIG.max_seq_length,
            **CONFIG.lora_parameters()}


def measure(cache_dir: Path, iters: int, shipped_iters: int) -> dict:
    from mlx_core.embedded import ensure_embedded_model

    examples = make_examples(iters * CONFIG.batch_size)
    with tempfile.TemporaryDirectory(prefix="sleepllm-bench-lora-") as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        lines = [json.dumps(e) for e in examples]
        (data / "train.jsonl").write_text("\n".join(lines) + "\n")
        (data / "valid.jsonl").write_text("\n".join(lines[:CONFIG.batch_size]) + "\n")
        ours = run_ours(data, iters, root)
        preload = openblas_path()
        (root / "f32").mkdir()
        same = run_mlx_lm(root / "model-f32", data, iters, root / "f32", preload)
        shipped = None
        if shipped_iters > 0:
            (root / "shipped").mkdir()
            shipped = run_mlx_lm(ensure_embedded_model(cache_dir), data, shipped_iters,
                                 root / "shipped", None)
            shipped["iterations_run"] = shipped_iters
    same_ratio = ratio(ours["tokens_per_s"], same["tokens_per_s"])
    return {"examples": len(examples), "iterations": iters, "settings": _settings(),
            "ours": ours, "mlx_lm_float32_openblas": {**same, "preload": preload},
            "mlx_lm_shipped_4bit": shipped,
            "ratio_vs_same_weights": same_ratio,
            "ratio_vs_shipped": ratio(ours["tokens_per_s"], shipped["tokens_per_s"])
            if shipped else None,
            "target": TARGET_RATIO, "met": same_ratio >= TARGET_RATIO}


def format_table(result: dict) -> str:
    ours, same = result["ours"], result["mlx_lm_float32_openblas"]
    shipped = result["mlx_lm_shipped_4bit"]
    rows = [
        ["ours: train_adapter (float32, OpenBLAS)", fmt(ours["tokens_per_s"], 1),
         fmt(ours["wall_tokens_per_s"], 1), "1.00x", ""],
        ["mlx_lm lora, same float32 weights + OpenBLAS", fmt(same["tokens_per_s"], 1), "",
         fmt(result["ratio_vs_same_weights"]) + "x",
         f">= {TARGET_RATIO}x: {verdict(result['met'])}"],
    ]
    if shipped:
        rows.append([f"mlx_lm lora as shipped (4-bit QLoRA, bundled BLAS; "
                     f"{shipped['iterations_run']} step incl. compile)",
                     fmt(shipped["tokens_per_s"], 1), "", fmt(result["ratio_vs_shipped"]) + "x",
                     ""])
    head = (f"Training tokens/s, {result['examples']} examples, {result['iterations']} steps "
            "of batch 4, rank 16, 16 layers, prompt masked (mlx-lm's own tok/s; wall = whole "
            "train_adapter call)\n\n")
    return head + markdown_table(["trainer", "tokens/s (steps)", "tokens/s (wall)",
                                  "ours vs it", "target"], rows)


def add_arguments(parser) -> None:
    parser.add_argument("--iters", type=int, default=8,
                        help="lora: training steps per trainer")
    parser.add_argument("--shipped-iters", type=int, default=1,
                        help="lora: steps of mlx_lm lora on the 4-bit model (~1 min each; "
                        "0 skips it)")


def run_section(args, cache_dir: Path) -> dict:
    if args.quick:
        return measure(cache_dir, 2, 0)
    return measure(cache_dir, args.iters, args.shipped_iters)
