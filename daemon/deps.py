"""FastAPI dependencies: the daemon's shared objects, as ``Annotated`` aliases for routes.

The lifespan in :mod:`daemon.app` puts the settings, store, chat engine, sleep manager
and scheduler on ``app.state``; routes ask for them by type::

    @router.get("/memories")
    def list_memories(store: StoreDep) -> dict: ...
"""

from __future__ import annotations

import re
from typing import Annotated

from apscheduler.schedulers.base import BaseScheduler
from fastapi import Depends, Path, Request
from pydantic import BeforeValidator

from memory_store import MemoryStore

from .engine import ChatEngine
from .settings import Settings
from .sleep.manager import SleepManager


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> MemoryStore:
    return request.app.state.store


def get_engine(request: Request) -> ChatEngine:
    return request.app.state.engine


def get_sleep_manager(request: Request) -> SleepManager:
    return request.app.state.sleep_manager


def get_scheduler(request: Request) -> BaseScheduler | None:
    return request.app.state.scheduler


# SQLite row ids are positive 64-bit integers; anything else is a 422, never a crash.
MAX_ROW_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")


def _digits_only(value: object) -> object:
    # Pydantic's lax int would also take "1.0", "+1" or " 1" (all meaning row 1).
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise ValueError("must be a positive integer written in decimal digits")
    return value


RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A positive integer id."),
                  BeforeValidator(_digits_only)]

SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[MemoryStore, Depends(get_store)]
EngineDep = Annotated[ChatEngine, Depends(get_engine)]
SleepManagerDep = Annotated[SleepManager, Depends(get_sleep_manager)]
SchedulerDep = Annotated[BaseScheduler | None, Depends(get_scheduler)]
