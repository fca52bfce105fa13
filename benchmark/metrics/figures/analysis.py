"""Analysis of a text: its figures with their qualifiers, hedges, attribution, ranges and
context words (``analyse``, ``find_figures``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from benchmark.metrics.figures.hedges import (
    _LOCAL_HEDGES,
    _hedge_cue,
    _sentence_cues,
    _SentenceCues,
)
from benchmark.metrics.figures.nouns import _singular
from benchmark.metrics.figures.parser import _Parser
from benchmark.metrics.figures.records import AnalysedText, Bound, Figure, _Draft
from benchmark.metrics.figures.tokens import _num
from benchmark.metrics.figures.vocabulary import (
    _MONTHS,
    _QUALIFIER_BOUND,
    _QUALIFIER_RE,
    _SMALL,
    _STOP,
    _TENS,
)
from benchmark.normalise import normalise
from benchmark.text import Sentence, Span, inside, quote_spans, split_sentences


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, with offsets that index ``text`` exactly."""
    at = analyse(text)
    return [at.as_given(f) for f in at.figures]


def analyse(
    text: str,
    *,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
) -> AnalysedText:
    """Figures of a text with their hedges; compute once per article and reuse.

    ``sentences`` and ``quotes`` are ``split_sentences(text)`` and ``quote_spans(text)``,
    passed in when the caller has them already. Tokenised text ("$ 20", "-lrb-", backtick
    quotes) is read in its normalised form (:func:`benchmark.normalise.normalise`), which
    becomes ``AnalysedText.text``; lower-cased text is read as such.
    """
    norm = normalise(text)
    if norm.changed:  # the caller's sentences and quotes index the text as given
        text, sentences, quotes = norm.text, None, None
    kept = norm if norm.changed else None
    parser = _Parser(text)
    drafts = parser.parse()
    _propagate_ranges(parser, drafts)
    if not drafts:
        return AnalysedText(text, (), {}, (), normalised=kept)
    if sentences is None:
        sentences = split_sentences(text)
    if quotes is None:
        quotes = quote_spans(text)
    figures: list[Figure] = []
    # what hedges a figure depends on its sentence: worked out once per sentence
    clauses: dict[int, _SentenceCues] = {}
    for d in drafts:
        start, end = parser.toks[d.start].start, parser.toks[d.end - 1].end
        sent = _sentence_of(sentences, start)
        before = text[max(sent.start, start - 40) : start]
        q = _QUALIFIER_RE.search(before)
        bound: Bound = _QUALIFIER_BOUND[q.group(1).lower()] if q else "exact"
        sent_text = text[sent.start : sent.end]
        cues = clauses.get(sent.start)
        if cues is None:
            cues = clauses[sent.start] = _sentence_cues(sent_text)
        hedge = _hedge_cue(sent_text, start - sent.start, end - sent.start, cues)
        if hedge is None and q is not None and q.group(1).lower() in _LOCAL_HEDGES:
            hedge = q.group(1).lower()
        quoted = inside(quotes, start, end)
        if hedge is None and quoted:
            hedge = "quotation marks"
        figures.append(
            Figure(
                text=text[start:end],
                start=start,
                end=end,
                value=d.value,
                unit=d.unit,
                kind=d.kind,
                noun=d.noun,
                phrase=d.phrase,
                bound=bound,
                hedged=hedge is not None,
                hedge=hedge,
                attributed=quoted or cues.attributed,
                sentence=(sent.start, sent.end),
            )
        )
    by_value: dict[float, list[Figure]] = {}
    for f in figures:
        by_value.setdefault(_key(f.value), []).append(f)
    contexts = _contexts(text, figures)
    by_key = {k: tuple(v) for k, v in by_value.items()}
    return AnalysedText(text, tuple(figures), by_key, contexts, normalised=kept)


def _sentence_of(sentences: Sequence[Sentence], pos: int) -> Sentence:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return Sentence(pos, pos, "")


def _propagate_ranges(parser: _Parser, drafts: list[_Draft]) -> None:
    """Ranges ("between 12 and 18 months", "12-18 months"): the first end takes the unit."""
    for a, b in itertools.pairwise(drafts):
        if b.start != a.end + 1 or b.kind in ("year", "date", "time"):
            continue  # every joining gap is one token
        if parser.toks[a.end].low not in ("-", "–", "to", "and", "or"):
            continue
        if a.unit is None and b.unit is not None:
            a.unit, a.kind = b.unit, b.kind
        if a.unit == b.unit:
            # "3 to 4 million", "£2 and £3 million": the first end shares the magnitude
            scale_b = b.value / max(1.0, _num_in(parser, b))
            scale_a = a.value / max(1.0, _num_in(parser, a))
            if scale_b > 1 and scale_a == 1 and _num_in(parser, a) < _num_in(parser, b):
                a.value *= scale_b
        if a.noun is None and b.noun is not None:
            a.noun, a.phrase = b.noun, b.phrase


def _num_in(parser: _Parser, d: _Draft) -> float:
    for k in range(d.start, d.end):
        if parser.toks[k].kind == "num":
            return _num(parser.toks[k].text)
    return 1.0


def _key(value: float) -> float:
    return round(value, 6)


_CONTEXT_WINDOW = 8  # words either side of a figure that say what it is about
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_CONTEXT_STOP = (
    _STOP
    | frozenset(
        "per cent percent said says year years month months week weeks day days hour hours "
        "million billion thousand hundred dozen about around nearly almost more less than "
        "unk".split()  # "UNK", what some models write for a word they do not know
    )
    | frozenset(_MONTHS)
    | frozenset(_SMALL)
    | frozenset(_TENS)
)


def _context(text: str, fig: Figure, lo: int, hi: int) -> frozenset[str]:
    """Content words near a figure, within [lo, hi): what the figure is about.

    ``lo`` and ``hi`` are the ends of the neighbouring figures in its sentence, so
    that "62,000 homes lost power, and 20,000 of them..." keeps each figure's own words.
    """
    before = _CONTEXT_WORD.findall(text[lo : fig.start])[-_CONTEXT_WINDOW:]
    after = _CONTEXT_WORD.findall(text[fig.end : hi])[:_CONTEXT_WINDOW]
    return frozenset(
        _singular(low.replace("’", "'"))
        for low in map(str.lower, before + after)
        if low not in _CONTEXT_STOP
    )


def _contexts(text: str, figures: Sequence[Figure]) -> tuple[frozenset[str], ...]:
    out: list[frozenset[str]] = []
    for k, f in enumerate(figures):
        prev = figures[k - 1] if k > 0 else None
        nxt = figures[k + 1] if k + 1 < len(figures) else None
        lo = prev.end if prev is not None and prev.sentence == f.sentence else f.sentence[0]
        hi = nxt.start if nxt is not None and nxt.sentence == f.sentence else f.sentence[1]
        out.append(_context(text, f, lo, hi))
    return tuple(out)
