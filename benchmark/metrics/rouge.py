"""ROUGE against the outlet's bullets and headline, through ``rouge-score``.

Bullets are joined by newlines, so ``rougeLsum`` (the "ROUGE-L" of summarisation
papers) treats each bullet as a sentence. Stemming is on. ``rouge-score-rs``, an
independent Rust implementation with identical scores, is an optional faster
backend (``pip install headline-bench[fast]``); a test holds the two equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

VERSION = "1.0.0"
SUMMARY_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
HEADLINE_TYPES = ("rouge1", "rouge2", "rougeL")

Backend = Literal["rouge-score", "rouge-score-rs"]
BACKENDS: tuple[Backend, ...] = ("rouge-score", "rouge-score-rs")


def bullets_text(bullets: Sequence[str]) -> str:
    """One bullet per line: the form rougeLsum needs."""
    return "\n".join(b.strip() for b in bullets if b.strip())


class _MemoStemmer:
    """rouge-score's Porter stemmer with a memory: same stems, each word stemmed once."""

    def __init__(self, stemmer: Any) -> None:
        self._stemmer = stemmer
        self._memo: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._memo.get(word)
        if stem is None:
            stem = self._memo[word] = self._stemmer.stem(word)
        return stem


def make_scorer(
    types: Sequence[str], *, backend: Backend = "rouge-score", use_stemmer: bool = True
) -> Any:
    if backend == "rouge-score":
        from rouge_score import rouge_scorer, tokenizers

        tokenizer = tokenizers.DefaultTokenizer(use_stemmer=use_stemmer)
        if use_stemmer:
            # Porter stemming was ~40% of rouge-score's time; a word always stems the same
            tokenizer._stemmer = _MemoStemmer(tokenizer._stemmer)
        return rouge_scorer.RougeScorer(list(types), tokenizer=tokenizer)
    if backend == "rouge-score-rs":
        try:
            from rouge_score_rs import rouge_scorer as rs_scorer
        except ImportError as exc:  # fail loudly: never score with a silent fallback
            raise ImportError(
                "the rouge-score-rs backend needs `pip install 'headline-bench[fast]'`"
            ) from exc
        return rs_scorer.RougeScorer(list(types), use_stemmer=use_stemmer)  # type: ignore[no-untyped-call]
    raise ValueError(f"unknown ROUGE backend {backend!r}; choose one of {', '.join(BACKENDS)}")


@lru_cache(maxsize=8)
def _cached_scorer(types: tuple[str, ...], backend: Backend, use_stemmer: bool) -> Any:
    # one scorer per process and setting, so its stem memory is kept across calls
    return make_scorer(types, backend=backend, use_stemmer=use_stemmer)


def rouge_f(
    targets: Sequence[str],
    predictions: Sequence[str],
    *,
    types: Sequence[str] = SUMMARY_TYPES,
    backend: Backend = "rouge-score",
    use_stemmer: bool = True,
) -> list[dict[str, float]]:
    """F-measure per pair and ROUGE type, in [0, 1]."""
    if len(targets) != len(predictions):
        raise ValueError("targets and predictions differ in length")
    scorer = _cached_scorer(tuple(types), backend, use_stemmer)
    if backend == "rouge-score-rs":
        raw = scorer.score_batch(list(targets), list(predictions))
    else:
        raw = [scorer.score(t, p) for t, p in zip(targets, predictions, strict=True)]
    return [{k: float(v.fmeasure) for k, v in r.items()} for r in raw]
