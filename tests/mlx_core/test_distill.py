"""The distillation loss keeps a model's answers to anchor prompts while it learns facts;
the end-of-epoch checks can stop training early.

Hermetic: a tiny random llama built in-process (tests/tiny.py).

    .venv/bin/python -m pytest tests/mlx_core/test_distill.py -q
"""

from __future__ import annotations

from mlx_core.distill import AnchorBatches, make_teacher
from mlx_core.lora_config import LoraConfig
from mlx_core.train import train_adapter

import mlx.core as mx
import numpy as np

from tests.tiny import make_tiny

FACTS = [
    {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
    for q, a in [("what is my cat name", "your cat is called blue"),
                 ("where do i live", "you live in paris"),
                 ("what is my dog name", "your dog is called red")]
]
ANCHOR_PROMPTS = ["what is the capital of france", "hello", "what is the dog name",
                  "where is paris", "what is green", "is the cat blue"]


def _anchors(loaded) -> list[dict]:
    """The tiny model's own greedy replies to the anchor prompts."""
    from mlx_core.chat import chat

    out = []
    for prompt in ANCHOR_PROMPTS:
        reply = chat(loaded, [{"role": "user", "content": prompt}], max_tokens=6) or "yes"
        out.append({"messages": [{"role": "user", "content": prompt},
                                 {"role": "assistant", "content": reply}]})
    return out


def _drift(loaded, rows) -> float:
    """Mean cross-entropy of the model against the teacher rows, reply positions only."""
    total, count = 0.0, 0
    for row in rows:
        logits = loaded.model(mx.array(row.tokens[:-1])[None]).astype(mx.float32)[0]
        logprobs = logits - mx.logsumexp(logits, axis=-1, keepdims=True)
        picked = mx.take_along_axis(logprobs, mx.array(row.ids), axis=-1)
        per_position = -(mx.array(row.probs) * picked).sum(axis=-1)[row.offset - 1:]
        total += float(per_position.sum())
        count += per_position.size
    return total / count


def _trained_drift(tmp_path, weight: float) -> tuple[float, float, str]:
    loaded = make_tiny(tmp_path / f"m{weight}")
    anchors = _anchors(loaded)
    rows = make_teacher(loaded, anchors)
    before = _drift(loaded, rows)
    cfg = LoraConfig(layers=4, epochs=40, scale=2.0, learning_rate=3e-3, batch_size=2,
                     anchor_weight=weight, anchor_batch=3, protect_energy=0.0)
    train_adapter(loaded, FACTS, cfg, tmp_path / f"a{weight}", anchors=anchors)
    loaded.model.eval()
    from mlx_core.chat import chat

    reply = chat(loaded, [{"role": "user", "content": "where do i live"}], max_tokens=8)
    return before, _drift(loaded, rows), reply


def test_anchor_batches_mask_exactly_the_replies(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    rows = make_teacher(loaded, _anchors(loaded))
    assert len(rows) == len(ANCHOR_PROMPTS)
    inputs, positions, ids, probs, mask = AnchorBatches(rows, per_step=len(rows), seed=0)()
    assert inputs.shape[0] == ids.shape[0] == probs.shape[0] == mask.shape[0] == len(rows)
    assert inputs.shape[1] % 8 == 0 and positions.shape == mask.shape == ids.shape[:2]
    # Every row's positions are exactly its reply's (none of the prompt or padding).
    for i in range(len(rows)):
        read = inputs[i].tolist()
        row = max((r for r in rows if read[:len(r.tokens) - 1] == r.tokens[:-1]),
                  key=lambda r: len(r.tokens))
        kept = [p for p, m in zip(positions[i].tolist(), mask[i].tolist(), strict=True) if m]
        assert kept == list(range(row.offset - 1, len(row.tokens) - 1))
    assert mx.allclose(probs.sum(axis=-1) * mask, mask, atol=1e-5).item()


def test_distillation_holds_anchors_while_facts_are_learned(tmp_path):
    before, free_drift, free_reply = _trained_drift(tmp_path, 0.0)
    _, held_drift, held_reply = _trained_drift(tmp_path, 1.0)
    # Without the anchor loss training moves the anchor replies; with it they stay
    # much closer to the base model's, and the facts are still learned.
    assert free_drift > before + 0.5
    assert held_drift - before < 0.5 * (free_drift - before)
    assert "you live in paris" in free_reply
    assert "you live in paris" in held_reply, held_reply


def test_no_anchors_is_plain_training(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    cfg = LoraConfig(layers=4, epochs=2, scale=2.0, learning_rate=3e-3, batch_size=2)
    report = train_adapter(loaded, FACTS, cfg, tmp_path / "a", anchors=[])
    assert report.steps == 4 and len(report.losses) == 4


def test_batched_teacher_matches_one_at_a_time(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    anchors = _anchors(loaded)
    single = {tuple(r.tokens): r for r in make_teacher(loaded, anchors, top_k=8, batch_size=1)}
    batched = make_teacher(loaded, anchors, top_k=8, batch_size=4)
    assert len(batched) == len(single) == len(ANCHOR_PROMPTS)
    for row in batched:
        ref = single[tuple(row.tokens)]
        assert row.offset == ref.offset and row.ids.shape == ref.ids.shape
        assert (np.sort(row.ids, axis=-1) == np.sort(ref.ids, axis=-1)).all()
        assert np.allclose(np.sort(row.probs, axis=-1), np.sort(ref.probs, axis=-1), atol=1e-5)


def test_on_epoch_checks_each_epoch_and_can_stop_early(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    seen = []

    def on_epoch(epoch: int) -> bool:
        seen.append((epoch, loaded.model.training))
        return epoch == 2

    cfg = LoraConfig(layers=4, epochs=5, scale=2.0, learning_rate=3e-3, batch_size=2)
    report = train_adapter(loaded, FACTS, cfg, tmp_path / "a", on_epoch=on_epoch)
    assert seen == [(1, False), (2, False)]  # checked in eval mode; stopped after epoch 2
    assert report.epochs == 2 and report.steps == 4 and len(report.losses) == 4

    seen.clear()
    full = train_adapter(make_tiny(tmp_path / "n"), FACTS, cfg, tmp_path / "b",
                         on_epoch=lambda e: seen.append(e) or False)
    assert seen == [1, 2, 3, 4] and full.epochs == 5 and full.steps == 10


def test_teacher_cache_round_trips_and_survives_damage(tmp_path):
    from mlx_core.distill import cached_teacher

    loaded = make_tiny(tmp_path / "m")
    anchors = _anchors(loaded)
    path = tmp_path / "cache" / "teacher.npz"
    made = cached_teacher(loaded, anchors, 8, path)
    assert path.is_file()
    loaded_rows = cached_teacher(None, anchors, 8, path)  # no model needed: read from disk
    assert [(r.tokens, r.offset) for r in loaded_rows] == [(r.tokens, r.offset) for r in made]
    assert all((a.ids == b.ids).all() and np.allclose(a.probs, b.probs)
               for a, b in zip(loaded_rows, made, strict=True))
    path.write_bytes(b"not a teacher")  # damaged: computed again and rewritten
    again = cached_teacher(loaded, anchors, 8, path)
    assert len(again) == len(made) and len(cached_teacher(None, anchors, 8, path)) == len(made)
