"""Extractiveness against the article: coverage, density and compression (Grusky et al. 2018).

Extractive fragments are the shared token sequences found greedily, as in the
Newsroom paper: coverage is the share of summary tokens inside a fragment,
density the mean squared fragment length per summary token, compression the
article-to-summary length ratio.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

VERSION = "1.0.0"
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


def tokens(text: str) -> list[str]:
    if "\u0130" in text or "\u03a3" in text:
        # "İ" lower-cases to two characters and "Σ" by its context (final "ς" at the end of
        # a text, not of a token): token by token, as ever
        return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    # the whole text at once: the same tokens, without a Python call per token
    return _TOKEN.findall(text.replace("’", "'").lower())


@dataclass(frozen=True, slots=True)
class Extractiveness:
    coverage: float | None
    density: float | None
    compression: float | None


def token_positions(article: Sequence[str]) -> dict[str, list[int]]:
    """Where each token occurs in the article (build once, reuse for every summary)."""
    out: dict[str, list[int]] = defaultdict(list)
    for j, tok in enumerate(article):
        out[tok].append(j)
    return dict(out)


def fragments(
    article: Sequence[str],
    summary: Sequence[str],
    *,
    positions: Mapping[str, Sequence[int]] | None = None,
) -> list[int]:
    """Lengths of the greedy extractive fragments of ``summary`` in ``article``.

    ``positions`` is ``token_positions(article)``, passed in when it was built already;
    without it only the positions of the summary's own tokens are collected (all that is
    looked up), a fifth of the cost of indexing the whole article.
    """
    if positions is None:
        wanted = set(summary)
        found: dict[str, list[int]] = {}
        for j, tok in enumerate(article):
            if tok in wanted:
                found.setdefault(tok, []).append(j)
        positions = found
    out: list[int] = []
    i = 0
    n, m = len(summary), len(article)
    while i < n:
        best = 0
        for j in positions.get(summary[i], ()):
            k = 0
            while i + k < n and j + k < m and summary[i + k] == article[j + k]:
                k += 1
            if k > best:
                best = k
                if best == n - i:
                    break  # the rest of the summary: no later occurrence can match more
        if best:
            out.append(best)
            i += best
        else:
            i += 1
    return out


def extractiveness(
    article: str | Sequence[str],
    summary: str,
    *,
    positions: Mapping[str, Sequence[int]] | None = None,
) -> Extractiveness:
    art = tokens(article) if isinstance(article, str) else article
    summ = tokens(summary)
    if not summ:
        return Extractiveness(None, None, None)
    frags = fragments(art, summ, positions=positions)
    return Extractiveness(
        coverage=sum(frags) / len(summ),
        density=sum(f * f for f in frags) / len(summ),
        compression=len(art) / len(summ),
    )
