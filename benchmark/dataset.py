"""The article dataset: Features, ids, splits, fingerprint, disk formats and card.

Every builder (seed text files, JSONL/CSV, hub adapters) returns a
``datasets.DatasetDict`` with exactly :data:`FEATURES`, so everything after the
builders sees one shape.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import datasets
from datasets import Dataset, DatasetDict, Features, Value

from benchmark.errors import InputError
from benchmark.progress import quiet_datasets
from benchmark.records import Article

FEATURES = Features(
    {
        "id": Value("string"),
        "headline": Value("string"),  # null when the source has no headline
        "bullets": datasets.List(Value("string")),  # null when the source has no bullets
        "body": Value("string"),
        "source": Value("string"),
        "url": Value("string"),
        "published": Value("string"),  # ISO 8601 date or null
    }
)

METADATA_FILE = "headline_bench.json"
"""Written beside ``save_to_disk``'s files: fingerprint, builder, counts."""

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_SPACE = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_text(text: str) -> str:
    """The form two copies of the same text share: NFC, straight quotes, one space, lower case.

    Used for ids and for spotting a repeated headline, never for stored text
    (curly quotes and currency signs are kept as written).
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().lower()


def stable_id(*, url: str | None, headline: str | None, body: str) -> str:
    """The article id: SHA-1 of the URL (as ``cnn_dailymail`` does), else of headline and body."""
    if url:
        return hashlib.sha1(url.encode("utf-8")).hexdigest()
    key = normalise_text(headline or "") + "\n" + normalise_text(body)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def check_iso_date(value: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    if not _ISO_DATE.match(value):
        return False
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def hash_split(
    article_id: str, weights: Mapping[str, float], *, salt: str = "headline-bench"
) -> str:
    """Assign an article to a split from a hash of its id.

    Adding or removing other articles never moves an article to another split.
    """
    if not weights:
        raise ValueError("weights must name at least one split")
    total = sum(weights.values())
    digest = hashlib.sha256(f"{salt}:{article_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64 * total
    acc = 0.0
    for name, weight in weights.items():
        acc += weight
        if point < acc:
            return name
    return next(reversed(list(weights)))


def articles_to_dataset(articles: Sequence[Article], *, split: str | None = None) -> Dataset:
    rows = [a.to_row() for a in articles]
    columns = {name: [row[name] for row in rows] for name in FEATURES}
    return Dataset.from_dict(
        columns, features=FEATURES, split=None if split is None else datasets.NamedSplit(split)
    )


def dataset_to_articles(ds: Dataset) -> list[Article]:
    # whole columns at once: row-by-row iteration was ~1 s for the CNN/DM test split
    cols = ds.select_columns([f.name for f in fields(Article)]).to_dict()
    rows = zip(*cols.values(), strict=True)
    return [Article.from_row(dict(zip(cols, row, strict=True))) for row in rows]


def make_dataset_dict(splits: Mapping[str, Sequence[Article]]) -> DatasetDict:
    """A DatasetDict from articles per split; ids must be unique across all splits."""
    seen: dict[str, str] = {}
    for name, arts in splits.items():
        for a in arts:
            if a.id in seen:
                raise InputError(
                    f"duplicate article id {a.id} in splits {seen[a.id]!r} and {name!r}",
                    field="id",
                )
            seen[a.id] = name
    return DatasetDict(
        {name: articles_to_dataset(arts, split=name) for name, arts in splits.items()}
    )


def split_articles(
    articles: Iterable[Article], weights: Mapping[str, float], *, salt: str = "headline-bench"
) -> dict[str, list[Article]]:
    """Deterministic hash split; each split sorted by id, so input order never matters.

    Raises :class:`InputError` (field ``splits``) when a split would get no article: an
    empty split cannot be saved and loaded back. The message says how many articles each
    split would get and names a ``--splits`` value that works (every article in one split).
    """
    out: dict[str, list[Article]] = {name: [] for name in weights}
    for a in articles:
        out[hash_split(a.id, weights, salt=salt)].append(a)
    n = sum(len(arts) for arts in out.values())
    if n == 0:
        raise InputError("no articles to split", field="splits")
    if any(not arts for arts in out.values()):
        spec = ",".join(f"{name}={weight:g}" for name, weight in weights.items())
        got = ", ".join(f"{name} {len(arts)}" for name, arts in out.items())
        largest = max(weights, key=lambda name: weights[name])
        raise InputError(
            f"{n} article{' is' if n == 1 else 's are'} too few for splits {spec}: the hash "
            f"split would give {got}, and an empty split cannot be saved; pass "
            f"--splits {largest}=1 to put every article in one split, or add articles",
            field="splits",
        )
    return {name: sorted(arts, key=lambda a: a.id) for name, arts in out.items()}


def fingerprint(dsd: DatasetDict) -> str:
    """SHA-256 of the dataset's content: split names, features and every row, in order.

    Unlike ``Dataset._fingerprint`` (which also changes with the ``datasets``
    version and the cache), this depends only on what the data says.
    """
    h = hashlib.sha256()
    h.update(json.dumps(FEATURES.to_dict(), sort_keys=True).encode())
    for name in sorted(dsd):
        h.update(b"\x00split\x00" + name.encode())
        for row in dsd[name].select_columns(list(FEATURES)).to_list():
            h.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
            h.update(b"\n")
    return h.hexdigest()


@dataclass(frozen=True)
class DatasetCard:
    """What the dataset card (README.md with YAML metadata) says beyond counts."""

    pretty_name: str
    license: str
    description: str
    how_built: str
    known_limits: tuple[str, ...] = ()
    source_datasets: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


def render_card(dsd: DatasetDict, card: DatasetCard, *, fp: str) -> str:
    """A Hugging Face dataset card: YAML metadata, then fields, splits, provenance, limits."""
    lines = ["---", f"pretty_name: {json.dumps(card.pretty_name)}", f"license: {card.license}"]
    lines += [
        "language:",
        "- en",
        "task_categories:",
        "- summarization",
        "tags:",
        "- news",
        "- headline-generation",
        "- faithfulness",
    ]
    if card.source_datasets:
        lines.append("source_datasets:")
        lines += [f"- {s}" for s in card.source_datasets]
    lines += ["dataset_info:", "  features:"]
    for name, feat in FEATURES.items():
        dtype = "list: string" if isinstance(feat, datasets.List) else "dtype: string"
        lines += [f"  - name: {name}", f"    {dtype}"]
    lines.append("  splits:")
    for name in dsd:
        lines += [f"  - name: {name}", f"    num_examples: {dsd[name].num_rows}"]
    lines += ["---", "", f"# {card.pretty_name}", "", card.description.strip(), ""]
    lines += ["## Fields", "", "| field | type | meaning |", "|---|---|---|"]
    meanings = {
        "id": "SHA-1 of the URL when known, else of the normalised headline and body",
        "headline": "the outlet's headline; null when the source has none",
        "bullets": "the outlet's highlights, in order; null when the source has none",
        "body": "article text, paragraphs separated by a blank line",
        "source": "outlet or source dataset",
        "url": "article URL, or null",
        "published": "publication date YYYY-MM-DD, or null",
    }
    for name, feat in FEATURES.items():
        kind = "list of string" if isinstance(feat, datasets.List) else "string"
        lines.append(f"| `{name}` | {kind} | {meanings[name]} |")
    lines += [
        "",
        "## Splits",
        "",
        "| split | articles | with headline | with bullets | body words (mean) |",
        "|---|---|---|---|---|",
    ]
    for name in dsd:
        s = summarise_split(dsd[name])
        lines.append(
            f"| {name} | {s['articles']} | {s['with_headline']} | {s['with_bullets']} | "
            f"{s['body_words_mean']:.0f} |"
        )
    lines += [
        "",
        f"Content fingerprint (SHA-256): `{fp}`",
        "",
        "## How it was built",
        "",
        card.how_built.strip(),
        "",
    ]
    if card.known_limits:
        lines += ["## Known limits", ""] + [f"- {x}" for x in card.known_limits] + [""]
    return "\n".join(lines)


def summarise_split(ds: Dataset) -> dict[str, Any]:
    """Counts and field lengths of one split (``data show`` and the card print these)."""
    heads = ds["headline"]
    bullets = ds["bullets"]
    bodies = ds["body"]
    body_words = [len(b.split()) for b in bodies]
    head_words = [len(h.split()) for h in heads if h is not None]
    n_bullets = [len(b) for b in bullets if b is not None]
    bullet_words = [len(x.split()) for b in bullets if b is not None for x in b]

    def stats(xs: list[int]) -> dict[str, float]:
        if not xs:
            return {"min": 0, "mean": 0.0, "max": 0}
        return {"min": min(xs), "mean": sum(xs) / len(xs), "max": max(xs)}

    return {
        "articles": ds.num_rows,
        "with_headline": len(head_words),
        "with_bullets": len(n_bullets),
        "body_words_mean": stats(body_words)["mean"],
        "body_words": stats(body_words),
        "headline_words": stats(head_words),
        "bullets_per_article": stats(n_bullets),
        "bullet_words": stats(bullet_words),
    }


def save_dataset(
    dsd: DatasetDict,
    out_dir: str | Path,
    *,
    card: DatasetCard,
    builder: Mapping[str, Any],
    parquet: bool = True,
) -> dict[str, Any]:
    """Write ``save_to_disk`` files, Parquet per split, the card and the metadata file.

    Refuses (before writing anything) a dataset with no splits or with an empty split:
    ``save_to_disk`` writes an empty split without data files, and ``load_from_disk``
    then fails on it.
    """
    if not dsd:
        raise InputError("the dataset has no splits: nothing to save")
    empty = [name for name in dsd if dsd[name].num_rows == 0]
    if empty:
        raise InputError(
            f"split {empty[0]!r} has no articles; an empty split cannot be loaded back "
            "(give fewer splits, or more articles)",
            field="splits",
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with quiet_datasets():  # the caller reports what was written, in one line
        dsd.save_to_disk(str(out))
        if parquet:
            (out / "parquet").mkdir(exist_ok=True)
            for name in dsd:
                dsd[name].to_parquet(str(out / "parquet" / f"{name}.parquet"))
    fp = fingerprint(dsd)
    (out / "README.md").write_text(render_card(dsd, card, fp=fp), encoding="utf-8")
    from benchmark import __version__

    meta = {
        "fingerprint": fp,
        "splits": {name: dsd[name].num_rows for name in dsd},
        "builder": dict(builder),
        "license": card.license,
        "headline_bench_version": __version__,
        "datasets_version": datasets.__version__,
    }
    (out / METADATA_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return meta


def load_dataset_dir(path: str | Path) -> DatasetDict:
    """Load a dataset written by :func:`save_dataset` (or any ``save_to_disk`` folder like it)."""
    p = Path(path)
    if not (p / "dataset_dict.json").is_file():
        raise InputError(
            "not a saved dataset (no dataset_dict.json); "
            "build one with `headline-bench data build`",
            path=p,
        )
    dsd = datasets.load_from_disk(str(p))
    if not isinstance(dsd, DatasetDict):  # pragma: no cover - save_dataset always writes a dict
        raise InputError("expected a DatasetDict", path=p)
    for name in dsd:
        if dsd[name].features != FEATURES:
            raise InputError(
                f"split {name!r} has features {dict(dsd[name].features)}, expected HeadlineBench's",
                path=p,
            )
    return dsd
