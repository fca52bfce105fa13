"""The bundled dev set: original articles written for HeadlineBench (CC-BY-4.0).

They ship as raw scraped-format text files (``benchmark/devset/raw``) and are
built by the same seed builder users run on their own files.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from datasets import DatasetDict

from benchmark.builders.seed import DEFAULT_SPLITS, SeedBuild, build_seed
from benchmark.dataset import DatasetCard

DEVSET_SALT = "headline-bench-dev"
DEVSET_VERSION = "1.0.0"
"""Bumped, with a line in CHANGELOG.md, whenever a dev-set text or the split changes:
scores on different dev-set versions are not comparable."""


def devset_dir() -> Path:
    """Folder of the raw dev-set files inside the installed package."""
    return Path(str(files("benchmark").joinpath("devset")))


def build_devset() -> SeedBuild:
    """Build the bundled dev set: deterministic ids and splits, same result on every machine."""
    raw = devset_dir() / "raw"
    manifest = devset_dir() / "manifest.jsonl"
    return build_seed(
        raw, splits=DEFAULT_SPLITS, source="headline-bench-dev", manifest=manifest, salt=DEVSET_SALT
    )


DEVSET_CARD = DatasetCard(
    pretty_name=f"HeadlineBench dev set v{DEVSET_VERSION}",
    license="cc-by-4.0",
    description=(
        "Original English news articles written for HeadlineBench, each with the outlet's "
        "headline and 3-4 bullets, in British and American house styles. Every article "
        "carries figures in varied forms (digits, number words, hyphenated counts, currency "
        "with magnitudes, per cent, dates, units); many carry hedged or attributed figures, "
        "loaded wording in the outlet's own voice, or loaded wording only inside quotation "
        "marks. People, places and outlets are fictional."
    ),
    how_built=(
        "Written by the HeadlineBench team for this project and stored as raw scraped-format "
        "text (`benchmark/devset/raw/*.txt`, see `docs/seed-format.md`), with repeated "
        "headlines, standfirsts, image captions and trailers as a copy of a news page has "
        "them. `headline-bench data build --format seed` parses them (dropping those parts, "
        "reported in `build_report.jsonl`), gives each article the SHA-1 of its URL as id, and "
        "splits by a salted hash of the id into validation (40%) and test (60%)."
    ),
    known_limits=(
        "Small: meant for development, smoke tests and CI, not for ranking systems.",
        "Written to exercise the metrics, so figures, hedges and loaded words are denser "
        "than in typical news.",
        "Fictional events: no summariser can rely on world knowledge, which is the point, but "
        "topics and style are those of UK and US national news only.",
    ),
)


def load_paraphrases() -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """Neutral, faithful paraphrases of each dev-set article's headline and bullets.

    Written for the validity probes: every figure is supported by the body with the
    body's hedges kept, and no loaded word stands in the paraphrase's own voice
    (a few quote a speaker's loaded word, marked ``quoted_loaded``). Keyed by article
    id; values are (headline, bullets, quoted_loaded).
    """
    import hashlib
    import json

    from benchmark.builders.seed import read_manifest

    manifest = read_manifest(devset_dir() / "manifest.jsonl")
    out: dict[str, tuple[str, tuple[str, ...], bool]] = {}
    path = devset_dir() / "paraphrases.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        url = manifest[obj["file"]].url or ""
        aid = hashlib.sha1(url.encode("utf-8")).hexdigest()
        out[aid] = (obj["headline"], tuple(obj["bullets"]), bool(obj.get("quoted_loaded")))
    return out


def devset_dataset() -> DatasetDict:
    """The bundled dev set as a DatasetDict (what ``dataset=dev`` in the run configs loads)."""
    return build_devset().dataset
