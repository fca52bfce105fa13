"""Tokens: the tokenizer, the small helpers on tokens and numbers, and ``_Cursor``, a
text's tokens read by position (the base of the parser)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress
from operator import itemgetter, or_
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


# the same alternatives as one group, for re.split (a token never holds a space)
_TOKEN_SPLIT = re.compile("(" + re.sub(r"\(\?P<\w+>", "(?:", _TOKEN.pattern) + ")")
_APOSTROPHE = re.compile("['’]")


def _tokens(text: str) -> list[_Tok]:
    """Every token of ``text``, in order (what ``_Tokens`` gives one by one)."""
    toks = _Tokens(text)
    return [toks[i] for i in range(len(toks))]


class _Tokens:
    """A text's tokens, each made when it is first read: an article has ~900, and the
    parser reads the few around each figure (building all of them was a third of the
    figure analysis). ``texts``, ``starts`` and ``lows`` hold every token's, built at C
    speed; a token's kind is worked out when it is made. Indexed as a list is (negative
    indices count from the end)."""

    __slots__ = ("_made", "lows", "starts", "texts")

    def __init__(self, text: str) -> None:
        # One split with the tokens captured, [gap, token, gap, ..., gap], offsets summed
        # from lengths: half the time of a match object per token.
        parts = _TOKEN_SPLIT.split(text)
        texts = parts[1::2]
        offsets = list(accumulate(map(len, parts)))
        self.texts: list[str] = texts
        self.starts: list[int] = offsets[0::2][: len(texts)]
        lows = list(map(str.lower, texts))
        # Only a token with an apostrophe in it loses a possessive or has "’" read as "'";
        # the few there are are found by position rather than by looking at every token.
        done = -1
        for m in _APOSTROPHE.finditer(text):
            k = bisect_right(self.starts, m.start()) - 1
            if k == done:
                continue
            done = k
            low = lows[k].replace("’", "'")
            lows[k] = low[:-2] if low.endswith("'s") else low
        self.lows = lows
        self._made: list[_Tok | None] = [None] * len(texts)

    def kind(self, i: int) -> str:
        """The kind of token ``i``: the name of the group of ``_TOKEN`` that matches it."""
        # the token is one whole match of _TOKEN, every alternative a named group
        return _TOKEN.fullmatch(self.texts[i]).lastgroup  # type: ignore[union-attr,return-value]

    def can_start(self, starts: frozenset[str]) -> list[int]:
        """Indices of the tokens that are numbers, currency signs or words in ``starts``."""
        firsts = map(itemgetter(0), self.texts)
        hits = map(or_, map(str.isdecimal, firsts), map(starts.__contains__, self.lows))
        return list(compress(range(len(self.texts)), hits))

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> _Tok:
        t = self._made[i]
        if t is None:
            t = self._made[i] = _Tok(
                self.kind(i),
                self.texts[i],
                self.starts[i],
                self.starts[i] + len(self.texts[i]),
                self.lows[i],
            )
        return t


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
        self.toks = _Tokens(text)
        self.n = len(self.toks)
        self._made, self._lows = self.toks._made, self.toks.lows  # read directly: hot
        # In a lower-cased text a capital cannot tell "May 7" from "may 7": context does.
        self.lower = is_lowercased(text)

    def tok(self, i: int) -> _Tok | None:
        if 0 <= i < self.n:
            return self._made[i] or self.toks[i]
        return None

    def low(self, i: int) -> str:
        return self._lows[i] if 0 <= i < self.n else ""
