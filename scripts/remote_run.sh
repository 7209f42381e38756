#!/usr/bin/env bash
# Run a sleepllm command on a remote NVIDIA GPU host over ssh, with MLX's CUDA build.
#
#   scripts/remote_run.sh --host user@gpu-box [--dir ~/sleepllm] [--dry-run] -- COMMAND...
#   scripts/remote_run.sh --host user@gpu-box -- experiment --persona benchmarks/seed_persona.json --out runs/seed
#
# Syncs the project (not .venv or runs/), installs it there with the `cuda` extra,
# runs `sleepllm COMMAND...` with SLEEPLLM_DEVICE=cuda, then copies runs/ back
# (experiment results, and adapters of runs kept with --keep-data).
# --dry-run prints the commands instead of running them.
set -euo pipefail

host="" remote_dir="sleepllm" dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2"; shift 2 ;;
    --dir) remote_dir="$2"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$host" ] || { echo "--host is required" >&2; exit 2; }
[ $# -gt 0 ] || { echo "give the sleepllm command after --" >&2; exit 2; }

cd "$(dirname "$0")/.."
quoted=$(printf '%q ' "$@")
run() { if [ "$dry" = 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi; }

run rsync -az --delete --exclude .venv --exclude runs --exclude .git --exclude '__pycache__' \
  ./ "$host:$remote_dir/"
run ssh "$host" "cd $remote_dir && SLEEPLLM_EXTRA=cuda,test bash scripts/setup.sh"
run ssh "$host" "cd $remote_dir && SLEEPLLM_DEVICE=cuda .venv/bin/sleepllm $quoted"
run mkdir -p runs
run rsync -az "$host:$remote_dir/runs/" runs/
