"""The nightly sleep: an APScheduler cron job at ``settings.sleep_time`` (local time).

The daemon's lifespan calls :func:`create_scheduler` and starts it; the job asks the
sleep manager for a cycle with trigger "nightly" (skipped, with a log line, when one is
already running). ``max_instances=1`` and ``coalesce=True`` keep a suspended laptop from
running a backlog of sleeps on wake-up; a run missed by up to an hour still happens.
With ``nightly_sleep = false`` no job is registered.

:func:`next_sleep_time` serves ``GET /sleep`` and ``sleepllm status`` (which computes
it from the settings when no daemon runs). Tested in ``tests/daemon/test_scheduler.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from memory_store import CycleRunning

from .settings import Settings

log = logging.getLogger(__name__)

JOB_ID = "nightly-sleep"
MISFIRE_GRACE_S = 3600
_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")


def parse_sleep_time(text: str) -> tuple[int, int]:
    """``"HH:MM"`` (24-hour, local time) as ``(hour, minute)``; ValueError if malformed."""
    match = _HH_MM.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(
            f"sleep_time must be a 24-hour local time HH:MM such as 03:00, got {text!r}")
    return int(match[1]), int(match[2])


def nightly_trigger(settings: Settings) -> CronTrigger:
    hour, minute = parse_sleep_time(settings.sleep_time)
    return CronTrigger(hour=hour, minute=minute)


def run_nightly(start_sleep: Callable[[str], int]) -> int | None:
    """The job body: start a nightly cycle unless one is running. Returns its id."""
    try:
        cycle_id = start_sleep("nightly")
    except CycleRunning as exc:
        log.info("nightly sleep skipped: cycle %d is already running", exc.cycle_id)
        return None
    except Exception:
        # A failure tonight must not unschedule tomorrow's run.
        log.exception("nightly sleep could not start")
        return None
    log.info("nightly sleep started: cycle %d", cycle_id)
    return cycle_id


def create_scheduler(settings: Settings,
                     start_sleep: Callable[[str], int]) -> BackgroundScheduler:
    """A scheduler (not started) holding the nightly job when ``nightly_sleep`` is on."""
    scheduler = BackgroundScheduler()
    if settings.nightly_sleep:
        scheduler.add_job(
            run_nightly, nightly_trigger(settings), args=[start_sleep], id=JOB_ID,
            name="nightly sleep", max_instances=1, coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_S, replace_existing=True,
        )
    return scheduler


def next_sleep_time(settings: Settings,
                    scheduler: BaseScheduler | None = None) -> datetime | None:
    """When the nightly sleep runs next (None if it is off)."""
    if not settings.nightly_sleep:
        return None
    job = scheduler.get_job(JOB_ID) if scheduler is not None else None
    # A started scheduler knows the job's next run; before start (or with no daemon
    # running) the trigger computes it.
    when = getattr(job, "next_run_time", None) if job is not None else None
    if when is None and (job is None or getattr(job, "pending", False)):
        trigger = job.trigger if job is not None else nightly_trigger(settings)
        when = trigger.get_next_fire_time(None, datetime.now(trigger.timezone))
    return when
