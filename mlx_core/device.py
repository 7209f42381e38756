"""Device selection: the one place that knows about Metal, CUDA and the CPU.

Everything device-specific is decided here and carried in a :class:`DevicePlan`:
which MLX device runs the work, whether quantized weights are dequantized
(the CPU's 4-bit matmul is slow, so the CPU works in float32), and how an
adapter is fused (always into float weights, so small LoRA deltas are not
rounded away by re-quantization).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import mlx.core as mx

from .blas import blas_in_use

log = logging.getLogger(__name__)

DEVICES = ("metal", "cuda", "cpu")


@dataclass(frozen=True)
class DevicePlan:
    name: str
    """'metal', 'cuda' or 'cpu'."""
    dequantize: bool
    """Dequantize quantized weights at load (CPU: MLX's 4-bit matmul is slow there)."""
    float_dtype: str
    """dtype of float weights after dequantizing ('float32' on the CPU)."""
    blas: str
    """BLAS backing CPU matmuls ('openblas', 'reference', 'accelerate')."""

    @property
    def mx_device(self) -> mx.DeviceType:
        return mx.cpu if self.name == "cpu" else mx.gpu

    @property
    def mx_float_dtype(self) -> mx.Dtype:
        return getattr(mx, self.float_dtype)


def available_devices() -> list[str]:
    """Devices this MLX build can run on, best first."""
    found = []
    if mx.metal.is_available():
        found.append("metal")
    if hasattr(mx, "cuda") and mx.cuda.is_available():
        found.append("cuda")
    found.append("cpu")
    return found


def make_device_plan(requested: str = "auto") -> DevicePlan:
    """Pick a device ('auto' = best available) and what to do on it."""
    requested = requested.lower()
    available = available_devices()
    if requested == "auto":
        name = available[0]
    elif requested not in DEVICES:
        raise ValueError(f"unknown device {requested!r}; choose auto, {', '.join(DEVICES)}")
    elif requested not in available:
        raise RuntimeError(
            f"device {requested!r} is not available with this MLX build "
            f"(available: {', '.join(available)})"
        )
    else:
        name = requested
    if name == "cpu":
        return DevicePlan("cpu", dequantize=True, float_dtype="float32", blas=blas_in_use())
    # GPUs keep 4-bit weights (QLoRA); float16 where layers are dequantized by a fuse.
    return DevicePlan(name, dequantize=False, float_dtype="float16", blas=blas_in_use())


def activate(plan: DevicePlan) -> None:
    """Make ``plan``'s device MLX's default for this process."""
    mx.set_default_device(plan.mx_device)
    log.info("device %s (blas %s, dequantize=%s)", plan.name, plan.blas, plan.dequantize)
