"""The FastAPI application: ``create_app(settings)`` and the lifespan that runs the daemon.

    from daemon.app import create_app
    uvicorn.run(create_app(Settings()), host="127.0.0.1", port=8420)   # or: sleepllm serve

Nothing heavy happens at import or in ``create_app``: the lifespan picks the device,
holds the data directory's lock (shared: an import or restore cannot start under it),
opens the store (data dir created 0700), marks cycles a crash left running as
interrupted, loads the served model version, and starts the chat engine, the sleep
manager and the nightly scheduler; it stops them in reverse order. Everything shared
lives on ``app.state`` and reaches routes through :mod:`daemon.deps`.

Routes: ``/v1/chat/completions``, ``/v1/models``, ``/health``, ``/memories``,
``/sleep``, ``/conversations``, and the web page at ``/`` (see :mod:`daemon.routers`).
Middleware: :mod:`daemon.security`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import mlx_core  # noqa: F401  (loads OpenBLAS before anything imports mlx)
from mlx_core.device import DevicePlan, activate, make_device_plan
from mlx_core.loader import LoadedModel

from apscheduler.schedulers.background import BackgroundScheduler
from fastapi import FastAPI

from memory_store import MemoryStore, open_store

from .datadir import DataDirLock
from .engine import ChatEngine, ModelSlot
from .routers import chat, conversations, health, memories, models, sleep, web
from .routers.errors import install_error_handlers
from .scheduler import create_scheduler, next_sleep_time, parse_sleep_time
from .security import (
    BodyLimitMiddleware,
    LocalOriginMiddleware,
    TokenAuthMiddleware,
    configured_token,
)
from .settings import Settings
from .sleep import versions
from .sleep.manager import SleepManager
from .sleep.remember import warm_up_memory

log = logging.getLogger(__name__)

SHUTDOWN_WAIT_S = 5.0


@dataclass
class Services:
    """What the lifespan starts, in start order."""

    lock: DataDirLock
    plan: DevicePlan
    store: MemoryStore
    engine: ChatEngine
    sleep_manager: SleepManager
    scheduler: BackgroundScheduler


def _served_model(settings: Settings, store: MemoryStore, plan: DevicePlan,
                  preloaded: LoadedModel | None) -> tuple[LoadedModel, int | None]:
    if preloaded is None:
        return versions.load_served_model(settings, store, plan)
    # The test hook: a model loaded elsewhere, served as the current version (or None).
    served = store.served_version()
    return preloaded, served.id if served else None


def _discard_unfinished(settings: Settings, store: MemoryStore) -> None:
    removed = versions.discard_unfinished(settings, store)
    if removed:
        log.warning("removed what interrupted sleep cycles left behind: %s", ", ".join(removed))


def start_services(settings: Settings, preloaded: LoadedModel | None = None) -> Services:
    lock = DataDirLock.shared(settings.data_dir)  # DataDirBusy while a restore runs
    try:
        plan = make_device_plan(settings.device)
        activate(plan)
        store = open_store(settings.db_path)
    except BaseException:
        lock.release()
        raise
    try:
        stale = store.interrupt_stale_cycles()
        if stale:
            log.warning("sleep cycles %s were running when the daemon stopped; marked "
                        "interrupted", stale)
        _discard_unfinished(settings, store)
        loaded, version = _served_model(settings, store, plan, preloaded)
        engine = ChatEngine(ModelSlot(loaded, version))
    except BaseException:
        store.close()
        lock.release()
        raise
    warm_up_memory()
    manager = SleepManager(settings, store, engine)
    scheduler = create_scheduler(settings, manager.start)
    scheduler.start()
    when = next_sleep_time(settings, scheduler)
    log.info("serving %s (model version %s) on %s; data in %s; next sleep %s",
             loaded.name, version, plan.name, settings.data_dir, when or "off")
    return Services(lock, plan, store, engine, manager, scheduler)


def stop_services(services: Services) -> None:
    """Reverse of :func:`start_services`; each step runs even if an earlier one fails."""
    steps = (
        lambda: services.scheduler.shutdown(wait=False),
        lambda: services.sleep_manager.shutdown(SHUTDOWN_WAIT_S),
        services.engine.close,
        services.store.close,
        services.lock.release,
    )
    for step in steps:
        try:
            step()
        except Exception:
            log.exception("error during shutdown")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Loading here (on the main thread, as MLX's default device was set) rather than at
    # import keeps `sleepllm --help` and create_app() instant.
    services = start_services(app.state.settings, app.state.preloaded_model)
    state = app.state
    state.store, state.engine = services.store, services.engine
    state.sleep_manager, state.scheduler = services.sleep_manager, services.scheduler
    state.device_plan, state.started_at = services.plan, int(time.time())
    try:
        yield
    finally:
        log.info("shutting down")
        stop_services(services)


def create_app(settings: Settings | None = None, *,
               loaded_model: LoadedModel | None = None) -> FastAPI:
    """Build the app; nothing is loaded until the server starts it.

    ``loaded_model`` (for tests) serves an already-loaded model instead of loading one,
    so several apps in one process can share the weights. Raises ValueError for a
    malformed ``sleep_time``.
    """
    settings = settings or Settings()
    parse_sleep_time(settings.sleep_time)
    app = FastAPI(title="sleepllm", version="0.1.0", lifespan=lifespan,
                  description="A local assistant that remembers what you tell it by sleeping.")
    app.state.settings = settings
    app.state.preloaded_model = loaded_model
    install_error_handlers(app)
    for module in (chat, models, health, memories, sleep, conversations, web):
        app.include_router(module.router)
    app.mount(web.STATIC_PREFIX, web.static_files(), name="web")
    # Each add wraps the previous: requests meet the token (or origin) check first, so
    # an unauthorized client's body is never even read.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    token = configured_token(settings)
    if token is not None:
        app.add_middleware(TokenAuthMiddleware, token=token)
    else:
        app.add_middleware(LocalOriginMiddleware, extra_hosts=(settings.host,))
    return app
