"""BASIL lexical-bias spans, inside vs outside quotation marks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError
from benchmark.metrics.neutrality import LoadedTerm
from benchmark.text import Span, inside, quote_spans
from benchmark.validation.real_data.common import (
    DatasetCheck,
    DatasetResult,
    TermFinder,
    _context,
    _jsonl,
    _lexicon_terms,
    _overlaps,
    _progress,
    _rate,
    _spread,
)

BASIL_FILE = "basil/basil_articles_with_annotations.jsonl"

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


CHECK = DatasetCheck("basil", (BASIL_FILE,), basil, needs_lexicon=True)
