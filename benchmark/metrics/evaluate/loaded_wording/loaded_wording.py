"""Neutrality of wording as a Hugging Face ``evaluate`` module (load it by path, offline).

A thin wrapper: the scoring is ``benchmark.metrics.neutrality.find_loaded_terms``.
"""

from __future__ import annotations

from typing import Any

import datasets
import evaluate

from benchmark.metrics.neutrality import (
    VERSION,
    find_loaded_terms,
    load_lexicon,
    neutrality_scores,
)

_DESCRIPTION = """\
Counts loaded terms (tabloid verbs, partisan labels, emotive intensifiers, propaganda
phrases, scare words) in a text's own voice, using HeadlineBench's versioned lexicon.
Terms inside quotation marks are attributed speech and do not count. With sources, a
term the source also used in its own voice is counted as inherited.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of texts (summaries or headlines).
    sources: optional keyword, list of source articles, to split inherited from
        introduced terms.
Returns:
    loaded_per_100w: mean own-voice loaded terms per 100 words.
    neutral_rate: share of texts with no own-voice loaded term.
    loaded_terms, loaded_inherited, loaded_introduced: totals.
    lexicon: the lexicon's version and hash prefix.
Examples:
    >>> import evaluate
    >>> metric = evaluate.load("benchmark/metrics/evaluate/loaded_wording")
    >>> r = metric.compute(predictions=["Minister slams far-Left purge.",
    ...                                 "The union called it a ‘purge’."])
    >>> (r["loaded_terms"], r["neutral_rate"])
    (3, 0.5)
"""

_CITATION = """\
@misc{headlinebench,
  title = {HeadlineBench: a benchmark for news headline and summary generation},
  year = {2026}
}
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class LoadedWording(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            module_type="metric",
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": datasets.Value("string")}),
            reference_urls=["https://github.com/headline-bench/headline-bench"],
        )

    def _compute(self, predictions: list[str], sources: list[str] | None = None) -> dict[str, Any]:
        lexicon = load_lexicon()
        rates: list[float] = []
        neutral = total = inherited = 0
        for k, text in enumerate(predictions):
            src = None if sources is None else sources[k]
            scores = neutrality_scores(text, find_loaded_terms(text, src, lexicon=lexicon))
            rates.append(scores.loaded_per_100w)
            neutral += scores.neutral
            total += scores.loaded
            inherited += scores.inherited
        n = len(predictions)
        return {
            "loaded_per_100w": sum(rates) / n if n else None,
            "neutral_rate": neutral / n if n else None,
            "loaded_terms": total,
            "loaded_inherited": inherited,
            "loaded_introduced": total - inherited,
            "lexicon": lexicon.signature,
            "version": VERSION,
        }
