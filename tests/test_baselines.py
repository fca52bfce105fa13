"""The cheap baselines, the prediction cache and resuming."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from baselines.base import Failure, PredictionCache, config_hash, run_summariser
from baselines.extractive import (
    LeadK,
    LexRank,
    Oracle,
    RandomK,
    Reference,
    TextRank,
    sentences,
    trim_headline,
)
from benchmark.metrics.rouge import rouge_f
from benchmark.records import Article, Prediction

BODY = (
    "Mr. Smith of the U.S. Treasury said on Monday that growth reached 3.5% in 2025. "
    "The council agreed a new budget for the town. "
    "The budget for the town includes a new library and a new school for the town.\n\n"
    "Critics said the library plan was late. “It is a good day,” Dr. Jones said. "
    "Weather was mild."
)
ARTICLE = Article(
    "a1", "Town agrees budget", ("The council agreed a new budget for the town.",), BODY, "test"
)


def test_sentences_survive_abbreviations_decimals_and_quotes() -> None:
    assert sentences(ARTICLE) == [
        "Mr. Smith of the U.S. Treasury said on Monday that growth reached 3.5% in 2025.",
        "The council agreed a new budget for the town.",
        "The budget for the town includes a new library and a new school for the town.",
        "Critics said the library plan was late.",
        "“It is a good day,” Dr. Jones said.",
        "Weather was mild.",
    ]


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        ("The council agreed a budget.", "The council agreed a budget"),
        ("MILLBROOK, Ohio — Vehicle thefts rose 38 percent.", "Vehicle thefts rose 38 percent"),
        ("(CNN) -- Four groups met.", "Four groups met"),
        (
            "One two three four five six seven eight nine, ten eleven twelve thirteen fourteen "
            "fifteen.",
            "One two three four five six seven eight nine",
        ),
    ],
)
def test_trim_headline(sentence: str, headline: str) -> None:
    assert trim_headline(sentence) == headline


def test_lead_k() -> None:
    (p,) = LeadK(k=2).summarise([ARTICLE])
    assert p.bullets == tuple(sentences(ARTICLE)[:2])
    assert p.headline.startswith("Mr. Smith of the U.S. Treasury") and len(p.headline.split()) <= 14
    with pytest.raises(ValueError, match="k must be"):
        LeadK(k=0)


def test_random_k_is_seeded_per_article() -> None:
    other = Article("a2", None, None, BODY, "test")
    a = RandomK(k=3, seed=1).summarise([ARTICLE, other])
    b = RandomK(k=3, seed=1).summarise([other]) + RandomK(k=3, seed=1).summarise([ARTICLE])
    assert a[0] == b[1] and a[1] == b[0]  # batching and order never matter
    seeds = {RandomK(k=3, seed=s).summarise([ARTICLE])[0].bullets for s in range(8)}
    assert len(seeds) > 1
    order = [sentences(ARTICLE).index(x) for x in a[0].bullets]
    assert order == sorted(order)


@pytest.mark.parametrize("ranker", [TextRank(k=1), LexRank(k=1)])
def test_graph_rankers_prefer_central_sentences(ranker: TextRank | LexRank) -> None:
    sents = sentences(ARTICLE)
    ranked = ranker.rank(sents)
    assert set(ranked[:2]) == {1, 2}  # the two budget sentences share the most words
    assert ranked[-1] == 5  # "Weather was mild." shares none
    (p,) = ranker.summarise([ARTICLE])
    assert p.bullets == (sents[ranked[0]],)


def test_oracle_bigram_rouge_matches_rouge_score_and_finds_the_reference() -> None:
    (p,) = Oracle().summarise([ARTICLE])
    assert p.bullets == ("The council agreed a new budget for the town.",)
    o = Oracle()
    target = o._bigrams(o._tokenize("The council agreed a new budget for the town."))
    cand = sentences(ARTICLE)[:3]
    ours = o._f(target, [t for s in cand for t in o._tokenize(s)])
    assert ours == pytest.approx(
        rouge_f(
            ["The council agreed a new budget for the town."], ["\n".join(cand)], types=["rouge2"]
        )[0]["rouge2"]
    )
    with pytest.raises(ValueError, match="needs reference bullets"):
        Oracle().summarise([Article("x", None, None, BODY, "t")])


def test_reference_copies_and_refuses_absent() -> None:
    assert Reference().summarise([ARTICLE]) == [
        Prediction("a1", "Town agrees budget", ("The council agreed a new budget for the town.",))
    ]
    with pytest.raises(ValueError, match="no reference"):
        Reference().summarise([Article("x", None, None, BODY, "t")])


class _Counting:
    """A summariser that records what it was asked, and fails on one id."""

    def __init__(self, fail: str | None = None) -> None:
        self.seen: list[str] = []
        self.fail = fail

    def summarise_with_failures(
        self, articles: Sequence[Article]
    ) -> tuple[list[Prediction], list[Failure]]:
        self.seen += [a.id for a in articles]
        preds = [
            Prediction(a.id, f"H {a.id}", (f"B {a.id}.",)) for a in articles if a.id != self.fail
        ]
        fails = [Failure(a.id, "boom", "raw") for a in articles if a.id == self.fail]
        return preds, fails

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        return self.summarise_with_failures(articles)[0]


def _arts(n: int) -> list[Article]:
    return [Article(f"id{i}", None, None, "Body.", "t") for i in range(n)]


def test_cache_resumes_after_a_crash(tmp_path: Path) -> None:
    cache = PredictionCache(tmp_path, config_hash({"name": "x", "k": 3}))
    first = _Counting()
    preds, _ = run_summariser(first, _arts(4), batch_size=2, cache=cache, progress=False)
    assert len(preds) == 4 and first.seen == ["id0", "id1", "id2", "id3"]
    # simulate a crash mid-write: a torn last line and a lost prediction
    lines = cache.path.read_text().splitlines()
    cache.path.write_text("\n".join(lines[:2]) + "\n" + lines[2][:10])
    second = _Counting()
    again, _ = run_summariser(second, _arts(4), batch_size=2, cache=cache, progress=False)
    assert second.seen == ["id2", "id3"]
    assert again == preds


def test_failures_are_reported_not_hidden_and_retried(tmp_path: Path) -> None:
    cache = PredictionCache(tmp_path, "k")
    s = _Counting(fail="id1")
    preds, fails = run_summariser(s, _arts(3), cache=cache, progress=False)
    assert [p.id for p in preds] == ["id0", "id2"]
    assert fails == [Failure("id1", "boom", "raw")]
    s2 = _Counting()
    preds2, fails2 = run_summariser(s2, _arts(3), cache=cache, progress=False)
    assert s2.seen == ["id1"] and len(preds2) == 3 and fails2 == []


def test_config_hash_is_stable_and_sensitive() -> None:
    assert config_hash({"a": 1, "b": [1, 2]}) == config_hash({"b": [1, 2], "a": 1})
    assert config_hash({"a": 1}) != config_hash({"a": 2})


def test_run_caches_per_dataset_and_skips_reference_free_scores_of_failures(
    tmp_path: Path,
) -> None:
    from datasets import DatasetDict

    from benchmark.dataset import make_dataset_dict
    from benchmark.run import run
    from benchmark.scoring import ScoreOptions

    def dsd(body: str) -> DatasetDict:
        return make_dataset_dict({"test": [Article("same-id", "H", ("B.",), body, "t")]})

    common = {
        "split": "test",
        "summariser_name": "lead",
        "summariser_config": {"k": 1},
        "options": ScoreOptions(bootstrap_samples=5),
        "cache_dir": tmp_path / "cache",
        "progress": False,
    }
    a = run(dataset=dsd("Apples are red."), summariser=LeadK(1), out_dir=tmp_path / "a", **common)  # type: ignore[arg-type]
    b = run(dataset=dsd("Pears are green."), summariser=LeadK(1), out_dir=tmp_path / "b", **common)  # type: ignore[arg-type]
    assert "Apples" in (tmp_path / "a" / "predictions.jsonl").read_text()
    assert "Pears" in (tmp_path / "b" / "predictions.jsonl").read_text()
    assert a.results["summariser"]["config_hash"] != b.results["summariser"]["config_hash"]
    failed = run(
        dataset=dsd("Apples are red."),
        summariser=_Counting(fail="same-id"),
        out_dir=tmp_path / "f",
        **{**common, "summariser_name": "counting"},
    )  # type: ignore[arg-type]
    m = failed.results["metrics"]
    assert failed.results["summariser"]["failures"] == 1
    assert m["rouge1"]["mean"] == 0.0 and m["neutral_rate"]["n"] == 0
