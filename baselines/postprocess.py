"""Model output to a headline and bullets, shared by the neural and endpoint summarisers."""

from __future__ import annotations

import json
import re

from benchmark.text import split_sentences

_MARKER = re.compile(r"^\s*(?:[-*•▪·●]|\d+[.)])\s+")
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


class SummaryParseError(ValueError):
    """Model output that holds no usable headline and bullets."""


def split_bullets(text: str, max_bullets: int = 4) -> tuple[str, ...]:
    """Bullets from free text: one per marked line ("- ", "• ", "1. "), else one per sentence."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) > 1 and all(_MARKER.match(ln) for ln in lines):
        items = [_MARKER.sub("", ln).strip() for ln in lines]
    else:
        items = [s.text for s in split_sentences(_MARKER.sub("", text.strip()))]
    return tuple(i for i in items if i)[:max_bullets]


def parse_summary_json(text: str, max_bullets: int = 4) -> tuple[str, tuple[str, ...]]:
    """``{"headline": ..., "bullets": [...]}`` from a chat model's answer.

    Tolerates a code fence, prose around the object and a bullets string; anything
    else raises :class:`SummaryParseError` with the reason.
    """
    candidates = [m.group(1) for m in _FENCE.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        candidates.append(text[start : end + 1])
    if not candidates:
        raise SummaryParseError("no JSON object in the output")
    last_error = "no JSON object in the output"
    for cand in candidates:
        try:
            obj = json.loads(cand)
        except ValueError as exc:
            last_error = f"invalid JSON: {exc}"
            continue
        if not isinstance(obj, dict):
            last_error = "the JSON is not an object"
            continue
        headline = obj.get("headline", obj.get("title"))
        bullets = obj.get("bullets", obj.get("highlights"))
        if not isinstance(headline, str) or not headline.strip():
            last_error = "no headline string"
            continue
        if isinstance(bullets, str):
            bullets = list(split_bullets(bullets, max_bullets))
        if not isinstance(bullets, list) or not all(isinstance(b, str) for b in bullets):
            last_error = "bullets is not a list of strings"
            continue
        clean = tuple(b.strip() for b in bullets if b.strip())[:max_bullets]
        if not clean:
            last_error = "no bullets"
            continue
        return headline.strip(), clean
    raise SummaryParseError(last_error)
