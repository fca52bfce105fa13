"""`headline-bench track ...`: list the tracks, build one, write the predictions of the
systems a track ships human judgements for, and report them beside those judgements.

The CLI layer: the only place that instantiates a track's Hydra ``dataset`` node.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from benchmark.errors import InputError

EXIT_OK = 0
_MISSING = "???"


def add_parser(sub: Any) -> None:
    tr = sub.add_parser("track", help="list, build and report the evaluation tracks")
    tr_sub = tr.add_subparsers(dest="track_command", required=True, metavar="ACTION")
    ls = tr_sub.add_parser("list", help="the tracks, their sizes and whether their ids are pinned")
    ls.set_defaults(func=cmd_track_list)
    build = tr_sub.add_parser(
        "build",
        help="build a track's articles into a folder, checking its id set",
        description="Build a track (from the hub, or from --source) into OUT, keeping only "
        "its scored split; refuses a set whose ids are not the track's.",
    )
    build.add_argument("name", help="the track (see `headline-bench track list`)")
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    build.add_argument("--source", type=Path, default=None, help="a local copy (see track list)")
    build.add_argument(
        "--from-hub",
        action="store_true",
        help="build a FRANK track from the hub by id (with --source: a local copy of it)",
    )
    build.set_defaults(func=cmd_track_build)
    preds = tr_sub.add_parser(
        "predictions",
        help="write the judged systems' summaries of a FRANK track as predictions files",
    )
    preds.add_argument("name", choices=["frank-cnndm", "frank-xsum"])
    preds.add_argument("--source", type=Path, required=True, help="FRANK's data folder")
    preds.add_argument("--out", type=Path, required=True)
    preds.set_defaults(func=cmd_track_predictions)
    report = tr_sub.add_parser(
        "report",
        help="a FRANK track's board beside FRANK's human judgements (markdown)",
    )
    report.add_argument("name", choices=["frank-cnndm", "frank-xsum"])
    report.add_argument("--source", type=Path, required=True, help="FRANK's data folder")
    report.add_argument("--board", type=Path, default=None, help="default leaderboard/NAME")
    report.add_argument("--out", type=Path, default=None, help="write the markdown here")
    report.set_defaults(func=cmd_track_report)


def cmd_track_list(args: argparse.Namespace) -> int:
    from benchmark.tracks import list_tracks

    print("| track | articles | ids pinned | references | build from |")
    print("|---|---|---|---|---|")
    for t in list_tracks():
        where = t.source_option or "the repository"
        target = t.dataset.get("_target_", "")
        if target == "benchmark.builders.hub.load_numhg":
            where = f"NumHG's repository at a pinned commit, or {where}"
        elif target.startswith("benchmark.builders.hub"):
            where = f"the hub, or {where}"
        pinned = t.ids_sha256[:12] if t.ids_sha256 else "count only"
        print(f"| {t.name} | {t.n_ids:,} | {pinned} | {t.targets} | {where} |")
    return EXIT_OK


def _node(track: Any, source: Path | None, from_hub: bool) -> dict[str, Any]:
    """The track's dataset node with ``--source``/``--from-hub`` applied."""
    if from_hub:
        if track.hub_dataset is None:
            raise InputError(f"track {track.name!r} has no hub build by id", field="from-hub")
        node = {**track.hub_dataset, "ids_file": str(track.ids_path)}
        if source is not None:  # a local copy of the hub dataset, of the same shape
            node["path"] = str(source)
        return node
    node = dict(track.dataset)
    target = node["_target_"]
    if source is not None:
        if target == "benchmark.builders.hub.load_numhg":
            node["data_files"] = {track.split: str(source)}
        elif "path" in node or target.startswith("benchmark.builders.hub"):
            node["path"] = str(source)
        else:
            raise InputError(f"track {track.name!r} takes no --source", field="source")
    missing = [k for k, v in node.items() if v == _MISSING]
    if missing:
        raise InputError(
            f"track {track.name!r} needs --source: {track.source_option}", field="source"
        )
    return node


def cmd_track_build(args: argparse.Namespace) -> int:
    from hydra.errors import InstantiationException
    from hydra.utils import instantiate

    from benchmark.commands.data import commit_out, prepare_out
    from benchmark.dataset import DatasetCard, save_dataset
    from benchmark.errors import HeadlineBenchError
    from benchmark.tracks import get_track, ids_digest, track_dataset, write_manifest

    track = get_track(args.name)
    node = _node(track, args.source, args.from_hub)
    tmp = prepare_out(args.out, args.overwrite)  # refuse a non-empty OUT before any work
    try:
        built = instantiate(node, _convert_="all")
    except InstantiationException as exc:
        # Hydra wraps the builder's error; the user wants the builder's one line
        cause = exc.__cause__ or exc
        if isinstance(cause, HeadlineBenchError):
            raise cause from None
        where = f" from {args.source}" if args.source else ""
        raise InputError(
            f"building track {track.name!r}{where} failed: {type(cause).__name__}: {cause}",
            field="source",
        ) from None
    dsd = track_dataset(track, built)
    card = DatasetCard(
        pretty_name=f"{track.title} (HeadlineBench track {track.name})",
        license=track.license,
        description=track.description,
        how_built=f"`headline-bench track build {track.name}`"
        + (f" from `{args.source}`" if args.source else " from the hub"),
    )
    try:
        save_dataset(dsd, tmp, card=card, builder={"track": track.name, **node})
        write_manifest(tmp, track, dsd, built_from=str(args.source or "hub"))
        commit_out(tmp, args.out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    ids = list(dsd[track.split]["id"])
    state = "pinned, matches" if track.pinned else "not pinned in this release; count matches"
    print(
        f"track {track.name}: {len(ids):,} articles, ids sha256 {ids_digest(ids)} ({state}) "
        f"-> {args.out}"
    )
    return EXIT_OK


def cmd_track_predictions(args: argparse.Namespace) -> int:
    from benchmark.builders.frank import system_predictions
    from benchmark.records import write_predictions

    dataset = args.name.removeprefix("frank-")
    for system, preds in system_predictions(args.source, dataset).items():
        path = write_predictions(args.out / f"{system}.jsonl", preds)
        print(f"{system}: {len(preds)} predictions -> {path}")
    return EXIT_OK


def cmd_track_report(args: argparse.Namespace) -> int:
    from benchmark.validation.systems import format_frank_report, frank_report
    from leaderboard.entries import load_board, load_entries

    board = load_board(args.board or Path("leaderboard") / args.name)
    if board.dataset != args.name:
        raise InputError(
            f"is the board of track {board.dataset!r}, not {args.name!r}", path=board.path
        )
    report = frank_report(load_entries(board), args.source, args.name.removeprefix("frank-"))
    text = format_frank_report(report, track=args.name, signature=board.signature)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return EXIT_OK
