"""Records that flow through the benchmark: articles and predictions.

The predictions file is a public format (users write it by hand or from other
tools): JSON Lines, one object per article, ``{"id": str, "headline": str,
"bullets": [str, ...]}``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.errors import InputError


@dataclass(frozen=True, slots=True)
class Article:
    """A news article with the outlet's own headline and bullets.

    ``headline`` and ``bullets`` are ``None`` when the source dataset has none
    (XSum has no bullets, CNN/DailyMail no headline): metrics skip what is
    absent instead of scoring it as zero.
    """

    id: str
    headline: str | None
    bullets: tuple[str, ...] | None
    body: str
    source: str
    url: str | None = None
    published: str | None = None  # ISO 8601 date, YYYY-MM-DD

    def to_row(self) -> dict[str, Any]:
        """The row of the ``datasets`` table (lists, not tuples)."""
        return {
            "id": self.id,
            "headline": self.headline,
            "bullets": None if self.bullets is None else list(self.bullets),
            "body": self.body,
            "source": self.source,
            "url": self.url,
            "published": self.published,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Article:
        bullets = row["bullets"]
        return cls(
            id=row["id"],
            headline=row["headline"],
            bullets=None if bullets is None else tuple(bullets),
            body=row["body"],
            source=row["source"],
            url=row["url"],
            published=row["published"],
        )


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a summariser wrote for one article."""

    id: str
    headline: str
    bullets: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "headline": self.headline, "bullets": list(self.bullets)}


PREDICTION_FIELDS = ("id", "headline", "bullets")


def prediction_from_json(
    obj: Any, *, path: str | None = None, line: int | None = None
) -> Prediction:
    """Check one decoded JSON value against the predictions format.

    This is the format check every reader shares; the leaderboard adds its own,
    stricter limits (lengths, bullet counts, ids of the split) on top.
    """
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}", path=path, line=line)
    for key in PREDICTION_FIELDS:
        if key not in obj:
            raise InputError("missing", path=path, line=line, field=key)
    extra = sorted(set(obj) - set(PREDICTION_FIELDS))
    if extra:
        raise InputError(
            f"unknown field(s) {', '.join(map(repr, extra))}; allowed: id, headline, bullets",
            path=path,
            line=line,
            field=extra[0],
        )
    pid, headline, bullets = obj["id"], obj["headline"], obj["bullets"]
    if not isinstance(pid, str) or not pid.strip():
        raise InputError("must be a non-empty string", path=path, line=line, field="id")
    if not isinstance(headline, str):
        raise InputError(
            f"must be a string, got {_json_type(headline)}", path=path, line=line, field="headline"
        )
    if not isinstance(bullets, list):
        raise InputError(
            f"must be a list of strings, got {_json_type(bullets)}",
            path=path,
            line=line,
            field="bullets",
        )
    for k, bullet in enumerate(bullets):
        if not isinstance(bullet, str):
            raise InputError(
                f"must be a string, got {_json_type(bullet)}",
                path=path,
                line=line,
                field=f"bullets[{k}]",
            )
    return Prediction(id=pid, headline=headline, bullets=tuple(bullets))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return "a non-finite number"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def iter_predictions(path: str | os.PathLike[str]) -> Iterator[Prediction]:
    """Read a predictions JSONL file lazily, line by line.

    Blank lines (a trailing newline, CRLF ends) are skipped; any other bad line
    raises :class:`InputError` naming the file, the line and the field.
    """
    for _, pred in iter_predictions_with_lines(path):
        yield pred


def iter_predictions_with_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, Prediction]]:
    """Like :func:`iter_predictions`, with the 1-based line number of each record."""
    p = str(path)
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid UTF-8 ({exc.reason})", path=p, line=lineno) from None
            if lineno == 1 and text.startswith("\ufeff"):
                text = text[1:]
            if not text.strip():
                continue
            try:
                obj = json.loads(text, parse_constant=_reject_constant)
            except ValueError as exc:
                raise InputError(f"invalid JSON: {exc}", path=p, line=lineno) from None
            yield lineno, prediction_from_json(obj, path=p, line=lineno)


def read_predictions(path: str | os.PathLike[str]) -> list[Prediction]:
    """Read a whole predictions file; a repeated id is an error."""
    seen: dict[str, int] = {}
    out: list[Prediction] = []
    for lineno, pred in iter_predictions_with_lines(path):
        if pred.id in seen:
            raise InputError(
                f"duplicate id {pred.id!r} (first on line {seen[pred.id]})",
                path=str(path),
                line=lineno,
                field="id",
            )
        seen[pred.id] = lineno
        out.append(pred)
    return out


def write_predictions(path: str | os.PathLike[str], predictions: Iterable[Prediction]) -> Path:
    """Write predictions as JSON Lines, atomically (a crash leaves no half file)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for pred in predictions:
            fh.write(json.dumps(pred.to_json(), ensure_ascii=False) + "\n")
    os.replace(tmp, target)
    return target
