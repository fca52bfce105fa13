"""Hedges and attribution: the cues that hedge a figure ("could", "up to", "according
to") or attribute it ("said"), found per sentence and bound to a figure by clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmark.metrics.matcher import fold

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
# Every branch starts by consuming one of ";:," or a space, so that the regex engine skips
# to those characters instead of trying each branch at every position (a third faster).
_CLAUSE_BREAK = re.compile(
    r"[;:,\s](?:(?<=[;:])"
    r"|(?<=,)\s+(?:and|but|while|whereas|although|though|which|who|as|after|before|when|with)\b"
    r"|(?<=,)\s+(?!according\b)[a-z]+ing\b"  # ", prompting speculation that ...", ", suggesting"
    r"|(?<=\s)\s*(?:but|while|whereas|when|because|although|though|unless|until|since|after|"
    r"before|why|whether)\s+"
    r"|(?<=\s)\s*and,"  # "is now 10 and, according to his jockey, ..."
    # captions run into the text: a capitalised function word after a lower-case word with
    # no stop between ("... without interruption According to teachers ...")
    r"|(?<=[a-z]\s)\s*(?=(?:The|A|An|In|On|At|He|She|It|They|We|His|Her|Their|But|And|This|"
    r"That|With|When|After|Before|According|Scroll)\s))"
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
"""Hedges a summary also keeps by attribution ("the union says"); see :func:`_is_attribution`."""

# "may" is the month after these words, or next to a day number, whatever its case.
_MAY_MONTH_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|of|last|next|early|late|mid|this|during|before|after|"
    r"between|through|throughout|on|\d{1,2}(?:st|nd|rd|th)?)\s+$",
    re.IGNORECASE,
)
_MAY_MONTH_AFTER = re.compile(r"\s+(?:\d{1,2}(?:st|nd|rd|th)?\b|\d{4}\b)")


@dataclass(frozen=True, slots=True)
class _SentenceCues:
    breaks: tuple[tuple[int, int], ...]  # clause breaks, in order (none without a cue)
    attributions: tuple[tuple[int, str], ...]  # attribution cues ("according to"), in order
    attributed: bool  # a reporting verb anywhere in it ("said")
    modal: bool  # a part of a modal cue anywhere in it: else no figure of it has one


# A word part that every match of each regex holds, once folded (see ``matcher.fold``): a
# sentence without any of them cannot match, which a substring test sees at C speed.
_ATTRIBUTION_CUE_PARTS = ("report", "according", "source", "claim", "alleg", "said")
_MODAL_PARTS = (
    *("could", "may", "might", "expect", "estimat", "project", "forecast", "predict"),
    *("likely", "potentially", "possibly", "fear", "believ", "thought", "understood"),
    *("unconfirmed", "suggest", "many", "much", "up"),
)
_ATTRIBUTION_PARTS = (
    *("said", "say", "told", "tell", "according", "claim", "alleg", "warn", "insist"),
    *("report", "argu", "believ", "estimat", "show", "suggest", "found", "find", "put"),
)


def _sentence_cues(sentence: str) -> _SentenceCues:
    folded = fold(sentence)
    attributions = (
        tuple(
            (m.start(), " ".join(m.group(1).lower().split()))
            for m in _ATTRIBUTION_CUE_RE.finditer(sentence)
        )
        if any(part in folded for part in _ATTRIBUTION_CUE_PARTS)
        else ()
    )
    modal = any(part in folded for part in _MODAL_PARTS)
    return _SentenceCues(
        # clauses only bound cues: a sentence with none has no use for its breaks
        breaks=tuple(m.span() for m in _CLAUSE_BREAK.finditer(sentence))
        if modal or attributions
        else (),
        attributions=attributions,
        attributed=any(part in folded for part in _ATTRIBUTION_PARTS)
        and _ATTRIBUTION_RE.search(sentence) is not None,
        modal=modal,
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
    if not cues.modal and not cues.attributions:
        return None  # no cue in the whole sentence (its breaks were not worked out)
    lo, hi = 0, len(sentence)
    for b_start, b_end in cues.breaks:
        if b_end <= start:
            lo = b_start
        elif b_start >= end:
            hi = b_start
            break
    lo, hi = max(lo, start - _CUE_WINDOW), min(hi, end + _CUE_WINDOW)
    for m in _MODAL_RE.finditer(sentence, lo, hi) if cues.modal else ():
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
