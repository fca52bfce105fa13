"""`headline-bench score|merge|check|export|validate`: scoring predictions and reading results."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark.errors import InputError

EXIT_OK = 0


def cmd_export(args: argparse.Namespace) -> int:
    from benchmark.check import load_run
    from benchmark.reporting import model_index

    _, results = load_run(args.results)
    recorded = results["dataset"].get("name")
    name = args.dataset_name or {"dev": "HeadlineBench dev"}.get(recorded, recorded)
    if not name:
        raise InputError(
            "the run recorded no dataset name; pass --dataset-name", field="dataset-name"
        )
    print(model_index(results, model_name=args.model_name, dataset_name=name), end="")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from benchmark.check import EXIT_OK, EXIT_REGRESSION, check, format_rows

    drops: dict[str, float] = {}
    for metric, value in args.max_drop:
        try:
            drops[metric] = float(value)
        except ValueError:
            raise InputError(f"{value!r} is not a number", field=f"max-drop {metric}") from None
    rows = check(
        args.results,
        args.baseline,
        max_drops=drops or None,
        paired=args.paired,
        alpha=args.alpha,
        seed=args.seed,
        samples=args.samples,
    )
    print(format_rows(rows))
    regressed = [r.metric for r in rows if r.regressed]
    if regressed:
        print(f"\nregression: {', '.join(regressed)}")
        return EXIT_REGRESSION
    print("\nno regression")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from benchmark.validation.report import targets_met, validate

    if args.data is not None and not args.data.is_dir():
        raise InputError("not a folder", path=args.data, field="data")
    from benchmark.metrics.wording import load_wording_lexicons
    from benchmark.metrics.wording_model import WordingModel

    paths = _lexicon_options(args.lexicon)
    lexicons = (
        load_wording_lexicons(
            paths.get("lexicon_path"),
            paths.get("subjectivity_lexicon_path"),
            paths.get("epistemic_lexicon_path"),
        )
        if paths
        else None
    )
    model = None
    if args.wording_model is not None:
        model = WordingModel(
            model=args.wording_model,
            revision=args.wording_model_revision,
            label=args.wording_model_label,
            device=args.wording_model_device,
            explain=False,
        )
    results, text = validate(
        args.data,
        args.out,
        args.seed,
        examples=not args.no_examples,
        lexicons=lexicons,
        model=model,
    )
    print(text)
    if args.strict and not targets_met(results):
        return 1
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from benchmark.dataset import dataset_to_articles, fingerprint, load_dataset_dir
    from benchmark.records import read_predictions
    from benchmark.scoring import (
        ScoreOptions,
        build_results,
        file_sha256,
        match_predictions,
        score_predictions,
        write_results,
    )
    from benchmark.shards import ShardManifest, parse_shard_spec, shard_range

    if args.bootstrap_samples < 1:
        raise InputError("must be at least 1", field="bootstrap-samples")
    if args.workers < 0:
        raise InputError("must be 0 (one per CPU) or more", field="workers")
    shard = None if args.shard is None else parse_shard_spec(args.shard)
    dsd = load_dataset_dir(args.dataset)
    if args.split not in dsd:
        raise InputError(
            f"no split {args.split!r}; splits: {', '.join(dsd)}", path=args.dataset, field="split"
        )
    articles = dataset_to_articles(dsd[args.split])
    split_ids = [a.id for a in articles]
    start, end = (0, len(articles)) if shard is None else shard_range(*shard, len(articles))
    articles = articles[start:end]
    predictions = read_predictions(args.predictions)
    if shard is not None:
        # a shard may be scored from the whole split's file or from its own part of it
        in_split = set(split_ids)
        extra = next((p.id for p in predictions if p.id not in in_split), None)
        if extra is not None:
            raise InputError(
                f"prediction for id {extra!r}, which is not in split {args.split!r}",
                path=args.predictions,
                field="id",
            )
        wanted = {a.id for a in articles}
        predictions = [p for p in predictions if p.id in wanted]
    preds = match_predictions(articles, predictions, path=str(args.predictions))
    paths = _lexicon_options(args.lexicon)
    options = ScoreOptions(
        rouge_backend=args.rouge_backend,
        bootstrap_samples=args.bootstrap_samples,
        bootstrap_seed=args.seed,
        wording_model=args.wording_model,
        wording_model_revision=args.wording_model_revision,
        wording_model_label=args.wording_model_label,
        lexicon_path=paths.get("lexicon_path"),
        subjectivity_lexicon_path=paths.get("subjectivity_lexicon_path"),
        epistemic_lexicon_path=paths.get("epistemic_lexicon_path"),
    )
    from benchmark.prepared_cache import default_cache_dir

    items = score_predictions(
        articles,
        preds,
        options=options,
        progress=True,
        workers=args.workers or None,
        cache_dir=None if args.no_cache else (args.cache_dir or default_cache_dir()),
        model_device=args.wording_model_device,
    )
    fp = fingerprint(dsd)  # of the content as it is now, not as the build recorded it
    if shard is not None:
        from benchmark.shards import write_shard

        manifest = ShardManifest.build(
            shard,
            split_ids,
            fingerprint=fp,
            split=args.split,
            options=options,
            dataset_path=str(args.dataset),
            predictions_path=str(args.predictions),
            predictions_sha256=file_sha256(args.predictions),
        )
        path = write_shard(args.out, items, manifest)
        print(
            f"scored shard {shard[0]}/{shard[1]}: articles {start}..{end - 1} of "
            f"{len(split_ids)}\nwrote {path}; combine every shard with `headline-bench merge`"
        )
        return EXIT_OK
    results = build_results(
        items,
        fingerprint=fp,
        split=args.split,
        options=options,
        dataset_path=str(args.dataset),
        predictions_path=str(args.predictions),
    )
    scores_path, results_path = write_results(args.out, items, results)
    from benchmark.reporting import write_reports

    # the same report a run writes (flagged summaries with their source sentences)
    md, page = write_reports(args.out, results, items, articles, preds)
    print(format_results_table(results))
    print(f"\n{results['signature']}\nwrote {scores_path}, {results_path}, {md} and {page}")
    return EXIT_OK


_LAYER_OPTION = {
    "loaded": "lexicon_path",
    "subjective": "subjectivity_lexicon_path",
    "subjectivity": "subjectivity_lexicon_path",
    "epistemic": "epistemic_lexicon_path",
}


def _lexicon_options(values: Sequence[str]) -> dict[str, str]:
    """``--lexicon [LAYER=]PATH`` values as ScoreOptions fields; each layer at most once."""
    from benchmark.metrics.wording import NO_LAYER

    out: dict[str, str] = {}
    for value in values:
        layer, sep, path = value.partition("=")
        if not sep or layer not in _LAYER_OPTION:
            layer, path = "loaded", value
        name = _LAYER_OPTION[layer]
        if name in out:
            raise InputError(f"two lexicons for the {layer} layer", field="--lexicon")
        if path == NO_LAYER and layer != "loaded":
            out[name] = path  # the layer is left out
            continue
        if not Path(path).is_file():
            raise InputError("no such file", path=path, field="--lexicon")
        out[name] = path
    return out


def cmd_merge(args: argparse.Namespace) -> int:
    from benchmark.merged_report import write_merged_reports
    from benchmark.scoring import write_results
    from benchmark.shards import merge_shards, merged_results

    merged = merge_shards(args.shards)
    if merged.first.run is None and len({m.predictions_sha256 for m in merged.manifests}) > 1:
        print(
            "headline-bench: note: the shards scored different predictions files; the merged "
            "results name none (make sure they are one model's predictions)",
            file=sys.stderr,
        )
    results = merged_results(merged, args.out)
    scores_path, results_path = write_results(args.out, merged.items, results)
    note = write_merged_reports(merged, results, args.out)
    if note is not None:
        print(f"headline-bench: note: {note}", file=sys.stderr)
    print(format_results_table(results))
    print(
        f"\nmerged {len(merged.manifests)} shards, {len(merged.items)} articles\n"
        f"{results['signature']}\nwrote {scores_path}, {results_path} and report.md/.html"
    )
    return EXIT_OK


def format_results_table(results: dict[str, Any]) -> str:
    """The aggregates as a plain table: metric, mean, 95% interval, items."""
    rows = [f"{'metric':<30}{'mean':>10}{'95% CI':>22}{'n':>7}"]
    for name, agg in results["metrics"].items():
        if agg["mean"] is None:
            rows.append(f"{name:<30}{'-':>10}{'':>22}{0:>7}")
            continue
        ci = f"[{agg['low']:.4f}, {agg['high']:.4f}]"
        rows.append(f"{name:<30}{agg['mean']:>10.4f}{ci:>22}{agg['n']:>7}")
    return "\n".join(rows)
