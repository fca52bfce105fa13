"""What every summariser is, and the machinery around it: caching, resuming, progress.

A summariser is any object with ``summarise(articles) -> list[Prediction]``: one
prediction per article, in order, each with a headline and bullets. Summarisers that
can fail on an article (a model whose output does not parse, an endpoint that keeps
erroring) also offer ``summarise_with_failures``, so that a failure is recorded as
one and never passed off as an empty summary.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from benchmark.errors import HeadlineBenchError
from benchmark.progress import progress_bar
from benchmark.records import Article, Prediction


@runtime_checkable
class Summariser(Protocol):
    def summarise(self, articles: Sequence[Article]) -> list[Prediction]: ...


@dataclass(frozen=True, slots=True)
class Failure:
    """An article a summariser could not summarise, and why (kept in failures.jsonl)."""

    id: str
    error: str
    raw: str | None = None  # the model's output, when there was one

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "error": self.error, "raw": self.raw}


class SummariserError(HeadlineBenchError, RuntimeError):
    """Articles a summariser could not summarise (raised by ``summarise``)."""

    def __init__(self, failures: Sequence[Failure]) -> None:
        self.failures = tuple(failures)
        first = self.failures[0]
        ids = ", ".join(repr(f.id) for f in self.failures[:10])
        more = f" and {len(self.failures) - 10} more" if len(self.failures) > 10 else ""
        super().__init__(
            f"{len(self.failures)} article(s) failed: {ids}{more}; "
            f"first error ({first.id!r}): {first.error}"
        )


def predictions_or_raise(
    result: tuple[list[Prediction], list[Failure]], error: type[SummariserError] = SummariserError
) -> list[Prediction]:
    """``summarise`` for summarisers that can fail: every prediction, or an error naming
    the articles that failed."""
    preds, failures = result
    if failures:
        raise error(failures)
    return preds


def summarise_with_failures(
    summariser: Summariser, articles: Sequence[Article]
) -> tuple[list[Prediction], list[Failure]]:
    """Predictions for the articles that worked, and the failures (none for most baselines)."""
    own = getattr(summariser, "summarise_with_failures", None)
    if callable(own):
        preds, failures = own(articles)
        return list(preds), list(failures)
    return summariser.summarise(articles), []


def config_hash(config: Mapping[str, Any]) -> str:
    """A short, stable hash of a summariser's resolved settings (the cache key)."""
    blob = json.dumps(config, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def batched(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


class PredictionCache:
    """Predictions per (summariser config hash, article id), appended as they are made.

    A rerun, or a run that crashed half way, reuses what is there and summarises
    only the rest. Lines are appended and flushed per batch; a torn last line (a
    crash mid-write) is ignored on reading.
    """

    def __init__(self, directory: str | os.PathLike[str], key: str) -> None:
        self.path = Path(directory) / f"{key}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def load(self) -> dict[str, Prediction]:
        out: dict[str, Prediction] = {}
        if not self.path.is_file():
            return out
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash
                out[obj["id"]] = Prediction(obj["id"], obj["headline"], tuple(obj["bullets"]))
        return out

    def append(self, predictions: Sequence[Prediction]) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            for p in predictions:
                fh.write(json.dumps(p.to_json(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


def run_summariser(
    summariser: Summariser,
    articles: Sequence[Article],
    *,
    batch_size: int = 32,
    cache: PredictionCache | None = None,
    progress: bool = True,
    desc: str = "summarising",
) -> tuple[list[Prediction], list[Failure]]:
    """Summarise in batches, reusing and filling the cache; predictions in article order.

    Articles that failed are left out of the predictions and returned as failures.
    """
    done = cache.load() if cache is not None else {}
    todo = [a for a in articles if a.id not in done]
    failures: list[Failure] = []
    bar = progress_bar(
        total=len(articles),
        initial=len(articles) - len(todo),
        desc=desc,
        unit="article",
        disable=not progress,
    )
    for batch in batched(todo, batch_size):
        preds, failed = summarise_with_failures(summariser, batch)
        wanted = {a.id for a in batch}
        got = [p for p in preds if p.id in wanted]
        answered = {p.id for p in got} | {f.id for f in failed}
        failed = [
            *failed,
            *(
                Failure(a.id, "the summariser returned no prediction")
                for a in batch
                if a.id not in answered
            ),
        ]
        if cache is not None:
            cache.append(got)
        done.update({p.id: p for p in got})
        failures += failed
        bar.update(len(batch))
    bar.close()
    return [done[a.id] for a in articles if a.id in done], failures
