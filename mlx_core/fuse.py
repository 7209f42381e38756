"""Fuse a LoRA adapter into a model without rounding it away, and swap models live.

Fusing into a 4-bit base and re-quantizing can erase small adapter deltas (the
fused model then answers like the untuned one). So every adapted layer is
fused into float weights (``LoRALinear.fuse(dequantize=True)``): exact on the
CPU, where the base is already float32; on Metal/CUDA only the adapted layers
become float16, the rest stay 4-bit.

:class:`ModelSlot` holds the served model; a swap is a reference swap under a
lock, so requests already generating finish on the old weights and new ones
get the new weights at once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import mlx.core as mx
import mlx.nn as nn
from mlx.utils import tree_flatten, tree_unflatten
from mlx_lm.tuner.utils import load_adapters

from .train import ADAPTER_CONFIG, ADAPTER_WEIGHTS


def fuse_lora_layers(model: nn.Module) -> nn.Module:
    """Replace every LoRA layer by a float layer holding base + delta."""
    fused = [(name, module.fuse(dequantize=True))
             for name, module in model.named_modules() if hasattr(module, "lora_a")]
    if fused:
        model.update_modules(tree_unflatten(fused))
    # One weight at a time: the daemon fuses a candidate while it streams replies, and
    # one evaluation of the whole model held up a reply's next token for ~1 s (2-core
    # CPU); short evaluations let the chat thread's tokens through in between.
    for _, weight in tree_flatten(model.parameters()):
        mx.eval(weight)
    return model


def fuse_adapter(model: nn.Module, adapter_dir: Path) -> nn.Module:
    """Load the adapter in ``adapter_dir`` onto ``model`` and fuse it."""
    verify_adapter(adapter_dir)
    load_adapters(model, str(adapter_dir))
    return fuse_lora_layers(model)


def adapter_checksum(adapter_dir: Path) -> str:
    """sha256 over the adapter's config and weights, recorded with each model version."""
    digest = hashlib.sha256()
    for name in (ADAPTER_CONFIG, ADAPTER_WEIGHTS):
        with open(adapter_dir / name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


class AdapterError(RuntimeError):
    """An adapter folder is missing, incomplete or does not match its checksum."""


def verify_adapter(adapter_dir: Path, checksum: str | None = None) -> None:
    """Raise :class:`AdapterError` unless ``adapter_dir`` is complete (and matches ``checksum``)."""
    for name in (ADAPTER_CONFIG, ADAPTER_WEIGHTS):
        if not (adapter_dir / name).is_file():
            raise AdapterError(f"adapter {adapter_dir} has no {name}")
    if checksum is not None and adapter_checksum(adapter_dir) != checksum:
        raise AdapterError(f"adapter {adapter_dir} does not match its recorded checksum")


class ModelSlot:
    """The model being served; readers take it, the sleep cycle swaps it."""

    def __init__(self, loaded, version_id: int | None = None):
        self._lock = threading.Lock()
        self._loaded = loaded
        self._version_id = version_id

    def get(self):
        """The current model and its version id (a consistent pair)."""
        with self._lock:
            return self._loaded, self._version_id

    def swap(self, loaded, version_id: int | None) -> float:
        """Serve ``loaded`` from now on; return how long chat was held back (seconds)."""
        tic = time.perf_counter()
        with self._lock:
            self._loaded, self._version_id = loaded, version_id
        return time.perf_counter() - tic
