"""Submitting predictions to a leaderboard: validate, score with the board's pinned dataset and
signature, record.

    headline-bench submit --predictions preds.jsonl --name "My model" [--track NAME]
    python leaderboard/submit.py --predictions preds.jsonl --name "My model"   # the same

The library lives in :mod:`leaderboard.submission` (re-exported here); this file is also the
script, which hands over to the CLI. The CLI imports the library, never this file, so the
two do not import each other.
"""

from __future__ import annotations

import sys

from leaderboard.submission import (
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_URL,
    board_dataset,
    check_text,
    check_url,
    submit,
)

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_NAME",
    "MAX_URL",
    "board_dataset",
    "check_text",
    "check_url",
    "submit",
]

if __name__ == "__main__":
    from benchmark.cli import main

    raise SystemExit(main(["submit", *sys.argv[1:]]))
