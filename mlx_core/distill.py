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

A step's batch is ``(inputs, tokens, positions, weights, *anchor batch)``: ``inputs`` is
what the model reads (the tokens, or the hidden states of :mod:`mlx_core.prefix`),
``forward`` maps it to logits at ``positions`` only (the trained ones: the head over a
49k-token vocabulary is the costliest layer of a small model, and most positions are
prompt), and ``tokens`` are mlx-lm's padded batch, whose next tokens are the targets.
"""

from __future__ import annotations

import logging
import math
import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlx.core as mx
import mlx.nn as nn
import numpy as np
from mlx_lm.tuner.datasets import CacheDataset, ChatDataset

from .loader import LoadedModel

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
    """Padded anchor batches, a fresh seeded sample of ``per_step`` rows each call:
    ``(inputs, positions, ids, probs, weights)``, the model reading each row's tokens (or
    ``hidden(rows' tokens, width)``, their hidden states, when given: see
    :class:`mlx_core.prefix.PrefixCache`) and the teacher's targets at the reply's
    positions (see :func:`trained_positions`)."""

    def __init__(self, rows: list[TeacherRow], per_step: int = 4, seed: int = 0,
                 hidden: Callable[[Sequence[Sequence[int]], int], mx.array] | None = None):
        if not rows:
            raise ValueError("no anchor conversations to distill from")
        self.rows, self.per_step = rows, min(per_step, len(rows))
        self.rng = random.Random(seed)
        self.hidden = hidden

    def __call__(self) -> tuple[mx.array, ...]:
        picked = self.rng.sample(self.rows, self.per_step)
        width = PAD_MULTIPLE * math.ceil(max(len(r.tokens) - 1 for r in picked) / PAD_MULTIPLE)
        tokens = np.zeros((len(picked), width + 1), np.int32)
        for i, row in enumerate(picked):
            tokens[i, :len(row.tokens)] = row.tokens
        if self.hidden is not None:
            inputs = self.hidden([r.tokens for r in picked], width)
        else:
            inputs = mx.array(tokens[:, :-1])
        # Position j predicts token j + 1: the reply's tokens, as in mlx-lm's masked loss.
        positions, weights = trained_positions(
            [max(r.offset - 1, 0) for r in picked], [len(r.tokens) - 1 for r in picked])
        k = picked[0].ids.shape[1]
        ids = np.zeros(positions.shape + (k,), np.int32)
        probs = np.zeros(positions.shape + (k,), np.float32)
        for i, row in enumerate(picked):
            at = positions[i, weights[i] > 0]
            ids[i, :len(at)], probs[i, :len(at)] = row.ids[at], row.probs[at]
        return (inputs, mx.array(positions), mx.array(ids), mx.array(probs), mx.array(weights))


def trained_positions(starts: list[int], ends: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's positions ``starts[i]`` to ``ends[i] - 1`` as a (rows, R) index array,
    R a multiple of PAD_MULTIPLE; padded with position 0 at weight 0."""
    width = PAD_MULTIPLE * max(1, math.ceil(max(e - s for s, e in zip(starts, ends,
                                                                      strict=True))
                                            / PAD_MULTIPLE))
    positions = np.zeros((len(starts), width), np.int32)
    weights = np.zeros((len(starts), width), np.float32)
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        positions[i, :end - start] = np.arange(start, end)
        weights[i, :end - start] = 1.0
    return positions, weights


Forward = Callable[[Any, mx.array, mx.array], mx.array]
"""``forward(model, inputs, positions) -> logits`` at ``positions`` (rows, R) only."""


def whole_model(model, inputs: mx.array, positions: mx.array) -> mx.array:
    """The forward of a batch of tokens through the model itself."""
    return mx.take_along_axis(model(inputs), positions[..., None], axis=1)


def make_fact_loss(forward: Forward = whole_model):
    """A loss for mlx-lm's ``train(loss=...)``: the cross-entropy of the next token at the
    trained positions (mlx-lm's masked loss, over the same positions: from the reply's
    first token to one past the row's last)."""

    def loss(model, inputs, batch, positions, weights):
        logits = forward(model, inputs, positions)
        targets = mx.take_along_axis(batch[:, 1:], positions, axis=1)
        ce = nn.losses.cross_entropy(logits, targets) * weights
        ntoks = weights.sum()
        return ce.astype(mx.float32).sum() / ntoks, ntoks

    return loss


def make_distill_loss(weight: float, forward: Forward = whole_model):
    """:func:`make_fact_loss` plus ``weight`` times the cross-entropy against the teacher's
    soft targets on the anchor rows appended to the batch."""
    facts = make_fact_loss(forward)

    def loss(model, inputs, batch, positions, weights, a_inputs, a_positions, a_ids, a_probs,
             a_mask):
        ce, ntoks = facts(model, inputs, batch, positions, weights)
        logits = forward(model, a_inputs, a_positions).astype(mx.float32)
        logprobs = logits - mx.logsumexp(logits, axis=-1, keepdims=True)
        picked = mx.take_along_axis(logprobs, a_ids, axis=-1)
        soft = -(a_probs * picked).sum(axis=-1) * a_mask
        return ce + weight * soft.sum() / mx.maximum(a_mask.sum(), 1.0), ntoks

    return loss
