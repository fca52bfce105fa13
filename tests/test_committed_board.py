"""The leaderboards committed in leaderboard/<track>/: each under today's signature (the dev
board recomputed from the bundled set; the others from the data fingerprint they record,
since their data is not in the repository), seeded, and rendered as their entries give; the
page of every track at the root is what rendering the boards gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmark.bundled import devset_dataset
from benchmark.dataset import fingerprint
from benchmark.metrics.neutrality import load_lexicon
from benchmark.scoring import ScoreOptions, signature
from benchmark.tracks import get_track
from leaderboard.entries import BOARD_FILE, load_board, load_entries
from leaderboard.render import render_html, render_markdown
from leaderboard.site import find_boards, render_site_html, render_site_markdown

ROOT = Path(__file__).resolve().parent.parent / "leaderboard"
BOARDS = sorted(p.name for p in ROOT.iterdir() if (p / BOARD_FILE).is_file())


def _now(fp: str, split: str, n: int) -> str:
    return signature(
        fingerprint=fp, split=split, n_items=n, options=ScoreOptions(), lexicon=load_lexicon()
    )


def test_every_track_board_is_committed_and_no_board_at_the_root() -> None:
    assert {"dev", "frank-cnndm", "frank-xsum"} <= set(BOARDS)
    assert not (ROOT / BOARD_FILE).exists()  # migrated into leaderboard/dev/


def test_dev_board_is_current_and_seeded() -> None:
    board = load_board(ROOT / "dev")
    dsd = devset_dataset()
    now = _now(fingerprint(dsd), board.split, dsd[board.split].num_rows)
    assert board.signature == now, (
        "the metrics or the dev set changed: re-seed the board "
        "(rm -r leaderboard/dev; headline-bench leaderboard init; headline-bench leaderboard seed)"
    )
    names = {e.name for e in load_entries(board)}
    assert {"Lead-3", "TextRank", "LexRank", "Random-3"} <= names


@pytest.mark.parametrize("name", [b for b in BOARDS if b != "dev"])
def test_other_boards_are_under_todays_metric_versions(name: str) -> None:
    board = load_board(ROOT / name)
    track = get_track(board.dataset)
    m = re.search(r"\|data:([0-9a-f]{12})/([^|]+)\|n:(\d+)\|", board.signature)
    assert m is not None
    assert int(m.group(3)) == track.n_ids and m.group(2) == track.split
    assert board.signature == _now(m.group(1), m.group(2), int(m.group(3))), (
        f"metric versions changed: re-score the {name} board (docs/real-systems.md)"
    )
    entries = load_entries(board)
    assert entries and all(e.n_items == track.n_ids for e in entries)


@pytest.mark.parametrize("name", BOARDS)
def test_rendered_files_match_the_entries(name: str) -> None:
    board = load_board(ROOT / name)
    entries = load_entries(board)
    assert (board.path / "README.md").read_text(encoding="utf-8") == render_markdown(board, entries)
    assert (board.path / "index.html").read_text(encoding="utf-8") == render_html(board, entries)


def test_site_page_matches_the_boards() -> None:
    boards = [(b, load_entries(b)) for b in find_boards(ROOT)]
    assert (ROOT / "README.md").read_text(encoding="utf-8") == render_site_markdown(boards)
    assert (ROOT / "index.html").read_text(encoding="utf-8") == render_site_html(boards)
