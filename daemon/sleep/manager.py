"""Starts sleep cycles in the background and decides when they may run.

The daemon owns one :class:`SleepManager`. ``start()`` claims a cycle in the
store (atomically: a second start while one runs raises ``CycleRunning``) and
runs it on a background thread; the triggers are ``POST /sleep``, the nightly
cron job and the automatic sleep after N user turns. The automatic one never
fires while an evaluation is running, so a test run can't train the model on
its own answers (a bug that ruined runs of the reference experiment).
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager

from memory_store import CycleRunning, MemoryStore

from ..engine import ChatEngine
from ..settings import Settings
from . import versions
from .cycle import log_progress, run_cycle

log = logging.getLogger(__name__)

# After an evaluation request, the automatic sleep stays off this long (seconds).
EVALUATION_QUIET_S = 120.0


class SleepManager:
    """Runs at most one sleep cycle at a time, off the request path."""

    def __init__(self, settings: Settings, store: MemoryStore, engine: ChatEngine):
        self.settings, self.store, self.engine = settings, store, engine
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._evaluations = 0
        self._last_evaluation = 0.0
        self._turns_since_sleep = 0
        self._progress: dict | None = None
        self.stop_event = threading.Event()

    # --- starting cycles -------------------------------------------------
    def start(self, trigger: str) -> int:
        """Claim and start a cycle; return its id. Raises ``CycleRunning`` if one runs."""
        with self._lock:
            cycle = self.store.start_cycle(trigger)
            self._turns_since_sleep = 0
            self._thread = threading.Thread(
                target=self._run, args=(run_cycle, cycle.id), name=f"sleep-{cycle.id}",
                daemon=True,
            )
            self._thread.start()
        log.info("sleep cycle %d started (%s)", cycle.id, trigger)
        return cycle.id

    def _run(self, run_cycle, cycle_id: int) -> None:
        def progress(event: dict) -> None:
            log_progress(event)
            with self._lock:
                if event["kind"] == "stage":
                    self._progress = {"cycle_id": cycle_id, "stage": event["name"]}
                elif event["kind"] == "step" and self._progress is not None:
                    self._progress.update(step=event["step"], steps=event["total"],
                                          loss=round(event["loss"], 4))

        try:
            run_cycle(self.settings, self.store, cycle_id, engine=self.engine,
                      stop_event=self.stop_event, progress=progress)
        except Exception:  # run_cycle records its own failures; this is a last resort
            log.exception("sleep cycle %d crashed", cycle_id)
        finally:
            with self._lock:
                self._progress = None

    def progress(self, cycle_id: int) -> dict | None:
        """The running cycle's current stage (and training step), if it is ``cycle_id``."""
        with self._lock:
            current = self._progress
            return dict(current) if current and current["cycle_id"] == cycle_id else None

    def running(self) -> int | None:
        cycle = self.store.running_cycle()
        return cycle.id if cycle else None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current cycle's thread; True if none is running afterwards."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # --- automatic sleep ---------------------------------------------------
    @contextmanager
    def evaluation(self):
        """Hold while answering an evaluation request: the automatic sleep stays off."""
        with self._lock:
            self._evaluations += 1
        try:
            yield
        finally:
            with self._lock:
                self._evaluations -= 1
                self._last_evaluation = time.monotonic()

    def evaluation_active(self) -> bool:
        with self._lock:
            recent = time.monotonic() - self._last_evaluation < EVALUATION_QUIET_S
            return self._evaluations > 0 or (self._last_evaluation > 0 and recent)

    def note_user_turn(self, source: str) -> int | None:
        """Count a user turn; start the automatic sleep when due. Returns a started cycle id."""
        threshold = self.settings.auto_sleep_turns
        if source != "chat" or threshold <= 0:
            return None
        with self._lock:
            self._turns_since_sleep += 1
            due = self._turns_since_sleep >= threshold
        if not due or self.evaluation_active() or self.running() is not None:
            return None
        try:
            return self.start("auto")
        except Exception as exc:  # e.g. a cycle started meanwhile
            log.info("automatic sleep not started: %s", exc)
            return None

    # --- rollback and shutdown -------------------------------------------
    def rollback(self):
        """Serve the previous model version again; returns it."""
        running = self.running()
        if running is not None:
            raise CycleRunning(running)
        return versions.rollback(self.settings, self.store, self.engine)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Ask a running cycle to stop at its next checkpoint and wait briefly."""
        self.stop_event.set()
        self.wait(timeout)
