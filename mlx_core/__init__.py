"""The model runtime: load, chat, train LoRA adapters, fuse and swap, on MLX.

Importing this package first loads OpenBLAS (see :mod:`mlx_core.blas`), so it
must be imported before anything imports ``mlx`` directly.

``EMBEDDED_MODEL`` is the model spec that names the embedded default model (see
:mod:`mlx_core.embedded`); the daemon's settings take it from here.
"""

from .blas import load_openblas

load_openblas()

EMBEDDED_MODEL = "embedded"
