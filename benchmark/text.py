"""Text primitives shared by the metrics and the baselines: sentences, quotations, words.

ROUGE's tokenizer is wrong for all of these (it drops quotes, currency and case),
so the project keeps its own, with character offsets into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]

# Abbreviations after which a full stop does not end a sentence (lower case, no dot).
_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof sr jr st sgt cpl pte capt cmdr lt col gen maj adm gov sen rep rev hon "
    "det insp supt con pc dc ch cllr fr no nos vs v etc al approx est dept univ inc ltd co corp "
    "plc bros ave rd mt ft jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu "
    "thur thurs fri sat sun fig op vol ed eds e.g i.e u.s u.k u.n u.s.a a.m p.m".split()
)
_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9£$€]")
# In a lower-cased text (as many summarisers write) a sentence starts with any word, so
# only a plain end counts: a full stop, "!" or "?", or a full stop inside a closing quote;
# not an ellipsis, a bracket, or a quoted exclamation, which run on as often as they end.
_LOWER_END = re.compile(r"[.!?]|\.[\"'”’]+")
_NEXT_START_LOWER = re.compile(r"\s+[\"'“‘(\[]*[A-Za-z0-9£$€]")  # "UNK" can start one


_UPPER = re.compile(r"[A-Z]")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9_])UNK(?![A-Za-z0-9_])")


def is_lowercased(text: str) -> bool:
    """True when ``text`` has letters but no capital (models' "UNK" tokens aside): then a
    sentence may start in lower case and month names are read by their context."""
    # Capital by capital, so that ordinary text is answered at its first letter.
    pos = 0
    while (m := _UPPER.search(text, pos)) is not None:
        placeholder = _PLACEHOLDER.match(text, m.start())
        if placeholder is None:
            return False
        pos = placeholder.end()
    return re.search(r"[a-z]", text) is not None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets. Newlines always end a sentence (bullets, paragraphs).

    A full stop ends a sentence only when the next word starts with a capital (any
    letter in a lower-cased text), digit, currency sign or opening quote, and the word
    before it is not an abbreviation ("Mr.", "U.S.", "a.m.") or an initial ("J. Smith"); decimals
    ("3.5") never split because no space follows the dot.
    """
    out: list[Sentence] = []
    pos = 0
    lower = is_lowercased(text)
    next_start = _NEXT_START_LOWER if lower else _NEXT_START
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _SENT_END.finditer(text, line.start(), line.end()):
            if not next_start.match(text, m.end(), line.end()):
                continue
            if lower and not _LOWER_END.fullmatch(m.group()):
                # no capital to tell: “we were robbed!” as fans looked on; (R-Va.) and ...
                continue
            if text[m.start()] == "." and _is_abbreviation(text, m.start(), lower):
                continue
            _append(out, text, start, m.end())
            start = m.end()
        _append(out, text, start, line.end())
        pos = line.end()
    del pos
    return out


def _is_abbreviation(text: str, dot: int, lower: bool = False) -> bool:
    k = dot
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("J. K. Smith"), and dotted
    # acronyms ("U.S.") are abbreviations.
    # "J.", but not the "s" of "1960s." or "newsagent's."
    standalone = k == 0 or not (text[k - 1].isalnum() or text[k - 1] in "'’")
    initial = standalone and len(word) == 1 and (text[dot - 1].isupper() or lower)
    return initial or ("." in word and len(word) <= 5)


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start, end, text[start:end]))


_OPEN_CONTEXT = " \t\n([{—–-/“‘\"'"
_LETTER = re.compile(r"\w")


def quote_spans(text: str) -> list[Span]:
    """Spans of text inside quotation marks (the marks included).

    Double quotes: curly pairs and straight toggles. Single quotes: an opening
    mark must follow a space or bracket and precede a non-space; a closing mark
    must follow a non-space and precede a non-letter. Apostrophes inside words
    ("party's", "don’t") are neither; a possessive ("members' votes") can close
    a single quote only when no better closing mark follows in the paragraph.
    A quotation left open at the end of a paragraph runs to the paragraph end,
    as news style opens each paragraph of a long quotation anew.
    """
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        spans += _double_quotes(text, para.start(), para.end())
        spans += _single_quotes(text, para.start(), para.end())
    spans.sort()
    return spans


_DOUBLE_MARK = re.compile('[“”"]')
_SINGLE_MARK = re.compile("[‘’']")


def _double_quotes(text: str, start: int, end: int) -> list[Span]:
    """Curly pairs, and straight marks classed as opening or closing by what is around them.

    A straight mark opens after a space or bracket and before a non-space, closes after a
    non-space; one that can do neither (the inches of 6'2") is ignored. An opening mark
    met while a quotation is open ends the open one there: in paragraphs merged onto one
    line, each paragraph of a long quotation opens anew and never closes.
    """
    spans: list[Span] = []
    open_at: int | None = None
    for m in _DOUBLE_MARK.finditer(text, start, end):  # only the marks, not every character
        i = m.start()
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opens = ch == "“" or (ch == '"' and before in _OPEN_CONTEXT and not after.isspace())
        closes = ch == "”" or (ch == '"' and not before.isspace() and before not in "([{")
        if open_at is not None and closes and not (ch == '"' and opens and before == " "):
            spans.append((open_at, i + 1))
            open_at = None
        elif opens:
            if open_at is not None:
                spans.append((open_at, i))
            open_at = i
    if open_at is not None:
        spans.append((open_at, end))
    return spans


def _single_quotes(text: str, start: int, end: int) -> list[Span]:
    opens: list[int] = []
    closes: list[int] = []
    for m in _SINGLE_MARK.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if ch in "‘'" and before in _OPEN_CONTEXT and not after.isspace():
            if ch == "'" and after.isdigit() and not _digit_closes_later(text, i, end):
                continue  # '72 (a year), not a quotation
            opens.append(i)
        elif ch in "’'" and not before.isspace() and not _LETTER.match(after):
            closes.append(i)
    spans: list[Span] = []
    ci = 0
    for o in opens:
        if spans and o < spans[-1][1]:
            continue
        candidates = [c for c in closes[ci:] if c > o]
        if not candidates:
            continue
        # Prefer a close that is not a plural possessive followed by a word, within the
        # sentence: "'We understand residents' anger,' she said" closes at "anger,'", but
        # "so-called 'legal highs' as well as 22 phones." closes at "highs'".
        first = candidates[0]
        stop = _SENTENCE_STOP.search(text, first + 1, end)
        limit = end if stop is None else stop.end()
        chosen = next((c for c in candidates if c < limit and not _possessive(text, c, end)), first)
        spans.append((o, chosen + 1))
        ci = closes.index(chosen) + 1
    return spans


_SENTENCE_STOP = re.compile(r"[.!?][\"'”’]*\s")


def _possessive(text: str, i: int, end: int) -> bool:
    """``members' votes``: an s, the mark, a space, then a lower-case word."""
    return (
        i > 0
        and text[i - 1] in "sS"
        and i + 2 < end
        and text[i + 1] == " "
        and text[i + 2].islower()
    )


def _digit_closes_later(text: str, i: int, end: int) -> bool:
    """``'1,000'`` is a quoted figure; ``'72 flood`` is an elided year."""
    m = re.match(r"'[\d,.]+[a-zA-Z%]*'", text[i:end])
    return m is not None


def inside(spans: Sequence[Span], start: int, end: int) -> bool:
    """True when [start, end) lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


_WORD = re.compile(r"[A-Za-z0-9£$€]+(?:[-'’.,][A-Za-z0-9]+)*%?")


def words(text: str) -> list[str]:
    """Words as a reader counts them (for per-100-word rates and lengths)."""
    return _WORD.findall(text)
