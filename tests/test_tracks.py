"""Tracks: definitions, pinned id sets, `track build` on same-shaped local data (FRANK-shaped
folders carrying the track's own ids with invented text; a hub-shaped local folder), boards
per track, submitting to one, migrating a root board, and the real-systems report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fake_data import _jsonl, _write

from benchmark.builders.frank import MAX_BULLETS, load_frank_track, system_predictions
from benchmark.cli import main
from benchmark.errors import InputError
from benchmark.records import Prediction, read_predictions, write_predictions
from benchmark.tracks import (
    TRACK_FILE,
    check_ids,
    get_track,
    ids_digest,
    list_tracks,
    load_track_dir,
    pinned_ids,
)
from benchmark.validation.systems import entry_name, format_frank_report, frank_report
from leaderboard.entries import Entry, add_entry, load_board, load_entries, migrate_root

FRANK_SYSTEMS = ("bart", "bert_sum", "pgn", "bus", "s2s")
ARTICLE = (
    "The council of {k} cut £2.5m from its budget on Tuesday. As many as 300 jobs could go, "
    "officials said. The mayor, 52, opened the new bridge."
)
# Invented summaries, lower-cased and tokenised as the systems write them: the later systems
# state figures the article does not have.
SUMMARY = {
    "bart": "the council cut £ 2.5 m from its budget . as many as 300 jobs could go .",
    "bert_sum": "the council cut £ 2.5 m from its budget on tuesday .",
    "pgn": "the mayor , 52 , opened the new bridge .",
    "bus": "the council cut £ 3.5 m from its budget .",
    "s2s": "the council cut £ 9 m . 400 jobs will go . it rained . fans sang . the end came . "
    "all left . then more . and more .",
}
FACTUALITY = {"bart": 0.95, "bert_sum": 0.9, "pgn": 0.85, "bus": 0.6, "s2s": 0.3}


XSUM_SUMMARY = {
    "BERTS2S": "a",
    "TConvS2S": "b",
    "PtGen": "the council cut £ 2.5 m .",
    "TranS2S": "c",
}


def _frank(root: Path, ids: list[str], dataset: str = "cnndm") -> Path:
    folder = root / "frank"
    summaries = SUMMARY if dataset == "cnndm" else XSUM_SUMMARY
    docs = [
        {
            "hash": i,
            "dataset": dataset,
            "split": "test",
            "article": ARTICLE.format(k=k),
            "reference": f"the council of {k} cut # 2.5 m . jobs could go .",
            "reference_lower": "",
            "summaries": summaries,
        }
        for k, i in enumerate(ids)
    ]
    _jsonl(folder / "frank_articles.jsonl", docs)
    rows = [
        {
            "hash": i,
            "model_name": m,
            "dataset": dataset,
            "Factuality": f,
            "EntE": 1.0 if f > 0.8 else 0.5,
            "CircE": 1.0,
        }
        for i in ids
        for m, f in FACTUALITY.items()
    ]
    _write(folder / "human_annotations.json", json.dumps(rows))
    return folder


def test_shipped_tracks_and_their_id_lists() -> None:
    tracks = list_tracks()
    assert tracks[0].name == "dev"
    assert {t.name for t in tracks} == {
        "dev",
        "cnndm",
        "xsum",
        "numhg",
        "frank-cnndm",
        "frank-xsum",
    }
    sizes = {t.name: t.n_ids for t in tracks}
    assert sizes == {
        "dev": 26,
        "cnndm": 11490,
        "xsum": 11334,
        "numhg": 2775,
        "frank-cnndm": 250,
        "frank-xsum": 251,
    }
    for t in tracks:
        ids = pinned_ids(t)
        if t.pinned:  # a pinned track ships its ids, and they hash to its digest
            assert ids is not None and len(ids) == t.n_ids == len(set(ids))
            assert ids_digest(ids) == t.ids_sha256
        else:
            assert ids is None


def test_digest_ignores_order_and_sees_one_id() -> None:
    assert ids_digest(["b", "a"]) == ids_digest(["a", "b"])
    assert ids_digest(["a", "b"]) != ids_digest(["a", "c"])


def test_check_ids_names_missing_and_extra() -> None:
    track = get_track("frank-cnndm")
    ids = pinned_ids(track)
    assert ids is not None
    check_ids(track, ids)  # the track's own set passes
    with pytest.raises(InputError, match=r"2 ids missing and 1 extra"):
        check_ids(track, [*ids[2:], "not-an-id"])
    with pytest.raises(InputError, match="repeats ids"):
        check_ids(track, [*ids, ids[0]])
    unpinned = get_track("cnndm")
    with pytest.raises(InputError, match="has 3 ids; track 'cnndm' has 11,490"):
        check_ids(unpinned, ["a", "b", "c"])


def test_bad_track_file_names_file_and_field(tmp_path: Path) -> None:
    _write(tmp_path / "t.yaml", "name: t\ntitle: T\n")
    with pytest.raises(InputError) as err:
        list_tracks(tmp_path)
    assert "t.yaml" in str(err.value) and "description" in str(err.value)
    _write(
        tmp_path / "t.yaml",
        "name: t\ntitle: T\ndescription: d\ndataset: {_target_: x}\nsplit: test\n"
        "targets: bullets\nn_ids: 3\nlicense: x\nids_sha256: abc\n",
    )
    with pytest.raises(InputError, match="ids_sha256"):
        get_track("t", tmp_path)
    with pytest.raises(InputError, match="unknown track 'nope'"):
        get_track("nope", tmp_path)


def test_frank_track_builds_from_a_frank_shaped_folder_and_refuses_other_ids(
    tmp_path: Path,
) -> None:
    ids = pinned_ids(get_track("frank-cnndm"))
    assert ids is not None
    src = _frank(tmp_path / "ok", ids)
    out = tmp_path / "built"
    assert main(["track", "build", "frank-cnndm", "--source", str(src), "--out", str(out)]) == 0
    meta = json.loads((out / TRACK_FILE).read_text())
    assert meta["ids_sha256"] == get_track("frank-cnndm").ids_sha256 and meta["n_ids"] == 250
    dsd = load_track_dir(get_track("frank-cnndm"), out)
    row = dsd["test"][0]
    assert row["bullets"] == ["the council of 0 cut £2.5m.", "jobs could go."]  # read normalised
    assert row["headline"] is None

    short = _frank(tmp_path / "short", ids[:-1])
    code = main(["track", "build", "frank-cnndm", "--source", str(short), "--out", str(out / "x")])
    assert code == 2
    assert not (out / "x" / TRACK_FILE).exists()
    # a built folder of one track is not another's
    with pytest.raises(InputError, match="is track 'frank-cnndm', not 'frank-xsum'"):
        load_track_dir(get_track("frank-xsum"), out)


def test_build_needs_a_source_where_the_track_has_no_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["track", "build", "frank-cnndm", "--out", str(tmp_path / "o")]) == 2
    assert "needs --source" in capsys.readouterr().err


def test_hub_track_builds_from_a_local_copy_and_checks_the_count(tmp_path: Path) -> None:
    # A local copy of the hub dataset's shape (passed to datasets.load_dataset as path=).
    local = tmp_path / "cnn_dailymail"
    rows = [
        {"id": f"{k:040x}", "article": f"Body {k}.", "highlights": "One.\nTwo."} for k in range(5)
    ]
    _jsonl(local / "test.jsonl", rows)
    out = tmp_path / "built"
    code = main(["track", "build", "cnndm", "--source", str(local), "--out", str(out)])
    assert code == 2  # 5 articles, not 11,490
    assert not out.exists() or not (out / TRACK_FILE).exists()


def test_numhg_builds_from_a_local_csv_and_names_what_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "val.csv"
    _write(csv, 'text,summary\n"(Sep 25, 2016  1:28 PM CDT) A body.",Headline with 3\n')
    out = tmp_path / "built"
    assert main(["track", "build", "numhg", "--source", str(csv), "--out", str(out)]) == 2
    assert "2,775 ids missing and 1 extra" in capsys.readouterr().err


def test_frank_track_from_the_hub_by_id(tmp_path: Path) -> None:
    # the hub's shape (a local copy, as datasets.load_dataset reads it): the whole test
    # split, of which the track keeps FRANK's 250 ids
    ids = pinned_ids(get_track("frank-cnndm"))
    assert ids is not None
    rows = [
        {"id": i, "article": f"Body {k}.", "highlights": "One.\nTwo."} for k, i in enumerate(ids)
    ]
    rows += [{"id": f"{k:040x}", "article": "Other.", "highlights": "X."} for k in range(30)]
    local = tmp_path / "cnn_dailymail"
    _jsonl(local / "test.jsonl", rows)
    out = tmp_path / "built"
    args = ["track", "build", "frank-cnndm", "--from-hub", "--source", str(local)]
    assert main([*args, "--out", str(out)]) == 0
    dsd = load_track_dir(get_track("frank-cnndm"), out)
    assert dsd["test"].num_rows == 250 and dsd["test"][0]["bullets"] == ["One.", "Two."]


def test_systems_as_predictions(tmp_path: Path) -> None:
    src = _frank(tmp_path, ["h1", "h2"])
    preds = system_predictions(src, "cnndm")
    assert set(preds) == set(FRANK_SYSTEMS)
    bart = preds["bart"][0]
    assert bart.bullets == (
        "the council cut £2.5m from its budget.",
        "as many as 300 jobs could go.",
    )
    assert bart.headline == bart.bullets[0]
    assert len(preds["s2s"][0].bullets) == MAX_BULLETS  # 8 sentences, the rest joined
    assert preds["s2s"][0].bullets[-1] == "all left. then more. and more."
    out = tmp_path / "preds"
    assert (
        main(["track", "predictions", "frank-cnndm", "--source", str(src), "--out", str(out)]) == 0
    )
    assert [p.id for p in read_predictions(out / "pgn.jsonl")] == ["h1", "h2"]


def test_xsum_rows_and_predictions(tmp_path: Path) -> None:
    src = _frank(tmp_path, ["1", "2"], dataset="xsum")
    row = load_frank_track(src, "xsum")["test"][0]
    assert (
        row["bullets"] is None and row["headline"] == "the council of 0 cut £2.5m. jobs could go."
    )
    pred = system_predictions(src, "xsum")["PtGen"][0]
    assert pred.bullets == (pred.headline,)


@pytest.mark.slow
def test_board_per_track_submit_and_report(tmp_path: Path) -> None:
    track = get_track("frank-cnndm")
    ids = pinned_ids(track)
    assert ids is not None
    src = _frank(tmp_path, ids)
    data = tmp_path / "track"
    assert main(["track", "build", "frank-cnndm", "--source", str(src), "--out", str(data)]) == 0
    root = tmp_path / "lb"
    board_dir = root / "frank-cnndm"
    assert main(["leaderboard", "init", "--track", "frank-cnndm", "--board", str(board_dir)]) == 2
    init = ["leaderboard", "init", "--track", "frank-cnndm", "--board", str(board_dir)]
    assert main([*init, "--track-data", str(data)]) == 0
    board = load_board(board_dir)
    assert board.dataset == "frank-cnndm" and board.primary == "rouge2"
    assert "headline_rouge1" not in board.columns  # CNN/DM has no reference headlines
    preds = tmp_path / "preds"
    assert (
        main(["track", "predictions", "frank-cnndm", "--source", str(src), "--out", str(preds)])
        == 0
    )
    for system in FRANK_SYSTEMS:
        args = ["submit", "--predictions", str(preds / f"{system}.jsonl")]
        args += ["--name", entry_name(system), "--track", "frank-cnndm", "--board", str(board_dir)]
        assert main([*args, "--track-data", str(data)]) == 0
    # an entry merely named like a system is not that system
    impostor = [
        Prediction(p.id, "An impostor headline", p.bullets)
        for p in read_predictions(preds / "s2s.jsonl")
    ]
    fake = write_predictions(tmp_path / "fake.jsonl", impostor)
    args = ["submit", "--predictions", str(fake), "--name", entry_name("bart")]
    assert (
        main(
            [*args, "--track", "frank-cnndm", "--board", str(board_dir), "--track-data", str(data)]
        )
        == 0
    )
    entries = load_entries(board)
    assert len(entries) == 6
    # the site page at the root lists the track
    assert "frank-cnndm" in (root / "index.html").read_text()
    report = frank_report(entries, src, "cnndm")
    rows = {r.system: r for r in report["rows"]}
    assert rows["bus"].human["factuality"] == pytest.approx(0.6)
    assert (
        rows["bus"].human["ent_error_share"] == 1.0 and rows["bart"].human["ent_error_share"] == 0.0
    )
    # bus and s2s state figures the article lacks on every article; the others never do
    assert rows["bart"].ours["figure_precision"] == 1.0  # the real bart, not the impostor
    assert rows["bus"].ours["figure_precision"] == 0.0
    # figure_precision (1, 1, 1, 0, 0.5 by system) against factuality: ties among the first three
    corr = report["correlations"]["figure_precision"]["factuality"]
    assert corr["spearman"] is not None and corr["spearman"] > 0.6
    text = format_frank_report(report, track="frank-cnndm", signature=board.signature)
    assert "| bus | 250 | 0.600 | 1.000 | 0.000 |" in text
    assert "council" not in text  # numbers only, no text of the articles


def test_submit_to_another_track_needs_its_data(tmp_path: Path) -> None:
    from leaderboard.entries import Board
    from leaderboard.submission import board_dataset

    board = Board(tmp_path, "b", "frank-cnndm", "test", "", ("rouge2",), "rouge2")
    with pytest.raises(InputError, match="--track-data"):
        board_dataset(board)


def test_migrate_moves_a_root_board_into_its_track(tmp_path: Path) -> None:
    root = tmp_path / "lb"
    assert main(["leaderboard", "init", "--board", str(root)]) == 0
    old = load_board(root)
    entry = Entry("x", "X", None, None, "2026-12-04T00:00:00Z", old.signature, "0" * 64, 26, {})
    add_entry(old, entry)
    assert main(["leaderboard", "migrate", "--root", str(root)]) == 0
    assert (root / "dev" / "board.json").is_file()
    assert [e.id for e in load_entries(load_board(root / "dev"))] == ["x"]
    assert (root / "index.html").is_file()  # the page of every track, at the root
    assert not (root / "board.json").exists()
    assert migrate_root(root) is None  # nothing left to move
    os.makedirs(root / "entries")
    assert main(["leaderboard", "init", "--board", str(root)]) == 0
    with pytest.raises(InputError, match="already has a board"):
        migrate_root(root)


@pytest.mark.skipif(
    not (Path(os.environ.get("HEADLINE_BENCH_DATA", "/nonexistent")) / "frank").is_dir(),
    reason="set HEADLINE_BENCH_DATA to a folder holding frank/",
)
def test_real_frank_builds_to_the_pinned_ids(tmp_path: Path) -> None:
    src = Path(os.environ["HEADLINE_BENCH_DATA"]) / "frank"
    for name in ("frank-cnndm", "frank-xsum"):
        out = tmp_path / name
        assert main(["track", "build", name, "--source", str(src), "--out", str(out)]) == 0


def test_a_broken_board_file_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "board.json").write_text('{"name": "x"}')
    assert main(["leaderboard", "render", "--root", str(tmp_path)]) == 2
    assert "board.json: field 'dataset': missing" in capsys.readouterr().err
    (tmp_path / "junk" / "board.json").write_text("{not json")
    assert main(["leaderboard", "render", "--root", str(tmp_path)]) == 2
    assert "not JSON" in capsys.readouterr().err


def test_track_build_errors_are_one_line_and_out_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    ids = pinned_ids(get_track("frank-cnndm"))
    assert ids is not None
    src = _frank(tmp_path / "src", ids)
    assert main(["track", "build", "frank-cnndm", "--source", str(src), "--out", str(out)]) == 2
    assert "pass --overwrite" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"
    missing = tmp_path / "nowhere"
    fresh = tmp_path / "fresh"
    assert (
        main(["track", "build", "frank-cnndm", "--source", str(missing), "--out", str(fresh)]) == 2
    )
    err = capsys.readouterr().err
    assert "no frank_articles.jsonl" in err and "Traceback" not in err
