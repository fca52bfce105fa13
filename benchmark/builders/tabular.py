"""Builder 2: JSON Lines and CSV files with a column mapping.

``{"article": ..., "highlights": "a\\nb"}`` becomes an article with a mapping
``article=body, highlights=bullets``. Columns already named like a field need no
mapping. Every bad row raises :class:`InputError` naming file, line and field.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from datasets import DatasetDict

from benchmark.dataset import check_iso_date, make_dataset_dict, split_articles, stable_id
from benchmark.errors import InputError
from benchmark.records import Article

TARGETS = ("id", "headline", "bullets", "body", "source", "url", "published", "split")

TabularFormat = Literal["jsonl", "csv"]


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``["article=body", "highlights=bullets"]`` -> ``{"article": "body", ...}``."""
    out: dict[str, str] = {}
    for item in items:
        column, sep, target = item.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise InputError(f"column mapping {item!r} must look like COLUMN=FIELD", field="map")
        if target not in TARGETS:
            raise InputError(
                f"column mapping {item!r}: {target!r} is not a field; fields: {', '.join(TARGETS)}",
                field="map",
            )
        if target in out.values():
            raise InputError(f"two columns are mapped to {target!r}", field="map")
        out[column] = target
    return out


def _iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid UTF-8 ({exc.reason})", path=path, line=lineno
                ) from None
            if lineno == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except ValueError as exc:
                raise InputError(f"invalid JSON: {exc}", path=path, line=lineno) from None
            if not isinstance(obj, dict):
                raise InputError(
                    f"expected a JSON object, got {type(obj).__name__}", path=path, line=lineno
                )
            yield lineno, obj


def _iter_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 kB default
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 ({exc.reason})", path=path, line=line) from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    if reader.fieldnames is None:
        raise InputError("empty CSV file (no header row)", path=path, line=1)
    start = reader.line_num + 1
    try:
        for row in reader:
            if None in row:
                raise InputError(
                    f"row has {len(reader.fieldnames) + len(row[None])} cells, "
                    f"header has {len(reader.fieldnames)}",
                    path=path,
                    line=start,
                )
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from None


def _text(value: Any, *, path: Path, line: int, field: str, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError("is empty", path=path, line=line, field=field)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(
            f"must be text, got {type(value).__name__}", path=path, line=line, field=field
        )
    return str(value).strip()


def row_to_article(
    row: Mapping[str, Any],
    mapping: Mapping[str, str],
    *,
    path: Path,
    line: int,
    source: str,
    bullet_sep: str = "\n",
) -> tuple[Article, str | None]:
    """One row -> (article, split named by the row or None)."""
    fields: dict[str, Any] = {}
    names: dict[str, str] = {}
    for column, value in row.items():
        target = mapping.get(
            column, column if column in TARGETS and column not in mapping.values() else None
        )
        if target is not None:
            fields[target] = value
            names[target] = column
    if "body" not in fields:
        raise InputError(
            f"no body column (columns: {', '.join(row)}); map one with --map COLUMN=body",
            path=path,
            line=line,
            field="body",
        )
    body = _text(fields["body"], path=path, line=line, field=names["body"], required=True)
    assert body is not None
    headline = _text(
        fields.get("headline"),
        path=path,
        line=line,
        field=names.get("headline", "headline"),
        required=False,
    )
    bullets: tuple[str, ...] | None = None
    raw = fields.get("bullets")
    if isinstance(raw, list):
        for k, b in enumerate(raw):
            if not isinstance(b, str):
                raise InputError(
                    f"must be text, got {type(b).__name__}",
                    path=path,
                    line=line,
                    field=f"{names['bullets']}[{k}]",
                )
        bullets = tuple(b.strip() for b in raw if b.strip()) or None
    elif raw is not None:
        text = _text(raw, path=path, line=line, field=names["bullets"], required=False)
        if text is not None:
            bullets = tuple(b.strip() for b in text.split(bullet_sep) if b.strip()) or None
    url = _text(
        fields.get("url"), path=path, line=line, field=names.get("url", "url"), required=False
    )
    published = _text(
        fields.get("published"),
        path=path,
        line=line,
        field=names.get("published", "published"),
        required=False,
    )
    if published is not None:
        published = published[:10]
        if not check_iso_date(published):
            raise InputError(
                f"{fields['published']!r} is not a date (YYYY-MM-DD)",
                path=path,
                line=line,
                field=names["published"],
            )
    aid = _text(fields.get("id"), path=path, line=line, field=names.get("id", "id"), required=False)
    src = _text(
        fields.get("source"),
        path=path,
        line=line,
        field=names.get("source", "source"),
        required=False,
    )
    split = _text(
        fields.get("split"), path=path, line=line, field=names.get("split", "split"), required=False
    )
    article = Article(
        id=aid or stable_id(url=url, headline=headline, body=body),
        headline=headline,
        bullets=bullets,
        body=body,
        source=src or source,
        url=url,
        published=published,
    )
    return article, split


def build_tabular(
    paths: Sequence[str | Path],
    *,
    fmt: TabularFormat,
    mapping: Mapping[str, str] | None = None,
    split: str | None = None,
    splits: Mapping[str, float] | None = None,
    source: str | None = None,
    bullet_sep: str = "\n",
) -> DatasetDict:
    """Build a DatasetDict from JSONL or CSV files.

    The split of a row comes from its mapped ``split`` column, else ``split``
    (all rows), else a deterministic hash split by ``splits`` weights.
    """
    if not paths:
        raise InputError("no input files given", field="input")
    mapping = dict(mapping or {})
    reader = _iter_jsonl if fmt == "jsonl" else _iter_csv
    by_split: dict[str, list[Article]] = {}
    unsplit: list[Article] = []
    first_seen: dict[str, str] = {}
    for raw_path in paths:
        path = Path(raw_path)
        if not path.is_file():
            raise InputError("no such file", path=path)
        n = 0
        for line, row in reader(path):
            article, row_split = row_to_article(
                row,
                mapping,
                path=path,
                line=line,
                source=source or path.stem,
                bullet_sep=bullet_sep,
            )
            where = f"{path}:{line}"
            if article.id in first_seen:
                raise InputError(
                    f"duplicate id {article.id} (first at {first_seen[article.id]})",
                    path=path,
                    line=line,
                    field="id",
                )
            first_seen[article.id] = where
            name = row_split or split
            if name is None:
                unsplit.append(article)
            else:
                by_split.setdefault(name, []).append(article)
            n += 1
        if n == 0:
            raise InputError("no rows", path=path)
    if unsplit:
        for name, arts in split_articles(unsplit, splits or {"test": 1.0}).items():
            by_split.setdefault(name, []).extend(arts)
    return make_dataset_dict({k: v for k, v in by_split.items() if v})
