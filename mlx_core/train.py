"""Train a LoRA adapter on chat-format examples with mlx-lm's tuner.

    report = train_adapter(loaded, examples, LoraConfig(epochs=6), Path("adapter"))

``examples`` are ``{"messages": [...]}`` dicts (system/user/assistant turns);
only the final assistant turn is trained on. mlx-lm does the work: its
``linear_to_lora_layers``, ``ChatDataset``/``CacheDataset`` and ``train`` loop;
this module picks the arguments and writes an adapter folder that
``mlx_lm.load(..., adapter_path=...)`` and :mod:`mlx_core.fuse` read.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import mlx.core as mx
import mlx.optimizers as optim
from mlx_lm.tuner.callbacks import TrainingCallback
from mlx_lm.tuner.datasets import CacheDataset, ChatDataset
from mlx_lm.tuner.trainer import TrainingArgs, iterate_batches, train
from mlx_lm.tuner.utils import linear_to_lora_layers

from .loader import LoadedModel

log = logging.getLogger(__name__)

ADAPTER_WEIGHTS = "adapters.safetensors"
ADAPTER_CONFIG = "adapter_config.json"


@dataclass
class LoraConfig:
    rank: int = field(default=16, metadata={"help": "LoRA rank."})
    layers: int = field(default=16, metadata={"help": "Number of final blocks given LoRA layers."})
    scale: float = field(default=20.0, metadata={"help": "LoRA scale (mlx-lm's alpha/rank)."})
    dropout: float = field(default=0.0, metadata={"help": "LoRA dropout."})
    learning_rate: float = field(default=2e-4, metadata={"help": "Adam learning rate."})
    epochs: int = field(default=6, metadata={"help": "Passes over the examples."})
    batch_size: int = field(default=4, metadata={"help": "Examples per step."})
    max_seq_length: int = field(default=512, metadata={"help": "Longer examples are truncated."})
    mask_prompt: bool = field(default=True, metadata={"help": "Train on the reply only."})
    seed: int = field(default=0, metadata={"help": "Seed for LoRA init and batch order."})


@dataclass
class TrainReport:
    steps: int
    losses: list[float]
    seconds: float
    tokens: int

    @property
    def final_loss(self) -> float:
        return self.losses[-1] if self.losses else float("nan")

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


class _StepRecorder(TrainingCallback):
    """Collect the loss of every step and pass it on to the caller."""

    def __init__(self, total: int, on_step: Callable[[int, int, float], None] | None):
        self.total, self.on_step = total, on_step
        self.losses: list[float] = []
        self.tokens = 0

    def on_train_loss_report(self, info: dict) -> None:
        self.losses.append(float(info["train_loss"]))
        self.tokens = int(info["trained_tokens"])
        if self.on_step is not None:
            self.on_step(int(info["iteration"]), self.total, float(info["train_loss"]))


def make_dataset(loaded: LoadedModel, examples: list[dict], mask_prompt: bool) -> CacheDataset:
    return CacheDataset(ChatDataset(examples, loaded.tokenizer, mask_prompt=mask_prompt))


def attach_lora(loaded: LoadedModel, cfg: LoraConfig) -> None:
    """Freeze the model and give its last ``cfg.layers`` blocks LoRA layers."""
    mx.random.seed(cfg.seed)
    loaded.model.freeze()
    linear_to_lora_layers(loaded.model, cfg.layers, _lora_parameters(cfg))


def _lora_parameters(cfg: LoraConfig) -> dict:
    return {"rank": cfg.rank, "scale": cfg.scale, "dropout": cfg.dropout}


def save_adapter_config(cfg: LoraConfig, adapter_dir: Path) -> None:
    config = {
        "fine_tune_type": "lora",
        "num_layers": cfg.layers,
        "lora_parameters": _lora_parameters(cfg),
        "sleepllm": asdict(cfg),
    }
    (adapter_dir / ADAPTER_CONFIG).write_text(json.dumps(config, indent=2))


def make_batch_iterator(wait: Callable[[], None] | None, seed: int):
    """mlx-lm's batch iterator, trimmed of surplus padding, optionally pausing before each batch.

    mlx-lm pads every batch to one plus a multiple of 32 tokens; chat pairs about
    a user are ~40 tokens, so up to 40% of each step was padding. Trimming to a
    multiple of 8 keeps the number of compiled shapes small. ``wait()`` lets
    training yield the CPU to chat requests.
    """

    def batches(dataset, batch_size, max_seq_length, loop=False, comm_group=None, **kw):
        for batch, lengths in iterate_batches(dataset, batch_size, max_seq_length, loop=loop,
                                              seed=seed, comm_group=comm_group):
            longest = int(mx.max(lengths[:, 1]).item())
            width = min(batch.shape[1], 1 + 8 * math.ceil(longest / 8))
            if wait is not None:
                wait()
            yield batch[:, :width], lengths

    return batches


def train_adapter(
    loaded: LoadedModel,
    examples: list[dict],
    cfg: LoraConfig,
    adapter_dir: Path,
    on_step: Callable[[int, int, float], None] | None = None,
    wait: Callable[[], None] | None = None,
) -> TrainReport:
    """Train a LoRA adapter on ``examples`` into ``adapter_dir``; the model keeps its LoRA layers.

    ``on_step(step, total, loss)`` is called after every step; ``wait()`` before
    every batch (it may block, e.g. while chat requests are being answered).
    """
    if not examples:
        raise ValueError("no training examples")
    adapter_dir.mkdir(parents=True, exist_ok=True)
    batch_size = min(cfg.batch_size, len(examples))
    steps = max(1, math.ceil(len(examples) / batch_size) * cfg.epochs)
    attach_lora(loaded, cfg)
    save_adapter_config(cfg, adapter_dir)
    args = TrainingArgs(
        batch_size=batch_size, iters=steps, steps_per_report=1, steps_per_eval=steps + 1,
        steps_per_save=steps + 1, max_seq_length=cfg.max_seq_length,
        adapter_file=str(adapter_dir / ADAPTER_WEIGHTS),
    )
    recorder = _StepRecorder(steps, on_step)
    tic = time.perf_counter()
    train(
        model=loaded.model,
        optimizer=optim.Adam(learning_rate=cfg.learning_rate),
        train_dataset=make_dataset(loaded, examples, cfg.mask_prompt),
        args=args,
        iterate_batches=make_batch_iterator(wait, cfg.seed),
        training_callback=recorder,
    )
    seconds = time.perf_counter() - tic
    save_adapter_weights(loaded, adapter_dir)
    loaded.model.eval()
    return TrainReport(steps, recorder.losses, seconds, recorder.tokens)


def save_adapter_weights(loaded: LoadedModel, adapter_dir: Path) -> Path:
    from mlx.utils import tree_flatten

    path = adapter_dir / ADAPTER_WEIGHTS
    mx.save_safetensors(str(path), dict(tree_flatten(loaded.model.trainable_parameters())))
    return path
