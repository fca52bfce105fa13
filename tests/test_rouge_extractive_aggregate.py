"""ROUGE (against rouge-score itself), extractiveness (by hand), aggregation and headline cues."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer

from benchmark.aggregate import aggregate, bootstrap_ci, metric_rng
from benchmark.metrics import extractive
from benchmark.metrics.extractive import extractiveness, fragments, tokens
from benchmark.metrics.headline import headline_cues
from benchmark.metrics.rouge import SUMMARY_TYPES, bullets_text, rouge_f

PAIRS = [
    (
        "Council to cut 300 jobs.\nVote due on 14 March.",
        "The council will cut 300 jobs.\nA vote is due.",
    ),
    ("£3.5bn deal agreed.", "A £3.5bn deal was agreed on Friday."),
    ("Four groups met.", ""),
    ("", "Something."),
    ("Identical text here.", "Identical text here."),
    ("Running runners ran.", "The runner runs."),  # stemming matters
    ("Ünïcödé “quotes” — dashes.", "unicode quotes dashes"),
]


def test_rouge_equals_rouge_score() -> None:
    scorer = rouge_scorer.RougeScorer(list(SUMMARY_TYPES), use_stemmer=True)
    ours = rouge_f([t for t, _ in PAIRS], [p for _, p in PAIRS])
    for (t, p), got in zip(PAIRS, ours, strict=True):
        ref = scorer.score(t, p)
        assert got == {k: v.fmeasure for k, v in ref.items()}


def test_rouge_score_rs_backend_gives_identical_scores() -> None:
    pytest.importorskip("rouge_score_rs")
    a = rouge_f([t for t, _ in PAIRS], [p for _, p in PAIRS], backend="rouge-score")
    b = rouge_f([t for t, _ in PAIRS], [p for _, p in PAIRS], backend="rouge-score-rs")
    assert a == b


def test_rougelsum_splits_on_bullets() -> None:
    ref = bullets_text(["The council met.", "It agreed a plan."])
    assert ref == "The council met.\nIt agreed a plan."
    pred = bullets_text(["It agreed a plan.", "The council met."])
    got = rouge_f([ref], [pred])[0]
    assert got["rougeLsum"] == pytest.approx(1.0)  # sentence-level LCS is order-free
    assert got["rougeL"] < 1.0


def test_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown ROUGE backend"):
        rouge_f(["a"], ["a"], backend="nope")  # type: ignore[arg-type]


def test_fragments_by_hand() -> None:
    article = tokens("the council met on monday and agreed a new budget for the town")
    summary = tokens("the council agreed a new budget on friday")
    # "the council" (2), "agreed a new budget" (4), "on" (1), "friday" (none)
    assert fragments(article, summary) == [2, 4, 1]
    e = extractiveness(" ".join(article), "the council agreed a new budget on friday")
    assert e.coverage == pytest.approx(7 / 8)
    assert e.density == pytest.approx((4 + 16 + 1) / 8)
    assert e.compression == pytest.approx(13 / 8)


def test_extractiveness_edge_cases() -> None:
    assert extractiveness("some article", "").coverage is None
    e = extractiveness("a b c", "a b c")
    assert (e.coverage, e.density, e.compression) == (1.0, 3.0, 1.0)
    assert extractiveness("a b c", "x y").coverage == 0.0


def test_bootstrap_is_seeded_and_matches_numpy() -> None:
    values = [0.1, 0.5, 0.9, 0.3, 0.7]
    a = bootstrap_ci(values, rng=metric_rng(7, "rouge1"), samples=200)
    b = bootstrap_ci(values, rng=metric_rng(7, "rouge1"), samples=200)
    assert a == b
    rng = metric_rng(7, "rouge1")
    idx = rng.integers(0, 5, size=(200, 5))
    means = np.asarray(values)[idx].mean(axis=1)
    # exactly: the resamples are averaged a few rows at a time, each row as numpy does
    alpha = (1.0 - 0.95) / 2.0  # as bootstrap_ci works it out (not quite 0.025)
    assert a == tuple(np.quantile(means, [alpha, 1.0 - alpha]))
    assert bootstrap_ci(values, rng=metric_rng(8, "rouge1"), samples=200) != a


def test_bootstrap_chunking_does_not_change_results() -> None:
    values = np.random.default_rng(0).random(50_001)  # 79 resamples a chunk: two chunks
    lo, hi = bootstrap_ci(values, rng=metric_rng(1, "x"), samples=100)
    assert lo < 0.5 < hi
    idx = metric_rng(1, "x").integers(0, values.size, size=(100, values.size))
    alpha = (1.0 - 0.95) / 2.0
    assert (lo, hi) == tuple(np.quantile(values[idx].mean(axis=1), [alpha, 1.0 - alpha]))


def test_aggregate_skips_absent_values() -> None:
    items = [{"a": 1.0, "b": None}, {"a": 0.0, "b": None}, {"a": 0.5, "b": 2.0}]
    out = aggregate(items, ["a", "b", "c"], samples=50)
    assert out["a"].mean == pytest.approx(0.5) and out["a"].n == 3
    assert out["b"].mean == 2.0 and out["b"].n == 1 and out["b"].low == out["b"].high == 2.0
    assert (out["c"].mean, out["c"].n) == (None, 0)
    assert out["a"].low is not None and out["a"].high is not None
    assert out["a"].low <= out["a"].mean <= out["a"].high


@pytest.mark.parametrize(
    ("headline", "sensational", "fields"),
    [
        ("Council agrees budget for 2026", False, {}),
        ("Is this the worst council in Britain?", True, {"question": True, "superlatives": 1}),
        ("SHOCK as council axes jobs!", True, {"all_caps": 1, "exclamation": True}),
        ("NHS and BBC bosses meet", False, {"all_caps": 0}),
        ("You won't believe what the council did next", True, {"forward_reference": True}),
        ("The biggest ever rise in bills", True, {"superlatives": 2}),
    ],
)
def test_headline_cues(headline: str, sensational: bool, fields: dict[str, object]) -> None:
    cues = headline_cues(headline)
    assert cues.sensational is sensational
    for k, v in fields.items():
        assert getattr(cues, k) == v


def test_paired_bootstrap() -> None:
    from benchmark.aggregate import paired_bootstrap

    a = [0.5 + 0.01 * (i % 7) for i in range(200)]
    same = paired_bootstrap(a, a, samples=200)
    assert same.delta == 0.0 and same.p_value == 1.0 and not same.significant()
    better = paired_bootstrap([x + 0.05 for x in a], a, samples=200)
    assert better.delta == pytest.approx(0.05) and better.significant()
    assert better.low == pytest.approx(0.05) and better.high == pytest.approx(0.05)
    noisy = paired_bootstrap([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0], samples=200)
    assert not noisy.significant()
    skip = paired_bootstrap([1.0, None, 0.5], [0.5, 0.2, None], samples=50)
    assert skip.n == 1
    with pytest.raises(ValueError, match="differ in length"):
        paired_bootstrap([1.0], [1.0, 2.0])
    assert paired_bootstrap(a, a[::-1], seed=3, samples=100) == paired_bootstrap(
        a, a[::-1], seed=3, samples=100
    )


def test_threaded_aggregation_equals_one_metric_after_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from benchmark import aggregate as agg

    rng = np.random.default_rng(3)
    items = [{"a": float(rng.random()), "b": float(rng.integers(0, 3))} for _ in range(2500)]
    items[7]["b"] = None  # type: ignore[assignment]
    monkeypatch.setattr(agg, "available_cpus", lambda: 2)
    threaded = agg.aggregate(items, ["a", "b", "c"], samples=1000)  # 2.5M draws: threads
    monkeypatch.setattr(agg, "_THREADED_WORK", 10**12)
    sequential = agg.aggregate(items, ["a", "b", "c"], samples=1000)
    assert threaded == sequential
    assert threaded["b"].n == 2499 and threaded["c"] == agg.Aggregate(None, None, None, 0)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZé’'ß İı5_ -.\nΣς"), max_size=60))
def test_tokens_fast_path_gives_the_per_token_result(text: str) -> None:
    # tokens() lower-cases the whole text at once; lower-casing token by token is the
    # definition it must keep
    expected = [t.lower().replace("’", "'") for t in extractive._TOKEN.findall(text)]
    assert extractive.tokens(text) == expected


def test_fragments_without_positions_equal_fragments_with_them() -> None:
    article = extractive.tokens("the council cut the budget and the council met again today")
    summary = extractive.tokens("the council met and cut the budget today")
    full = extractive.token_positions(article)
    assert extractive.fragments(article, summary) == extractive.fragments(
        article, summary, positions=full
    )
    # the council met | and | cut the budget | today
    assert extractive.fragments(article, summary) == [3, 1, 3, 1]


@pytest.mark.parametrize(
    "values",
    [[0.0] * 301, [1.0] * 300, [0.5] * 300, [0.0, -0.0] * 150, [1.0] * 299 + [0.0]],
)
def test_bootstrap_of_constant_values_is_what_resampling_gives(values: list[float]) -> None:
    # all 0 or all 1 skips the draws; the interval must be the one the draws give
    got = bootstrap_ci(values, rng=metric_rng(5, "rate"), samples=200)
    idx = metric_rng(5, "rate").integers(0, len(values), size=(200, len(values)))
    means = np.asarray(values)[idx].mean(axis=1)
    alpha = (1.0 - 0.95) / 2.0
    want = tuple(np.quantile(means, [alpha, 1.0 - alpha]))
    assert got == want
    assert [str(x) for x in got] == [str(x) for x in want]  # -0.0 stays apart from 0.0


def _fragments_as_written(article: list[str], summary: list[str]) -> list[int]:
    """Grusky et al.'s greedy fragments, every occurrence tried (no early stop)."""
    out: list[int] = []
    i = 0
    while i < len(summary):
        best = 0
        for j in range(len(article)):
            k = 0
            while (
                i + k < len(summary) and j + k < len(article) and summary[i + k] == article[j + k]
            ):
                k += 1
            best = max(best, k)
        if best:
            out.append(best)
            i += best
        else:
            i += 1
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcd"), max_size=30),
    st.lists(st.sampled_from("abcde"), max_size=15),
)
def test_fragments_equal_the_greedy_definition(article: list[str], summary: list[str]) -> None:
    assert extractive.fragments(article, summary) == _fragments_as_written(article, summary)
    lead = article[:10]  # a summary copied from the start, as Lead-3 writes
    assert extractive.fragments(article, lead) == _fragments_as_written(article, lead)


@pytest.mark.parametrize("values", [[1.0, 1.0], [0.2, 0.7]])
def test_bootstrap_needs_a_sample(values: list[float]) -> None:
    with pytest.raises(ValueError, match="samples"):
        bootstrap_ci(values, rng=metric_rng(1, "x"), samples=0)
