"""The words and patterns the grammar of figures shares: units, currencies, magnitudes,
number words, months, labels, approximation qualifiers, and the word lists that end a
noun phrase.

Cue patterns of one stage live with that stage (hedge and attribution cues in
``hedges``, noun synonyms in ``nouns``).
"""

from __future__ import annotations

import re

from benchmark.metrics.figures.records import Bound

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
    # "up to", "as many as": the source's own bound, a hedge (see hedges._LOCAL_HEDGES), never
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
_VERBS = frozenset(
    "met lost left went came took gave fell rose won ran paid made saw got put cut hit set led "
    "held kept sold told found thought brought bought built spent sent felt stood broke spoke "
    "chose drove flew grew knew threw wore wrote became began died fled face faces faced will "
    "are were is was have has had did do does remain remained stay stayed live lived work "
    "worked say".split()
)
