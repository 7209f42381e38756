#!/usr/bin/env bash
# Run the whole test suite (set-up first, so it works on a fresh clone).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m slow` for the slow cases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
# Type check of the packages (settings in pyproject.toml): 30-45 s on 2 cores from cold,
# about 1 s when .mypy_cache is warm.
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
