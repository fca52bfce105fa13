"""The article side of scoring: each article read once (its figures, its tokens, and on
first need its own-voice loaded terms and wording cues), to be reused for every summary of it
and cached on disk (:mod:`benchmark.prepared_cache`). Kept apart from :mod:`benchmark.scoring`
so that the cache needs only these records, not the scorer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from benchmark.metrics import extractive, rouge
from benchmark.metrics.figures import AnalysedText, SourceFigures, analyse, source_figures
from benchmark.metrics.neutrality import SourceTerms, find_loaded_terms
from benchmark.metrics.wording import SourceCues, WordingLexicons, source_cues
from benchmark.normalise import Normalised, normalise
from benchmark.records import Article
from benchmark.text import Sentence, Span, quote_spans, split_sentences


@dataclass(frozen=True, slots=True)
class SourceWording:
    """What an article says in its own voice, by wording layer: the loaded terms and the
    (layer, term) cues that make a summary's same words *inherited*."""

    terms: SourceTerms
    cues: SourceCues


@dataclass(frozen=True)
class PreparedArticle:
    """An article with its source side analysed once, reused for every summary."""

    article: Article
    figures: SourceFigures  # completed as summaries' checks ask, and kept
    tokens: tuple[str, ...]
    reference_figures: AnalysedText | None
    # The body's own-voice wording, by lexicons' content key, read on first need: it only
    # decides whether a summary's loaded term or cue is inherited, and three summaries in
    # four have none, while reading it is a fifth of an article's analysis. Filled, it is
    # pickled with the rest (the cache is stored after scoring).
    wording_read: dict[str, SourceWording] = field(default_factory=dict, repr=False, compare=False)

    def source_wording(self, lexicons: WordingLexicons) -> SourceWording:
        """The body's own-voice terms and cues under ``lexicons`` (read once, then kept)."""
        key = lexicons.content_key
        got = self.wording_read.get(key)
        if got is None:
            got = self.wording_read[key] = read_source_wording(self.article.body, lexicons)
        return got


def read_text(raw: str) -> tuple[Normalised, list[Sentence], list[Span], AnalysedText]:
    """A text as the metrics read it: normalised once (tokenised text as ordinary text), its
    sentences, quotations and figures; offsets index ``norm.text``, ``norm`` maps them back."""
    norm = normalise(raw)
    text = norm.text
    sentences, quotes = split_sentences(text), quote_spans(text)
    figs = analyse(text, sentences=sentences, quotes=quotes)
    if norm.changed:
        figs = dataclasses.replace(figs, normalised=norm)
    return norm, sentences, quotes, figs


def read_source_wording(body: str, lexicons: WordingLexicons) -> SourceWording:
    """An article body's own-voice loaded terms and wording cues, read as the metrics read
    it (normalised, with its sentences and quotations)."""
    text = normalise(body).text
    sentences, quotes = split_sentences(text), quote_spans(text)
    occurrences = find_loaded_terms(
        text, lexicon=lexicons.loaded, include_quoted=True, sentences=sentences, quotes=quotes
    )
    return SourceWording(
        terms=SourceTerms(frozenset(t.term for t in occurrences if not t.quoted)),
        cues=source_cues(
            text, lexicons=lexicons, sentences=sentences, quotes=quotes, loaded_terms=occurrences
        ),
    )


def prepare_article(article: Article, lexicons: WordingLexicons) -> PreparedArticle:
    """An article's figures (parsed; hedges and context words wait for a check that asks),
    its reference bullets' figures and its tokens; its own-voice wording under ``lexicons``
    waits for :meth:`PreparedArticle.source_wording`."""
    ref = None if article.bullets is None else analyse(rouge.bullets_text(article.bullets))
    norm = normalise(article.body)
    text = norm.text
    figs = source_figures(text, sentences=split_sentences(text), quotes=quote_spans(text))
    if norm.changed:
        figs.normalised = norm
    return PreparedArticle(
        article=article,
        figures=figs,
        tokens=tuple(extractive.tokens(article.body)),
        reference_figures=ref,
    )
