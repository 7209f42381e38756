"""Training from a saved adapter (a night on top of the served one), on a tiny random model.

    .venv/bin/python -m pytest tests/mlx_core/test_train.py
"""

from __future__ import annotations

from dataclasses import replace

from mlx_core.adapter import ADAPTER_WEIGHTS
from mlx_core.lora_config import LoraConfig
from mlx_core.train import adapter_matches, train_adapter

import mlx.core as mx
import numpy as np

from tests.mlx_core.test_distill import FACTS, _anchors
from tests.tiny import make_tiny

CFG = LoraConfig(layers=2, rank=4, epochs=2, scale=2.0, learning_rate=1e-3, batch_size=2,
                 anchor_weight=1.0, protect_energy=0.9)


def _weights(adapter) -> dict[str, np.ndarray]:
    return {k: np.array(v) for k, v in mx.load(str(adapter / ADAPTER_WEIGHTS)).items()}


def test_training_starts_from_the_given_adapter(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    anchors = _anchors(loaded)
    first = tmp_path / "first"
    train_adapter(loaded, FACTS, CFG, first, anchors=anchors)
    saved = _weights(first)
    assert any(np.abs(v).max() > 0 for k, v in saved.items() if "lora_b" in k)

    # No learning: the adapter written is the one training started from.
    still = tmp_path / "still"
    train_adapter(make_tiny(tmp_path / "m2"), FACTS[:1], replace(CFG, learning_rate=0.0),
                  still, anchors=anchors, init_adapter=first)
    kept = _weights(still)
    assert kept.keys() == saved.keys()
    for key, value in saved.items():
        assert np.allclose(kept[key], value, atol=1e-6), key

    # Without it, training starts afresh (lora_b at zero).
    fresh = tmp_path / "fresh"
    train_adapter(make_tiny(tmp_path / "m3"), FACTS[:1], replace(CFG, learning_rate=0.0),
                  fresh, anchors=anchors)
    assert all(np.abs(v).max() == 0 for k, v in _weights(fresh).items() if "lora_b" in k)


def test_adapter_matches_only_its_own_shape(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    adapter = tmp_path / "a"
    train_adapter(loaded, FACTS, replace(CFG, epochs=1, anchor_weight=0.0, protect_energy=0.0),
                  adapter)
    assert adapter_matches(adapter, CFG)
    assert adapter_matches(adapter, replace(CFG, learning_rate=5e-5, epochs=9))
    assert not adapter_matches(adapter, replace(CFG, rank=8))
    assert not adapter_matches(adapter, replace(CFG, layers=3))
    assert not adapter_matches(tmp_path / "missing", CFG)
    (adapter / ADAPTER_WEIGHTS).unlink()
    assert not adapter_matches(adapter, CFG)
