"""Test-wide settings: never touch the network (the hub is unreachable here, and
evaluate can hang for minutes behind a silent network)."""

from __future__ import annotations

import os

for _var in (
    "HF_HUB_OFFLINE",
    "HF_DATASETS_OFFLINE",
    "HF_EVALUATE_OFFLINE",
    "TRANSFORMERS_OFFLINE",
):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


# The article-analysis cache (benchmark.prepared_cache) goes to a folder of this test
# session, never to the user's ~/.cache; tests that exercise it pass their own folder.
# The folder is removed when the session ends (each run used to leave one in /tmp).
if "HEADLINE_BENCH_CACHE" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="headline-bench-cache-")
    os.environ["HEADLINE_BENCH_CACHE"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)
