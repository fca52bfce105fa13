"""``headline-bench``: the command line.

Subcommands parse their arguments here and call plain library functions; errors
in the user's input print one clear line and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark import __version__, cli_track
from benchmark.errors import HeadlineBenchError, InputError

EXIT_OK = 0
EXIT_USAGE = 2


def _weights(text: str) -> dict[str, float]:
    """``validation=0.4,test=0.6`` -> weights per split."""
    out: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if not sep or not name.strip() or weight <= 0:
            raise argparse.ArgumentTypeError(f"{part!r}: expected NAME=WEIGHT with WEIGHT > 0")
        out[name.strip()] = weight
    return out


def _kv(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{text!r}: expected KEY=VALUE")
    return key, value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="headline-bench",
        description="Benchmark for news headline and summary generation.",
    )
    parser.add_argument("--version", action="version", version=f"headline-bench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser(
        "run",
        help="summarise, score and record with Hydra configs (headline-bench run --help)",
        add_help=False,
    )

    data = sub.add_parser("data", help="build and inspect article datasets")
    data_sub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")

    build = data_sub.add_parser(
        "build",
        help="build a dataset from scraped text, JSONL/CSV or a hub dataset",
        description=(
            "Build a HeadlineBench dataset (save_to_disk folder, Parquet per split, "
            "dataset card). With --format seed and no --input, builds the bundled dev set."
        ),
    )
    build.add_argument("--format", choices=["seed", "jsonl", "csv", "hub"], required=True)
    build.add_argument(
        "--input",
        nargs="+",
        type=Path,
        default=None,
        help="seed: a folder of .txt files; jsonl/csv: one or more files",
    )
    build.add_argument("--out", type=Path, required=True, help="output folder")
    build.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    build.add_argument(
        "--splits",
        type=_weights,
        default=None,
        help="hash split weights, e.g. validation=0.4,test=0.6",
    )
    build.add_argument("--source", default=None, help="source name for articles without one")
    build.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="seed: metadata file (default: manifest.jsonl in the input folder)",
    )
    build.add_argument(
        "--map",
        dest="mapping",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="jsonl/csv: map a column to a field (repeatable), e.g. highlights=bullets",
    )
    build.add_argument("--split", default=None, help="jsonl/csv: put every row in this split")
    build.add_argument(
        "--bullet-sep",
        default="\n",
        help="jsonl/csv: separator of bullets in a text column (default: newline)",
    )
    build.add_argument("--name", default=None, help="hub: cnn_dailymail, xsum or numhg")
    build.add_argument("--hub-split", default=None, help="hub: load only this split")
    build.add_argument("--revision", default=None, help="hub: dataset revision (commit or tag)")
    build.add_argument("--limit", type=int, default=None, help="hub: first N rows of each split")
    build.add_argument(
        "--data-files",
        type=_kv,
        action="append",
        default=None,
        metavar="SPLIT=URL",
        help="hub: override the data files (numhg)",
    )
    build.add_argument("--license", default=None, help="license to state in the dataset card")
    build.add_argument("--no-parquet", action="store_true", help="skip the Parquet export")
    build.set_defaults(func=cmd_data_build)

    show = data_sub.add_parser("show", help="counts, field lengths and a sample of a built dataset")
    show.add_argument("path", type=Path)
    show.add_argument("--split", default=None, help="sample from this split (default: the first)")
    show.add_argument("--sample", type=int, default=1, help="number of sample articles to print")
    show.add_argument("--json", action="store_true", help="print the summary as JSON")
    show.set_defaults(func=cmd_data_show)
    score = sub.add_parser(
        "score",
        help="score a predictions file against a dataset split",
        description="Write per-article scores (scores.jsonl) and results.json with every "
        "aggregate, its bootstrap interval and a signature.",
    )
    score.add_argument("--dataset", type=Path, required=True, help="a built dataset folder")
    score.add_argument("--split", required=True)
    score.add_argument("--predictions", type=Path, required=True, help="predictions JSONL")
    score.add_argument("--out", type=Path, required=True, help="output folder")
    score.add_argument(
        "--rouge-backend", choices=["rouge-score", "rouge-score-rs"], default="rouge-score"
    )
    score.add_argument("--bootstrap-samples", type=int, default=1000)
    score.add_argument("--seed", type=int, default=12345, help="bootstrap seed")
    score.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="[LAYER=]PATH",
        help="another lexicon for a wording layer (repeatable): PATH or loaded=PATH is the "
        "curated loaded-term YAML; subjective=PATH or epistemic=PATH is a graded list, a plain "
        "word list or an MPQA clue file (docs/wording.md); subjective=none or epistemic=none "
        "leaves that layer out",
    )
    score.add_argument(
        "--wording-model",
        default=None,
        metavar="NAME_OR_PATH",
        help="also score wording with a sequence-classification model (needs the neural extra)",
    )
    score.add_argument("--wording-model-revision", default=None)
    score.add_argument(
        "--wording-model-label", default=None, help="the biased label's name or index"
    )
    score.add_argument("--wording-model-device", default="cpu")
    score.add_argument(
        "--workers",
        type=int,
        default=0,
        help="scoring processes (default 0: one per available CPU for large sets)",
    )
    score.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="where article analyses are kept for the next scoring of the same articles "
        "(default: $HEADLINE_BENCH_CACHE or ~/.cache/headline-bench)",
    )
    score.add_argument(
        "--no-cache", action="store_true", help="analyse every article afresh, keep nothing"
    )
    score.add_argument(
        "--shard",
        default=None,
        metavar="I/N",
        help="score only shard I of N (0-based) and write a shard folder for `merge`",
    )
    score.set_defaults(func=cmd_score)

    merge = sub.add_parser(
        "merge",
        help="merge shard folders into the results of a single run",
        description="Merge the folders that `score --shard I/N` or `run shard.count=N` wrote "
        "into one results.json and scores.jsonl, identical to scoring the split at once.",
    )
    merge.add_argument("shards", type=Path, nargs="+", metavar="DIR", help="shard folders")
    merge.add_argument("--out", type=Path, required=True, help="output folder")
    merge.set_defaults(func=cmd_merge)

    val = sub.add_parser(
        "validate",
        help="measure the metrics' validity: probes on the dev set, real labelled data",
        description="Perturbation probes on the bundled dev set (detection and false-positive "
        "rates); with --data, checks against public labelled data (SummEdits, XSum "
        "hallucinations, BABE, BASIL, AllSides, PTC) read from that folder.",
    )
    val.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder with the public labelled data (e.g. ../shared/data)",
    )
    val.add_argument(
        "--out", type=Path, default=None, help="write validation.json and validation.md here"
    )
    val.add_argument("--seed", type=int, default=2026, help="seed of the probe choices")
    val.add_argument(
        "--no-examples",
        action="store_true",
        help="leave the text of real-data misses out of the report",
    )
    val.add_argument("--strict", action="store_true", help="exit 1 when a probe target is missed")
    val.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="[LAYER=]PATH",
        help="validate the wording score with another lexicon for a layer (as in `score`)",
    )
    val.add_argument(
        "--wording-model",
        default=None,
        metavar="NAME_OR_PATH",
        help="also validate a sequence-classification model beside the lexicons",
    )
    val.add_argument("--wording-model-revision", default=None)
    val.add_argument("--wording-model-label", default=None)
    val.add_argument("--wording-model-device", default="cpu")
    val.set_defaults(func=cmd_validate)

    chk = sub.add_parser(
        "check",
        help="fail (exit 1) when a run got worse than a baseline run",
        description="Compare two results.json files: exit 0 when no metric drops by more "
        "than allowed, 1 on a regression, 2 on unusable input or different signatures.",
    )
    chk.add_argument("--results", type=Path, required=True, help="the new run (file or folder)")
    chk.add_argument("--baseline", type=Path, required=True, help="the baseline run")
    chk.add_argument(
        "--max-drop",
        type=_kv,
        action="append",
        default=[],
        metavar="METRIC=DELTA",
        help="largest allowed drop of a metric (repeatable); default: every "
        "ranked metric, no drop allowed",
    )
    chk.add_argument(
        "--paired",
        action="store_true",
        help="count a drop only if a paired bootstrap finds it significant",
    )
    chk.add_argument("--alpha", type=float, default=0.05)
    chk.add_argument("--seed", type=int, default=12345)
    chk.add_argument("--samples", type=int, default=1000)
    chk.set_defaults(func=cmd_check)

    sbm = sub.add_parser("submit", help="validate, score and record predictions on a leaderboard")
    sbm.add_argument("--predictions", type=Path, required=True)
    sbm.add_argument("--name", required=True)
    sbm.add_argument("--model-url", default=None)
    sbm.add_argument("--description", default=None)
    _board_options(sbm)
    sbm.add_argument("--no-render", action="store_true", help="do not re-render the board")
    sbm.set_defaults(func=cmd_submit)

    lb = sub.add_parser("leaderboard", help="create, seed and render a leaderboard")
    lb_sub = lb.add_subparsers(dest="leaderboard_command", required=True, metavar="ACTION")
    init = lb_sub.add_parser("init", help="create a track's board, pinned to its data and split")
    _board_options(init)
    init.add_argument("--name", default=None, help="default: from the track's title")
    init.add_argument("--split", default=None, help="default: the track's split")
    init.set_defaults(func=cmd_leaderboard_init)
    seed = lb_sub.add_parser("seed", help="submit the cheap baselines to a board")
    _board_options(seed)
    seed.set_defaults(func=cmd_leaderboard_seed)
    mig = lb_sub.add_parser(
        "migrate", help="move a single board at the leaderboard root into ROOT/<track>/"
    )
    mig.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    mig.set_defaults(func=cmd_leaderboard_migrate)
    exp = sub.add_parser("export", help="export results, e.g. as a model-card model-index block")
    exp.add_argument("what", choices=["model-index"])
    exp.add_argument("--results", type=Path, required=True, help="results.json or its folder")
    exp.add_argument("--model-name", required=True)
    exp.add_argument(
        "--dataset-name",
        default=None,
        help="dataset name in the block (default: the one the run recorded)",
    )
    exp.set_defaults(func=cmd_export)
    render = lb_sub.add_parser(
        "render",
        help="write each board's README.md and index.html, and the page of all tracks",
    )
    render.add_argument("--board", type=Path, default=None, help="one board (default: all)")
    render.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    render.set_defaults(func=cmd_leaderboard_render)
    cli_track.add_parser(sub)
    return parser


def _board_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--track", default="dev", help="the track (default: dev)")
    p.add_argument(
        "--board", type=Path, default=None, help="the board folder (default: leaderboard/TRACK)"
    )
    p.add_argument(
        "--track-data",
        type=Path,
        default=None,
        help="the folder `headline-bench track build` wrote (every track but dev)",
    )


DEFAULT_ROOT = Path("leaderboard")


def _board_path(args: argparse.Namespace) -> Path:
    return Path(args.board) if args.board is not None else DEFAULT_ROOT / args.track


HEADLINE_BOARD_COLUMNS = (
    "headline_rouge2",
    "headline_rouge1",
    "headline_figure_precision",
    "figure_precision",
    "figure_hedge_kept",
    "headline_neutral_rate",
    "headline_wording_bias",
    "wording_bias",
)
BOARD_COLUMNS = (
    "rouge2",
    "rougeLsum",
    "headline_rouge1",
    "figure_precision",
    "figure_hedge_kept",
    "neutral_rate",
    "loaded_per_100w",
    "wording_bias",
    "headline_wording_bias",
)


def cmd_submit(args: argparse.Namespace) -> int:
    from leaderboard.entries import load_board
    from leaderboard.submit import submit

    board = load_board(_board_path(args))
    entry = submit(
        args.predictions,
        board=board,
        name=args.name,
        model_url=args.model_url,
        description=args.description,
        track_data=args.track_data,
    )
    shown = [m for m in (board.primary, "figure_precision", "wording_bias") if m in entry.metrics]
    print(
        f"recorded {entry.id}: " + ", ".join(f"{m} {entry.metrics[m]['mean']:.4f}" for m in shown)
    )
    if not args.no_render:
        return _render(board.path.parent, [board])
    return EXIT_OK


def cmd_leaderboard_init(args: argparse.Namespace) -> int:
    from benchmark.dataset import fingerprint
    from benchmark.metrics.neutrality import load_lexicon
    from benchmark.scoring import ScoreOptions, signature
    from benchmark.tracks import get_track
    from leaderboard.entries import Board, save_board
    from leaderboard.submit import board_dataset

    track = get_track(args.track)
    split = args.split or track.split
    name = args.name or (
        "HeadlineBench dev leaderboard" if track.name == "dev" else f"HeadlineBench: {track.title}"
    )
    # A track whose references are headlines is ranked by the headline's ROUGE.
    primary = "rouge2" if track.targets == "bullets" else "headline_rouge2"
    columns = BOARD_COLUMNS if track.targets == "bullets" else HEADLINE_BOARD_COLUMNS
    path = _board_path(args)
    probe = Board(path, name, track.name, split, "", columns, primary)
    dsd = board_dataset(probe, track_data=args.track_data)
    if split not in dsd:
        raise InputError(f"no split {split!r}", field="split")
    sig = signature(
        fingerprint=fingerprint(dsd),
        split=split,
        n_items=dsd[split].num_rows,
        options=ScoreOptions(),
        lexicon=load_lexicon(),
    )
    board = Board(path, name, track.name, split, sig, columns, primary)
    save_board(board)
    print(f"board {path}: {sig}")
    return EXIT_OK


def cmd_leaderboard_seed(args: argparse.Namespace) -> int:
    import tempfile

    from baselines.base import Summariser
    from baselines.extractive import LeadK, LexRank, Oracle, RandomK, Reference, TextRank
    from benchmark.records import write_predictions
    from leaderboard.entries import load_board
    from leaderboard.submit import board_dataset, submit
    from leaderboard.validation import SubmissionError

    board = load_board(_board_path(args))
    articles = dataset_to_articles_of(board_dataset(board, track_data=args.track_data), board.split)
    systems: list[tuple[str, Summariser]] = [
        ("Lead-3", LeadK(3)),
        ("Random-3", RandomK(3)),
        ("TextRank", TextRank()),
        ("LexRank", LexRank()),
    ]
    if all(a.bullets for a in articles):  # the oracle needs reference bullets
        systems.append(("Oracle (ROUGE-2, extractive upper bound)", Oracle()))
        if all(a.headline for a in articles):  # and copying the reference, a headline too
            systems.append(("Reference (the outlet's own bullets)", Reference()))
    with tempfile.TemporaryDirectory() as tmp:
        for name, system in systems:
            path = write_predictions(Path(tmp) / "p.jsonl", system.summarise(articles))
            try:
                entry = submit(
                    path,
                    board=board,
                    name=name,
                    description="Baseline shipped with HeadlineBench.",
                    track_data=args.track_data,
                )
            except SubmissionError as exc:
                # an extractive baseline on real text can pick a "sentence" over the
                # board's limits (XSum's scraped articles run sentences together)
                print(f"{name}: not seeded, the board refuses its predictions: {exc}")
                continue
            except InputError as exc:
                if "already on the board" not in str(exc):
                    raise
                print(f"{name}: already on the board")  # seeding again is harmless
                continue
            print(f"recorded {entry.id}")
    return _render(board.path.parent, [board])


def cmd_leaderboard_migrate(args: argparse.Namespace) -> int:
    from leaderboard.entries import migrate_root

    moved = migrate_root(args.root)
    if moved is None:
        print(f"{args.root}: nothing to migrate (no board.json at the root)")
        return EXIT_OK
    print(f"moved the {moved.dataset!r} board to {moved.path}")
    return _render(args.root, [moved])


def dataset_to_articles_of(dsd: Any, split: str) -> Any:
    from benchmark.dataset import dataset_to_articles

    return dataset_to_articles(dsd[split])


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


def cmd_leaderboard_render(args: argparse.Namespace) -> int:
    from leaderboard.entries import load_board
    from leaderboard.render import find_boards

    if args.board is not None:
        board = load_board(args.board)
        return _render(board.path.parent, [board])
    return _render(args.root, find_boards(args.root))


def _render(root: Path, boards: Sequence[Any]) -> int:
    """Each board's own files, then the page of every track under ``root``."""
    from leaderboard.render import find_boards, write_board, write_site

    for board in boards:
        readme, index = write_board(board)
        print(f"wrote {readme} and {index}")
    if find_boards(root):
        readme, index = write_site(root)
        print(f"wrote {readme} and {index}")
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
    print(format_results_table(results))
    print(f"\n{results['signature']}\nwrote {scores_path} and {results_path}")
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
    print(format_results_table(results))
    print(
        f"\nmerged {len(merged.manifests)} shards, {len(merged.items)} articles\n"
        f"{results['signature']}\nwrote {scores_path} and {results_path}"
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


def _prepare_out(out: Path, overwrite: bool) -> Path:
    """A fresh temporary folder beside ``out``; an existing ``out`` is only replaced at the end."""
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise InputError("exists and is not empty; pass --overwrite to replace it", path=out)
    tmp = out.with_name(f".{out.name}.building")
    if tmp.exists():
        shutil.rmtree(tmp)
    return tmp


def _commit_out(tmp: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(out)


def cmd_data_build(args: argparse.Namespace) -> int:
    from benchmark.builders.seed import DEFAULT_SPLITS
    from benchmark.dataset import DatasetCard, save_dataset

    reports: list[dict[str, Any]] = []
    builder: dict[str, Any] = {"format": args.format}
    if args.format == "seed":
        from benchmark.builders.seed import build_seed
        from benchmark.bundled import DEVSET_CARD, build_devset

        if args.input is None:
            result = build_devset()
            card = DEVSET_CARD
            builder["input"] = "bundled dev set"
        else:
            if len(args.input) != 1:
                raise InputError("--format seed takes one folder", field="input")
            result = build_seed(
                args.input[0],
                splits=args.splits or DEFAULT_SPLITS,
                source=args.source,
                manifest=args.manifest,
                progress=True,
            )
            card = DatasetCard(
                pretty_name=f"{args.input[0].name} (HeadlineBench seed build)",
                license=args.license or "unknown",
                description="Articles parsed from scraped news text by the seed builder.",
                how_built=f"`headline-bench data build --format seed --input {args.input[0]}`; "
                "repeated headlines, standfirsts, captions and trailers are dropped "
                "(see build_report.jsonl).",
            )
            builder["input"] = str(args.input[0])
        dsd = result.dataset
        reports = [r.to_json() for r in result.reports]
    elif args.format in ("jsonl", "csv"):
        from benchmark.builders.tabular import build_tabular, parse_mapping

        if not args.input:
            raise InputError(f"--format {args.format} needs --input FILE [FILE ...]", field="input")
        mapping = parse_mapping(args.mapping)
        dsd = build_tabular(
            args.input,
            fmt=args.format,
            mapping=mapping,
            split=args.split,
            splits=args.splits,
            source=args.source,
            bullet_sep=args.bullet_sep,
        )
        builder.update(
            input=[str(p) for p in args.input], mapping=mapping, bullet_sep=args.bullet_sep
        )
        card = DatasetCard(
            pretty_name=f"{args.input[0].stem} (HeadlineBench {args.format} build)",
            license=args.license or "unknown",
            description=f"Articles read from {args.format.upper()} by HeadlineBench.",
            how_built=f"`headline-bench data build --format {args.format}` with column mapping "
            f"`{json.dumps(mapping)}`.",
        )
    else:
        from benchmark.builders.hub import HUB_SOURCES, load_hub

        if args.name is None:
            raise InputError(f"--format hub needs --name ({', '.join(HUB_SOURCES)})", field="name")
        dsd = load_hub(
            args.name,
            split=args.hub_split,
            revision=args.revision,
            limit=args.limit,
            data_files=dict(args.data_files) if args.data_files else None,
        )
        src = HUB_SOURCES[args.name]
        builder.update(
            name=args.name,
            path=src.path,
            config=src.config,
            revision=args.revision,
            split=args.hub_split,
            limit=args.limit,
        )
        card = DatasetCard(
            pretty_name=f"{args.name} (HeadlineBench view)",
            license=args.license or src.license,
            description=f"`{src.path}` mapped to HeadlineBench's fields. {src.citation}.",
            how_built=f"`datasets.load_dataset({src.path!r}, {src.config!r})`, columns mapped by "
            f"`benchmark.builders.hub`.",
            known_limits=src.notes,
            source_datasets=(src.path,),
        )

    tmp = _prepare_out(args.out, args.overwrite)
    try:
        meta = save_dataset(dsd, tmp, card=card, builder=builder, parquet=not args.no_parquet)
        if reports:
            with open(tmp / "build_report.jsonl", "w", encoding="utf-8") as fh:
                for r in reports:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        _commit_out(tmp, args.out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    counts = ", ".join(f"{k}: {v}" for k, v in meta["splits"].items())
    print(f"built {args.out} ({counts}); fingerprint {meta['fingerprint'][:16]}")
    if reports:
        kinds: dict[str, int] = {}
        for r in reports:
            for d in r["dropped"]:
                kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        dropped = (
            ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in sorted(kinds.items())) or "nothing"
        )
        print(
            f"parsed {len(reports)} files; dropped {dropped} "
            f"(per file: {args.out}/build_report.jsonl)"
        )
    return EXIT_OK


def cmd_data_show(args: argparse.Namespace) -> int:
    from benchmark.dataset import METADATA_FILE, fingerprint, load_dataset_dir, summarise_split

    dsd = load_dataset_dir(args.path)
    meta_path = args.path / METADATA_FILE
    meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
    fp = fingerprint(dsd)
    splits = {name: summarise_split(dsd[name]) for name in dsd}
    summary: dict[str, Any] = {
        "path": str(args.path),
        "fingerprint": fp,
        "fingerprint_matches_metadata": meta.get("fingerprint") in (None, fp),
        "splits": splits,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return EXIT_OK
    print(f"{args.path}  fingerprint {fp[:16]}")
    if not summary["fingerprint_matches_metadata"]:
        print(
            f"  warning: content differs from the fingerprint recorded at build time "
            f"({meta['fingerprint'][:16]})"
        )
    header = (
        f"{'split':<12}{'articles':>9}{'headline':>10}{'bullets':>9}"
        f"{'body words min/mean/max':>26}{'bullets/art':>13}{'headline words':>16}"
    )
    print(header)
    for name, s in splits.items():
        bw, nb, hw = s["body_words"], s["bullets_per_article"], s["headline_words"]
        print(
            f"{name:<12}{s['articles']:>9}{s['with_headline']:>10}{s['with_bullets']:>9}"
            f"{bw['min']:>10}/{bw['mean']:>6.0f}/{bw['max']:<8}"
            f"{nb['mean']:>13.1f}{hw['mean']:>16.1f}"
        )
    split = args.split or next(iter(dsd))
    if split not in dsd:
        raise InputError(f"no split {split!r}; splits: {', '.join(dsd)}", field="split")
    for row in dsd[split].select(range(min(args.sample, dsd[split].num_rows))):
        print(f"\n[{split}] {row['id']}  ({row['source']}, {row['published'] or 'no date'})")
        print(f"  headline: {row['headline'] if row['headline'] is not None else '(absent)'}")
        if row["bullets"] is None:
            print("  bullets: (absent)")
        for b in row["bullets"] or []:
            print(f"  • {b}")
        body = row["body"].replace("\n\n", " ¶ ")
        print(f"  body: {body[:300]}{'…' if len(body) > 300 else ''}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["run"]:
        # A Hydra app: its own parser, overrides, -m, hydra.run.dir=..., --help.
        from benchmark.cli_run import main as run_main

        return run_main(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        code: int = args.func(args)
        return code
    except HeadlineBenchError as exc:
        print(f"headline-bench: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
