"""Submitting predictions to a leaderboard: validate, score with the board's pinned dataset and
signature, record (the library side of ``headline-bench submit`` and of the script
``leaderboard/submit.py``).
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

from datasets import DatasetDict

from benchmark.dataset import dataset_to_articles, fingerprint
from benchmark.errors import InputError
from benchmark.records import Prediction
from benchmark.scoring import ScoreOptions, build_results, file_sha256, score_predictions
from leaderboard.entries import PER_ARTICLE_METRICS, Board, Entry, add_entry, new_entry_id

MAX_NAME = 80
MAX_URL = 300
MAX_DESCRIPTION = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def board_dataset(board: Board, track_data: Path | None = None) -> DatasetDict:
    """The articles of the board's track, their ids checked against the track's: the
    bundled dev set, or the folder `headline-bench track build` wrote (``track_data``)."""
    from benchmark.tracks import check_ids, get_track, load_track_dir

    track = get_track(board.dataset)
    if track.name == "dev":
        from benchmark.bundled import devset_dataset

        dsd = devset_dataset()
        check_ids(track, list(dsd[track.split]["id"]), what="the bundled dev set")
        return dsd
    if track_data is None:
        raise InputError(
            f"the {track.name!r} board scores against a built track: pass --track-data DIR "
            f"(`headline-bench track build {track.name} --out DIR`)",
            field="track-data",
        )
    return load_track_dir(track, Path(track_data))


def check_text(value: str | None, *, field: str, limit: int, required: bool) -> str | None:
    if value is None or not value.strip():
        if required:
            raise InputError("must not be empty", field=field)
        return None
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > limit:
        raise InputError(f"is {len(value)} characters; at most {limit}", field=field)
    if _CONTROL.search(value.replace("\n", " ") if field == "description" else value):
        raise InputError("contains control characters", field=field)
    return value


def check_url(url: str | None) -> str | None:
    url = check_text(url, field="model-url", limit=MAX_URL, required=False)
    if url is None:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in url:
        raise InputError("must be an http(s) URL", field="model-url")
    return url


def submit(
    predictions: Path,
    *,
    board: Board,
    name: str,
    model_url: str | None = None,
    description: str | None = None,
    track_data: Path | None = None,
) -> Entry:
    from leaderboard.validation import validate_submission

    clean_name = check_text(name, field="name", limit=MAX_NAME, required=True)
    assert clean_name is not None
    url = check_url(model_url)
    desc = check_text(description, field="description", limit=MAX_DESCRIPTION, required=False)
    dsd = board_dataset(board, track_data)
    articles = dataset_to_articles(dsd[board.split])
    others = [i for s in dsd if s != board.split for i in dsd[s]["id"]]
    preds: list[Prediction] = validate_submission(
        predictions, expected_ids=[a.id for a in articles], other_split_ids=others
    )
    options = ScoreOptions()
    items = score_predictions(articles, preds, options=options)
    results = build_results(
        items,
        fingerprint=fingerprint(dsd),
        split=board.split,
        options=options,
        predictions_path=str(predictions),
    )
    sha = file_sha256(predictions)
    entry = Entry(
        id=new_entry_id(clean_name, sha),
        name=clean_name,
        model_url=url,
        description=desc,
        submitted=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        signature=results["signature"],
        predictions_sha256=sha,
        n_items=results["n_items"],
        metrics=results["metrics"],
        article_ids=tuple(it.id for it in items),
        per_article={m: [it.values.get(m) for it in items] for m in PER_ARTICLE_METRICS},
    )
    add_entry(board, entry)
    return entry
