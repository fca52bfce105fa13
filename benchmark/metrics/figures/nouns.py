"""Counted nouns: what a count counts ("1,000 members", "four of the groups").

``_CountedNouns`` is the parser's noun stage (``_Parser`` inherits it): after a plain
count it reads the noun phrase and its head. The functions below compare nouns across
texts: singular and plural, synonyms, people.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from benchmark.metrics.figures.records import _Draft
from benchmark.metrics.figures.tokens import _adjacent, _Cursor, _Tok
from benchmark.metrics.figures.vocabulary import (
    _AMBIGUOUS_MONTHS,
    _ING_NOUNS,
    _MONTHS,
    _STOP,
    _VERBS,
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


_IRREGULAR = {
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


@lru_cache(maxsize=65536)  # called for every context word of every figure
def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
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


class _CountedNouns(_Cursor):
    """The noun after a count: ``finish`` attaches it to a plain count's draft."""

    def month_word(self, w: _Tok) -> bool:
        """A month name that ends a noun phrase: capitalised, or unambiguous in lower case."""
        return w.text[0].isupper() or (self.lower and w.low not in _AMBIGUOUS_MONTHS)

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
