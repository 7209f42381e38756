"""What the ``sleepllm`` command modules share: the error that ends a command with an exit
code, printing to stderr, and the settings with a command's flags on top.

Used by :mod:`daemon.cli` and :mod:`daemon.cli_data`; nothing heavy is imported here, so
``sleepllm --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

# Flags a command may carry that override a setting of the same name.
SETTING_FLAGS = ("host", "port", "data_dir", "model")


class CliError(Exception):
    """Ends the command: the message goes to stderr, ``code`` is the exit code (1 failed,
    2 usage or configuration)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def load_settings(args: argparse.Namespace) -> Any:
    """Settings from env and config file, with the command's flags on top."""
    from pydantic import ValidationError  # pydantic-settings, ~0.15 s: not for --help

    from .settings import Settings

    overrides = {n: getattr(args, n) for n in SETTING_FLAGS if getattr(args, n, None) is not None}
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise CliError(f"invalid settings: {exc}", 2) from None


def log_level(args: argparse.Namespace, default: str = "WARNING") -> str:
    return args.log_level or default
