"""Faithfulness of figures: find the figures in a text, normalise them, check them against a source.

A figure is a number with what it measures: "£2.5m", "62.5 per cent", "a
nine-hour meeting", "1,000 members", "14 March", "2019". The parser is the
project's own grammar: ROUGE's tokenizer splits "£3.5bn" into "3" and "5bn", and
general quantity parsers misread news style ("£2.5m" is money, "400m race" is
not).

``check_figures(source, summary)`` reports which summary figures the source does
not support (value, unit and counted thing), and which supported figures lost
the hedge or attribution that every supporting source mention carries.

Layout, in the order a text goes through it (each module imports only those
before it):

- ``records``: the types (``Figure``, ``FigureMatch``, ``FigureReport``,
  ``AnalysedText``, ``CheckedSource``: what a check reads of its source) and the
  parser's draft of a figure;
- ``vocabulary``: units, magnitudes, number words, months, qualifiers and the
  word lists the grammar shares;
- ``tokens``: the tokenizer and the cursor over a text's tokens;
- ``nouns``: counted nouns ("1,000 members"): plurals, head nouns, synonyms;
- ``parser``: the grammar of figures (numbers, money, units, dates, times);
- ``hedges``: hedge and attribution cues;
- ``analysis``: ``analyse`` and ``find_figures`` (ranges, qualifiers, hedges and
  the context words of each figure), and ``source_figures``, a source parsed once and
  completed as checks ask;
- ``alignment``: whether a source figure supports a summary figure, and
  contradictions (a real figure of the article attached to the wrong claim);
- ``report``: ``check_figures`` and ``figure_recall``.

The names below are re-exported from them, private ones included where callers
(tests, validation probes) use them.
"""

from __future__ import annotations

from benchmark.metrics.figures.analysis import (
    SourceFigures,
    analyse,
    find_figures,
    source_figures,
)
from benchmark.metrics.figures.hedges import ATTRIBUTION_HEDGES
from benchmark.metrics.figures.nouns import _is_plural, _same_thing, _singular
from benchmark.metrics.figures.records import (
    AnalysedText,
    Bound,
    CheckedSource,
    Figure,
    FigureMatch,
    FigureReport,
    Kind,
    Status,
)
from benchmark.metrics.figures.report import check_figures, figure_recall
from benchmark.metrics.figures.tokens import _TOKEN, _tokens

VERSION = "1.1.0"

__all__ = [
    "ATTRIBUTION_HEDGES",
    "VERSION",
    "_TOKEN",
    "AnalysedText",
    "Bound",
    "CheckedSource",
    "Figure",
    "FigureMatch",
    "FigureReport",
    "Kind",
    "SourceFigures",
    "Status",
    "_is_plural",
    "_same_thing",
    "_singular",
    "_tokens",
    "analyse",
    "check_figures",
    "figure_recall",
    "find_figures",
    "source_figures",
]
