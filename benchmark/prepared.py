"""The article side of scoring: each article read once (its figures, its own-voice loaded
terms and wording cues, its tokens), to be reused for every summary of it and cached on disk
(:mod:`benchmark.prepared_cache`). Kept apart from :mod:`benchmark.scoring` so that the cache
needs only these records, not the scorer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from benchmark.metrics import extractive, rouge
from benchmark.metrics.figures import AnalysedText, analyse
from benchmark.metrics.neutrality import SourceTerms, find_loaded_terms
from benchmark.metrics.wording import SourceCues, WordingLexicons, source_cues
from benchmark.normalise import Normalised, normalise
from benchmark.records import Article
from benchmark.text import Sentence, Span, quote_spans, split_sentences


@dataclass(frozen=True)
class PreparedArticle:
    """An article with its source side analysed once, reused for every summary."""

    article: Article
    figures: AnalysedText
    terms: SourceTerms
    tokens: tuple[str, ...]
    cues: SourceCues
    reference_figures: AnalysedText | None


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


def prepare_article(article: Article, lexicons: WordingLexicons) -> PreparedArticle:
    ref = None if article.bullets is None else analyse(rouge.bullets_text(article.bullets))
    tokens = tuple(extractive.tokens(article.body))
    norm, sentences, quotes, figs = read_text(article.body)
    body = norm.text
    occurrences = find_loaded_terms(
        body, lexicon=lexicons.loaded, include_quoted=True, sentences=sentences, quotes=quotes
    )
    return PreparedArticle(
        article=article,
        figures=figs,
        terms=SourceTerms(frozenset(t.term for t in occurrences if not t.quoted)),
        tokens=tokens,
        cues=source_cues(
            body, lexicons=lexicons, sentences=sentences, quotes=quotes, loaded_terms=occurrences
        ),
        reference_figures=ref,
    )
