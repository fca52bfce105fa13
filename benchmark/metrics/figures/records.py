"""The records of figure checking: a figure as found, the verdict on it, the report,
a text's analysis, and the parser's draft of a figure (token offsets, still mutable)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Literal, Protocol

from benchmark.normalise import Normalised
from benchmark.text import Span

Kind = Literal["number", "currency", "percent", "quantity", "date", "year", "time", "id"]
Bound = Literal["about", "over", "under", "nearly", "exact"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure found in a text. ``value`` is normalised (1,000 = one thousand; £2.5m = 2.5e6)."""

    text: str
    start: int
    end: int
    value: float
    unit: (
        str | None
    )  # canonical unit: "GBP", "%", "km", "hour", "date", "calendar_year"...; None for counts
    kind: Kind
    noun: str | None = None  # what a count counts, singular ("member" in "1,000 members")
    phrase: tuple[str, ...] = ()  # the words that name it, singular ("labour", "member")
    bound: Bound = "exact"  # approximation qualifier before it ("about", "more than")
    hedged: bool = False  # its sentence has a hedge cue, or it sits inside quotation marks
    hedge: str | None = None  # the cue ("could", "as many as") or "quotation marks"
    attributed: bool = False  # its sentence attributes it to someone ("said", "according to")
    sentence: Span = (0, 0)

    # Pickling (the prepared-article cache holds ~30 figures per article): the state as a
    # plain tuple, set back slot by slot. The methods dataclasses generate for slots look the
    # fields up on every object, a third of reading a warm cache.
    def __getstate__(self) -> tuple[object, ...]:
        state: tuple[object, ...] = _figure_state(self)
        return state

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(_FIGURE_SLOTS, state, strict=True):
            object.__setattr__(self, name, value)


_FIGURE_SLOTS = Figure.__slots__
_figure_state = attrgetter(*_FIGURE_SLOTS)  # all fields as one tuple, at C speed


Status = Literal["supported", "unsupported", "unhedged"]


@dataclass(frozen=True, slots=True)
class FigureMatch:
    """The verdict on one summary figure, with the source mention behind it (for reports)."""

    figure: Figure
    status: Status
    source: Figure | None
    explanation: str


@dataclass(frozen=True, slots=True)
class FigureReport:
    figures: tuple[Figure, ...]
    unsupported: tuple[Figure, ...]
    unhedged: tuple[Figure, ...]
    matches: tuple[FigureMatch, ...]

    @property
    def precision(self) -> float:
        """Share of summary figures the source supports (1.0 when there are none)."""
        if not self.figures:
            return 1.0
        return 1.0 - len(self.unsupported) / len(self.figures)

    @property
    def hedge_kept(self) -> float | None:
        """Share of supported figures with hedged sources that kept a hedge (None if none)."""
        hedged = [
            m
            for m in self.matches
            if m.status != "unsupported" and m.source is not None and m.source.hedged
        ]
        if not hedged:
            return None
        return 1.0 - sum(m.status == "unhedged" for m in hedged) / len(hedged)


@dataclass(frozen=True)
class AnalysedText:
    """A text's figures, computed once (an article's side is reused for every summary)."""

    text: str
    figures: tuple[Figure, ...]
    by_value: dict[float, tuple[Figure, ...]] = field(repr=False)
    contexts: tuple[frozenset[str], ...] = field(default=(), repr=False)  # per figure
    # content words per sentence, filled on demand (a cache: reused for every summary)
    sentence_words: dict[Span, frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # the text as given, when it was tokenised: ``text`` is its normalised form, and
    # figure offsets index ``text`` (``normalised.to_original`` maps them back)
    normalised: Normalised | None = field(default=None, repr=False, compare=False)
    # figure start -> index, filled on the first ``context`` call (figures never share a
    # start); an index, not an identity, so that it holds after pickling
    _at: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of ``text`` as offsets of the text given."""
        return (start, end) if self.normalised is None else self.normalised.to_original(start, end)

    def as_given(self, fig: Figure) -> Figure:
        """``fig`` with its text and offsets in the text given (unchanged when the text
        needed no normalising)."""
        return as_given(fig, self.normalised)

    # What a check reads of its source (``CheckedSource``): here every figure is complete.
    @property
    def bases(self) -> tuple[Figure, ...]:
        return self.figures

    def full(self, fig: Figure) -> Figure:
        return fig

    def context(self, fig: Figure) -> frozenset[str]:
        """The context words of ``fig``, one of ``figures`` (none for any other)."""
        if not self._at and self.figures:
            self._at.update((f.start, k) for k, f in enumerate(self.figures))
        k = self._at.get(fig.start)
        return self.contexts[k] if k is not None and self.figures[k] is fig else frozenset()


class CheckedSource(Protocol):
    """What :func:`check_figures` reads of a source: an :class:`AnalysedText`, or a source
    read once and completed as checks ask (``analysis.SourceFigures``). ``bases`` are every
    figure with its value, unit, counted noun and sentence; ``full`` adds its qualifier,
    hedge and attribution; ``context`` gives its context words."""

    @property
    def text(self) -> str: ...
    @property
    def normalised(self) -> Normalised | None: ...
    @property
    def by_value(self) -> dict[float, tuple[Figure, ...]]: ...
    @property
    def sentence_words(self) -> dict[Span, frozenset[str]]: ...
    @property
    def bases(self) -> tuple[Figure, ...]: ...
    def full(self, fig: Figure) -> Figure: ...
    def context(self, fig: Figure) -> frozenset[str]: ...
    def as_given(self, fig: Figure) -> Figure: ...


def as_given(fig: Figure, norm: Normalised | None) -> Figure:
    """``fig`` with its text and offsets in the text ``norm`` was made from."""
    if norm is None:
        return fig
    start, end = norm.to_original(fig.start, fig.end)
    sentence = norm.to_original(*fig.sentence)
    return replace(fig, text=norm.original[start:end], start=start, end=end, sentence=sentence)


@dataclass
class _Draft:
    start: int  # token index
    end: int  # token index (exclusive)
    value: float
    unit: str | None
    kind: Kind
    noun: str | None = None
    phrase: tuple[str, ...] = ()
