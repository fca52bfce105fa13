"""Extractiveness (Grusky et al. 2018) as a Hugging Face ``evaluate`` module.

A thin wrapper: the scoring is ``benchmark.metrics.extractive.extractiveness``.
"""

from __future__ import annotations

from typing import Any

import datasets
import evaluate

from benchmark.metrics.extractive import VERSION, extractiveness

_DESCRIPTION = """\
Coverage (share of summary words inside fragments copied from the article), density
(mean squared fragment length per summary word) and compression (article words per
summary word), with extractive fragments found greedily as in the Newsroom paper.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of summaries.
    sources: list of source articles, one per prediction.
Returns:
    coverage, density, compression: means over the non-empty summaries.
Examples:
    >>> import evaluate
    >>> metric = evaluate.load("benchmark/metrics/evaluate/extractiveness")
    >>> r = metric.compute(predictions=["the council agreed a new budget on friday"],
    ...                    sources=["The council met on Monday and agreed a new budget."])
    >>> (r["coverage"], r["density"])
    (0.875, 2.625)
"""

_CITATION = """\
@inproceedings{grusky-etal-2018-newsroom,
  title = {Newsroom: A Dataset of 1.3 Million Summaries with Diverse Extractive Strategies},
  author = {Grusky, Max and Naaman, Mor and Artzi, Yoav},
  booktitle = {NAACL},
  year = {2018}
}
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class Extractiveness(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            module_type="metric",
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features(
                {"predictions": datasets.Value("string"), "sources": datasets.Value("string")}
            ),
            reference_urls=["https://aclanthology.org/N18-1065/"],
        )

    def _compute(self, predictions: list[str], sources: list[str]) -> dict[str, Any]:
        cov: list[float] = []
        den: list[float] = []
        com: list[float] = []
        for pred, src in zip(predictions, sources, strict=True):
            e = extractiveness(src, pred)
            if e.coverage is None or e.density is None or e.compression is None:
                continue
            cov.append(e.coverage)
            den.append(e.density)
            com.append(e.compression)

        def mean(xs: list[float]) -> float | None:
            return sum(xs) / len(xs) if xs else None

        return {
            "coverage": mean(cov),
            "density": mean(den),
            "compression": mean(com),
            "version": VERSION,
        }
