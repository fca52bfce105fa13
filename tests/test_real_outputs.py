"""benchmark.validation.real_outputs on tiny FRANK- and QAGS-shaped files with invented text:
per-system flags beside human scores, flag precision from judgements, QAGS precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_data import _jsonl, _write

from benchmark.errors import InputError
from benchmark.validation import real_outputs as ro

ARTICLE = (
    "The council cut £2.5m from the budget on Tuesday. As many as 300 jobs could go, "
    "officials said. The mayor, 52, opened the new bridge."
)
SUMMARIES = {
    "bart": "the council cut £ 2.5 m from the budget on tuesday .",  # no flag
    "pgn": "the council cut £ 2.5 m from the budget .",  # no flag
    "bert_sum": "as many as 300 jobs could go .",  # hedge kept: no flag
    "bus": "the council cut £ 3.5 m from the budget .",  # unsupported
    "s2s": "300 jobs will go . the mayor , 61 , opened it .",  # unhedged 300, unsupported 61
}
HUMAN = {"bart": 1.0, "pgn": 0.9, "bert_sum": 0.8, "bus": 0.5, "s2s": 0.2}


def _frank(root: Path) -> None:
    doc = {
        "hash": "h1",
        "dataset": "cnndm",
        "split": "test",
        "article": ARTICLE,
        "reference": "The council cut £2.5m .",
        "reference_lower": "the council cut £ 2.5 m .",
        "summaries": SUMMARIES,
    }
    _jsonl(root / ro.FRANK_ARTICLES, [doc])
    rows = [
        {"hash": "h1", "model_name": m, "dataset": "cnndm", "Factuality": f, "EntE": f, "CircE": 1}
        for m, f in HUMAN.items()
    ]
    _write(root / ro.FRANK_ANNOTATIONS, json.dumps(rows))


def test_frank_systems_put_our_flags_beside_human_scores(tmp_path: Path) -> None:
    _frank(tmp_path)
    out = ro.frank_systems(tmp_path, progress=False)
    rows = out["cnndm"]["systems"]
    assert {m: r["unsupported_per_summary"] for m, r in rows.items()} == {
        "bart": 0.0,
        "bert_sum": 0.0,
        "pgn": 0.0,
        "bus": 1.0,
        "s2s": 1.0,
    }
    assert rows["s2s"]["unhedged_per_summary"] == 1.0
    assert rows["bus"]["human_factuality"] == 0.5 and rows["bus"]["human_ent_circ_errors"] == 1.0
    assert out["least_faithful_flagged_more"] is True
    # more flags where humans found fewer facts right: a negative rank correlation
    corr = out["cnndm"]["correlations"]["unsupported_per_summary vs human_factuality"]
    assert corr["kendall_tau"] is not None and corr["kendall_tau"] < -0.7
    assert "xsum" not in out or out["xsum"]["systems"] == {}


def test_flag_precision_reads_the_judgements(tmp_path: Path) -> None:
    _frank(tmp_path)
    flags = dict(ro._flags(ro.load_frank(tmp_path)[0], "s2s"))
    assert sorted(flags.values()) == ["unhedged", "unsupported"]
    unhedged = next(i for i, s in flags.items() if s == "unhedged")
    judged = {unhedged: ("cnndm", "unhedged", "false_alarm")}
    out = ro.flag_precision(tmp_path, progress=False, judgements=judged)["cnndm"]
    assert out["unhedged"] == {"judged": 1, "correct": 0, "precision": 0.0, "unjudged": 0}
    assert out["unsupported"] == {"judged": 0, "correct": 0, "precision": None, "unjudged": 2}
    assert out["all"]["unjudged"] == 2


def test_committed_judgements_are_well_formed(tmp_path: Path) -> None:
    judged = ro.load_judgements()
    assert len(judged) >= 60
    assert {d for d, _, _ in judged.values()} == {"cnndm", "xsum"}
    assert {s for _, s, _ in judged.values()} <= {"unsupported", "unhedged"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tdataset\tstatus\tverdict\tcategory\nx\tcnndm\tunhedged\tmaybe\tq\n")
    with pytest.raises(InputError, match="verdict"):
        ro.load_judgements(bad)


def test_qags_precision_and_its_repairs(tmp_path: Path) -> None:
    article = "The clip has been viewed 235, 000 times, and 98. 7 per cent liked it."
    sentences = [
        ("The clip has been viewed 235,000 times.", ["yes", "yes", "no"]),
        ("98.7 per cent liked it.", ["yes", "yes", "yes"]),
        ("The clip has been viewed 400,000 times.", ["no", "no", "yes"]),  # flagged, right
        ("Only 12 per cent liked it.", ["yes", "yes", "no"]),  # flagged, humans disagree
    ]
    _jsonl(
        tmp_path / ro.QAGS["cnndm"],
        [
            {
                "article": article,
                "summary_sentences": [
                    {"sentence": s, "responses": [{"response": r} for r in votes]}
                    for s, votes in sentences
                ],
            }
        ],
    )
    out = ro.qags_precision(tmp_path, progress=False)
    assert set(out) == {"cnndm"}
    r = out["cnndm"]
    assert (r["sentences"], r["with_figures"], r["flagged"]) == (4, 4, 2)
    assert r["flagged_unsupported_by_humans"] == 1 and r["precision"] == 0.5
    assert r["base_rate"] == 0.25


def test_run_and_format(tmp_path: Path) -> None:
    _frank(tmp_path)
    out = ro.run_real_outputs(tmp_path, progress=False)
    assert out["skipped"] == {"qags": "missing qags/"}
    assert out["casing_invariance"]["references"] == 1
    text = ro.format_real_outputs(out)
    assert "| bus | 1 | 0.500 | 1.000 | 1.000 | 1.000 | 0.000 |" in text
    assert (
        "bus and s2s get more unsupported-figure flags per summary than bart and pgn: pass" in text
    )
    assert "- qags skipped: missing qags/" in text
