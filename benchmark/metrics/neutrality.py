"""Neutrality of wording: loaded terms in a text's own voice.

A versioned lexicon written by the project (``lexicons/loaded_terms.yaml``) lists
loaded terms with their inflections, a category, a neutral alternative and the
literal senses to skip ("blast" as an explosion, "storm" as weather). A term
inside quotation marks is attributed speech and does not count; a term the
source also uses in its own voice is *inherited*, and still counts: repeating a
source's loaded word is still writing it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from benchmark.errors import InputError
from benchmark.metrics.matcher import (
    FormIndex,
    LazyPattern,
    SkipPattern,
    build_index,
    find_forms,
    form_key,
    form_pattern,
    sentence_at,
    skipped,
)
from benchmark.normalise import Normalised, normalise
from benchmark.text import Sentence, Span, inside, quote_spans, split_sentences, words

VERSION = "1.1.0"
CATEGORIES = (
    "tabloid_verb",
    "partisan_label",
    "emotive_intensifier",
    "propaganda_phrase",
    "scare_word",
)


@dataclass(frozen=True, slots=True)
class LoadedTerm:
    """One occurrence of a lexicon term."""

    text: str
    start: int
    end: int
    category: str
    inherited: bool  # the source uses the same term in its own voice too
    term: str = ""  # the lexicon entry ("slam" for "slammed")
    neutral: str = ""  # the lexicon's neutral alternative
    quoted: bool = False  # inside quotation marks (only returned with include_quoted=True)


@dataclass(frozen=True)
class LexiconEntry:
    term: str
    category: str
    forms: tuple[str, ...]
    neutral: str
    skip: tuple[SkipPattern, ...]


@dataclass(frozen=True)
class Lexicon:
    name: str
    version: str
    sha256: str
    entries: tuple[LexiconEntry, ...]
    by_form: dict[str, LexiconEntry]
    # The fast matcher: first word of each form -> (words, gaps, key), longest key first.
    by_first_word: FormIndex = field(default_factory=FormIndex, repr=False)

    @property
    def signature(self) -> str:
        return f"{self.version}.{self.sha256[:8]}"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The reference matcher: one alternation, longest form first; slow on long texts,
        so scoring uses ``by_first_word`` and tests hold the two equal. Compiled on first
        use (compiling it was most of loading the lexicon)."""
        alternatives = sorted(self.by_form, key=len, reverse=True)
        return re.compile(
            r"(?<![^\W_])(?:" + "|".join(form_pattern(f) for f in alternatives) + r")(?![^\W_])",
            re.IGNORECASE,
        )


def parse_lexicon(data: Any, *, path: str, sha256: str, lazy_patterns: bool = False) -> Lexicon:
    """Check a decoded lexicon file and compile its matcher; ``lazy_patterns`` leaves the
    skip patterns to be compiled on first use (the bundled lexicon's, tested to compile)."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError("a lexicon is a mapping with an 'entries' list", path=path)
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise InputError("missing version string", path=path, field="version")
    entries: list[LexiconEntry] = []
    by_form: dict[str, LexiconEntry] = {}
    for k, raw in enumerate(data["entries"]):
        where = f"entries[{k}]"
        if not isinstance(raw, dict):
            raise InputError("must be a mapping", path=path, field=where)
        term = raw.get("term")
        if not isinstance(term, str) or not term.strip():
            raise InputError("needs a term", path=path, field=f"{where}.term")
        category = raw.get("category")
        if category not in CATEGORIES:
            raise InputError(
                f"category {category!r} is not one of {', '.join(CATEGORIES)}",
                path=path,
                field=f"{where}.category",
            )
        forms = raw.get("forms")
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
            raise InputError("needs a list of forms", path=path, field=f"{where}.forms")
        neutral = raw.get("neutral")
        if not isinstance(neutral, str):
            raise InputError("needs a neutral alternative", path=path, field=f"{where}.neutral")
        skips: list[SkipPattern] = []
        for j, pat in enumerate(raw.get("skip") or []):
            if lazy_patterns and isinstance(pat, str):
                skips.append(LazyPattern(pat))
                continue
            try:
                skips.append(re.compile(pat, re.IGNORECASE))
            except (re.error, TypeError) as exc:
                raise InputError(
                    f"bad pattern: {exc}", path=path, field=f"{where}.skip[{j}]"
                ) from None
        entry = LexiconEntry(
            term.strip(), category, tuple(f.strip() for f in forms), neutral.strip(), tuple(skips)
        )
        for form in entry.forms:
            key = form_key(form)
            if key in by_form and by_form[key].term != entry.term:
                raise InputError(
                    f"form {form!r} is listed under {by_form[key].term!r} too",
                    path=path,
                    field=f"{where}.forms",
                )
            by_form[key] = entry
        entries.append(entry)
    return Lexicon(
        str(data.get("name", Path(path).stem)),
        version,
        sha256,
        tuple(entries),
        by_form,
        build_index(by_form),
    )


def load_lexicon(path: str | Path | None = None, *, lazy_patterns: bool = False) -> Lexicon:
    """Load a lexicon file; without a path, the bundled one (cached)."""
    if path is None:
        return _default_lexicon()
    p = Path(path)
    raw = p.read_bytes()
    try:
        # libyaml's loader when PyYAML has it: the same documents, parsed ~10x faster
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"not a readable YAML file: {exc}", path=p) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    return parse_lexicon(data, path=str(p), sha256=sha256, lazy_patterns=lazy_patterns)


DEFAULT_LEXICON = "loaded_terms.yaml"


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    # ~800 skip patterns: compiling them all was most of a second in every process
    return load_lexicon(
        Path(str(files("benchmark.metrics").joinpath("lexicons").joinpath(DEFAULT_LEXICON))),
        lazy_patterns=True,
    )


@dataclass(frozen=True)
class SourceTerms:
    """The terms a source uses in its own voice (computed once per article)."""

    terms: frozenset[str]


def _matches(text: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Lexicon forms in ``text``: the same spans as ``lexicon.pattern`` finds."""
    return find_forms(text, lexicon.by_first_word)


def _occurrences(
    text: str, lexicon: Lexicon, sentences: Sequence[Sentence] | None = None
) -> list[tuple[int, int, LexiconEntry]]:
    out: list[tuple[int, int, LexiconEntry]] = []
    for start, end, key in _matches(text, lexicon):
        entry = lexicon.by_form[key]
        if entry.skip:
            if sentences is None:
                sentences = split_sentences(text)
            sent = sentence_at(sentences, start)
            if sent is not None and skipped(entry.skip, sent, start - sent.start, end - sent.start):
                continue
        out.append((start, end, entry))
    return out


def source_terms(
    source: str,
    *,
    lexicon: Lexicon | None = None,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
) -> SourceTerms:
    """The lexicon terms ``source`` uses in its own voice. ``sentences`` and ``quotes``
    are ``split_sentences(source)`` and ``quote_spans(source)`` when the caller has them."""
    lex = lexicon or load_lexicon()
    norm = normalise(source)
    if norm.changed:  # tokenised text is read in its normalised form
        return source_terms(norm.text, lexicon=lex)
    if quotes is None:
        quotes = quote_spans(source)
    return SourceTerms(
        frozenset(
            e.term for s, t, e in _occurrences(source, lex, sentences) if not inside(quotes, s, t)
        )
    )


def find_loaded_terms(
    text: str,
    source: str | SourceTerms | None = None,
    *,
    lexicon: Lexicon | None = None,
    include_quoted: bool = False,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
) -> list[LoadedTerm]:
    """Loaded terms in ``text``'s own voice, in order.

    With ``source``, each term is marked ``inherited`` when the source uses the
    same lexicon term in its own voice. Terms inside quotation marks are left
    out unless ``include_quoted`` (then they come with ``quoted=True``).
    ``sentences`` and ``quotes`` are ``split_sentences(text)`` and ``quote_spans(text)``,
    passed in when the caller has them already. Tokenised text ("` purge '", "-lrb-") is
    read in its normalised form; offsets and texts of the terms are those of ``text``.
    """
    lex = lexicon or load_lexicon()
    norm = normalise(text)
    if norm.changed:
        found = find_loaded_terms(norm.text, source, lexicon=lex, include_quoted=include_quoted)
        return [_mapped(t, norm) for t in found]
    if source is None:
        inherited_terms: frozenset[str] = frozenset()
    elif isinstance(source, SourceTerms):
        inherited_terms = source.terms
    else:
        inherited_terms = source_terms(source, lexicon=lex).terms
    if quotes is None:
        quotes = quote_spans(text)
    out: list[LoadedTerm] = []
    for start, end, entry in _occurrences(text, lex, sentences):
        quoted = inside(quotes, start, end)
        if quoted and not include_quoted:
            continue
        out.append(
            LoadedTerm(
                text[start:end],
                start,
                end,
                entry.category,
                entry.term in inherited_terms,
                entry.term,
                entry.neutral,
                quoted,
            )
        )
    return out


def _mapped(term: LoadedTerm, norm: Normalised) -> LoadedTerm:
    start, end = norm.to_original(term.start, term.end)
    return dataclasses.replace(term, text=norm.original[start:end], start=start, end=end)


@dataclass(frozen=True, slots=True)
class NeutralityScores:
    loaded: int  # own-voice loaded terms
    inherited: int  # of which the source also used
    introduced: int  # of which the summary brought in
    words: int
    loaded_per_100w: float
    neutral: bool


def neutrality_scores(text: str, terms: Sequence[LoadedTerm]) -> NeutralityScores:
    """Per-text scores from the own-voice terms :func:`find_loaded_terms` returned."""
    own = [t for t in terms if not t.quoted]
    n_words = len(words(normalise(text).text))  # "did n't" is one word
    inherited = sum(t.inherited for t in own)
    return NeutralityScores(
        loaded=len(own),
        inherited=inherited,
        introduced=len(own) - inherited,
        words=n_words,
        loaded_per_100w=100.0 * len(own) / n_words if n_words else 0.0,
        neutral=not own,
    )
