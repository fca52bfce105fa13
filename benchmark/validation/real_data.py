"""Validity of the two detectors on public labelled data (read at run time only).

Each function takes the data root (a folder laid out like ``shared/data``: one
subfolder per dataset, see its ``SOURCE.md``) and measures one detector against
one set of human labels:

- ``summedits_numbers``: SummEdits news. Inconsistent edits that change a number
  must gain an unsupported figure; consistent summaries should have none.
- ``xsum_hallucinated_numbers``: Maynez et al. XSum hallucination spans that
  contain a digit must overlap an unsupported figure.
- ``babe``: BABE (SG2, expert labels): loaded terms per 100 words must rank
  biased sentences above neutral ones; own-voice terms vs annotated biased words.
- ``basil``: BASIL lexical-bias spans, inside vs outside quotation marks.
- ``allsides``: AllSides headlines of left/right outlets vs centre outlets and
  the AllSides neutral headline.
- ``ptc_loaded_language``: PTC ``Loaded_Language`` / ``Name_Calling,Labeling`` spans.

The data carries its own licences (AGPL, GPL, none): nothing of it is copied
into the project; it is read through the ``root`` argument only. ``run_all``
returns plain JSON-ready dicts; ``format_report`` renders them as markdown.

    python -m benchmark.validation.real_data /path/to/shared/data
"""

from __future__ import annotations

import ast
import csv
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tqdm.auto import tqdm

from benchmark.errors import InputError
from benchmark.metrics.figures import AnalysedText, Figure, FigureReport, analyse, check_figures
from benchmark.metrics.neutrality import LoadedTerm, find_loaded_terms, neutrality_scores
from benchmark.text import Span, inside, quote_spans

T = TypeVar("T")

MAX_EXAMPLES = 10
_EXAMPLE_CHARS = 220

# Files, relative to the data root.
SUMMEDITS_FILE = "summedits_news/summedits_news.json"
XSUM_SPANS_FILE = "xsum_hallucination/hallucination_annotations_xsum_summaries.csv"
XSUM_DOCS_FILE = "xsum_hallucination/xsum_test_doc_gold_pairs.jsonl"
BABE_FILE = "babe_mbic/final_labels_SG2.csv"
BASIL_FILE = "basil/basil_articles_with_annotations.jsonl"
ALLSIDES_FILE = "neus_allsides/allsides_headline_roundups_2021-10-19.jsonl"
PTC_LABELS_FILE = "propaganda_ptc/train-task2-TC.labels"
PTC_ARTICLES_DIR = "propaganda_ptc/train-articles"

DATASET_FILES: dict[str, tuple[str, ...]] = {
    "summedits_numbers": (SUMMEDITS_FILE,),
    "xsum_hallucinated_numbers": (XSUM_SPANS_FILE, XSUM_DOCS_FILE),
    "babe": (BABE_FILE,),
    "basil": (BASIL_FILE,),
    "allsides": (ALLSIDES_FILE,),
    "ptc_loaded_language": (PTC_LABELS_FILE, PTC_ARTICLES_DIR),
}
_NEEDS_LEXICON = frozenset({"babe", "basil", "allsides", "ptc_loaded_language"})

TARGETS: dict[str, float] = {
    "summedits_numbers": 0.90,
    "babe": 0.75,
    "allsides": 0.70,
}


# --- detectors (injectable, so that tests can run without the lexicon) -----------------------


class TermFinder(Protocol):
    """Own-voice loaded terms of a text (with ``include_quoted``, quoted ones too)."""

    def __call__(self, text: str, *, include_quoted: bool = False) -> Sequence[LoadedTerm]: ...


def _lexicon_terms(text: str, *, include_quoted: bool = False) -> Sequence[LoadedTerm]:
    return find_loaded_terms(text, include_quoted=include_quoted)


FigureChecker = Callable[[AnalysedText, AnalysedText], FigureReport]


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetResult:
    """One dataset's measurement: the headline number, what it rests on, examples."""

    name: str
    measure: str  # what ``value`` is ("detection rate", "AUC", ...)
    value: float | None
    target: float | None
    counts: Mapping[str, int]  # the counts the numbers rest on
    numbers: Mapping[str, float | None] = field(default_factory=dict)  # secondary numbers
    misses: tuple[str, ...] = ()  # labelled positives the detector missed (up to 10)
    false_alarms: tuple[str, ...] = ()  # flags on labelled negatives (up to 10)
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["counts"] = dict(self.counts)
        out["numbers"] = dict(self.numbers)
        out["misses"] = list(self.misses)
        out["false_alarms"] = list(self.false_alarms)
        out["notes"] = list(self.notes)
        out["passed"] = self.passed
        return out


# --- statistics -------------------------------------------------------------------------------


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Area under the ROC curve: P(score of a positive > score of a negative), ties half.

    The Mann–Whitney U statistic over ``len(positives) * len(negatives)`` pairs,
    computed from mid-ranks in O(n log n).
    """
    if not positives or not negatives:
        raise ValueError("auc needs at least one positive and one negative score")
    pooled = [(float(v), True) for v in positives] + [(float(v), False) for v in negatives]
    if any(math.isnan(v) for v, _ in pooled):
        raise ValueError("auc scores must not be NaN")
    pooled.sort(key=lambda p: p[0])
    rank_sum = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j < len(pooled) and pooled[j][0] == pooled[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # ranks i+1 .. j, averaged
        rank_sum += mid_rank * sum(1 for _, pos in pooled[i:j] if pos)
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    u = rank_sum - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _spread(items: Sequence[T], k: int = MAX_EXAMPLES) -> tuple[T, ...]:
    """Up to ``k`` items spread evenly over ``items`` (deterministic, not the first k)."""
    if len(items) <= k:
        return tuple(items)
    return tuple(items[(i * len(items)) // k] for i in range(k))


def _short(text: str, limit: int = _EXAMPLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """``…before [span] after…`` on one line."""
    a, b = max(0, start - width), min(len(text), end + width)
    pre = ("…" if a > 0 else "") + text[a:start]
    post = text[end:b] + ("…" if b < len(text) else "")
    return " ".join(f"{pre}[{text[start:end]}]{post}".split())


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _progress(items: Iterable[T], desc: str, total: int | None, show: bool) -> Iterator[T]:
    if not show:
        yield from items
        return
    yield from tqdm(items, desc=desc, total=total, unit="item", leave=False)


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON: {exc.msg}", path=path, line=n) from None
            if not isinstance(obj, dict):
                raise InputError("each line must be a JSON object", path=path, line=n)
            yield n, obj


# --- number tokens (SummEdits) ----------------------------------------------------------------

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred hundreds thousand thousands million millions billion billions trillion "
    "dozen dozens half".split()
)
_ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "twentieth hundredth thousandth".split()
)
_ALPHA = re.compile(r"[A-Za-z]+")


def number_tokens(text: str) -> Counter[str]:
    """Digit tokens (commas dropped: "1,000" -> "1000") and cardinal number words, counted."""
    out: Counter[str] = Counter(t.replace(",", "") for t in _DIGITS.findall(text))
    out.update(w.lower() for w in _ALPHA.findall(text) if w.lower() in _NUMBER_WORDS)
    return out


def _ordinal_tokens(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _ALPHA.findall(text) if w.lower() in _ORDINAL_WORDS)


def _figure_key(fig: Figure) -> tuple[str, float, str | None]:
    return (" ".join(fig.text.lower().split()), fig.value, fig.unit)


# --- SummEdits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummEditsRecord:
    id: str
    doc: str
    summary: str
    original_summary: str
    label: int  # 1 consistent, 0 inconsistent
    edit_types: tuple[str, ...]


def load_summedits(root: Path) -> list[SummEditsRecord]:
    path = Path(root) / SUMMEDITS_FILE
    data = json.loads(_read_text(path))
    if not isinstance(data, list):
        raise InputError("expected a JSON list of records", path=path)
    out: list[SummEditsRecord] = []
    for k, r in enumerate(data):
        try:
            out.append(
                SummEditsRecord(
                    str(r["id"]),
                    str(r["doc"]),
                    str(r["summary"]),
                    str(r["original_summary"]),
                    int(r["label"]),
                    tuple(str(t) for t in r.get("edit_types") or ()),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"bad record: {exc}", path=path, field=f"[{k}]") from None
    return out


def _explain_number_miss(report: FigureReport, tokens: Iterable[str], summary: str) -> str:
    """What the checker said about the figures carrying the changed number tokens."""
    parts: list[str] = []
    for tok in tokens:
        found = [
            m
            for m in report.matches
            if tok in number_tokens(m.figure.text)
            or tok in number_tokens(summary[m.figure.start : m.figure.end])
        ]
        if not found:
            parts.append(f"{tok!r} not parsed as a figure")
        for m in found[:1]:
            parts.append(f"{m.figure.text!r} {m.status}: {m.explanation}")
    return "; ".join(parts) or "no number token"


def summedits_numbers(
    root: Path, *, check: FigureChecker = check_figures, progress: bool = True
) -> DatasetResult:
    """Detection of number edits in SummEdits news and false positives on consistent summaries.

    A pair is a number edit when an inconsistent summary (label 0) differs from its
    seed ``original_summary`` in its digit tokens or cardinal number words. It is
    detected when the edited summary has an unsupported figure (text, value, unit)
    that the seed does not have among its unsupported figures.
    """
    records = load_summedits(root)
    analysed: dict[str, AnalysedText] = {}

    def an(text: str) -> AnalysedText:
        if text not in analysed:
            analysed[text] = analyse(text)
        return analysed[text]

    pairs = detected = digit_pairs = word_only_pairs = ordinal_only = 0
    added_pairs = added_detected = 0
    seed_flagged = 0
    misses: list[str] = []
    consistent = consistent_flagged = consistent_with_figures = 0
    false_alarms: list[str] = []
    for r in _progress(records, "summedits", len(records), progress):
        doc = an(r.doc)
        if r.label == 1:
            consistent += 1
            rep = check(doc, an(r.summary))
            consistent_with_figures += bool(rep.figures)
            if rep.unsupported:
                consistent_flagged += 1
                m = next(m for m in rep.matches if m.status == "unsupported")
                false_alarms.append(
                    f"{m.figure.text!r} in {_short(r.summary, 140)!r}: {m.explanation}"
                )
            continue
        new_nums = number_tokens(r.summary)
        old_nums = number_tokens(r.original_summary)
        if new_nums == old_nums:
            if _ordinal_tokens(r.summary) != _ordinal_tokens(r.original_summary):
                ordinal_only += 1
            continue
        pairs += 1
        added = new_nums - old_nums
        added_pairs += bool(added)
        if Counter(_DIGITS.findall(r.summary)) != Counter(_DIGITS.findall(r.original_summary)):
            digit_pairs += 1
        else:
            word_only_pairs += 1
        edited = check(doc, an(r.summary))
        seed = check(doc, an(r.original_summary))
        seed_flagged += bool(seed.unsupported)
        new_flags = Counter(_figure_key(f) for f in edited.unsupported) - Counter(
            _figure_key(f) for f in seed.unsupported
        )
        if new_flags:
            detected += 1
            added_detected += bool(added)
        else:
            gone = ", ".join(sorted((old_nums - new_nums).keys())) or "-"
            why = (
                _explain_number_miss(edited, sorted(added), r.summary)
                if added
                else "number removed, none added"
            )
            misses.append(
                f"-{gone} +{', '.join(sorted(added)) or '-'} in {_short(r.summary, 120)!r}: {why}"
            )
    value = _rate(detected, pairs)
    return DatasetResult(
        name="summedits_numbers",
        measure="number-edit detection rate",
        value=value,
        target=TARGETS["summedits_numbers"],
        counts={
            "records": len(records),
            "number_edit_pairs": pairs,
            "digit_edit_pairs": digit_pairs,
            "number_word_only_pairs": word_only_pairs,
            "detected": detected,
            "number_added_pairs": added_pairs,
            "number_added_detected": added_detected,
            "seed_summaries_with_unsupported": seed_flagged,
            "ordinal_only_edits_not_scored": ordinal_only,
            "consistent": consistent,
            "consistent_with_figures": consistent_with_figures,
            "consistent_flagged": consistent_flagged,
            "documents": len({r.doc for r in records}),
        },
        numbers={
            "detection_rate_number_added": _rate(added_detected, added_pairs),
            "false_positive_rate": _rate(consistent_flagged, consistent),
            "false_positive_rate_with_figures": _rate(consistent_flagged, consistent_with_figures),
        },
        misses=_spread(misses),
        false_alarms=_spread(false_alarms),
        notes=("a pair counts when the edited summary gains an unsupported figure the seed lacks",),
    )


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


# --- BABE -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BabeSentence:
    text: str
    biased: bool
    biased_words: tuple[str, ...]
    outlet: str
    type: str  # left / center / right / "" (outlet leaning)


def load_babe(root: Path) -> list[BabeSentence]:
    """BABE SG2 sentences with an expert label (``No agreement`` rows are left out)."""
    path = Path(root) / BABE_FILE
    out: list[BabeSentence] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter=";"), 2):
            label = (row.get("label_bias") or "").strip()
            if label not in ("Biased", "Non-biased"):
                continue
            raw = (row.get("biased_words") or "").strip() or "[]"
            try:
                words = ast.literal_eval(raw)
            except (ValueError, SyntaxError):
                raise InputError(
                    f"biased_words is not a list literal: {raw!r}", path=path, line=n
                ) from None
            if not isinstance(words, list):
                raise InputError("biased_words is not a list", path=path, line=n)
            out.append(
                BabeSentence(
                    row["text"],
                    label == "Biased",
                    tuple(str(w) for w in words),
                    row.get("outlet") or "",
                    row.get("type") or "",
                )
            )
    return out


_STRIP = " \t\"'“”‘’.,;:!?()[]…"


def norm_word(word: str) -> str:
    """Lower case, curly apostrophes straightened, edge punctuation and quotes dropped,
    hyphens read as spaces ("Far-Left" -> "far left")."""
    w = word.lower().replace("’", "'").strip(_STRIP)
    return " ".join(re.split(r"[\s\-‐–]+", w)).strip()


def term_keys(term_text: str) -> frozenset[str]:
    """The whole term and each of its words, normalised (a multi-word term matches any)."""
    whole = norm_word(term_text)
    return frozenset({whole, *whole.split()} - {""})


def babe(
    root: Path, *, find_terms: TermFinder = _lexicon_terms, progress: bool = True
) -> DatasetResult:
    """AUC of loaded terms per 100 words (biased vs non-biased sentences) and word-level
    precision/recall of own-voice terms against the annotated ``biased_words``."""
    sentences = load_babe(root)
    pos: list[float] = []
    neg: list[float] = []
    counts: Counter[str] = Counter()
    misses: list[str] = []
    false_alarms: list[str] = []
    for s in _progress(sentences, "babe", len(sentences), progress):
        terms = list(find_terms(s.text))
        score = neutrality_scores(s.text, terms).loaded_per_100w
        (pos if s.biased else neg).append(score)
        counts["with_terms_biased" if s.biased else "with_terms_non_biased"] += bool(terms)
        gold = {norm_word(w) for w in s.biased_words} - {""}
        found: set[str] = set()
        for t in terms:
            keys = term_keys(t.text)
            counts["terms"] += 1
            if gold:
                counts["terms_in_annotated_sentences"] += 1
            if keys & gold:
                counts["terms_matching"] += 1
                found |= keys & gold
            elif not s.biased:
                false_alarms.append(
                    f"{t.text!r} ({t.category}) in {_context(s.text, t.start, t.end)!r}"
                )
        counts["biased_words"] += len(gold)
        counts["biased_words_found"] += len(found)
        for w in sorted(gold - found):
            misses.append(f"{w!r} in {_short(s.text, 160)!r}")
    value = auc(pos, neg) if pos and neg else None
    return DatasetResult(
        name="babe",
        measure="AUC loaded/100w, biased vs non-biased",
        value=value,
        target=TARGETS["babe"],
        counts={
            "biased": len(pos),
            "non_biased": len(neg),
            **dict(sorted(counts.items())),
        },
        numbers={
            "word_precision": _rate(counts["terms_matching"], counts["terms"]),
            "word_precision_annotated_sentences": _rate(
                counts["terms_matching"], counts["terms_in_annotated_sentences"]
            ),
            "word_recall": _rate(counts["biased_words_found"], counts["biased_words"]),
            "share_biased_with_terms": _rate(counts["with_terms_biased"], len(pos)),
            "share_non_biased_with_terms": _rate(counts["with_terms_non_biased"], len(neg)),
        },
        misses=_spread(misses),
        false_alarms=_spread(false_alarms),
        notes=("SG2 expert labels; 'No agreement' rows left out",),
    )


# --- BASIL ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasilSpan:
    article: str  # file name
    text: str  # the annotated phrase
    paragraph: str  # the paragraph (its sentences joined by spaces) or the title
    start: int | None  # offsets into ``paragraph`` (None: not found)
    end: int | None
    quote_label: bool  # the annotators' ``quote`` field
    polarity: str


def load_basil(root: Path, bias: str = "lex") -> list[BasilSpan]:
    """BASIL phrase-level spans of one bias type, located in their paragraph.

    The annotation's offsets are within one sentence of ``body-paragraphs`` and the
    sentence is not named: the span goes to the first sentence where
    ``sentence[start:end] == txt``, else the first containing ``txt``, else the title.
    """
    path = Path(root) / BASIL_FILE
    out: list[BasilSpan] = []
    for n, obj in _jsonl(path):
        try:
            article = obj["article"]
            paragraphs: list[list[str]] = article["body-paragraphs"]
            title: str = article.get("title") or ""
            annotations = obj["annotation"]["phrase-level-annotations"]
        except (KeyError, TypeError) as exc:
            raise InputError(f"bad article: {exc}", path=path, line=n) from None
        located: list[tuple[str, int, str]] = []  # (sentence, offset in paragraph, paragraph)
        for para in paragraphs:
            joined = " ".join(para)
            pos = 0
            for sent in para:
                located.append((sent, pos, joined))
                pos += len(sent) + 1
        for ann in annotations:
            if ann.get("bias") != bias:
                continue
            txt, s, e = str(ann.get("txt", "")), int(ann.get("start", -1)), int(ann.get("end", -1))
            where: tuple[str, int, int] | None = None
            for sent, off, joined in located:
                if s >= 0 and sent[s:e] == txt:
                    where = (joined, off + s, off + e)
                    break
            if where is None:
                for sent, off, joined in located:
                    k = sent.find(txt) if txt else -1
                    if k >= 0:
                        where = (joined, off + k, off + k + len(txt))
                        break
            if where is None and txt and title.find(txt) >= 0:
                k = title.find(txt)
                where = (title, k, k + len(txt))
            quote = str(ann.get("quote", "")).lower() == "yes"
            pol = str(ann.get("polarity", ""))
            name = str(obj.get("file", n))
            if where is None:
                out.append(BasilSpan(name, txt, "", None, None, quote, pol))
            else:
                out.append(BasilSpan(name, txt, where[0], where[1], where[2], quote, pol))
    return out


def basil(
    root: Path, *, find_terms: TermFinder = _lexicon_terms, progress: bool = True
) -> DatasetResult:
    """Lexical-bias spans of BASIL inside vs outside quotation marks, and what we detect.

    Quotation marks come from ``quote_spans`` on the paragraph. Outside-quote spans
    should contain an own-voice term (one overlapping the span); inside-quote spans
    should not be counted (no own-voice term overlaps them).
    """
    spans = load_basil(root)
    counts: Counter[str] = Counter()
    misses: list[str] = []
    false_alarms: list[str] = []
    cache: dict[str, tuple[list[Span], Sequence[LoadedTerm]]] = {}
    for sp in _progress(spans, "basil", len(spans), progress):
        counts["lexical_spans"] += 1
        if sp.start is None or sp.end is None:
            counts["not_located"] += 1
            continue
        if sp.paragraph not in cache:
            cache[sp.paragraph] = (
                quote_spans(sp.paragraph),
                find_terms(sp.paragraph, include_quoted=True),
            )
        quotes, terms = cache[sp.paragraph]
        span = (sp.start, sp.end)
        own = [t for t in terms if not t.quoted and _overlaps((t.start, t.end), span)]
        quoted_hits = [t for t in terms if t.quoted and _overlaps((t.start, t.end), span)]
        if inside(quotes, *span):
            place = "inside"
        elif any(_overlaps(q, span) for q in quotes):
            place = "partial"
        else:
            place = "outside"
        counts[place] += 1
        counts[f"{place}_annotated_quote"] += sp.quote_label
        ctx = _context(sp.paragraph, sp.start, sp.end)
        if place == "outside":
            if own:
                counts["outside_detected"] += 1
            else:
                misses.append(f"{sp.text!r} ({sp.polarity}): {ctx!r}")
        elif place == "inside":
            if own:
                counts["inside_counted"] += 1
                false_alarms.append(f"counted inside quotes: {own[0].text!r}: {ctx!r}")
            else:
                counts["inside_not_counted"] += 1
                counts["inside_lexicon_hit_excluded"] += bool(quoted_hits)
        else:
            counts["partial_detected"] += bool(own)
    agree = counts["inside_annotated_quote"] + (
        counts["outside"] - counts["outside_annotated_quote"]
    )
    return DatasetResult(
        name="basil",
        measure="outside-quote lexical spans with an own-voice term",
        value=_rate(counts["outside_detected"], counts["outside"]),
        target=None,
        counts=dict(sorted(counts.items())),
        numbers={
            "inside_not_counted_rate": _rate(counts["inside_not_counted"], counts["inside"]),
            "quote_agreement_with_annotators": _rate(agree, counts["inside"] + counts["outside"]),
        },
        misses=_spread(misses),
        false_alarms=_spread(false_alarms),
        notes=(
            "inside/outside from benchmark.text.quote_spans on the paragraph; "
            "agreement compares it with the annotators' quote field",
        ),
    )


# --- AllSides ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllSidesHeadline:
    story: str  # story id
    side: str  # left / right / center / neutral (AllSides' own headline)
    leaning: str  # stance_specific: left, lean left, center, lean right, right, neutral
    source: str
    text: str


def load_allsides(root: Path) -> list[AllSidesHeadline]:
    """Outlet headlines (``news.<side>.newsTitle``) and AllSides' neutral headline (``issue``)."""
    path = Path(root) / ALLSIDES_FILE
    out: list[AllSidesHeadline] = []
    for n, obj in _jsonl(path):
        story = str(obj.get("id", n))
        issue = obj.get("issue")
        if isinstance(issue, str) and issue.strip():
            out.append(AllSidesHeadline(story, "neutral", "neutral", "AllSides", issue.strip()))
        news = obj.get("news") or {}
        if not isinstance(news, dict):
            raise InputError("news must be an object", path=path, line=n, field="news")
        for side in ("left", "center", "right"):
            item = news.get(side)
            if not isinstance(item, dict):
                continue
            title = item.get("newsTitle")
            if not isinstance(title, str) or not title.strip():
                continue
            out.append(
                AllSidesHeadline(
                    story,
                    side,
                    str(item.get("stance_specific") or side),
                    str(item.get("newsSource") or ""),
                    title.strip(),
                )
            )
    return out


def allsides(
    root: Path, *, find_terms: TermFinder = _lexicon_terms, progress: bool = True
) -> DatasetResult:
    """AUC of loaded terms per 100 words: left/right outlet headlines vs centre outlets'
    headlines and AllSides' neutral headline together (and each apart)."""
    headlines = load_allsides(root)
    scores: dict[str, list[float]] = {"left": [], "right": [], "center": [], "neutral": []}
    strong: list[float] = []
    with_terms: Counter[str] = Counter()
    misses: list[str] = []
    false_alarms: list[str] = []
    for h in _progress(headlines, "allsides", len(headlines), progress):
        terms = list(find_terms(h.text))
        score = neutrality_scores(h.text, terms).loaded_per_100w
        scores[h.side].append(score)
        with_terms[h.side] += bool(terms)
        if h.side in ("left", "right"):
            if h.leaning in ("left", "right"):
                strong.append(score)
                if not terms:
                    misses.append(f"{h.leaning} ({h.source}): {_short(h.text, 150)!r}")
        elif terms:
            false_alarms.append(
                f"{h.side} ({h.source}): {', '.join(repr(t.text) for t in terms)} in "
                f"{_short(h.text, 150)!r}"
            )
    partisan = scores["left"] + scores["right"]
    neutral = scores["center"] + scores["neutral"]

    def safe_auc(p: Sequence[float], q: Sequence[float]) -> float | None:
        return auc(p, q) if p and q else None

    return DatasetResult(
        name="allsides",
        measure="AUC loaded/100w, left+right vs centre+neutral headlines",
        value=safe_auc(partisan, neutral),
        target=TARGETS["allsides"],
        counts={
            **{f"{k}_headlines": len(v) for k, v in scores.items()},
            **{f"{k}_with_terms": with_terms[k] for k in scores},
            "strongly_partisan_headlines": len(strong),
        },
        numbers={
            "auc_vs_center": safe_auc(partisan, scores["center"]),
            "auc_vs_allsides_neutral": safe_auc(partisan, scores["neutral"]),
            "auc_strong_partisan_vs_neutral": safe_auc(strong, scores["neutral"]),
            "auc_left_vs_neutral": safe_auc(scores["left"], scores["neutral"]),
            "auc_right_vs_neutral": safe_auc(scores["right"], scores["neutral"]),
            **{f"share_{k}_with_terms": _rate(with_terms[k], len(v)) for k, v in scores.items()},
        },
        misses=_spread(misses),
        false_alarms=_spread(false_alarms),
        notes=(
            "headlines only (newsTitle; issue = AllSides' neutral headline); misses are "
            "headlines of outlets rated left/right (not lean) with no loaded term",
        ),
    )


# --- PTC --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PtcSpan:
    article_id: str
    technique: str
    start: int
    end: int


def load_ptc(root: Path) -> tuple[dict[str, str], list[PtcSpan]]:
    """Every article (``article<ID>.txt``, read as UTF-8 with newlines and any BOM kept: the
    offsets count them) and the technique spans."""
    base = Path(root)
    spans: list[PtcSpan] = []
    labels = base / PTC_LABELS_FILE
    for n, line in enumerate(_read_text(labels).splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise InputError("expected 4 tab-separated columns", path=labels, line=n)
        try:
            spans.append(PtcSpan(parts[0], parts[1], int(parts[2]), int(parts[3])))
        except ValueError:
            raise InputError("offsets must be integers", path=labels, line=n) from None
    ids = {s.article_id for s in spans}
    ids |= {p.stem[len("article") :] for p in (base / PTC_ARTICLES_DIR).glob("article*.txt")}
    articles: dict[str, str] = {}
    for art_id in sorted(ids):
        path = base / PTC_ARTICLES_DIR / f"article{art_id}.txt"
        with path.open(encoding="utf-8", newline="") as fh:
            articles[art_id] = fh.read()
    return articles, spans


PTC_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def ptc_loaded_language(
    root: Path, *, find_terms: TermFinder = _lexicon_terms, progress: bool = True
) -> DatasetResult:
    """Recall of ``Loaded_Language`` (and ``Name_Calling,Labeling``) spans: the share that
    overlap an own-voice term of the article; also recall on spans outside quotation
    marks, and the share of own-voice terms inside any propaganda span."""
    articles, spans = load_ptc(root)
    by_article: dict[str, list[PtcSpan]] = {}
    for sp in spans:
        by_article.setdefault(sp.article_id, []).append(sp)
    counts: Counter[str] = Counter()
    misses: dict[str, list[str]] = {t: [] for t in PTC_TECHNIQUES}
    false_alarms: list[str] = []
    for art_id in _progress(sorted(articles), "ptc", len(articles), progress):
        text = articles[art_id]
        terms = [t for t in find_terms(text) if not t.quoted]
        quotes = quote_spans(text)
        all_spans = [(s.start, s.end) for s in by_article.get(art_id, [])]
        for t in terms:
            counts["terms"] += 1
            if any(_overlaps((t.start, t.end), s) for s in all_spans):
                counts["terms_in_any_span"] += 1
            else:
                false_alarms.append(f"{art_id}: {_context(text, t.start, t.end, 50)!r}")
        for sp in by_article.get(art_id, []):
            if sp.technique not in PTC_TECHNIQUES:
                continue
            key = "loaded" if sp.technique == "Loaded_Language" else "name_calling"
            quoted = inside(quotes, sp.start, sp.end) or any(
                _overlaps(q, (sp.start, sp.end)) for q in quotes
            )
            hit = any(_overlaps((t.start, t.end), (sp.start, sp.end)) for t in terms)
            counts[f"{key}_spans"] += 1
            counts[f"{key}_detected"] += hit
            counts[f"{key}_spans_unquoted"] += not quoted
            counts[f"{key}_detected_unquoted"] += hit and not quoted
            if not hit:
                tag = " (in quotes)" if quoted else ""
                misses[sp.technique].append(f"{text[sp.start : sp.end]!r}{tag}"[:_EXAMPLE_CHARS])
    return DatasetResult(
        name="ptc_loaded_language",
        measure="recall of Loaded_Language spans",
        value=_rate(counts["loaded_detected"], counts["loaded_spans"]),
        target=None,
        counts={"articles": len(articles), **dict(sorted(counts.items()))},
        numbers={
            "loaded_recall_unquoted": _rate(
                counts["loaded_detected_unquoted"], counts["loaded_spans_unquoted"]
            ),
            "name_calling_recall": _rate(
                counts["name_calling_detected"], counts["name_calling_spans"]
            ),
            "name_calling_recall_unquoted": _rate(
                counts["name_calling_detected_unquoted"], counts["name_calling_spans_unquoted"]
            ),
            "terms_in_any_propaganda_span": _rate(counts["terms_in_any_span"], counts["terms"]),
        },
        misses=_spread(misses["Loaded_Language"], 7) + _spread(misses["Name_Calling,Labeling"], 3),
        false_alarms=_spread(false_alarms),
        notes=(
            "spans touching quotation marks count as quoted; quoted spans are out of reach "
            "of an own-voice detector by design",
        ),
    )


# --- all datasets -----------------------------------------------------------------------------

DATASETS: dict[str, Callable[..., DatasetResult]] = {
    "summedits_numbers": summedits_numbers,
    "xsum_hallucinated_numbers": xsum_hallucinated_numbers,
    "babe": babe,
    "basil": basil,
    "allsides": allsides,
    "ptc_loaded_language": ptc_loaded_language,
}


def _lexicon_problem() -> str | None:
    from benchmark.metrics.neutrality import load_lexicon

    try:
        load_lexicon()
    except FileNotFoundError as exc:
        return f"loaded-term lexicon missing ({exc.filename})"
    except InputError as exc:
        return f"loaded-term lexicon unreadable: {exc}"
    return None


def run_all(
    root: Path, *, progress: bool = True, find_terms: TermFinder | None = None
) -> dict[str, Any]:
    """Every dataset whose files exist under ``root``; the others are skipped with a note.

    The neutrality datasets use the bundled lexicon (skipped with a note when it is
    missing) unless ``find_terms`` is given. Returns plain JSON-ready data:
    ``{"root", "datasets": {name: result}, "skipped": {name: why}, "seconds":
    {name: s}, "total_seconds"}``.
    """
    root = Path(root)
    out: dict[str, Any] = {"root": str(root), "datasets": {}, "skipped": {}, "seconds": {}}
    lexicon_problem: str | None = None
    lexicon_checked = False
    t_all = time.perf_counter()
    for name, fn in DATASETS.items():
        missing = [f for f in DATASET_FILES[name] if not (root / f).exists()]
        if missing:
            out["skipped"][name] = f"missing {', '.join(missing)}"
            continue
        kwargs: dict[str, Any] = {"progress": progress}
        if name in _NEEDS_LEXICON and find_terms is not None:
            kwargs["find_terms"] = find_terms
        elif name in _NEEDS_LEXICON:
            if not lexicon_checked:
                lexicon_problem, lexicon_checked = _lexicon_problem(), True
            if lexicon_problem:
                out["skipped"][name] = lexicon_problem
                continue
        t0 = time.perf_counter()
        result = fn(root, **kwargs)
        out["seconds"][name] = round(time.perf_counter() - t0, 2)
        out["datasets"][name] = result.to_json()
    out["total_seconds"] = round(time.perf_counter() - t_all, 2)
    return out


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def format_report(results: Mapping[str, Any], *, examples: bool = True) -> str:
    """Markdown: one table row per dataset, then its secondary numbers and example misses.

    ``examples=False`` leaves out the quoted text of misses: the public data sets have
    licences that forbid copying their text into this repository's documents.
    """
    lines = [
        "| dataset | measure | value | n | target | result |",
        "|---|---|---|---|---|---|",
    ]
    datasets: Mapping[str, Mapping[str, Any]] = results.get("datasets", {})
    for name, r in datasets.items():
        counts = r.get("counts", {})
        n = next(
            (
                counts[k]
                for k in (
                    "number_edit_pairs",
                    "digit_spans",
                    "biased",
                    "outside",
                    "loaded_spans",
                    "left_headlines",
                )
                if k in counts
            ),
            "",
        )
        if name == "babe":
            n = f"{counts.get('biased', 0)} + {counts.get('non_biased', 0)}"
        elif name == "allsides":
            n = (
                f"{counts.get('left_headlines', 0) + counts.get('right_headlines', 0)} vs "
                f"{counts.get('center_headlines', 0) + counts.get('neutral_headlines', 0)}"
            )
        target = r.get("target")
        passed = r.get("passed")
        verdict = "n/a" if passed is None else ("pass" if passed else "FAIL")
        target_s = "-" if target is None else f">= {target:.2f}"
        lines.append(
            f"| {name} | {r.get('measure', '')} | {_fmt(r.get('value'))} | {n} | "
            f"{target_s} | {verdict} |"
        )
    for name, why in results.get("skipped", {}).items():
        lines.append(f"| {name} | skipped: {why} | - | - | - | skipped |")
    seconds = results.get("seconds", {})
    for name, r in datasets.items():
        lines += ["", f"### {name} ({_fmt(seconds.get(name))} s)", ""]
        nums = ", ".join(f"{k} {_fmt(v)}" for k, v in r.get("numbers", {}).items())
        if nums:
            lines.append(f"- numbers: {nums}")
        cnts = ", ".join(f"{k} {v}" for k, v in r.get("counts", {}).items())
        lines.append(f"- counts: {cnts}")
        lines += [
            f"- note: {note}" for note in r.get("notes", []) if examples or "examples" not in note
        ]
        if examples and r.get("misses"):
            lines += ["", "Example misses:", ""]
            lines += [f"- {_md(m)}" for m in r["misses"]]
        if examples and r.get("false_alarms"):
            lines += ["", "Example false alarms:", ""]
            lines += [f"- {_md(m)}" for m in r["false_alarms"]]
    if "total_seconds" in results:
        lines += ["", f"Total time: {_fmt(results['total_seconds'])} s"]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m benchmark.validation.real_data DATA_ROOT", file=sys.stderr)
        return 2
    print(format_report(run_all(Path(args[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
