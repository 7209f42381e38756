"""``GET /health``: is the daemon up, what does it serve, is it sleeping. No token needed.

Deliberately small (no facts, no conversation data) because it is the one API route
open without the API token (the web page's static files are the others);
``sleepllm chat`` and ``sleepllm status`` probe it to find a running daemon.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from memory_store import StoreError

from ..deps import EngineDep, SleepManagerDep
from .errors import error_responses

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"], responses=error_responses(403, 413))


@router.get("/health")
def health(engine: EngineDep, manager: SleepManagerDep) -> dict:
    """Status, served model and version, and whether a sleep cycle runs."""
    loaded, version = engine.slot.get()
    try:
        sleeping: bool | None = manager.running() is not None
        status = "ok"
    except StoreError as exc:
        # Still answer: the model can chat even while the database is unavailable.
        log.warning("health: store unavailable: %s", exc)
        sleeping, status = None, "degraded"
    return {"status": status, "model": loaded.name, "model_version": version,
            "sleeping": sleeping}
