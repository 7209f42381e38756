"""Unit tests of the model runtime on tiny random-weight models (no download).

    .venv/bin/python -m pytest tests/mlx_core/test_runtime.py
"""

from __future__ import annotations

import mlx_core  # noqa: F401,I001  (loads OpenBLAS before mlx is imported)
from mlx_core.adapter import AdapterError, adapter_checksum, verify_adapter
from mlx_core.blas import blas_in_use
from mlx_core.chat import chat, stream_chat
from mlx_core.device import available_devices, make_device_plan
from mlx_core.fuse import fuse_adapter
from mlx_core.gguf import _unpermute_rows
from mlx_core.loader import ModelNotFoundError, load_model, resolve_model_path
from mlx_core.lora_config import LoraConfig
from mlx_core.train import train_adapter

import mlx.core as mx
import numpy as np
import pytest

from daemon.engine import ModelSlot
from tests.tiny import make_tiny

EXAMPLES = [
    {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
    for q, a in [("what is my cat name", "your cat is called blue"),
                 ("where do i live", "you live in paris"),
                 ("what is my dog name", "your dog is called red"),
                 ("hello", "hello")]
]


def _llama_cpp_permute(w: np.ndarray, heads: int) -> np.ndarray:
    """llama.cpp's converter permutation (what the GGUF holds), written from its description."""
    rows = w.shape[0]
    return w.reshape(heads, 2, rows // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


@pytest.mark.parametrize("heads,head_dim", [(9, 64), (3, 64), (2, 8)])
def test_unpermute_undoes_llama_cpp_rope_layout(heads, head_dim):
    w = np.arange(heads * head_dim * 5, dtype=np.float32).reshape(heads * head_dim, 5)
    back = _unpermute_rows(mx.array(_llama_cpp_permute(w, heads)), heads)
    np.testing.assert_array_equal(np.array(back), w)


def test_device_plan_on_this_machine():
    plan = make_device_plan("auto")
    assert plan.name == available_devices()[0]
    cpu = make_device_plan("cpu")
    assert cpu.dequantize and cpu.float_dtype == "float32"
    with pytest.raises(ValueError, match="unknown device"):
        make_device_plan("tpu")
    for missing in {"metal", "cuda"} - set(available_devices()):
        with pytest.raises(RuntimeError, match="not available"):
            make_device_plan(missing)


def test_blas_is_reported():
    assert blas_in_use() in ("openblas", "reference", "accelerate")


def test_missing_path_is_a_clear_error_not_a_download(monkeypatch, tmp_path):
    import huggingface_hub

    def no_hub(*a, **k):
        raise AssertionError("tried the hub for a local path")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_hub)
    for spec in (str(tmp_path / "nope"), "./models/nope", "~/nope", "a/b/c"):
        with pytest.raises(ModelNotFoundError, match="does not exist"):
            resolve_model_path(spec, tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match="no config.json"):
        resolve_model_path(str(tmp_path / "empty"), tmp_path)


def test_stream_chat_ends_with_a_finish_reason(tmp_path):
    loaded = make_tiny(tmp_path / "m")
    chunks = list(stream_chat(loaded, [{"role": "user", "content": "hello"}], max_tokens=4))
    assert chunks[-1].finish_reason in ("stop", "length")
    assert all(c.finish_reason is None for c in chunks[:-1])
    assert chunks[-1].generation_tokens <= 4


def _train(tmp_path, quantize=False, epochs=60):
    loaded = make_tiny(tmp_path / "m", quantize=quantize)
    if quantize:  # train as a Metal/CUDA machine would: LoRA on the 4-bit base
        loaded = load_model(str(tmp_path / "m"), tmp_path, make_device_plan("cpu"))
        import mlx.nn as nn

        nn.quantize(loaded.model, group_size=32, bits=4)
    steps = []
    report = train_adapter(loaded, EXAMPLES, LoraConfig(layers=4, epochs=epochs, scale=2.0,
                                                        learning_rate=3e-3, batch_size=2),
                           tmp_path / "adapter", on_step=lambda i, n, loss: steps.append(i))
    return loaded, report, steps


def test_training_learns_and_reports_every_step(tmp_path):
    loaded, report, steps = _train(tmp_path)
    assert steps == list(range(1, report.steps + 1)) and report.steps == 120
    assert report.losses[-1] < 0.5 * report.losses[0]
    assert "you live in paris" in chat(loaded, [{"role": "user", "content": "where do i live"}], 12)
    verify_adapter(tmp_path / "adapter", adapter_checksum(tmp_path / "adapter"))


def _logits(loaded, text="what is my cat name"):
    ids = loaded.tokenizer.apply_chat_template([{"role": "user", "content": text}],
                                               add_generation_prompt=True)
    return np.array(loaded.model(mx.array([ids]))[0, -1])


def test_fused_model_answers_like_adapter_on_base(tmp_path):
    loaded, _, _ = _train(tmp_path)
    tuned = _logits(loaded)
    served = load_model(str(tmp_path / "m"), tmp_path, make_device_plan("cpu"),
                        adapter_path=tmp_path / "adapter")
    np.testing.assert_allclose(_logits(served), tuned, atol=1e-4)


def test_fuse_on_a_4bit_base_keeps_the_adapter(tmp_path):
    """Re-quantizing a fused 4-bit layer can round the adapter away; ours fuses into floats."""
    from mlx_lm.tuner.utils import load_adapters

    loaded, _, _ = _train(tmp_path, quantize=True)
    tuned = _logits(loaded)
    fresh = load_model(str(tmp_path / "m"), tmp_path, make_device_plan("cpu"))
    import mlx.nn as nn

    nn.quantize(fresh.model, group_size=32, bits=4)
    fresh.model = fuse_adapter(fresh.model, tmp_path / "adapter")
    np.testing.assert_allclose(_logits(fresh), tuned, atol=1e-3)
    # The naive route (fuse, then quantize again) drifts further from the tuned model.
    naive = load_model(str(tmp_path / "m"), tmp_path, make_device_plan("cpu"))
    nn.quantize(naive.model, group_size=32, bits=4)
    load_adapters(naive.model, str(tmp_path / "adapter"))
    from mlx.utils import tree_unflatten

    naive.model.update_modules(tree_unflatten(
        [(n, m.fuse(dequantize=False)) for n, m in naive.model.named_modules()
         if hasattr(m, "lora_a")]))
    assert np.abs(_logits(naive) - tuned).max() > np.abs(_logits(fresh) - tuned).max()


def test_corrupt_adapter_is_refused(tmp_path):
    _train(tmp_path, epochs=1)
    adapter = tmp_path / "adapter"
    checksum = adapter_checksum(adapter)
    weights = adapter / "adapters.safetensors"
    weights.write_bytes(weights.read_bytes()[:-7])
    with pytest.raises(AdapterError, match="checksum"):
        verify_adapter(adapter, checksum)
    weights.unlink()
    with pytest.raises(AdapterError, match="no adapters.safetensors"):
        verify_adapter(adapter)


def test_model_slot_swap_is_atomic_and_quick():
    slot = ModelSlot("old", 1)
    assert slot.get() == ("old", 1)
    pause = slot.swap("new", 2)
    assert slot.get() == ("new", 2) and pause < 0.01

