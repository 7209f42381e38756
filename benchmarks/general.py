"""Check a general-knowledge benchmark file from the shell.

The benchmark itself (loader, scoring, the shipped questions) belongs to the sleep cycle's
validation gate and lives in :mod:`daemon.sleep.benchmark`::

    .venv/bin/python -m benchmarks.general [path/to/benchmark.json]
"""

from __future__ import annotations

import logging
import sys

from daemon.sleep.benchmark import DEFAULT_BENCHMARK, BenchmarkError, load_benchmark

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    """Validate a benchmark file; exit 1 with the error when it would not load."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = argv if argv is not None else sys.argv[1:]
    try:
        questions = load_benchmark(args[0] if args else None)
    except BenchmarkError as exc:
        log.error("%s", exc)
        return 1
    log.info("%s: ok (%d questions)", args[0] if args else DEFAULT_BENCHMARK, len(questions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
