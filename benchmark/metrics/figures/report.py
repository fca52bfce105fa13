"""The report: ``check_figures`` gives each summary figure its verdict (supported,
unsupported, unhedged) with the source mention behind it; ``figure_recall``."""

from __future__ import annotations

from benchmark.metrics.figures.alignment import (
    _candidates,
    _contradiction,
    _nouns_compatible,
    _units_compatible,
    _value_supported,
)
from benchmark.metrics.figures.analysis import SourceFigures, analyse, source_figures
from benchmark.metrics.figures.hedges import _is_attribution
from benchmark.metrics.figures.records import (
    AnalysedText,
    CheckedSource,
    Figure,
    FigureMatch,
    FigureReport,
)


def check_figures(
    source: str | AnalysedText | SourceFigures, summary: str | AnalysedText
) -> FigureReport:
    """Check every figure of ``summary`` against ``source``.

    A summary figure is supported when a source figure has the same value (or,
    when the summary marks it approximate with "about", "nearly", "more than",
    a value it rounds), a compatible unit and, where both name what they count,
    the same thing. It is *unhedged* when every supporting source mention is
    hedged (a cue such as "could" in its clause, "according to" in its sentence,
    "as many as" before it, or quotation marks around it) and the summary's
    sentence keeps no cue and no quotation marks; a claim hedged only by
    attribution or quotation marks is also kept by attributing it ("the union says").

    A source checked against many summaries is read once: as ``analyse(source)``, or
    as ``source_figures(source)``, which works out only what the checks ask for. Offsets
    index the text as given for a string, and ``.text`` (the normalised text) for either.
    """
    # a string is read as far as this check needs (the verdicts of reading it in full)
    src = source if isinstance(source, AnalysedText | SourceFigures) else source_figures(source)
    summ = summary if isinstance(summary, AnalysedText) else analyse(summary)
    report = _check(src, summ)
    # Offsets index the text given: a string's as it was passed, an analysis's ``text``.
    map_summary = not isinstance(summary, AnalysedText) and summ.normalised is not None
    map_source = isinstance(source, str) and src.normalised is not None
    if not (map_summary or map_source):
        return report
    return _as_given(report, summ if map_summary else None, src if map_source else None)


def _as_given(
    report: FigureReport, summ: AnalysedText | None, src: CheckedSource | None
) -> FigureReport:
    def mine(f: Figure) -> Figure:
        return f if summ is None else summ.as_given(f)

    def theirs(f: Figure | None) -> Figure | None:
        return f if f is None or src is None else src.as_given(f)

    matches = tuple(
        FigureMatch(mine(m.figure), m.status, theirs(m.source), m.explanation)
        for m in report.matches
    )
    return FigureReport(
        figures=tuple(m.figure for m in matches),
        unsupported=tuple(m.figure for m in matches if m.status == "unsupported"),
        unhedged=tuple(m.figure for m in matches if m.status == "unhedged"),
        matches=matches,
    )


def _check(src: CheckedSource, summ: AnalysedText) -> FigureReport:
    matches: list[FigureMatch] = []
    for fig in summ.figures:
        support: list[tuple[Figure, str]] = []
        near_miss: Figure | None = None
        # value, unit and noun are a base's; what leaves here is the figure in full
        for cand in _candidates(fig, src):
            ok, how = _value_supported(fig, cand)
            if not ok:
                continue
            if not _units_compatible(fig, cand, src.text):
                near_miss = near_miss or src.full(cand)
                continue
            if fig.kind == "number" and not _nouns_compatible(fig, cand, src.text, summ.text):
                near_miss = near_miss or src.full(cand)
                continue
            support.append((src.full(cand), how))
        if not support:
            matches.append(FigureMatch(fig, "unsupported", near_miss, _why_not(fig, near_miss)))
            continue
        support.sort(key=lambda ch: ch[1] != "same value")  # exact mentions first
        rival = _contradiction(summ, fig, src, [c for c, _ in support])
        if rival is not None:
            matches.append(
                FigureMatch(
                    fig,
                    "unsupported",
                    rival,
                    f"the source states {rival.text!r} where it says what the summary says; "
                    f"{fig.text!r} appears only elsewhere, about something else",
                )
            )
            continue
        plain = [c for c, _ in support if not c.hedged]
        if plain or fig.kind in _ANCHORS or fig.noun == "age":
            c, how = next(((c, h) for c, h in support if not c.hedged), support[0])
            matches.append(FigureMatch(fig, "supported", c, f"{how} as {c.text!r} in the source"))
            continue
        best, how = support[0]
        attribution_only = all(_is_attribution(c.hedge) for c, _ in support)
        if fig.hedged or (attribution_only and fig.attributed):
            matches.append(
                FigureMatch(
                    fig,
                    "supported",
                    best,
                    f"{how} as {best.text!r}; the source's hedge ({best.hedge}) is kept "
                    f"({fig.hedge or 'attributed'})",
                )
            )
        else:
            matches.append(
                FigureMatch(
                    fig,
                    "unhedged",
                    best,
                    f"{how} as {best.text!r}, but the source hedges it ({best.hedge}) "
                    "and the summary states it as fact",
                )
            )
    return FigureReport(
        figures=summ.figures,
        unsupported=tuple(m.figure for m in matches if m.status == "unsupported"),
        unhedged=tuple(m.figure for m in matches if m.status == "unhedged"),
        matches=tuple(matches),
    )


# Dates, years, clock times, labels and ages anchor a story; hedging is about the claims.
_ANCHORS = frozenset({"date", "year", "time", "id"})


def _why_not(fig: Figure, near: Figure | None) -> str:
    if near is None:
        return f"no figure of value {_fmt(fig)} in the source"
    if near.unit != fig.unit and (near.unit is not None and fig.unit is not None):
        return f"the source has {near.text!r}, a different unit"
    if fig.noun and near.noun and fig.noun != near.noun:
        return f"the source's {near.text!r} counts {near.noun}, not {fig.noun}"
    return f"the source has {near.text!r}, which measures something else"


def _fmt(fig: Figure) -> str:
    v = int(fig.value) if fig.value == int(fig.value) else fig.value
    return f"{v} {fig.unit}" if fig.unit else f"{v}"


def figure_recall(reference: str | AnalysedText, summary: str | AnalysedText) -> float | None:
    """Share of the reference's figures that the summary states too (None when it has none)."""
    ref = reference if isinstance(reference, AnalysedText) else analyse(reference)
    if not ref.figures:
        return None
    summ = summary if isinstance(summary, AnalysedText) else analyse(summary)
    found = check_figures(summ, ref)
    return 1.0 - len(found.unsupported) / len(ref.figures)
