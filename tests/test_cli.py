"""``headline-bench data build|show`` end to end, through ``main()`` as the console script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.cli import main
from benchmark.dataset import fingerprint, load_dataset_dir


def test_build_and_show_bundled_dev_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dev"
    assert main(["data", "build", "--format", "seed", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "built" in printed and "dropped" in printed and "caption" in printed
    dsd = load_dataset_dir(out)
    meta = json.loads((out / "headline_bench.json").read_text())
    assert meta["fingerprint"] == fingerprint(dsd)
    assert (out / "parquet" / "test.parquet").is_file()
    reports = [json.loads(x) for x in (out / "build_report.jsonl").read_text().splitlines()]
    assert len(reports) == sum(dsd[s].num_rows for s in dsd)

    assert main(["data", "show", str(out), "--sample", "2", "--split", "test"]) == 0
    shown = capsys.readouterr().out
    assert "validation" in shown and "headline:" in shown and shown.count("[test]") == 2

    assert main(["data", "show", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["fingerprint"] == meta["fingerprint"]
    assert summary["fingerprint_matches_metadata"] is True


def test_existing_output_is_kept_without_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dev"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["data", "build", "--format", "seed", "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"
    assert main(["data", "build", "--format", "seed", "--out", str(out), "--overwrite"]) == 0
    assert not (out / "keep.txt").exists()
    assert not list(tmp_path.glob(".dev.*"))


def test_failed_build_leaves_previous_output_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"body": "Four groups met."}\n', encoding="utf-8")
    out = tmp_path / "ds"
    assert (
        main(
            [
                "data",
                "build",
                "--format",
                "jsonl",
                "--input",
                str(good),
                "--out",
                str(out),
                "--split",
                "test",
            ]
        )
        == 0
    )
    before = fingerprint(load_dataset_dir(out))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"body": "ok."}\n{"body": ""}\n', encoding="utf-8")
    code = main(
        [
            "data",
            "build",
            "--format",
            "jsonl",
            "--input",
            str(bad),
            "--out",
            str(out),
            "--overwrite",
            "--split",
            "test",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: field 'body': is empty" in err
    assert fingerprint(load_dataset_dir(out)) == before


def test_csv_build_with_mapping(tmp_path: Path) -> None:
    src = tmp_path / "cnn.csv"
    src.write_text(
        'id,article,highlights\nx1,"The council met.","Council met .\nVote due ."\n',
        encoding="utf-8",
    )
    out = tmp_path / "csv"
    assert (
        main(
            [
                "data",
                "build",
                "--format",
                "csv",
                "--input",
                str(src),
                "--out",
                str(out),
                "--map",
                "article=body",
                "--map",
                "highlights=bullets",
                "--split",
                "test",
            ]
        )
        == 0
    )
    row = load_dataset_dir(out)["test"][0]
    assert (row["id"], row["bullets"]) == ("x1", ["Council met .", "Vote due ."])


def test_seed_build_from_a_user_folder(tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    folder.mkdir()
    (folder / "one.txt").write_text("Headline\n\n• Bullet\n\nBody text.\n", encoding="utf-8")
    out = tmp_path / "built"
    assert (
        main(
            [
                "data",
                "build",
                "--format",
                "seed",
                "--input",
                str(folder),
                "--out",
                str(out),
                "--splits",
                "test=1",
            ]
        )
        == 0
    )
    assert load_dataset_dir(out)["test"][0]["source"] == "scraped"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["data", "build", "--format", "hub", "--out", "x"], "needs --name"),
        (["data", "build", "--format", "jsonl", "--out", "x"], "needs --input"),
        (["data", "show", "nowhere"], "not a saved dataset"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_console_script_is_installed() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.startswith("headline-bench ")


DEVSET_RAW = Path(__file__).resolve().parent.parent / "benchmark" / "devset" / "raw"


def test_seed_build_of_too_few_articles_says_so_and_suggests_splits_that_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One article under the default validation/test weights left a split empty, which
    was written and then failed to load (IndexError in `data show`)."""
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(DEVSET_RAW / "business-01-wexleigh-council-jobs.txt", folder)
    out = tmp_path / "built"
    argv = ["data", "build", "--format", "seed", "--input", str(folder), "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "1 article " in err and "validation" in err and "test" in err
    assert re.search(r"validation \d, test \d", err)  # what each split would get
    assert not out.exists() and not list(tmp_path.glob(".built.*"))
    suggested = re.search(r"--splits (\S+)", err)
    assert suggested is not None, err
    assert main([*argv, "--splits", suggested.group(1).rstrip(",;.")]) == 0
    capsys.readouterr()
    assert main(["data", "show", str(out)]) == 0
    assert "headline:" in capsys.readouterr().out


def test_jsonl_build_with_hash_splits_refuses_an_empty_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text('{"body": "Four groups met."}\n', encoding="utf-8")
    argv = ["data", "build", "--format", "jsonl", "--input", str(src), "--out", str(tmp_path / "o")]
    assert main([*argv, "--splits", "validation=0.5,test=0.5"]) == 2
    err = capsys.readouterr().err
    assert "1 article " in err and "--splits" in err
    assert not (tmp_path / "o").exists()


_LONG_FLOAT = re.compile(r"\d\.\d{5,}")  # more decimals than the 4 every table prints


def test_data_build_prints_no_datasets_progress_and_plain_lines_in_a_log(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A log (stderr is not a terminal here) gets whole lines, never `datasets`' own bars."""
    assert main(["data", "build", "--format", "seed", "--out", str(tmp_path / "dev")]) == 0
    folder = tmp_path / "three"
    folder.mkdir()
    for raw in sorted(DEVSET_RAW.glob("*.txt"))[:3]:
        shutil.copy(raw, folder)
    argv = ["data", "build", "--format", "seed", "--input", str(folder), "--splits", "test=1"]
    assert main([*argv, "--out", str(tmp_path / "three-built")]) == 0
    captured = capfd.readouterr()
    for noise in ("Saving the dataset", "Creating parquet", "\r"):
        assert noise not in captured.err, captured.err
    assert "parsing articles: 3/3 files" in captured.err  # the CLI's own progress, as a line
    assert "built" in captured.out and not _LONG_FLOAT.search(captured.out)


def test_run_prints_its_summary_rounded(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["run", "summariser=lead3", "limit=4", "progress=false", "cache=false"]
    # Hydra configuring logging in this process closes the handlers absl (rouge-score)
    # installed on pytest's capture stream, and with it that stream: leave logging alone
    quiet = ["hydra/job_logging=none", "hydra/hydra_logging=none"]
    assert main([*argv, *quiet, f"hydra.run.dir={tmp_path / 'run'}"]) == 0
    out = capfd.readouterr().out
    (line,) = [x for x in out.splitlines() if x.startswith("lead3:")]
    number = r"(\d+\.\d{4}|-)"
    summary = rf"lead3: rouge2 {number}, figure_precision {number}, neutral_rate {number} -> .+"
    assert re.fullmatch(summary, line), line
    assert not _LONG_FLOAT.search(out)
