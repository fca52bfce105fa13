"""Run reports: marked spans and source sentences, HTML escaping, plots, model-index YAML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmark.records import Article, Prediction
from benchmark.reporting import (
    model_index,
    plot_metric_bars,
    plot_tradeoffs,
    render_html,
    render_markdown,
)
from benchmark.scoring import ItemScores, ScoreOptions, build_results, score_predictions

BRIDGE = Article(
    id="a1",
    headline="Council approves new bridge",
    bullets=("The council approved a £20m bridge.", "Work starts in May."),
    body=(
        "The city council approved a new bridge on Tuesday. The bridge will cost £20m, "
        "officials said.\n\nThe mayor said the bridge could carry 40,000 cars a day. "
        "Work is due to start in May."
    ),
    source="Test Gazette",
)
RAIL = Article(
    id="a2",
    headline="Minister criticises rail plan",
    bullets=("The minister criticised the rail plan.",),
    body=(
        "The transport minister criticised the rail plan on Monday. The plan would close "
        "12 stations. Unions said the plan was unfair to passengers and staff."
    ),
    source="Test Gazette",
)
ARTICLES = [BRIDGE, RAIL]
# £25m: in no source sentence (unsupported); 40,000: the source hedges it ("could"), the
# summary states it (unhedged); "slams": a loaded term in the headline's own voice;
# 12 trains: the source's 12 counts stations (unsupported, with a source mention).
PREDICTIONS = [
    Prediction(
        "a1",
        "Council approves £25m bridge",
        ("The bridge will carry 40,000 cars a day.", "Work starts in May."),
    ),
    Prediction("a2", "Minister slams rail plan", ("The plan would cut 12 trains.",)),
]
OPTIONS = ScoreOptions(bootstrap_samples=20)
MARK = re.compile(r"\*\*\[(.+?)\]\*\*\{(\w+)\}")


def _score(predictions: list[Prediction]) -> tuple[list[ItemScores], dict[str, Any]]:
    items = score_predictions(ARTICLES, predictions, options=OPTIONS)
    results = build_results(items, fingerprint="0" * 64, split="test", options=OPTIONS)
    results["summariser"] = {"name": "hand", "config_hash": "x", "failures": 1, "articles": 2}
    return items, results


@pytest.fixture(scope="module")
def scored() -> tuple[list[ItemScores], dict[str, Any]]:
    return _score(PREDICTIONS)


def _section(text: str, start: str, end: str | None = None) -> str:
    lo = text.index(start)
    hi = text.index(end, lo) if end is not None else len(text)
    return text[lo:hi]


def test_scoring_flags_what_the_case_was_built_for(
    scored: tuple[list[ItemScores], dict[str, Any]],
) -> None:
    items, _ = scored
    d1, d2 = (it.details for it in items)
    assert [(f["text"], f["status"]) for f in d1["headline_figures"]] == [("£25m", "unsupported")]
    assert [(f["text"], f["status"]) for f in d1["figures"]] == [("40,000", "unhedged")]
    assert [t["text"] for t in d2["headline_loaded_terms"]] == ["slams"]
    assert [(f["text"], f["status"]) for f in d2["figures"]] == [("12", "unsupported")]


def test_markdown_marks_exactly_the_flagged_spans(
    scored: tuple[list[ItemScores], dict[str, Any]],
) -> None:
    items, results = scored
    md = render_markdown(results, items, ARTICLES, PREDICTIONS)
    articles = md[md.index("### ") :]  # the legend above shows the mark format
    assert sorted(MARK.findall(articles)) == sorted(
        [
            ("£25m", "unsupported"),
            ("40,000", "unhedged"),
            ("slams", "loaded"),
            ("12", "unsupported"),
        ]
    )
    assert "**Headline:** Council approves **[£25m]**{unsupported} bridge" in md
    assert "- The bridge will carry **[40,000]**{unhedged} cars a day." in md
    assert "**Headline:** Minister **[slams]**{loaded} rail plan" in md
    assert "- The plan would cut **[12]**{unsupported} trains." in md
    assert "- Work starts in May." in md  # unflagged bullets are shown unmarked


def test_markdown_quotes_the_source_sentence_after_each_explanation(
    scored: tuple[list[ItemScores], dict[str, Any]],
) -> None:
    items, results = scored
    md = render_markdown(results, items, ARTICLES, PREDICTIONS)
    bridge = _section(md, "### `a1`", "### `a2`")
    unhedged = _section(bridge, "“40,000”")
    assert "the source hedges it (could)" in unhedged.splitlines()[0]
    assert unhedged.splitlines()[1].strip() == (
        "> Source sentence: The mayor said the bridge could carry 40,000 cars a day."
    )
    unsupported = _section(bridge, "“£25m”", "“40,000”")
    assert "> No matching mention in the source." in unsupported
    rail = _section(md, "### `a2`")
    wrong_noun = _section(rail, "“12”").splitlines()
    assert "counts station, not train" in wrong_noun[0]
    assert wrong_noun[1].strip() == "> Source sentence: The plan would close 12 stations."
    loaded = _section(rail, "“slams”", "“12”")
    assert "'criticise'" in loaded and "introduced" in loaded and "Source" not in loaded


def test_markdown_header_table_and_ordering(
    scored: tuple[list[ItemScores], dict[str, Any]],
) -> None:
    items, results = scored
    md = render_markdown(results, items, ARTICLES, PREDICTIONS, max_articles=1)
    assert md.startswith("# hand on test (2 articles)\n")
    assert f"Signature: `{results['signature']}`" in md
    assert "Failures: 1 of 2 articles" in md
    assert "| metric | mean | 95% CI | n | higher is better |" in md
    fp = results["metrics"]["figure_precision"]
    assert (
        f"| figure_precision | {fp['mean']:.4f} | [{fp['low']:.4f}, {fp['high']:.4f}] "
        f"| {fp['n']} | yes |" in md
    )
    # Both articles have one unsupported figure; a1 has more flags, so it comes first.
    assert "### `a1`" in md and "### `a2`" not in md


def test_html_escapes_data_and_marks_spans_with_explanations() -> None:
    evil = [
        PREDICTIONS[0],
        Prediction(
            "a2",
            "Minister slams rail plan <script>alert(1)</script>",
            ("The plan would cut 12 trains & hit staff.",),
        ),
    ]
    items, results = _score(evil)
    results["summariser"]["name"] = "<b>hand</b> & co"
    page = render_html(results, items, ARTICLES, evil)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(" in page
    assert ">12</mark> trains &amp; hit staff.</li>" in page
    assert "<b>hand</b>" not in page and "&lt;b&gt;hand&lt;/b&gt; &amp; co" in page
    assert "src=" not in page and "href=" not in page  # self-contained
    explanation = items[0].details["figures"][0]["explanation"]
    assert (
        '<mark class="unhedged" title="same value as &#x27;40,000&#x27;, but the source hedges it'
        in page
    )
    assert f'title="{explanation.replace(chr(39), "&#x27;")}">40,000</mark>' in page
    assert '<mark class="unsupported" title="no figure of value' in page and ">£25m</mark>" in page
    assert '<mark class="loaded" title="loaded term (tabloid verb' in page
    # "alert(1)" holds a figure the source lacks: marked, and escaped around the mark.
    assert '&lt;script&gt;alert(<mark class="unsupported"' in page
    assert "The mayor said the bridge could carry <strong>40,000</strong> cars a day." in page


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_metric_bars_are_written(
    scored: tuple[list[ItemScores], dict[str, Any]], tmp_path: Path, suffix: str
) -> None:
    _, results = scored
    other = {**results, "summariser": {"name": "other"}}
    out = plot_metric_bars([results, other], tmp_path / f"bars{suffix}")
    data = out.read_bytes()
    assert out == tmp_path / f"bars{suffix}" and len(data) > 1000
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert b"<svg" in data[:1000]


def test_metric_bars_reject_other_formats(
    scored: tuple[list[ItemScores], dict[str, Any]], tmp_path: Path
) -> None:
    _, results = scored
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plot_metric_bars([results], tmp_path / "bars.pdf", metrics=("rouge2",))


def test_tradeoff_plots_are_written(
    scored: tuple[list[ItemScores], dict[str, Any]], tmp_path: Path
) -> None:
    _, results = scored
    paths = plot_tradeoffs([results, results], tmp_path / "cmp", names=["a", "b"])
    expected = {
        tmp_path / f"cmp-rouge2-vs-{kind}{suffix}"
        for kind in ("neutrality", "figures")
        for suffix in (".png", ".svg")
    }
    assert set(paths) == expected
    for path in expected:
        data = path.read_bytes()
        assert len(data) > 1000
        if path.suffix == ".png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
        else:
            assert b"<svg" in data[:1000]


def test_model_index_yaml_carries_the_results(
    scored: tuple[list[ItemScores], dict[str, Any]],
) -> None:
    _, results = scored
    text = model_index(results, model_name="org/hand-summariser")
    card = yaml.safe_load(text)
    (entry,) = card["model-index"]
    assert entry["name"] == "org/hand-summariser"
    (result,) = entry["results"]
    assert result["task"]["type"] == "summarization"
    assert result["dataset"]["name"] == "HeadlineBench dev"
    assert result["dataset"]["type"] == "headline-bench"
    assert result["dataset"]["split"] == "test"
    assert result["dataset"]["args"]["signature"] == results["signature"]
    values = {m["type"]: m["value"] for m in result["metrics"]}
    assert "rouge2" in values and "neutral_rate" in values
    for name, value in values.items():
        assert value == results["metrics"][name]["mean"]
    assert all(m["name"] for m in result["metrics"])
    with pytest.raises(ValueError, match="no_such_metric"):
        model_index(results, model_name="x", metrics=("no_such_metric",))


def test_wording_cues_of_layers_two_and_three_are_marked_and_explained() -> None:
    preds = [
        PREDICTIONS[0],
        Prediction(
            "a2", "Minister criticises rail plan", ("The bizarre plan would close stations.",)
        ),
    ]
    items, results = _score(preds)
    cue = items[1].details["wording_cues"][0]
    assert (cue["text"], cue["layer"], cue["inherited"]) == ("bizarre", "subjective", False)
    md = render_markdown(results, items, ARTICLES, preds)
    assert "- The **[bizarre]**{wording} plan would close stations." in md
    kind = cue["kind"].replace("_", " ")
    explanation = (
        f"subjective cue ({kind}, entry 'bizarre', weight {cue['weight']:.2f}); "
        "the summary introduced it"
    )
    assert explanation in md
    page = render_html(results, items, ARTICLES, preds)
    assert (
        f'<mark class="wording" title="{explanation.replace(chr(39), "&#x27;")}">bizarre</mark>'
        in page
    )


def test_write_reports_writes_what_the_renderers_render(
    scored: tuple[list[ItemScores], dict[str, Any]], tmp_path: Path
) -> None:
    from benchmark.reporting import write_reports

    items, results = scored
    # the report is built once for both pages; each page must be what its renderer gives
    md, page = write_reports(tmp_path, results, items, ARTICLES, PREDICTIONS, note="merged")
    assert md.read_text(encoding="utf-8") == render_markdown(
        results, items, ARTICLES, PREDICTIONS, note="merged"
    )
    assert page.read_text(encoding="utf-8") == render_html(
        results, items, ARTICLES, PREDICTIONS, note="merged"
    )
    assert "Note: merged" in md.read_text(encoding="utf-8")
    assert "**[£25m]**{unsupported}" in md.read_text(encoding="utf-8")
