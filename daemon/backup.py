"""Backups of a data directory: a consistent copy taken while the daemon runs, and a
restore that never loses what it replaces.

    manifest = make_backup(settings, Path("~/sleepllm-backup"))    # the daemon may run
    outcome = restore_backup(settings, Path("~/sleepllm-backup"))  # no daemon on data_dir

A backup folder holds ``sleepllm.db`` (SQLite's online backup API: one consistent copy
of the database, while the daemon goes on reading and writing), ``models/v<id>/`` (the
served model version's adapter, checked against its recorded sha256) and ``backup.json``
(:class:`BackupManifest`). Only the served version's weights are copied: the older
versions kept for rollback are marked "pruned" in the copied database, so a restored
daemon never tries to load weights the backup does not hold.

A restore checks the backup first (database integrity, schema version, adapter checksum),
takes the data directory's lock exclusively (so it refuses while a daemon or an offline
sleep uses it; see :mod:`daemon.datadir`), stages the copy inside the data directory and
only then moves the current database and models aside to ``replaced/<time>/`` and the
staged copy in. ``config.toml`` and anything else in the data directory stay as they are.
Used by ``sleepllm backup`` and ``sleepllm restore`` (:mod:`daemon.cli_data`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from mlx_core.adapter import AdapterError, verify_adapter

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from memory_store import (
    SCHEMA_VERSION,
    StoreError,
    backup_database,
    check_database,
    open_store,
)
from memory_store.rows import utc_now

from .datadir import DataDirLock
from .settings import Settings
from .sleep.versions import VersionError, adapter_dir

DB_NAME = "sleepllm.db"
MANIFEST = "backup.json"
REPLACED_DIR = "replaced"
DIR_MODE = 0o700
NOT_BACKED_UP = "adapter not in this backup (only the served version's is)"


class BackupError(RuntimeError):
    """A backup or restore cannot go ahead; nothing was changed (the message says why)."""


class BackupManifest(BaseModel):
    """``backup.json``: what a backup folder holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["sleepllm-backup"] = "sleepllm-backup"
    format_version: Literal[1] = 1
    created_at: str
    model: str
    schema_version: int
    served_version: int | None
    adapter: str | None = Field(None, pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
    """The served version's adapter folder under ``models/``; None: the bare base model."""
    checksum: str | None
    counts: dict[str, int]
    """Rows per table (conversations, messages, facts, ...)."""


@dataclass(frozen=True)
class RestoreOutcome:
    manifest: BackupManifest
    set_aside: Path | None
    """Where the replaced database and models went (None: there were none)."""


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _check_target(dest: Path, data_dir: Path) -> None:
    if dest.resolve() == data_dir.resolve():
        raise BackupError("the backup folder cannot be the data directory itself")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} already exists and is not an empty folder; "
                          "give a new folder for the backup")


def _prepare_copy(settings: Settings, db_copy: Path) -> tuple[BackupManifest, Path | None]:
    """Mark the versions whose adapters stay behind in the copy; its manifest, and the
    served adapter's folder in the data directory (None: the bare base model)."""
    with open_store(db_copy) as store:
        served = store.served_version()
        for version in store.list_versions():
            if version.adapter_path and version.status == "retired":
                store.mark_version(version.id, "pruned", note=NOT_BACKED_UP)
        counts = store.holds_data()
        schema = store.snapshot().schema_version
    # The same check the daemon makes before loading: never a folder outside models/.
    source = adapter_dir(settings, served) if served else None
    return BackupManifest(
        created_at=utc_now(), model=served.base_model if served else settings.model,
        schema_version=schema, served_version=served.id if served else None,
        adapter=source.name if source else None,
        checksum=served.checksum if served else None, counts=counts), source


def _copy_adapter(manifest: BackupManifest, source: Path | None, dest: Path) -> None:
    if manifest.adapter is None or source is None:
        return
    try:
        shutil.copytree(source, dest / "models" / manifest.adapter)
        verify_adapter(dest / "models" / manifest.adapter, manifest.checksum)
    except FileNotFoundError:
        raise BackupError(f"the served adapter {source} went away during the backup (a sleep "
                          "replaced it); run the backup again") from None
    except AdapterError as exc:
        raise BackupError(f"the served adapter does not check out: {exc}") from None


def make_backup(settings: Settings, dest: Path) -> BackupManifest:
    """Back the data directory up into ``dest`` (new or empty); see the module docstring.
    Raises BackupError (leaving no partial backup behind) when it cannot."""
    dest = Path(dest).expanduser()
    _check_target(dest, settings.data_dir)
    if not settings.db_path.is_file():
        raise BackupError(f"nothing to back up: no database in {settings.data_dir}")
    created = not dest.exists()
    dest.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    try:
        backup_database(settings.db_path, dest / DB_NAME)
        manifest, source = _prepare_copy(settings, dest / DB_NAME)
        _copy_adapter(manifest, source, dest)
        (dest / MANIFEST).write_text(manifest.model_dump_json(indent=2) + "\n")
    except (StoreError, VersionError) as exc:
        _discard(dest, created)
        raise BackupError(str(exc)) from None
    except BaseException:
        _discard(dest, created)
        raise
    return manifest


def _discard(dest: Path, created: bool) -> None:
    """Remove a failed backup: the folder if this backup made it, else what it wrote."""
    if created:
        shutil.rmtree(dest, ignore_errors=True)
        return
    for entry in dest.iterdir():
        shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()


# --- restore --------------------------------------------------------------------------------
def read_backup(source: Path) -> BackupManifest:
    """The manifest of a backup folder, after checking the database and the adapter."""
    source = Path(source).expanduser()
    try:
        manifest = BackupManifest.model_validate_json((source / MANIFEST).read_text())
    except OSError as exc:
        raise BackupError(f"{source} is not a sleepllm backup (no readable {MANIFEST}: "
                          f"{exc.strerror or exc})") from None
    except ValidationError as exc:
        raise BackupError(f"{source / MANIFEST} is not a valid backup manifest: "
                          f"{exc.errors()[0]['msg']}") from None
    try:
        schema = check_database(source / DB_NAME)
    except StoreError as exc:
        raise BackupError(f"the backup's database is damaged: {exc}") from None
    if schema > SCHEMA_VERSION:
        raise BackupError(f"the backup's database is schema v{schema}, newer than this "
                          f"sleepllm reads (v{SCHEMA_VERSION}); upgrade sleepllm first")
    if manifest.adapter is not None:
        try:
            verify_adapter(source / "models" / manifest.adapter, manifest.checksum)
        except AdapterError as exc:
            raise BackupError(f"the backup's adapter is damaged: {exc}") from None
    return manifest


def restore_backup(settings: Settings, source: Path) -> RestoreOutcome:
    """Replace the data directory's database and models with the backup's; see the module
    docstring. Raises BackupError or DataDirBusy, having changed nothing, when it cannot."""
    source = Path(source).expanduser()
    data_dir = settings.data_dir
    if source.resolve() == data_dir.resolve():
        raise BackupError("the backup folder cannot be the data directory itself")
    manifest = read_backup(source)
    with DataDirLock.exclusive(data_dir):
        stamp = _stamp()
        staging = data_dir / f".restore-{stamp}"
        staging.mkdir(mode=DIR_MODE)
        try:
            # A plain copy: the backup is at rest (its manifest is written last).
            shutil.copy2(source / DB_NAME, staging / DB_NAME)
            check_database(staging / DB_NAME)
            if manifest.adapter is not None:
                shutil.copytree(source / "models" / manifest.adapter,
                                staging / "models" / manifest.adapter)
                verify_adapter(staging / "models" / manifest.adapter, manifest.checksum)
            set_aside = _swap_in(settings, staging, data_dir / REPLACED_DIR / stamp)
        except (StoreError, AdapterError) as exc:
            raise BackupError(f"restore failed, nothing was changed: {exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return RestoreOutcome(manifest, set_aside)


def _swap_in(settings: Settings, staging: Path, aside: Path) -> Path | None:
    """Move the current database (with its WAL) and models to ``aside``, the staged ones
    in; if a move fails midway, the moved-aside files go back."""
    db = settings.db_path
    current = [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), settings.models_dir)
               if p.exists()]
    moved: list[Path] = []
    try:
        if current:
            aside.mkdir(mode=DIR_MODE, parents=True)
        for path in current:
            shutil.move(str(path), str(aside / path.name))
            moved.append(path)
        shutil.move(str(staging / DB_NAME), str(db))
        if (staging / "models").exists():
            shutil.move(str(staging / "models"), str(settings.models_dir))
    except BaseException:
        # Undo: drop what was moved in, put back what was moved aside.
        for path in (db, settings.models_dir):
            if path in current and path not in moved:
                continue  # never moved: still the user's own
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        for path in moved:
            shutil.move(str(aside / path.name), str(path))
        raise
    return aside if current else None
