#!/usr/bin/env bash
# Run the whole test suite (set-up first, so it works on a fresh clone).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m slow` for the slow cases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
