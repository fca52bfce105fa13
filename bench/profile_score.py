"""Score part of a generated set in one process, for a profiler to look at.

    python bench/generate.py --n 11490 --out /tmp/cnndm-like
    pyinstrument bench/profile_score.py --set /tmp/cnndm-like --n 1000
    py-spy record -o profile.svg -- python bench/profile_score.py --set /tmp/cnndm-like

One process, no article cache, the rouge-score backend: what one worker of
``headline-bench score`` does, without process start-up hiding in the profile.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from benchmark.dataset import dataset_to_articles, load_dataset_dir
from benchmark.records import read_predictions
from benchmark.scoring import ScoreOptions, build_results, match_predictions, score_predictions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, required=True, help="a bench/generate.py folder")
    parser.add_argument("--n", type=int, default=1000, help="articles to score")
    parser.add_argument("--rouge-backend", default="rouge-score")
    args = parser.parse_args(argv)
    articles = dataset_to_articles(load_dataset_dir(args.set / "dataset")["test"])[: args.n]
    wanted = {a.id for a in articles}
    predictions = [p for p in read_predictions(args.set / "lead3.jsonl") if p.id in wanted]
    preds = match_predictions(articles, predictions)
    options = ScoreOptions(rouge_backend=args.rouge_backend)
    start = time.perf_counter()
    items = score_predictions(articles, preds, options=options, workers=1)
    build_results(items, fingerprint="0" * 64, split="test", options=options)
    secs = time.perf_counter() - start
    print(f"{len(items)} articles in {secs:.1f} s ({1000 * secs / len(items):.2f} ms/article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
