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
