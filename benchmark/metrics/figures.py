"""Faithfulness of figures: find the figures in a text, normalise them, check them against a source.

A figure is a number with what it measures: "£2.5m", "62.5 per cent", "a
nine-hour meeting", "1,000 members", "14 March", "2019". The parser is the
project's own grammar: ROUGE's tokenizer splits "£3.5bn" into "3" and "5bn", and
general quantity parsers misread news style ("£2.5m" is money, "400m race" is
not).

``check_figures(source, summary)`` reports which summary figures the source does
not support (value, unit and counted thing), and which supported figures lost
the hedge or attribution that every supporting source mention carries.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, methodcaller
from typing import Literal, NamedTuple

from benchmark.normalise import Normalised, is_lowercased, normalise
from benchmark.text import Sentence, Span, inside, quote_spans, split_sentences

VERSION = "1.1.0"

Kind = Literal["number", "currency", "percent", "quantity", "date", "year", "time", "id"]
Bound = Literal["about", "over", "under", "nearly", "exact"]

# --- vocabulary -------------------------------------------------------------------------------

_UNITS: dict[str, str] = {}


def _unit(canonical: str, *forms: str) -> None:
    for f in forms:
        _UNITS[f] = canonical


_unit("km", "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")
_unit("mile", "mile", "miles", "mi")
_unit("metre", "metre", "metres", "meter", "meters")
_unit("cm", "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_unit("mm", "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_unit("ft", "ft", "foot", "feet")
_unit("inch", "inch", "inches", "in.")
_unit("yard", "yard", "yards", "yd", "yds")
_unit("kg", "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")
_unit("g", "gram", "grams", "gramme", "grammes")
_unit("tonne", "tonne", "tonnes", "ton", "tons")
_unit("lb", "lb", "lbs")
_unit("stone", "stone", "st")
_unit("mph", "mph")
_unit("kmh", "kph", "km/h", "kmh")
_unit("second", "second", "seconds", "sec", "secs")
_unit("minute", "minute", "minutes", "min", "mins")
_unit("hour", "hour", "hours", "hr", "hrs", "h")
_unit("day", "day", "days")
_unit("week", "week", "weeks", "wk", "wks")
_unit("month", "month", "months")
_unit("year", "year", "years", "yr", "yrs")
_unit("decade", "decade", "decades")
_unit("century", "century", "centuries")
_unit("degree", "degree", "degrees", "°c", "°f", "°")
_unit("acre", "acre", "acres")
_unit("hectare", "hectare", "hectares", "ha")
_unit("litre", "litre", "litres", "liter", "liters", "l")
_unit("gallon", "gallon", "gallons")
_unit("mw", "mw", "megawatt", "megawatts")
_unit("gw", "gw", "gigawatt", "gigawatts")
_unit("kwh", "kwh")
_unit("pence", "p", "pence", "penny")
_unit("cent", "cent", "cents", "c")
_unit("GBP", "pound", "pounds", "quid", "sterling")
_unit("EUR", "euro", "euros")
_unit("USD", "dollar", "dollars")


_CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "US$": "USD", "A$": "AUD", "C$": "CAD"}
_CURRENCY_UNITS = frozenset({"GBP", "USD", "EUR", "AUD", "CAD", "pence", "cent"})
_STRONG_UNITS = _CURRENCY_UNITS | {"%", "date", "calendar_year", "decade", "time"}

_MAGNITUDES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "thirds": 200 / 3, "quarters": 75.0}

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}

_VAGUE = {"hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}

# Month names that are also common words: only capitalised are they months (in a
# lower-cased text, only beside a day number, and "7 may be" is still the verb).
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "jun", "aug", "sep", "oct", "dec"})
_AFTER_MODAL = frozenset(
    "be have not also well still never now soon even only just already yet need want get take "
    "make come go face lose cost rise fall see help apply become remain seem appear include "
    "require receive return leave win reach use continue start end stay do".split()
)
_WEATHER = re.compile(
    r"\b(temperatures?|degrees?|celsius|centigrade|fahrenheit|heat|heatwave|hot|hotter|hottest|"
    r"warm|warmer|warmest|cold|colder|coldest|cool|cooler|chilly|frost|freezing|thermometer|"
    r"mercury|weather|forecast|met office|sunshine)\b",
    re.IGNORECASE,
)
# "may" is the month after these words, or next to a day number, whatever its case.
_MAY_MONTH_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|of|last|next|early|late|mid|this|during|before|after|"
    r"between|through|throughout|on|\d{1,2}(?:st|nd|rd|th)?)\s+$",
    re.IGNORECASE,
)
_MAY_MONTH_AFTER = re.compile(r"\s+(?:\d{1,2}(?:st|nd|rd|th)?\b|\d{4}\b)")

# Prefixes before a hyphenated number that keep it a figure ("mid-2019", "over-50s").
_PREFIXES = frozenset("mid pre post late early over under top sub non anti ex up then".split())

# Labels whose number names a thing rather than counts it ("Section 21", "No 10").
_ID_LABELS = frozenset(
    "section article clause rule no number flight room page level tier category stage grade "
    "route highway interstate junction platform gate chapter model series apollo mark "
    "version paragraph schedule part volume episode season division league".split()
)

# Approximation qualifiers before a figure: how the true value relates to it.
_QUALIFIERS: tuple[tuple[str, Bound], ...] = (
    ("more than", "over"),
    ("over", "over"),
    ("upwards of", "over"),
    ("in excess of", "over"),
    ("at least", "over"),
    ("just over", "over"),
    ("above", "over"),
    ("less than", "under"),
    ("fewer than", "under"),
    ("under", "under"),
    ("just under", "nearly"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("close to", "about"),
    ("below", "under"),
    ("about", "about"),
    ("around", "about"),
    ("roughly", "about"),
    ("approximately", "about"),
    ("some", "about"),
    ("circa", "about"),
    ("c.", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
    # "up to", "as many as": the source's own bound, a hedge (see _LOCAL_HEDGES), never
    # licence to round: "up to 90mph" is not supported by "75mph".
    ("up to", "exact"),
    ("as many as", "exact"),
    ("as much as", "exact"),
    ("as high as", "exact"),
    ("as few as", "exact"),
    ("as little as", "exact"),
)
_QUALIFIER_RE = re.compile(
    r"\b("
    + "|".join(re.escape(q) for q, _ in sorted(_QUALIFIERS, key=lambda x: -len(x[0])))
    + r")\s+(?:of\s+)?(?:a\s+|an\s+|the\s+)?$",
    re.IGNORECASE,
)
_QUALIFIER_BOUND = dict(_QUALIFIERS)

# Hedge cues. Modal cues ("could", "estimated") hedge the figures of their clause;
# attribution cues ("according to", "sources said") the whole sentence; local cues
# ("up to £3m") only the figure they precede. A summary keeps a modal hedge only with
# a hedge cue of its own; an attribution or a quotation is also kept by attributing.
_MODAL_RE = re.compile(
    r"\b(could|may|might|(?:is|are|was|were|be|been)\s+expected|expected\s+to|expects?|"
    r"estimated?|estimates?|projected|projections?|forecasts?\s+(?:to|that)|"
    r"(?:is|are|was|were)\s+forecast|predicted|predicts?|likely\s+to|(?:is|are|was|were)\s+likely|"
    r"(?:will|would|could|may)\s+likely|"
    r"potentially|possibly|fears?|feared|believes?|believed|thought\s+to|understood\s+to|"
    r"unconfirmed|"
    r"suggests?|suggested|as\s+many\s+as|as\s+much\s+as|up\s+to)\b",
    re.IGNORECASE,
)
_ATTRIBUTION_CUE_RE = re.compile(
    r"\b(reportedly|reported\s+to|(?:is|are|was|were)\s+reported|according\s+to|"
    r"sources?\s+(?:said|say|says|told|claim|claimed|close)|claimed|claims?\s+(?:that|to)|"
    r"(?:he|she|they|it|who|which)\s+claims?|allegedly|alleged|"
    r"(?:is|are|was|were)\s+said\s+to)\b",
    re.IGNORECASE,
)
# A figure right after a cue ("estimated at about £33m") takes the cue for itself.
_NEXT_FIGURE = re.compile(
    r"\s+(?:at\s+)?(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+|almost\s+|more\s+than\s+)?"
    r"(?:[£$€]\s?)?\d"
)
# Clause boundaries for modal cues: ";", ":", and a comma before a conjunction or relative.
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s+(?:and|but|while|whereas|although|though|which|who|as|after|before|when|with)\b"
    r"|,\s+(?!according\b)[a-z]+ing\b"  # ", prompting speculation that ...", ", suggesting ..."
    r"|\s+(?:but|while|whereas|when|because|although|though|unless|until|since|after|before|"
    r"why|whether)\s+"
    r"|\s+and,"  # "is now 10 and, according to his jockey, ..."
    # captions run into the text: a capitalised function word after a lower-case word with
    # no stop between ("... without interruption According to teachers ...")
    r"|(?<=[a-z])\s+(?=(?:The|A|An|In|On|At|He|She|It|They|We|His|Her|Their|But|And|This|"
    r"That|With|When|After|Before|According|Scroll)\s)"
)
# Cues that hedge only the figure they precede ("up to £3m"), not the whole sentence.
_LOCAL_HEDGES = frozenset(
    {"as many as", "as much as", "as high as", "up to", "an estimated", "estimated"}
)
_ATTRIBUTION_RE = re.compile(
    r"\b(said|says|say|told|tells|according to|claims?\s+(?:that|to)|claimed|alleges?|alleged|"
    r"warns?|warned|"
    r"insists?|insisted|reported|argues?|argued|believes?|estimates?|estimated|"
    r"(?:figures|data|records|papers|documents|study|survey|poll|research|analysis|report)\s+"
    r"(?:show|shows|showed|suggest|suggests|found|finds|puts?))\b",
    re.IGNORECASE,
)
ATTRIBUTION_HEDGES = frozenset({"quotation marks"})
"""Hedges a summary also keeps by attribution ("the union says"); see :func:`_keeps`."""

_STOP = frozenset(
    "a an the of to in on at by for from with without and or but nor so as than that which who "
    "whom whose this these those it its their his her our your my we they he she i you is are "
    "was were be been being has have had do does did will would shall should can could may might "
    "must said says say told per each every all some any no not more most less least few many "
    "much over under about around after before since until while when where if into onto "
    "out up down off again also just only still yet ago later earlier last next this there here "
    "what how why whether across between among against during through toward towards than "
    "including like such behind ahead beyond within inside outside near above below along "
    "past via plus minus versus".split()
)
_ING_NOUNS = frozenset(
    "building buildings meeting meetings hearing hearings sitting sittings wedding weddings "
    "ceiling ceilings earnings savings dwelling dwellings housing offering offerings "
    "opening openings crossing crossings rating ratings recording recordings painting "
    "paintings shooting shootings stabbing stabbings killing killings screening screenings "
    "booking bookings listing listings landing landings filling fillings".split()
)
_NOUN_SYNONYMS = [
    {"customer", "shopper", "consumer", "buyer", "client"},
    {"home", "household", "house", "property", "dwelling"},
    {"person", "individual"},
    {"child", "kid"},
    {"job", "post", "role", "position"},
    {"worker", "employee", "staff", "personnel"},
    {"vehicle", "car", "truck", "motorcycle"},
    {"pupil", "student"},
    {"train", "service"},
    {"measurement", "reading"},
    {"ship", "vessel", "boat"},
    {"company", "firm", "business"},
    {"win", "victory", "triumph"},
    {"match", "game", "fixture"},
    {"defeat", "loss"},
    {"son", "boy"},
    {"daughter", "girl"},
    {"goal", "strike"},
]
# Words that name people: "41 people" supports "41 runners" (a person is any of them),
# but "1,000 members" does not support "1,000 voters".
_HUMAN = frozenset(
    "person resident member voter worker employee staff patient victim runner player fan "
    "passenger pupil student child adult teenager man woman officer nurse doctor teacher driver "
    "customer shopper tenant landlord volunteer protester supporter visitor tourist migrant "
    "refugee citizen briton american investor pensioner councillor mp lawmaker candidate "
    "athlete competitor spectator casualty case infection survivor prisoner inmate suspect "
    "defendant "
    "family parent resident user subscriber applicant claimant mourner delegate activist "
    "campaigner walker climber hiker swimmer cyclist motorist commuter traveller traveler "
    "homeowner renter borrower saver consumer household civilian personnel soldier troop".split()
)
_VERBS = frozenset(
    "met lost left went came took gave fell rose won ran paid made saw got put cut hit set led "
    "held kept sold told found thought brought bought built spent sent felt stood broke spoke "
    "chose drove flew grew knew threw wore wrote became began died fled face faces faced will "
    "are were is was have has had did do does remain remained stay stayed live lived work "
    "worked say".split()
)


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure found in a text. ``value`` is normalised (1,000 = one thousand; £2.5m = 2.5e6)."""

    text: str
    start: int
    end: int
    value: float
    unit: (
        str | None
    )  # canonical unit: "GBP", "%", "km", "hour", "date", "calendar_year"...; None for counts
    kind: Kind
    noun: str | None = None  # what a count counts, singular ("member" in "1,000 members")
    phrase: tuple[str, ...] = ()  # the words that name it, singular ("labour", "member")
    bound: Bound = "exact"  # approximation qualifier before it ("about", "more than")
    hedged: bool = False  # its sentence has a hedge cue, or it sits inside quotation marks
    hedge: str | None = None  # the cue ("could", "as many as") or "quotation marks"
    attributed: bool = False  # its sentence attributes it to someone ("said", "according to")
    sentence: Span = (0, 0)


Status = Literal["supported", "unsupported", "unhedged"]


@dataclass(frozen=True, slots=True)
class FigureMatch:
    """The verdict on one summary figure, with the source mention behind it (for reports)."""

    figure: Figure
    status: Status
    source: Figure | None
    explanation: str


@dataclass(frozen=True, slots=True)
class FigureReport:
    figures: tuple[Figure, ...]
    unsupported: tuple[Figure, ...]
    unhedged: tuple[Figure, ...]
    matches: tuple[FigureMatch, ...]

    @property
    def precision(self) -> float:
        """Share of summary figures the source supports (1.0 when there are none)."""
        if not self.figures:
            return 1.0
        return 1.0 - len(self.unsupported) / len(self.figures)

    @property
    def hedge_kept(self) -> float | None:
        """Share of supported figures with hedged sources that kept a hedge (None if none)."""
        hedged = [
            m
            for m in self.matches
            if m.status != "unsupported" and m.source is not None and m.source.hedged
        ]
        if not hedged:
            return None
        return 1.0 - sum(m.status == "unhedged" for m in hedged) / len(hedged)


@dataclass(frozen=True)
class AnalysedText:
    """A text's figures, computed once (an article's side is reused for every summary)."""

    text: str
    figures: tuple[Figure, ...]
    by_value: dict[float, tuple[Figure, ...]] = field(repr=False)
    contexts: tuple[frozenset[str], ...] = field(default=(), repr=False)  # per figure
    # content words per sentence, filled on demand (a cache: reused for every summary)
    sentence_words: dict[Span, frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # the text as given, when it was tokenised: ``text`` is its normalised form, and
    # figure offsets index ``text`` (``normalised.to_original`` maps them back)
    normalised: Normalised | None = field(default=None, repr=False, compare=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of ``text`` as offsets of the text given."""
        return (start, end) if self.normalised is None else self.normalised.to_original(start, end)

    def as_given(self, fig: Figure) -> Figure:
        """``fig`` with its text and offsets in the text given (unchanged when the text
        needed no normalising)."""
        norm = self.normalised
        if norm is None:
            return fig
        start, end = norm.to_original(fig.start, fig.end)
        sentence = norm.to_original(*fig.sentence)
        return replace(fig, text=norm.original[start:end], start=start, end=end, sentence=sentence)


# --- tokenizer --------------------------------------------------------------------------------

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
_TEXT = methodcaller("group")
_START = methodcaller("start")
_END = methodcaller("end")


def _tokens(text: str) -> list[_Tok]:
    # Built with map() and tuple.__new__, without a Python call per token: an article has
    # ~900 tokens, and building them one by one was a third of the figure analysis.
    ms = list(_TOKEN.finditer(text))
    texts = list(map(_TEXT, ms))
    lows = list(map(str.lower, texts))
    for k, low in enumerate(lows):
        if "’" in low or low.endswith("'s"):
            low = low.replace("’", "'")
            lows[k] = low[:-2] if low.endswith("'s") else low
    rows = zip(map(_KIND, ms), texts, map(_START, ms), map(_END, ms), lows, strict=True)
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


# --- parser -----------------------------------------------------------------------------------


@dataclass
class _Draft:
    start: int  # token index
    end: int  # token index (exclusive)
    value: float
    unit: str | None
    kind: Kind
    noun: str | None = None
    phrase: tuple[str, ...] = ()


_STARTS = frozenset({"cur", "num"})
# The words at which ``_Parser.at`` can find a figure (a month, a fraction, a number word).
_WORD_STARTS = frozenset({"a", "an", *_MONTHS, *_FRACTIONS, *_VAGUE, *_SMALL, *_TENS})


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        # In a lower-cased text a capital cannot tell "May 7" from "may 7": context does.
        self.lower = is_lowercased(text)

    def capitalised(self, t: _Tok) -> bool:
        """Capitalised, or in a lower-cased text, where every word may have been."""
        return self.lower or t.text[0].isupper()

    def month_after_day(self, j: int) -> bool:
        """The month word at ``j`` after a day number ("7 May"): a month when capitalised,
        unambiguous, or (lower-cased) not followed by what follows the verb "may"."""
        month = self.toks[j]
        if month.text[0].isupper() or month.low not in _AMBIGUOUS_MONTHS:
            return True
        return self.lower and self.low(j + 1) not in _AFTER_MODAL

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def low(self, i: int) -> str:
        t = self.tok(i)
        return t.low if t is not None else ""

    def parse(self) -> list[_Draft]:
        out: list[_Draft] = []
        toks = self.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            # Most tokens are words that cannot start a figure: skip them without a call.
            if t.kind not in _STARTS and (t.kind != "word" or t.low not in _WORD_STARTS):
                i += 1
                continue
            d = self.at(i)
            if d is None or (out and d.start < out[-1].end):
                # nothing here, or a code that would reach back into the last figure
                i += 1
                continue
            out.append(d)
            i = d.end
        return out

    def at(self, i: int) -> _Draft | None:
        t = self.toks[i]
        if t.kind == "cur":
            return self.currency(i, _CURRENCY_SYMBOLS[t.text], i + 1)
        if t.kind == "num":
            prev = self.tok(i - 1)
            if prev is not None and _adjacent(prev, t) and prev.kind == "num":
                return None  # the tail of "1.2.3"
            if prev is not None and _adjacent(prev, t) and prev.kind == "word":
                # A30, G7, B52: codes name a thing; a changed code is a changed fact
                return _Draft(i - 1, i + 1, _num(t.text), f"id:{prev.low}", "id")
            if prev is not None and prev.text in "-–" and _adjacent(prev, t):
                before = self.tok(i - 2)
                if (
                    before is not None
                    and before.kind == "word"
                    and _adjacent(before, prev)
                    and before.low not in _PREFIXES
                ):
                    # COVID-19, F-35, SARS-CoV-2
                    return _Draft(i - 2, i + 1, _num(t.text), f"id:{before.low}", "id")
            return self.number(i)
        if t.kind == "word":
            if t.low in ("us", "usd", "gbp", "eur") and self.low(i + 1) in ("$",):
                return None
            if t.low in _MONTHS and (self.capitalised(t) or t.low not in _AMBIGUOUS_MONTHS):
                return self.month_first_date(i)
            return self.word_number(i)
        return None

    # -- pieces

    def magnitude(self, j: int, after: _Tok, money: bool = False) -> tuple[float, int]:
        m = self.tok(j)
        if m is None or m.kind != "word":
            return 1.0, j
        low = m.low
        if low in _MAGNITUDES:
            if (
                low in ("k", "m", "mn", "bn", "b", "tn")
                and not _adjacent(after, m)
                and low in ("m", "b")
            ):
                return 1.0, j  # "5 m" is five metres, "5 b" nothing
            if (
                low == "m"
                and not money
                and (self.metres_context(j + 1) or self.bracketed_length(j))
            ):
                return 1.0, j
            return _MAGNITUDES[low], j + 1
        return 1.0, j

    def bracketed_length(self, j: int) -> bool:
        """ "650ft (198m)": a conversion in brackets after a length is metres."""
        if self.low(j + 1) != ")":
            return False
        before = self.text[max(0, self.toks[j].start - 30) : self.toks[j].start]
        return re.search(r"(\d\s?(ft|feet|foot|yards?|miles?))\s*\(\s*[\d.,]+$", before) is not None

    def metres_context(self, j: int) -> bool:
        nxt = self.low(j)
        return nxt in {
            "race",
            "freestyle",
            "backstroke",
            "breaststroke",
            "butterfly",
            "medley",
            "sprint",
            "hurdles",
            "relay",
            "final",
            "tall",
            "high",
            "deep",
            "long",
            "wide",
            "away",
            "above",
            "below",
            "metres",
        } or (nxt in ("-", "–") and self.low(j + 1) in ("high", "long", "tall", "deep", "wide"))

    def currency(self, i: int, unit: str, j: int) -> _Draft | None:
        t = self.tok(j)
        if t is None:
            return None
        if t.kind == "num" and _adjacent(self.toks[j - 1], t):
            value = _num(t.text)
            mag, k = self.magnitude(j + 1, t, money=True)
            return self.finish(_Draft(i, k, value * mag, unit, "currency"))
        if t.kind == "word":
            parsed = self.words_value(j)
            if parsed is not None:
                value, k = parsed
                return self.finish(_Draft(i, k, value, unit, "currency"))
        return None

    def number(self, i: int) -> _Draft | None:
        t = self.toks[i]
        value = _num(t.text)
        nxt = self.tok(i + 1)
        neg = self._negative(i)
        # Clock times and race times: 1:28, 2:14:08.
        if nxt is not None and nxt.text == ":" and _adjacent(t, nxt):
            return self.clock(i)
        # Clock times without minutes: 10am, 1 p.m.
        ampm = _AMPM.match(self.text, t.end)
        if ampm is not None and 1 <= value < 13 and "," not in t.text:
            # "9pm", "7.30pm" (British), "1 p.m."
            hours = int(value)
            minutes = round((value - hours) * 100) if "." in t.text else 0
            j = i + 1
            while j < len(self.toks) and self.toks[j].end <= ampm.end():
                j += 1
            seconds = _half_day(hours * 3600 + minutes * 60, hours, ampm.group(1))
            return _Draft(i, j, float(seconds), "time", "time")
        # Day-month dates: 14 March, 14th March.
        j = i + 1
        if nxt is not None and nxt.low in ("st", "nd", "rd", "th") and _adjacent(t, nxt):
            j = i + 2
        month = self.tok(j)
        if (
            month is not None
            and month.low in _MONTHS
            and self.month_after_day(j)
            and 1 <= value <= 31
            and t.text.isdigit()
        ):
            return self.finish(_Draft(i, j + 1, _MONTHS[month.low] * 100 + value, "date", "date"))
        if j == i + 2:
            # 70th anniversary, 18th century: an ordinal, which must match exactly
            return _Draft(i, j, value, "ordinal", "id")
        mag, k = self.magnitude(i + 1, t)
        value *= mag
        # The 1990s.
        u = self.tok(k)
        if (
            u is not None
            and u.low == "s"
            and _adjacent(t, u)
            and t.text.isdigit()
            and len(t.text) == 4
        ):
            return self.finish(_Draft(i, k + 1, value, "decade", "year"))
        # Label numbers: Section 21, No 10, Flight 370.
        prev = self.tok(i - 1)
        if (
            prev is not None
            and prev.kind == "word"
            and prev.low in _ID_LABELS
            and self.capitalised(prev)
            and mag == 1.0
        ):
            return _Draft(i, i + 1, value, f"id:{prev.low}", "id")
        unit, kind, k2 = self.unit_at(k, self.toks[k - 1])
        if neg:
            value = -value
        if unit is not None:
            return self.aged(self.finish(_Draft(i - (neg == "sign"), k2, value, unit, kind)))
        if mag == 1.0 and t.text.isdigit() and 1 <= value <= 120 and self.is_age(i):
            return _Draft(i, i + 1, value, "year", "quantity", noun="age")
        if mag == 1.0 and t.text.isdigit() and len(t.text) == 4 and 1800 <= value <= 2100:
            return _Draft(i, i + 1, value, "calendar_year", "year")
        return self.finish(_Draft(i, k, value, None, "number"))

    def _negative(self, i: int) -> str | None:
        """ "-5C" or "minus 10 degrees"; not the hyphen of "2-1" or "COVID-19"."""
        prev = self.tok(i - 1)
        if prev is None:
            return None
        if prev.low == "minus":
            return "word"
        before = self.tok(i - 2)
        if (
            prev.text in ("-", "−")
            and _adjacent(prev, self.toks[i])
            and (before is None or not _adjacent(before, prev))
        ):
            return "sign"
        return None

    def clock(self, i: int) -> _Draft | None:
        parts = [self.toks[i]]
        j = i + 1
        while (
            self.tok(j) is not None
            and self.toks[j].text == ":"
            and self.tok(j + 1) is not None
            and self.toks[j + 1].kind == "num"
            and _adjacent(parts[-1], self.toks[j])
            and _adjacent(self.toks[j], self.toks[j + 1])
        ):
            parts.append(self.toks[j + 1])
            j += 2
        if len(parts) < 2 or any("." in p.text or "," in p.text for p in parts):
            return None
        nums = [int(p.text) for p in parts]
        # h:mm and h:mm:ss, in seconds: "9:00pm" = "21:00" = "9pm"; race times alike
        seconds = nums[0] * 3600 + nums[1] * 60 + (nums[2] if len(nums) > 2 else 0)
        ampm = _AMPM.match(self.text, parts[-1].end)
        if ampm is not None and nums[0] <= 12:
            seconds = _half_day(seconds, nums[0], ampm.group(1))
            while j < len(self.toks) and self.toks[j].end <= ampm.end():
                j += 1
        return _Draft(i, j, float(seconds), "time", "time")

    def weather(self, k: int) -> bool:
        """Temperature words near token ``k`` (in lower case "30c" may be °C or cents)."""
        t = self.toks[k]
        window = self.text[max(0, t.start - 80) : t.end + 80]
        return _WEATHER.search(window) is not None

    def is_age(self, i: int) -> bool:
        """A bare number that gives someone's age: "Adeli, 32, arranged", "aged 32", "AGE: 27"
        (news style; the summary's "the 32-year-old" is the same figure)."""
        prev, nxt = self.low(i - 1), self.low(i + 1)
        if prev in ("aged", "age") or (prev in (":", "of") and self.low(i - 2) == "age"):
            return True  # "aged 84", "at age 84", "at the age of 84", "AGE: 27"
        before = self.tok(i - 2)
        return (
            prev == ","
            and before is not None
            and ((before.kind == "word" and before.low not in _STOP) or before.text in ").")
            and nxt in (",", ")", "and", ".", "")
        )

    def month_word(self, w: _Tok) -> bool:
        """A month name that ends a noun phrase: capitalised, or unambiguous in lower case."""
        return w.text[0].isupper() or (self.lower and w.low not in _AMBIGUOUS_MONTHS)

    def month_first_date(self, i: int) -> _Draft | None:
        t = self.tok(i + 1)
        if t is None or t.kind != "num" or not t.text.isdigit() or not 1 <= int(t.text) <= 31:
            return None
        j = i + 2
        if self.low(j) in ("st", "nd", "rd", "th") and _adjacent(t, self.toks[j]):
            j += 1
        return _Draft(i, j, _MONTHS[self.toks[i].low] * 100 + int(t.text), "date", "date")

    def unit_at(self, k: int, last: _Tok) -> tuple[str | None, Kind, int]:
        """A unit after a number (``%``, ``per cent``, ``km``, ``-hour``), or none."""
        u = self.tok(k)
        if u is None:
            return None, "number", k
        if u.kind == "pct":
            return "%", "percent", k + 1
        if u.kind == "deg":
            return "degree", "quantity", k + 1
        low = u.low
        if low in ("per", "pc") and (low == "pc" or self.low(k + 1) == "cent"):
            return "%", "percent", k + (1 if low == "pc" else 2)
        if low == "percent":
            return "%", "percent", k + 1
        if low == "percentage" and self.low(k + 1) in ("point", "points"):
            return "%", "percent", k + 2
        if u.text in ("-", "–") and _adjacent(last, u):
            w = self.tok(k + 1)
            if w is not None and w.kind == "word" and _adjacent(u, w):
                canonical = _UNITS.get(w.low)
                if canonical is not None and canonical not in _CURRENCY_UNITS and len(w.low) > 1:
                    end = k + 2
                    # three-year-old: the age is in years
                    if self.low(end) in ("-", "–") and self.low(end + 1) == "old":
                        end += 2
                    return canonical, "quantity", end
            return None, "number", k
        if u.kind == "word":
            if low == "m" and _adjacent(last, u):
                return "metre", "quantity", k + 1  # magnitude() left it: "400m race", "(198m)"
            if (
                u.text in ("C", "F") or (self.lower and low in ("c", "f") and self.weather(k))
            ) and (_adjacent(last, u)):
                return "degree", "quantity", k + 1  # "30C", "-5C", "98F": temperatures
            canonical = _UNITS.get(low)
            if canonical is None:
                return None, "number", k
            if (
                len(low) <= 2
                and not _adjacent(last, u)
                and low not in ("km", "kg", "ft", "lb", "mm", "cm", "mi")
            ):
                return None, "number", k  # "5 p" or "3 c" apart: not units
            if (
                canonical in ("pence", "cent")
                and not _adjacent(last, u)
                and low not in ("pence", "cents", "penny", "cent")
            ):
                return None, "number", k
            kind: Kind = "currency" if canonical in _CURRENCY_UNITS else "quantity"
            if canonical in ("GBP", "USD", "EUR"):
                kind = "currency"
            return canonical, kind, k + 1
        return None, "number", k

    def words_value(self, i: int) -> tuple[float, int] | None:
        """A number written in words from token i: "twenty-one", "one thousand", "a dozen"."""
        t = self.tok(i)
        if t is None or t.kind != "word":
            return None
        low = t.low
        j = i
        if low in ("a", "an"):
            nxt = self.low(i + 1)
            if nxt == "dozen":
                return 12.0, i + 2
            if nxt in ("hundred", "thousand", "million", "billion", "trillion"):
                return float(_SCALES[nxt]), i + 2
            return None
        total = 0.0
        current = 0.0
        seen = False
        while True:
            w = self.tok(j)
            if w is None or w.kind != "word":
                break
            lw = w.low
            if lw in _SMALL:
                current += _SMALL[lw]
            elif lw in _TENS:
                current += _TENS[lw]
                # twenty-one
                if (
                    self.low(j + 1) in ("-", "–")
                    and self.low(j + 2) in _SMALL
                    and _adjacent(w, self.toks[j + 1])
                ):
                    current += _SMALL[self.low(j + 2)]
                    j += 2
            elif lw == "hundred" and seen:
                current = (current or 1) * 100
            elif lw in ("thousand", "million", "billion", "trillion") and seen:
                total += (current or 1) * _SCALES[lw]
                current = 0.0
            elif lw == "dozen" and seen:
                current = (current or 1) * 12
            elif lw == "and" and seen and self.low(j + 1) == "a" and self.low(j + 2) == "half":
                current += 0.5  # "one and a half million"
                j += 3
                continue
            elif lw == "and" and seen and self.low(j + 1) in {**_SMALL, **_TENS}:
                # "two hundred and fifty" but not "two and three"
                if current < 100 and total == 0:
                    break
            else:
                break
            seen = True
            j += 1
        if not seen:
            return None
        return total + current, j

    def word_number(self, i: int) -> _Draft | None:
        t = self.toks[i]
        low = t.low
        if low in _FRACTIONS:
            return self.fraction(i)
        if low in _VAGUE and not (self.tok(i - 1) is not None and self.toks[i - 1].kind == "num"):
            # "thousands of people", "billions": an order of magnitude, checked as one
            return _Draft(i, i + 1, _VAGUE[low], "vague", "number")
        prev = self.low(i - 1)
        if low in ("a", "an"):
            parsed = self.words_value(i)
            if parsed is None:
                return None
            value, k = parsed
        elif low in _SMALL or low in _TENS:
            parsed = self.words_value(i)
            if parsed is None:
                return None
            value, k = parsed
            if prev == "war" and self.capitalised(t):
                return _Draft(i - 1, k, value, "id:war", "id")  # World War Two
            if low == "one" and k == i + 1:
                # "one" is a pronoun far more often than a count: keep it only before a unit
                # ("one month"), a hyphenated unit ("one-year") or a fraction ("one third").
                nxt = self.tok(k)
                if nxt is None:
                    return None
                if not (
                    (nxt.low in _UNITS and nxt.low not in ("in", "c", "p", "h", "l", "st"))
                    or nxt.text in ("-", "–")
                    or nxt.low in _FRACTIONS
                ):
                    return None
            if prev in ("-", "–") and i > 0 and _adjacent(self.toks[i - 1], t):
                return None  # the tail of another compound
        else:
            return None
        nxt = self.tok(k)
        if nxt is not None and nxt.low in ("third", "thirds", "quarter", "quarters"):
            return self.fraction(k, numerator=value, start=i)
        if (
            nxt is not None
            and nxt.text in ("-", "–")
            and self.low(k + 1) in ("third", "thirds", "quarter", "quarters")
            and _adjacent(self.toks[k - 1], nxt)
        ):
            return self.fraction(k + 1, numerator=value, start=i)  # two-thirds
        mag, k2 = (1.0, k)
        w = self.tok(k)
        if w is not None and w.low in ("million", "billion", "trillion", "thousand"):
            mag, k2 = _MAGNITUDES[w.low], k + 1
        value *= mag
        unit, kind, k3 = self.unit_at(k2, self.toks[k2 - 1])
        if unit is not None:
            return self.aged(self.finish(_Draft(i, k3, value, unit, kind)))
        return self.finish(_Draft(i, k2, value, None, "number"))

    def aged(self, d: _Draft) -> _Draft:
        """Mark "the 32-year-old" / "twelve-year-old" as an age."""
        if d.unit == "year" and self.low(d.end - 1) == "old":
            d.noun = "age"
        return d

    def fraction(self, i: int, numerator: float = 1.0, start: int | None = None) -> _Draft | None:
        t = self.toks[i]
        low = t.low
        if low == "half" and self.low(i + 1) == "a" and self.low(i + 2) in _SCALES:
            # "half a million people": a count, not a share
            return self.finish(_Draft(i, i + 3, 0.5 * _SCALES[self.low(i + 2)], None, "number"))
        begin = i if start is None else start
        prev = self.tok(i - 1)
        nxt = self.tok(i + 1)
        if nxt is not None and nxt.text in ("-", "–") and _adjacent(t, nxt) and start is None:
            return None  # half-built, half-time: not a quantity
        if prev is not None and prev.text in ("-", "–") and _adjacent(prev, t) and start is None:
            # two-thirds
            before = self.tok(i - 2)
            if before is None or before.low not in _SMALL:
                return None
            numerator = _SMALL[before.low]
            begin = i - 2
        if low == "half" and self.low(i - 1) in ("first", "second", "the") and start is None:
            return None  # the first half of a match, not 50%
        if start is None and begin == i:
            # bare "half"/"third"/"quarter" counts only as a share of something
            if not (
                self.low(i + 1) in ("of", "the", "its", "their", "his", "her", "all", "a", "an")
                or self.low(i - 1) in ("by", "in", "than", "a", "one")
            ):
                return None
            if low in ("third", "quarter") and (
                self.low(i - 1) not in ("a", "one")
                or self.low(i + 1) not in ("of", "", ".", ",", ";", "more", "less", "fewer")
            ):
                return None  # "the third time", "a third straight win", "the first quarter"
            if self.low(i - 1) in ("a", "one"):
                begin = i - 1
        share = (
            _FRACTIONS[low]
            if low in ("half", "thirds", "quarters") or numerator == 1
            else (_FRACTIONS[low + "s"] if low + "s" in _FRACTIONS else _FRACTIONS[low])
        )
        if numerator not in (1.0,) and low in ("third", "thirds"):
            share = 100 * numerator / 3
        elif numerator not in (1.0,) and low in ("quarter", "quarters"):
            share = 25 * numerator
        return _Draft(begin, i + 1, share, "%", "percent")

    def finish(self, d: _Draft) -> _Draft:
        """Attach the counted noun to a plain count ("1,000 members", "four of the groups")."""
        if d.unit is None and d.kind == "number" and self.in_scoreline(d):
            return d  # "a 2-1 win": the 1 counts no wins (and "1-0 thanks to" is the same)
        if d.unit is None and d.kind == "number":
            phrase = self.noun_phrase(d.end)
            if self.low(d.end + len(phrase)) == "of" or (not phrase and self.low(d.end) == "of"):
                # "1,000 of its members", "four rounds of matches"
                k = d.end + len(phrase) + 1
                if self.low(k) in (
                    "the",
                    "its",
                    "their",
                    "his",
                    "her",
                    "our",
                    "those",
                    "these",
                    "them",
                    "us",
                    "a",
                    "an",
                ):
                    k += 1
                tail = self.noun_phrase(k)
                d.noun = _head(phrase or tail, d.value)
                phrase = phrase + tail
            else:
                d.noun = _head(phrase, d.value)
            d.phrase = tuple(_singular(w) for w in phrase)
        return d

    def in_scoreline(self, d: _Draft) -> bool:
        """One side of "N-M" (a score, a vote, a tally)."""
        if d.end - d.start != 1:
            return False
        i = d.start
        return self._dash_joined(i - 2, other=i - 2) or self._dash_joined(i, other=i + 2)

    def _dash_joined(self, a: int, *, other: int) -> bool:
        """Tokens ``a`` and ``a + 2`` joined by a dash with no space, the ``other`` of them a
        number."""
        first, dash, last, num = self.tok(a), self.tok(a + 1), self.tok(a + 2), self.tok(other)
        return (
            first is not None
            and dash is not None
            and last is not None
            and num is not None
            and num.kind == "num"
            and dash.text in ("-", "–")
            and _adjacent(first, dash)
            and _adjacent(dash, last)
        )

    def noun_phrase(self, j: int) -> list[str]:
        """Up to three words naming what a number counts ("Labour members", "affected roles")."""
        out: list[str] = []
        while len(out) < 3:
            w = self.tok(j)
            if w is None or w.kind != "word":
                break
            if out and self.text[self.toks[j - 1].end : w.start].strip() not in ("", "-", "–"):
                break
            low = w.low
            if low in _STOP or low in _VERBS or (low in _MONTHS and self.month_word(w)):
                break
            if low.endswith("ly") and len(low) > 4:
                break
            if low.endswith(("ed", "ing")) and low not in _ING_NOUNS:
                nxt = self.tok(j + 1)
                # "affected roles", "stolen cars": a participle before a noun is an adjective;
                # "300 injured" counts the injured; "140 trains cancelled" ends at the verb.
                if out or nxt is None or nxt.kind != "word" or nxt.low in _STOP:
                    if not out:
                        out.append(low)
                    break
            out.append(low)
            j += 1
            if (
                self.low(j) in ("-", "–")
                and self.tok(j + 1) is not None
                and _adjacent(self.toks[j - 1], self.toks[j])
            ):
                j += 1  # hyphenated noun: "back-office staff"
        return out


def _head(phrase: Sequence[str], value: float) -> str | None:
    """The head of "1,000 Labour members" or "two Italian sports cars": the last plural word.

    A count above one counts a plural noun, so a phrase without one ("4,000 threaten")
    names nothing; "one month" and "a third" may be singular.
    """
    plurals = [w for w in phrase if _is_plural(w)]
    if plurals:
        return _singular(plurals[-1])
    if phrase and value <= 1:
        return _singular(phrase[-1])
    return None


_UNCOUNTABLE = frozenset(
    "measles mumps news series species means whereabouts diabetes rabies herpes".split()
)
_IRREGULAR_PLURALS = frozenset(
    "people children men women police staff feet teeth mice geese cattle personnel".split()
)


def _is_plural(word: str) -> bool:
    if word in _UNCOUNTABLE:
        return False
    return word in _IRREGULAR_PLURALS or (
        word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2
    )


@lru_cache(maxsize=65536)  # called for every context word of every figure
def _singular(word: str) -> str:
    irregular = {
        "people": "person",
        "children": "child",
        "men": "man",
        "women": "woman",
        "police": "police",
        "staff": "staff",
        "mice": "mouse",
        "feet": "foot",
        "teeth": "tooth",
        "geese": "goose",
    }
    if word in irregular:
        return irregular[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word in _UNCOUNTABLE:
        return word
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_CONTEXT = 150  # characters either side of a bare source number that may name its noun


def _forms(noun: str) -> tuple[str, ...]:
    """A singular noun and its synonyms, as prefixes to look for in text."""
    group = next((g for g in _NOUN_SYNONYMS if noun in g), {noun})
    if noun == "person" or noun in _HUMAN:
        group = group | {noun, "people", "person"}
    irregular = {"person": "people", "child": "children", "man": "men", "woman": "women"}
    return tuple(sorted(group | {irregular[n] for n in group if n in irregular}))


def _same_thing(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4 and (a.endswith(b) or b.endswith(a)):
        return True  # "floodlights" are lights, "supercars" cars
    if "person" in (a, b) and (a in _HUMAN or a == "person") and (b in _HUMAN or b == "person"):
        return True
    return any(a in group and b in group for group in _NOUN_SYNONYMS)


# --- analysis ---------------------------------------------------------------------------------


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, with offsets that index ``text`` exactly."""
    at = analyse(text)
    return [at.as_given(f) for f in at.figures]


def analyse(
    text: str,
    *,
    sentences: Sequence[Sentence] | None = None,
    quotes: Sequence[Span] | None = None,
) -> AnalysedText:
    """Figures of a text with their hedges; compute once per article and reuse.

    ``sentences`` and ``quotes`` are ``split_sentences(text)`` and ``quote_spans(text)``,
    passed in when the caller has them already. Tokenised text ("$ 20", "-lrb-", backtick
    quotes) is read in its normalised form (:func:`benchmark.normalise.normalise`), which
    becomes ``AnalysedText.text``; lower-cased text is read as such.
    """
    norm = normalise(text)
    if norm.changed:  # the caller's sentences and quotes index the text as given
        text, sentences, quotes = norm.text, None, None
    kept = norm if norm.changed else None
    parser = _Parser(text)
    drafts = parser.parse()
    _propagate_ranges(parser, drafts)
    if not drafts:
        return AnalysedText(text, (), {}, (), normalised=kept)
    if sentences is None:
        sentences = split_sentences(text)
    if quotes is None:
        quotes = quote_spans(text)
    figures: list[Figure] = []
    # what hedges a figure depends on its sentence: worked out once per sentence
    clauses: dict[int, _SentenceCues] = {}
    for d in drafts:
        start, end = parser.toks[d.start].start, parser.toks[d.end - 1].end
        sent = _sentence_of(sentences, start)
        before = text[max(sent.start, start - 40) : start]
        q = _QUALIFIER_RE.search(before)
        bound: Bound = _QUALIFIER_BOUND[q.group(1).lower()] if q else "exact"
        sent_text = text[sent.start : sent.end]
        cues = clauses.get(sent.start)
        if cues is None:
            cues = clauses[sent.start] = _sentence_cues(sent_text)
        hedge = _hedge_cue(sent_text, start - sent.start, end - sent.start, cues)
        if hedge is None and q is not None and q.group(1).lower() in _LOCAL_HEDGES:
            hedge = q.group(1).lower()
        quoted = inside(quotes, start, end)
        if hedge is None and quoted:
            hedge = "quotation marks"
        figures.append(
            Figure(
                text=text[start:end],
                start=start,
                end=end,
                value=d.value,
                unit=d.unit,
                kind=d.kind,
                noun=d.noun,
                phrase=d.phrase,
                bound=bound,
                hedged=hedge is not None,
                hedge=hedge,
                attributed=quoted or cues.attributed,
                sentence=(sent.start, sent.end),
            )
        )
    by_value: dict[float, list[Figure]] = {}
    for f in figures:
        by_value.setdefault(_key(f.value), []).append(f)
    contexts = _contexts(text, figures)
    by_key = {k: tuple(v) for k, v in by_value.items()}
    return AnalysedText(text, tuple(figures), by_key, contexts, normalised=kept)


@dataclass(frozen=True, slots=True)
class _SentenceCues:
    breaks: tuple[tuple[int, int], ...]  # clause breaks, in order
    attributions: tuple[tuple[int, str], ...]  # attribution cues ("according to"), in order
    attributed: bool  # a reporting verb anywhere in it ("said")


def _sentence_cues(sentence: str) -> _SentenceCues:
    return _SentenceCues(
        breaks=tuple(m.span() for m in _CLAUSE_BREAK.finditer(sentence)),
        attributions=tuple(
            (m.start(), " ".join(m.group(1).lower().split()))
            for m in _ATTRIBUTION_CUE_RE.finditer(sentence)
        ),
        attributed=_ATTRIBUTION_RE.search(sentence) is not None,
    )


# A cue farther than this from a figure does not hedge it: news sentences are short, and
# longer "sentences" are captions run into the text ("... Defoe believes ... The 32-year-old").
_CUE_WINDOW = 200
# Active verbs of belief hedge what follows them ("officials believe 300 died"), not the
# figure that is their subject ("the 32-year-old believes ...").
_FORWARD_REACH = 60  # characters: "officials believe that as many as 300 people ..."
_FORWARD_CUES = frozenset(
    "believe believes fear fears suggest suggests expect expects predict predicts "
    "estimate estimates forecast forecasts".split()
)


def _hedge_cue(
    sentence: str, start: int, end: int, cues: _SentenceCues | None = None
) -> str | None:
    """The cue hedging the figure at [start, end) of ``sentence``, if any.

    Modal and attribution cues count within the figure's clause and ``_CUE_WINDOW``
    characters of it.
    """
    if cues is None:
        cues = _sentence_cues(sentence)
    lo, hi = 0, len(sentence)
    for b_start, b_end in cues.breaks:
        if b_end <= start:
            lo = b_start
        elif b_start >= end:
            hi = b_start
            break
    lo, hi = max(lo, start - _CUE_WINDOW), min(hi, end + _CUE_WINDOW)
    for m in _MODAL_RE.finditer(sentence, lo, hi):
        word = m.group(1)
        if word in ("as many as", "as much as", "up to") or word.lower().startswith(("as ", "up ")):
            continue  # local cues bind only to the figure they precede (see analyse)
        if word.lower() == "may" and _may_is_month(sentence, m.start(), m.end(), word):
            continue  # "in May", "may 7": the month
        if word.lower() in _FORWARD_CUES and (
            m.start() > start or start - m.end() > _FORWARD_REACH
        ):
            continue  # the figure is what believes, not what is believed; or too far on
        nxt = _NEXT_FIGURE.match(sentence, m.end())
        if nxt is not None and nxt.end() < start:
            continue  # "an estimated 340 homes": the cue belongs to that other figure
        return " ".join(word.lower().split())
    near = [
        (abs(pos - start), text)
        for pos, text in cues.attributions
        if lo <= pos <= hi and not _names_the_source(sentence, pos, start)
    ]
    return min(near)[1] if near else None


def _names_the_source(sentence: str, cue: int, start: int) -> bool:
    """ "according to a study of 70 million trips": a figure after the cue with nothing
    between them but words describes the source, and the cue does not hedge it."""
    return cue < start and re.search(r"[,;:()]", sentence[cue:start]) is None


def _may_is_month(sentence: str, start: int, end: int, word: str) -> bool:
    if word == "May" and start > 0:
        return True
    return (
        _MAY_MONTH_AFTER.match(sentence, end) is not None
        or _MAY_MONTH_BEFORE.search(sentence, 0, start) is not None
    )


def _is_attribution(hedge: str | None) -> bool:
    return hedge is not None and (
        hedge in ATTRIBUTION_HEDGES or _ATTRIBUTION_CUE_RE.fullmatch(hedge) is not None
    )


def _sentence_of(sentences: Sequence[Sentence], pos: int) -> Sentence:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return Sentence(pos, pos, "")


def _propagate_ranges(parser: _Parser, drafts: list[_Draft]) -> None:
    """Ranges ("between 12 and 18 months", "12-18 months"): the first end takes the unit."""
    for a, b in itertools.pairwise(drafts):
        gap = [parser.toks[k].low for k in range(a.end, b.start)]
        if gap not in (["-"], ["–"], ["to"], ["and"], ["or"]) or b.kind in ("year", "date", "time"):
            continue
        if a.unit is None and b.unit is not None:
            a.unit, a.kind = b.unit, b.kind
        if a.unit == b.unit:
            # "3 to 4 million", "£2 and £3 million": the first end shares the magnitude
            scale_b = b.value / max(1.0, _num_in(parser, b))
            scale_a = a.value / max(1.0, _num_in(parser, a))
            if scale_b > 1 and scale_a == 1 and _num_in(parser, a) < _num_in(parser, b):
                a.value *= scale_b
        if a.noun is None and b.noun is not None:
            a.noun, a.phrase = b.noun, b.phrase


def _num_in(parser: _Parser, d: _Draft) -> float:
    for k in range(d.start, d.end):
        if parser.toks[k].kind == "num":
            return _num(parser.toks[k].text)
    return 1.0


def _key(value: float) -> float:
    return round(value, 6)


# --- support ----------------------------------------------------------------------------------

_DIGITS = re.compile(r"[1-9](\d*[1-9])?")


def _significant(value: float) -> int:
    """Significant digits of a value as written (2,500,000 -> 2; 62.5 -> 3)."""
    s = f"{value:.6f}".rstrip("0").rstrip(".").replace(".", "").lstrip("0")
    m = _DIGITS.search(s)
    return len(m.group()) if m else 1


def _units_compatible(s: Figure, src: Figure, source_text: str) -> bool:
    if s.unit == src.unit or s.unit == "vague":
        return True
    if s.unit is not None and src.unit is None and s.unit not in _STRONG_UNITS:
        # "another 20 days" is supported by a bare "20" only if days are named near it
        near = source_text[max(0, src.start - _CONTEXT) : src.end + _CONTEXT].lower()
        forms = [w for w, u in _UNITS.items() if u == s.unit and len(w) > 2]
        return any(re.search(rf"\b{re.escape(w)}\b", near) is not None for w in forms)
    if s.unit is None or src.unit is None:
        other = src if s.unit is None else s
        bare = s if s.unit is None else src
        # A bare number can stand for a count with a unit ("62,000" for "62,000 homes"),
        # but not for money, a share, a date or a year ("£5m" is not "5m people").
        return other.unit not in _STRONG_UNITS or (
            bare.noun is None and other.kind == "currency" and bare.value >= 1000
        )
    pairs = {frozenset({"GBP", "pence"}), frozenset({"USD", "cent"})}
    return frozenset({s.unit, src.unit}) in pairs


def _nouns_compatible(s: Figure, src: Figure, source_text: str, summary_text: str) -> bool:
    if s.noun is not None and src.noun is None:
        if src.unit is not None and src.unit not in _STRONG_UNITS:
            return _same_thing(s.noun, src.unit)
        # A bare source number ("38 of them", "rose to 62,000") supports "62,000 homes"
        # only if its neighbourhood names homes.
        near = source_text[max(0, src.start - _CONTEXT) : src.end + _CONTEXT].lower()
        return any(
            re.search(rf"\b{re.escape(n)}(?:s|es)?\b", near) is not None for n in _forms(s.noun)
        )
    if s.noun is None or src.noun is None:
        return True
    # The summary's head must name what the source counts (its head or a word of its
    # phrase: "1,000 members" and "1,000 Labour members"); shared modifiers never suffice.
    if any(_same_thing(s.noun, b) for b in (src.noun, *src.phrase)):
        return True
    # Either side may name the thing a few words on ("62,000 of the county's homes").
    src_window = source_text[src.end : src.end + 40].lower()
    sum_window = summary_text[s.end : s.end + 40].lower()
    return (
        re.search(rf"\b{re.escape(s.noun)}", src_window) is not None
        or re.search(rf"\b{re.escape(src.noun)}", sum_window) is not None
    )


def _value_supported(s: Figure, src: Figure) -> tuple[bool, str]:
    if s.unit == "vague":
        if src.unit == "vague":
            return math.isclose(s.value, src.value), "same order of magnitude"
        if src.kind in ("number", "currency") and s.value * 2 <= src.value < s.value * 1000:
            return True, "an amount of that order of magnitude"
        return False, ""
    if math.isclose(s.value, src.value, rel_tol=1e-9, abs_tol=1e-9):
        return True, "same value"
    if s.unit == "pence" and src.unit == "GBP" and math.isclose(s.value / 100, src.value):
        return True, "same value"
    if s.unit == "GBP" and src.unit == "pence" and math.isclose(s.value, src.value / 100):
        return True, "same value"
    if s.bound == "exact" or src.value == 0 or s.kind in ("date", "year", "time", "id"):
        return False, ""
    v, x = src.value, s.value
    if _significant(x) >= _significant(v):
        return False, ""  # "about 62,001" is no rounding of 62,000; only rounder values are
    rel = abs(v - x) / max(abs(v), abs(x))
    if s.bound == "about" and rel <= 0.1:
        return True, f"rounded ({s.bound})"
    if s.bound == "over" and v > x and rel <= 0.25:
        return True, "rounded down (more than)"
    if s.bound == "under" and v < x and rel <= 0.25:
        return True, "rounded up (less than)"
    if s.bound == "nearly" and v < x and rel <= 0.1:
        return True, "rounded up (nearly)"
    return False, ""


def _candidates(figure: Figure, source: AnalysedText) -> Iterable[Figure]:
    exact = source.by_value.get(_key(figure.value), ())
    if figure.bound == "exact" and figure.unit not in ("pence", "GBP", "vague"):
        return exact
    return source.figures


def check_figures(source: str | AnalysedText, summary: str | AnalysedText) -> FigureReport:
    """Check every figure of ``summary`` against ``source``.

    A summary figure is supported when a source figure has the same value (or,
    when the summary marks it approximate with "about", "nearly", "more than",
    a value it rounds), a compatible unit and, where both name what they count,
    the same thing. It is *unhedged* when every supporting source mention is
    hedged (a cue such as "could" in its clause, "according to" in its sentence,
    "as many as" before it, or quotation marks around it) and the summary's
    sentence keeps no cue and no quotation marks; a claim hedged only by
    attribution or quotation marks is also kept by attributing it ("the union says").
    """
    src = source if isinstance(source, AnalysedText) else analyse(source)
    summ = summary if isinstance(summary, AnalysedText) else analyse(summary)
    report = _check(src, summ)
    # Offsets index the text given: a string's as it was passed, an AnalysedText's ``text``.
    map_summary = not isinstance(summary, AnalysedText) and summ.normalised is not None
    map_source = not isinstance(source, AnalysedText) and src.normalised is not None
    if not (map_summary or map_source):
        return report
    return _as_given(report, summ if map_summary else None, src if map_source else None)


def _as_given(
    report: FigureReport, summ: AnalysedText | None, src: AnalysedText | None
) -> FigureReport:
    def mine(f: Figure) -> Figure:
        return f if summ is None else summ.as_given(f)

    def theirs(f: Figure | None) -> Figure | None:
        return f if f is None or src is None else src.as_given(f)

    matches = tuple(
        FigureMatch(mine(m.figure), m.status, theirs(m.source), m.explanation)
        for m in report.matches
    )
    return FigureReport(
        figures=tuple(m.figure for m in matches),
        unsupported=tuple(m.figure for m in matches if m.status == "unsupported"),
        unhedged=tuple(m.figure for m in matches if m.status == "unhedged"),
        matches=matches,
    )


def _check(src: AnalysedText, summ: AnalysedText) -> FigureReport:
    matches: list[FigureMatch] = []
    for fig in summ.figures:
        support: list[tuple[Figure, str]] = []
        near_miss: Figure | None = None
        for cand in _candidates(fig, src):
            ok, how = _value_supported(fig, cand)
            if not ok:
                continue
            if not _units_compatible(fig, cand, src.text):
                near_miss = near_miss or cand
                continue
            if fig.kind == "number" and not _nouns_compatible(fig, cand, src.text, summ.text):
                near_miss = near_miss or cand
                continue
            support.append((cand, how))
        if not support:
            matches.append(FigureMatch(fig, "unsupported", near_miss, _why_not(fig, near_miss)))
            continue
        support.sort(key=lambda ch: ch[1] != "same value")  # exact mentions first
        rival = _contradiction(summ, fig, src, [c for c, _ in support])
        if rival is not None:
            matches.append(
                FigureMatch(
                    fig,
                    "unsupported",
                    rival,
                    f"the source states {rival.text!r} where it says what the summary says; "
                    f"{fig.text!r} appears only elsewhere, about something else",
                )
            )
            continue
        plain = [c for c, _ in support if not c.hedged]
        if plain or fig.kind in _ANCHORS or fig.noun == "age":
            c, how = next(((c, h) for c, h in support if not c.hedged), support[0])
            matches.append(FigureMatch(fig, "supported", c, f"{how} as {c.text!r} in the source"))
            continue
        best, how = support[0]
        attribution_only = all(_is_attribution(c.hedge) for c, _ in support)
        if fig.hedged or (attribution_only and fig.attributed):
            matches.append(
                FigureMatch(
                    fig,
                    "supported",
                    best,
                    f"{how} as {best.text!r}; the source's hedge ({best.hedge}) is kept "
                    f"({fig.hedge or 'attributed'})",
                )
            )
        else:
            matches.append(
                FigureMatch(
                    fig,
                    "unhedged",
                    best,
                    f"{how} as {best.text!r}, but the source hedges it ({best.hedge}) "
                    "and the summary states it as fact",
                )
            )
    return FigureReport(
        figures=summ.figures,
        unsupported=tuple(m.figure for m in matches if m.status == "unsupported"),
        unhedged=tuple(m.figure for m in matches if m.status == "unhedged"),
        matches=tuple(matches),
    )


_CONTEXT_WINDOW = 8  # words either side of a figure that say what it is about
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_CONTEXT_STOP = (
    _STOP
    | frozenset(
        "per cent percent said says year years month months week weeks day days hour hours "
        "million billion thousand hundred dozen about around nearly almost more less than "
        "unk".split()  # "UNK", what some models write for a word they do not know
    )
    | frozenset(_MONTHS)
    | frozenset(_SMALL)
    | frozenset(_TENS)
)
_CONTRADICTION_MARGIN = 2  # shared context words by which a rival must beat every support
_CONTRADICTION_MIN = 3  # and the fewest it must share at all
_ANCHORED = 3  # context words a supporting mention shares with the summary: it is the same claim


def _context(text: str, fig: Figure, lo: int, hi: int) -> frozenset[str]:
    """Content words near a figure, within [lo, hi): what the figure is about.

    ``lo`` and ``hi`` are the ends of the neighbouring figures in its sentence, so
    that "62,000 homes lost power, and 20,000 of them..." keeps each figure's own words.
    """
    before = _CONTEXT_WORD.findall(text[lo : fig.start])[-_CONTEXT_WINDOW:]
    after = _CONTEXT_WORD.findall(text[fig.end : hi])[:_CONTEXT_WINDOW]
    return frozenset(
        _singular(w.lower().replace("’", "'"))
        for w in before + after
        if w.lower() not in _CONTEXT_STOP
    )


def _contexts(text: str, figures: Sequence[Figure]) -> tuple[frozenset[str], ...]:
    out: list[frozenset[str]] = []
    for k, f in enumerate(figures):
        prev = figures[k - 1] if k > 0 else None
        nxt = figures[k + 1] if k + 1 < len(figures) else None
        lo = prev.end if prev is not None and prev.sentence == f.sentence else f.sentence[0]
        hi = nxt.start if nxt is not None and nxt.sentence == f.sentence else f.sentence[1]
        out.append(_context(text, f, lo, hi))
    return tuple(out)


def _context_of(analysed: AnalysedText, fig: Figure) -> frozenset[str]:
    for f, ctx in zip(analysed.figures, analysed.contexts, strict=True):
        if f is fig:
            return ctx
    return frozenset()


def _contradiction(
    summ: AnalysedText, fig: Figure, src: AnalysedText, support: Sequence[Figure]
) -> Figure | None:
    """A source figure of the same kind and another value, said about what the summary says.

    "Gusts of 90mph were recorded on the Cornish coast" is contradicted when the source
    says "a gust of 98mph was recorded on the north Cornish coast" and has 90mph only
    in "gusts of up to 90mph are possible overnight": the summary took a real figure of
    the article and attached it to the wrong claim.
    """
    if fig.kind not in ("number", "currency", "percent", "quantity"):
        return None
    if (fig.unit is None and fig.noun is None) or fig.noun == "age":
        return None  # a bare number or an age ("Smith, 52,") says too little to align
    ctx = _context_of(summ, fig)
    if len(ctx) < _CONTRADICTION_MARGIN:
        return None
    best_support = max(len(ctx & _context_of(src, c)) for c in support)
    if best_support >= _ANCHORED:
        # a mention of the value says what the summary says around it ("45 years in
        # prison"): a run-on summary sentence that also echoes another sentence is no swap
        return None
    best: tuple[int, Figure] | None = None
    for other, octx in zip(src.figures, src.contexts, strict=True):
        if other.unit != fig.unit or other.kind != fig.kind or math.isclose(other.value, fig.value):
            continue
        if fig.kind == "number" and (
            other.noun is None or not _nouns_compatible(fig, other, src.text, summ.text)
        ):
            continue
        overlap = len(ctx & octx)
        if best is None or overlap > best[0]:
            best = (overlap, other)
    if (
        best is not None
        and best[0] >= _CONTRADICTION_MIN
        and best[0] >= best_support + _CONTRADICTION_MARGIN
    ):
        return best[1]
    return _sentence_contradiction(summ, fig, src, support)


def _sentence_words(text: str, span: Span) -> frozenset[str]:
    return frozenset(
        _singular(w.lower().replace("’", "'"))
        for w in _CONTEXT_WORD.findall(text[span[0] : span[1]])
        if w.lower() not in _CONTEXT_STOP
    )


def _sentence_contradiction(
    summ: AnalysedText, fig: Figure, src: AnalysedText, support: Sequence[Figure]
) -> Figure | None:
    """The source sentence that the summary's sentence restates gives another value.

    Used when the summary's sentence clearly restates one source sentence (most of its
    words), that sentence has a figure of the same kind but another value, and every
    mention of the summary's value sits in a sentence that shares clearly fewer words.
    """
    words = _sentence_words(summ.text, fig.sentence)
    if len(words) < _ALIGN_MIN:
        return None
    overlap: dict[Span, int] = {}
    for other in src.figures:
        if other.sentence not in overlap:
            cached = src.sentence_words.get(other.sentence)
            if cached is None:
                cached = src.sentence_words[other.sentence] = _sentence_words(
                    src.text, other.sentence
                )
            overlap[other.sentence] = len(words & cached)
    best_support = max(overlap.get(c.sentence, 0) for c in support)
    for other in src.figures:
        o = overlap[other.sentence]
        if (
            o < max(_ALIGN_MIN, _ALIGN_SHARE * len(words))
            or o < best_support + _ALIGN_MARGIN
            or other.unit != fig.unit
            or other.kind != fig.kind
            or math.isclose(other.value, fig.value)
        ):
            continue
        if fig.kind == "number" and (
            fig.noun is None
            or other.noun is None
            or not _nouns_compatible(fig, other, src.text, summ.text)
        ):
            continue
        return other
    return None


_ALIGN_MIN = 4  # content words a summary sentence must share with the source sentence
_ALIGN_SHARE = 0.5  # and the share of its own content words that this must be
_ALIGN_MARGIN = 3  # by how many words it must beat every sentence holding the value


# Dates, years, clock times, labels and ages anchor a story; hedging is about the claims.
_ANCHORS = frozenset({"date", "year", "time", "id"})


def _why_not(fig: Figure, near: Figure | None) -> str:
    if near is None:
        return f"no figure of value {_fmt(fig)} in the source"
    if near.unit != fig.unit and (near.unit is not None and fig.unit is not None):
        return f"the source has {near.text!r}, a different unit"
    if fig.noun and near.noun and fig.noun != near.noun:
        return f"the source's {near.text!r} counts {near.noun}, not {fig.noun}"
    return f"the source has {near.text!r}, which measures something else"


def _fmt(fig: Figure) -> str:
    v = int(fig.value) if fig.value == int(fig.value) else fig.value
    return f"{v} {fig.unit}" if fig.unit else f"{v}"


def figure_recall(reference: str | AnalysedText, summary: str | AnalysedText) -> float | None:
    """Share of the reference's figures that the summary states too (None when it has none)."""
    ref = reference if isinstance(reference, AnalysedText) else analyse(reference)
    if not ref.figures:
        return None
    summ = summary if isinstance(summary, AnalysedText) else analyse(summary)
    found = check_figures(summ, ref)
    return 1.0 - len(found.unsupported) / len(ref.figures)
