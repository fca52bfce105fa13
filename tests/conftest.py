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
if "HEADLINE_BENCH_CACHE" not in os.environ:
    import tempfile

    os.environ["HEADLINE_BENCH_CACHE"] = tempfile.mkdtemp(prefix="headline-bench-cache-")
