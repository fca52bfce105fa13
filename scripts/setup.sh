#!/usr/bin/env bash
# Create .venv in the repository root and install HeadlineBench with every extra (dev, neural,
# launchers, fast) so that the whole test suite runs.
# Re-running is cheap: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "HeadlineBench needs Python >= 3.10 (found $("$PY" --version 2>&1)); set PYTHON=..." >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.headline-bench-$(sha256sum pyproject.toml | cut -c1-16)"
if [[ ! -f $stamp ]]; then
  echo "setting up .venv (first run, or pyproject.toml changed) ..." >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  # torch first, pinned: here it is a local CPU wheel; an unpinned torch (asked for by the
  # neural extra) would otherwise download a multi-GB CUDA build.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "torch==${TORCH_VERSION:-2.13.0}"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev,neural,launchers,fast]'
  rm -f .venv/.headline-bench-*
  touch "$stamp"
fi
