"""``headline-bench``: the command line.

Subcommands parse their arguments here and call plain library functions; errors
in the user's input print one clear line and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmark import __version__, cli_track
from benchmark.commands import board, scores
from benchmark.commands import data as data_commands
from benchmark.errors import HeadlineBenchError

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
    build.set_defaults(func=data_commands.cmd_data_build)

    show = data_sub.add_parser("show", help="counts, field lengths and a sample of a built dataset")
    show.add_argument("path", type=Path)
    show.add_argument("--split", default=None, help="sample from this split (default: the first)")
    show.add_argument("--sample", type=int, default=1, help="number of sample articles to print")
    show.add_argument("--json", action="store_true", help="print the summary as JSON")
    show.set_defaults(func=data_commands.cmd_data_show)
    score = sub.add_parser(
        "score",
        help="score a predictions file against a dataset split",
        description="Write per-article scores (scores.jsonl), results.json with every "
        "aggregate, its bootstrap interval and a signature, and report.md/report.html.",
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
    score.set_defaults(func=scores.cmd_score)

    merge = sub.add_parser(
        "merge",
        help="merge shard folders into the results of a single run",
        description="Merge the folders that `score --shard I/N` or `run shard.count=N` wrote "
        "into one results.json, scores.jsonl, report.md and report.html, identical to "
        "scoring the split at once.",
    )
    merge.add_argument("shards", type=Path, nargs="+", metavar="DIR", help="shard folders")
    merge.add_argument("--out", type=Path, required=True, help="output folder")
    merge.set_defaults(func=scores.cmd_merge)

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
    val.set_defaults(func=scores.cmd_validate)

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
    chk.set_defaults(func=scores.cmd_check)

    sbm = sub.add_parser("submit", help="validate, score and record predictions on a leaderboard")
    sbm.add_argument("--predictions", type=Path, required=True)
    sbm.add_argument("--name", required=True)
    sbm.add_argument("--model-url", default=None)
    sbm.add_argument("--description", default=None)
    _board_options(sbm)
    sbm.add_argument("--no-render", action="store_true", help="do not re-render the board")
    sbm.set_defaults(func=board.cmd_submit)

    lb = sub.add_parser("leaderboard", help="create, seed and render a leaderboard")
    lb_sub = lb.add_subparsers(dest="leaderboard_command", required=True, metavar="ACTION")
    init = lb_sub.add_parser("init", help="create a track's board, pinned to its data and split")
    _board_options(init)
    init.add_argument("--name", default=None, help="default: from the track's title")
    init.add_argument("--split", default=None, help="default: the track's split")
    init.set_defaults(func=board.cmd_leaderboard_init)
    seed = lb_sub.add_parser("seed", help="submit the cheap baselines to a board")
    _board_options(seed)
    seed.set_defaults(func=board.cmd_leaderboard_seed)
    mig = lb_sub.add_parser(
        "migrate", help="move a single board at the leaderboard root into ROOT/<track>/"
    )
    mig.add_argument("--root", type=Path, default=board.DEFAULT_ROOT)
    mig.set_defaults(func=board.cmd_leaderboard_migrate)
    exp = sub.add_parser("export", help="export results, e.g. as a model-card model-index block")
    exp.add_argument("what", choices=["model-index"])
    exp.add_argument("--results", type=Path, required=True, help="results.json or its folder")
    exp.add_argument("--model-name", required=True)
    exp.add_argument(
        "--dataset-name",
        default=None,
        help="dataset name in the block (default: the one the run recorded)",
    )
    exp.set_defaults(func=scores.cmd_export)
    render = lb_sub.add_parser(
        "render",
        help="write each board's README.md and index.html, and the page of all tracks",
    )
    render.add_argument("--board", type=Path, default=None, help="one board (default: all)")
    render.add_argument("--root", type=Path, default=board.DEFAULT_ROOT)
    render.set_defaults(func=board.cmd_leaderboard_render)
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
