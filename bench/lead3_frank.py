"""Lead-3 on the 250 CNN/DailyMail test articles of FRANK, against the published Lead-3 ROUGE.

    python bench/lead3_frank.py --data ../shared/data

The full CNN/DM test split (11,490 articles) needs the hub:
``headline-bench run dataset=cnn_dailymail summariser=lead3 metrics.bootstrap_samples=1000``
reproduces the published number there. This script checks, offline, that our Lead-3
(our sentence splitter, our bullets-as-lines ROUGE-Lsum) lands in its neighbourhood on
the 250-article sample that FRANK ships (article text with original casing, gold
highlights PTB-tokenised).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from baselines.extractive import LeadK
from benchmark.aggregate import aggregate
from benchmark.metrics.rouge import bullets_text, rouge_f
from benchmark.records import Article

PUBLISHED = {
    "Liu & Lapata 2019 (Lead-3)": (40.42, 17.62, 36.67),
    "See et al. 2017 (lead-3)": (40.34, 17.70, 36.57),
}


def load(root: Path) -> list[Article]:
    path = root / "frank" / "frank_articles.jsonl"
    if not path.is_file():
        sys.exit(f"no {path}: pass --data pointing at the shared data folder")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["dataset"] != "cnndm":
            continue
        # gold highlights are "sentence . sentence ." in PTB tokens: one bullet per sentence
        bullets = tuple(s.strip() + " ." for s in re.split(r" \. ?", row["reference"]) if s.strip())
        out.append(Article(row["hash"], None, bullets, row["article"], "cnn_dailymail"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    articles = load(args.data)
    t0 = time.perf_counter()
    preds = LeadK(3).summarise(articles)
    scores = rouge_f(
        [bullets_text(a.bullets or ()) for a in articles], [bullets_text(p.bullets) for p in preds]
    )
    agg = aggregate(scores, ["rouge1", "rouge2", "rougeL", "rougeLsum"], samples=1000, seed=1)
    secs = time.perf_counter() - t0
    print(
        f"Lead-3 on {len(articles)} FRANK CNN/DM test articles ({secs:.1f} s), F1 x 100, "
        "95% bootstrap CI:"
    )
    for m in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        a = agg[m]
        assert a.mean is not None and a.low is not None and a.high is not None
        print(f"  {m:<10} {100 * a.mean:6.2f}  [{100 * a.low:6.2f}, {100 * a.high:6.2f}]")
    for name, (r1, r2, rl) in PUBLISHED.items():
        print(f"  published, {name}: R-1 {r1} / R-2 {r2} / R-L {rl} (R-L is ROUGE-Lsum)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
