"""Each custom metric is a local Hugging Face evaluate module, loadable by path offline,
and gives the same numbers as the library functions it wraps."""

from __future__ import annotations

from pathlib import Path

import evaluate
import pytest

from benchmark.metrics.extractive import extractiveness
from benchmark.metrics.figures import check_figures
from benchmark.metrics.headline import headline_cues

MODULES = Path(__file__).resolve().parent.parent / "benchmark" / "metrics" / "evaluate"
SRC = "As many as 1,000 members could be expelled. Four groups met for nine hours on 14 March."
PREDS = ["1,000 members expelled. Five groups met.", "Four groups met for nine hours."]


def _load(name: str) -> evaluate.EvaluationModule:
    return evaluate.load(str(MODULES / name))


def test_every_module_has_a_metric_card() -> None:
    for folder in MODULES.iterdir():
        if folder.is_dir() and not folder.name.startswith(("_", ".")):
            assert (folder / f"{folder.name}.py").is_file()
            card = (folder / "README.md").read_text(encoding="utf-8")
            for section in ("## How to use", "## Limitations", "## Validation"):
                assert section in card, (folder.name, section)


def test_figure_faithfulness_module() -> None:
    r = _load("figure_faithfulness").compute(
        predictions=PREDS,
        sources=[SRC, SRC],
        targets=["Four groups met.", "Four groups met for nine hours."],
    )
    direct = [check_figures(SRC, p) for p in PREDS]
    assert r["figure_precision"] == pytest.approx(sum(d.precision for d in direct) / 2)
    assert r["figures_unsupported"] == sum(len(d.unsupported) for d in direct) == 1
    assert r["figures_unhedged"] == 1
    assert r["figure_recall"] == pytest.approx(0.5)  # 0 for the first (no "Four"), 1 for the second


def test_extractiveness_module() -> None:
    r = _load("extractiveness").compute(predictions=PREDS, sources=[SRC, SRC])
    direct = [extractiveness(SRC, p) for p in PREDS]
    assert r["coverage"] == pytest.approx(sum(d.coverage or 0 for d in direct) / 2)


def test_headline_module() -> None:
    heads = ["Council agrees budget", "Is this the WORST council ever?"]
    r = _load("headline_sensationalism").compute(predictions=heads)
    assert r["sensational_rate"] == 0.5
    assert r["superlatives"] == pytest.approx(headline_cues(heads[1]).superlatives / 2)


def test_loaded_wording_module() -> None:
    r = _load("loaded_wording").compute(
        predictions=["Minister slams far-Left purge.", "The union called it a ‘purge’."],
        sources=["The minister slams the plan.", "x"],
    )
    assert r["neutral_rate"] == 0.5
    assert r["loaded_terms"] == 3 and r["loaded_inherited"] == 1
