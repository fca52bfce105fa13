"""Cheap extractive baselines: lead-k, random-k, TextRank, LexRank, the ROUGE-2 oracle, and the
outlet's own reference.

Each picks whole sentences of the body as bullets (in article order) and trims one
of them into a headline. Sentences come from ``benchmark.text.split_sentences``,
which survives "Mr.", "U.S.", decimals and quotes without nltk's punkt data (a
download that fails offline).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Sequence

import networkx as nx
import numpy as np

from benchmark.metrics.rouge import bullets_text, make_scorer
from benchmark.records import Article, Prediction
from benchmark.text import split_sentences

HEADLINE_WORDS = 14
_DATELINE = re.compile(
    r"^(?:\([^)]{0,60}\)\s*(?:--|[—–-])?\s*"  # (CNN) --
    r"|[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][\w. ]{1,20})?\s*[—–-]+\s*)"  # MILLBROOK, Ohio —
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been has have "
    "had it its this that which who their his her they he she we you i said says".split()
)


# Longer "sentences" are captions or scraped text run together without stops (CNN/DM's
# DailyMail captions, XSum's articles); no summariser copies one whole, and the leaderboard
# refuses a bullet this long.
MAX_SENTENCE_CHARS = 600


def sentences(article: Article) -> list[str]:
    """The body's sentences a baseline may pick: those of at most ``MAX_SENTENCE_CHARS``,
    or, when there are none, the start of the first one cut at a word boundary."""
    found = [s.text for s in split_sentences(article.body)]
    kept = [s for s in found if len(s) <= MAX_SENTENCE_CHARS]
    if kept or not found:
        return kept
    return [found[0][: MAX_SENTENCE_CHARS + 1].rsplit(None, 1)[0]]


def trim_headline(sentence: str, max_words: int = HEADLINE_WORDS) -> str:
    """A headline from a sentence: no dateline, no final stop, at most ``max_words`` words,
    cut at a clause boundary when one comes late enough."""
    text = _DATELINE.sub("", sentence.strip()).strip().rstrip(".")
    words = text.split()
    if len(words) <= max_words:
        return text
    head = " ".join(words[:max_words])
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" – "), head.rfind(" — "))
    if cut > len(head) // 2:
        head = head[:cut]
    return head.rstrip(" ,;:–—")


def _prediction(
    article: Article, chosen: Sequence[int], sents: Sequence[str], headline_index: int | None = None
) -> Prediction:
    order = sorted(set(chosen))
    bullets = tuple(sents[i] for i in order)
    first = order[0] if headline_index is None else headline_index
    return Prediction(article.id, trim_headline(sents[first]) if sents else "", bullets)


class LeadK:
    """The first k sentences; the first one trimmed as headline (Lead-3 with k=3)."""

    def __init__(self, k: int = 3) -> None:
        if k < 1:
            raise ValueError("k must be at least 1")
        self.k = k

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        out = []
        for a in articles:
            sents = sentences(a)
            out.append(_prediction(a, range(min(self.k, len(sents))), sents))
        return out


class RandomK:
    """k random sentences in article order; seeded per article, so batching never matters."""

    def __init__(self, k: int = 3, seed: int = 0) -> None:
        self.k = k
        self.seed = seed

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        out = []
        for a in articles:
            sents = sentences(a)
            digest = hashlib.sha256(f"{self.seed}:{a.id}".encode()).digest()
            rng = random.Random(int.from_bytes(digest[:8], "big"))
            chosen = rng.sample(range(len(sents)), min(self.k, len(sents)))
            out.append(_prediction(a, chosen, sents))
        return out


def _tokens(sentence: str) -> list[str]:
    return [w for w in _WORD.findall(sentence.lower()) if w not in _STOP]


class _GraphRanker:
    """Sentences ranked by PageRank over a similarity graph; subclasses define similarity."""

    def __init__(self, k: int = 3, damping: float = 0.85) -> None:
        self.k = k
        self.damping = damping

    def similarity(self, toks: Sequence[list[str]]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def rank(self, sents: Sequence[str]) -> list[int]:
        toks = [_tokens(s) for s in sents]
        sim = self.similarity(toks)
        np.fill_diagonal(sim, 0.0)
        graph = nx.from_numpy_array(sim)
        try:
            scores = nx.pagerank(graph, alpha=self.damping, weight="weight")
        except nx.PowerIterationFailedConvergence:
            scores = {i: float(sim[i].sum()) for i in range(len(sents))}
        # Ties go to the earlier sentence: news puts the important facts first.
        return sorted(range(len(sents)), key=lambda i: (-scores.get(i, 0.0), i))

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        out = []
        for a in articles:
            sents = sentences(a)
            if not sents:
                out.append(Prediction(a.id, "", ()))
                continue
            ranked = self.rank(sents)
            out.append(_prediction(a, ranked[: self.k], sents, headline_index=ranked[0]))
        return out


class TextRank(_GraphRanker):
    """TextRank (Mihalcea and Tarau 2004): shared words over the log lengths of both sentences."""

    def similarity(self, toks: Sequence[list[str]]) -> np.ndarray:
        n = len(toks)
        sets = [set(t) for t in toks]
        sim = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                if len(toks[i]) > 1 and len(toks[j]) > 1:
                    shared = len(sets[i] & sets[j])
                    sim[i, j] = sim[j, i] = shared / (
                        math.log(len(toks[i])) + math.log(len(toks[j]))
                    )
        return sim


class LexRank(_GraphRanker):
    """LexRank (Erkan and Radev 2004): TF-IDF cosine over the article's sentences, thresholded."""

    def __init__(self, k: int = 3, damping: float = 0.85, threshold: float = 0.1) -> None:
        super().__init__(k, damping)
        self.threshold = threshold

    def similarity(self, toks: Sequence[list[str]]) -> np.ndarray:
        vocab = {w: i for i, w in enumerate(sorted({w for t in toks for w in t}))}
        n = len(toks)
        df = Counter(w for t in toks for w in set(t))
        mat = np.zeros((n, len(vocab)))
        for i, t in enumerate(toks):
            for w, c in Counter(t).items():
                mat[i, vocab[w]] = c * math.log((1 + n) / (1 + df[w]))
        norms = np.linalg.norm(mat, axis=1)
        norms[norms == 0] = 1.0
        unit = mat / norms[:, None]
        sim = unit @ unit.T
        return np.where(sim >= self.threshold, sim, 0.0)


class Oracle:
    """Greedy ROUGE-2 selection against the reference bullets: the extractive upper bound.

    Adds the sentence that raises ROUGE-2 F1 most until none does or ``max_k`` are in;
    the headline is the sentence closest to the reference headline (ROUGE-2, then ROUGE-1).
    ROUGE-2 is computed from bigram counts over rouge-score's own tokens (stemmed), which
    gives rouge-score's value without re-tokenising every candidate (a test checks).
    """

    def __init__(self, max_k: int = 4) -> None:
        self.max_k = max_k
        self._tokenize = make_scorer(["rouge2"])._tokenizer.tokenize

    def _bigrams(self, tokens: Sequence[str]) -> Counter[tuple[str, str]]:
        return Counter(itertools.pairwise(tokens))

    def _f(self, target: Counter[tuple[str, str]], tokens: Sequence[str]) -> float:
        cand = self._bigrams(tokens)
        overlap = sum((cand & target).values())
        if not overlap:
            return 0.0
        p, r = overlap / sum(cand.values()), overlap / sum(target.values())
        return 2 * p * r / (p + r)

    def _best(self, target_text: str, toks: Sequence[list[str]], max_k: int) -> list[int]:
        target = self._bigrams(self._tokenize(target_text))
        chosen: list[int] = []
        best = 0.0
        while len(chosen) < max_k:
            gains = [
                (self._f(target, [t for j in sorted([*chosen, i]) for t in toks[j]]), -i)
                for i in range(len(toks))
                if i not in chosen
            ]
            if not gains:
                break
            score, neg_i = max(gains)
            if score <= best:
                break
            best = score
            chosen.append(-neg_i)
        return chosen

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        out = []
        for a in articles:
            if a.bullets is None:
                raise ValueError(f"the oracle needs reference bullets; article {a.id} has none")
            sents = sentences(a)
            if not sents:
                out.append(Prediction(a.id, "", ()))
                continue
            toks = [self._tokenize(s) for s in sents]
            chosen = self._best(bullets_text(a.bullets), toks, self.max_k) or [0]
            head_i = None
            if a.headline is not None:
                head = self._best(a.headline, toks, 1)
                head_i = head[0] if head else None
            out.append(_prediction(a, chosen, sents, headline_index=head_i))
        return out


class Reference:
    """The outlet's own headline and bullets: their figure and wording scores are a finding."""

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        out = []
        for a in articles:
            if a.bullets is None or a.headline is None:
                raise ValueError(f"article {a.id} has no reference headline and bullets to copy")
            out.append(Prediction(a.id, a.headline, a.bullets))
        return out
