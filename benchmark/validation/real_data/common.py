"""What the dataset checks share: the injectable detectors, ``DatasetResult``, the
``DatasetCheck`` interface, the AUC, example and reading helpers, and number tokens."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tqdm.auto import tqdm

from benchmark.errors import InputError
from benchmark.metrics.figures import AnalysedText, FigureReport
from benchmark.metrics.neutrality import LoadedTerm, find_loaded_terms
from benchmark.text import Span

T = TypeVar("T")

MAX_EXAMPLES = 10
_EXAMPLE_CHARS = 220

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


# --- the interface of one dataset check -------------------------------------------------------


@dataclass(frozen=True)
class DatasetCheck:
    """One dataset: its name, the files it reads and the function that measures it.

    ``function(root, *, progress=..., **detectors)`` returns the ``DatasetResult``;
    ``run_all`` skips the dataset when one of ``files`` (relative to the data root,
    files or folders) is missing, and, when ``needs_lexicon``, when the bundled
    loaded-term lexicon cannot be read and no ``find_terms`` was given.
    """

    name: str
    files: tuple[str, ...]
    function: Callable[..., DatasetResult]
    needs_lexicon: bool = False  # takes ``find_terms`` (default: the bundled lexicon)

    def missing(self, root: Path) -> list[str]:
        """The entries of ``files`` that do not exist under ``root``."""
        return [f for f in self.files if not (Path(root) / f).exists()]

    def run(
        self, root: Path, *, progress: bool = True, find_terms: TermFinder | None = None
    ) -> DatasetResult:
        """The measurement; ``find_terms`` reaches only a check that ``needs_lexicon``."""
        kwargs: dict[str, Any] = {"progress": progress}
        if self.needs_lexicon and find_terms is not None:
            kwargs["find_terms"] = find_terms
        return self.function(root, **kwargs)


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


# --- number tokens (SummEdits; _DIGITS also XSum) ---------------------------------------------

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
