"""Neutrality of wording as a Hugging Face ``evaluate`` module (load it by path, offline).

A thin wrapper: the scoring is ``benchmark.metrics.neutrality.find_loaded_terms`` (the
curated loaded terms) and ``benchmark.metrics.wording`` (the layered ``wording_bias``).
"""

from __future__ import annotations

from typing import Any

import datasets
import evaluate

from benchmark.metrics import wording
from benchmark.metrics.neutrality import (
    VERSION,
    SourceTerms,
    find_loaded_terms,
    neutrality_scores,
)

_DESCRIPTION = """\
Counts loaded terms (tabloid verbs, partisan labels, emotive intensifiers, propaganda
phrases, scare words) in a text's own voice, using HeadlineBench's versioned lexicon,
and scores the layered wording bias: the curated terms, a graded subjectivity list
(evaluative words, puffery, intensifiers, framing nouns, one-sided labels) and
epistemic cues (factive and assertive verbs, boosters), each cue weighted, combined per
sentence and averaged over sentences into a score in [0, 1]. Words inside quotation
marks are attributed speech and do not count. With sources, a term the source also used
in its own voice is counted as inherited.
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
    wording_bias: mean layered wording bias (0: neutral, 1: every sentence loaded).
    wording_bias_introduced: the same from cues the sources did not use (None without
        sources).
    wording_cues: total own-voice cues of every layer.
    lexicon: the lexicon's version and hash prefix.
    wording: the wording layers' versions and hash prefixes.
Examples:
    >>> import evaluate
    >>> metric = evaluate.load("benchmark/metrics/evaluate/loaded_wording")
    >>> r = metric.compute(predictions=["Minister slams far-Left purge.",
    ...                                 "The union called it a ‘purge’."])
    >>> (r["loaded_terms"], r["neutral_rate"])
    (3, 0.5)
    >>> round(r["wording_bias"], 3)  # noisy-OR of 0.9, 0.9, 0.75 in the first text, 0 in the second
    0.499
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
        layers = wording.default_lexicons()
        lexicon = layers.loaded
        rates: list[float] = []
        biases: list[float] = []
        introduced: list[float] = []
        neutral = total = inherited = cues = 0
        for k, text in enumerate(predictions):
            src = None if sources is None else sources[k]
            # each source read once: its own-voice terms of every layer
            src_cues = None if src is None else wording.source_cues(src, lexicons=layers)
            src_terms = (
                None
                if src_cues is None
                else SourceTerms(frozenset(t for layer, t in src_cues.terms if layer == "loaded"))
            )
            occurrences = find_loaded_terms(text, src_terms, lexicon=lexicon, include_quoted=True)
            scores = neutrality_scores(text, occurrences)
            rates.append(scores.loaded_per_100w)
            neutral += scores.neutral
            total += scores.loaded
            inherited += scores.inherited
            found = wording.find_wording_cues(
                text, src_cues, lexicons=layers, loaded_terms=occurrences
            )
            ws = wording.wording_scores(text, found)
            biases.append(ws.bias)
            introduced.append(ws.introduced)
            cues += ws.cues
        n = len(predictions)
        return {
            "wording_bias": sum(biases) / n if n else None,
            "wording_bias_introduced": sum(introduced) / n if n and sources is not None else None,
            "wording_cues": cues,
            "wording": f"{wording.VERSION}+{layers.signature}",
            "loaded_per_100w": sum(rates) / n if n else None,
            "neutral_rate": neutral / n if n else None,
            "loaded_terms": total,
            "loaded_inherited": inherited,
            "loaded_introduced": total - inherited,
            "lexicon": lexicon.signature,
            "version": VERSION,
        }
