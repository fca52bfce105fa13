"""``headline-bench check``: exit codes, paired significance, signatures, schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmark.cli import main
from benchmark.errors import InputError
from benchmark.scoring import validate_results

BASE = Path(__file__).resolve().parent.parent / "ci" / "baseline-lead3"


def _copy(
    tmp: Path,
    name: str,
    change: dict[str, float] | None = None,
    signature: str | None = None,
    per_article_shift: float = 0.0,
) -> Path:
    out = tmp / name
    shutil.copytree(BASE, out)
    res = json.loads((out / "results.json").read_text())
    for metric, delta in (change or {}).items():
        res["metrics"][metric]["mean"] += delta
    if signature is not None:
        res["signature"] = signature
    (out / "results.json").write_text(json.dumps(res))
    if per_article_shift:
        lines = []
        for line in (out / "scores.jsonl").read_text().splitlines():
            obj = json.loads(line)
            obj["scores"]["rouge2"] -= per_article_shift
            lines.append(json.dumps(obj))
        (out / "scores.jsonl").write_text("\n".join(lines) + "\n")
    return out


def test_identical_runs_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--results", str(BASE), "--baseline", str(BASE)]) == 0
    assert "no regression" in capsys.readouterr().out


def test_drop_beyond_allowance_fails_with_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    worse = _copy(tmp_path, "worse", {"rouge2": -0.02})
    assert (
        main(
            ["check", "--results", str(worse), "--baseline", str(BASE), "--max-drop", "rouge2=0.01"]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "rouge2" in out and "-0.0200" in out and "REGRESSION" in out
    assert (
        main(
            ["check", "--results", str(worse), "--baseline", str(BASE), "--max-drop", "rouge2=0.03"]
        )
        == 0
    )


def test_lower_is_better_metrics_regress_upwards(tmp_path: Path) -> None:
    louder = _copy(tmp_path, "louder", {"loaded_per_100w": 0.5})
    assert (
        main(
            [
                "check",
                "--results",
                str(louder),
                "--baseline",
                str(BASE),
                "--max-drop",
                "loaded_per_100w=0.1",
            ]
        )
        == 1
    )


def test_paired_counts_only_significant_drops(tmp_path: Path) -> None:
    # the aggregate says worse, but the per-article scores are the baseline's: not significant
    noisy = _copy(tmp_path, "noisy", {"rouge2": -0.02})
    assert (
        main(
            [
                "check",
                "--results",
                str(noisy),
                "--baseline",
                str(BASE),
                "--max-drop",
                "rouge2=0.01",
                "--paired",
            ]
        )
        == 0
    )
    shifted = _copy(tmp_path, "shifted", {"rouge2": -0.02}, per_article_shift=0.02)
    assert (
        main(
            [
                "check",
                "--results",
                str(shifted),
                "--baseline",
                str(BASE),
                "--max-drop",
                "rouge2=0.01",
                "--paired",
            ]
        )
        == 1
    )


@pytest.mark.parametrize("case", ["signature", "missing", "not_json", "schema", "metric"])
def test_unusable_input_exits_2(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--max-drop", "rouge2=0.01"]
    if case == "signature":
        new = _copy(tmp_path, "other", signature="headline-bench:9|data:000000000000/test|n:1|x")
    elif case == "missing":
        new = tmp_path / "nothing"
    elif case == "not_json":
        new = tmp_path / "bad.json"
        new.write_text("{")
    elif case == "schema":
        new = tmp_path / "schema.json"
        res = json.loads((BASE / "results.json").read_text())
        del res["bootstrap"]
        new.write_text(json.dumps(res))
    else:
        new = BASE
        args = ["--max-drop", "nope=0.1"]
    assert main(["check", "--results", str(new), "--baseline", str(BASE), *args]) == 2
    assert "headline-bench: error:" in capsys.readouterr().err


def test_schema_names_the_field() -> None:
    res = json.loads((BASE / "results.json").read_text())
    res["metrics"]["rouge2"]["n"] = "many"
    with pytest.raises(InputError) as info:
        validate_results(res)
    assert info.value.field == "metrics/rouge2/n"


def test_export_model_index(capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    assert main(["export", "model-index", "--results", str(BASE), "--model-name", "lead3"]) == 0
    block = yaml.safe_load(capsys.readouterr().out)
    res = json.loads((BASE / "results.json").read_text())
    metrics = {m["type"]: m["value"] for m in block["model-index"][0]["results"][0]["metrics"]}
    assert metrics["rouge2"] == res["metrics"]["rouge2"]["mean"]


def test_paired_needs_the_drop_to_point_the_worse_way(tmp_path: Path) -> None:
    # the mean says worse, but per article the new run is better: not a regression
    better_per_article = _copy(tmp_path, "b", {"rouge2": -0.02}, per_article_shift=-0.05)
    assert (
        main(
            [
                "check",
                "--results",
                str(better_per_article),
                "--baseline",
                str(BASE),
                "--max-drop",
                "rouge2=0.01",
                "--paired",
            ]
        )
        == 0
    )


def test_more_failures_or_a_lost_score_is_a_regression(tmp_path: Path) -> None:
    failing = _copy(tmp_path, "f")
    res = json.loads((failing / "results.json").read_text())
    res["summariser"]["failures"] = 3
    (failing / "results.json").write_text(json.dumps(res))
    assert (
        main(
            [
                "check",
                "--results",
                str(failing),
                "--baseline",
                str(BASE),
                "--max-drop",
                "rouge2=0.5",
            ]
        )
        == 1
    )
    lost = _copy(tmp_path, "l")
    res = json.loads((lost / "results.json").read_text())
    res["metrics"]["rouge2"] = {"mean": None, "low": None, "high": None, "n": 0}
    (lost / "results.json").write_text(json.dumps(res))
    assert (
        main(["check", "--results", str(lost), "--baseline", str(BASE), "--max-drop", "rouge2=0.5"])
        == 1
    )


def test_unpairable_scores_are_unusable_input(tmp_path: Path) -> None:
    worse = _copy(tmp_path, "w", {"rouge2": -0.02})
    (worse / "scores.jsonl").write_text("")
    assert (
        main(
            [
                "check",
                "--results",
                str(worse),
                "--baseline",
                str(BASE),
                "--max-drop",
                "rouge2=0.01",
                "--paired",
            ]
        )
        == 2
    )
