#!/usr/bin/env bash
# Quick start (2): lint, type-check and run the test suite, offline. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The leaderboard page is tested in headless Chromium (Debian's package): install it where
# we can (root with apt); elsewhere that one test skips, saying so.
if ! command -v chromium >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "installing chromium for the leaderboard page test ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# The hub is not needed by any test; evaluate ignores HF_HUB_OFFLINE and would wait on the network.
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 HF_EVALUATE_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/mypy bench  # the benchmark scripts (not a package)
.venv/bin/python -m pytest "$@"
