"""Tests of the nightly sleep job (daemon/scheduler.py); no model, no daemon.

    .venv/bin/python -m pytest tests/daemon/test_scheduler.py -q
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger

from daemon.app import create_app
from daemon.scheduler import (
    JOB_ID,
    MISFIRE_GRACE_S,
    create_scheduler,
    next_sleep_time,
    parse_sleep_time,
    run_nightly,
)
from daemon.settings import Settings
from memory_store import CycleRunning


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", **overrides)


def trigger_fields(trigger: CronTrigger) -> dict[str, str]:
    return {field.name: str(field) for field in trigger.fields}


@pytest.mark.parametrize("text, expected", [("03:00", (3, 0)), ("3:05", (3, 5)),
                                            ("23:59", (23, 59)), (" 00:00 ", (0, 0))])
def test_parse_sleep_time(text: str, expected: tuple[int, int]) -> None:
    assert parse_sleep_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "3", "03:00:00", "noon", "", "3pm", "-1:00"])
def test_parse_sleep_time_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_sleep_time(text)


def test_create_app_rejects_bad_sleep_time(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sleep_time"):
        create_app(settings_for(tmp_path, sleep_time="25:00"))


def test_nightly_job_registered_at_configured_time(tmp_path: Path) -> None:
    scheduler = create_scheduler(settings_for(tmp_path, sleep_time="02:45"), lambda _: 1)
    job = scheduler.get_job(JOB_ID)
    assert job is not None and isinstance(job.trigger, CronTrigger)
    fields = trigger_fields(job.trigger)
    assert (fields["hour"], fields["minute"], fields["second"]) == ("2", "45", "0")
    assert fields["day"] == "*" and fields["day_of_week"] == "*"
    assert job.max_instances == 1 and job.coalesce is True
    assert job.misfire_grace_time == MISFIRE_GRACE_S


def test_no_job_when_nightly_sleep_off(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, nightly_sleep=False)
    scheduler = create_scheduler(settings, lambda _: 1)
    assert scheduler.get_jobs() == []
    assert next_sleep_time(settings, scheduler) is None
    assert next_sleep_time(settings) is None


def test_next_sleep_time_before_and_after_start(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, sleep_time="04:10")
    scheduler = create_scheduler(settings, lambda _: 1)
    planned = next_sleep_time(settings, scheduler)
    assert planned is not None and (planned.hour, planned.minute) == (4, 10)
    assert planned > datetime.now(planned.tzinfo)
    assert next_sleep_time(settings) == planned  # computed without a scheduler too
    scheduler.start(paused=True)
    try:
        assert next_sleep_time(settings, scheduler) == planned
    finally:
        scheduler.shutdown(wait=False)


def test_run_nightly_starts_with_trigger_nightly() -> None:
    triggers = []

    def start(trigger: str) -> int:
        triggers.append(trigger)
        return 7

    assert run_nightly(start) == 7 and triggers == ["nightly"]


def test_run_nightly_skips_when_a_cycle_runs(caplog: pytest.LogCaptureFixture) -> None:
    def start(_: str) -> int:
        raise CycleRunning(3)

    with caplog.at_level(logging.INFO, logger="daemon.scheduler"):
        assert run_nightly(start) is None
    assert "already running" in caplog.text


def test_run_nightly_survives_errors(caplog: pytest.LogCaptureFixture) -> None:
    def start(_: str) -> int:
        raise RuntimeError("disk full")

    assert run_nightly(start) is None
    assert "could not start" in caplog.text
