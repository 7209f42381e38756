"""Train a LoRA adapter on chat-format examples with mlx-lm's tuner.

    report = train_adapter(loaded, examples, LoraConfig(epochs=6), Path("adapter"))

``examples`` are ``{"messages": [...]}`` dicts (system/user/assistant turns);
only the final assistant turn is trained on. mlx-lm does the work: its
``linear_to_lora_layers``, ``ChatDataset``/``CacheDataset`` and ``train`` loop
(with :mod:`mlx_core.distill`'s loss when anchors are given; each step runs only the
adapted blocks, :mod:`mlx_core.prefix` having read the frozen ones once); this module
picks the arguments and writes an adapter folder that
``mlx_lm.load(..., adapter_path=...)`` and :mod:`mlx_core.fuse` read. The settings are
one :class:`~mlx_core.lora_config.LoraConfig` (its defaults: the embedded model's).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mlx.core as mx
import mlx.optimizers as optim
import numpy as np
from mlx.utils import tree_flatten
from mlx_lm.tuner.callbacks import TrainingCallback
from mlx_lm.tuner.datasets import CacheDataset, ChatDataset
from mlx_lm.tuner.trainer import TrainingArgs, iterate_batches, train
from mlx_lm.tuner.utils import linear_to_lora_layers

from .adapter import ADAPTER_CONFIG, ADAPTER_WEIGHTS
from .distill import (
    AnchorBatches,
    Forward,
    TeacherRow,
    cached_teacher,
    make_distill_loss,
    make_fact_loss,
    trained_positions,
    whole_model,
)
from .loader import LoadedModel
from .lora_config import LoraConfig
from .prefix import PrefixCache, head_logits, prefix_matches, prefix_start, top_hidden
from .protect import bake_protection, cached_bases, protect_lora_layers

log = logging.getLogger(__name__)


@dataclass
class TrainReport:
    steps: int
    losses: list[float]
    seconds: float
    tokens: int
    epochs: int = 0
    """Epochs completed (fewer than asked when ``on_epoch`` stopped training early)."""

    @property
    def final_loss(self) -> float:
        return self.losses[-1] if self.losses else float("nan")

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


class _StepRecorder(TrainingCallback):
    """Collect the loss of every step, pass it on, and run the end-of-epoch check."""

    def __init__(self, total: int, per_epoch: int,
                 on_step: Callable[[int, int, float], None] | None,
                 on_epoch: Callable[[int], bool] | None):
        self.total, self.per_epoch = total, per_epoch
        self.on_step, self.on_epoch = on_step, on_epoch
        self.losses: list[float] = []
        self.tokens = 0
        self.epochs = 0
        self.stop = False

    def on_train_loss_report(self, info: dict) -> None:
        step = int(info["iteration"])
        self.losses.append(float(info["train_loss"]))
        self.tokens = int(info["trained_tokens"])
        if self.on_step is not None:
            self.on_step(step, self.total, float(info["train_loss"]))
        if step % self.per_epoch == 0:
            self.epochs = step // self.per_epoch
            if self.on_epoch is not None and self.epochs < self.total // self.per_epoch:
                self.stop = bool(self.on_epoch(self.epochs))


def make_dataset(loaded: LoadedModel, examples: list[dict], mask_prompt: bool) -> CacheDataset:
    # mlx-lm annotates a transformers tokenizer here but passes its TokenizerWrapper too.
    chat = ChatDataset(examples, loaded.tokenizer,  # type: ignore[arg-type]
                       mask_prompt=mask_prompt)
    return CacheDataset(chat)


def attach_lora(loaded: LoadedModel, cfg: LoraConfig) -> None:
    """Freeze the model and give its last ``cfg.layers`` blocks LoRA layers."""
    mx.random.seed(cfg.seed)
    loaded.model.freeze()
    linear_to_lora_layers(loaded.model, cfg.layers, cfg.lora_parameters())


def save_adapter_config(cfg: LoraConfig, adapter_dir: Path) -> None:
    config = {
        "fine_tune_type": "lora",
        "num_layers": cfg.layers,
        "lora_parameters": cfg.lora_parameters(),
        "sleepllm": cfg.to_dict(),
    }
    (adapter_dir / ADAPTER_CONFIG).write_text(json.dumps(config, indent=2))


def adapter_matches(adapter_dir: Path, cfg: LoraConfig) -> bool:
    """Whether ``adapter_dir`` holds an adapter of ``cfg``'s shape (layers, rank, scale),
    so its weights can start training under ``cfg``."""
    try:
        config = json.loads((adapter_dir / ADAPTER_CONFIG).read_text())
    except (OSError, ValueError):
        return False
    return (config.get("num_layers") == cfg.layers
            and config.get("lora_parameters") == cfg.lora_parameters()
            and (adapter_dir / ADAPTER_WEIGHTS).is_file())


def make_batch_iterator(wait: Callable[[], None] | None, seed: int,
                        extra: Callable[[], tuple] | None = None,
                        stop: Callable[[], bool] | None = None,
                        prefix: PrefixCache | None = None):
    """mlx-lm's batch iterator, trimmed of surplus padding, optionally pausing before each batch.

    Each batch is ``(inputs, tokens, positions, weights, *extra())`` (see
    :mod:`mlx_core.distill`): ``inputs`` are the tokens the model reads, or their hidden
    states from ``prefix``; ``positions`` are the ones mlx-lm's masked loss trains on.

    mlx-lm pads every batch to one plus a multiple of 32 tokens; chat pairs about
    a user are ~40 tokens, so up to 40% of each step was padding. Trimming to a
    multiple of 8 keeps the number of compiled shapes small. ``wait()`` lets
    training yield the CPU to chat requests; ``extra()`` (anchor rows for the
    distillation loss) is appended to every batch; once ``stop()`` is true no
    more batches come, which ends mlx-lm's training loop early.
    """

    def batches(dataset, batch_size, max_seq_length, loop=False, comm_group=None, **kw):
        for batch, lengths in iterate_batches(dataset, batch_size, max_seq_length, loop=loop,
                                              seed=seed, comm_group=comm_group):
            longest = int(mx.max(lengths[:, 1]).item())  # type: ignore[arg-type]  # int array
            width = min(batch.shape[1], 1 + 8 * math.ceil(longest / 8))
            if stop is not None and stop():
                return
            if wait is not None:
                wait()
            batch = batch[:, :width]
            starts, ends = np.array(lengths).T.tolist()
            if prefix is None:
                inputs = batch[:, :-1]
            else:
                inputs = prefix.inputs([row[:end] for row, end in zip(np.array(batch), ends,
                                                                      strict=True)], width - 1)
            # mlx-lm's mask: position j (predicting token j + 1) from the reply's first
            # token to the row's last, which predicts the padding after it.
            positions, weights = trained_positions([max(s - 1, 0) for s in starts], ends)
            yield (inputs, batch, mx.array(positions), mx.array(weights)) + (
                extra() if extra is not None else ())

    return batches


def train_adapter(
    loaded: LoadedModel,
    examples: list[dict],
    cfg: LoraConfig,
    adapter_dir: Path,
    on_step: Callable[[int, int, float], None] | None = None,
    wait: Callable[[], None] | None = None,
    anchors: list[dict] | None = None,
    on_epoch: Callable[[int], bool] | None = None,
    teacher_cache: Path | None = None,
    init_adapter: Path | None = None,
) -> TrainReport:
    """Train a LoRA adapter on ``examples`` into ``adapter_dir``; the model keeps its LoRA layers.

    ``on_step(step, total, loss)`` is called after every step; ``wait()`` before
    every batch (it may block, e.g. while chat requests are being answered).
    ``anchors`` (chat examples: everyday prompts with the base model's own replies)
    turn on the distillation loss of :mod:`mlx_core.distill` at ``cfg.anchor_weight``
    and the null-space protection of :mod:`mlx_core.protect` at ``cfg.protect_energy``;
    the base model's distributions over them (and the protected subspaces, next to
    it) are kept in ``teacher_cache`` if given.
    ``init_adapter`` (an adapter folder this function wrote with the same layers, rank
    and scale: see :func:`adapter_matches`) is where training starts instead of a fresh
    adapter: a night learns its new facts on top of the served ones.
    ``on_epoch(epoch)`` runs after each epoch but the last, in eval mode; returning
    True ends training there.
    """
    if not examples:
        raise ValueError("no training examples")
    adapter_dir.mkdir(parents=True, exist_ok=True)
    batch_size = min(cfg.batch_size, len(examples))
    per_epoch = max(1, math.ceil(len(examples) / batch_size))
    steps = per_epoch * cfg.epochs
    teacher = None
    if anchors and (cfg.anchor_weight > 0 or cfg.protect_energy > 0):
        # Before LoRA is attached: the base model's distributions.
        teacher = cached_teacher(loaded, anchors, cfg.anchor_top_k, teacher_cache)
    attach_lora(loaded, cfg)
    if teacher and cfg.protect_energy > 0:
        bases = cached_bases(loaded.model, teacher, cfg.protect_energy,
                             _bases_path(teacher_cache, cfg))
        protect_lora_layers(loaded.model, bases)
    if init_adapter is not None:
        # A saved adapter is baked (its input matrix already outside the protected
        # subspace), so projecting the inputs again changes nothing it computes.
        loaded.model.load_weights(str(init_adapter / ADAPTER_WEIGHTS), strict=False)
    save_adapter_config(cfg, adapter_dir)
    dataset = make_dataset(loaded, examples, cfg.mask_prompt)
    prefix = make_prefix(loaded, cfg, teacher if cfg.anchor_weight > 0 else None, teacher_cache,
                         [dataset[i][0][:cfg.max_seq_length] for i in range(len(dataset))])
    loss, extra = make_loss(cfg, teacher, prefix)
    args = TrainingArgs(
        batch_size=batch_size, iters=steps, steps_per_report=1, steps_per_eval=steps + 1,
        steps_per_save=steps + 1, max_seq_length=cfg.max_seq_length,
        adapter_file=str(adapter_dir / ADAPTER_WEIGHTS),
    )
    recorder = _StepRecorder(steps, per_epoch, on_step, _in_eval_mode(loaded, on_epoch))
    tic = time.perf_counter()
    train(
        model=loaded.model,
        optimizer=optim.Adam(learning_rate=cfg.learning_rate),
        train_dataset=dataset,
        args=args,
        loss=loss,
        iterate_batches=make_batch_iterator(wait, cfg.seed, extra, lambda: recorder.stop,
                                            prefix),
        training_callback=recorder,
    )
    seconds = time.perf_counter() - tic
    save_adapter_weights(loaded, adapter_dir)
    loaded.model.eval()
    return TrainReport(len(recorder.losses), recorder.losses, seconds, recorder.tokens,
                       recorder.epochs)


def make_loss(cfg: LoraConfig, teacher: list[TeacherRow] | None, prefix: PrefixCache | None
              ) -> tuple[Callable, Callable[[], tuple] | None]:
    """The training loss and what each batch appends for it (the anchor rows, when the
    distillation loss is on); the model read above the frozen blocks when ``prefix``."""
    forward: Forward = whole_model
    if prefix is not None:
        start = prefix.start

        def forward(model, hidden, positions):
            states = mx.take_along_axis(top_hidden(model, start, hidden), positions[..., None],
                                        axis=1)
            return head_logits(model, states)

    if teacher and cfg.anchor_weight > 0:
        return make_distill_loss(cfg.anchor_weight, forward), AnchorBatches(
            teacher, cfg.anchor_batch, cfg.seed, None if prefix is None else prefix.inputs)
    return make_fact_loss(forward), None


def make_prefix(loaded: LoadedModel, cfg: LoraConfig, teacher: list[TeacherRow] | None,
                teacher_cache: Path | None, sequences: list[list[int]]) -> PrefixCache | None:
    """The frozen blocks' hidden states for ``sequences`` and the anchors (the anchors'
    kept beside the teacher: the base model and anchors rarely change), or None when the
    model cannot be split (see :mod:`mlx_core.prefix`). After :func:`attach_lora`."""
    start = prefix_start(loaded.model, cfg.layers)
    probe = next((s for s in sequences if len(s) > 1), None)
    if start is None or probe is None or not prefix_matches(loaded.model, start, probe):
        return None
    prefix = PrefixCache(loaded.model, start)
    if teacher:
        path = _prefix_path(teacher_cache, start)
        if path is not None and path.is_file():
            prefix.load(path)
        before = len(prefix.rows)
        prefix.fill([row.tokens for row in teacher])
        if path is not None and len(prefix.rows) > before:
            try:  # only the anchors: the user's own examples are never written here
                prefix.save(path)
            except OSError as exc:  # a full disk costs time next sleep, nothing else
                log.warning("could not cache the frozen-prefix states in %s: %s", path, exc)
    prefix.fill(sequences)
    return prefix


def warm_teacher(loaded: LoadedModel, anchors: list[dict], cfg: LoraConfig,
                 teacher_cache: Path) -> None:
    """Fill ``teacher_cache`` (and the protected subspaces and frozen-prefix states next to
    it) as :func:`train_adapter` would, without training; ``loaded`` keeps LoRA layers after."""
    if not anchors or (cfg.anchor_weight <= 0 and cfg.protect_energy <= 0):
        return
    teacher = cached_teacher(loaded, anchors, cfg.anchor_top_k, teacher_cache)
    if not teacher:
        return
    attach_lora(loaded, cfg)
    if cfg.protect_energy > 0:
        cached_bases(loaded.model, teacher, cfg.protect_energy, _bases_path(teacher_cache, cfg))
    if cfg.anchor_weight > 0:
        make_prefix(loaded, cfg, teacher, teacher_cache, [teacher[0].tokens])


def _bases_path(teacher_cache: Path | None, cfg: LoraConfig) -> Path | None:
    if teacher_cache is None:
        return None
    return teacher_cache.with_name(
        f"{teacher_cache.stem}-protect-l{cfg.layers}-e{cfg.protect_energy:g}.npz")


def _prefix_path(teacher_cache: Path | None, start: int) -> Path | None:
    if teacher_cache is None:
        return None
    return teacher_cache.with_name(f"{teacher_cache.stem}-prefix-s{start}.npz")


def _in_eval_mode(loaded: LoadedModel, on_epoch: Callable[[int], bool] | None):
    if on_epoch is None:
        return None

    def check(epoch: int) -> bool:
        loaded.model.eval()
        try:
            return on_epoch(epoch)
        finally:
            loaded.model.train()

    return check


def save_adapter_weights(loaded: LoadedModel, adapter_dir: Path) -> Path:
    path = adapter_dir / ADAPTER_WEIGHTS
    bake_protection(loaded.model)  # a plain mlx-lm adapter on disk
    mx.save_safetensors(str(path), dict(tree_flatten(loaded.model.trainable_parameters())))
    return path
