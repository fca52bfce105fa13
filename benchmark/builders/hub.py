"""Builder 3: adapters for public summarisation datasets on the Hugging Face hub.

Each adapter has two halves: ``load_*`` calls ``datasets.load_dataset`` exactly
as a user would, and ``from_*`` maps the raw columns to :data:`FEATURES`. The
mapping half takes any DatasetDict of the raw shape, which is how the tests run
it without the hub.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import datasets
from datasets import Dataset, DatasetDict

from benchmark.dataset import FEATURES, stable_id
from benchmark.errors import InputError


def _convert(
    raw: DatasetDict | Dataset,
    fn: Callable[[dict[str, Any]], dict[str, Any]],
    required: tuple[str, ...],
    name: str,
) -> DatasetDict:
    dsd = raw if isinstance(raw, DatasetDict) else DatasetDict({str(raw.split or "test"): raw})
    out = {}
    for split, ds in dsd.items():
        missing = [c for c in required if c not in ds.column_names]
        if missing:
            raise InputError(
                f"{name} split {split!r} lacks column(s) {missing}; has {ds.column_names}",
                field=missing[0],
            )
        out[split] = ds.map(
            fn, remove_columns=ds.column_names, features=FEATURES, desc=f"{name}/{split}"
        )
    return DatasetDict(out)


def _bullets(highlights: str) -> list[str] | None:
    lines = [x.strip() for x in highlights.split("\n") if x.strip()]
    return lines or None


def _cnn_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],  # already the SHA-1 of the article URL
        "headline": None,  # CNN/DailyMail ships no headlines
        "bullets": _bullets(row["highlights"]),
        "body": row["article"],
        "source": "cnn_dailymail",
        "url": None,
        "published": None,
    }


def from_cnn_dailymail(raw: DatasetDict | Dataset) -> DatasetDict:
    """``article`` -> body, split ``highlights`` -> bullets; ``id`` kept, no headline."""
    return _convert(raw, _cnn_row, ("id", "article", "highlights"), "cnn_dailymail")


def _xsum_row(row: dict[str, Any]) -> dict[str, Any]:
    summary = row["summary"].strip()
    return {
        "id": str(row["id"]),
        "headline": summary or None,  # one sentence, headline-like
        "bullets": None,
        "body": row["document"],
        "source": "xsum",
        "url": None,
        "published": None,
    }


def from_xsum(raw: DatasetDict | Dataset) -> DatasetDict:
    """``document`` -> body, the one-sentence ``summary`` -> headline, ``id`` kept; no bullets."""
    return _convert(raw, _xsum_row, ("id", "document", "summary"), "xsum")


# Newser articles open with a dateline: "(Sep 25, 2016  1:28 PM CDT) Authorities say ..."
_NEWSER_DATELINE = re.compile(
    r"^\s*\((?P<mon>[A-Z][a-z]{2})[a-z]*\.? (?P<day>\d{1,2}), (?P<year>\d{4})[^)]{0,40}\)\s*"
)


def _numhg_row(row: dict[str, Any]) -> dict[str, Any]:
    text = row["text"]
    published = None
    m = _NEWSER_DATELINE.match(text)
    if m:
        try:
            published = (
                datetime.strptime(f"{m['mon']} {m['day']} {m['year']}", "%b %d %Y")
                .date()
                .isoformat()
            )
            text = text[m.end() :]  # metadata, not article text
        except ValueError:
            published = None
    headline = row["summary"].strip() or None
    return {
        "id": stable_id(url=None, headline=headline, body=text),
        "headline": headline,
        "bullets": None,
        "body": text,
        "source": "numhg",
        "url": None,
        "published": published,
    }


def from_numhg(raw: DatasetDict | Dataset) -> DatasetDict:
    """NumHG CSV rows: ``text`` (Newser article) -> body, ``summary`` -> headline; no bullets."""
    return _convert(raw, _numhg_row, ("text", "summary"), "numhg")


NUMHG_COMMIT = "8af1da4f92bfc62bc7edf937f6546d2633d383c7"
NUMHG_DATA_FILES = {
    "validation": f"https://raw.githubusercontent.com/ArrowHuang/NumHG/{NUMHG_COMMIT}/Dataset/fold-1/val.csv",
}


@dataclass(frozen=True)
class HubSource:
    """Where a public dataset lives and how its columns map to ours."""

    path: str
    config: str | None
    convert: Callable[[DatasetDict | Dataset], DatasetDict]
    license: str
    data_files: Mapping[str, str] | None = None
    citation: str = ""
    notes: tuple[str, ...] = field(default=())


HUB_SOURCES: Mapping[str, HubSource] = {
    "cnn_dailymail": HubSource(
        "abisee/cnn_dailymail",
        "3.0.0",
        from_cnn_dailymail,
        "apache-2.0",
        citation="See et al. 2017; Hermann et al. 2015",
        notes=("No headlines: headline metrics are skipped.",),
    ),
    "xsum": HubSource(
        "EdinburghNLP/xsum",
        None,
        from_xsum,
        "unknown",
        citation="Narayan et al. 2018",
        notes=("The one-sentence summary is used as a headline-like target; no bullets.",),
    ),
    "numhg": HubSource(
        "csv",
        None,
        from_numhg,
        "unknown (research use)",
        data_files=NUMHG_DATA_FILES,
        citation="Huang et al. 2023 (NumHG)",
        notes=("Fold 1 validation file of the NumHG repository; no bullets.",),
    ),
}


def load_hub(
    name: str,
    *,
    split: str | None = None,
    path: str | None = None,
    config: str | None = None,
    revision: str | None = None,
    data_files: Mapping[str, str] | None = None,
    limit: int | None = None,
    **load_kwargs: Any,
) -> DatasetDict:
    """``datasets.load_dataset`` for a known source, mapped to our Features.

    ``limit`` keeps the first N rows of each split (for quick runs); ``path``
    and ``config`` point at a mirror or a local copy of the same shape.
    """
    if name not in HUB_SOURCES:
        raise InputError(
            f"unknown hub dataset {name!r}; known: {', '.join(HUB_SOURCES)}", field="name"
        )
    src = HUB_SOURCES[name]
    raw = datasets.load_dataset(
        path or src.path,
        config if path else src.config,
        split=split,
        revision=revision,
        data_files=dict(data_files or src.data_files or {}) or None,
        **load_kwargs,
    )
    if isinstance(raw, Dataset) and split is not None:
        raw = DatasetDict({split: raw})
    if not isinstance(raw, DatasetDict):
        raise InputError(f"{src.path} did not load as a dataset with splits", field="name")
    if limit is not None:
        raw = DatasetDict({k: v.select(range(min(limit, v.num_rows))) for k, v in raw.items()})
    return src.convert(raw)


def load_cnn_dailymail(**kwargs: Any) -> DatasetDict:
    return load_hub("cnn_dailymail", **kwargs)


def load_xsum(**kwargs: Any) -> DatasetDict:
    return load_hub("xsum", **kwargs)


def load_numhg(**kwargs: Any) -> DatasetDict:
    return load_hub("numhg", **kwargs)
