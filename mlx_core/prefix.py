"""Train above the frozen blocks: their output is computed once per token sequence.

LoRA adapts only the last ``layers`` transformer blocks. Everything below the first
adapted block (the embedding and the frozen blocks) sees the same tokens in every
epoch and computes the same hidden states, and no gradient flows through it. So
those hidden states are computed once per training example (and once per anchor
conversation, kept on disk beside the teacher) and each training step runs only the
adapted blocks, the final norm and the head.

    start = prefix_start(model, layers=8)          # 22 on the embedded model's 30 blocks
    cache = PrefixCache(model, start)
    cache.fill(token_rows)                         # before training, batched
    h = cache.inputs(rows, width)                  # (B, width, hidden) for a step
    logits = top_logits(model, start, h)           # == model(tokens)[:, :width]

Supported: models laid out as mlx-lm's Llama family (``model.model.embed_tokens``,
``.layers``, ``.norm``, a tied or separate head) without sliding-window blocks.
:func:`prefix_matches` checks the split against the whole model on one sequence
before training relies on it; anything else trains through the whole model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import mlx.core as mx
import numpy as np
from mlx_lm.models.base import create_attention_mask

from .distill import save_npz

log = logging.getLogger(__name__)

# Split and whole-model logits agree to float32 rounding (attention sums in another
# order); a wrong split (a missed embedding scale, a different block) is off by whole units.
MATCH_TOLERANCE = 1e-3


def prefix_start(model, layers: int) -> int | None:
    """Index of the first adapted block, or None when the split cannot be used here."""
    inner = getattr(model, "model", None)
    blocks = getattr(inner, "layers", None)
    if blocks is None or not hasattr(inner, "embed_tokens") or not hasattr(inner, "norm"):
        return None
    if any(getattr(b, "use_sliding", False) for b in blocks):
        return None  # a second (windowed) mask would be needed
    start = len(blocks) - layers
    return start if 0 < start < len(blocks) else None


def prefix_hidden(model, start: int, tokens: mx.array) -> mx.array:
    """Hidden states entering block ``start`` for ``tokens`` (B, T)."""
    h = model.model.embed_tokens(tokens)
    mask = create_attention_mask(h, None)
    for block in model.model.layers[:start]:
        h = block(h, mask, cache=None)
    return h


def top_hidden(model, start: int, h: mx.array) -> mx.array:
    """The final (normed) hidden states from ``h`` entering block ``start``."""
    mask = create_attention_mask(h, None)
    for block in model.model.layers[start:]:
        h = block(h, mask, cache=None)
    return model.model.norm(h)


def head_logits(model, h: mx.array) -> mx.array:
    """The head (its own, or the tied embedding) on final hidden states."""
    head = getattr(model, "lm_head", None)
    return head(h) if head is not None else model.model.embed_tokens.as_linear(h)


def top_logits(model, start: int, h: mx.array) -> mx.array:
    """Logits from hidden states ``h`` entering block ``start``: the rest of the model."""
    return head_logits(model, top_hidden(model, start, h))


def prefix_matches(model, start: int, tokens: Sequence[int]) -> bool:
    """Whether the split model gives the whole model's logits on ``tokens``."""
    x = mx.array([list(tokens)])
    whole = model(x).astype(mx.float32)
    split = top_logits(model, start, prefix_hidden(model, start, x)).astype(mx.float32)
    scale = max(1.0, float(np.abs(np.array(whole)).max()))
    gap = float(np.abs(np.array(whole - split)).max())
    if gap > MATCH_TOLERANCE * scale:
        log.warning("frozen-prefix split off by %.3g (logit scale %.3g): training through "
                    "the whole model", gap, scale)
        return False
    return True


class PrefixCache:
    """Hidden states entering block ``start``, one array per token sequence."""

    def __init__(self, model, start: int, batch_size: int = 8):
        self.model, self.start, self.batch_size = model, start, batch_size
        self.rows: dict[tuple[int, ...], np.ndarray] = {}
        # The dtype the blocks compute in (bfloat16 on a Mac): rows are kept in float32.
        self.dtype = prefix_hidden(model, start, mx.array([[0]])).dtype

    def fill(self, sequences: Sequence[Sequence[int]]) -> None:
        """Compute the sequences not cached yet, in right-padded batches of similar length
        (a causal model's hidden state at a position ignores the padding after it)."""
        todo = sorted({tuple(s) for s in sequences if s} - self.rows.keys(), key=len)
        for at in range(0, len(todo), self.batch_size):
            chunk = todo[at:at + self.batch_size]
            width = len(chunk[-1])
            batch = np.zeros((len(chunk), width), np.int32)
            for i, seq in enumerate(chunk):
                batch[i, :len(seq)] = seq
            h = prefix_hidden(self.model, self.start, mx.array(batch))
            mx.eval(h)
            # Copied out of the batch's buffer, and in float32: NumPy has no bfloat16.
            out = np.array(h.astype(mx.float32))
            for i, seq in enumerate(chunk):
                self.rows[seq] = out[i, :len(seq)].copy()

    def inputs(self, rows: Sequence[Sequence[int]], width: int) -> mx.array:
        """(B, ``width``, hidden) states for ``rows`` (each given by its unpadded tokens),
        zero past each row's end; every row must have been filled."""
        dims = next(iter(self.rows.values())).shape[1]
        out = np.zeros((len(rows), width, dims), np.float32)
        for i, seq in enumerate(rows):
            h = self.rows[tuple(seq)]
            n = min(len(h), width)
            out[i, :n] = h[:n]
        return mx.array(out).astype(self.dtype)

    def save(self, path: Path) -> None:
        """Write the cached rows to ``path`` (.npz) for :meth:`load`."""
        seqs = list(self.rows)
        save_npz(path, tokens=np.concatenate([np.array(s, np.int32) for s in seqs]),
                 lengths=np.array([len(s) for s in seqs], np.int32),
                 hidden=np.concatenate([self.rows[s] for s in seqs]))

    def load(self, path: Path) -> bool:
        """Add the rows saved in ``path``; False (and nothing added) if it is unreadable."""
        try:
            with np.load(path) as data:
                tokens, lengths, hidden = data["tokens"], data["lengths"], data["hidden"]
        except (OSError, ValueError, KeyError) as exc:
            log.warning("ignoring frozen-prefix cache %s: %s", path, exc)
            return False
        if len(tokens) != int(lengths.sum()) or len(hidden) != len(tokens):
            log.warning("ignoring inconsistent frozen-prefix cache %s", path)
            return False
        at = 0
        for n in lengths.tolist():
            self.rows[tuple(tokens[at:at + n].tolist())] = hidden[at:at + n]
            at += n
        return True
