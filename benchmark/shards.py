"""Scoring a split in shards, on one machine or many, and merging them back.

A shard is a contiguous block of the split's articles in dataset order: shard ``I`` of
``N`` holds articles ``[I*n//N, (I+1)*n//N)``. Each shard folder holds ``scores.jsonl``
(per-item scores, as a single run writes them) and ``shard.json`` (what was scored, how,
and a hash of the ids). ``merge`` checks that the shards belong together and cover the
split exactly once, puts the items back in dataset order and aggregates them. Per-item
scores are pure functions of one article and its prediction, and the bootstrap draws
depend only on the item list, the seed and the sample count, so the merged results equal
a single run's to the last digit.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmark import __version__
from benchmark.errors import InputError
from benchmark.metrics.neutrality import load_lexicon
from benchmark.metrics.wording import NO_LAYER
from benchmark.scoring import (
    ItemScores,
    ScoreOptions,
    _atomic_write,
    add_run_info,
    build_results,
    lexicons_for,
)

FORMAT = "headline-bench-shard/1"
MANIFEST = "shard.json"
SCORES = "scores.jsonl"
_SPEC = re.compile(r"^(\d+)/(\d+)$")


def parse_shard_spec(spec: str) -> tuple[int, int]:
    """``"I/N"`` (0-based, as in ``--array=0-7`` with ``$SLURM_ARRAY_TASK_ID/8``)."""
    m = _SPEC.match(spec.strip())
    if m is None:
        raise InputError(f"{spec!r} is not I/N, e.g. 0/4", field="shard")
    index, count = int(m.group(1)), int(m.group(2))
    check_shard(index, count)
    return index, count


def check_shard(index: int, count: int) -> None:
    if count < 1:
        raise InputError(f"shard count must be at least 1, got {count}", field="shard")
    if not 0 <= index < count:
        raise InputError(
            f"shard index must be in 0..{count - 1} (0-based), got {index}", field="shard"
        )


def shard_range(index: int, count: int, n: int) -> tuple[int, int]:
    """The [start, end) of shard ``index`` of ``count`` over ``n`` items: sizes differ by
    at most one, and the shards tile [0, n) in order."""
    check_shard(index, count)
    return index * n // count, (index + 1) * n // count


def ids_sha256(ids: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ShardManifest:
    """What one shard scored, and how; ``merge`` needs every field to agree but the range."""

    index: int
    count: int
    start: int
    end: int
    n_split: int  # articles in the whole (possibly limited) split
    split_ids_sha256: str  # of every id of the split, in order
    ids_sha256: str  # of this shard's ids, in order
    fingerprint: str
    split: str
    options: ScoreOptions
    dataset_path: str | None = None
    predictions_path: str | None = None
    predictions_sha256: str | None = None
    # set by `headline-bench run`: the summariser and its failures in this shard
    run: Mapping[str, Any] | None = None
    config: Mapping[str, Any] | None = None
    headline_bench_version: str = __version__
    lexicon_sha256: str | None = None  # the lexicon's content, whatever its path
    wording_signature: str | None = None  # every wording layer's version and content

    @classmethod
    def build(
        cls,
        shard: tuple[int, int],
        split_ids: Sequence[str],
        *,
        fingerprint: str,
        split: str,
        options: ScoreOptions,
        **provenance: Any,
    ) -> ShardManifest:
        """The manifest of shard ``(index, count)`` of a split whose ids are ``split_ids``."""
        start, end = shard_range(*shard, len(split_ids))
        return cls(
            index=shard[0],
            count=shard[1],
            start=start,
            end=end,
            n_split=len(split_ids),
            split_ids_sha256=ids_sha256(split_ids),
            ids_sha256=ids_sha256(split_ids[start:end]),
            fingerprint=fingerprint,
            split=split,
            options=options,
            lexicon_sha256=load_lexicon(options.lexicon_path).sha256,
            wording_signature=lexicons_for(options).signature,
            **provenance,
        )

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}


_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "index": int,
    "count": int,
    "start": int,
    "end": int,
    "n_split": int,
    "split_ids_sha256": str,
    "ids_sha256": str,
    "fingerprint": str,
    "split": str,
    "options": dict,
}


def read_manifest(path: Path) -> ShardManifest:
    """Read and check one ``shard.json``; errors name the file and the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no shard manifest here: is this a shard folder?", path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid JSON: {exc}", path=path) from None
    if not isinstance(raw, dict):
        raise InputError("a shard manifest is a JSON object", path=path)
    if raw.get("format") != FORMAT:
        raise InputError(
            f"format {raw.get('format')!r} is not {FORMAT!r}", path=path, field="format"
        )
    for name, kind in _REQUIRED.items():
        value = raw.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InputError(f"missing or not a {kind}", path=path, field=name)
    try:
        options = ScoreOptions(**raw["options"])
    except TypeError as exc:
        raise InputError(f"unknown scoring options: {exc}", path=path, field="options") from None
    try:
        check_shard(raw["index"], raw["count"])
    except InputError as exc:
        raise InputError(exc.message, path=path, field="index") from None
    if (raw["start"], raw["end"]) != shard_range(raw["index"], raw["count"], raw["n_split"]):
        raise InputError(
            "start/end are not this shard's range of the split", path=path, field="start"
        )
    return ShardManifest(
        index=raw["index"],
        count=raw["count"],
        start=raw["start"],
        end=raw["end"],
        n_split=raw["n_split"],
        split_ids_sha256=raw["split_ids_sha256"],
        ids_sha256=raw["ids_sha256"],
        fingerprint=raw["fingerprint"],
        split=raw["split"],
        options=options,
        dataset_path=raw.get("dataset_path"),
        predictions_path=raw.get("predictions_path"),
        predictions_sha256=raw.get("predictions_sha256"),
        run=raw.get("run"),
        config=raw.get("config"),
        headline_bench_version=str(raw.get("headline_bench_version")),
        lexicon_sha256=raw.get("lexicon_sha256"),
        wording_signature=raw.get("wording_signature"),
    )


def write_shard(out_dir: Path, items: Sequence[ItemScores], manifest: ShardManifest) -> Path:
    """``scores.jsonl`` first, the manifest last: a folder with a manifest is complete."""
    if len(items) != manifest.end - manifest.start:
        raise ValueError(f"{len(items)} items for a shard of {manifest.end - manifest.start}")
    if ids_sha256([it.id for it in items]) != manifest.ids_sha256:
        raise ValueError("items are not the manifest's ids")
    out_dir.mkdir(parents=True, exist_ok=True)
    _atomic_write(
        out_dir / SCORES,
        "".join(json.dumps(it.to_json(), ensure_ascii=False) + "\n" for it in items),
    )
    _atomic_write(out_dir / MANIFEST, json.dumps(manifest.to_json(), indent=2) + "\n")
    return out_dir / MANIFEST


def _read_items(path: Path) -> list[ItemScores]:
    items: list[ItemScores] = []
    if not path.is_file():
        raise InputError("missing: the shard did not finish writing", path=path)
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON: {exc}", path=path, line=lineno) from None
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
                raise InputError("needs a string id", path=path, line=lineno, field="id")
            scores = obj.get("scores")
            if not isinstance(scores, dict):
                raise InputError("needs a scores object", path=path, line=lineno, field="scores")
            for name, value in scores.items():
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, (int, float))
                ):
                    raise InputError(
                        f"a score is a number or null, not {value!r}",
                        path=path,
                        line=lineno,
                        field=f"scores.{name}",
                    )
            items.append(ItemScores(obj["id"], scores, obj.get("details") or {}))
    return items


# Fields every shard of one split and one setting must share.
_SHARED = (
    "count",
    "n_split",
    "split_ids_sha256",
    "fingerprint",
    "split",
    "options",
    "config",
    "headline_bench_version",
    "lexicon_sha256",
    "wording_signature",
)


@dataclass(frozen=True)
class Merged:
    items: list[ItemScores]
    manifests: list[ShardManifest]  # in shard order
    dirs: list[Path]  # the shard folders, in shard order

    @property
    def first(self) -> ShardManifest:
        return self.manifests[0]


def merge_shards(dirs: Sequence[Path]) -> Merged:
    """The items of every shard, in dataset order, after checking the shards fit together."""
    if not dirs:
        raise InputError("no shard folders given")
    found: dict[int, tuple[Path, ShardManifest]] = {}
    for d in dirs:
        m = read_manifest(d / MANIFEST)
        if m.index in found:
            raise InputError(
                f"shard {m.index} is also in {found[m.index][0]}", path=d / MANIFEST, field="index"
            )
        found[m.index] = (d, m)
    first_dir, first = found[min(found)]
    for d, m in found.values():
        for name in _SHARED:
            if getattr(m, name) != getattr(first, name):
                raise InputError(
                    f"differs from {first_dir / MANIFEST} ({getattr(first, name)!r} there, "
                    f"{getattr(m, name)!r} here): not shards of the same scoring",
                    path=d / MANIFEST,
                    field=name,
                )
        if (m.run is None) != (first.run is None) or (
            m.run is not None
            and first.run is not None
            and m.run.get("config_hash") != first.run.get("config_hash")
        ):
            raise InputError(
                f"another summariser or run than {first_dir / MANIFEST}",
                path=d / MANIFEST,
                field="run",
            )
    missing = [k for k in range(first.count) if k not in found]
    if missing:
        raise InputError(
            f"missing shard(s) {', '.join(map(str, missing))} of {first.count}",
            path=first_dir / MANIFEST,
            field="index",
        )
    items: list[ItemScores] = []
    manifests: list[ShardManifest] = []
    folders: list[Path] = []
    for k in range(first.count):
        d, m = found[k]
        shard_items = _read_items(d / SCORES)
        if len(shard_items) != m.end - m.start or ids_sha256([i.id for i in shard_items]) != (
            m.ids_sha256
        ):
            raise InputError(
                f"holds {len(shard_items)} items that are not the manifest's "
                f"{m.end - m.start} ids: truncated or edited",
                path=d / SCORES,
            )
        items.extend(shard_items)
        manifests.append(m)
        folders.append(d)
    if ids_sha256([i.id for i in items]) != first.split_ids_sha256:
        raise InputError(
            "the shards' ids together are not the split's ids in order",
            path=first_dir / MANIFEST,
            field="split_ids_sha256",
        )
    return Merged(items, manifests, folders)


def _concatenate(parts: Sequence[Path], out: Path) -> None:
    """Join shard files in shard order (each is JSON Lines ending in a newline)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as dst:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, dst)
    tmp.replace(out)


def _check_lexicon(merged: Merged) -> None:
    """The signature names the lexicon by its content: the merge must see the same one."""
    first, where = merged.first, merged.dirs[0] / MANIFEST
    path = first.options.lexicon_path
    if path is not None and not Path(path).is_file():
        raise InputError(
            f"the shards were scored with the lexicon {path}, which is not here",
            path=where,
            field="options.lexicon_path",
        )
    sha = load_lexicon(path).sha256
    if first.lexicon_sha256 is not None and sha != first.lexicon_sha256:
        raise InputError(
            f"the shards' lexicon had sha256 {first.lexicon_sha256[:12]}..., the one here "
            f"{sha[:12]}...",
            path=where,
            field="lexicon_sha256",
        )
    for name in ("subjectivity_lexicon_path", "epistemic_lexicon_path"):
        other = getattr(first.options, name)
        if other not in (None, NO_LAYER) and not Path(other).is_file():
            raise InputError(
                f"the shards were scored with the word list {other}, which is not here",
                path=where,
                field=f"options.{name}",
            )
    here = lexicons_for(first.options).signature
    if first.wording_signature is not None and here != first.wording_signature:
        raise InputError(
            f"the shards' wording layers were {first.wording_signature}, the ones here {here}",
            path=where,
            field="wording_signature",
        )


def merged_results(merged: Merged, out_dir: Path) -> dict[str, Any]:
    """The results object of the merged shards, as one run over the whole split writes it.

    Shards of ``headline-bench run`` each hold their own predictions and failures: they
    are joined into ``out_dir`` in shard order, which is the single run's file byte for
    byte. Shards of ``headline-bench score`` name the predictions file they scored.
    """
    first = merged.first
    _check_lexicon(merged)
    if first.run is None:
        shas = {m.predictions_sha256 for m in merged.manifests}
        same = len(shas) == 1
        return build_results(
            merged.items,
            fingerprint=first.fingerprint,
            split=first.split,
            options=first.options,
            dataset_path=first.dataset_path,
            predictions_path=first.predictions_path if same else None,
            predictions_sha256=first.predictions_sha256 if same else None,
            config=first.config,
        )
    dirs = merged.dirs
    for name in ("predictions.jsonl", "failures.jsonl"):
        missing = [d / name for d in dirs if not (d / name).is_file()]
        if missing:
            raise InputError("missing: a run shard writes it", path=missing[0])
        _concatenate([d / name for d in dirs], out_dir / name)
    results = build_results(
        merged.items,
        fingerprint=first.fingerprint,
        split=first.split,
        options=first.options,
        predictions_path=str(out_dir / "predictions.jsonl"),
        config=first.config,
    )
    runs = [m.run for m in merged.manifests if m.run is not None]
    add_run_info(
        results,
        dataset_name=str(first.run["dataset_name"]),
        summariser_name=str(first.run["name"]),
        config_hash=str(first.run["config_hash"]),
        failures=sum(int(r["failures"]) for r in runs),
        articles=sum(int(r["articles"]) for r in runs),
    )
    return results
