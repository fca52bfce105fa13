"""ROUGE against the outlet's bullets and headline, through ``rouge-score``.

Bullets are joined by newlines, so ``rougeLsum`` (the "ROUGE-L" of summarisation
papers) treats each bullet as a sentence. Stemming is on. ``rouge-score-rs``, an
independent Rust implementation with identical scores, is an optional faster
backend (``pip install headline-bench[fast]``); a test holds the two equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

VERSION = "1.0.0"
SUMMARY_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
HEADLINE_TYPES = ("rouge1", "rouge2", "rougeL")

Backend = Literal["rouge-score", "rouge-score-rs"]
BACKENDS: tuple[Backend, ...] = ("rouge-score", "rouge-score-rs")


def bullets_text(bullets: Sequence[str]) -> str:
    """One bullet per line: the form rougeLsum needs."""
    return "\n".join(b.strip() for b in bullets if b.strip())


def make_scorer(
    types: Sequence[str], *, backend: Backend = "rouge-score", use_stemmer: bool = True
) -> Any:
    if backend == "rouge-score":
        from rouge_score import rouge_scorer

        return rouge_scorer.RougeScorer(list(types), use_stemmer=use_stemmer)
    if backend == "rouge-score-rs":
        try:
            from rouge_score_rs import rouge_scorer as rs_scorer
        except ImportError as exc:  # fail loudly: never score with a silent fallback
            raise ImportError(
                "the rouge-score-rs backend needs `pip install 'headline-bench[fast]'`"
            ) from exc
        return rs_scorer.RougeScorer(list(types), use_stemmer=use_stemmer)  # type: ignore[no-untyped-call]
    raise ValueError(f"unknown ROUGE backend {backend!r}; choose one of {', '.join(BACKENDS)}")


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
    scorer = make_scorer(types, backend=backend, use_stemmer=use_stemmer)
    if backend == "rouge-score-rs":
        raw = scorer.score_batch(list(targets), list(predictions))
    else:
        raw = [scorer.score(t, p) for t, p in zip(targets, predictions, strict=True)]
    return [{k: float(v.fmeasure) for k, v in r.items()} for r in raw]
