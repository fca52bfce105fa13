"""The leaderboard committed in leaderboard/: seeded by the baselines, under today's signature,
and its README and page are what rendering its entries gives."""

from __future__ import annotations

from pathlib import Path

from benchmark.bundled import devset_dataset
from benchmark.dataset import fingerprint
from benchmark.metrics.neutrality import load_lexicon
from benchmark.scoring import ScoreOptions, signature
from leaderboard.entries import load_board, load_entries
from leaderboard.render import render_html, render_markdown

BOARD = Path(__file__).resolve().parent.parent / "leaderboard"


def test_board_is_current_and_seeded() -> None:
    board = load_board(BOARD)
    dsd = devset_dataset()
    now = signature(
        fingerprint=fingerprint(dsd),
        split=board.split,
        n_items=dsd[board.split].num_rows,
        options=ScoreOptions(),
        lexicon=load_lexicon(),
    )
    assert board.signature == now, (
        "the metrics or the dev set changed: re-seed the board "
        "(rm -r leaderboard/entries leaderboard/board.json; headline-bench leaderboard init; "
        "headline-bench leaderboard seed)"
    )
    names = {e.name for e in load_entries(board)}
    assert {"Lead-3", "TextRank", "LexRank", "Random-3"} <= names


def test_rendered_files_match_the_entries() -> None:
    board = load_board(BOARD)
    entries = load_entries(board)
    assert (BOARD / "README.md").read_text(encoding="utf-8") == render_markdown(board, entries)
    assert (BOARD / "index.html").read_text(encoding="utf-8") == render_html(board, entries)
