"""SummEdits news: inconsistent edits that change a number must gain an unsupported
figure; consistent summaries should have none."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError
from benchmark.metrics.figures import AnalysedText, Figure, FigureReport, analyse, check_figures
from benchmark.validation.real_data.common import (
    _DIGITS,
    TARGETS,
    DatasetCheck,
    DatasetResult,
    FigureChecker,
    _ordinal_tokens,
    _progress,
    _rate,
    _read_text,
    _short,
    _spread,
    number_tokens,
)

SUMMEDITS_FILE = "summedits_news/summedits_news.json"


# --- SummEdits --------------------------------------------------------------------------------


def _figure_key(fig: Figure) -> tuple[str, float, str | None]:
    return (" ".join(fig.text.lower().split()), fig.value, fig.unit)


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


CHECK = DatasetCheck("summedits_numbers", (SUMMEDITS_FILE,), summedits_numbers)
