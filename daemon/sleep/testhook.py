"""Test-only hook: hold a sleep cycle at a named point so a test can kill the daemon there.

Off (a no-op) unless both variables are set, which only ``tests/sleep/test_faults.py`` does,
on a daemon subprocess:

    SLEEPLLM_TEST_PAUSE_AT=fuse SLEEPLLM_TEST_PAUSE_MARKER=/tmp/x/paused sleepllm serve

Points: ``worker:train`` (in the training process, after the first step),
``worker:validate`` (in the training process, before validation), ``fuse`` (the adapter
is stored as a candidate version, the fused model not yet built), ``swap`` (the new model
is hot-swapped in, the store not yet updated). On reaching the named point the process
writes ``"<point> <pid>"`` to the marker file and waits while the file exists (at most
``SLEEPLLM_TEST_PAUSE_S`` seconds, default 300); deleting the marker resumes the cycle.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

PAUSE_AT_ENV = "SLEEPLLM_TEST_PAUSE_AT"
MARKER_ENV = "SLEEPLLM_TEST_PAUSE_MARKER"
LIMIT_ENV = "SLEEPLLM_TEST_PAUSE_S"


def pause_point(name: str, check: Callable[[], None] | None = None) -> None:
    """Wait here if a test asked to pause at ``name``; ``check()`` runs while waiting."""
    marker = os.environ.get(MARKER_ENV)
    if not marker or os.environ.get(PAUSE_AT_ENV) != name:
        return
    path = Path(marker)
    path.write_text(f"{name} {os.getpid()}\n")
    log.warning("test hook: sleep cycle paused at %s (delete %s to resume)", name, path)
    deadline = time.monotonic() + float(os.environ.get(LIMIT_ENV, "300"))
    while path.exists() and time.monotonic() < deadline:
        if check is not None:
            check()  # e.g. the training process exits when the daemon is gone
        time.sleep(0.1)
