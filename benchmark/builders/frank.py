"""FRANK (Pagnoni et al., NAACL 2021): its CNN/DM and XSum test articles as tracks, and the
summaries of the systems its annotators judged as predictions.

Read from a local copy of FRANK's data (``frank_articles.jsonl``, one JSON per document:
``hash``, ``dataset`` (cnndm/xsum), ``article``, ``reference``, ``summaries{system: text}``),
or, for the articles, from the hub by id (:func:`load_frank_from_hub`). Nothing of FRANK is
copied into this repository.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasets import Dataset, DatasetDict

from benchmark.dataset import FEATURES
from benchmark.errors import InputError
from benchmark.normalise import normalise
from benchmark.records import Prediction
from benchmark.text import split_sentences

ARTICLES_FILE = "frank_articles.jsonl"
ANNOTATIONS_FILE = "human_annotations.json"
SYSTEMS = {
    "cnndm": ("bart", "bert_sum", "pgn", "bus", "s2s"),
    "xsum": ("BERTS2S", "TConvS2S", "PtGen", "TranS2S"),
}
_SOURCE = {"cnndm": "cnn_dailymail", "xsum": "xsum"}
MAX_BULLETS = 6  # the leaderboard's limit; later sentences join the last bullet
MAX_HEADLINE_CHARS = 300  # the leaderboard's limits
MAX_BULLET_CHARS = 600


@dataclass(frozen=True)
class FrankDoc:
    hash: str
    dataset: str
    article: str
    reference: str
    reference_lower: str
    summaries: dict[str, str] = field(default_factory=dict)


def frank_folder(path: str | Path) -> Path:
    """The folder holding ``frank_articles.jsonl``: ``path`` itself or its ``frank/``."""
    p = Path(path)
    for folder in (p, p / "frank"):
        if (folder / ARTICLES_FILE).is_file():
            return folder
    raise InputError(f"no {ARTICLES_FILE} here or in frank/ (a copy of FRANK's data)", path=p)


def read_frank(path: str | Path) -> list[FrankDoc]:
    """Every FRANK document in the folder (or its ``frank/``)."""
    file = frank_folder(path) / ARTICLES_FILE
    out: list[FrankDoc] = []
    with file.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append(
                    FrankDoc(
                        row["hash"],
                        row["dataset"],
                        row["article"],
                        row.get("reference") or "",
                        row.get("reference_lower") or "",
                        dict(row.get("summaries") or {}),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"not a FRANK article row: {exc}", path=file, line=n) from None
    return out


def read_frank_human(path: str | Path) -> dict[tuple[str, str], dict[str, Any]]:
    """FRANK's summary-level human scores by (document hash, system)."""
    file = frank_folder(path) / ANNOTATIONS_FILE
    try:
        rows = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", path=file) from None
    return {(r["hash"], r["model_name"]): r for r in rows}


def sentences_of(text: str) -> list[str]:
    """A summary's sentences as bullets, read normalised (FRANK's texts are PTB-tokenised),
    at most :data:`MAX_BULLETS`."""
    norm = normalise(text).text
    parts = [
        piece
        for s in split_sentences(norm)
        if s.text.strip()
        for piece in _pieces(s.text.strip(), MAX_BULLET_CHARS)
    ]
    if len(parts) > MAX_BULLETS:
        parts = [*parts[: MAX_BULLETS - 1], " ".join(parts[MAX_BULLETS - 1 :])]
    return parts


def _pieces(sentence: str, limit: int) -> list[str]:
    """A run-on sentence (s2s repeats itself for hundreds of characters without a stop) in
    pieces of at most ``limit`` characters, cut at word boundaries: all of its text kept."""
    out: list[str] = []
    while len(sentence) > limit:
        cut = sentence[: limit + 1].rsplit(None, 1)[0]
        out.append(cut)
        sentence = sentence[len(cut) :].strip()
    return [*out, sentence] if sentence else out


def _row(doc: FrankDoc) -> dict[str, Any]:
    reference = normalise(doc.reference).text.strip()
    bullets = sentences_of(doc.reference) if doc.dataset == "cnndm" else None
    return {
        "id": doc.hash,
        "headline": (reference or None) if doc.dataset == "xsum" else None,
        "bullets": bullets or None,
        "body": doc.article,
        "source": _SOURCE[doc.dataset],
        "url": None,
        "published": None,
    }


def load_frank_track(path: str | Path, dataset: str = "cnndm", split: str = "test") -> DatasetDict:
    """FRANK's ``dataset`` documents as one split: CNN/DM references as bullets (no headline),
    XSum's one-sentence reference as the headline (no bullets)."""
    if dataset not in _SOURCE:
        raise InputError(f"must be one of {sorted(_SOURCE)}", field="dataset")
    docs = [d for d in read_frank(path) if d.dataset == dataset]
    if not docs:
        raise InputError(f"no {dataset} documents", path=frank_folder(path))
    rows = [_row(d) for d in docs]
    columns = {k: [r[k] for r in rows] for k in FEATURES}
    return DatasetDict({split: Dataset.from_dict(columns, features=FEATURES)})


def load_frank_from_hub(
    ids: Sequence[str] | None = None,
    *,
    dataset: str = "cnndm",
    split: str = "test",
    ids_file: str | None = None,
    **load_kwargs: Any,
) -> DatasetDict:
    """The same documents from the hub: the dataset's test split, kept to FRANK's ids."""
    from benchmark.builders.hub import load_hub

    if ids is None:
        if ids_file is None:
            raise InputError("needs ids or ids_file", field="ids")
        ids = [x.strip() for x in Path(ids_file).read_text("utf-8").splitlines() if x.strip()]
    wanted = set(ids)
    full = load_hub(_SOURCE[dataset], split="test", **load_kwargs)["test"]
    kept = full.filter(lambda row: row["id"] in wanted, desc=f"frank-{dataset} ids")
    return DatasetDict({split: kept})


def _headline(sentence: str) -> str:
    """A sentence as a headline, cut at a word boundary to the leaderboard's limit."""
    if len(sentence) <= MAX_HEADLINE_CHARS:
        return sentence
    return sentence[: MAX_HEADLINE_CHARS + 1].rsplit(None, 1)[0]


def system_predictions(path: str | Path, dataset: str = "cnndm") -> dict[str, list[Prediction]]:
    """Each FRANK system's summaries as predictions. CNN/DM systems write bullets (their
    sentences) and no headline, so the first sentence (cut to 300 characters) stands as the
    headline; an XSum system's one sentence is both its headline and its one bullet."""
    docs = [d for d in read_frank(path) if d.dataset == dataset]
    out: dict[str, list[Prediction]] = {}
    for system in SYSTEMS[dataset]:
        preds = []
        for d in docs:
            text = d.summaries.get(system, "")
            if not text.strip():
                continue
            bullets = sentences_of(text) if dataset == "cnndm" else [normalise(text).text.strip()]
            preds.append(Prediction(d.hash, _headline(bullets[0]), tuple(bullets)))
        out[system] = preds
    return out
