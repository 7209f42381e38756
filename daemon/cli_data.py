"""The data commands of ``sleepllm``: take the memory with you, and keep it safe.

    sleepllm export FILE [--force]   # the memory as JSON (secrets masked); the daemon may run
    sleepllm import FILE             # into a data directory that holds no memory yet
    sleepllm backup DIR              # database + served weights, consistent; the daemon may run
    sleepllm restore DIR             # replaces the database and weights; keeps the old aside

Each takes ``--data-dir``. Export reads the data directory directly in one read
transaction, so it is consistent whether or not a daemon runs. Import and restore refuse
while a daemon (or an offline sleep or chat) uses the data directory. The formats are in
:mod:`daemon.export_format` and :mod:`daemon.backup`, and in the README. Registered by
:func:`daemon.cli.build_parser` through :func:`add_commands`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .cli_common import CliError, eprint, load_settings
from .datadir import DataDirBusy, DataDirLock


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (0600) through a temporary file: a failed write leaves
    any earlier file whole."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# --- export and import ------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    from memory_store import open_store  # sqlite-utils; the secret detectors below: ~2 s

    from .portable import build_export

    settings = load_settings(args)
    target = Path(args.file)
    if target.exists() and not args.force:
        raise CliError(f"{target} already exists; choose another file or pass --force", 2)
    if not target.parent.is_dir():
        raise CliError(f"no folder {target.parent} to write {target.name} in", 2)
    if not settings.db_path.is_file():
        raise CliError(f"nothing to export: no memory in {settings.data_dir}")
    with open_store(settings.db_path) as store:
        export = build_export(store, settings.withhold_secrets, settings.model)
    write_private(target, export.model_dump_json(indent=2) + "\n")
    print(f"exported {len(export.conversations)} conversations, {len(export.messages)} "
          f"messages and {len(export.facts)} facts to {target}")
    if export.secrets_masked:
        eprint(f"secrets masked: {', '.join(export.secrets_masked)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from memory_store import open_store

    from .portable import ImportRejected, import_memory, read_export

    settings = load_settings(args)
    try:
        export = read_export(Path(args.file))  # before anything in the data dir is touched
    except ImportRejected as exc:
        raise CliError(f"cannot import {args.file}: {exc}") from None
    try:
        with DataDirLock.exclusive(settings.data_dir), open_store(settings.db_path) as store:
            held = store.holds_data()
            if held:
                raise CliError(
                    f"{settings.data_dir} already holds a memory ("
                    + ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in held.items())
                    + "); import only goes into a fresh data directory (--data-dir NEW)")
            outcome = import_memory(store, export)
    except DataDirBusy as exc:
        raise CliError(str(exc)) from None
    print(f"imported {outcome.conversations} conversations, {outcome.messages} messages and "
          f"{outcome.facts} facts into {settings.data_dir}")
    if outcome.to_relearn:
        print(f"{outcome.to_relearn} facts the old weights had learned are pending until the "
              "next sleep trains them (`sleepllm sleep`); the export holds no weights")
    return 0


# --- backup and restore -------------------------------------------------------------------
def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import BackupError, make_backup  # MLX's adapter checks, ~1 s

    settings = load_settings(args)
    try:
        manifest = make_backup(settings, Path(args.dir))
    except (BackupError, DataDirBusy) as exc:
        raise CliError(str(exc)) from None
    weights = (f"model version {manifest.served_version} with its adapter"
               if manifest.adapter else "no adapter (the base model is served)")
    print(f"backed up {settings.data_dir} to {args.dir}: the database "
          f"({_counts(manifest.counts)}) and {weights}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .backup import BackupError, restore_backup

    settings = load_settings(args)
    try:
        outcome = restore_backup(settings, Path(args.dir))
    except (BackupError, DataDirBusy) as exc:
        raise CliError(str(exc)) from None
    print(f"restored {settings.data_dir} from {args.dir} (backed up "
          f"{outcome.manifest.created_at}: {_counts(outcome.manifest.counts)})")
    if outcome.set_aside is not None:
        print(f"the database and models it replaced are in {outcome.set_aside}")
    return 0


def _counts(counts: dict[str, int]) -> str:
    shown = [f"{counts.get(t, 0)} {t}" for t in ("conversations", "messages", "facts")]
    return ", ".join(shown)


def add_commands(sub: Any) -> None:
    """Register export, import, backup and restore on the ``sleepllm`` subparsers."""
    def data_dir(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-dir", type=Path, help="the data directory (default: the "
                            "data_dir setting)")

    export = sub.add_parser("export", help="write the memory (facts, conversations, model "
                            "versions) to a JSON file, secrets masked")
    export.add_argument("file", help="the file to write (owner-only)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    data_dir(export)
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="load an export into a data directory with no memory")
    imp.add_argument("file", help="a file written by `sleepllm export`")
    data_dir(imp)
    imp.set_defaults(func=cmd_import)

    backup = sub.add_parser("backup", help="copy the database and the served weights to a "
                            "folder (consistent while the daemon runs)")
    backup.add_argument("dir", help="a new or empty folder")
    data_dir(backup)
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="put a backup back (no daemon may be serving "
                             "the data directory; what it replaces is kept aside)")
    restore.add_argument("dir", help="a folder written by `sleepllm backup`")
    data_dir(restore)
    restore.set_defaults(func=cmd_restore)
