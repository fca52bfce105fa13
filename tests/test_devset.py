"""The bundled dev set: built through the real seed parser, with the promised content."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from benchmark.builders.seed import SeedBuild
from benchmark.bundled import DEVSET_VERSION, build_devset, devset_dir
from benchmark.dataset import FEATURES, fingerprint
from benchmark.records import Article

GOLDEN = Path(__file__).parent / "golden" / f"devset-v{DEVSET_VERSION}.json"


@pytest.fixture(scope="module")
def build() -> SeedBuild:
    return build_devset()


@pytest.fixture(scope="module")
def articles(build: SeedBuild) -> list[Article]:
    return [Article.from_row(r) for split in build.dataset.values() for r in split]


def test_features_and_splits(build: SeedBuild) -> None:
    assert sorted(build.dataset) == ["test", "validation"]
    for split in build.dataset.values():
        assert split.features == FEATURES
    assert sum(s.num_rows for s in build.dataset.values()) >= 40


def test_matches_golden_build(build: SeedBuild) -> None:
    """Ids, splits, fingerprint and every dropped piece are pinned for this dev-set version.

    After a deliberate change to the texts or the parser, run
    ``python scripts/update_devset_golden.py`` and bump DEVSET_VERSION when the
    content changed (scores across versions are not comparable).
    """
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert {k: sorted(v["id"]) for k, v in build.dataset.items()} == golden["splits"]
    assert {r.file: [[d.kind, d.line] for d in r.dropped] for r in build.reports} == golden[
        "dropped"
    ]
    assert fingerprint(build.dataset) == golden["fingerprint"]


def test_rebuild_is_identical(build: SeedBuild) -> None:
    assert fingerprint(build_devset().dataset) == fingerprint(build.dataset)


def test_every_article_is_complete(articles: list[Article]) -> None:
    urls = set()
    for a in articles:
        assert a.headline and a.bullets is not None and a.url and a.published
        assert 3 <= len(a.bullets) <= 4, a.url
        assert 250 <= len(a.body.split()) <= 700, (a.url, len(a.body.split()))
        assert a.id == hashlib.sha1(a.url.encode()).hexdigest()
        assert ".example/" in a.url
        urls.add(a.url)
    assert len(urls) == len(articles)


def test_parser_dropped_every_kind_somewhere(build: SeedBuild) -> None:
    kinds = {d.kind for r in build.reports for d in r.dropped}
    assert kinds == {"repeated_headline", "standfirst", "caption", "trailer"}
    pictured = [d for r in build.reports for d in r.dropped if "Pictured:" in d.text]
    assert len(pictured) >= 3


# Rough content guards; the metrics issue measures these properly.
_FIGURE = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|dozen|half)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(as many as|up to|could|may|might|reportedly|according to|expected to|"
    r"estimated|sources said|claimed)\b",
    re.IGNORECASE,
)


def test_figures_and_hedges(articles: list[Article]) -> None:
    for a in articles:
        assert len(_FIGURE.findall(a.body)) >= 3, a.url
    hedged = sum(bool(_HEDGE.search(a.body)) for a in articles)
    assert hedged >= len(articles) / 2
    raw = "".join(p.read_text("utf-8") for p in sorted((devset_dir() / "raw").glob("*.txt")))
    for form in ["£", "$", "€", "per cent", "percent", "%", "bn", "km", "mph", "a dozen", "-hour"]:
        assert form in raw, form
    assert "\u00a0" in raw  # stray non-breaking spaces, as scraped pages have them
    assert "“" in raw and "‘" in raw and '"' in raw


def test_raw_files_are_utf8_text() -> None:
    files = sorted((devset_dir() / "raw").glob("*.txt"))
    assert len(files) >= 40
    for p in files:
        p.read_bytes().decode("utf-8")


def test_in_repo_card_matches_the_build(build: SeedBuild) -> None:
    from benchmark.bundled import DEVSET_CARD
    from benchmark.dataset import render_card

    card = (devset_dir() / "README.md").read_text(encoding="utf-8")
    assert card == render_card(build.dataset, DEVSET_CARD, fp=fingerprint(build.dataset))
