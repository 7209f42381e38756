"""Load an optimized BLAS into the process before MLX is imported (CPU fast path).

The Linux ``mlx-cpu`` wheel links against the reference BLAS, which is
single-threaded and slow. Loading Debian's OpenBLAS with ``RTLD_GLOBAL`` before
``mlx`` is first imported makes MLX's ``cblas_*`` calls resolve to OpenBLAS
(a float32 LoRA step on the embedded model gets ~17x faster).

Importing :mod:`mlx_core` calls :func:`load_openblas` for you. Set
``SLEEPLLM_OPENBLAS=0`` to keep the reference BLAS (used by the benchmark that
measures the difference).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

# Sonames tried in order; the pthread build is the one Debian installs with
# libopenblas0-pthread, the generic soname follows update-alternatives.
_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
    "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
    "libopenblas.so.0",
    "libopenblas.so",
)

_state: dict[str, str | None] = {"blas": None}


def load_openblas() -> str:
    """Load OpenBLAS globally if present; return a short name of the BLAS in use."""
    if _state["blas"] is not None:
        return _state["blas"]
    if sys.platform == "darwin":
        _state["blas"] = "accelerate"
        return "accelerate"
    if os.environ.get("SLEEPLLM_OPENBLAS", "1") in ("0", "false", "no"):
        _state["blas"] = "reference"
        return "reference"
    if "mlx.core" in sys.modules:
        # Too late: MLX already bound its BLAS symbols.
        log.warning("mlx was imported before mlx_core; OpenBLAS not loaded")
        _state["blas"] = "reference"
        return "reference"
    for name in _CANDIDATES:
        try:
            ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL)
        except OSError:
            continue
        _state["blas"] = "openblas"
        return "openblas"
    _state["blas"] = "reference"
    return "reference"


def blas_in_use() -> str:
    """The BLAS chosen by :func:`load_openblas` (``openblas``, ``reference``, ``accelerate``)."""
    return _state["blas"] or load_openblas()
