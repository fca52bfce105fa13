"""Headline scores that need no reference: length and sensationalism cues.

(Figures and neutrality of a headline use the same functions as the bullets,
applied to the headline on its own.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmark.text import words

VERSION = "1.0.0"

_SUPERLATIVES = frozenset(
    "best worst biggest largest greatest highest lowest smallest fastest slowest deadliest "
    "worst-ever best-ever strongest weakest richest poorest oldest youngest longest shortest "
    "hottest coldest wettest driest busiest cheapest dearest safest scariest craziest "
    "wildest sickest toughest hardest harshest bravest cruelest cruellest greediest "
    "luckiest unluckiest unhappiest happiest ugliest angriest bloodiest costliest fiercest "
    "boldest brightest darkest".split()
)
_MOST = re.compile(r"\b(most|least)\s+[a-z]{4,}", re.IGNORECASE)
_EVER = re.compile(r"\b(ever|of all time|in history|record-breaking)\b", re.IGNORECASE)
# Words in capitals that are acronyms, not shouting.
_ACRONYMS = frozenset(
    "NHS BBC ITV CNN NBC CBS ABC NPR USA UK US EU UN NATO MP MPS MSP MEP CEO CFO FBI CIA NASA "
    "NSA IRS DVLA HMRC DWP GCSE GCSES SATS COVID AIDS HIV GDP VAT FTSE NYSE IPO AI IT TV NFL "
    "NBA MLB NHL FIFA UEFA UEFA's RSPCA RNLI RAF MOD IMF WHO OECD OPEC TFL NYPD LAPD ICE DOJ "
    "SNP DUP GOP PM PMQS SUV LGBT LGBTQ DNA IVF MRI ISIS IRA ANC BP HSBC IKEA ASDA LNER TSB "
    "RBS NATWEST CBI TUC GMB NASUWT NEU RMT ASLEF OBR ONS".split()
)
_FORWARD = re.compile(
    r"\b(you won['’]t believe|you will never (guess|believe)|what happened next|"
    r"here['’]s (why|what|how)|here is (why|what|how)|this is (why|what|how)|"
    r"the reason why|will (shock|amaze|stun) you|blow your mind|the truth about|"
    r"everything you need to know|what you need to know|find out (why|what|how)|"
    r"the (one|real) reason|you need to see|is this the|why you should|"
    r"(these|this) \d+ |number \d+ will)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class HeadlineCues:
    words: int
    question: bool
    exclamation: bool
    superlatives: int
    all_caps: int
    forward_reference: bool

    @property
    def sensational(self) -> bool:
        return bool(
            self.question
            or self.exclamation
            or self.superlatives
            or self.all_caps
            or self.forward_reference
        )


def headline_cues(headline: str) -> HeadlineCues:
    toks = words(headline)
    supers = sum(w.lower() in _SUPERLATIVES for w in toks) + len(_MOST.findall(headline))
    supers += len(_EVER.findall(headline)) if supers else 0
    caps = sum(
        1
        for w in toks
        if len(w) >= 4 and w.isalpha() and w.isupper() and w.upper() not in _ACRONYMS
    )
    return HeadlineCues(
        words=len(toks),
        question="?" in headline,
        exclamation="!" in headline,
        superlatives=supers,
        all_caps=caps,
        forward_reference=bool(_FORWARD.search(headline)),
    )
