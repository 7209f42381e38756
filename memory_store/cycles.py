"""Sleep-cycle and model-version methods of the memory store.

A sleep cycle is one night's run (gather, extract, train, validate, fuse, swap); its
stages are appended as they finish so a crash still leaves a readable trail. At most
one cycle is "running" at a time, enforced both by a transaction and by a unique partial
index, so two concurrent POST /sleep cannot both start one, even from two processes.

A model version is one set of weights the daemon can serve. Exactly one is "served" at
a time; :meth:`CyclesMixin.set_served` swaps them in one transaction so a crash can
never leave zero or two served versions.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from .base import StoreBase
from .errors import CycleRunning
from .rows import (
    CYCLE_STATUSES,
    VERSION_STATUSES,
    ModelVersion,
    SleepCycle,
    check_choice,
    check_ids,
    to_json,
    utc_now,
)

INTERRUPTED_ERROR = "daemon stopped during the cycle"
_FINISHED_STATUSES = tuple(s for s in CYCLE_STATUSES if s != "running")


class CyclesMixin(StoreBase):
    """Sleep cycles and the model versions they produce."""

    def start_cycle(self, trigger: str) -> SleepCycle:
        """Record a new running cycle; raises CycleRunning if one is already running."""
        if not isinstance(trigger, str) or not 1 <= len(trigger) <= 64:
            raise ValueError("trigger must be a string of 1-64 characters")

        def run(db: Database) -> SleepCycle:
            # Checked inside the IMMEDIATE transaction: nobody can start one in between.
            running = self._one(db, "SELECT id FROM sleep_cycles WHERE status = 'running'")
            if running is not None:
                raise CycleRunning(running["id"])
            row: dict[str, Any] = {
                "trigger": trigger,
                "status": "running",
                "started_at": utc_now(),
                "finished_at": None,
                "stages": "[]",
                "validation": None,
                "error": None,
                "model_version_id": None,
            }
            return SleepCycle.from_row({**row, "id": self._insert(db, "sleep_cycles", row)})

        return self._write(run)

    def record_stage(
        self,
        cycle_id: int,
        name: str,
        status: str,
        seconds: float,
        detail: dict[str, Any] | None = None,
    ) -> SleepCycle:
        """Append ``{name, status, seconds, detail, at}`` to the cycle's stages."""
        stage = {
            "name": name,
            "status": status,
            "seconds": round(float(seconds), 3),
            "detail": dict(detail or {}),
            "at": utc_now(),
        }

        def run(db: Database) -> SleepCycle:
            self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            db.execute(
                "UPDATE sleep_cycles SET stages = json_insert(stages, '$[#]', json(?)) "
                "WHERE id = ?",
                (to_json(stage), cycle_id),
            )
            return SleepCycle.from_row(self._require(db, "sleep_cycles", cycle_id, "sleep cycle"))

        return self._write(run)

    def finish_cycle(
        self,
        cycle_id: int,
        status: str,
        error: str | None = None,
        validation: dict[str, Any] | None = None,
        model_version_id: int | None = None,
    ) -> SleepCycle:
        """Close a cycle with a final status (anything but "running")."""
        check_choice("final cycle status", status, _FINISHED_STATUSES)

        def run(db: Database) -> SleepCycle:
            self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            if model_version_id is not None:
                self._require(db, "model_versions", model_version_id, "model version")
            db.execute(
                "UPDATE sleep_cycles SET status = ?, finished_at = ?, error = ?, "
                "validation = ?, model_version_id = ? WHERE id = ?",
                (
                    status, utc_now(), error,
                    None if validation is None else to_json(validation),
                    model_version_id, cycle_id,
                ),
            )
            return SleepCycle.from_row(self._require(db, "sleep_cycles", cycle_id, "sleep cycle"))

        return self._write(run)

    def get_cycle(self, cycle_id: int) -> SleepCycle | None:
        row = self._read(
            lambda db: self._one(db, "SELECT * FROM sleep_cycles WHERE id = ?", (cycle_id,))
        )
        return None if row is None else SleepCycle.from_row(row)

    def list_cycles(self, limit: int = 20) -> list[SleepCycle]:
        """The ``limit`` most recent cycles, newest first."""
        rows = self._read(
            lambda db: self._all(
                db, "SELECT * FROM sleep_cycles ORDER BY id DESC LIMIT ?", (max(0, int(limit)),)
            )
        )
        return [SleepCycle.from_row(r) for r in rows]

    def running_cycle(self) -> SleepCycle | None:
        row = self._read(
            lambda db: self._one(db, "SELECT * FROM sleep_cycles WHERE status = 'running'")
        )
        return None if row is None else SleepCycle.from_row(row)

    def last_cycle(self, status: str | None = None) -> SleepCycle | None:
        """The newest cycle, or the newest with ``status``."""
        if status is not None:
            check_choice("cycle status", status, CYCLE_STATUSES)
        row = self._read(
            lambda db: self._one(
                db,
                "SELECT * FROM sleep_cycles WHERE (?1 IS NULL OR status = ?1) "
                "ORDER BY id DESC LIMIT 1",
                (status,),
            )
        )
        return None if row is None else SleepCycle.from_row(row)

    def interrupt_stale_cycles(self) -> list[int]:
        """Mark cycles a crash left "running" as interrupted; return their ids.

        Only call this at daemon start, before the sleep thread exists: it cannot tell a
        crashed cycle from one this process is still running.
        """

        def run(db: Database) -> list[int]:
            ids = [r["id"] for r in self._all(
                db, "SELECT id FROM sleep_cycles WHERE status = 'running' ORDER BY id"
            )]
            db.execute(
                "UPDATE sleep_cycles SET status = 'interrupted', finished_at = ?, error = ? "
                "WHERE status = 'running'",
                (utc_now(), INTERRUPTED_ERROR),
            )
            return ids

        return self._write(run)

    def add_model_version(
        self,
        base_model: str,
        adapter_path: str | None,
        checksum: str | None,
        cycle_id: int | None,
        fact_ids: list[int],
        status: str = "candidate",
        note: str | None = None,
    ) -> ModelVersion:
        """Register weights; ``status="served"`` also retires the current served one."""
        check_choice("model version status", status, VERSION_STATUSES)
        row: dict[str, Any] = {
            "created_at": utc_now(),
            "cycle_id": cycle_id,
            "base_model": base_model,
            "adapter_path": None if adapter_path is None else str(adapter_path),
            "checksum": checksum,
            # A served version goes through _serve so the swap bookkeeping is shared.
            "status": "candidate" if status == "served" else status,
            "fact_ids": to_json(check_ids(fact_ids, "fact id")),
            "served_from": None,
            "served_until": None,
            "note": note,
        }

        def run(db: Database) -> ModelVersion:
            if cycle_id is not None:
                self._require(db, "sleep_cycles", cycle_id, "sleep cycle")
            version_id = self._insert(db, "model_versions", row)
            if status == "served":
                return self._serve(db, version_id)
            return ModelVersion.from_row({**row, "id": version_id})

        return self._write(run)

    def _serve(self, db: Database, version_id: int) -> ModelVersion:
        row = self._require(db, "model_versions", version_id, "model version")
        if row["status"] == "broken":
            raise ValueError(f"model version {version_id} is marked broken; not serving it")
        if row["status"] != "served":
            now = utc_now()
            # Retire first: the unique index allows only one served row at any moment.
            db.execute(
                "UPDATE model_versions SET status = 'retired', served_until = ? "
                "WHERE status = 'served'",
                (now,),
            )
            db.execute(
                "UPDATE model_versions SET status = 'served', served_from = ?, "
                "served_until = NULL WHERE id = ?",
                (now, version_id),
            )
        return ModelVersion.from_row(self._require(db, "model_versions", version_id, "version"))

    def set_served(self, version_id: int) -> ModelVersion:
        """Serve this version and retire the previous one, in one transaction."""
        return self._write(lambda db: self._serve(db, version_id))

    def served_version(self) -> ModelVersion | None:
        row = self._read(
            lambda db: self._one(db, "SELECT * FROM model_versions WHERE status = 'served'")
        )
        return None if row is None else ModelVersion.from_row(row)

    def get_version(self, version_id: int) -> ModelVersion | None:
        row = self._read(
            lambda db: self._one(db, "SELECT * FROM model_versions WHERE id = ?", (version_id,))
        )
        return None if row is None else ModelVersion.from_row(row)

    def list_versions(self) -> list[ModelVersion]:
        """All model versions, newest first."""
        rows = self._read(
            lambda db: self._all(db, "SELECT * FROM model_versions ORDER BY id DESC")
        )
        return [ModelVersion.from_row(r) for r in rows]

    def record_adapter_path(self, version_id: int, adapter_path: str) -> ModelVersion:
        """Set where a version's adapter lies (relative to the models folder)."""

        def run(db: Database) -> ModelVersion:
            self._require(db, "model_versions", version_id, "model version")
            db.execute("UPDATE model_versions SET adapter_path = ? WHERE id = ?",
                       (str(adapter_path), version_id))
            return ModelVersion.from_row(self._require(db, "model_versions", version_id, "version"))

        return self._write(run)

    def mark_version(self, version_id: int, status: str, note: str | None = None) -> ModelVersion:
        """Set a version's status (``note`` None keeps the old note).

        "served" goes through :meth:`set_served`; taking the served version out of
        service records ``served_until``.
        """
        check_choice("model version status", status, VERSION_STATUSES)

        def run(db: Database) -> ModelVersion:
            row = self._require(db, "model_versions", version_id, "model version")
            if note is not None:
                db.execute("UPDATE model_versions SET note = ? WHERE id = ?", (note, version_id))
            if status == "served":
                return self._serve(db, version_id)
            until = utc_now() if row["status"] == "served" else row["served_until"]
            db.execute(
                "UPDATE model_versions SET status = ?, served_until = ? WHERE id = ?",
                (status, until, version_id),
            )
            return ModelVersion.from_row(self._require(db, "model_versions", version_id, "version"))

        return self._write(run)
