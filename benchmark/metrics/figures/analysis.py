"""Analysis of a text: its figures with their qualifiers, hedges, attribution, ranges and
context words (``analyse``, ``find_figures``), or, for a source read once and checked many
times, parsed now and completed on demand (``source_figures``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmark.metrics.figures.hedges import (
    _LOCAL_HEDGES,
    _hedge_cue,
    _sentence_cues,
    _SentenceCues,
)
from benchmark.metrics.figures.nouns import _singular
from benchmark.metrics.figures.parser import _Parser
from benchmark.metrics.figures.records import AnalysedText, Bound, Figure, _Draft, as_given
from benchmark.metrics.figures.tokens import _num
from benchmark.metrics.figures.vocabulary import (
    _MONTHS,
    _QUALIFIER_BOUND,
    _QUALIFIER_RE,
    _SMALL,
    _STOP,
    _TENS,
)
from benchmark.normalise import Normalised, normalise
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
    return source_figures(text, sentences=sentences, quotes=quotes).analysed()


@dataclass(eq=False)
class SourceFigures:
    """A source's figures as far as a check needs them: every figure parsed (value, unit,
    counted noun, sentence), its qualifier, hedge and context words worked out when a check
    first asks (:meth:`full`, :meth:`context`) and kept.

    An article is read once for every summary of it, and only the article figures that
    pass a summary figure's value, unit and noun tests are completed (a contradiction's
    check also reads the context words of figures of its unit). Qualifiers, hedges and
    context words are half of reading an article; most figures never need them.
    ``full`` gives what :func:`analyse` gives for the same figure, and :meth:`analysed`
    the whole :class:`AnalysedText`.
    """

    text: str
    bases: tuple[Figure, ...]  # parsed; bound "exact", no hedge, not attributed: see ``full``
    by_value: dict[float, tuple[Figure, ...]] = field(repr=False)
    quotes: tuple[Span, ...] = field(repr=False)
    normalised: Normalised | None = field(default=None, repr=False)
    sentence_words: dict[Span, frozenset[str]] = field(default_factory=dict, repr=False)
    # what the checks asked for so far, by figure start (figures never overlap)
    _index: dict[int, int] = field(init=False, repr=False)
    _full: dict[int, Figure] = field(default_factory=dict, init=False, repr=False)
    _contexts: dict[int, frozenset[str]] = field(default_factory=dict, init=False, repr=False)
    _cues: dict[int, _SentenceCues] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {f.start: k for k, f in enumerate(self.bases)}

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of ``text`` as offsets of the text given."""
        return (start, end) if self.normalised is None else self.normalised.to_original(start, end)

    def as_given(self, fig: Figure) -> Figure:
        """``fig`` in the text given (see :meth:`AnalysedText.as_given`)."""
        return as_given(fig, self.normalised)

    def full(self, base: Figure) -> Figure:
        """The figure at ``base.start`` with its qualifier, hedge and attribution."""
        got = self._full.get(base.start)
        if got is None:
            got = self._full[base.start] = _complete(self.text, base, self.quotes, self._cues)
        return got

    def context(self, fig: Figure) -> frozenset[str]:
        """The content words around the figure at ``fig.start`` (see ``_context``)."""
        got = self._contexts.get(fig.start)
        if got is None:
            k = self._index[fig.start]
            got = self._contexts[fig.start] = _context_at(self.text, self.bases, k)
        return got

    def analysed(self) -> AnalysedText:
        """Every figure in full, as :func:`analyse` gives them."""
        figures = tuple(self.full(f) for f in self.bases)
        if not figures:
            return AnalysedText(self.text, (), {}, (), normalised=self.normalised)
        by_value: dict[float, list[Figure]] = {}
        for f in figures:
            by_value.setdefault(_key(f.value), []).append(f)
        contexts = tuple(self.context(f) for f in self.bases)
        by_key = {k: tuple(v) for k, v in by_value.items()}
        return AnalysedText(self.text, figures, by_key, contexts, normalised=self.normalised)


def source_figures(
    text: str,
    *,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
) -> SourceFigures:
    """A text's figures parsed, for :func:`check_figures` to complete as it needs them
    (the arguments are those of :func:`analyse`)."""
    norm = normalise(text)
    if norm.changed:  # the caller's sentences and quotes index the text as given
        text, sentences, quotes = norm.text, None, None
    kept = norm if norm.changed else None
    parser = _Parser(text)
    drafts = parser.parse()
    _propagate_ranges(parser, drafts)
    if not drafts:
        return SourceFigures(text, (), {}, (), normalised=kept)
    if sentences is None:
        sentences = split_sentences(text)
    if quotes is None:
        quotes = quote_spans(text)
    bases: list[Figure] = []
    for d in drafts:
        start, end = parser.toks[d.start].start, parser.toks[d.end - 1].end
        sent = _sentence_of(sentences, start)
        bases.append(
            Figure(
                text=text[start:end],
                start=start,
                end=end,
                value=d.value,
                unit=d.unit,
                kind=d.kind,
                noun=d.noun,
                phrase=d.phrase,
                sentence=(sent.start, sent.end),
            )
        )
    by_value: dict[float, list[Figure]] = {}
    for f in bases:
        by_value.setdefault(_key(f.value), []).append(f)
    by_key = {k: tuple(v) for k, v in by_value.items()}
    return SourceFigures(text, tuple(bases), by_key, tuple(quotes), normalised=kept)


def _complete(
    text: str, base: Figure, quotes: Sequence[Span], clauses: dict[int, _SentenceCues]
) -> Figure:
    """``base`` with its qualifier ("about"), hedge and attribution; what hedges a figure
    depends on its sentence, whose cues are worked out once (kept in ``clauses``)."""
    start, end = base.start, base.end
    s_start, s_end = base.sentence
    before = text[max(s_start, start - 40) : start]
    q = _QUALIFIER_RE.search(before)
    bound: Bound = _QUALIFIER_BOUND[q.group(1).lower()] if q else "exact"
    sent_text = text[s_start:s_end]
    cues = clauses.get(s_start)
    if cues is None:
        cues = clauses[s_start] = _sentence_cues(sent_text)
    hedge = _hedge_cue(sent_text, start - s_start, end - s_start, cues)
    if hedge is None and q is not None and q.group(1).lower() in _LOCAL_HEDGES:
        hedge = q.group(1).lower()
    quoted = inside(quotes, start, end)
    if hedge is None and quoted:
        hedge = "quotation marks"
    return Figure(
        text=base.text,
        start=start,
        end=end,
        value=base.value,
        unit=base.unit,
        kind=base.kind,
        noun=base.noun,
        phrase=base.phrase,
        bound=bound,
        hedged=hedge is not None,
        hedge=hedge,
        attributed=quoted or cues.attributed,
        sentence=base.sentence,
    )


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


def _context_at(text: str, figures: Sequence[Figure], k: int) -> frozenset[str]:
    """The context words of ``figures[k]``, bounded by its neighbours in its sentence."""
    f = figures[k]
    prev = figures[k - 1] if k > 0 else None
    nxt = figures[k + 1] if k + 1 < len(figures) else None
    lo = prev.end if prev is not None and prev.sentence == f.sentence else f.sentence[0]
    hi = nxt.start if nxt is not None and nxt.sentence == f.sentence else f.sentence[1]
    return _context(text, f, lo, hi)
