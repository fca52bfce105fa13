"""`headline-bench submit` and `headline-bench leaderboard ...`: boards per track."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark.errors import InputError

EXIT_OK = 0


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
    from leaderboard.submission import submit

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
    from leaderboard.submission import board_dataset

    track = get_track(args.track)
    split = args.split or track.split
    name = args.name or (
        "HeadlineBench dev leaderboard" if track.name == "dev" else f"HeadlineBench: {track.title}"
    )
    # A track whose references are headlines is ranked by the headline's ROUGE.
    primary = "rouge2" if track.targets == "bullets" else "headline_rouge2"
    columns: tuple[str, ...] = (
        BOARD_COLUMNS if track.targets == "bullets" else HEADLINE_BOARD_COLUMNS
    )
    path = _board_path(args)
    probe = Board(path, name, track.name, split, "", columns, primary)
    dsd = board_dataset(probe, track_data=args.track_data)
    if split not in dsd:
        raise InputError(f"no split {split!r}", field="split")
    if not any(dsd[split]["headline"]):  # CNN/DM has no headlines: no headline ROUGE to show
        columns = tuple(c for c in columns if c != "headline_rouge1")
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
    from leaderboard.submission import board_dataset, submit
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


def cmd_leaderboard_render(args: argparse.Namespace) -> int:
    from leaderboard.entries import load_board
    from leaderboard.site import find_boards

    if args.board is not None:
        board = load_board(args.board)
        return _render(board.path.parent, [board])
    return _render(args.root, find_boards(args.root))


def _render(root: Path, boards: Sequence[Any]) -> int:
    """Each board's own files, then the page of every track under ``root``."""
    from leaderboard.render import write_board
    from leaderboard.site import find_boards, write_site

    for board in boards:
        readme, index = write_board(board)
        print(f"wrote {readme} and {index}")
    if find_boards(root):
        readme, index = write_site(root)
        print(f"wrote {readme} and {index}")
    return EXIT_OK
