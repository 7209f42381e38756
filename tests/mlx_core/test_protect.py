"""Null-space protection: the adapter cannot read the anchors' input directions, the
anchors' answers stay put while facts are learned, and the saved adapter is plain mlx-lm.

Hermetic: a tiny random llama built in-process (tests/tiny.py).

    .venv/bin/python -m pytest tests/mlx_core/test_protect.py -q
"""

from __future__ import annotations

from mlx_core.distill import make_teacher
from mlx_core.lora_config import LoraConfig
from mlx_core.protect import (
    ProtectedLoRALinear,
    cached_bases,
    make_bases,
    principal_basis,
    protect_lora_layers,
)
from mlx_core.train import attach_lora, train_adapter

import mlx.core as mx
import numpy as np
import pytest

from tests.mlx_core.test_distill import FACTS, _anchors, _drift
from tests.tiny import make_tiny


def test_principal_basis_keeps_the_asked_energy():
    # Energy 10, 5, 3, 1.5, 0.5 (share 0.5, 0.75, 0.9, 0.975, 1.0) along a rotated basis.
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    gram = q @ np.diag([10.0, 5.0, 3.0, 1.5, 0.5]) @ q.T
    for energy, k in [(0.4, 1), (0.7, 2), (0.85, 3), (0.95, 4)]:
        basis = principal_basis(gram, energy)
        assert basis.shape == (5, k)
        assert np.allclose(basis.T @ basis, np.eye(k), atol=1e-5)
        assert np.allclose(np.abs(basis.T @ q[:, :k]), np.eye(k), atol=1e-4)
    with pytest.raises(ValueError, match="between 0 and 1"):
        make_bases(None, [], 1.0)


def test_protected_layer_ignores_inputs_in_the_basis_and_bakes_exactly(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    attach_lora(loaded, LoraConfig(layers=2, rank=4, scale=2.0))
    rows = make_teacher(loaded, _anchors(loaded))
    bases = make_bases(loaded.model, rows, 0.9)
    assert bases and all(0 < b.shape[1] < b.shape[0] for b in bases.values())
    protect_lora_layers(loaded.model, bases)
    name, layer = next((n, m) for n, m in loaded.model.named_modules()
                       if isinstance(m, ProtectedLoRALinear))
    layer.lora_b = mx.random.normal(layer.lora_b.shape)  # a trained-looking update
    basis = mx.array(bases[name])
    inside = mx.random.normal((3, basis.shape[1])) @ basis.T
    outside = mx.random.normal((3, basis.shape[0]))
    assert mx.allclose(layer(inside), layer.linear(inside), atol=1e-4).item()
    assert not mx.allclose(layer(outside), layer.linear(outside), atol=1e-3).item()
    before = layer(outside)
    layer.bake()  # same function; lora_a alone now reads nothing in the basis
    assert mx.allclose(layer(outside), before, atol=1e-4).item()
    assert mx.allclose(basis.T @ layer.lora_a, mx.zeros((basis.shape[1], 4)), atol=1e-4).item()


def _train(tmp_path, energy: float):
    loaded = make_tiny(tmp_path / f"m{energy}")
    anchors = _anchors(loaded)
    rows = make_teacher(loaded, anchors)
    before = _drift(loaded, rows)
    cfg = LoraConfig(layers=4, epochs=10, scale=2.0, learning_rate=1e-3, batch_size=2,
                     anchor_weight=0.0, protect_energy=energy)
    adapter = tmp_path / f"a{energy}"
    train_adapter(loaded, FACTS, cfg, adapter, anchors=anchors)
    from mlx_core.chat import chat

    reply = chat(loaded, [{"role": "user", "content": "where do i live"}], max_tokens=8)
    return loaded, adapter, before, _drift(loaded, rows), reply


def test_protection_holds_anchors_while_facts_are_learned(tmp_path):
    _, _, before, free_drift, free_reply = _train(tmp_path, 0.0)
    _, _, _, held_drift, held_reply = _train(tmp_path, 0.9)
    # Protection alone (no distillation loss): the anchors drift a third as far
    # (measured 1.54 -> 0.50 nats here) and the fact is still learned.
    assert free_drift > before + 0.5
    assert held_drift - before < 0.5 * (free_drift - before), (before, free_drift, held_drift)
    assert "you live in paris" in free_reply
    assert "you live in paris" in held_reply, held_reply


def test_saved_adapter_is_plain_mlx_lm_lora(tmp_path):
    from mlx_lm.tuner.utils import load_adapters

    loaded, adapter, *_ = _train(tmp_path, 0.9)
    fresh = make_tiny(tmp_path / "fresh")  # same seed: the same base weights
    load_adapters(fresh.model, str(adapter))
    fresh.model.eval()
    tokens = mx.array([[1, 5, 6, 7, 8, 2, 1]])
    assert mx.allclose(fresh.model(tokens), loaded.model(tokens), atol=1e-4).item()


def test_bases_cache_round_trips_and_survives_damage(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    attach_lora(loaded, LoraConfig(layers=2, rank=4))
    rows = make_teacher(loaded, _anchors(loaded))
    path = tmp_path / "cache" / "bases.npz"
    made = cached_bases(loaded.model, rows, 0.9, path)
    assert path.is_file()
    again = cached_bases(loaded.model, [], 0.9, path)  # read from disk: no rows needed
    assert set(again) == set(made) and all(np.allclose(again[k], made[k]) for k in made)
    path.write_bytes(b"damaged")
    assert set(cached_bases(loaded.model, rows, 0.9, path)) == set(made)


def test_warming_fills_the_caches_a_training_run_then_reads(tmp_path, monkeypatch):
    import mlx_core.distill as distill
    import mlx_core.protect as protect
    from mlx_core.train import warm_teacher

    # `sleepllm model fetch` warms the caches so the first sleep skips this work.
    cfg = LoraConfig(layers=2, rank=4, epochs=1, anchor_weight=0.5, protect_energy=0.9)
    anchors = _anchors(make_tiny(tmp_path / "a"))
    cache = tmp_path / "cache" / "teacher.npz"
    warm_teacher(make_tiny(tmp_path / "w"), anchors, cfg, cache)
    assert cache.is_file() and list(cache.parent.glob("teacher-protect-*.npz"))

    def recomputed(*_: object, **__: object) -> None:
        raise AssertionError("training recomputed what warming kept")
    monkeypatch.setattr(distill, "make_teacher", recomputed)
    monkeypatch.setattr(protect, "make_bases", recomputed)
    loaded = make_tiny(tmp_path / "t")
    report = train_adapter(loaded, FACTS, cfg, tmp_path / "adapter", anchors=anchors,
                           teacher_cache=cache)
    assert report.steps > 0
