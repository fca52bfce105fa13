"""Alignment of a summary figure against the source: value (with rounding), unit and
counted noun, and contradictions (a source figure said about the same claim with
another value)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from benchmark.metrics.figures.analysis import _CONTEXT_STOP, _CONTEXT_WORD, _key
from benchmark.metrics.figures.nouns import _CONTEXT, _forms, _same_thing, _singular
from benchmark.metrics.figures.records import AnalysedText, CheckedSource, Figure
from benchmark.metrics.figures.vocabulary import _STRONG_UNITS, _UNITS
from benchmark.text import Span

_DIGITS = re.compile(r"[1-9](\d*[1-9])?")


@lru_cache(maxsize=4096)
def _significant(value: float) -> int:
    """Significant digits of a value as written (2,500,000 -> 2; 62.5 -> 3)."""
    s = f"{value:.6f}".rstrip("0").rstrip(".").replace(".", "").lstrip("0")
    m = _DIGITS.search(s)
    return len(m.group()) if m else 1


def _units_compatible(s: Figure, src: Figure, source_text: str) -> bool:
    if s.unit == src.unit or s.unit == "vague":
        return True
    if s.unit is not None and src.unit is None and s.unit not in _STRONG_UNITS:
        # "another 20 days" is supported by a bare "20" only if days are named near it
        near = source_text[max(0, src.start - _CONTEXT) : src.end + _CONTEXT].lower()
        forms = [w for w, u in _UNITS.items() if u == s.unit and len(w) > 2]
        return any(re.search(rf"\b{re.escape(w)}\b", near) is not None for w in forms)
    if s.unit is None or src.unit is None:
        other = src if s.unit is None else s
        bare = s if s.unit is None else src
        # A bare number can stand for a count with a unit ("62,000" for "62,000 homes"),
        # but not for money, a share, a date or a year ("£5m" is not "5m people").
        return other.unit not in _STRONG_UNITS or (
            bare.noun is None and other.kind == "currency" and bare.value >= 1000
        )
    pairs = {frozenset({"GBP", "pence"}), frozenset({"USD", "cent"})}
    return frozenset({s.unit, src.unit}) in pairs


def _nouns_compatible(s: Figure, src: Figure, source_text: str, summary_text: str) -> bool:
    if s.noun is not None and src.noun is None:
        if src.unit is not None and src.unit not in _STRONG_UNITS:
            return _same_thing(s.noun, src.unit)
        # A bare source number ("38 of them", "rose to 62,000") supports "62,000 homes"
        # only if its neighbourhood names homes.
        near = source_text[max(0, src.start - _CONTEXT) : src.end + _CONTEXT].lower()
        return any(
            re.search(rf"\b{re.escape(n)}(?:s|es)?\b", near) is not None for n in _forms(s.noun)
        )
    if s.noun is None or src.noun is None:
        return True
    # The summary's head must name what the source counts (its head or a word of its
    # phrase: "1,000 members" and "1,000 Labour members"); shared modifiers never suffice.
    if any(_same_thing(s.noun, b) for b in (src.noun, *src.phrase)):
        return True
    # Either side may name the thing a few words on ("62,000 of the county's homes").
    src_window = source_text[src.end : src.end + 40].lower()
    sum_window = summary_text[s.end : s.end + 40].lower()
    return (
        re.search(rf"\b{re.escape(s.noun)}", src_window) is not None
        or re.search(rf"\b{re.escape(src.noun)}", sum_window) is not None
    )


def _value_supported(s: Figure, src: Figure) -> tuple[bool, str]:
    if s.unit == "vague":
        if src.unit == "vague":
            return math.isclose(s.value, src.value), "same order of magnitude"
        if src.kind in ("number", "currency") and s.value * 2 <= src.value < s.value * 1000:
            return True, "an amount of that order of magnitude"
        return False, ""
    if math.isclose(s.value, src.value, rel_tol=1e-9, abs_tol=1e-9):
        return True, "same value"
    if s.unit == "pence" and src.unit == "GBP" and math.isclose(s.value / 100, src.value):
        return True, "same value"
    if s.unit == "GBP" and src.unit == "pence" and math.isclose(s.value, src.value / 100):
        return True, "same value"
    if s.bound == "exact" or src.value == 0 or s.kind in ("date", "year", "time", "id"):
        return False, ""
    v, x = src.value, s.value
    rel = abs(v - x) / max(abs(v), abs(x))
    if s.bound == "about" and rel <= 0.1:
        how = f"rounded ({s.bound})"
    elif s.bound == "over" and v > x and rel <= 0.25:
        how = "rounded down (more than)"
    elif s.bound == "under" and v < x and rel <= 0.25:
        how = "rounded up (less than)"
    elif s.bound == "nearly" and v < x and rel <= 0.1:
        how = "rounded up (nearly)"
    else:
        return False, ""
    # "about 62,001" is no rounding of 62,000; only rounder values are (tested last: the
    # digit count is the dearer test, and most candidates fail the ones above)
    if _significant(x) >= _significant(v):
        return False, ""
    return True, how


def _candidates(figure: Figure, source: CheckedSource) -> Iterable[Figure]:
    """The source figures that may support ``figure``, as bases (value, unit, noun)."""
    exact = source.by_value.get(_key(figure.value), ())
    if figure.bound == "exact" and figure.unit not in ("pence", "GBP", "vague"):
        return exact
    return source.bases


_CONTRADICTION_MARGIN = 2  # shared context words by which a rival must beat every support
_CONTRADICTION_MIN = 3  # and the fewest it must share at all
_ANCHORED = 3  # context words a supporting mention shares with the summary: it is the same claim


def _contradiction(
    summ: AnalysedText, fig: Figure, src: CheckedSource, support: Sequence[Figure]
) -> Figure | None:
    """A source figure of the same kind and another value, said about what the summary says.

    "Gusts of 90mph were recorded on the Cornish coast" is contradicted when the source
    says "a gust of 98mph was recorded on the north Cornish coast" and has 90mph only
    in "gusts of up to 90mph are possible overnight": the summary took a real figure of
    the article and attached it to the wrong claim.
    """
    if fig.kind not in ("number", "currency", "percent", "quantity"):
        return None
    if (fig.unit is None and fig.noun is None) or fig.noun == "age":
        return None  # a bare number or an age ("Smith, 52,") says too little to align
    ctx = summ.context(fig)
    if len(ctx) < _CONTRADICTION_MARGIN:
        return None
    best_support = max(len(ctx & src.context(c)) for c in support)
    if best_support >= _ANCHORED:
        # a mention of the value says what the summary says around it ("45 years in
        # prison"): a run-on summary sentence that also echoes another sentence is no swap
        return None
    best: tuple[int, Figure] | None = None
    for other in src.bases:
        if other.unit != fig.unit or other.kind != fig.kind or math.isclose(other.value, fig.value):
            continue
        if fig.kind == "number" and (
            other.noun is None or not _nouns_compatible(fig, other, src.text, summ.text)
        ):
            continue
        overlap = len(ctx & src.context(other))
        if best is None or overlap > best[0]:
            best = (overlap, other)
    if (
        best is not None
        and best[0] >= _CONTRADICTION_MIN
        and best[0] >= best_support + _CONTRADICTION_MARGIN
    ):
        return src.full(best[1])
    return _sentence_contradiction(summ, fig, src, support)


def _sentence_words(text: str, span: Span) -> frozenset[str]:
    return frozenset(
        _singular(w.lower().replace("’", "'"))
        for w in _CONTEXT_WORD.findall(text[span[0] : span[1]])
        if w.lower() not in _CONTEXT_STOP
    )


def _sentence_contradiction(
    summ: AnalysedText, fig: Figure, src: CheckedSource, support: Sequence[Figure]
) -> Figure | None:
    """The source sentence that the summary's sentence restates gives another value.

    Used when the summary's sentence clearly restates one source sentence (most of its
    words), that sentence has a figure of the same kind but another value, and every
    mention of the summary's value sits in a sentence that shares clearly fewer words.
    """
    words = _sentence_words(summ.text, fig.sentence)
    if len(words) < _ALIGN_MIN:
        return None
    overlap: dict[Span, int] = {}
    for other in src.bases:
        if other.sentence not in overlap:
            cached = src.sentence_words.get(other.sentence)
            if cached is None:
                cached = src.sentence_words[other.sentence] = _sentence_words(
                    src.text, other.sentence
                )
            overlap[other.sentence] = len(words & cached)
    best_support = max(overlap.get(c.sentence, 0) for c in support)
    for other in src.bases:
        o = overlap[other.sentence]
        if (
            o < max(_ALIGN_MIN, _ALIGN_SHARE * len(words))
            or o < best_support + _ALIGN_MARGIN
            or other.unit != fig.unit
            or other.kind != fig.kind
            or math.isclose(other.value, fig.value)
        ):
            continue
        if fig.kind == "number" and (
            fig.noun is None
            or other.noun is None
            or not _nouns_compatible(fig, other, src.text, summ.text)
        ):
            continue
        return src.full(other)
    return None


_ALIGN_MIN = 4  # content words a summary sentence must share with the source sentence
_ALIGN_SHARE = 0.5  # and the share of its own content words that this must be
_ALIGN_MARGIN = 3  # by how many words it must beat every sentence holding the value
