"""Records, ids, splits, fingerprints, disk formats and the dataset card."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
from datasets import load_dataset

from benchmark.builders.seed import build_seed
from benchmark.dataset import (
    FEATURES,
    DatasetCard,
    fingerprint,
    hash_split,
    load_dataset_dir,
    make_dataset_dict,
    save_dataset,
    stable_id,
)
from benchmark.errors import InputError
from benchmark.records import Article, Prediction


def _article(i: int, **kw: object) -> Article:
    base = dict(
        id=f"id{i}",
        headline=f"Headline {i}",
        bullets=(f"b{i}",),
        body=f"Body {i}.",
        source="s",
        url=None,
        published=None,
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def test_records_are_frozen() -> None:
    a = _article(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.body = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Prediction("x", "h", ()).headline = "y"  # type: ignore[misc]
    assert Article.from_row(a.to_row()) == a
    absent = _article(2, headline=None, bullets=None)
    assert Article.from_row(absent.to_row()) == absent


def test_stable_id_uses_url_like_cnn_dailymail() -> None:
    url = "https://news.example/2026/03/story"
    assert stable_id(url=url, headline="x", body="y") == hashlib.sha1(url.encode()).hexdigest()


def test_stable_id_without_url_ignores_quote_style_space_and_case() -> None:
    a = stable_id(url=None, headline="Mayor’s “plan”", body="It costs £2m.\n\nMore  text.")
    b = stable_id(url=None, headline='mayor\'s "plan" ', body="It costs £2m. More text.")
    c = stable_id(url=None, headline="Mayor's plan", body="It costs £3m. More text.")
    assert a == b != c
    assert len(a) == 40


def test_hash_split_is_independent_of_other_articles() -> None:
    weights = {"validation": 0.4, "test": 0.6}
    ids = [f"article-{i}" for i in range(400)]
    assigned = {i: hash_split(i, weights) for i in ids}
    assert {i: hash_split(i, weights) for i in reversed(ids)} == assigned
    share = sum(v == "validation" for v in assigned.values()) / len(ids)
    assert 0.33 < share < 0.47
    assert hash_split("x", weights, salt="a") in weights


def test_duplicate_ids_across_splits_are_refused() -> None:
    with pytest.raises(InputError, match="duplicate article id id1"):
        make_dataset_dict({"validation": [_article(1)], "test": [_article(1)]})


def test_fingerprint_follows_content_only() -> None:
    a = make_dataset_dict({"test": [_article(1), _article(2)]})
    b = make_dataset_dict({"test": [_article(1), _article(2)]})
    c = make_dataset_dict({"test": [_article(1), _article(2, body="Other.")]})
    d = make_dataset_dict({"validation": [_article(1), _article(2)]})
    assert fingerprint(a) == fingerprint(b)
    assert len({fingerprint(a), fingerprint(c), fingerprint(d)}) == 3


CARD = DatasetCard(
    pretty_name="Tiny",
    license="cc-by-4.0",
    description="Two articles.",
    how_built="By hand.",
    known_limits=("Tiny.",),
)


def test_save_load_parquet_and_card(tmp_path: Path) -> None:
    dsd = make_dataset_dict({"test": [_article(1), _article(2, headline=None, bullets=None)]})
    meta = save_dataset(dsd, tmp_path / "out", card=CARD, builder={"format": "test"})
    loaded = load_dataset_dir(tmp_path / "out")
    assert loaded["test"].features == FEATURES
    assert loaded["test"].to_list() == dsd["test"].to_list()
    assert meta["fingerprint"] == fingerprint(loaded)
    on_disk = json.loads((tmp_path / "out" / "headline_bench.json").read_text())
    assert on_disk["fingerprint"] == meta["fingerprint"]
    assert on_disk["splits"] == {"test": 2}

    pq = load_dataset(
        "parquet",
        data_files=str(tmp_path / "out" / "parquet" / "test.parquet"),
        cache_dir=str(tmp_path / "cache"),
    )["train"]
    assert pq.to_list() == dsd["test"].to_list()

    card = (tmp_path / "out" / "README.md").read_text()
    header = card.split("---")[1]
    assert "license: cc-by-4.0" in header
    assert "  - name: test\n    num_examples: 2" in header
    assert "- name: bullets\n    list: string" in header
    assert "## Known limits" in card and meta["fingerprint"] in card


def test_load_dataset_dir_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a saved dataset"):
        load_dataset_dir(tmp_path)


def _seed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text(
        "Council 'faces £2m' bill\n\n* Bill of £2m\n\nThe council owes £2m.\n", encoding="utf-8"
    )
    (root / "b.txt").write_text("Four groups meet\n\nFour groups met for nine hours.\n", "utf-8")
    (root / "manifest.jsonl").write_text(
        json.dumps(
            {
                "file": "a.txt",
                "url": "https://x.example/a",
                "source": "Ledger",
                "published": "2026-01-02",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return root


def test_rebuilding_gives_same_ids_and_fingerprint(tmp_path: Path) -> None:
    folder = _seed_folder(tmp_path / "seed")
    # two articles: one split, as the default validation/test weights would leave one empty
    first = build_seed(folder, splits={"test": 1.0})
    second = build_seed(folder, splits={"test": 1.0})
    assert fingerprint(first.dataset) == fingerprint(second.dataset)
    rows = {r["id"]: r for s in first.dataset.values() for r in s}
    a = rows[hashlib.sha1(b"https://x.example/a").hexdigest()]
    assert (a["source"], a["published"], a["headline"]) == (
        "Ledger",
        "2026-01-02",
        "Council 'faces £2m' bill",
    )
    b = rows[
        stable_id(url=None, headline="Four groups meet", body="Four groups met for nine hours.")
    ]
    assert b["source"] == "seed" and b["url"] is None


@pytest.mark.parametrize(
    ("manifest", "field", "message"),
    [
        ('{"file": "a.txt", "published": "March 2"}', "published", "not a date"),
        ('{"file": "a.txt", "url": 3}', "url", "must be a string"),
        ('{"url": "x"}', "file", "must be a file name"),
        ('{"file": "a.txt", "author": "x"}', "author", "unknown field"),
        ('{"file": "zzz.txt"}', None, "not in the folder"),
        ("[1]", None, "expected a JSON object"),
    ],
)
def test_bad_manifest_names_line_and_field(
    tmp_path: Path, manifest: str, field: str | None, message: str
) -> None:
    folder = _seed_folder(tmp_path / "seed")
    (folder / "manifest.jsonl").write_text("\n" + manifest + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        build_seed(folder)
    assert info.value.field == field
    assert info.value.path == str(folder / "manifest.jsonl")


def test_two_files_with_one_url_are_refused(tmp_path: Path) -> None:
    folder = _seed_folder(tmp_path / "seed")
    (folder / "manifest.jsonl").write_text(
        '{"file": "a.txt", "url": "https://x.example/a"}\n'
        '{"file": "b.txt", "url": "https://x.example/a"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"same id .* as a\.txt"):
        build_seed(folder)


def test_too_few_articles_for_the_split_weights_are_refused_with_counts() -> None:
    from benchmark.dataset import split_articles

    weights = {"validation": 0.4, "test": 0.6}
    with pytest.raises(InputError) as err:
        split_articles([_article(1)], weights)
    message = str(err.value)
    assert err.value.field == "splits"
    assert "1 article " in message
    got = {"validation": 0, "test": 0}
    got[hash_split("id1", weights)] = 1
    assert f"validation {got['validation']}, test {got['test']}" in message
    assert "--splits test=1" in message  # the largest split takes every article
    assert split_articles([_article(1)], {"test": 1.0}) == {"test": [_article(1)]}
    with pytest.raises(InputError, match="no articles"):
        split_articles([], weights)


def test_save_dataset_refuses_an_empty_split(tmp_path: Path) -> None:
    """An empty split is written without data files and cannot be loaded back."""
    dsd = make_dataset_dict({"validation": [_article(1)], "test": []})
    with pytest.raises(InputError) as err:
        save_dataset(dsd, tmp_path / "out", card=CARD, builder={"format": "test"})
    assert "'test'" in str(err.value) and "no articles" in str(err.value)
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError, match="no splits"):
        save_dataset(make_dataset_dict({}), tmp_path / "none", card=CARD, builder={})
