"""Tokens: the tokenizer, the small helpers on tokens and numbers, and ``_Cursor``, a
text's tokens read by position (the base of the parser)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from operator import attrgetter
from typing import NamedTuple

from benchmark.normalise import is_lowercased

_TOKEN = re.compile(
    r"(?P<cur>US\$|A\$|C\$|[£$€])"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z]+(?:['’][a-z]+)?)"
    r"|(?P<pct>%)"
    r"|(?P<deg>°[CF]?)"
    r"|(?P<sym>[-–—:/.,])"
    r"|(?P<other>\S)"
)


class _Tok(NamedTuple):
    """One token; ``low`` is lower case without a possessive ending ("month's" -> "month")."""

    kind: str
    text: str
    start: int
    end: int
    low: str


_KIND = attrgetter("lastgroup")
_APOSTROPHE = re.compile("['’]")


def _tokens(text: str) -> list[_Tok]:
    # Built with map() and tuple.__new__, without a Python call per token: an article has
    # ~900 tokens, and building them one by one was a third of the figure analysis.
    ms = list(_TOKEN.finditer(text))
    texts = list(map(re.Match.group, ms))
    starts = list(map(re.Match.start, ms))
    lows = list(map(str.lower, texts))
    # Only a token with an apostrophe in it loses a possessive or has "’" read as "'";
    # the few there are are found by position rather than by looking at every token.
    done = -1
    for m in _APOSTROPHE.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k == done:
            continue
        done = k
        low = lows[k].replace("’", "'")
        lows[k] = low[:-2] if low.endswith("'s") else low
    rows = zip(map(_KIND, ms), texts, starts, map(re.Match.end, ms), lows, strict=True)
    return list(map(tuple.__new__, repeat(_Tok), rows))


_AMPM = re.compile(r"\s?([ap])\.?m\b\.?", re.IGNORECASE)


def _half_day(seconds: int, hours: int, ap: str) -> int:
    if ap.lower() == "p" and hours < 12:
        return seconds + 12 * 3600
    if ap.lower() == "a" and hours == 12:
        return seconds - 12 * 3600
    return seconds


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _adjacent(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


class _Cursor:
    """A text's tokens, read by index: out of range reads as no token (``low`` as "")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        # In a lower-cased text a capital cannot tell "May 7" from "may 7": context does.
        self.lower = is_lowercased(text)

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def low(self, i: int) -> str:
        t = self.tok(i)
        return t.low if t is not None else ""
