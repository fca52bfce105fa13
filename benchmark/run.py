"""One benchmark run without Hydra: summarise a split, score it, write every file.

``benchmark.cli_run`` wraps this in a Hydra app (``headline-bench run``); anyone can
also call :func:`run` from Python with a summariser object.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasets import DatasetDict

from baselines.base import Failure, PredictionCache, Summariser, config_hash, run_summariser
from benchmark.dataset import dataset_to_articles, fingerprint
from benchmark.errors import InputError
from benchmark.records import Prediction, write_predictions
from benchmark.scoring import (
    ItemScores,
    ScoreOptions,
    add_run_info,
    build_results,
    score_predictions,
    write_results,
)
from benchmark.shards import ShardManifest, shard_range, write_shard

# The columns of reports and comparison tables, in this order.
HEADLINE_COLUMNS = (
    "rouge1",
    "rouge2",
    "rougeLsum",
    "headline_rouge1",
    "figure_precision",
    "figure_recall",
    "figure_hedge_kept",
    "loaded_per_100w",
    "neutral_rate",
    "headline_neutral_rate",
    "wording_bias",
    "headline_wording_bias",
    "headline_sensational_rate",
    "coverage",
    "density",
)


@dataclass(frozen=True)
class RunOutcome:
    out_dir: Path
    results: dict[str, Any]
    failures: tuple[Failure, ...]


def run(
    *,
    dataset: DatasetDict,
    split: str,
    summariser: Summariser,
    summariser_name: str,
    summariser_config: Mapping[str, Any],
    out_dir: Path,
    dataset_name: str = "dataset",
    options: ScoreOptions,
    limit: int | None = None,
    batch_size: int = 32,
    cache_dir: Path | None = None,
    progress: bool = True,
    config: Mapping[str, Any] | None = None,
    shard: tuple[int, int] | None = None,
    workers: int | None = 1,
    model_device: str = "cpu",
) -> RunOutcome:
    """Summarise and score ``split`` and write every file to ``out_dir``.

    With ``shard=(I, N)``, only shard I of N of the split's articles: the folder then
    holds predictions, failures, ``scores.jsonl`` and ``shard.json``, and
    ``headline-bench merge`` turns N such folders into this function's whole-split output.
    """
    if split not in dataset:
        raise InputError(f"no split {split!r}; splits: {', '.join(dataset)}", field="split")
    articles = dataset_to_articles(dataset[split])
    if limit is not None:
        articles = articles[:limit]
    split_ids = [a.id for a in articles]
    if shard is not None:
        start, end = shard_range(*shard, len(articles))
        articles = articles[start:end]
    fp = fingerprint(dataset)
    # The cache key names the data too: the same ids in another dataset are other articles.
    key = config_hash({"name": summariser_name, **summariser_config, "dataset": fp, "split": split})
    cache = PredictionCache(cache_dir, key) if cache_dir is not None else None
    preds, failures = run_summariser(
        summariser,
        articles,
        batch_size=batch_size,
        cache=cache,
        progress=progress,
        desc=summariser_name,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_predictions(out_dir / "predictions.jsonl", preds)
    with open(out_dir / "failures.jsonl", "w", encoding="utf-8") as fh:
        for f in failures:
            fh.write(json.dumps(f.to_json(), ensure_ascii=False) + "\n")
    # A failed article counts as a failure, never hidden: ROUGE scores its empty summary as
    # zero, and the reference-free scores (which an empty summary would ace) skip it.
    by_id = {p.id: p for p in preds}
    scored = [by_id.get(a.id, Prediction(a.id, "", ())) for a in articles]
    items = score_predictions(
        articles,
        scored,
        options=options,
        progress=progress,
        workers=workers,
        cache_dir=cache_dir,
        model_device=model_device,
    )
    failed = {a.id for a in articles if a.id not in by_id}
    items = [
        it
        if it.id not in failed
        else ItemScores(
            it.id,
            {k: (v if "rouge" in k else None) for k, v in it.values.items()},
            {"failure": True},
        )
        for it in items
    ]
    run_info = {
        "dataset_name": dataset_name,
        "name": summariser_name,
        "config_hash": key,
        "failures": len(failures),
        "articles": len(articles),
    }
    if shard is not None:
        manifest = ShardManifest.build(
            shard,
            split_ids,
            fingerprint=fp,
            split=split,
            options=options,
            run=run_info,
            config=config,
        )
        write_shard(out_dir, items, manifest)
        return RunOutcome(out_dir, {"shard": manifest.to_json()}, tuple(failures))
    results = build_results(
        items,
        fingerprint=fp,
        split=split,
        options=options,
        predictions_path=str(out_dir / "predictions.jsonl"),
        config=config,
    )
    add_run_info(
        results,
        dataset_name=dataset_name,
        summariser_name=summariser_name,
        config_hash=key,
        failures=len(failures),
        articles=len(articles),
    )
    write_results(out_dir, items, results)
    from benchmark.reporting import write_reports

    write_reports(out_dir, results, items, articles, scored)
    return RunOutcome(out_dir, results, tuple(failures))


def comparison(
    results: Sequence[Mapping[str, Any]], columns: Sequence[str] = HEADLINE_COLUMNS
) -> tuple[str, str]:
    """A comparison of runs as (markdown, CSV); runs whose signatures differ are marked."""
    sigs = {r["signature"] for r in results}
    header = ["summariser", *columns]
    md = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([*header, "signature"])
    for r in results:
        name = r["summariser"]["name"]
        vals = [r["metrics"][c]["mean"] for c in columns]
        md.append(
            "| " + " | ".join([name, *("–" if v is None else f"{v:.3f}" for v in vals)]) + " |"
        )
        writer.writerow([name, *("" if v is None else f"{v:.6f}" for v in vals), r["signature"]])
    text = "\n".join(md)
    if len(sigs) > 1:
        text += "\n\nWarning: these runs have different signatures and are not comparable."
    else:
        text += f"\n\nSignature: `{next(iter(sigs))}`" if sigs else ""
    return text + "\n", buf.getvalue()
