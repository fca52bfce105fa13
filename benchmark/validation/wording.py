"""Does the wording score track what people call biased wording? Measured side by side with
plain public word lists, in the same run, on the same texts.

Tests (the data is read from a folder laid out like ``shared/data``; nothing is copied):

- ``wnc_pairs``: Wiki Neutrality Corpus sample: a biased Wikipedia sentence and the same
  sentence after an NPOV editor neutralised it. The biased one should score higher
  (target >= 0.45 of pairs), the neutral one higher almost never (<= 0.05).
- ``babe_auc``: BABE (SG2 expert labels): AUC, biased vs non-biased sentences (>= 0.75).
- ``allsides_auc``: headlines of left and right outlets vs centre outlets and AllSides'
  own neutral headline (>= 0.70); ``allsides_story``: per story, AllSides' neutral
  headline scores no higher than each partisan headline (>= 0.70 of stories; ties count,
  so the strict share is reported too).
- ``ptc_recall``: PTC ``Loaded_Language`` spans that an own-voice cue overlaps, at the
  weight threshold whose flags fall inside a propaganda span at least 60% of the time.

Scorers: ours (the three lexical layers, ``wording_bias``), the curated layer alone (the
score before the layers were added), any plain word lists given (MPQA, Recasens, Hu & Liu),
and optionally a sequence-classification model. A plain list has no weights, so it is
ranked by its hit count (pairs) or hits per 100 words (AUC), as the published baselines are;
every scorer sees the same own-voice rule (quoted words do not count).
"""

# Why this module is long: each wording test (WNC pairs, BABE, AllSides, PTC) sits beside
# the plain public word-list baselines it is measured against in the same run.

from __future__ import annotations

import difflib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from benchmark.errors import InputError
from benchmark.metrics.matcher import find_forms
from benchmark.metrics.wording import (
    WordingLexicons,
    find_wording_cues,
    noisy_or,
    wording_scores,
)
from benchmark.metrics.wording_model import WordingModel
from benchmark.metrics.wordlists import WordList, load_word_list
from benchmark.text import inside, quote_spans, split_sentences, words
from benchmark.validation.real_data import (
    ALLSIDES_FILE,
    BABE_FILE,
    PTC_ARTICLES_DIR,
    PTC_LABELS_FILE,
    _context,
    _overlaps,
    _progress,
    _short,
    _spread,
    auc,
    load_allsides,
    load_babe,
    load_ptc,
    norm_word,
)

WNC_DIR = "wnc_sample"
WNC_FILES = tuple(f"{WNC_DIR}/{s}.{p}" for p in ("train", "test") for s in ("pre", "post"))

# Plain public word lists the score is compared with, when present under the data root.
BASELINE_LISTS: Mapping[str, tuple[str, bool]] = {
    "mpqa_strong": ("bias_lexicons/mpqa_subjclueslen1-HLTEMNLP05.tff", True),
    "mpqa_all": ("bias_lexicons/mpqa_subjclueslen1-HLTEMNLP05.tff", False),
    "recasens_654": ("bias_lexicons/recasens2013_bias_lexicon_original654.txt", False),
    "liu_opinion": ("bias_lexicons/negative_liu2005.txt", False),
}
LIU_POSITIVE = "bias_lexicons/positive_liu2005.txt"

TARGETS: Mapping[str, tuple[str, float]] = {
    "wnc_pairs": (">=", 0.45),
    "wnc_reverse": ("<=", 0.05),
    "babe_auc": (">=", 0.75),
    "allsides_auc": (">=", 0.70),
    "allsides_story": (">=", 0.70),
    "ptc_recall": (">=", 0.45),
}
PTC_MIN_PRECISION = 0.60
PTC_THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 20))
EXAMPLES = 30


# --- scorers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextWording:
    """A scorer's reading of one text: its score, summed cue weight and the cue spans."""

    bias: float
    weight: float
    per_100w: float
    spans: tuple[tuple[int, int, float, str], ...] = ()  # start, end, weight, term


class Scorer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def graded(self) -> bool:
        """True: ranked by ``bias``; False (a plain list): by hits."""
        ...

    @property
    def has_spans(self) -> bool:
        """Whether ``analyse`` returns the words behind the score (span-level tests need them)."""
        ...

    def analyse(self, text: str) -> TextWording: ...


@dataclass(frozen=True)
class LayeredScorer:
    """HeadlineBench's wording score (``wording_bias``) with the given layers."""

    name: str
    lexicons: WordingLexicons
    graded: bool = True
    has_spans: bool = True

    def analyse(self, text: str) -> TextWording:
        sentences = split_sentences(text)
        cues = find_wording_cues(text, lexicons=self.lexicons, sentences=sentences)
        s = wording_scores(text, cues, sentences)
        spans = tuple((c.start, c.end, c.weight, c.term) for c in cues)
        return TextWording(s.bias, s.weight, s.weight_per_100w, spans)


@dataclass(frozen=True)
class WordListScorer:
    """A plain word list, matched as our layers are (same matcher, same own-voice rule)."""

    name: str
    wordlist: WordList
    graded: bool = False
    has_spans: bool = True

    def analyse(self, text: str) -> TextWording:
        quotes = quote_spans(text)
        sentences = split_sentences(text)
        hits = [
            (s, e, self.wordlist.by_form[k].weight, self.wordlist.by_form[k].term)
            for s, e, k in find_forms(text, self.wordlist.index)
            if not inside(quotes, s, e)
        ]
        total = sum(h[2] for h in hits)
        n_words = len(words(text))
        per_sentence = [[h[2] for h in hits if sn.start <= h[0] < sn.end] for sn in sentences]
        bias = sum(map(noisy_or, per_sentence)) / len(sentences) if sentences else 0.0
        return TextWording(bias, total, 100.0 * total / n_words if n_words else 0.0, tuple(hits))


@dataclass(frozen=True)
class ModelScorer:
    """A sequence-classification model (layer 4): mean P(biased) over sentences. Its
    occlusion cues are not computed here (too slow on long articles), so it sits out the
    span-level test."""

    name: str
    model: WordingModel
    graded: bool = True
    has_spans: bool = False

    def analyse(self, text: str) -> TextWording:
        read = self.model.score_many([text])[0]
        n_words = len(words(text))
        total = sum(read.sentences)
        return TextWording(read.bias, total, 100.0 * total / n_words if n_words else 0.0)


def pair_score(scorer: Scorer, t: TextWording) -> float:
    return t.bias if scorer.graded else t.weight


def rank_score(scorer: Scorer, t: TextWording) -> float:
    return t.bias if scorer.graded else t.per_100w


def baseline_scorers(root: Path) -> list[Scorer]:
    """The plain word lists found under ``root`` (MPQA strong and all clues, Recasens et
    al.'s 654 NPOV words, Hu & Liu's opinion words), weight 1 per hit (MPQA weak: 0.5)."""
    out: list[Scorer] = []
    for name, (rel, strong) in BASELINE_LISTS.items():
        path = root / rel
        if not path.exists():
            continue
        if name == "liu_opinion":
            pos = root / LIU_POSITIVE
            if not pos.exists():
                continue
            wl = _union(name, [load_word_list(path, fmt="plain"), load_word_list(pos, fmt="plain")])
        else:
            wl = load_word_list(path, strong_only=strong, name=name)
        out.append(WordListScorer(name, wl))
    return out


def _union(name: str, lists: Sequence[WordList]) -> WordList:
    from benchmark.metrics.wordlists import make_word_list

    seen: set[str] = set()
    entries = []
    for wl in lists:
        for e in wl.entries:
            forms = tuple(f for f in e.forms if f not in seen)
            if forms:
                seen.update(forms)
                entries.append(type(e)(e.term, e.weight, e.kind, forms))
    return make_word_list(name, "0", "+".join(wl.sha256[:8] for wl in lists), entries)


# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WncPair:
    biased: str
    neutral: str
    where: str  # file:line


def load_wnc(root: Path) -> list[WncPair]:
    """The line-aligned biased (``pre``) and neutralised (``post``) sentences."""
    out: list[WncPair] = []
    for part in ("train", "test"):
        pre_path, post_path = root / WNC_DIR / f"pre.{part}", root / WNC_DIR / f"post.{part}"
        pre = pre_path.read_text(encoding="utf-8").splitlines()
        post = post_path.read_text(encoding="utf-8").splitlines()
        if len(pre) != len(post):
            raise InputError(
                f"{len(pre)} lines but {post_path.name} has {len(post)}: not aligned",
                path=pre_path,
            )
        out += [
            WncPair(a, b, f"{pre_path.name}:{n}")
            for n, (a, b) in enumerate(zip(pre, post, strict=True), 1)
            if a.strip() and b.strip()
        ]
    return out


def edit(a: str, b: str) -> tuple[list[str], list[str]]:
    """Words removed from ``a`` and added in ``b`` (a word-level diff)."""
    wa, wb = a.split(), b.split()
    removed: list[str] = []
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed += wa[i1:i2]
        if op in ("insert", "replace"):
            added += wb[j1:j2]
    return removed, added


# --- results ----------------------------------------------------------------------------------


@dataclass
class TestResult:
    """One test across every scorer: the value per scorer and what it rests on."""

    name: str
    measure: str
    values: dict[str, float | None] = field(default_factory=dict)
    numbers: dict[str, dict[str, float | None]] = field(default_factory=dict)
    n: str = ""
    misses: list[str] = field(default_factory=list)  # ours: labelled biased, scored neutral
    false_alarms: list[str] = field(default_factory=list)  # ours: flags on the neutral side

    def to_json(self) -> dict[str, Any]:
        op, target = TARGETS.get(self.name, ("", None))
        return {
            "measure": self.measure,
            "values": self.values,
            "numbers": self.numbers,
            "n": self.n,
            "target": None if target is None else f"{op} {target}",
            "passed": _passed(self.name, self.values.get(OURS)),
            "misses": self.misses,
            "false_alarms": self.false_alarms,
        }


OURS = "headline-bench"
CURATED = "curated-only"


def _passed(name: str, value: float | None) -> bool | None:
    if name not in TARGETS or value is None:
        return None
    op, target = TARGETS[name]
    return value >= target if op == ">=" else value <= target


def _cues_text(t: TextWording, text: str) -> str:
    return ", ".join(f"{text[s:e]!r}({w:.2f})" for s, e, w, _ in t.spans) or "no cue"


# --- tests ------------------------------------------------------------------------------------


def wnc_pairs(
    pairs: Sequence[WncPair], scorers: Sequence[Scorer], progress: bool
) -> tuple[TestResult, TestResult]:
    more = TestResult("wnc_pairs", "biased sentence scored above its neutralised edit")
    rev = TestResult("wnc_reverse", "neutralised edit scored above the biased sentence")
    n = len(pairs)
    more.n = rev.n = f"{n} pairs"
    for sc in scorers:
        wins = losses = 0
        for p in _progress(pairs, f"wnc {sc.name}", n, progress):
            a, b = sc.analyse(p.biased), sc.analyse(p.neutral)
            x, y = pair_score(sc, a), pair_score(sc, b)
            wins += x > y
            losses += x < y
            if sc.name == OURS and x <= y:
                removed, added = edit(p.biased, p.neutral)
                line = (
                    f"{p.where}: removed {' '.join(removed)!r}, added {' '.join(added)!r}; "
                    f"biased {_cues_text(a, p.biased)} | neutral {_cues_text(b, p.neutral)}"
                )
                (more.misses if x == y else rev.false_alarms).append(line)
        more.values[sc.name] = wins / n if n else None
        rev.values[sc.name] = losses / n if n else None
        more.numbers[sc.name] = {"ties": (n - wins - losses) / n if n else None}
    more.misses = list(_spread(more.misses, EXAMPLES))
    rev.false_alarms = list(_spread(rev.false_alarms, EXAMPLES))
    return more, rev


def babe_auc(root: Path, scorers: Sequence[Scorer], progress: bool) -> TestResult:
    sentences = load_babe(root)
    res = TestResult("babe_auc", "AUC, biased vs non-biased sentences (SG2 expert labels)")
    pos_n = sum(s.biased for s in sentences)
    res.n = f"{pos_n} + {len(sentences) - pos_n}"
    for sc in scorers:
        pos: list[float] = []
        neg: list[float] = []
        found = gold_total = flagged = flagged_right = 0
        scored: list[tuple[float, str, bool, str]] = []
        for s in _progress(sentences, f"babe {sc.name}", len(sentences), progress):
            t = sc.analyse(s.text)
            v = rank_score(sc, t)
            (pos if s.biased else neg).append(v)
            gold = {norm_word(w) for w in s.biased_words} - {""}
            hits = {norm_word(s.text[a:b]) for a, b, w, _ in t.spans if w >= 0.5}
            flagged += len(hits)
            flagged_right += len(hits & gold)
            found += len(gold & {h for h in hits})
            gold_total += len(gold)
            if sc.name == OURS:
                scored.append((v, s.text, s.biased, _cues_text(t, s.text)))
        res.values[sc.name] = auc(pos, neg) if pos and neg else None
        res.numbers[sc.name] = {
            "word_recall_w>=0.5": found / gold_total if gold_total else None,
            "word_precision_w>=0.5": flagged_right / flagged if flagged else None,
            "share_biased_scored": sum(v > 0 for v in pos) / len(pos) if pos else None,
            "share_non_biased_scored": sum(v > 0 for v in neg) / len(neg) if neg else None,
        }
        if sc.name == OURS:
            misses = [f"{_short(t, 160)!r} [{c}]" for v, t, b, c in scored if b and v == 0]
            alarms = sorted(
                ((v, t, c) for v, t, b, c in scored if not b and v > 0), key=lambda r: -r[0]
            )
            res.misses = list(_spread(misses, EXAMPLES))
            res.false_alarms = [
                f"{v:.2f} {_short(t, 160)!r} [{c}]" for v, t, c in alarms[:EXAMPLES]
            ]
    return res


def allsides(
    root: Path, scorers: Sequence[Scorer], progress: bool
) -> tuple[TestResult, TestResult]:
    heads = load_allsides(root)
    res = TestResult(
        "allsides_auc", "AUC, left+right outlet headlines vs centre + AllSides neutral"
    )
    story = TestResult(
        "allsides_story", "stories whose neutral headline scores <= each partisan headline"
    )
    partisan_n = sum(h.side in ("left", "right") for h in heads)
    res.n = f"{partisan_n} vs {len(heads) - partisan_n}"
    by_story: dict[str, list[Any]] = {}
    for h in heads:
        by_story.setdefault(h.story, []).append(h)
    stories = [v for v in by_story.values() if any(h.side == "neutral" for h in v)]
    stories = [v for v in stories if any(h.side in ("left", "right") for h in v)]
    story.n = f"{len(stories)} stories"
    for sc in scorers:
        score: dict[int, float] = {}
        cues: dict[int, str] = {}
        for h in _progress(heads, f"allsides {sc.name}", len(heads), progress):
            t = sc.analyse(h.text)
            score[id(h)] = rank_score(sc, t)
            cues[id(h)] = _cues_text(t, h.text)
        partisan = [score[id(h)] for h in heads if h.side in ("left", "right")]
        neutral = [score[id(h)] for h in heads if h.side in ("center", "neutral")]
        res.values[sc.name] = auc(partisan, neutral) if partisan and neutral else None
        le = strict = tied = 0
        for v in stories:
            neu = next(score[id(h)] for h in v if h.side == "neutral")
            others = [score[id(h)] for h in v if h.side in ("left", "right")]
            le += all(neu <= o for o in others)
            strict += all(neu < o for o in others)
            tied += all(neu == o for o in others)
        k = len(stories)
        story.values[sc.name] = le / k if k else None
        story.numbers[sc.name] = {
            "strictly_lower": strict / k if k else None,
            "all_tied": tied / k if k else None,
        }
        res.numbers[sc.name] = {
            f"share_{side}_scored": _share(
                v > 0 for h, v in ((h, score[id(h)]) for h in heads) if h.side == side
            )
            for side in ("left", "right", "center", "neutral")
        }
        if sc.name == OURS:
            res.misses = list(
                _spread(
                    [
                        f"{h.leaning} ({h.source}): {_short(h.text, 150)!r}"
                        for h in heads
                        if h.leaning in ("left", "right") and score[id(h)] == 0
                    ],
                    EXAMPLES,
                )
            )
            alarms = sorted(
                (h for h in heads if h.side in ("center", "neutral") and score[id(h)] > 0),
                key=lambda h: -score[id(h)],
            )
            res.false_alarms = [
                f"{score[id(h)]:.2f} {h.side} ({h.source}): {_short(h.text, 150)!r} [{cues[id(h)]}]"
                for h in alarms[:EXAMPLES]
            ]
    return res, story


def _share(flags: Iterable[bool]) -> float | None:
    got = list(flags)
    return sum(got) / len(got) if got else None


def ptc_recall(root: Path, scorers: Sequence[Scorer], progress: bool) -> TestResult:
    articles, spans = load_ptc(root)
    res = TestResult(
        "ptc_recall",
        f"Loaded_Language spans recalled, at the weight threshold with span precision "
        f">= {PTC_MIN_PRECISION}",
    )
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for sp in spans:
        by_article.setdefault(sp.article_id, []).append((sp.start, sp.end, sp.technique))
    loaded_total = sum(sp.technique == "Loaded_Language" for sp in spans)
    res.n = f"{loaded_total} spans, {len(articles)} articles"
    chance = _chance_precision(articles, by_article)
    for sc in scorers:
        if not sc.has_spans:
            res.values[sc.name] = None
            continue
        # per threshold: flags, flags inside any span, loaded spans hit
        tally: Counter[tuple[float, str]] = Counter()
        alarms: list[tuple[float, str]] = []
        missed: list[str] = []
        thresholds = PTC_THRESHOLDS if sc.graded else (0.0,)
        for art_id in _progress(sorted(articles), f"ptc {sc.name}", len(articles), progress):
            text = articles[art_id]
            t = sc.analyse(text)
            gold = by_article.get(art_id, [])
            for tau in thresholds:
                flags = [(s, e) for s, e, w, _ in t.spans if w >= tau]
                tally[tau, "flags"] += len(flags)
                tally[tau, "right"] += sum(any(_overlaps(f, g[:2]) for g in gold) for f in flags)
                tally[tau, "hit"] += sum(
                    any(_overlaps(f, g[:2]) for f in flags)
                    for g in gold
                    if g[2] == "Loaded_Language"
                )
            if sc.name == OURS:
                for s, e, w, _ in t.spans:
                    if w >= 0.5 and not any(_overlaps((s, e), g[:2]) for g in gold):
                        alarms.append((w, f"{art_id}: {w:.2f} {_context(text, s, e, 50)!r}"))
                for g in gold:
                    if g[2] == "Loaded_Language" and not any(
                        _overlaps((s, e), g[:2]) for s, e, _, _ in t.spans
                    ):
                        missed.append(f"{art_id}: {text[g[0] : g[1]]!r}"[:200])
        curve = {
            tau: (
                tally[tau, "right"] / tally[tau, "flags"] if tally[tau, "flags"] else None,
                tally[tau, "hit"] / loaded_total if loaded_total else None,
            )
            for tau in thresholds
        }
        ok = [
            (r, tau)
            for tau, (p, r) in curve.items()
            if p is not None and r and p >= PTC_MIN_PRECISION  # a point with no recall is none
        ]
        best = max(ok) if ok else None
        res.values[sc.name] = best[0] if best else 0.0
        nums: dict[str, float | None] = {"chance_precision": chance}
        if best:
            nums["threshold"] = best[1]
        top = max(
            ((p, r) for p, r in curve.values() if p is not None and r is not None and r >= 0.05),
            default=None,
        )
        if top is not None:
            nums["best_precision_at_recall>=0.05"], nums["its_recall"] = top
        for tau, (p, r) in curve.items():
            nums[f"precision@{tau:g}"] = p
            nums[f"recall@{tau:g}"] = r
        res.numbers[sc.name] = nums
        if sc.name == OURS:
            res.misses = list(_spread(missed, EXAMPLES))
            res.false_alarms = list(
                _spread([a for _, a in sorted(alarms, key=lambda x: -x[0])], EXAMPLES)
            )
    return res


def _chance_precision(
    articles: Mapping[str, str], spans: Mapping[str, list[tuple[int, int, str]]]
) -> float | None:
    """The precision of flagging words at random: the share of own-voice words (outside
    quotation marks) that lie inside some propaganda span."""
    inside_n = total = 0
    for art_id, text in articles.items():
        quotes = quote_spans(text)
        gold = spans.get(art_id, [])
        for m in _WORD.finditer(text):
            if inside(quotes, m.start(), m.end()):
                continue
            total += 1
            inside_n += any(_overlaps((m.start(), m.end()), g[:2]) for g in gold)
    return inside_n / total if total else None


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


# --- all of it --------------------------------------------------------------------------------


def run_wording(
    root: Path,
    scorers: Sequence[Scorer],
    *,
    progress: bool = True,
) -> dict[str, Any]:
    """Every test whose data is under ``root``, for every scorer; JSON-ready."""
    root = Path(root)
    out: dict[str, Any] = {
        "scorers": [s.name for s in scorers],
        "tests": {},
        "skipped": {},
        "seconds": {},
    }

    def run(name: str, needs: Sequence[str], fn: Callable[[], Iterable[TestResult]]) -> None:
        missing = [f for f in needs if not (root / f).exists()]
        if missing:
            out["skipped"][name] = f"missing {', '.join(missing)}"
            return
        t0 = time.perf_counter()
        for r in fn():
            out["tests"][r.name] = r.to_json()
        out["seconds"][name] = round(time.perf_counter() - t0, 2)

    run("wnc", WNC_FILES, lambda: wnc_pairs(load_wnc(root), scorers, progress))
    run("babe", (BABE_FILE,), lambda: (babe_auc(root, scorers, progress),))
    run("allsides", (ALLSIDES_FILE,), lambda: allsides(root, scorers, progress))
    run("ptc", (PTC_LABELS_FILE, PTC_ARTICLES_DIR), lambda: (ptc_recall(root, scorers, progress),))
    return out


def _fmt(v: Any) -> str:
    return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def format_wording(results: Mapping[str, Any], *, examples: bool = True) -> str:
    """Markdown: one row per test, one column per scorer, then the secondary numbers and
    (with ``examples``) ours' misses and false alarms."""
    names: list[str] = list(results.get("scorers", []))
    lines = [
        "| test | n | target | " + " | ".join(names) + " | result |",
        "|---|---|---|" + "---|" * len(names) + "---|",
    ]
    tests: Mapping[str, Mapping[str, Any]] = results.get("tests", {})
    for name, r in tests.items():
        vals = " | ".join(_fmt(r["values"].get(s)) for s in names)
        verdict = {None: "n/a", True: "pass", False: "FAIL"}[r.get("passed")]
        lines.append(f"| {name} | {r['n']} | {r['target'] or '-'} | {vals} | {verdict} |")
    for name, why in results.get("skipped", {}).items():
        lines.append(f"| {name} | skipped: {why} |" + " |" * (len(names) + 2))
    for name, r in tests.items():
        lines += ["", f"### {name}: {r['measure']}", ""]
        for s in names:
            nums = {k: v for k, v in (r["numbers"].get(s) or {}).items() if _shown(k)}
            if nums:
                lines.append(f"- {s}: " + ", ".join(f"{k} {_fmt(v)}" for k, v in nums.items()))
        if examples and r.get("misses"):
            lines += ["", f"Misses of {OURS}:", ""] + [f"- {_md(m)}" for m in r["misses"]]
        if examples and r.get("false_alarms"):
            lines += ["", f"False alarms of {OURS}:", ""]
            lines += [f"- {_md(m)}" for m in r["false_alarms"]]
    return "\n".join(lines)


_CURVE_SHOWN = ("@0", "@0.1", "@0.3", "@0.5", "@0.7", "@0.9")


def _shown(key: str) -> bool:
    """The precision/recall curve in the report at five thresholds (every one in the JSON)."""
    return "@" not in key or key.endswith(_CURVE_SHOWN)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
