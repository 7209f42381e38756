"""Logging for the daemon and the CLI: one stderr handler with timestamps.

    from daemon.logging_setup import configure_logging
    configure_logging("INFO")

uvicorn is started with ``log_config=None`` so its loggers (including the access log)
propagate here instead of installing their own handlers.
"""

from __future__ import annotations

import logging
import sys

_HANDLER_NAME = "sleepllm"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def configure_logging(level: str | int = "INFO") -> None:
    """Send records at ``level`` and above to stderr (replacing an earlier call's setup)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    # Only our own handler is replaced: others (e.g. pytest's capture) stay attached.
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # APScheduler logs every job run at INFO; one line per night is enough from us.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, root.level))
