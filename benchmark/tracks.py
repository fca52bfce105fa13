"""Tracks: named, pinned evaluation sets, one leaderboard each.

A track names how its articles are obtained (a Hydra-style ``dataset`` node that the CLI
instantiates: a hub adapter with its split and revision, or a local builder), which split is
scored, what the references are (bullets, or a one-sentence summary read as a headline), and
the exact set of article ids: their count and the SHA-256 of the sorted ids, checked when the
set is built and again when a submission arrives. Where the ids themselves ship with the
track (``<name>.ids`` beside its YAML), a mismatch names how many ids are missing or extra.

The definitions are the YAML files in ``benchmark/tracks/``; ``headline-bench track list``
shows them and ``headline-bench track build NAME --out DIR`` builds one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from datasets import DatasetDict

from benchmark.errors import InputError

TRACKS_DIR = Path(__file__).parent / "tracks"
TRACK_FILE = "track.json"  # written beside a built track's dataset
_TARGETS = ("bullets", "headline")
_REQUIRED = ("name", "title", "description", "dataset", "split", "targets", "n_ids", "license")


@dataclass(frozen=True)
class Track:
    name: str
    title: str
    description: str
    dataset: Mapping[str, Any]  # a Hydra node with ``_target_``: how the articles are built
    split: str  # the split that is scored (the only one a built track keeps)
    targets: str  # "bullets" or "headline": what the references are
    n_ids: int
    ids_sha256: str | None  # None: not pinned in this release (the count still is)
    license: str
    source_option: str = ""  # what ``track build --source PATH`` points at, if anything
    hub_dataset: Mapping[str, Any] | None = None  # ``track build --from-hub``, if offered
    citation: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def pinned(self) -> bool:
        return self.ids_sha256 is not None

    @property
    def ids_path(self) -> Path:
        return TRACKS_DIR / f"{self.name}.ids"


def ids_digest(ids: Iterable[str]) -> str:
    """SHA-256 of the sorted ids, one per line: the same set gives the same digest."""
    return hashlib.sha256("".join(f"{i}\n" for i in sorted(ids)).encode("utf-8")).hexdigest()


def _parse(path: Path) -> Track:
    try:
        obj = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"not YAML: {exc}", path=path) from None
    if not isinstance(obj, dict):
        raise InputError("a track file must be a mapping", path=path)
    for key in _REQUIRED:
        if key not in obj:
            raise InputError("missing", path=path, field=key)
    if obj["name"] != path.stem:
        raise InputError(f"must be the file's name ({path.stem!r})", path=path, field="name")
    if obj["targets"] not in _TARGETS:
        raise InputError(f"must be one of {_TARGETS}", path=path, field="targets")
    if not isinstance(obj["dataset"], dict) or "_target_" not in obj["dataset"]:
        raise InputError("must be a mapping with _target_", path=path, field="dataset")
    if not isinstance(obj["n_ids"], int) or obj["n_ids"] <= 0:
        raise InputError("must be a positive integer", path=path, field="n_ids")
    digest = obj.get("ids_sha256")
    if digest is not None and (not isinstance(digest, str) or len(digest) != 64):
        raise InputError("must be a 64-character hex digest or null", path=path, field="ids_sha256")
    return Track(
        name=obj["name"],
        title=obj["title"],
        description=" ".join(str(obj["description"]).split()),
        dataset=obj["dataset"],
        split=obj["split"],
        targets=obj["targets"],
        n_ids=obj["n_ids"],
        ids_sha256=digest,
        license=obj["license"],
        source_option=" ".join(str(obj.get("source_option") or "").split()),
        hub_dataset=obj.get("hub_dataset"),
        citation=obj.get("citation") or "",
        notes=tuple(" ".join(str(n).split()) for n in obj.get("notes") or ()),
    )


def list_tracks(directory: Path = TRACKS_DIR) -> list[Track]:
    """Every track defined in ``directory``, ``dev`` first."""
    tracks = [_parse(p) for p in sorted(directory.glob("*.yaml"))]
    return sorted(tracks, key=lambda t: (t.name != "dev", t.name))


def get_track(name: str, directory: Path = TRACKS_DIR) -> Track:
    path = directory / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise InputError(f"unknown track {name!r}; known: {known}", field="track")
    return _parse(path)


def pinned_ids(track: Track) -> list[str] | None:
    """The track's shipped id list, checked against its digest; None where none ships."""
    if not track.ids_path.is_file():
        return None
    ids = [line.strip() for line in track.ids_path.read_text("utf-8").splitlines() if line.strip()]
    if track.ids_sha256 is not None and ids_digest(ids) != track.ids_sha256:
        raise InputError(
            f"the shipped id list does not match the track's ids_sha256 {track.ids_sha256}",
            path=track.ids_path,
        )
    return ids


def check_ids(track: Track, ids: Sequence[str], *, what: str = "the set") -> None:
    """Refuse an id set that is not the track's: name how many ids are missing and extra
    where the track ships its ids, else the count and digest that differ."""
    if len(set(ids)) != len(ids):
        raise InputError(f"{what} repeats ids ({len(ids) - len(set(ids))} repeats)", field="id")
    digest = ids_digest(ids)
    if track.ids_sha256 is None:
        if len(ids) != track.n_ids:
            raise InputError(
                f"{what} has {len(ids):,} ids; track {track.name!r} has {track.n_ids:,}",
                field="id",
            )
        return
    if digest == track.ids_sha256:
        return
    expected = pinned_ids(track)
    if expected is None:
        raise InputError(
            f"{what} is not track {track.name!r}: {len(ids):,} ids with digest {digest[:12]}, "
            f"expected {track.n_ids:,} with digest {track.ids_sha256[:12]}",
            field="id",
        )
    missing = sorted(set(expected) - set(ids))
    extra = sorted(set(ids) - set(expected))
    example = f" (e.g. missing {missing[0]!r})" if missing else f" (e.g. extra {extra[0]!r})"
    raise InputError(
        f"{what} is not track {track.name!r}: {len(missing):,} ids missing and "
        f"{len(extra):,} extra{example}",
        field="id",
    )


def track_dataset(track: Track, built: DatasetDict) -> DatasetDict:
    """The scored split of a freshly built dataset, its ids checked: what a built track
    folder holds."""
    if track.split not in built:
        raise InputError(
            f"the builder gave splits {sorted(built)}, not the track's {track.split!r}",
            field="split",
        )
    ds = built[track.split]
    check_ids(track, list(ds["id"]), what=f"the built {track.split!r} split")
    return DatasetDict({track.split: ds})


def write_manifest(out: Path, track: Track, dsd: DatasetDict, built_from: str) -> Path:
    """``track.json`` beside a built track: which track, its id digest, where it came from."""
    from benchmark.dataset import fingerprint

    ids = list(dsd[track.split]["id"])
    path = out / TRACK_FILE
    path.write_text(
        json.dumps(
            {
                "track": track.name,
                "split": track.split,
                "n_ids": len(ids),
                "ids_sha256": ids_digest(ids),
                "pinned": track.pinned,
                "fingerprint": fingerprint(dsd),
                "built_from": built_from,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def load_track_dir(track: Track, path: Path) -> DatasetDict:
    """A built track folder, checked: the manifest names this track and the ids are its own."""
    from benchmark.dataset import load_dataset_dir

    manifest = path / TRACK_FILE
    if not manifest.is_file():
        raise InputError(
            f"not a built track (no {TRACK_FILE}); build it with "
            f"`headline-bench track build {track.name} --out {path}`",
            path=path,
        )
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", path=manifest) from None
    if meta.get("track") != track.name:
        raise InputError(
            f"is track {meta.get('track')!r}, not {track.name!r}", path=manifest, field="track"
        )
    dsd = load_dataset_dir(path)
    if track.split not in dsd:
        raise InputError(f"has no {track.split!r} split", path=path, field="split")
    check_ids(track, list(dsd[track.split]["id"]), what=str(path))
    return dsd
