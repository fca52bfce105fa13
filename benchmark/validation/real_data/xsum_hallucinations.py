"""XSum hallucinations (Maynez et al. 2020): hallucinated spans that contain a digit
must overlap an unsupported figure."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError
from benchmark.metrics.figures import FigureReport, analyse, check_figures
from benchmark.validation.real_data.common import (
    _DIGITS,
    DatasetCheck,
    DatasetResult,
    FigureChecker,
    _context,
    _jsonl,
    _overlaps,
    _progress,
    _rate,
    _short,
    _spread,
)

XSUM_SPANS_FILE = "xsum_hallucination/hallucination_annotations_xsum_summaries.csv"
XSUM_DOCS_FILE = "xsum_hallucination/xsum_test_doc_gold_pairs.jsonl"

# --- XSum hallucinations (Maynez et al. 2020) -------------------------------------------------


@dataclass(frozen=True)
class XSumSpan:
    bbcid: str
    system: str
    summary: str  # unescaped (the CSV writes apostrophes as \')
    text: str  # the annotated span, unescaped
    start: int | None  # offsets into ``summary`` (None when they cannot be resolved)
    end: int | None
    hallucination_type: str


def unescape_xsum(text: str) -> str:
    """The XSum annotation CSV writes ``'`` as ``\\'`` and some spans carry a literal ``\\n``."""
    return text.replace("\\'", "'").replace("\\n", " ").strip()


def _resolve_offsets(summary: str, span: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of ``span`` in ``summary``: the CSV's are mostly 1-based, sometimes 0-based."""
    if not span:
        return None
    for a in (start - 1, start):
        if a >= 0 and summary[a : a + len(span)] == span:
            return a, a + len(span)
    found = [m.start() for m in re.finditer(re.escape(span), summary)]
    if not found:
        return None
    a = min(found, key=lambda p: abs(p - (start - 1)))
    return a, a + len(span)


def load_xsum_spans(root: Path) -> list[XSumSpan]:
    """Annotated hallucinated spans, one per (summary, span) after dropping worker duplicates."""
    path = Path(root) / XSUM_SPANS_FILE
    seen: set[tuple[str, str, int | None, int | None, str]] = set()
    out: list[XSumSpan] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            try:
                start = int(row["hallucinated_span_start"])
                end = int(row["hallucinated_span_end"])
                raw_span = row["hallucinated_span"]
                bbcid, system, raw_summary = row["bbcid"], row["system"], row["summary"]
                kind = row["hallucination_type"]
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"bad row: {exc}", path=path, line=n) from None
            if start < 0 or raw_span == "NULL":
                continue  # this worker marked no hallucination
            summary = unescape_xsum(raw_summary)
            text = unescape_xsum(raw_span)
            where = _resolve_offsets(summary, text, start, end)
            s, e = where if where else (None, None)
            key = (bbcid, system, s, e, text if where is None else "")
            if key in seen:
                continue
            seen.add(key)
            out.append(XSumSpan(bbcid, system, summary, text, s, e, kind))
    return out


def load_xsum_summaries(root: Path) -> dict[tuple[str, str], str]:
    """Every annotated summary, unescaped, by (bbcid, system); system ``Gold`` is the reference."""
    path = Path(root) / XSUM_SPANS_FILE
    out: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault((row["bbcid"], row["system"]), unescape_xsum(row["summary"]))
    return out


def load_xsum_documents(root: Path) -> dict[str, str]:
    path = Path(root) / XSUM_DOCS_FILE
    out: dict[str, str] = {}
    for n, obj in _jsonl(path):
        if not isinstance(obj.get("bbcid"), str) or not isinstance(obj.get("document"), str):
            raise InputError("needs string bbcid and document", path=path, line=n)
        out[obj["bbcid"]] = obj["document"]
    return out


_HAS_DIGIT = re.compile(r"\d")


def _span_detected(span: XSumSpan, report: FigureReport) -> bool:
    if span.start is not None and span.end is not None:
        return any(_overlaps((f.start, f.end), (span.start, span.end)) for f in report.unsupported)
    low = span.text.lower()
    return any(f.text.lower() in low for f in report.unsupported)


def _explain_span_miss(span: XSumSpan, report: FigureReport) -> str:
    if span.start is None or span.end is None:
        return "span not found in summary; no unsupported figure text inside it"
    figs = [
        m
        for m in report.matches
        if _overlaps((m.figure.start, m.figure.end), (span.start, span.end))
    ]
    if not figs:
        digits = _DIGITS.findall(span.text)
        return f"{', '.join(repr(d) for d in digits)} not parsed as a figure"
    return "; ".join(f"{m.figure.text!r} {m.status}: {m.explanation}" for m in figs[:2])


_SHORT_SPAN_WORDS = 5
# Model outputs are PTB-tokenised: "1,000" is written "1, 000".
_SPLIT_THOUSANDS = re.compile(r"\d, \d{3}\b")


def xsum_hallucinated_numbers(
    root: Path, *, check: FigureChecker = check_figures, progress: bool = True
) -> DatasetResult:
    """Recall of digit-bearing hallucinated spans in XSum system summaries.

    A span is detected when an unsupported figure of ``check(document, summary)``
    overlaps it. Spans are deduplicated across the three workers; a span whose
    offsets cannot be resolved falls back to text containment. Also: unsupported
    figures in system summaries that lie in an annotated span (a precision
    proxy), and digit-bearing figures of the gold summaries that are flagged.
    """
    docs = load_xsum_documents(root)
    spans = load_xsum_spans(root)
    summaries = load_xsum_summaries(root)
    by_summary: dict[tuple[str, str], list[XSumSpan]] = {}
    for sp in spans:
        by_summary.setdefault((sp.bbcid, sp.system), []).append(sp)

    counts: Counter[str] = Counter()
    misses: list[str] = []
    false_alarms: list[str] = []
    gold_examples: list[str] = []
    systems: dict[str, list[str]] = {}
    for b, s in sorted(summaries):
        systems.setdefault(b, []).append(s)
    ids = sorted(b for b in systems if b in docs)
    counts["documents_missing"] = len(set(systems) - set(docs))
    for bbcid in _progress(ids, "xsum", len(ids), progress):
        doc = analyse(docs[bbcid])
        for system in systems[bbcid]:
            summary = summaries[(bbcid, system)]
            report = check(doc, analyse(summary))
            marked = [
                (s.start, s.end)
                for s in by_summary.get((bbcid, system), [])
                if s.start is not None and s.end is not None
            ]
            if system == "Gold":
                for f in report.figures:
                    if not _HAS_DIGIT.search(f.text):
                        continue
                    counts["gold_digit_figures"] += 1
                    if f in report.unsupported:
                        counts["gold_digit_figures_flagged"] += 1
                        in_span = any(_overlaps((f.start, f.end), m) for m in marked)
                        counts["gold_flagged_in_annotated_span"] += in_span
                        gold_examples.append(
                            f"{f.text!r} in {_short(summary, 120)!r}"
                            f"{' (annotated hallucination)' if in_span else ''}"
                        )
                continue
            counts["system_summaries"] += 1
            for f in report.unsupported:
                counts["system_unsupported_figures"] += 1
                near = summary[max(0, f.start - 6) : f.end + 6]
                counts["system_unsupported_tokenised_thousands"] += bool(
                    _SPLIT_THOUSANDS.search(near)
                )
                if any(_overlaps((f.start, f.end), m) for m in marked):
                    counts["system_unsupported_in_annotated_span"] += 1
                else:
                    m = next(m for m in report.matches if m.figure == f)
                    false_alarms.append(
                        f"{system} {bbcid}: {f.text!r} in {_short(summary, 120)!r}: {m.explanation}"
                    )
            for sp in by_summary.get((bbcid, system), []):
                if not _HAS_DIGIT.search(sp.text):
                    continue
                short = len(sp.text.split()) <= _SHORT_SPAN_WORDS
                counts["digit_spans"] += 1
                counts["digit_spans_unresolved"] += sp.start is None
                counts["short_digit_spans"] += short
                if _span_detected(sp, report):
                    counts["detected"] += 1
                    counts["short_detected"] += short
                else:
                    ctx = (
                        _context(summary, sp.start, sp.end, 50)
                        if sp.start is not None and sp.end is not None
                        else sp.text
                    )
                    misses.append(f"{system} {bbcid}: {ctx!r}: {_explain_span_miss(sp, report)}")
    return DatasetResult(
        name="xsum_hallucinated_numbers",
        measure="recall of digit-bearing hallucinated spans",
        value=_rate(counts["detected"], counts["digit_spans"]),
        target=None,
        counts=dict(sorted(counts.items())),
        numbers={
            f"recall_short_spans_le{_SHORT_SPAN_WORDS}w": _rate(
                counts["short_detected"], counts["short_digit_spans"]
            ),
            f"recall_long_spans_gt{_SHORT_SPAN_WORDS}w": _rate(
                counts["detected"] - counts["short_detected"],
                counts["digit_spans"] - counts["short_digit_spans"],
            ),
            "system_flags_in_annotated_span": _rate(
                counts["system_unsupported_in_annotated_span"], counts["system_unsupported_figures"]
            ),
            "gold_digit_figures_flagged_rate": _rate(
                counts["gold_digit_figures_flagged"], counts["gold_digit_figures"]
            ),
        },
        misses=_spread(misses),
        false_alarms=_spread(false_alarms),
        notes=(
            "system summaries only (BERTS2S, PtGen, TConvS2S, TranS2S); spans deduplicated "
            "across workers; a long span marks a whole clause, so its number may be supported",
            "gold flagged examples: " + " | ".join(_spread(gold_examples, 5)),
        ),
    )


CHECK = DatasetCheck(
    "xsum_hallucinated_numbers", (XSUM_SPANS_FILE, XSUM_DOCS_FILE), xsum_hallucinated_numbers
)
