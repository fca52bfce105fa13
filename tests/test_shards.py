"""Scoring in shards and in worker processes gives what one process over the split gives.

`headline-bench score --shard I/N` then `headline-bench merge` must equal a single
`headline-bench score` to the last digit (aggregates, intervals, per-item scores), and a
merge must refuse shards that do not belong together, naming the file and field.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.bundled import DEVSET_CARD, build_devset
from benchmark.cli import main
from benchmark.dataset import dataset_to_articles, save_dataset
from benchmark.errors import InputError
from benchmark.metrics.wording import default_lexicons
from benchmark.records import Article, Prediction, write_predictions
from benchmark.scoring import ScoreOptions, resolve_workers, score_predictions
from benchmark.shards import parse_shard_spec, shard_range


def _lead(articles: list[Article]) -> list[Prediction]:
    return [
        Prediction(a.id, a.body.split(". ")[0], tuple(a.body.split("\n\n")[:3])) for a in articles
    ]


@pytest.fixture(scope="module")
def dev_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Article]]:
    root = tmp_path_factory.mktemp("shards")
    build = build_devset()
    ds = root / "dev"
    save_dataset(build.dataset, ds, card=DEVSET_CARD, builder={"format": "seed"})
    articles = dataset_to_articles(build.dataset["test"])
    preds = write_predictions(root / "lead.jsonl", _lead(articles))
    return ds, preds, articles


def _score(ds: Path, preds: Path, out: Path, *extra: str) -> int:
    return main(
        [
            "score",
            "--dataset",
            str(ds),
            "--split",
            "test",
            "--predictions",
            str(preds),
            "--out",
            str(out),
            "--bootstrap-samples",
            "200",
            "--workers",
            "1",
            *extra,
        ]
    )


def _without_time(results: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in results.items() if k != "created"}


@pytest.mark.parametrize("count", [1, 3, 26])
def test_merged_shards_equal_a_single_run(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]], count: int
) -> None:
    ds, preds, articles = dev_files
    assert _score(ds, preds, tmp_path / "single") == 0
    shards = []
    for i in reversed(range(count)):  # order of scoring and of the command line is free
        shards.append(tmp_path / f"shard{i}")
        assert _score(ds, preds, shards[-1], "--shard", f"{i}/{count}") == 0
        assert not (shards[-1] / "results.json").exists()  # a shard alone is not a result
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "merged")]) == 0
    single = json.loads((tmp_path / "single" / "results.json").read_text())
    merged = json.loads((tmp_path / "merged" / "results.json").read_text())
    assert _without_time(merged) == _without_time(single)  # every aggregate and interval
    assert merged["n_items"] == len(articles)
    assert (tmp_path / "merged" / "scores.jsonl").read_bytes() == (
        tmp_path / "single" / "scores.jsonl"
    ).read_bytes()


def test_worker_processes_give_the_single_process_scores(
    dev_files: tuple[Path, Path, list[Article]],
) -> None:
    _, _, articles = dev_files
    preds = _lead(articles)
    options = ScoreOptions(bootstrap_samples=10)
    one = score_predictions(articles, preds, options=options, workers=1)
    two = score_predictions(articles, preds, options=options, workers=2)
    assert [it.to_json() for it in two] == [it.to_json() for it in one]


def test_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmark import workers

    assert resolve_workers(1, 10_000) == 1
    assert resolve_workers(4, 3) == 3  # never more workers than items
    assert resolve_workers(None, 10) == 1  # too few articles to pay for a process
    assert 1 <= resolve_workers(None, 100_000) <= 100_000
    monkeypatch.setattr(workers, "available_cpus", lambda: 6)
    assert resolve_workers(None, 100_000) == 6  # one per CPU
    assert resolve_workers(None, 450) == 2  # but 200 articles each at least
    assert resolve_workers(0, 100_000) == 6
    with pytest.raises(ValueError, match="workers"):
        resolve_workers(-1, 10)


@given(st.integers(1, 64), st.integers(0, 5000))
def test_shards_tile_the_split_in_order(count: int, n: int) -> None:
    ranges = [shard_range(i, count, n) for i in range(count)]
    assert ranges[0][0] == 0 and ranges[-1][1] == n
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end == start
    sizes = [e - s for s, e in ranges]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("spec", ["3/3", "-1/3", "0/0", "a/b", "1", "1/2/3", ""])
def test_bad_shard_specs(spec: str) -> None:
    with pytest.raises(InputError) as err:
        parse_shard_spec(spec)
    assert err.value.field == "shard"


def test_shard_spec() -> None:
    assert parse_shard_spec("0/1") == (0, 1)
    assert parse_shard_spec(" 7/8 ") == (7, 8)


@pytest.fixture
def three_shards(tmp_path: Path, dev_files: tuple[Path, Path, list[Article]]) -> list[Path]:
    ds, preds, _ = dev_files
    out = []
    for i in range(3):
        out.append(tmp_path / f"s{i}")
        assert _score(ds, preds, out[-1], "--shard", f"{i}/3") == 0
    return out


def _merge_error(shards: list[Path], out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["merge", *map(str, shards), "--out", str(out)]) == 2
    assert not (out / "results.json").exists()
    return capsys.readouterr().err


def test_merge_refuses_a_missing_or_repeated_shard(
    tmp_path: Path, three_shards: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    err = _merge_error(three_shards[:2], tmp_path / "m", capsys)
    assert "missing shard(s) 2 of 3" in err and "shard.json" in err and "'index'" in err
    copy = tmp_path / "copy"
    shutil.copytree(three_shards[1], copy)
    err = _merge_error([*three_shards, copy], tmp_path / "m", capsys)
    assert "shard 1 is also in" in err and str(copy) in err


def test_merge_refuses_shards_scored_differently(
    tmp_path: Path,
    three_shards: list[Path],
    dev_files: tuple[Path, Path, list[Article]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    ds, preds, _ = dev_files
    other = tmp_path / "other"
    assert _score(ds, preds, other, "--shard", "2/3", "--seed", "7") == 0
    err = _merge_error([*three_shards[:2], other], tmp_path / "m", capsys)
    assert str(other / "shard.json") in err and "'options'" in err
    four = tmp_path / "four"
    assert _score(ds, preds, four, "--shard", "2/4") == 0
    err = _merge_error([*three_shards[:2], four], tmp_path / "m", capsys)
    assert "'count'" in err


def test_merge_refuses_edited_or_unfinished_shards(
    tmp_path: Path, three_shards: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    scores = three_shards[1] / "scores.jsonl"
    lines = scores.read_text().splitlines(keepends=True)
    scores.write_text("".join(lines[:-1]))
    err = _merge_error(three_shards, tmp_path / "m", capsys)
    assert str(scores) in err and "truncated or edited" in err
    scores.write_text("".join(lines[:-1]) + "{not json\n")
    err = _merge_error(three_shards, tmp_path / "m", capsys)
    assert f"{scores}:{len(lines)}" in err and "not valid JSON" in err
    scores.unlink()
    err = _merge_error(three_shards, tmp_path / "m", capsys)
    assert "did not finish writing" in err
    manifest = three_shards[0] / "shard.json"
    raw = json.loads(manifest.read_text())
    raw["start"] = 1
    manifest.write_text(json.dumps(raw))
    err = _merge_error(three_shards, tmp_path / "m", capsys)
    assert str(manifest) in err and "'start'" in err
    err = _merge_error([tmp_path], tmp_path / "m", capsys)
    assert "no shard manifest here" in err


def test_shard_predictions_may_be_the_whole_file_or_the_shard_part(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]], capsys: pytest.CaptureFixture[str]
) -> None:
    ds, _, articles = dev_files
    start, end = shard_range(1, 2, len(articles))
    part = write_predictions(tmp_path / "part.jsonl", _lead(articles[start:end]))
    assert _score(ds, part, tmp_path / "p", "--shard", "1/2") == 0
    whole = write_predictions(
        tmp_path / "whole.jsonl", [*_lead(articles), Prediction("not-in-split", "h", ("b",))]
    )
    capsys.readouterr()
    assert _score(ds, whole, tmp_path / "w", "--shard", "1/2") == 2
    err = capsys.readouterr().err
    assert str(whole) in err and "'not-in-split'" in err and "'id'" in err
    other_part = write_predictions(tmp_path / "other.jsonl", _lead(articles[:start]))
    assert _score(ds, other_part, tmp_path / "o", "--shard", "1/2") == 2
    assert "no prediction for" in capsys.readouterr().err


def test_slurm_array_script_scores_shards_that_merge_into_the_single_run(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]]
) -> None:
    """The array job script, run as SLURM would run its tasks (ids 1..3 of --array=1-3)."""
    ds, preds, _ = dev_files
    script = Path(__file__).resolve().parent.parent / "scripts" / "slurm" / "score_shards.sbatch"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for task in (3, 1, 2):
        env = {
            **os.environ,
            "PATH": path,
            "SLURM_ARRAY_TASK_ID": str(task),
            "SLURM_ARRAY_TASK_MIN": "1",
            "SLURM_ARRAY_TASK_COUNT": "3",
            "SLURM_CPUS_PER_TASK": "1",
        }
        subprocess.run(
            ["bash", str(script), str(ds), "test", str(preds), str(tmp_path / "shards")],
            env=env,
            check=True,
            capture_output=True,
        )
    shards = sorted((tmp_path / "shards").glob("shard-*"))
    assert [p.name for p in shards] == ["shard-0", "shard-1", "shard-2"]
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "merged")]) == 0
    single = tmp_path / "single"
    args = ["--dataset", str(ds), "--split", "test", "--predictions", str(preds)]
    assert main(["score", *args, "--out", str(single)]) == 0  # the script's defaults
    want = json.loads((single / "results.json").read_text())
    got = json.loads((tmp_path / "merged" / "results.json").read_text())
    assert _without_time(got) == _without_time(want)
    proc = subprocess.run(["bash", str(script), "a", "b", "c", "d"], capture_output=True, text=True)
    assert proc.returncode != 0 and "array job" in proc.stderr


def test_article_cache_gives_the_same_scores_and_is_keyed_by_content(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]]
) -> None:
    import dataclasses

    from benchmark import prepared_cache

    _, _, articles = dev_files
    preds = _lead(articles)
    options = ScoreOptions(bootstrap_samples=10)
    cache = tmp_path / "cache"
    fresh = [it.to_json() for it in score_predictions(articles, preds, options=options)]
    cold = score_predictions(articles, preds, options=options, cache_dir=cache)
    blocks = sorted(cache.rglob("*.pkl"))
    assert blocks  # the cold run filled the cache
    stamps = [p.stat().st_mtime_ns for p in blocks]
    warm = score_predictions(articles, preds, options=options, cache_dir=cache, workers=2)
    assert [it.to_json() for it in cold] == [it.to_json() for it in warm] == fresh
    assert [p.stat().st_mtime_ns for p in blocks] == stamps  # read, not rewritten
    # an edited article is another key: its block is analysed afresh, never served stale
    edited = [
        dataclasses.replace(articles[0], body=articles[0].body + " It cost £9m."),
        *articles[1:],
    ]
    again = score_predictions(edited, preds, options=options, cache_dir=cache)
    assert (
        again[0].to_json() == score_predictions(edited[:1], preds[:1], options=options)[0].to_json()
    )
    assert len(list(cache.rglob("*.pkl"))) > len(blocks)
    # a torn file is recomputed, not trusted
    blocks[0].write_bytes(b"\x80\x05 not a pickle")
    torn = score_predictions(articles, preds, options=options, cache_dir=cache)
    assert [it.to_json() for it in torn] == fresh
    layers = default_lexicons()
    key = prepared_cache.block_key(articles[:2], layers)
    assert key != prepared_cache.block_key(edited[:2], layers)
    other_loaded = dataclasses.replace(layers.loaded, sha256="0" * 64)
    assert key != prepared_cache.block_key(
        articles[:2], dataclasses.replace(layers, loaded=other_loaded)
    )
    # every layer's content is in the key, in full (the signature keeps 8 hex digits)
    assert layers.subjective is not None
    other_list = dataclasses.replace(
        layers.subjective, sha256=layers.subjective.sha256[:8] + "0" * 56
    )
    assert key != prepared_cache.block_key(
        articles[:2], dataclasses.replace(layers, subjective=other_list)
    )


def test_cache_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from benchmark.prepared_cache import default_cache_dir

    monkeypatch.setenv("HEADLINE_BENCH_CACHE", str(tmp_path / "hb"))
    assert default_cache_dir() == tmp_path / "hb"
    monkeypatch.delenv("HEADLINE_BENCH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "headline-bench"


def test_score_command_uses_the_cache_unless_told_not_to(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]]
) -> None:
    ds, preds, _ = dev_files
    cache = tmp_path / "cache"
    assert _score(ds, preds, tmp_path / "a", "--cache-dir", str(cache)) == 0
    assert list(cache.rglob("*.pkl"))
    other = tmp_path / "other"
    assert _score(ds, preds, tmp_path / "b", "--cache-dir", str(other), "--no-cache") == 0
    assert not other.exists()
    assert (tmp_path / "a" / "scores.jsonl").read_bytes() == (
        tmp_path / "b" / "scores.jsonl"
    ).read_bytes()


def test_merge_refuses_a_score_that_is_not_a_number(
    tmp_path: Path, three_shards: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    scores = three_shards[2] / "scores.jsonl"
    lines = scores.read_text().splitlines(keepends=True)
    row = json.loads(lines[1])
    row["scores"]["rouge1"] = "0.5"
    lines[1] = json.dumps(row) + "\n"
    scores.write_text("".join(lines))
    err = _merge_error(three_shards, tmp_path / "m", capsys)
    assert f"{scores}:2" in err and "'scores.rouge1'" in err


def test_merge_checks_the_lexicon_is_the_one_the_shards_used(
    tmp_path: Path,
    dev_files: tuple[Path, Path, list[Article]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from importlib.resources import files

    ds, preds, _ = dev_files
    lexicon = tmp_path / "lexicon.yaml"
    bundled = files("benchmark.metrics").joinpath("lexicons").joinpath("loaded_terms.yaml")
    lexicon.write_text(bundled.read_text("utf-8"), encoding="utf-8")
    shards = [tmp_path / "s0", tmp_path / "s1"]
    for i, out in enumerate(shards):
        assert _score(ds, preds, out, "--shard", f"{i}/2", "--lexicon", str(lexicon)) == 0
    lexicon.write_text(lexicon.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
    err = _merge_error(shards, tmp_path / "m", capsys)
    assert "'lexicon_sha256'" in err
    lexicon.unlink()
    err = _merge_error(shards, tmp_path / "m", capsys)
    assert "which is not here" in err and "'options.lexicon_path'" in err


def test_merge_checks_the_word_lists_are_the_ones_the_shards_used(
    tmp_path: Path,
    dev_files: tuple[Path, Path, list[Article]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    ds, preds, _ = dev_files
    words = tmp_path / "words.tsv"
    fixture = Path(__file__).parent / "fixtures" / "mini_subjectivity.tsv"
    words.write_text(fixture.read_text("utf-8"), encoding="utf-8")
    shards = [tmp_path / "s0", tmp_path / "s1"]
    for i, out in enumerate(shards):
        args = ("--shard", f"{i}/2", "--lexicon", f"subjective={words}")
        assert _score(ds, preds, out, *args) == 0
    manifest = json.loads((shards[0] / "shard.json").read_text("utf-8"))
    assert "subj:test-subjectivity@0.1.0." in manifest["wording_signature"]
    assert main(["merge", str(shards[0]), str(shards[1]), "--out", str(tmp_path / "ok")]) == 0
    capsys.readouterr()
    words.write_text(words.read_text("utf-8") + "odd\t0.30\tevaluative_negative\todd\n")
    err = _merge_error(shards, tmp_path / "m", capsys)
    assert "'wording_signature'" in err and "test-subjectivity@0.1.0" in err
    words.unlink()
    err = _merge_error(shards, tmp_path / "m", capsys)
    assert "which is not here" in err and "'options.subjectivity_lexicon_path'" in err


# --- reports of a merged run ------------------------------------------------------------------


def _md_table(md: str) -> list[str]:
    """The aggregate table of report.md (metric, mean, CI, n, higher is better)."""
    return [x for x in md.splitlines() if x.startswith("| ")]


def _html_table(page: str) -> str:
    return page[page.index("<table>") : page.index("</table>")]


def test_merged_run_shards_write_the_single_runs_reports(tmp_path: Path) -> None:
    """A merged `run` looks like the single run: the same report.md and report.html."""
    from baselines.extractive import LeadK
    from benchmark.run import run

    dataset = build_devset().dataset
    common = {
        "dataset": dataset,
        "split": "test",
        "summariser": LeadK(3),
        "summariser_name": "lead3",
        "summariser_config": {"k": 3},
        "dataset_name": "dev",
        "options": ScoreOptions(bootstrap_samples=200),
        "progress": False,
        "workers": 1,
        # what `headline-bench run` records, and how a merge finds the articles again
        "config": {"dataset": {"_target_": "benchmark.bundled.devset_dataset"}, "split": "test"},
    }
    run(out_dir=tmp_path / "single", **common)  # type: ignore[arg-type]
    shards = [tmp_path / f"shard{i}" for i in range(3)]
    for i, out in enumerate(shards):
        run(out_dir=out, shard=(i, 3), **common)  # type: ignore[arg-type]
    merged = tmp_path / "merged"
    assert main(["merge", *map(str, shards), "--out", str(merged)]) == 0
    for name in ("report.md", "report.html"):
        assert (merged / name).is_file(), name
        want = (tmp_path / "single" / name).read_text("utf-8")
        got = (merged / name).read_text("utf-8")
        table = _md_table if name == "report.md" else _html_table
        assert table(got) == table(want)
        assert got == want  # articles, flags and all


def test_merged_score_shards_write_reports_with_the_single_scores_table(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]]
) -> None:
    from benchmark.records import read_predictions
    from benchmark.reporting import render_html, render_markdown

    ds, preds, articles = dev_files
    assert _score(ds, preds, tmp_path / "single") == 0
    shards = [tmp_path / f"s{i}" for i in range(3)]
    for i, out in enumerate(shards):
        assert _score(ds, preds, out, "--shard", f"{i}/3") == 0
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "merged")]) == 0
    single = json.loads((tmp_path / "single" / "results.json").read_text())
    items = [json.loads(x) for x in (tmp_path / "single" / "scores.jsonl").read_text().splitlines()]
    predictions = read_predictions(preds)
    md = (tmp_path / "merged" / "report.md").read_text("utf-8")
    page = (tmp_path / "merged" / "report.html").read_text("utf-8")
    assert _md_table(md) == _md_table(render_markdown(single, items, articles, predictions))
    assert _html_table(page) == _html_table(render_html(single, items, articles, predictions))
    assert md == render_markdown(single, items, articles, predictions)  # the articles are shown


def test_merge_without_the_articles_still_writes_reports_and_says_so(
    tmp_path: Path, dev_files: tuple[Path, Path, list[Article]]
) -> None:
    ds, preds, _ = dev_files
    data, mine = tmp_path / "data", tmp_path / "preds.jsonl"
    shutil.copytree(ds, data)
    shutil.copy(preds, mine)
    shards = [tmp_path / f"s{i}" for i in range(2)]
    for i, out in enumerate(shards):
        assert _score(data, mine, out, "--shard", f"{i}/2") == 0
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "whole")]) == 0
    full = (tmp_path / "whole" / "report.md").read_text("utf-8")
    shutil.rmtree(data)  # moved away after scoring
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "no-articles")]) == 0
    md = (tmp_path / "no-articles" / "report.md").read_text("utf-8")
    assert _md_table(md) == _md_table(full)
    assert "articles" in md and "not available" in md and str(data) in md
    assert "Source:" in full and "Source:" not in md
    assert "not available" in (tmp_path / "no-articles" / "report.html").read_text("utf-8")
    mine.write_text("")  # the predictions changed since: their text is not shown either
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "no-preds")]) == 0
    md = (tmp_path / "no-preds" / "report.md").read_text("utf-8")
    assert _md_table(md) == _md_table(full)
    assert "predictions" in md and "**Headline:**" not in md


def test_cache_key_follows_every_module_of_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The figure checker is a package: an edit to any of its modules must change the key of
    # the prepared-article cache, not only an edit to its __init__.
    from benchmark import prepared_cache

    pkg = tmp_path / "fakepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from fakepkg.stage import X\n")
    (pkg / "stage.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(prepared_cache, "_CODE", ("fakepkg",))
    prepared_cache.code_signature.cache_clear()
    before = prepared_cache.code_signature()
    (pkg / "stage.py").write_text("X = 2\n")
    prepared_cache.code_signature.cache_clear()
    after = prepared_cache.code_signature()
    prepared_cache.code_signature.cache_clear()
    assert before != after
