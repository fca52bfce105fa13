"""The layered wording score: how much of a text reads as the writer taking sides.

Three lexical layers, each explainable word by word, all counted only in the text's own
voice (a cue inside quotation marks is the speaker's, not the writer's):

1. ``loaded``: the curated loaded-term lexicon of :mod:`benchmark.metrics.neutrality`
   (tabloid verbs, partisan labels, ...), the same occurrences ``find_loaded_terms`` finds;
2. ``subjective``: a graded subjectivity list written by the project
   (``lexicons/subjectivity.tsv``): evaluative adjectives and adverbs, puffery,
   intensifiers, emotive nouns and verbs, framing nouns and one-sided labels, each with
   a weight;
3. ``epistemic``: words that take a side on what is true (``lexicons/epistemic.tsv``):
   factive verbs ("admitted", "revealed"), assertive and doubt words ("claimed",
   "supposedly"), boosters ("clearly", "in fact").

A cue's weight ``w`` reads as the chance that a careful neutral editor would change that
word. A sentence reads as biased with probability ``1 - prod(1 - w)`` over its cues
(noisy-OR: one strong cue is enough, weak cues add up), and ``wording_bias`` is the mean
over the text's sentences, so it lies in [0, 1] and does not grow with length.
``wording_bias_introduced`` counts only cues the source did not use in its own voice.
The curated layer is matched first and its spans are left to it; layers 2 and 3 are then
matched in what remains, longest form first (a form both list belongs to the epistemic
layer).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from benchmark.metrics.matcher import FormIndex, build_index, find_forms, sentence_at, skipped
from benchmark.metrics.neutrality import (
    Lexicon,
    LoadedTerm,
    find_loaded_terms,
    load_lexicon,
)
from benchmark.metrics.wordlists import (
    EPISTEMIC_LEXICON,
    SUBJECTIVITY_LEXICON,
    WordEntry,
    WordList,
    bundled_word_list,
    load_word_list,
)
from benchmark.normalise import Normalised, normalise
from benchmark.text import Sentence, Span, inside, quote_spans, split_sentences, words

VERSION = "1.0.0"
LAYERS = ("loaded", "subjective", "epistemic")

# The curated layer has categories, not weights: every entry was chosen as loaded, so
# each weighs high, scare words and intensifiers a little less (more literal uses slip by).
LOADED_WEIGHTS: Mapping[str, float] = {
    "tabloid_verb": 0.9,
    "partisan_label": 0.9,
    "propaganda_phrase": 0.9,
    "emotive_intensifier": 0.8,
    "scare_word": 0.75,
}


@dataclass(frozen=True, slots=True)
class WordingCue:
    """One own-voice (or, on request, quoted) occurrence of a cue of any layer."""

    text: str
    start: int
    end: int
    layer: str  # "loaded", "subjective" or "epistemic"
    kind: str  # the layer's category or class ("tabloid_verb", "evaluative_negative", ...)
    term: str  # the entry ("claim" for "claimed")
    weight: float
    inherited: bool  # the source uses the same term in its own voice
    quoted: bool = False


@dataclass(frozen=True)
class WordingLexicons:
    """The lexical layers used together; ``None`` leaves a layer out."""

    loaded: Lexicon
    subjective: WordList | None
    epistemic: WordList | None

    @property
    def signature(self) -> str:
        """What a results signature records: every layer's version and content hash."""
        return f"lex:{self.loaded.signature}+{self.graded_signature}"

    @cached_property
    def content_key(self) -> str:
        """Every layer's full content hash (for caches: the signature keeps 8 hex digits;
        a word list's covers what was read from its file, see ``WordList.content_key``)."""
        return "|".join(
            [self.loaded.sha256]
            + ["none" if x is None else x.content_key for x in (self.subjective, self.epistemic)]
        )

    @property
    def graded_signature(self) -> str:
        """Layers 2 and 3 (the curated layer has its own place in a results signature)."""
        return "+".join(
            f"{tag}:{'none' if wl is None else wl.signature}"
            for tag, wl in (("subj", self.subjective), ("epi", self.epistemic))
        )

    @cached_property
    def _merged(self) -> tuple[dict[str, tuple[str, WordEntry]], FormIndex]:
        """Layers 2 and 3 in one index (epistemic wins a shared form); forms that the
        curated layer holds are left to it."""
        by_form: dict[str, tuple[str, WordEntry]] = {}
        for layer, wl in (("subjective", self.subjective), ("epistemic", self.epistemic)):
            if wl is not None:
                by_form.update({k: (layer, e) for k, e in wl.by_form.items()})
        for key in self.loaded.by_form:
            by_form.pop(key, None)
        return by_form, build_index(by_form)


def load_wording_lexicons(
    loaded: str | None = None,
    subjective: str | None = None,
    epistemic: str | None = None,
    *,
    use_subjective: bool = True,
    use_epistemic: bool = True,
) -> WordingLexicons:
    """The three layers: the bundled files unless a path is given (any format of
    :func:`benchmark.metrics.wordlists.load_word_list` for layers 2 and 3; ``"none"``
    leaves layer 2 or 3 out)."""
    if (loaded, subjective, epistemic) == (None, None, None) and use_subjective and use_epistemic:
        return default_lexicons()
    return WordingLexicons(
        load_lexicon(loaded),
        _layer(subjective, SUBJECTIVITY_LEXICON) if use_subjective else None,
        _layer(epistemic, EPISTEMIC_LEXICON) if use_epistemic else None,
    )


NO_LAYER = "none"  # a layer's path that leaves the layer out


def _layer(path: str | None, bundled: str) -> WordList | None:
    if path == NO_LAYER:
        return None
    return bundled_word_list(bundled) if path is None else load_word_list(path)


@lru_cache(maxsize=1)
def default_lexicons() -> WordingLexicons:
    return WordingLexicons(
        load_lexicon(),
        bundled_word_list(SUBJECTIVITY_LEXICON),
        bundled_word_list(EPISTEMIC_LEXICON),
    )


@dataclass(frozen=True)
class SourceCues:
    """The (layer, term) pairs a source uses in its own voice (computed once per article)."""

    terms: frozenset[tuple[str, str]] = field(default_factory=frozenset)


def _beside(text: str, index: FormIndex, taken: Sequence[Span]) -> list[tuple[int, int, str]]:
    """Forms of layers 2 and 3 outside the curated layer's spans, so that "scandal-tainted"
    gives the curated "scandal" and the graded "tainted"."""
    return find_forms(text, index, sorted(taken))


def _graded(
    text: str,
    lexicons: WordingLexicons,
    sentences: Sequence[Sentence],
    taken: Sequence[Span],
) -> list[tuple[int, int, str, WordEntry]]:
    """Layer 2 and 3 occurrences outside the spans the curated layer took."""
    by_form, index = lexicons._merged
    out: list[tuple[int, int, str, WordEntry]] = []
    for start, end, key in _beside(text, index, taken):
        layer, entry = by_form[key]
        if entry.skip:
            sent = sentence_at(sentences, start)
            if sent is not None and skipped(entry.skip, sent, start - sent.start, end - sent.start):
                continue
        out.append((start, end, layer, entry))
    return out


def source_cues(
    source: str,
    *,
    lexicons: WordingLexicons | None = None,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
    loaded_terms: Sequence[LoadedTerm] | None = None,
) -> SourceCues:
    """Every layer's terms that ``source`` uses in its own voice. ``loaded_terms`` is
    ``find_loaded_terms(source, include_quoted=True)`` when the caller has it already."""
    lex = lexicons or default_lexicons()
    norm = normalise(source)
    if norm.changed:  # tokenised text is read in its normalised form
        return source_cues(norm.text, lexicons=lex)
    sentences = split_sentences(source) if sentences is None else sentences
    quotes = quote_spans(source) if quotes is None else quotes
    if loaded_terms is None:
        loaded_terms = find_loaded_terms(
            source, lexicon=lex.loaded, include_quoted=True, sentences=sentences, quotes=quotes
        )
    taken = [(t.start, t.end) for t in loaded_terms]
    terms = {("loaded", t.term) for t in loaded_terms if not t.quoted}
    by_form, index = lex._merged
    # Only the set of terms is wanted: a term seen once in the own voice needs no second
    # look, and the cheap test (quotes) goes before the skip patterns.
    for start, end, key in _beside(source, index, taken):
        layer, entry = by_form[key]
        if (layer, entry.term) in terms or inside(quotes, start, end):
            continue
        if entry.skip:
            sent = sentence_at(sentences, start)
            if sent is not None and skipped(entry.skip, sent, start - sent.start, end - sent.start):
                continue
        terms.add((layer, entry.term))
    return SourceCues(frozenset(terms))


def find_wording_cues(
    text: str,
    source: str | SourceCues | None = None,
    *,
    lexicons: WordingLexicons | None = None,
    include_quoted: bool = False,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
    loaded_terms: Sequence[LoadedTerm] | None = None,
) -> list[WordingCue]:
    """Cues of every layer in ``text``'s own voice, in text order.

    With ``source``, a cue is ``inherited`` when the source uses the same term of the same
    layer in its own voice. Quoted cues are left out unless ``include_quoted``.
    ``sentences``/``quotes`` are ``split_sentences(text)``/``quote_spans(text)`` and
    ``loaded_terms`` is ``find_loaded_terms(text, source, include_quoted=True)``, passed in
    when the caller has them (scoring does).
    """
    lex = lexicons or default_lexicons()
    norm = normalise(text)
    if norm.changed:  # offsets and texts of the cues stay those of ``text``
        found = find_wording_cues(norm.text, source, lexicons=lex, include_quoted=include_quoted)
        return [_mapped(c, norm) for c in found]
    sentences = split_sentences(text) if sentences is None else sentences
    quotes = quote_spans(text) if quotes is None else quotes
    if isinstance(source, str):
        source = source_cues(source, lexicons=lex)
    inherited = frozenset() if source is None else source.terms
    if loaded_terms is None:
        loaded_terms = find_loaded_terms(
            text, lexicon=lex.loaded, include_quoted=True, sentences=sentences, quotes=quotes
        )
    cues = [
        WordingCue(
            t.text,
            t.start,
            t.end,
            "loaded",
            t.category,
            t.term,
            LOADED_WEIGHTS.get(t.category, 0.9),
            ("loaded", t.term) in inherited,
            t.quoted,
        )
        for t in loaded_terms
    ]
    taken = [(t.start, t.end) for t in loaded_terms]
    for start, end, layer, entry in _graded(text, lex, sentences, taken):
        cues.append(
            WordingCue(
                text[start:end],
                start,
                end,
                layer,
                entry.kind,
                entry.term,
                entry.weight,
                (layer, entry.term) in inherited,
                inside(quotes, start, end),
            )
        )
    cues.sort(key=lambda c: c.start)
    return [c for c in cues if include_quoted or not c.quoted]


def _mapped(cue: WordingCue, norm: Normalised) -> WordingCue:
    start, end = norm.to_original(cue.start, cue.end)
    return dataclasses.replace(cue, text=norm.original[start:end], start=start, end=end)


@dataclass(frozen=True, slots=True)
class WordingScores:
    bias: float  # mean over sentences of 1 - prod(1 - w): in [0, 1]
    introduced: float  # the same over cues the source did not use
    cues: int  # own-voice cues, every layer
    weight: float  # their summed weights
    weight_per_100w: float
    sentences: int
    words: int


def noisy_or(weights: Sequence[float]) -> float:
    """The chance that at least one of independent cues makes a reader call it biased."""
    p = 1.0
    for w in weights:
        p *= 1.0 - w
    return 1.0 - p


def wording_scores(
    text: str, cues: Sequence[WordingCue], sentences: Sequence[Sentence] | None = None
) -> WordingScores:
    """Per-text scores from the own-voice cues :func:`find_wording_cues` returned (quoted
    cues, if any were asked for, are ignored)."""
    norm = normalise(text)
    if sentences is None:
        sentences = [_original_sentence(s, norm) for s in split_sentences(norm.text)]
    own = [c for c in cues if not c.quoted]
    n_words = len(words(norm.text))  # "did n't" is one word
    total = sum(c.weight for c in own)
    if not sentences:
        return WordingScores(0.0, 0.0, len(own), total, 0.0, 0, n_words)
    every: list[list[float]] = [[] for _ in sentences]
    new: list[list[float]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for c in own:
        k = max(
            0, bisect.bisect_right(starts, c.start) - 1
        )  # a cue between sentences: the one before
        every[k].append(c.weight)
        if not c.inherited:
            new[k].append(c.weight)
    n = len(sentences)
    return WordingScores(
        bias=sum(noisy_or(ws) for ws in every) / n,
        introduced=sum(noisy_or(ws) for ws in new) / n,
        cues=len(own),
        weight=total,
        weight_per_100w=100.0 * total / n_words if n_words else 0.0,
        sentences=n,
        words=n_words,
    )


def _original_sentence(sent: Sentence, norm: Normalised) -> Sentence:
    if not norm.changed:
        return sent
    start, end = norm.to_original(sent.start, sent.end)
    return Sentence(start, end, norm.original[start:end])


def wording_bias(text: str, *, lexicons: WordingLexicons | None = None) -> float:
    """``wording_scores(text, find_wording_cues(text)).bias`` in one call."""
    text = normalise(text).text
    sentences = split_sentences(text)
    cues = find_wording_cues(text, lexicons=lexicons, sentences=sentences)
    return wording_scores(text, cues, sentences).bias
