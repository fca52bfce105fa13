"""Builder 3: hub adapters, run on locally made datasets of the hub's shape."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from datasets import Dataset, DatasetDict

from benchmark.builders.hub import from_cnn_dailymail, from_numhg, from_xsum, load_hub
from benchmark.dataset import FEATURES, stable_id
from benchmark.errors import InputError

CNN_URL = "http://www.cnn.com/2015/04/01/example"
CNN_RAW = DatasetDict(
    {
        "test": Dataset.from_dict(
            {
                "article": ["(CNN) -- The council met on Monday. It agreed a £2.5m plan."],
                "highlights": ["Council met on Monday .\nIt agreed a £2.5m plan .\n"],
                "id": [hashlib.sha1(CNN_URL.encode()).hexdigest()],
            }
        )
    }
)


def test_cnn_dailymail_mapping() -> None:
    dsd = from_cnn_dailymail(CNN_RAW)
    assert dsd["test"].features == FEATURES
    assert dsd["test"][0] == {
        "id": hashlib.sha1(CNN_URL.encode()).hexdigest(),
        "headline": None,
        "bullets": ["Council met on Monday .", "It agreed a £2.5m plan ."],
        "body": "(CNN) -- The council met on Monday. It agreed a £2.5m plan.",
        "source": "cnn_dailymail",
        "url": None,
        "published": None,
    }


def test_xsum_mapping_uses_summary_as_headline() -> None:
    raw = Dataset.from_dict(
        {
            "document": ["Rain fell for nine hours."],
            "summary": ["Nine hours of rain hit the town. "],
            "id": ["34567"],
        },
        split="validation",
    )
    dsd = from_xsum(raw)
    assert list(dsd) == ["validation"]
    row = dsd["validation"][0]
    assert (row["id"], row["headline"], row["bullets"], row["body"]) == (
        "34567",
        "Nine hours of rain hit the town.",
        None,
        "Rain fell for nine hours.",
    )


def test_numhg_mapping_parses_newser_dateline() -> None:
    text = "(Sep 25, 2016  1:28 PM CDT) Authorities say seven people have been injured."
    raw = DatasetDict(
        {
            "validation": Dataset.from_dict(
                {
                    "text": [text],
                    "summary": ["7 Hurt in Boston Brawl"],
                    "cloze": ["____ Hurt"],
                    "cloze_gt": ["7"],
                }
            )
        }
    )
    row = from_numhg(raw)["validation"][0]
    assert row["published"] == "2016-09-25"
    assert row["body"] == "Authorities say seven people have been injured."
    assert row["headline"] == "7 Hurt in Boston Brawl"
    assert row["bullets"] is None
    assert row["id"] == stable_id(url=None, headline="7 Hurt in Boston Brawl", body=row["body"])


def test_missing_columns_are_named() -> None:
    bad = DatasetDict({"test": Dataset.from_dict({"article": ["x"], "id": ["1"]})})
    with pytest.raises(InputError, match="lacks column") as info:
        from_cnn_dailymail(bad)
    assert info.value.field == "highlights"


def test_load_hub_through_datasets_load_dataset_on_local_files(tmp_path: Path) -> None:
    # The same load_dataset call users make, pointed at local files of the hub's shape.
    csv = tmp_path / "val.csv"
    csv.write_text(
        "text,summary,cloze,cloze_gt,cloze_annotation,need_reasoning\n"
        '"(Jan 2, 2019 10:00 AM CST) Four groups met for nine hours.",4 Groups Meet,'
        "____ Groups Meet,4,Trans(four),0\n",
        encoding="utf-8",
    )
    dsd = load_hub("numhg", data_files={"validation": str(csv)}, cache_dir=str(tmp_path / "cache"))
    assert dsd["validation"][0]["headline"] == "4 Groups Meet"
    assert dsd["validation"][0]["published"] == "2019-01-02"

    local = tmp_path / "cnn"
    local.mkdir()
    CNN_RAW["test"].to_parquet(str(local / "test-00000-of-00001.parquet"))
    dsd = load_hub("cnn_dailymail", path=str(local), cache_dir=str(tmp_path / "cache"), limit=5)
    assert dsd["test"][0]["bullets"] == ["Council met on Monday .", "It agreed a £2.5m plan ."]


def test_unknown_hub_name() -> None:
    with pytest.raises(InputError, match="unknown hub dataset 'gigaword'"):
        load_hub("gigaword")
