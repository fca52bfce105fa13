"""Submitting to a leaderboard: validation, signature check, storage, concurrency."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from baselines.extractive import LeadK
from benchmark.bundled import devset_dataset
from benchmark.cli import main
from benchmark.dataset import dataset_to_articles
from benchmark.records import Prediction, write_predictions
from leaderboard.entries import load_board, load_entries


@pytest.fixture
def board(tmp_path: Path) -> Path:
    path = tmp_path / "board"
    assert main(["leaderboard", "init", "--board", str(path)]) == 0
    return path


def _preds(tmp: Path, name: str, k: int = 3, tag: str = "") -> Path:
    arts = dataset_to_articles(devset_dataset()["test"])
    preds = [Prediction(p.id, p.headline + tag, p.bullets) for p in LeadK(k).summarise(arts)]
    return write_predictions(tmp / f"{name}.jsonl", preds)


def test_submit_records_an_entry(
    tmp_path: Path, board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = _preds(tmp_path, "lead3")
    assert (
        main(
            [
                "submit",
                "--predictions",
                str(p),
                "--name",
                "Lead-3 <b>bold</b>",
                "--model-url",
                "https://example.org/m",
                "--board",
                str(board),
            ]
        )
        == 0
    )
    (entry,) = load_entries(load_board(board))
    assert entry.name == "Lead-3 <b>bold</b>" and entry.model_url == "https://example.org/m"
    assert entry.signature == load_board(board).signature
    assert len(entry.article_ids) == entry.n_items == len(entry.per_article["rouge2"])
    rows = sqlite3.connect(board / "leaderboard.db").execute("SELECT id FROM entries").fetchall()
    assert rows == [(entry.id,)]
    assert (board / "README.md").is_file() and (board / "index.html").is_file()
    # the same predictions under the same name are refused, nothing added
    assert (
        main(
            [
                "submit",
                "--predictions",
                str(p),
                "--name",
                "Lead-3 <b>bold</b>",
                "--board",
                str(board),
                "--no-render",
            ]
        )
        == 2
    )
    assert "already on the board" in capsys.readouterr().err
    assert len(load_entries(load_board(board))) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", " "], "field 'name': must not be empty"),
        (["--name", "x" * 81], "at most 80"),
        (["--name", "bad\x07name"], "control characters"),
        (["--name", "ok", "--model-url", "javascript:alert(1)"], "must be an http(s) URL"),
        (["--name", "ok", "--model-url", "ftp://x.org/m"], "must be an http(s) URL"),
        (["--name", "ok", "--description", "d" * 1001], "at most 1000"),
    ],
)
def test_name_url_and_description_are_checked(
    tmp_path: Path, board: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    p = _preds(tmp_path, "lead3")
    assert main(["submit", "--predictions", str(p), "--board", str(board), *args]) == 2
    assert message in capsys.readouterr().err
    assert load_entries(load_board(board)) == []


def test_bad_predictions_exit_2_and_record_nothing(
    tmp_path: Path, board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": "x", "headline": "h", "bullets": ["b"]}\n', encoding="utf-8")
    assert main(["submit", "--predictions", str(p), "--name", "n", "--board", str(board)]) == 2
    err = capsys.readouterr().err
    assert f"{p}:1" in err
    assert load_entries(load_board(board)) == []


def test_a_different_signature_is_refused(
    tmp_path: Path, board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = json.loads((board / "board.json").read_text())
    meta["signature"] = meta["signature"].replace("boot:1000@", "boot:999@")
    (board / "board.json").write_text(json.dumps(meta))
    p = _preds(tmp_path, "lead3")
    assert main(["submit", "--predictions", str(p), "--name", "n", "--board", str(board)]) == 2
    assert "differs from the board's" in capsys.readouterr().err
    assert not list((board / "entries").glob("*.json"))


def test_eight_concurrent_submitters_lose_nothing(tmp_path: Path, board: Path) -> None:
    files = [_preds(tmp_path, f"p{i}", tag=f" v{i}") for i in range(8)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmark.cli",
                "submit",
                "--predictions",
                str(f),
                "--name",
                f"system {i}",
                "--board",
                str(board),
                "--no-render",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, f in enumerate(files)
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
    entries = load_entries(load_board(board))
    assert sorted(e.name for e in entries) == sorted(f"system {i}" for i in range(8))
    rows = (
        sqlite3.connect(board / "leaderboard.db")
        .execute("SELECT id, entry_json FROM entries")
        .fetchall()
    )
    assert len(rows) == 8
    assert {r[0] for r in rows} == {e.id for e in entries}
    for _, blob in rows:
        assert json.loads(blob)["n_items"] == entries[0].n_items
    assert not list((board / "entries").glob(".*tmp*"))


def test_submit_script_runs_as_a_file(tmp_path: Path, board: Path) -> None:
    p = _preds(tmp_path, "lead3")
    script = Path(__file__).resolve().parent.parent / "leaderboard" / "submit.py"
    proc = subprocess.run(
        [
            sys.executable,
            str(script),
            "--predictions",
            str(p),
            "--name",
            "via script",
            "--board",
            str(board),
            "--no-render",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [e.name for e in load_entries(load_board(board))] == ["via script"]


def _submit(predictions: Path, name: str, board: Path) -> int:
    return main(
        [
            "submit",
            "--predictions",
            str(predictions),
            "--name",
            name,
            "--board",
            str(board),
            "--no-render",
        ]
    )


def test_entries_from_files_alone_are_indexed_and_never_duplicated(
    tmp_path: Path, board: Path
) -> None:
    p = _preds(tmp_path, "lead3")
    assert _submit(p, "Mine", board) == 0
    (board / "leaderboard.db").unlink()  # a fresh clone: the files are the record
    assert _submit(p, "Mine", board) == 2
    assert _submit(_preds(tmp_path, "other", tag=" x"), "Other", board) == 0
    rows = sqlite3.connect(board / "leaderboard.db").execute("SELECT name FROM entries").fetchall()
    assert sorted(r[0] for r in rows) == ["Mine", "Other"]
    assert len(load_entries(load_board(board))) == 2
