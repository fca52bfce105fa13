"""Text as summarisers write it: PTB-tokenised and lower-cased, read as ordinary text.

Many summarisers, and the CNN/DailyMail references themselves, write
``the council 's `` plan '' cost $ 20 -lrb- # 15 -rrb- on may 7 .``: brackets as ``-lrb-``,
quotation marks as backticks, a space before every full stop, currency signs apart from
their numbers, the pound sign turned into ``#``. :func:`normalise` undoes the tokenisation
(not the casing: the metrics read lower-cased text by itself, see :func:`is_lowercased`)
and keeps a map from every offset of the result back to the text given, so flags are shown
where the user's text has them. Ordinary text comes back unchanged, at the cost of one
regex search.

:func:`ptb_tokenise` does the opposite, as CNN/DailyMail's preprocessing did; the tests and
``headline-bench validate`` use it to check that no verdict depends on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmark.text import is_lowercased as is_lowercased  # where it used to live
from benchmark.text import quote_spans

# Signs of tokenised text; ordinary prose has none of them.
_NEEDS = re.compile(
    r"-[lr][rsc]b-|``|''|`|\\['\"]|\s[.,;:!?%)\]](?=\s|$)|[(\[]\s|\s(?:'s|'re|'ll|'ve|'m|'d|n't)\b"
    r"|[£$€#]\s\d|(?<!\S)['\"](?!\S)",
    re.IGNORECASE,
)
# Substrings one of which every text ``_NEEDS`` matches has, once lower-cased, its whitespace
# runs made single spaces and a space put at each end: a cheap test before the regex, which
# is slow on long ordinary text (it looks at every space). One per alternative of _NEEDS.
_SIGNS = (
    "-lrb-", "-rrb-", "-lsb-", "-rsb-", "-lcb-", "-rcb-",  # brackets
    "`", "''", "\\'", '\\"',  # quotation marks
    " . ", " , ", " ; ", " : ", " ! ", " ? ", " % ", " ) ", " ] ", "( ", "[ ",  # spaced marks
    " 's", " 're", " 'll", " 've", " 'm", " 'd", " n't",  # clitics
    "£ ", "$ ", "€ ", "# ",  # spaced currency
    " ' ", ' " ',  # a lone quotation mark
)  # fmt: skip


# ``_SIGNS`` in the padded text, read off the text itself (35 substring scans of a padded
# copy were 0.2 ms of every article body): a sign between spaces is a whole word, one with
# a space after ends a word, one with a space before starts one, and one without a space
# is in the text as it is. Each regex starts with a character class, so that the engine
# skips to the few characters that can begin a match.
_LONE_MARK = re.compile(r"""[.,;:!?%)\]'"](?<!\S[.,;:!?%)\]'"])(?!\S)""")  # " . "
_ENDS_WORD = re.compile(r"[(\[£$€#](?!\S)")  # "( ", "£ "
_STARTS_WORD = re.compile(r"['n](?<!\S['n])(?:(?<=')(?:s|re|ll|ve|m|d)|(?<=n)'t)")  # " 's"


def _may_need(text: str) -> bool:
    """Whether any of ``_SIGNS`` is in the text lower-cased, with its whitespace runs made
    single spaces and a space put at each end (tested equal to that)."""
    low = text.lower()
    return (
        ("b-" in low and any(token in low for token in _BRACKETS))
        or "`" in low
        or "''" in low
        or ("\\" in low and ("\\'" in low or '\\"' in low))
        or _LONE_MARK.search(low) is not None
        or _ENDS_WORD.search(low) is not None
        or _STARTS_WORD.search(low) is not None
    )


_BRACKETS = {"-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}"}
_TOKENS = re.compile(r"-[lr][rsc]b-|\\'|\\\"|``|''|`", re.IGNORECASE)
_TOKEN_TEXT = {**_BRACKETS, "\\'": "'", '\\"': '"', "``": "“", "''": "”", "`": "‘"}
# A quotation mark standing alone between spaces (with the spaces before it): its role is
# worked out by pairing; an opening mark written against its word opens.
_LONE_QUOTE = re.compile(
    r"(?P<pre>[ \t]*)(?<!\S)(?P<q>['\"‘“])(?=\s|$|[.,;:!?])|(?P<pre2>)(?<!\S)(?P<q2>[‘“])(?=\S)"
)
_NEXT_SINGLE = re.compile(r"(?<!\S)'(?=\s|$|[.,;:!?])|(?<!\S)‘")
_SPACES = re.compile(
    r"\s+(?=[.,;:!?](?:\s|$|[\"'”’)\]]))"  # "word ." -> "word."
    r"|\s+(?=[%)\]}”’])"  # "12 %", "( x )", "‘ x ’"
    r"|(?<=[(\[{“‘])\s+"
    r"|\s+(?=(?:['’](?:s|re|ll|ve|m|d)|n['’]t)\b)"  # "council 's", "did n't"
    r"|(?<=[£$€])\s+(?=\d)",  # "$ 20"
    re.IGNORECASE,
)
# After the spaces go: "# 20" for "£20" (CNN/DM's encoding of the pound sign; "#1", with
# no space, stays a rank), and a money magnitude written apart ("£48.6 m" -> "£48.6m").
_POUND = re.compile(r"(?<![\w#])#\s+(?=\d)")
_MONEY_MAGNITUDE = re.compile(r"(?<=[£$€]\d)(?:[\d,]*(?:\.\d+)?)\s+(?=(?:m|bn|mn|k|tn|b)\b)")


@dataclass(frozen=True)
class Normalised:
    """A text as read, and where each of its characters was in the text given."""

    original: str
    text: str
    # for each character of ``text``: the start and end offset in ``original`` of what it
    # came from (a replaced token's characters share the token's span); empty when unchanged
    starts: tuple[int, ...] = field(default=(), repr=False)
    ends: tuple[int, ...] = field(default=(), repr=False)

    @property
    def changed(self) -> bool:
        return self.text is not self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` came from."""
        if not self.changed:
            return start, end
        if end <= start:
            a = self.starts[start] if start < len(self.starts) else len(self.original)
            return a, a
        return self.starts[start], self.ends[end - 1]

    def original_span(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


_Map = tuple[list[int], list[int]]


def _sub(
    text: str, spans: _Map, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, _Map]:
    """``pattern.sub(repl, text)`` with the character map carried along: an unchanged
    character keeps its span; each character of a replacement gets the span of all it
    replaced."""
    starts, ends = spans
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        a, b = m.span()
        out.append(text[last:a])
        new_starts += starts[last:a]
        new_ends += ends[last:a]
        rep = repl(m)
        out.append(rep)
        if len(rep) == b - a:
            new_starts += starts[a:b]
            new_ends += ends[a:b]
        elif rep:
            lo = starts[a] if a < len(starts) else (ends[-1] if ends else 0)
            hi = ends[b - 1] if b > a else lo
            new_starts += [lo] * len(rep)
            new_ends += [hi] * len(rep)
        last = b
    out.append(text[last:])
    new_starts += starts[last:]
    new_ends += ends[last:]
    return "".join(out), (new_starts, new_ends)


# The last few texts read, by identity: scoring hands one article's text to the figure,
# curated and graded readers in turn, and the test is a scan of the whole text.
_RECENT_SIZE = 4
_recent: list[tuple[str, Normalised]] = []


def normalise(text: str) -> Normalised:
    """``text`` with PTB tokenisation undone (brackets, quotation marks, spaces before
    punctuation and clitics, spaced currency and money magnitudes, ``#`` for ``£``)."""
    recent = list(_recent)  # a copy: another thread may change the list
    for seen, result in recent:
        if seen is text:
            return result
    result = _normalise(text)
    # A normalised text is its own normal form: remember that too.
    known = [(text, result)] + (
        [(result.text, Normalised(result.text, result.text))] if result.changed else []
    )
    _recent[:] = (known + recent)[:_RECENT_SIZE]
    return result


def _normalise(text: str) -> Normalised:
    if not _may_need(text) or _NEEDS.search(text) is None:
        return Normalised(text, text)
    spans: _Map = (list(range(len(text))), list(range(1, len(text) + 1)))
    out = text
    for _ in range(3):  # to a fixed point, so that normalising twice changes nothing
        before = out
        out, spans = _sub(out, spans, _TOKENS, lambda m: _TOKEN_TEXT[m.group().lower()])
        out, spans = _sub(out, spans, _LONE_QUOTE, _Pairing(out).role)
        out, spans = _sub(out, spans, _SPACES, lambda m: "")
        out, spans = _sub(out, spans, _POUND, lambda m: "£")
        out, spans = _sub(out, spans, _MONEY_MAGNITUDE, lambda m: m.group().rstrip())
        if out == before:
            break
    if out == text:
        return Normalised(text, text)
    return Normalised(text, out, tuple(spans[0]), tuple(spans[1]))


class _Pairing:
    """Opening, closing or apostrophe, for each quotation mark that stands alone between
    spaces. Within a line a mark opens unless one of its kind is open (a backtick always
    opens); a lone ``'`` after a plural and before a word ("residents ' anger") is the
    plural possessive, unless it must close an open quotation that nothing later closes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.open: dict[str, bool] = {}
        self.line = -1

    def role(self, m: re.Match[str]) -> str:
        pre = m.group("pre") or ""
        mark = m.group("q") or m.group("q2")
        at = m.start("q") if m.group("q") else m.start("q2")
        line = self.text.count("\n", 0, at)
        if line != self.line:
            self.line, self.open = line, {}
        kind = "single" if mark in "'‘" else "double"
        if mark == "'" and self._possessive(pre, at):
            return "'"  # joined to its word: "residents'"
        if mark in "‘“" or not self.open.get(kind):
            self.open[kind] = True
            return pre + ("‘" if kind == "single" else "“")
        self.open[kind] = False
        return pre + ("’" if kind == "single" else "”")

    def _possessive(self, pre: str, at: int) -> bool:
        text = self.text
        before = text[at - len(pre) - 1] if at - len(pre) >= 1 else ""
        after = text[at + 1 : at + 3]
        if not pre or before not in "sS" or not re.match(r"\s[a-z]", after, re.IGNORECASE):
            return False
        if not self.open.get("single"):
            return True
        # inside a quotation: an apostrophe only if a later mark closes it before any opens
        end = text.find("\n", at)
        nxt = _NEXT_SINGLE.search(text, at + 1, len(text) if end < 0 else end)
        return nxt is not None and nxt.group() == "'"


# --- the other way, for checks ----------------------------------------------------------------

_PTB_SPLIT = re.compile(
    r"(?P<cur>[£$€](?=\d))"
    r"|(?P<mag>(?<=\d)(?:m|bn|mn)\b(?!-))"
    r"|(?P<clitic>(?<=\w)(?:['’](?:s|re|ll|ve|m|d)|n['’]t)\b)"
    r"|(?P<punct>[.,;:!?](?=\s|$|[\"'”’)\]])|[%()\[\]{}])"
    r"|(?P<quote>[“”\"‘’'])"
)
_MONEY_BEFORE = re.compile(r"[£$€]\d[\d,]*(?:\.\d+)?$")
_PTB_TEXT = {"(": "-lrb-", ")": "-rrb-", "[": "-lsb-", "]": "-rsb-", "{": "-lcb-", "}": "-rcb-"}


def ptb_tokenise(text: str, *, pound_as_hash: bool = False) -> str:
    """``text`` lower-cased and tokenised as CNN/DailyMail's preprocessing did: brackets as
    ``-lrb-``, opening quotation marks as ``` `` ``` and ``` ` ```, closing ones as ``''`` and
    ``'``, a plural possessive's apostrophe apart, punctuation, clitics, currency signs and
    money magnitudes apart (``pound_as_hash``: ``£`` as ``#``). Which marks open and close
    quotations is read with :func:`benchmark.text.quote_spans`, so that the check compares
    the same reading of the text. Lines stay lines (bullets are one per line)."""
    return "\n".join(_ptb_line(line, pound_as_hash) for line in text.split("\n"))


def _ptb_line(text: str, pound_as_hash: bool) -> str:

    spans = quote_spans(text)
    opens = {a for a, _ in spans}
    closes = {b - 1 for _, b in spans}
    out: list[str] = []
    last = 0
    for m in _PTB_SPLIT.finditer(text):
        tok = m.group()
        kind = m.lastgroup
        if kind == "quote":
            double = tok in '“”"'
            if m.start() in opens:
                tok = "``" if double else "`"
            elif m.start() in closes:
                tok = "''" if double else "'"
            elif tok in "'’" and _plural_possessive(text, m.start()):
                tok = "'"
            else:
                continue  # an apostrophe ("'72", "rock 'n' roll"): left in its word
        elif kind == "clitic":
            tok = tok.replace("’", "'")
        elif kind == "punct":
            tok = _PTB_TEXT.get(tok, tok)
        elif kind == "cur" and pound_as_hash and tok == "£":
            tok = "#"
        elif kind == "mag" and not _MONEY_BEFORE.search(text, 0, m.start()):
            continue  # only money magnitudes come apart ("£2.5 m"), not "5,000m-long"
        out.append(text[last : m.start()])
        out.append(f" {tok} ")
        last = m.end()
    out.append(text[last:])
    return " ".join("".join(out).split()).lower()


def _plural_possessive(text: str, i: int) -> bool:
    """ "members' votes": an apostrophe after an s and before a word."""
    return (
        i > 0 and text[i - 1] in "sS" and re.match(r"\s+[A-Za-z]", text[i + 1 : i + 3]) is not None
    )
