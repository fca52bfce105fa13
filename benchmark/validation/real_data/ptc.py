"""PTC (propaganda techniques corpus): ``Loaded_Language`` / ``Name_Calling,Labeling`` spans."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError
from benchmark.text import inside, quote_spans
from benchmark.validation.real_data.common import (
    _EXAMPLE_CHARS,
    DatasetCheck,
    DatasetResult,
    TermFinder,
    _context,
    _lexicon_terms,
    _overlaps,
    _progress,
    _rate,
    _read_text,
    _spread,
)

PTC_LABELS_FILE = "propaganda_ptc/train-task2-TC.labels"
PTC_ARTICLES_DIR = "propaganda_ptc/train-articles"

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


CHECK = DatasetCheck(
    "ptc_loaded_language",
    (PTC_LABELS_FILE, PTC_ARTICLES_DIR),
    ptc_loaded_language,
    needs_lexicon=True,
)
