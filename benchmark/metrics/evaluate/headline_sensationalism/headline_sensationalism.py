"""Headline sensationalism cues as a Hugging Face ``evaluate`` module.

A thin wrapper: the scoring is ``benchmark.metrics.headline.headline_cues``.
"""

from __future__ import annotations

from typing import Any

import datasets
import evaluate

from benchmark.metrics.headline import VERSION, headline_cues

_DESCRIPTION = """\
Reference-free cues of a sensational headline: a question or exclamation mark,
superlatives ("worst", "most shocking"), words in capitals that are not acronyms, and
forward references ("you won't believe", "here's why"). Also reports length in words.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of headlines.
Returns:
    sensational_rate: share of headlines with at least one cue.
    question_rate, exclamation_rate, forward_reference_rate: shares.
    superlatives, all_caps, words: means per headline.
Examples:
    >>> import evaluate
    >>> metric = evaluate.load("benchmark/metrics/evaluate/headline_sensationalism")
    >>> r = metric.compute(predictions=["Council agrees budget", "Is this the WORST council?"])
    >>> (r["sensational_rate"], r["question_rate"])
    (0.5, 0.5)
"""

_CITATION = """\
@misc{headlinebench,
  title = {HeadlineBench: a benchmark for news headline and summary generation},
  year = {2026}
}
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class HeadlineSensationalism(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            module_type="metric",
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": datasets.Value("string")}),
            reference_urls=["https://github.com/headline-bench/headline-bench"],
        )

    def _compute(self, predictions: list[str]) -> dict[str, Any]:
        cues = [headline_cues(h) for h in predictions]
        n = len(cues)
        if not n:
            return {"sensational_rate": None, "version": VERSION}
        return {
            "sensational_rate": sum(c.sensational for c in cues) / n,
            "question_rate": sum(c.question for c in cues) / n,
            "exclamation_rate": sum(c.exclamation for c in cues) / n,
            "forward_reference_rate": sum(c.forward_reference for c in cues) / n,
            "superlatives": sum(c.superlatives for c in cues) / n,
            "all_caps": sum(c.all_caps for c in cues) / n,
            "words": sum(c.words for c in cues) / n,
            "version": VERSION,
        }
