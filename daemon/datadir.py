"""Who is using a data directory: a lock file that the daemon holds shared while it serves,
and that an import or a restore must take exclusively.

    lock = DataDirLock.shared(settings.data_dir)      # the daemon, an offline sleep or chat
    ...
    lock.release()
    with DataDirLock.exclusive(settings.data_dir):    # import, restore: DataDirBusy if in use
        ...

A ``flock`` on ``<data_dir>/.lock``: the kernel drops it when the holder exits, even on
``kill -9``, so a crash never leaves the directory marked in use. Shared holders do not
exclude each other (two daemons on one directory behave as before); an exclusive holder
excludes everyone, so a daemon does not start on a directory being restored. POSIX only,
like the rest of the daemon.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".lock"
DIR_MODE = 0o700


class DataDirBusy(RuntimeError):
    """Another process holds the data directory in a way that excludes this one."""


class DataDirLock:
    """A held lock on a data directory (see the module docstring)."""

    def __init__(self, data_dir: Path, exclusive: bool) -> None:
        data_dir = Path(data_dir)
        data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(self._fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
                        | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise DataDirBusy(
                f"{data_dir} is in use by a running daemon or sleep; stop it first"
                if exclusive else f"{data_dir} is being imported into or restored; "
                "wait for that to finish") from None

    @classmethod
    def shared(cls, data_dir: Path) -> DataDirLock:
        return cls(data_dir, exclusive=False)

    @classmethod
    def exclusive(cls, data_dir: Path) -> DataDirLock:
        return cls(data_dir, exclusive=True)

    def release(self) -> None:
        """Let go of the lock (closing the file releases it). Safe to call twice."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataDirLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
