"""Training above the frozen blocks gives the same steps as training through the whole model.

Hermetic: tiny random llamas built in-process (tests/tiny.py).

    .venv/bin/python -m pytest tests/mlx_core/test_prefix.py -q
"""

from __future__ import annotations

import logging

import mlx_core.train as train_mod
from mlx_core.distill import make_teacher
from mlx_core.lora_config import LoraConfig
from mlx_core.prefix import PrefixCache, prefix_hidden, prefix_matches, prefix_start, top_logits
from mlx_core.train import train_adapter

import mlx.core as mx
import mlx.nn as nn
import numpy as np
import pytest
from mlx.utils import tree_flatten
from mlx_lm.models import llama

from tests.mlx_core.test_distill import FACTS, _anchors
from tests.tiny import make_tiny, model_args

TOKENS = [[1, 5, 6, 7, 8, 2], [1, 9, 10, 2], [1, 5, 6, 7, 8, 9, 10, 11, 12, 2]]


def _cfg(**kw) -> LoraConfig:
    base = dict(layers=2, epochs=3, scale=2.0, learning_rate=3e-3, batch_size=2,
                anchor_batch=3, protect_energy=0.0, anchor_weight=0.0)
    base.update(kw)
    return LoraConfig(**base)


@pytest.mark.parametrize("tied", [True, False])
def test_split_model_gives_the_whole_models_logits(tied):
    mx.random.seed(1)
    args = model_args(40)
    args.tie_word_embeddings = tied
    model = llama.Model(args)
    x = mx.array([TOKENS[2]])
    whole = model(x)
    for start in (1, 2, 3):
        split = top_logits(model, start, prefix_hidden(model, start, x))
        assert np.allclose(np.array(whole), np.array(split), atol=1e-5)
        assert prefix_matches(model, start, TOKENS[2])


def test_start_is_the_first_adapted_block_or_none():
    model = llama.Model(model_args(40))
    assert prefix_start(model, 1) == 3 and prefix_start(model, 3) == 1
    assert prefix_start(model, 4) is None and prefix_start(model, 10) is None
    assert prefix_start(nn.Linear(4, 4), 2) is None  # not a model this split knows


def test_cached_rows_are_the_padded_batch_rows(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    cache = PrefixCache(loaded.model, 2, batch_size=2)
    cache.fill(TOKENS)
    assert len(cache.rows) == 3
    h = cache.inputs([TOKENS[1], TOKENS[0]], 8)
    alone = prefix_hidden(loaded.model, 2, mx.array([TOKENS[0]]))[0]
    assert h.shape == (2, 8, 32)
    assert np.allclose(np.array(h[1, :6]), np.array(alone), atol=1e-5)
    assert not np.any(np.array(h[0, 4:]))  # zero past the row's end
    cache.save(tmp_path / "p.npz")
    again = PrefixCache(loaded.model, 2)
    assert again.load(tmp_path / "p.npz")
    assert all(np.array_equal(again.rows[k], v) for k, v in cache.rows.items())
    (tmp_path / "bad.npz").write_bytes(b"not a cache")
    assert not PrefixCache(loaded.model, 2).load(tmp_path / "bad.npz")


def _train(tmp_path, name, monkeypatch, split: bool, **kw):
    loaded = make_tiny(tmp_path / name)
    if not split:
        monkeypatch.setattr(train_mod, "prefix_start", lambda model, layers: None)
    anchors = _anchors(loaded) if kw.get("anchor_weight") else None
    report = train_adapter(loaded, FACTS * 2, _cfg(**kw), tmp_path / f"a-{name}",
                           anchors=anchors, teacher_cache=tmp_path / f"t-{name}.npz")
    monkeypatch.undo()
    weights = dict(tree_flatten(loaded.model.trainable_parameters()))
    return report, weights


@pytest.mark.parametrize("anchor_weight", [0.0, 1.0])
def test_training_above_the_frozen_blocks_is_the_same_training(tmp_path, monkeypatch,
                                                               anchor_weight):
    whole, w_whole = _train(tmp_path, "whole", monkeypatch, False, anchor_weight=anchor_weight)
    split, w_split = _train(tmp_path, "split", monkeypatch, True, anchor_weight=anchor_weight)
    assert whole.steps == split.steps == 9
    assert np.allclose(whole.losses, split.losses, rtol=1e-4, atol=1e-5)
    assert whole.losses[-1] < whole.losses[0]  # it did learn
    assert w_whole.keys() == w_split.keys()
    for key, value in w_whole.items():
        assert np.allclose(np.array(value), np.array(w_split[key]), atol=1e-4), key
    # The anchors' states are kept beside the teacher; the user's examples are not.
    saved = list(tmp_path.glob("t-split-prefix-s2.npz"))
    assert len(saved) == (1 if anchor_weight else 0)
    if saved:
        cache = PrefixCache(make_tiny(tmp_path / "again").model, 2)
        assert cache.load(saved[0])
        assert len(cache.rows) == len({tuple(r) for r in _anchor_tokens(tmp_path)})


def _anchor_tokens(tmp_path) -> list[list[int]]:
    loaded = make_tiny(tmp_path / "tok")
    return [row.tokens for row in make_teacher(loaded, _anchors(loaded))]


class _Scaled(nn.Module):
    """A model whose whole forward differs from its blocks' (as a scaled embedding would)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.model = inner.model

    @property
    def layers(self):
        return self.inner.layers

    def __call__(self, inputs, cache=None):
        return 2.0 * self.inner(inputs, cache)


def test_a_model_the_split_does_not_match_trains_through_the_whole_model(tmp_path, caplog):
    loaded = make_tiny(tmp_path / "m")
    loaded.model = _Scaled(loaded.model)
    assert not prefix_matches(loaded.model, 2, TOKENS[0])
    with caplog.at_level(logging.WARNING, logger="mlx_core.prefix"):
        report = train_adapter(loaded, FACTS, _cfg(epochs=2), tmp_path / "a")
    assert report.steps == 4 and "whole model" in caplog.text


def test_the_loss_over_the_trained_positions_is_mlx_lms_masked_loss(tmp_path):
    from mlx_core.distill import make_fact_loss
    from mlx_core.train import make_batch_iterator, make_dataset

    from mlx_lm.tuner.trainer import default_loss, iterate_batches

    loaded = make_tiny(tmp_path / "m")
    data = make_dataset(loaded, FACTS * 2, mask_prompt=True)
    ours = make_batch_iterator(None, seed=0)(data, 2, 512)
    theirs = iterate_batches(data, 2, 512, seed=0)
    for _ in range(3):
        inputs, tokens, positions, weights = next(ours)
        ce, count = make_fact_loss()(loaded.model, inputs, tokens, positions, weights)
        ref, ref_count = default_loss(loaded.model, *next(theirs))
        assert int(count.item()) == int(ref_count.item()) > 0
        assert abs(ce.item() - ref.item()) < 1e-5
