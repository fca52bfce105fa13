"""BABE (SG2, expert labels): loaded terms per 100 words must rank biased sentences
above neutral ones; own-voice terms vs the annotated biased words."""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmark.errors import InputError
from benchmark.metrics.neutrality import neutrality_scores
from benchmark.validation.real_data.common import (
    TARGETS,
    DatasetCheck,
    DatasetResult,
    TermFinder,
    _context,
    _lexicon_terms,
    _progress,
    _rate,
    _short,
    _spread,
    auc,
)

BABE_FILE = "babe_mbic/final_labels_SG2.csv"

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


CHECK = DatasetCheck("babe", (BABE_FILE,), babe, needs_lexicon=True)
