"""Fuse a LoRA adapter into a model without rounding it away.

Fusing into a 4-bit base and re-quantizing can erase small adapter deltas (the
fused model then answers like the untuned one). So every adapted layer is
fused into float weights (``LoRALinear.fuse(dequantize=True)``): exact on the
CPU, where the base is already float32; on Metal/CUDA only the adapted layers
become float16, the rest stay 4-bit.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import mlx.core as mx
import mlx.nn as nn
from mlx.utils import tree_flatten, tree_unflatten
from mlx_lm.tuner.utils import load_adapters

from .adapter import verify_adapter


def fuse_lora_layers(model: nn.Module) -> nn.Module:
    """Replace every LoRA layer by a float layer holding base + delta."""
    fused = [(name, module.fuse(dequantize=True))
             for name, module in model.named_modules() if hasattr(module, "lora_a")]
    if fused:
        model.update_modules(tree_unflatten(fused))
    # One weight at a time: the daemon fuses a candidate while it streams replies, and
    # one evaluation of the whole model held up a reply's next token for ~1 s (2-core
    # CPU); short evaluations let the chat thread's tokens through in between.
    # cast: tree_flatten returns a list of (name, array) when given no destination dict.
    weights = cast(list[tuple[str, mx.array]], tree_flatten(model.parameters()))
    for _, weight in weights:
        mx.eval(weight)
    return model


def fuse_adapter(model: nn.Module, adapter_dir: Path) -> nn.Module:
    """Load the adapter in ``adapter_dir`` onto ``model`` and fuse it."""
    verify_adapter(adapter_dir)
    load_adapters(model, str(adapter_dir))
    return fuse_lora_layers(model)
