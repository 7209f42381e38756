#!/usr/bin/env bash
# Set up sleepllm on a fresh machine: OpenBLAS (Linux, when apt is there and we may
# use it), a virtualenv in .venv with the package and its test tools, and the
# embedded model converted into the cache. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1 \
   && ! ldconfig -p 2>/dev/null | grep -q libopenblas.so.0; then
  if [ "$(id -u)" = "0" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq libopenblas0-pthread >/dev/null
  else
    echo "note: install libopenblas0-pthread for a ~17x faster CPU (sudo apt-get install libopenblas0-pthread)" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
extra=${SLEEPLLM_EXTRA:-test}
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extra}]"
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
  -r scripts/parser-pipeline.txt
.venv/bin/sleepllm model fetch
