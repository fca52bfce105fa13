"""AllSides headlines of left/right outlets vs centre outlets and the AllSides neutral
headline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError
from benchmark.metrics.neutrality import neutrality_scores
from benchmark.validation.real_data.common import (
    TARGETS,
    DatasetCheck,
    DatasetResult,
    TermFinder,
    _jsonl,
    _lexicon_terms,
    _progress,
    _rate,
    _short,
    _spread,
    auc,
)

ALLSIDES_FILE = "neus_allsides/allsides_headline_roundups_2021-10-19.jsonl"

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


CHECK = DatasetCheck("allsides", (ALLSIDES_FILE,), allsides, needs_lexicon=True)
