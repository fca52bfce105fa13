"""The grammar of figures: numbers, money, percentages, units, dates, clock times, codes,
numbers in words, fractions.

``_Parser`` reads a text's tokens left to right and drafts each figure (token offsets,
value, unit, kind). The token cursor it stands on is ``tokens._Cursor``; the counted
noun after a plain count is ``nouns._CountedNouns.finish``.
"""

# Why this module is long: what is left is one grammar whose methods call one another
# (``number`` and ``word_number`` both end in ``unit_at``, ``aged`` and ``finish``;
# ``currency`` reads ``words_value``), so it stays one class rather than mixins that only
# make sense together.

from __future__ import annotations

import re

from benchmark.metrics.figures.nouns import _CountedNouns
from benchmark.metrics.figures.records import Kind, _Draft
from benchmark.metrics.figures.tokens import _AMPM, _adjacent, _half_day, _num, _Tok
from benchmark.metrics.figures.vocabulary import (
    _AFTER_MODAL,
    _AMBIGUOUS_MONTHS,
    _CURRENCY_SYMBOLS,
    _CURRENCY_UNITS,
    _FRACTIONS,
    _ID_LABELS,
    _MAGNITUDES,
    _MONTHS,
    _PREFIXES,
    _SCALES,
    _SMALL,
    _STOP,
    _TENS,
    _UNITS,
    _VAGUE,
    _WEATHER,
)

# The words at which ``_Parser.at`` can find a figure (a month, a fraction, a number word).
_WORD_STARTS = frozenset({"a", "an", *_MONTHS, *_FRACTIONS, *_VAGUE, *_SMALL, *_TENS})
# and the currency signs (lower-cased), the other tokens that can (numbers start with a digit)
_CAN_START = _WORD_STARTS | {"us$", "a$", "c$", "£", "$", "€"}


class _Parser(_CountedNouns):
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

    def parse(self) -> list[_Draft]:
        out: list[_Draft] = []
        # Most tokens are words that cannot start a figure (no other kind of token has a
        # word's text): only the rest are tried.
        starts = self.toks.can_start(_CAN_START)
        after = 0  # the end of the last figure: what starts before it is inside it
        for i in starts:
            if i < after:
                continue
            d = self.at(i)
            if d is None or (out and d.start < out[-1].end):
                continue  # nothing here, or a code that would reach back into the last figure
            out.append(d)
            after = d.end
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
            while j < self.n and self.toks[j].end <= ampm.end():
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
            while j < self.n and self.toks[j].end <= ampm.end():
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
