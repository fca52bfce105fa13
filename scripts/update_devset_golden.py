"""Regenerate the dev set's golden build file and its in-repo dataset card.

Run after a deliberate change to the dev-set texts or to the seed parser, and bump
DEVSET_VERSION in benchmark/bundled.py (with a CHANGELOG line) when the content changed.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmark.bundled import DEVSET_CARD, DEVSET_VERSION, build_devset, devset_dir
from benchmark.dataset import fingerprint, render_card

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    build = build_devset()
    fp = fingerprint(build.dataset)
    golden = {
        "version": DEVSET_VERSION,
        "fingerprint": fp,
        "splits": {k: sorted(v["id"]) for k, v in build.dataset.items()},
        "dropped": {r.file: [[d.kind, d.line] for d in r.dropped] for r in build.reports},
    }
    path = ROOT / "tests" / "golden" / f"devset-v{DEVSET_VERSION}.json"
    path.write_text(json.dumps(golden, indent=1) + "\n", encoding="utf-8")
    (devset_dir() / "README.md").write_text(render_card(build.dataset, DEVSET_CARD, fp=fp), "utf-8")
    counts = {k: v.num_rows for k, v in build.dataset.items()}
    print(f"wrote {path.relative_to(ROOT)} and the dev-set card: {counts}, fingerprint {fp[:16]}")


if __name__ == "__main__":
    main()
