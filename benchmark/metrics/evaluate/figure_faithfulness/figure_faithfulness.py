"""Figure faithfulness as a Hugging Face ``evaluate`` module (load it by path, offline).

A thin wrapper: the scoring is ``benchmark.metrics.figures.check_figures``.
"""

from __future__ import annotations

from typing import Any

import datasets
import evaluate

from benchmark.metrics.figures import VERSION, check_figures, figure_recall

_DESCRIPTION = """\
Checks every figure (number, amount, percentage, date, count) of a summary against its
source article: the source must state the same value, in a compatible unit, counting
the same thing; and a figure the source only hedges ("as many as", "could",
"according to", scare quotes) must stay hedged. Returns the share of supported
figures (precision), the share of hedged figures whose hedge was kept, the recall of
the reference's figures when references are given, and counts.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of summaries (bullets joined by newlines).
    sources: list of source articles, one per prediction.
    targets: optional list of reference summaries, for figure recall (a keyword argument:
        evaluate reserves ``references`` for required inputs).
Returns:
    figure_precision: mean over predictions of the share of figures the source supports.
    figure_hedge_kept: mean share of hedged figures whose hedge was kept (None if none).
    figure_recall: mean share of the targets' figures the predictions state (None if none).
    figures, figures_unsupported, figures_unhedged: totals over all predictions.
Examples:
    >>> import evaluate
    >>> metric = evaluate.load("benchmark/metrics/evaluate/figure_faithfulness")
    >>> src = "As many as 1,000 members could be expelled. Four groups met."
    >>> r = metric.compute(predictions=["1,000 members expelled. Five groups met."], sources=[src])
    >>> (r["figure_precision"], r["figures_unsupported"], r["figures_unhedged"])
    (0.5, 1, 1)
"""

_CITATION = """\
@misc{headlinebench,
  title = {HeadlineBench: a benchmark for news headline and summary generation},
  year = {2026}
}
"""


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class FigureFaithfulness(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            module_type="metric",
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            # targets are optional, so they pass as a keyword of _compute, not as a feature
            features=datasets.Features(
                {"predictions": datasets.Value("string"), "sources": datasets.Value("string")}
            ),
            reference_urls=["https://github.com/headline-bench/headline-bench"],
        )

    def _compute(
        self, predictions: list[str], sources: list[str], targets: list[str] | None = None
    ) -> dict[str, Any]:
        precision: list[float] = []
        kept: list[float] = []
        recall: list[float] = []
        n = unsupported = unhedged = 0
        for k, (pred, src) in enumerate(zip(predictions, sources, strict=True)):
            r = check_figures(src, pred)
            precision.append(r.precision)
            if r.hedge_kept is not None:
                kept.append(r.hedge_kept)
            n += len(r.figures)
            unsupported += len(r.unsupported)
            unhedged += len(r.unhedged)
            if targets is not None:
                rec = figure_recall(targets[k], pred)
                if rec is not None:
                    recall.append(rec)
        return {
            "figure_precision": _mean(precision),
            "figure_hedge_kept": _mean(kept),
            "figure_recall": _mean(recall),
            "figures": n,
            "figures_unsupported": unsupported,
            "figures_unhedged": unhedged,
            "version": VERSION,
        }
