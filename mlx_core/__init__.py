"""The model runtime: load, chat, train LoRA adapters, fuse and swap, on MLX.

Importing this package first loads OpenBLAS (see :mod:`mlx_core.blas`), so it
must be imported before anything imports ``mlx`` directly.
"""

from .blas import load_openblas

load_openblas()
