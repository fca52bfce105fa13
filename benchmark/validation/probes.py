"""Probes on the dev set: perturbed copies of faithful, neutral texts that the metrics must catch.

From each base text (the outlet's bullets, the neutral paraphrases, hedged source
sentences) the probes make one controlled edit at a time:

- figure x10, figure +1, another figure of the article swapped in: the figure
  checker must now find an unsupported figure it did not find before;
- counted noun changed ("1,000 members" -> "1,000 groups"): the same;
- hedge dropped ("could" -> "will", "as many as" removed): a new unhedged figure;
- a neutral verb replaced by a loaded synonym: a new own-voice loaded term;
- a loaded word moved out of quotation marks: a new own-voice loaded term.

Detection rate = share of probes whose verdict changes as it must. False
positives = flags on the untouched texts: unsupported figures in the outlet's
bullets and in the paraphrases, unhedged figures and loaded terms in the paraphrases.
"""

# Why this module is long: every probe is its perturbation plus its detector, listed in
# one table; they share the sampling and the counting.

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from benchmark.metrics.figures import (
    AnalysedText,
    Figure,
    _is_plural,
    _same_thing,
    _singular,
    analyse,
    check_figures,
)
from benchmark.metrics.neutrality import Lexicon, find_loaded_terms, load_lexicon
from benchmark.metrics.wording import WordingLexicons, default_lexicons, find_wording_cues
from benchmark.records import Article
from benchmark.text import quote_spans, split_sentences

PROBE_SEED = 2026


@dataclass(frozen=True)
class Probe:
    kind: str
    article_id: str
    original: str
    perturbed: str


@dataclass
class ProbeResult:
    kind: str
    total: int = 0
    detected: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.detected / self.total if self.total else None


@dataclass
class FalsePositives:
    what: str
    flagged: int = 0
    total: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.flagged / self.total if self.total else None


# --- rendering figures ------------------------------------------------------------------------

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NUMBER_WORDS = re.compile(
    r"\b(?:a dozen|dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|and|[-–\s])+\b",
    re.IGNORECASE,
)


def _format_like(value: float, like: str) -> str:
    decimals = len(like.split(".")[1]) if "." in like else 0
    text = f"{value:,.{decimals}f}" if "," in like or value >= 10_000 else f"{value:.{decimals}f}"
    return text


def _replace_number(fig_text: str, new: Callable[[float], float]) -> str | None:
    """The figure's text with its number changed, or None if it has no plain number."""
    m = _DIGITS.search(fig_text)
    if m is not None:
        old = float(m.group().replace(",", ""))
        return fig_text[: m.start()] + _format_like(new(old), m.group()) + fig_text[m.end() :]
    return None


# --- the probes -------------------------------------------------------------------------------

_CHECKABLE = ("number", "currency", "percent", "quantity")


def _figure_probes(
    article: Article, text: str, src: AnalysedText, kind_prefix: str, rng: random.Random
) -> list[Probe]:
    report = check_figures(src, text)
    out: list[Probe] = []
    others = [f for f in src.figures if f.kind in _CHECKABLE]
    for m in report.matches:
        fig = m.figure
        if m.status == "unsupported" or fig.kind not in _CHECKABLE:
            continue
        digits = _DIGITS.search(fig.text)
        if digits is None:
            continue
        for kind, fn in (("figure x10", lambda v: v * 10), ("figure +1", lambda v: v + 1)):
            new = _replace_number(fig.text, fn)
            if new is not None:
                out.append(
                    Probe(
                        f"{kind_prefix}{kind}",
                        article.id,
                        text,
                        text[: fig.start] + new + text[fig.end :],
                    )
                )
        # Another figure of the article, as the article writes it, in the same unit:
        # a real value of the story attached to the wrong claim.
        same_unit = [
            o
            for o in others
            if o.unit == fig.unit and o.kind == fig.kind and abs(o.value - fig.value) > 1e-9
        ]
        if same_unit:
            other = rng.choice(same_unit)
            out.append(
                Probe(
                    f"{kind_prefix}figure swapped",
                    article.id,
                    text,
                    text[: fig.start] + other.text + text[fig.end :],
                )
            )
    return out


# Count nouns to swap in: ordinary things a news story counts, none a synonym of another.
_OTHER_NOUNS = (
    "vehicles",
    "schools",
    "companies",
    "buildings",
    "trees",
    "flights",
    "shops",
    "complaints",
    "bridges",
    "votes",
    "websites",
    "horses",
)


def _related(noun: str, fig: Figure) -> bool:
    sing = _singular(noun)
    return any(_same_thing(sing, w) for w in (fig.noun or "", *fig.phrase))


def _noun_probes(
    article: Article, text: str, src: AnalysedText, rng: random.Random, kind_prefix: str
) -> list[Probe]:
    report = check_figures(src, text)
    out: list[Probe] = []
    for m in report.matches:
        fig = m.figure
        if m.status == "unsupported" or fig.noun is None or fig.kind != "number":
            continue
        after = text[fig.end :]
        word = re.match(r"\s+(?:[A-Za-z-]+\s+){0,2}?(" + re.escape(fig.noun) + r"\w*)", after)
        if word is None:
            continue
        choices = [n for n in _OTHER_NOUNS if not _related(n, fig)]
        replacement = rng.choice(choices)
        if not _is_plural(word.group(1)):
            replacement = _singular(replacement)
        pos = fig.end + word.start(1)
        perturbed = text[:pos] + replacement + text[fig.end + word.end(1) :]
        # Keep only edits that really change what this figure counts.
        changed = next((f for f in analyse(perturbed).figures if f.start == fig.start), None)
        if changed is None or changed.noun != _singular(replacement):
            continue
        out.append(Probe(f"{kind_prefix}counted noun changed", article.id, text, perturbed))
    return out


_DEHEDGE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:as many as|as much as|as high as|up to|an estimated|some)\s+", re.I), ""),
    (re.compile(r"\b(?:could|may|might) (?:have )?(?:be|have been)\b", re.I), "were"),
    (re.compile(r"\b(?:could|may|might) (?:have )?", re.I), ""),
    (
        re.compile(
            r"\b(?:is|are|was|were) (?:expected|likely|forecast|projected|estimated) to\b", re.I
        ),
        "will",
    ),
    (
        re.compile(
            r"\b(?:expected|likely|estimated|projected|believed|thought|feared|reported|"
            r"said) to\b",
            re.I,
        ),
        "will",
    ),
    (re.compile(r",?\s*according to [^,.;]+", re.I), ""),
    (
        re.compile(
            r"\b(?:\w+\s+){0,3}?(?:estimates?|estimated|believes?|fears?|predicts?|"
            r"expects?|forecasts?|suggests?)\s+(?:that\s+)?",
            re.I,
        ),
        "",
    ),
    (
        re.compile(
            r"\b(?:reportedly|allegedly|potentially|possibly|an estimated|estimated)\s+", re.I
        ),
        "",
    ),
    (
        re.compile(
            r",?\s*(?:sources|officials|police|the council|critics|campaigners|the union|"
            r"analysts|experts|he|she|they) (?:said|say|says|claimed|claim|claims|estimate|"
            r"estimated|believe|warned|warn)\b",
            re.I,
        ),
        "",
    ),
    (
        re.compile(
            r",?\s*(?:he|she|they|it|the \w+|[A-Z]\w+(?: [A-Z]\w+)*) (?:told|tells) \w+", re.I
        ),
        "",
    ),
    (re.compile(r",?\s*(?:said|says|added|told) [A-Z][^.;]*"), ""),
    (re.compile(r"[‘’“”\"]|(?<!\w)'|'(?!\w)"), ""),
)


def dehedge(text: str) -> str:
    for pat, rep in _DEHEDGE:
        text = pat.sub(rep, text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _hedge_probes(article: Article, text: str, src: AnalysedText, kind_prefix: str) -> list[Probe]:
    before = check_figures(src, text)
    kept = [
        m
        for m in before.matches
        if m.status == "supported"
        and m.source is not None
        and m.source.hedged
        and m.figure.hedged
        and m.figure.kind in _CHECKABLE
    ]
    if not kept:
        return []
    plain = dehedge(text)
    # A valid probe states a formerly hedged figure as plain fact: no cue, no quotation
    # marks and no attribution left around it (otherwise keeping it is correct).
    kept_values = {m.figure.value for m in kept}
    bare = [
        f
        for f in analyse(plain).figures
        if f.value in kept_values and not f.hedged and not f.attributed
    ]
    if plain == text or not bare:
        return []
    return [Probe(f"{kind_prefix}hedge dropped", article.id, text, plain)]


# Neutral words and a loaded synonym from the lexicon's own entries.
_LOADED_SWAPS: tuple[tuple[str, str], ...] = (
    ("criticised", "slammed"),
    ("criticized", "slammed"),
    ("criticises", "slams"),
    ("criticise", "slam"),
    ("criticize", "slam"),
    ("said", "raged"),
    ("says", "rages"),
    ("cut", "axed"),
    ("cuts", "axes"),
    ("close", "axe"),
    ("closed", "axed"),
    ("rose", "soared"),
    ("rises", "soars"),
    ("rise", "soar"),
    ("risen", "soared"),
    ("fell", "plunged"),
    ("falls", "plunges"),
    ("fall", "plunge"),
    ("increase", "surge"),
    ("reduced", "slashed"),
    ("reduce", "slash"),
    ("rejected", "rubbished"),
    ("opposed", "blasted"),
    ("ended", "scrapped"),
    ("plans", "plots"),
    ("plan", "scheme"),
    ("dispute", "row"),
    ("investigation", "probe"),
    ("problems", "chaos"),
    ("disruption", "chaos"),
    ("concern", "fury"),
    ("concerns", "fury"),
    ("criticism", "fury"),
    ("large", "whopping"),
    ("significant", "staggering"),
    ("review", "purge"),
    ("restrictions", "crackdown"),
    ("measures", "crackdown"),
    ("left-wing", "loony-left"),
    ("activists", "militants"),
    ("protesters", "mob"),
)


def _loaded_swap_probes(article: Article, text: str, lexicon: Lexicon) -> list[Probe]:
    out: list[Probe] = []
    quotes = quote_spans(text)
    for neutral, loaded in _LOADED_SWAPS:
        if find_loaded_terms(loaded, lexicon=lexicon) == []:
            continue  # the lexicon lacks this synonym: not a probe of the detector
        for m in re.finditer(rf"\b{re.escape(neutral)}\b", text):
            if any(a <= m.start() < b for a, b in quotes):
                continue
            out.append(
                Probe(
                    "loaded synonym", article.id, text, text[: m.start()] + loaded + text[m.end() :]
                )
            )
            break
    return out


def _unquote_probes(article: Article, lexicon: Lexicon) -> list[Probe]:
    """Source sentences with a loaded term only inside quotes, and the same without the marks."""
    out: list[Probe] = []
    for sent in split_sentences(article.body):
        quoted = [
            t
            for t in find_loaded_terms(sent.text, lexicon=lexicon, include_quoted=True)
            if t.quoted
        ]
        own = find_loaded_terms(sent.text, lexicon=lexicon)
        if quoted and not own:
            out.append(
                Probe(
                    "loaded word unquoted",
                    article.id,
                    sent.text,
                    re.sub(r"[‘’“”\"]|(?<!\w)'|'(?!\w)", "", sent.text),
                )
            )
    return out


# --- running ----------------------------------------------------------------------------------


def make_probes(
    articles: Sequence[Article],
    paraphrases: dict[str, tuple[str, tuple[str, ...], bool]],
    lexicon: Lexicon | None = None,
    seed: int = PROBE_SEED,
) -> list[Probe]:
    lex = lexicon or load_lexicon()
    rng = random.Random(seed)
    probes: list[Probe] = []
    for art in articles:
        src = analyse(art.body)
        bases = list(art.bullets or ())
        if art.id in paraphrases:
            bases += list(paraphrases[art.id][1])
        for text in bases:
            probes += _figure_probes(art, text, src, "", rng)
            probes += _noun_probes(art, text, src, rng, "")
            probes += _hedge_probes(art, text, src, "")
        # Hedged source sentences, used as their own faithful summaries.
        for sent in split_sentences(art.body):
            probes += _hedge_probes(art, sent.text, src, "")
        if art.id in paraphrases:
            for text in paraphrases[art.id][1]:
                probes += _loaded_swap_probes(art, text, lex)
        probes += _unquote_probes(art, lex)
    return probes


def detect(probe: Probe, src: AnalysedText, lexicon: Lexicon) -> bool:
    """Did the metric's verdict change as the perturbation requires?"""
    if probe.kind.endswith(("figure x10", "figure +1", "figure swapped", "counted noun changed")):
        before = len(check_figures(src, probe.original).unsupported)
        after = len(check_figures(src, probe.perturbed).unsupported)
        return after > before
    if probe.kind.endswith("hedge dropped"):
        before_r = check_figures(src, probe.original)
        after_r = check_figures(src, probe.perturbed)
        return len(after_r.unhedged) > len(before_r.unhedged)
    before_t = len(find_loaded_terms(probe.original, lexicon=lexicon))
    after_t = len(find_loaded_terms(probe.perturbed, lexicon=lexicon))
    return after_t > before_t


@dataclass
class ProbeReport:
    results: dict[str, ProbeResult]
    false_positives: list[FalsePositives]

    def to_json(self) -> dict[str, object]:
        return {
            "detection": {
                k: {
                    "rate": r.rate,
                    "detected": r.detected,
                    "total": r.total,
                    "misses": r.misses[:10],
                }
                for k, r in self.results.items()
            },
            "false_positives": [
                {
                    "what": f.what,
                    "rate": f.rate,
                    "flagged": f.flagged,
                    "total": f.total,
                    "examples": f.examples[:10],
                }
                for f in self.false_positives
            ],
        }


def run_probes(
    articles: Sequence[Article],
    paraphrases: dict[str, tuple[str, tuple[str, ...], bool]],
    lexicon: Lexicon | None = None,
    seed: int = PROBE_SEED,
    progress: Callable[[Iterable[Probe]], Iterable[Probe]] | None = None,
    layers: WordingLexicons | None = None,
) -> ProbeReport:
    lex = lexicon or load_lexicon()
    sources = {a.id: analyse(a.body) for a in articles}
    probes = make_probes(articles, paraphrases, lex, seed)
    results: dict[str, ProbeResult] = {}
    for p in progress(probes) if progress else probes:
        r = results.setdefault(p.kind, ProbeResult(p.kind))
        r.total += 1
        if detect(p, sources[p.article_id], lex):
            r.detected += 1
        elif len(r.misses) < 10:
            r.misses.append(f"{p.original!r} -> {p.perturbed!r}")
    return ProbeReport(
        dict(sorted(results.items())),
        false_positive_rates(articles, paraphrases, lex, sources, layers),
    )


STRONG_CUE = 0.5  # a wording cue this heavy reads as a flag on its own


def false_positive_rates(
    articles: Sequence[Article],
    paraphrases: dict[str, tuple[str, tuple[str, ...], bool]],
    lexicon: Lexicon,
    sources: dict[str, AnalysedText],
    layers: WordingLexicons | None = None,
) -> list[FalsePositives]:
    ref_unsup = FalsePositives("unsupported figures in the outlet's bullets (per figure)")
    par_unsup = FalsePositives("unsupported figures in neutral paraphrases (per figure)")
    par_unhedged = FalsePositives("unhedged figures in neutral paraphrases (per figure)")
    par_loaded = FalsePositives("paraphrase bullets with an own-voice loaded term")
    par_wording = FalsePositives(
        f"paraphrase bullets with an own-voice wording cue weighing >= {STRONG_CUE}"
    )
    if layers is None:
        bundled = default_lexicons()
        layers = WordingLexicons(lexicon, bundled.subjective, bundled.epistemic)
    for art in articles:
        src = sources[art.id]
        for text in art.bullets or ():
            _count_figures(ref_unsup, check_figures(src, text).unsupported, text, src)
        if art.id in paraphrases:
            for text in paraphrases[art.id][1]:
                report = check_figures(src, text)
                _count_figures(par_unsup, report.unsupported, text, src)
                _count_figures(par_unhedged, report.unhedged, text, src)
                terms = find_loaded_terms(text, lexicon=lexicon)
                par_loaded.total += 1
                if terms:
                    par_loaded.flagged += 1
                    par_loaded.examples.append(f"{[t.text for t in terms]} in {text!r}")
                cues = [
                    c for c in find_wording_cues(text, lexicons=layers) if c.weight >= STRONG_CUE
                ]
                par_wording.total += 1
                if cues:
                    par_wording.flagged += 1
                    par_wording.examples.append(f"{[c.text for c in cues]} in {text!r}")
    return [ref_unsup, par_unsup, par_unhedged, par_loaded, par_wording]


def _count_figures(
    fp: FalsePositives, flagged: Sequence[Figure], text: str, src: AnalysedText
) -> None:
    fp.total += len(analyse(text).figures)
    fp.flagged += len(flagged)
    for f in flagged:
        fp.examples.append(f"{f.text!r} in {text!r}")
