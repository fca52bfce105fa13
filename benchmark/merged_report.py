"""The reports of merged shards: ``report.md`` and ``report.html`` as the single run writes.

A merge has every item's scores; the article text and the summaries it finds again from
what the shard manifests name, and checks them against the hashes the shards recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from datasets import DatasetDict

from benchmark.errors import InputError
from benchmark.records import Article, Prediction
from benchmark.shards import Merged


def _merged_articles(merged: Merged) -> tuple[list[Article] | None, str]:
    """The articles the shards scored, from the dataset their manifests name, and where
    they came from; ``None`` and why when they cannot be had as they were scored."""
    from benchmark.dataset import dataset_to_articles, fingerprint, load_dataset_dir

    first = merged.first
    node = (first.config or {}).get("dataset")
    try:
        if first.dataset_path is not None:  # `score --shard`
            where = f"the dataset {first.dataset_path}"
            dsd: Any = load_dataset_dir(first.dataset_path)
        elif isinstance(node, Mapping) and "_target_" in node:  # `run shard.count=N`
            where = f"the run's dataset ({node['_target_']})"
            from hydra.utils import instantiate

            dsd = instantiate(dict(node), _convert_="all")
        else:
            return None, "the shards name no dataset"
    except Exception as exc:  # any failure only leaves the article text out
        why = exc.message if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
        return None, f"{where} could not be loaded ({why})"
    if not isinstance(dsd, DatasetDict) or first.split not in dsd:
        return None, f"{where} has no split {first.split!r}"
    if fingerprint(dsd) != first.fingerprint:
        return None, f"{where} has changed since the shards were scored"
    wanted = {it.id for it in merged.items}
    return [a for a in dataset_to_articles(dsd[first.split]) if a.id in wanted], where


def _merged_predictions(merged: Merged, out_dir: Path) -> tuple[list[Prediction] | None, str]:
    """The predictions the shards scored; ``None`` and why when they are not here as scored."""
    from benchmark.records import read_predictions
    from benchmark.scoring import file_sha256

    if merged.first.run is not None:  # merged_results joined the shards' own files here
        return read_predictions(out_dir / "predictions.jsonl"), ""
    out: list[Prediction] = []
    offset = 0
    for m in merged.manifests:
        ids = {it.id for it in merged.items[offset : offset + m.end - m.start]}
        offset += m.end - m.start
        path = m.predictions_path
        if path is None or not Path(path).is_file():
            return None, f"the predictions file {path} is not here"
        if m.predictions_sha256 is not None and file_sha256(path) != m.predictions_sha256:
            return None, f"the predictions file {path} has changed since the shards were scored"
        out += [p for p in read_predictions(path) if p.id in ids]
    return out, ""


def write_merged_reports(merged: Merged, results: Mapping[str, Any], out_dir: Path) -> str | None:
    """``report.md`` and ``report.html`` of merged shards, as the single run writes them.

    The article text comes from the dataset the manifests name (checked against their
    fingerprint) and the summaries from the predictions they scored (checked against
    their hash). What cannot be had is left out, never guessed, and the report says so:
    without the articles, no source text; without the predictions, no article section.
    Returns that note, or ``None`` when the report is complete.
    """
    from benchmark.reporting import write_reports

    notes = []
    articles, where = _merged_articles(merged)
    if articles is None:
        notes.append(
            f"the articles were not available to the merge: {where}; the report shows no "
            "article text or source sentences."
        )
    predictions, why = _merged_predictions(merged, out_dir)
    if predictions is None:
        notes.append(
            f"the predictions were not available to the merge: {why}; the report shows no "
            "articles, only the aggregates."
        )
    note = " ".join(n[0].upper() + n[1:] for n in notes) or None
    write_reports(
        out_dir,
        results,
        merged.items,
        articles or [],
        predictions or [],
        max_articles=20 if predictions is not None else 0,
        note=note,
    )
    return note
