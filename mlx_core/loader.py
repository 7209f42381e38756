"""Load a model for chat or training: the embedded default, a local folder or a hub id.

    from mlx_core.loader import load_model
    loaded = load_model("embedded", cache_dir, make_device_plan())

On the CPU quantized weights are dequantized to float32 (MLX's 4-bit CPU matmul
is slow); on Metal and CUDA they stay 4-bit. An adapter folder, when given, is
fused into the weights (see :mod:`mlx_core.fuse`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import mlx.core as mx
import mlx.nn as nn
from huggingface_hub import snapshot_download
from mlx_lm.tokenizer_utils import TokenizerWrapper
from mlx_lm.utils import dequantize_model
from mlx_lm.utils import load as mlx_lm_load

from . import EMBEDDED_MODEL
from .device import DevicePlan
from .embedded import ensure_embedded_model
from .fuse import fuse_adapter

log = logging.getLogger(__name__)


class ModelNotFoundError(FileNotFoundError):
    """The model named by the user is neither a local folder nor a usable hub id."""


@dataclass
class LoadedModel:
    model: nn.Module
    tokenizer: TokenizerWrapper
    config: dict[str, Any]
    path: Path
    name: str
    device: DevicePlan
    adapter_path: Path | None = None
    info: dict[str, Any] = field(default_factory=dict)


def _looks_like_repo_id(spec: str) -> bool:
    # "owner/name" and nothing path-like: no leading ./ ~ /, no deeper nesting.
    if spec.startswith((".", "/", "~")) or spec.count("/") != 1:
        return False
    owner, name = spec.split("/")
    return bool(owner) and bool(name)


def resolve_model_path(spec: str, cache_dir: Path) -> Path:
    """Map a model spec to a local mlx-lm folder, without surprise downloads."""
    if spec == EMBEDDED_MODEL:
        return ensure_embedded_model(cache_dir)
    path = Path(spec).expanduser()
    if path.exists():
        if not (path / "config.json").is_file():
            raise ModelNotFoundError(f"{path} is not an mlx-lm model folder (no config.json)")
        return path
    if not _looks_like_repo_id(spec):
        raise ModelNotFoundError(
            f"model path {spec!r} does not exist (use 'embedded', an existing folder, "
            "or a Hugging Face repo id like mlx-community/Llama-3.2-3B-Instruct-4bit)"
        )
    try:
        return Path(snapshot_download(spec, allow_patterns=["*.json", "*.safetensors",
                                                            "*.jinja", "tokenizer.model"]))
    except Exception as exc:  # offline, unknown repo, gated repo ...
        raise ModelNotFoundError(f"could not get model {spec!r} from the hub: {exc}") from exc


def prepare_for_device(model: nn.Module, plan: DevicePlan) -> nn.Module:
    """Dequantize to float weights where the device wants them (the CPU)."""
    if plan.dequantize:
        model = dequantize_model(model)
        model.set_dtype(plan.mx_float_dtype)
    return model


def load_model(spec: str, cache_dir: Path, plan: DevicePlan,
               adapter_path: Path | None = None) -> LoadedModel:
    """Load ``spec`` on ``plan``'s device, with ``adapter_path`` fused in if given."""
    tic = time.perf_counter()
    path = resolve_model_path(spec, cache_dir)
    # cast: with return_config=True mlx-lm's load returns the 3-tuple, not the pair.
    model, tokenizer, config = cast(tuple[nn.Module, TokenizerWrapper, dict[str, Any]],
                                    mlx_lm_load(str(path), return_config=True))
    model = prepare_for_device(model, plan)
    if adapter_path is not None:
        model = fuse_adapter(model, adapter_path)
    model.eval()
    mx.eval(model.parameters())
    loaded = LoadedModel(model, tokenizer, config, path, spec, plan, adapter_path)
    log.info("loaded %s%s in %.1fs", spec, f" + {adapter_path.name}" if adapter_path else "",
             time.perf_counter() - tic)
    return loaded
