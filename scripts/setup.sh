#!/usr/bin/env bash
# Set up sleepllm on a fresh machine: OpenBLAS and, for the tests, chromium (Linux,
# when apt is there and we may use it), a virtualenv in .venv with the package and its
# test tools, and the embedded model converted into the cache. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${SLEEPLLM_EXTRA:-test}

# apt_install NOTE PACKAGE...: install the packages as root where apt is; else print NOTE.
apt_updated=
apt_install() {
  local note=$1; shift
  if [ "$(uname -s)" != "Linux" ] || ! command -v apt-get >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != "0" ]; then echo "note: $note (sudo apt-get install $*)" >&2; return 0; fi
  export DEBIAN_FRONTEND=noninteractive
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq "$@" >/dev/null
}

if ! ldconfig -p 2>/dev/null | grep -q libopenblas.so.0; then
  apt_install "install libopenblas0-pthread for a ~17x faster CPU" libopenblas0-pthread
fi
# The web page's test drives Debian's chromium through Playwright (executable_path):
# Playwright's own browser download is not needed.
if [ "$extra" = "test" ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install "the web page's browser test needs chromium; it skips without" \
    --no-install-recommends chromium
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extra}]"
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
  -r scripts/parser-pipeline.txt
.venv/bin/sleepllm model fetch
