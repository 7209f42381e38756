"""Sleep routes: start a sleep cycle, watch it, roll the model back.

``POST /sleep`` starts a cycle in the background: 202 with its id and a Location
header, or 409 with the running cycle's id. ``GET /sleep`` shows the running cycle,
the recent ones and the next nightly run; ``GET /sleep/{id}`` one cycle's stages
(outcome and seconds each), validation and verdict. ``GET /sleep/versions`` lists the
model versions the sleeps made (served, retired, rejected...; the served one marked);
``POST /sleep/rollback`` serves the previous model version again (409 while a cycle runs,
400 with nothing to go back to).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Response

from memory_store import CycleRunning, ModelVersion, SleepCycle

from ..deps import EngineDep, RowId, SchedulerDep, SettingsDep, SleepManagerDep, StoreDep
from ..scheduler import next_sleep_time
from ..sleep.versions import VersionError
from .errors import COMMON_ERRORS, api_error, error_responses

log = logging.getLogger(__name__)

router = APIRouter(prefix="/sleep", tags=["sleep"], responses=COMMON_ERRORS)

RECENT_CYCLES = 10
_VERDICTS = {"succeeded": "accepted", "rejected": "rejected", "no_messages": "nothing to learn"}


def cycle_json(cycle: SleepCycle) -> dict[str, Any]:
    out = asdict(cycle)
    validation = cycle.validation or {}
    out["verdict"] = validation.get("verdict") or _VERDICTS.get(cycle.status)
    return out


@router.get("")
def sleep_status(store: StoreDep, settings: SettingsDep, scheduler: SchedulerDep) -> dict:
    """The running cycle (if any), the latest cycles, and the next nightly run."""
    running = store.running_cycle()
    when = next_sleep_time(settings, scheduler)
    return {
        "running": cycle_json(running) if running else None,
        "cycles": [cycle_json(c) for c in store.list_cycles(RECENT_CYCLES)],
        "nightly": settings.nightly_sleep,
        "next_run": when.isoformat() if when else None,
    }


@router.post("", status_code=202, responses=error_responses(409))
def start_sleep(manager: SleepManagerDep, store: StoreDep, response: Response) -> dict:
    """Start a sleep cycle now; 409 (with the running cycle's id) if one runs."""
    running = store.running_cycle()
    if running is not None:
        # The manager would refuse too (atomically, in the store); this answers faster.
        raise CycleRunning(running.id)
    cycle_id = manager.start("api")
    response.headers["Location"] = f"/sleep/{cycle_id}"
    return {"id": cycle_id, "status": "running"}


@router.post("/rollback", responses=error_responses(400, 409))
def rollback(manager: SleepManagerDep, engine: EngineDep) -> dict:
    """Serve the previous model version again."""
    try:
        restored = manager.rollback()
    except VersionError as exc:
        raise api_error(400, str(exc), "nothing_to_roll_back") from None
    _, version = engine.slot.get()
    log.info("rolled back: now serving model version %s", version)
    return {"model_version": version, "version": _plain(restored)}


def _plain(value: Any) -> dict[str, Any] | None:
    # The restored version row when rollback returns one; anything else is not JSON.
    return asdict(value) if isinstance(value, ModelVersion) else None


# Before /{cycle_id}: "versions" is not an id.
@router.get("/versions")
def list_versions(store: StoreDep, engine: EngineDep) -> dict:
    """Every model version, newest first, and the id of the one served now."""
    _, served = engine.slot.get()
    versions = [{**asdict(v), "fact_count": len(v.fact_ids)}
                for v in store.list_versions()]
    return {"served": served, "versions": versions}


@router.get("/{cycle_id}", responses=error_responses(404))
def get_cycle(cycle_id: RowId, store: StoreDep, manager: SleepManagerDep) -> dict:
    """One cycle: stages with outcome and timings, validation, verdict; while it runs,
    ``current`` names the stage in progress (and the training step)."""
    cycle = store.get_cycle(cycle_id)
    if cycle is None:
        raise api_error(404, f"no sleep cycle with id {cycle_id}", "cycle_not_found")
    out = cycle_json(cycle)
    out["current"] = manager.progress(cycle_id) if cycle.status == "running" else None
    return out
