"""A LoRA adapter folder: the names of its files and the checks that it is whole.

Training writes ``adapter_config.json`` and ``adapters.safetensors`` (the layout mlx-lm
loads); the sleep cycle records a checksum over both with each model version and checks
it before the adapter is fused and served. Plain file work, no MLX.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ADAPTER_WEIGHTS = "adapters.safetensors"
ADAPTER_CONFIG = "adapter_config.json"


class AdapterError(RuntimeError):
    """An adapter folder is missing, incomplete or does not match its checksum."""


def adapter_checksum(adapter_dir: Path) -> str:
    """sha256 over the adapter's config and weights, recorded with each model version."""
    digest = hashlib.sha256()
    for name in (ADAPTER_CONFIG, ADAPTER_WEIGHTS):
        with open(adapter_dir / name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def verify_adapter(adapter_dir: Path, checksum: str | None = None) -> None:
    """Raise :class:`AdapterError` unless ``adapter_dir`` is complete (and matches ``checksum``)."""
    for name in (ADAPTER_CONFIG, ADAPTER_WEIGHTS):
        if not (adapter_dir / name).is_file():
            raise AdapterError(f"adapter {adapter_dir} has no {name}")
    if checksum is not None and adapter_checksum(adapter_dir) != checksum:
        raise AdapterError(f"adapter {adapter_dir} does not match its recorded checksum")
