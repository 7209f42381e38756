"""The remote GPU script's dry run: what it would sync, install and run.

    .venv/bin/python -m pytest tests/benchmarks/test_remote_script.py
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration  # runs the script (bash) as a child process

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "remote_run.sh"


def _run(*args):
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True)


def test_dry_run_syncs_installs_cuda_runs_and_fetches_results():
    done = _run("--host", "me@gpu", "--dry-run", "--", "experiment", "--persona", "p q.json",
                "--out", "runs/x")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("+ rsync") and "me@gpu:sleepllm/" in lines[0]
    assert "--exclude .venv" in lines[0]
    assert "SLEEPLLM_EXTRA=cuda,test bash scripts/setup.sh" in lines[1]
    assert "SLEEPLLM_DEVICE=cuda .venv/bin/sleepllm experiment --persona p\\ q.json" in lines[2]
    assert lines[-1] == "+ rsync -az me@gpu:sleepllm/runs/ runs/"


def test_missing_host_or_command_is_an_error():
    assert _run("--", "sleep").returncode == 2
    assert "sleepllm command" in _run("--host", "h").stderr
