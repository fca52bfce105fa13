"""Scoring a predictions file end to end: per-item scores, aggregates, signature, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from benchmark.bundled import build_devset
from benchmark.cli import main
from benchmark.dataset import dataset_to_articles, fingerprint, save_dataset
from benchmark.errors import InputError
from benchmark.metrics import figures, neutrality, wording
from benchmark.metrics.rouge import bullets_text
from benchmark.records import Article, Prediction, write_predictions
from benchmark.scoring import (
    METRICS,
    ScoreOptions,
    build_results,
    match_predictions,
    score_predictions,
)


@pytest.fixture(scope="module")
def dev() -> tuple[list[Article], str]:
    build = build_devset()
    return dataset_to_articles(build.dataset["test"]), fingerprint(build.dataset)


def _copy_references(articles: list[Article]) -> list[Prediction]:
    return [Prediction(a.id, a.headline or "", a.bullets or ()) for a in articles]


def _lead(articles: list[Article]) -> list[Prediction]:
    return [
        Prediction(a.id, a.body.split(". ")[0], tuple(a.body.split("\n\n")[:3])) for a in articles
    ]


def test_references_score_perfect_rouge(dev: tuple[list[Article], str]) -> None:
    articles, _ = dev
    items = score_predictions(
        articles, _copy_references(articles), options=ScoreOptions(bootstrap_samples=50)
    )
    for it in items:
        for m in ("rouge1", "rouge2", "rougeL", "rougeLsum", "headline_rouge1"):
            assert it.values[m] == pytest.approx(1.0)
        assert it.values["figure_recall"] in (None, 1.0)
        assert set(it.values) == set(METRICS)


def test_rouge_matches_rouge_score_and_other_scores_are_in_range(
    dev: tuple[list[Article], str],
) -> None:
    articles, _ = dev
    preds = _lead(articles)
    items = score_predictions(articles, preds, options=ScoreOptions(bootstrap_samples=50))
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    for a, p, it in zip(articles, preds, items, strict=True):
        ref = scorer.score(bullets_text(a.bullets or ()), bullets_text(p.bullets))
        assert it.values["rouge2"] == ref["rouge2"].fmeasure
        assert it.values["rougeLsum"] == ref["rougeLsum"].fmeasure
        for m in ("figure_precision", "neutral_rate", "coverage"):
            v = it.values[m]
            assert v is not None and 0.0 <= v <= 1.0
        # lead sentences copy the body, so every copied figure is supported...
        assert it.values["coverage"] == pytest.approx(1.0)
        assert it.values["figure_precision"] == 1.0
        # ...and the evidence for reports is kept
        assert "figures" in it.details and "loaded_terms" in it.details


def test_results_are_reproducible_and_signed(dev: tuple[list[Article], str]) -> None:
    articles, fp = dev
    options = ScoreOptions(bootstrap_samples=100, bootstrap_seed=7)
    items = score_predictions(articles, _lead(articles), options=options)
    again = score_predictions(articles, _lead(articles), options=options)
    assert [i.to_json() for i in items] == [i.to_json() for i in again]
    a = build_results(items, fingerprint=fp, split="test", options=options)
    b = build_results(again, fingerprint=fp, split="test", options=options)
    assert a["metrics"] == b["metrics"]
    for part in (
        f"figures:{figures.VERSION}",
        f"neutrality:{neutrality.VERSION}+lex:",
        f"wording:{wording.VERSION}+subj:",
        "rouge:1.0.0+stem",
        "extractive:1.0.0",
        "headline:1.0.0",
        "headline-bench:",
    ):
        assert part in a["signature"]
    assert a["lexicon"]["sha256"][:8] in a["signature"]
    sig = a["signature"]
    assert f"data:{fp[:12]}/test" in sig and "boot:100@7" in sig and "lex:" in sig
    assert f"n:{len(articles)}" in sig
    c = build_results(
        items,
        fingerprint=fp,
        split="test",
        options=ScoreOptions(bootstrap_samples=100, bootstrap_seed=8),
    )
    assert c["signature"] != sig
    assert c["metrics"]["rouge1"]["mean"] == a["metrics"]["rouge1"]["mean"]
    assert c["metrics"]["rouge1"]["low"] != a["metrics"]["rouge1"]["low"]
    agg = a["metrics"]["rouge2"]
    assert agg["low"] <= agg["mean"] <= agg["high"] and agg["n"] == len(articles)


def test_absent_references_are_skipped_not_zero() -> None:
    arts = [
        Article("a", None, None, "Four groups met for nine hours.", "x"),
        Article("b", "Groups meet", ("Four groups met.",), "Four groups met.", "x"),
    ]
    preds = [
        Prediction("a", "Groups met", ("Four groups met.",)),
        Prediction("b", "Groups meet", ("Four groups met.",)),
    ]
    items = score_predictions(arts, preds, options=ScoreOptions(bootstrap_samples=10))
    assert items[0].values["rouge1"] is None and items[0].values["headline_rouge1"] is None
    assert items[0].values["figure_recall"] is None
    res = build_results(
        items, fingerprint="0" * 64, split="t", options=ScoreOptions(bootstrap_samples=10)
    )
    assert res["metrics"]["rouge1"]["n"] == 1 and res["metrics"]["figure_precision"]["n"] == 2


def test_predictions_must_cover_the_split_exactly(dev: tuple[list[Article], str]) -> None:
    articles, _ = dev
    preds = _copy_references(articles)
    with pytest.raises(InputError, match=f"no prediction for 1 of {len(articles)}"):
        match_predictions(articles, preds[1:])
    with pytest.raises(InputError, match="1 predictions for ids not in this split"):
        match_predictions(articles, [*preds, Prediction("zzz", "h", ())])
    assert match_predictions(articles, list(reversed(preds))) == preds


def test_score_command(
    tmp_path: Path, dev: tuple[list[Article], str], capsys: pytest.CaptureFixture[str]
) -> None:
    build = build_devset()
    ds = tmp_path / "dev"
    save_dataset(
        build.dataset,
        ds,
        card=__import__("benchmark.bundled").bundled.DEVSET_CARD,
        builder={"format": "seed"},
    )
    articles = dataset_to_articles(build.dataset["validation"])
    pred_file = write_predictions(tmp_path / "preds.jsonl", _lead(articles))
    out = tmp_path / "run"
    code = main(
        [
            "score",
            "--dataset",
            str(ds),
            "--split",
            "validation",
            "--predictions",
            str(pred_file),
            "--out",
            str(out),
            "--bootstrap-samples",
            "50",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "rougeLsum" in printed and "headline-bench:" in printed
    results = json.loads((out / "results.json").read_text())
    lines = (out / "scores.jsonl").read_text().splitlines()
    assert len(lines) == len(articles) == results["n_items"]
    assert results["dataset"]["fingerprint"] == fingerprint(build.dataset)
    assert results["predictions"]["sha256"] and results["bootstrap"]["samples"] == 50
    assert set(results["metrics"]) == set(METRICS)
    # the report a run writes: its aggregate table shows the results' rouge2 mean
    report = (out / "report.md").read_text(encoding="utf-8")
    assert f"{results['metrics']['rouge2']['mean']:.4f}" in report
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code = main(
        [
            "score",
            "--dataset",
            str(ds),
            "--split",
            "nope",
            "--predictions",
            str(pred_file),
            "--out",
            str(out),
        ]
    )
    assert code == 2 and "no split 'nope'" in capsys.readouterr().err


def test_score_command_takes_a_word_list_per_layer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = build_devset()
    ds = tmp_path / "dev"
    save_dataset(
        build.dataset, ds, card=__import__("benchmark.bundled").bundled.DEVSET_CARD, builder={}
    )
    articles = dataset_to_articles(build.dataset["validation"])
    pred_file = write_predictions(tmp_path / "preds.jsonl", _lead(articles))
    fixtures = Path(__file__).parent / "fixtures"
    base = ["score", "--dataset", str(ds), "--split", "validation"]
    base += ["--predictions", str(pred_file), "--bootstrap-samples", "20", "--no-cache"]
    lists = [
        "--lexicon",
        f"subjective={fixtures / 'mini_subjectivity.tsv'}",
        "--lexicon",
        f"epistemic={fixtures / 'mini_epistemic.tsv'}",
    ]
    assert main([*base, "--out", str(tmp_path / "mini"), *lists]) == 0
    results = json.loads((tmp_path / "mini" / "results.json").read_text())
    assert "+subj:test-subjectivity@0.1.0." in results["signature"]
    assert "+epi:test-epistemic@0.1.0." in results["signature"]
    assert results["wording"]["subjective"]["entries"] == 6
    assert results["parameters"]["subjectivity_lexicon_path"].endswith("mini_subjectivity.tsv")
    mini_terms = {"bizarre", "fierce", "acclaimed", "very", "slams", "clearly", "claim", "admit"}
    for line in (tmp_path / "mini" / "scores.jsonl").read_text().splitlines():
        for cue in json.loads(line)["details"]["wording_cues"]:
            assert cue["term"] in mini_terms
    capsys.readouterr()
    missing = ["--lexicon", f"subjective={tmp_path / 'nope.tsv'}"]
    assert main([*base, "--out", str(tmp_path / "x"), *missing]) == 2
    assert "no such file" in capsys.readouterr().err
    twice = [*lists[:2], *lists[:2]]
    assert main([*base, "--out", str(tmp_path / "x"), *twice]) == 2
    assert "two lexicons for the subjective layer" in capsys.readouterr().err


def test_source_wording_is_read_on_first_need_and_marks_what_the_source_says() -> None:
    from benchmark.prepared import prepare_article
    from benchmark.scoring import lexicons_for, score_item

    lexicons = lexicons_for(ScoreOptions())
    body = (
        "The party began a purge of 1,000 members on Monday. "
        'Its leader called the vote a "fury-driven stunt". The meeting lasted nine hours.'
    )
    art = Article("a1", "Party votes", ("The party voted on Monday.",), body, "test")
    plain = Prediction("a1", "Party votes on members", ("The party voted on Monday.",))
    loaded = Prediction("a1", "Party purge slams members", ("The party began a purge.",))
    prep = prepare_article(art, lexicons)
    item = score_item(prep, plain, lexicons)
    assert item.values["loaded_terms"] == 0.0 and item.details["headline_loaded_terms"] == []
    assert prep.wording_read == {}  # no term or cue of its own: the body's wording unread
    item = score_item(prep, loaded, lexicons)
    assert list(prep.wording_read) == [lexicons.content_key]
    # "purge" is the body's own word (inherited); "slams" is the headline's; the body's
    # quoted "fury" makes nothing inherited
    assert [(t["term"], t["inherited"]) for t in item.details["headline_loaded_terms"]] == [
        ("purge", True),
        ("slam", False),
    ]
    assert (item.values["loaded_inherited"], item.values["loaded_introduced"]) == (1.0, 0.0)
    # the same verdicts as the public functions reading the source whole
    eager = neutrality.find_loaded_terms(loaded.headline, body, lexicon=lexicons.loaded)
    assert [(t.term, t.inherited) for t in eager] == [("purge", True), ("slam", False)]


def test_the_article_cache_keeps_the_source_wording_a_scoring_read(tmp_path: Path) -> None:
    from benchmark import prepared_cache
    from benchmark.scoring import lexicons_for

    body = "The party began a purge of 1,000 members on Monday. The meeting lasted nine hours."
    articles = [
        Article(f"a{k}", "Party votes", ("The party voted.",), body, "test") for k in range(2)
    ]
    preds = [
        Prediction("a0", "Party votes", ("The party voted.",)),
        Prediction("a1", "Party purge", ("The party voted.",)),
    ]
    options = ScoreOptions(bootstrap_samples=10)
    cold = score_predictions(articles, preds, options=options, cache_dir=tmp_path)
    lexicons = lexicons_for(options)
    stored = prepared_cache.load(tmp_path, prepared_cache.block_key(articles, lexicons))
    assert stored is not None
    assert [p.wording_read != {} for p in stored] == [False, True]
    warm = score_predictions(articles, preds, options=options, cache_dir=tmp_path)
    assert [it.to_json() for it in warm] == [it.to_json() for it in cold]
    assert cold[1].details["headline_loaded_terms"][0]["inherited"] is True


def test_source_wording_read_under_one_word_list_is_not_reused_under_another_read_of_it(
    tmp_path: Path,
) -> None:
    """The same MPQA file read with its strong clues only, and in full, lists other words:
    what the body says under one must not be taken for what it says under the other."""
    from benchmark.metrics.wordlists import load_word_list
    from benchmark.prepared import prepare_article
    from benchmark.scoring import score_item

    mpqa = tmp_path / "clues.tff"
    mpqa.write_text(
        "type=strongsubj len=1 word1=disastrous pos1=adj stemmed1=n priorpolarity=negative\n"
        "type=weaksubj len=1 word1=controversial pos1=adj stemmed1=n priorpolarity=negative\n",
        encoding="utf-8",
    )
    base = wording.default_lexicons()
    strong = wording.WordingLexicons(base.loaded, load_word_list(mpqa, strong_only=True), None)
    full = wording.WordingLexicons(base.loaded, load_word_list(mpqa), None)
    assert strong.content_key != full.content_key
    art = Article("a", "H", ("b.",), "The controversial plan was approved on Monday.", "t")
    pred = Prediction("a", "A disastrous and controversial plan", ("The plan was approved.",))
    prep = prepare_article(art, strong)
    score_item(prep, pred, strong)  # the body read under the strong clues only
    reused = score_item(prep, pred, full).details["headline_wording_cues"]
    fresh = score_item(prepare_article(art, full), pred, full).details["headline_wording_cues"]
    # "controversial" is a weak clue: listed only in full, and the body's own word
    assert [(c["term"], c["inherited"]) for c in reused] == [("controversial", True)]
    assert reused == fresh
