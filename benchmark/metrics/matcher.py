"""Finding the forms of a word list in a text: one dictionary lookup per word.

Shared by every lexical layer of the wording score (the curated loaded terms, the graded
subjectivity list, the epistemic cues, and any plain word list a user loads). A form is
one or more words; between its words, a hyphen and a space are interchangeable
("far-Left", "far left", "far - left" in tokenised text), and an apostrophe must be an
apostrophe. Case is ignored.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from benchmark.text import Sentence

ALNUM = re.compile(r"[^\W_]+")  # letters and digits of any script ("naïve", "élan")
SEP = re.compile(r"[\s\-‐–]+")
_WORD_SPLIT = re.compile(r"([^\W_]+)")


def form_key(form: str) -> str:
    """A form normalised for lookup: lower case, straight apostrophes, one space between words."""
    return re.sub(r"[\s\-‐–]+", " ", form.lower().replace("’", "'")).strip()


def form_pattern(form: str) -> str:
    """The regular expression of one form (for the reference matcher)."""
    parts = [re.escape(p) for p in re.split(r"[\s\-‐–]+", form.strip()) if p]
    return r"[\s\-‐–]+".join(p.replace("'", "['’]") for p in parts)


def edge_punctuation(key: str) -> bool:
    """A form that starts or ends with something other than a letter or digit ("a+",
    "#metoo", "u.s."): the matcher compares words, so such a form cannot be matched as
    written; the readers refuse (our lists) or skip (published lists) it."""
    return bool(key) and (not (key[0].isalnum() and key[-1].isalnum()))


def split_form(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A normalised form's alphanumeric words, and what separates each from the next:
    "sep" (spaces or hyphens), "apos" (an apostrophe) or the literal characters ("u.s")."""
    found = list(ALNUM.finditer(key))
    gaps: list[str] = []
    for a, b in itertools.pairwise(found):
        g = key[a.end() : b.start()]
        gaps.append("apos" if g in ("'", "’") else "sep" if SEP.fullmatch(g) else g)
    return tuple(m.group() for m in found), tuple(gaps)


FormEntry = tuple[tuple[str, ...], tuple[str, ...], str]  # words, gaps, normalised form


@dataclass(frozen=True)
class FormIndex:
    """Where forms can start: one-word forms by their word, longer forms by their first two
    words (longest first), so each word of a text costs one or two dictionary lookups."""

    singles: Mapping[str, str] = field(default_factory=dict)  # word -> form
    pairs: Mapping[tuple[str, str], tuple[FormEntry, ...]] = field(default_factory=dict)
    firsts: frozenset[str] = frozenset()  # first words of the longer forms

    def __len__(self) -> int:
        return len(self.singles) + sum(len(v) for v in self.pairs.values())

    @cached_property
    def begins(self) -> frozenset[str]:
        """Every word a form can start with."""
        return frozenset(self.singles) | self.firsts


def build_index(keys: Iterable[str]) -> FormIndex:
    """The lookup index of normalised forms. At one position the longest form that matches
    wins, as in a regex alternation sorted longest first."""
    singles: dict[str, str] = {}
    pairs: dict[tuple[str, str], list[FormEntry]] = {}
    for key in sorted(set(keys), key=lambda k: (-len(k), k)):
        parts, gaps = split_form(key)
        if len(parts) == 1:
            singles.setdefault(parts[0], key)
        elif parts:
            pairs.setdefault((parts[0], parts[1]), []).append((parts, gaps, key))
    return FormIndex(
        singles, {k: tuple(v) for k, v in pairs.items()}, frozenset(k[0] for k in pairs)
    )


# The four non-ASCII characters that a regex's IGNORECASE matches as ASCII letters ("ſlams"
# is "slams" to it). Folding them first keeps the matchers equal and every offset in place
# (``str.lower`` alone would turn "İ" into two characters).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDED = re.compile("[\u0130\u0131\u017f\u212a]")


def fold(text: str) -> str:
    """Lower case with ASCII-matching letters folded; same length, same offsets."""
    if _FOLDED.search(text) is None:
        return text.lower()
    return text.translate(_FOLD).lower()


@dataclass(frozen=True)
class _Tokens:
    text: str  # held so that its id cannot be reused while cached
    words: list[str]  # lower-cased (folded) alphanumeric runs
    starts: list[int]  # where each word starts and ends in the text
    ends: list[int]


_last: list[_Tokens] = []  # the last text tokenised: the layers match the same text in turn


def _tokens(text: str) -> _Tokens:
    last = _last[0] if _last else None  # read once: another thread may swap the slot
    if last is not None and last.text is text:
        return last
    # One split with the words captured, [gap, word, gap, word, ..., gap], and offsets by
    # summing lengths: twice as fast as a match object per word on an article.
    parts = _WORD_SPLIT.split(fold(text))
    offsets = list(itertools.accumulate(map(len, parts)))
    words = parts[1::2]
    tok = _Tokens(text, words, offsets[0::2][: len(words)], offsets[1::2])
    _last[:] = [tok]
    return tok


def find_forms(
    text: str, index: FormIndex, taken: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of every form of ``index`` in ``text``, left to right, longest
    first at each position, never overlapping: the spans an alternation regex finds, by
    looking words up instead of trying every alternative at every position.

    Words overlapping a span of ``taken`` (sorted, as another layer found them) are
    passed over and no form runs through them: what matching ``text`` with those spans
    blanked finds, without tokenising the text a second time."""
    tok = _tokens(text)
    words, starts, ends = tok.words, tok.starts, tok.ends
    if taken:
        words = _without(words, starts, ends, taken)
    singles, pairs, firsts, begins = index.singles, index.pairs, index.firsts, index.begins
    n = len(words)
    out: list[tuple[int, int, str]] = []
    after = 0  # the word after the last form found: forms never overlap
    # only the few words a form can start with are looked at further
    for k in [k for k, w in enumerate(words) if w in begins]:
        if k < after:
            continue
        w = words[k]
        found: tuple[int, str] | None = None
        if w in firsts and k + 1 < n:
            for parts, gaps, key in pairs.get((w, words[k + 1]), ()):
                j = _match_rest(text, words, starts, ends, k, parts, gaps)
                if j >= 0:
                    found = (j, key)
                    break  # longest first: the first that matches wins, as in the regex
        if found is None and w in singles:
            found = (k, singles[w])
        if found is None:
            continue
        j, key = found
        out.append((starts[k], ends[j], key))
        after = j + 1
    return out


def _without(
    words: list[str], starts: list[int], ends: list[int], taken: Sequence[tuple[int, int]]
) -> list[str]:
    """``words`` with each word that overlaps a span of ``taken`` replaced by "" (no form
    has an empty word, so none starts at, ends at or runs through it)."""
    out = list(words)
    for a, b in taken:
        k = max(0, bisect.bisect_right(starts, a) - 1)
        while k < len(starts) and starts[k] < b:
            if ends[k] > a:
                out[k] = ""
            k += 1
    return out


def _match_rest(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    k: int,
    parts: tuple[str, ...],
    gaps: tuple[str, ...],
) -> int:
    """The index of the form's last word when the form starts at word ``k``, else -1 (the
    first two words are known to match; the separators are checked here)."""
    j = k
    for w, gap in zip(parts[1:], gaps, strict=True):
        if j + 1 >= len(words) or words[j + 1] != w:
            return -1
        between = text[ends[j] : starts[j + 1]]
        if gap == "apos":
            if not _apostrophe(between):
                return -1
        elif gap == "sep":
            if not SEP.fullmatch(between):
                return -1
        elif between != gap:
            return -1
        j += 1
    return j


def _apostrophe(between: str) -> bool:
    return between in ("'", "’")


class LazyPattern:
    """A case-insensitive regular expression compiled on first use. The bundled lists hold
    about 2,000 skip patterns; compiling them all took most of a second at the start of
    every scoring process, and most are never needed (their word never occurs). Lists a
    user loads are compiled at once instead, so that a bad pattern names its line."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, re.IGNORECASE)
        return self._compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


SkipPattern = re.Pattern[str] | LazyPattern


def skipped(patterns: Sequence[SkipPattern], sent: Sentence, start: int, end: int) -> bool:
    """True when a skip pattern's match in the sentence overlaps ``[start, end)`` (offsets
    relative to the sentence)."""
    for pat in patterns:
        for m in pat.finditer(sent.text):
            if m.start() < end and start < m.end():
                return True
    return False


def sentence_at(sentences: Sequence[Sentence], start: int) -> Sentence | None:
    """The sentence holding offset ``start`` (sentences are in text order)."""
    k = bisect.bisect_right(sentences, start, key=lambda s: s.start) - 1
    if k >= 0 and start < sentences[k].end:
        return sentences[k]
    return None
