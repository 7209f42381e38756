"""Keep a model's everyday answers while LoRA teaches it new facts (self-distillation).

Before training, the frozen base model reads a set of anchor conversations
(everyday prompts with its own replies) and its next-token distributions are
kept, top ``k`` per position. During training every step adds a second term
to the loss: the cross-entropy of the adapted model against those soft
targets on a few anchor conversations. Matching distributions, not just the
replayed text, is what raised the share of its general benchmark the embedded
135M model kept while learning a persona from 0.55-0.70 (the base's replies
replayed as plain training text) to 0.77-0.90; :mod:`mlx_core.protect` adds to it.

    teacher = make_teacher(loaded, anchor_examples, top_k=32)      # before attach_lora
    loss = make_distill_loss(weight=1.0)
    batches = AnchorBatches(teacher, per_step=4, seed=0)           # appended to each batch

A step's batch is ``(inputs, tokens, lengths, *anchor batch)``: ``inputs`` is what the
model reads (the tokens, or the hidden states of :mod:`mlx_core.prefix`), ``forward``
maps it to logits, and ``tokens``/``lengths`` are mlx-lm's batch for the targets.
"""

from __future__ import annotations

import logging
import math
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import mlx.core as mx
import numpy as np
from mlx_lm.tuner.datasets import CacheDataset, ChatDataset
from mlx_lm.tuner.trainer import default_loss

from .loader import LoadedModel

if TYPE_CHECKING:  # prefix imports this module's save_npz
    from .prefix import PrefixCache

log = logging.getLogger(__name__)

# Width of a padded anchor batch is a multiple of this (few compiled shapes).
PAD_MULTIPLE = 8


@dataclass
class TeacherRow:
    tokens: list[int]
    offset: int  # first position of the reply (earlier ones are the prompt)
    ids: np.ndarray  # (len - 1, k) token ids of the base model's top-k next tokens
    probs: np.ndarray  # (len - 1, k) their probabilities, renormalized over the k


def make_teacher(loaded: LoadedModel, examples: list[dict], top_k: int = 32,
                 batch_size: int = 4) -> list[TeacherRow]:
    """The base model's top-``top_k`` next-token distributions over each anchor conversation.

    Call before LoRA layers are attached (or while their B matrices are still zero).
    Conversations are read in small right-padded batches (a causal model's outputs at
    a position do not depend on the padding after it); each batch's full-vocabulary
    logits are a transient ~60 MB per row on a 49k-token vocabulary, so batches stay small.
    """
    # mlx-lm annotates a transformers tokenizer here but passes its TokenizerWrapper too.
    chat = ChatDataset(examples, loaded.tokenizer, mask_prompt=True)  # type: ignore[arg-type]
    data = CacheDataset(chat)
    items = [data[i] for i in range(len(data))]
    items = sorted((it for it in items if len(it[0]) >= 2 and it[1] < len(it[0])),
                   key=lambda it: len(it[0]))
    rows = []
    for start in range(0, len(items), batch_size):
        chunk = items[start:start + batch_size]
        width = max(len(tokens) for tokens, _ in chunk) - 1
        inputs = mx.stack([mx.pad(mx.array(tokens[:-1]), (0, width - len(tokens) + 1))
                           for tokens, _ in chunk])
        logits = loaded.model(inputs).astype(mx.float32)
        k = min(top_k, logits.shape[-1])
        ids = mx.argpartition(-logits, k - 1, axis=-1)[..., :k]
        probs = mx.softmax(mx.take_along_axis(logits, ids, axis=-1), axis=-1)
        mx.eval(ids, probs)
        # Copied out: a slice of ``ids`` would keep the whole batch's vocabulary-sized
        # argpartition buffer alive (2.5 GB for ~130 anchors).
        ids_np, probs_np = np.array(ids), np.array(probs)
        for j, (tokens, offset) in enumerate(chunk):
            n = len(tokens) - 1
            rows.append(TeacherRow(list(tokens), int(offset), ids_np[j, :n].copy(),
                                   probs_np[j, :n].copy()))
    return rows


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """``np.savez`` through a temporary file, so a reader never sees half a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(tmp, **arrays)  # type: ignore[arg-type]  # numpy: a key could be allow_pickle
    tmp.replace(path)


def save_teacher(rows: list[TeacherRow], path: Path) -> None:
    """Write teacher rows to ``path`` (.npz)."""
    save_npz(path, tokens=np.concatenate([np.array(r.tokens, np.int32) for r in rows]),
             lengths=np.array([len(r.tokens) for r in rows], np.int32),
             offsets=np.array([r.offset for r in rows], np.int32),
             ids=np.concatenate([r.ids for r in rows]),
             probs=np.concatenate([r.probs for r in rows]))


def load_teacher(path: Path) -> list[TeacherRow]:
    """Teacher rows saved by :func:`save_teacher`."""
    with np.load(path) as data:
        tokens, ids, probs = data["tokens"], data["ids"], data["probs"]
        rows, at, pos = [], 0, 0
        for length, offset in zip(data["lengths"].tolist(), data["offsets"].tolist(),
                                  strict=True):
            n = length - 1
            rows.append(TeacherRow(tokens[at:at + length].tolist(), offset,
                                   ids[pos:pos + n], probs[pos:pos + n]))
            at, pos = at + length, pos + n
    if not rows or pos != len(ids) or at != len(tokens):
        raise ValueError(f"inconsistent teacher file {path}")
    return rows


def cached_teacher(loaded: LoadedModel, examples: list[dict], top_k: int,
                   path: Path | None) -> list[TeacherRow]:
    """:func:`make_teacher`, kept in ``path``: the base model and anchors rarely change,
    and reading ~130 anchors took ~35 s of every sleep on a 2-core CPU."""
    if path is not None and path.is_file():
        try:
            return load_teacher(path)
        except (OSError, ValueError, KeyError) as exc:  # damaged: compute it again
            log.warning("ignoring teacher cache %s: %s", path, exc)
    rows = make_teacher(loaded, examples, top_k)
    if path is not None and rows:
        try:
            save_teacher(rows, path)
        except OSError as exc:  # a full disk costs time next sleep, nothing else
            log.warning("could not cache the teacher in %s: %s", path, exc)
    return rows


class AnchorBatches:
    """Padded anchor batches, a fresh seeded sample of ``per_step`` rows each call; the
    model reads each row's tokens, or its hidden states from ``prefix`` when given."""

    def __init__(self, rows: list[TeacherRow], per_step: int = 4, seed: int = 0,
                 prefix: PrefixCache | None = None):
        if not rows:
            raise ValueError("no anchor conversations to distill from")
        self.rows, self.per_step = rows, min(per_step, len(rows))
        self.rng = random.Random(seed)
        self.prefix = prefix

    def __call__(self) -> tuple[mx.array, mx.array, mx.array, mx.array]:
        picked = self.rng.sample(self.rows, self.per_step)
        width = PAD_MULTIPLE * math.ceil(max(len(r.tokens) - 1 for r in picked) / PAD_MULTIPLE)
        k = picked[0].ids.shape[1]
        tokens = np.zeros((len(picked), width + 1), np.int32)
        ids = np.zeros((len(picked), width, k), np.int32)
        probs = np.zeros((len(picked), width, k), np.float32)
        masks = np.zeros((len(picked), width), np.float32)
        for i, row in enumerate(picked):
            n = len(row.tokens) - 1
            tokens[i, :n + 1] = row.tokens
            ids[i, :n], probs[i, :n] = row.ids, row.probs
            # Position j predicts token j + 1: the reply's tokens, as in mlx-lm's masked loss.
            masks[i, max(row.offset - 1, 0):n] = 1.0
        if self.prefix is not None:
            inputs = self.prefix.inputs([r.tokens for r in picked], width)
        else:
            inputs = mx.array(tokens[:, :-1])
        return inputs, mx.array(ids), mx.array(probs), mx.array(masks)


Forward = Callable[..., mx.array]
"""``forward(model, inputs) -> logits``."""


def whole_model(model, inputs: mx.array) -> mx.array:
    """The forward of a batch of tokens: the model itself."""
    return model(inputs)


def make_fact_loss(forward: Forward = whole_model):
    """A loss for mlx-lm's ``train(loss=...)``: mlx-lm's masked cross-entropy on the facts,
    the logits from ``forward``."""

    def loss(model, inputs, batch, lengths):
        # default_loss calls its first argument on the tokens; it gets the logits instead.
        return default_loss(lambda _tokens: forward(model, inputs), batch, lengths)

    return loss


def make_distill_loss(weight: float, forward: Forward = whole_model):
    """:func:`make_fact_loss` plus ``weight`` times the cross-entropy against the teacher's
    soft targets on the anchor rows appended to the batch."""
    facts = make_fact_loss(forward)

    def loss(model, inputs, batch, lengths, a_inputs, a_ids, a_probs, a_mask):
        ce, ntoks = facts(model, inputs, batch, lengths)
        logits = forward(model, a_inputs).astype(mx.float32)
        logprobs = logits - mx.logsumexp(logits, axis=-1, keepdims=True)
        picked = mx.take_along_axis(logprobs, a_ids, axis=-1)
        soft = -(a_probs * picked).sum(axis=-1) * a_mask
        return ce + weight * soft.sum() / mx.maximum(a_mask.sum(), 1.0), ntoks

    return loss
