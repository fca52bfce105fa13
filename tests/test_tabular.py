"""Builder 2: JSON Lines and CSV with a column mapping, and clear errors on bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark.builders.tabular import build_tabular, parse_mapping
from benchmark.dataset import FEATURES, stable_id
from benchmark.errors import InputError

CNN_LIKE = {"article": "The council met on Monday.", "highlights": "Council met .\nVote due ."}


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_with_mapping(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "a.jsonl", [{**CNN_LIKE, "id": "x1", "title": "Council meets"}])
    dsd = build_tabular(
        [p],
        fmt="jsonl",
        split="test",
        mapping=parse_mapping(["article=body", "highlights=bullets", "title=headline"]),
    )
    assert list(dsd) == ["test"]
    assert dsd["test"].features == FEATURES
    row = dsd["test"][0]
    assert row == {
        "id": "x1",
        "headline": "Council meets",
        "bullets": ["Council met .", "Vote due ."],
        "body": "The council met on Monday.",
        "source": "a",
        "url": None,
        "published": None,
    }


def test_columns_named_like_fields_need_no_mapping_and_lists_are_bullets(tmp_path: Path) -> None:
    p = _jsonl(
        tmp_path / "b.jsonl",
        [
            {
                "body": "Text.",
                "bullets": ["one", " ", "two"],
                "url": "https://x.example/1",
                "published": "2026-03-01",
            }
        ],
    )
    row = build_tabular([p], fmt="jsonl", split="dev")["dev"][0]
    assert row["bullets"] == ["one", "two"]
    assert row["headline"] is None  # absent, not empty
    assert row["id"] == stable_id(url="https://x.example/1", headline=None, body="Text.")
    assert row["published"] == "2026-03-01"


def test_csv_with_quoted_multiline_cells_and_custom_separator(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(
        'text,summary,points\r\n"Line one.\n\nLine two, with a comma.",Head,a|b\r\n'
        '"Second article.",Head 2,\r\n',
        encoding="utf-8",
    )
    dsd = build_tabular(
        [p],
        fmt="csv",
        split="test",
        bullet_sep="|",
        mapping=parse_mapping(["text=body", "summary=headline", "points=bullets"]),
    )
    rows = dsd["test"].to_list()
    assert rows[0]["body"] == "Line one.\n\nLine two, with a comma."
    assert rows[0]["bullets"] == ["a", "b"]
    assert rows[1]["bullets"] is None


def test_split_column_and_hash_split(tmp_path: Path) -> None:
    rows = [{"body": f"Article {i}.", "part": "train" if i < 3 else "test"} for i in range(6)]
    p = _jsonl(tmp_path / "s.jsonl", rows)
    dsd = build_tabular([p], fmt="jsonl", mapping={"part": "split"})
    assert {k: v.num_rows for k, v in dsd.items()} == {"train": 3, "test": 3}
    p2 = _jsonl(tmp_path / "h.jsonl", [{"body": f"Article {i}."} for i in range(50)])
    a = build_tabular([p2], fmt="jsonl", splits={"validation": 0.5, "test": 0.5})
    b = build_tabular([p2], fmt="jsonl", splits={"validation": 0.5, "test": 0.5})
    assert a["validation"]["id"] == b["validation"]["id"]
    assert 10 < a["validation"].num_rows < 40
    assert a["validation"].num_rows + a["test"].num_rows == 50


BAD_JSONL = [
    ([{"body": "ok."}, "not an object"], 2, None, "expected a JSON object"),
    ([{"highlights": "x"}], 1, "body", "no body column"),
    ([{"body": "  "}], 1, "body", "is empty"),
    ([{"body": 3.5}], 1, "body", "must be text"),
    ([{"body": "ok.", "headline": ["x"]}], 1, "headline", "must be text"),
    ([{"body": "ok.", "bullets": ["a", 3]}], 1, "bullets[1]", "must be text"),
    ([{"body": "ok.", "published": "14 March"}], 1, "published", "not a date"),
    ([{"body": "ok.", "published": "2026-02-30"}], 1, "published", "not a date"),
    ([{"body": "ok.", "id": "a"}, {"body": "other.", "id": "a"}], 2, "id", "duplicate id a"),
]


@pytest.mark.parametrize(("rows", "line", "field", "message"), BAD_JSONL)
def test_bad_jsonl_rows_name_file_line_field(
    tmp_path: Path, rows: list[object], line: int, field: str | None, message: str
) -> None:
    p = _jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(InputError, match=message) as info:
        build_tabular([p], fmt="jsonl", split="test")
    assert (info.value.path, info.value.line, info.value.field) == (str(p), line, field)


def test_invalid_json_and_bad_utf8_lines(tmp_path: Path) -> None:
    p = tmp_path / "j.jsonl"
    p.write_bytes(b'{"body": "ok."}\n{"body": \n')
    with pytest.raises(InputError, match="invalid JSON") as info:
        build_tabular([p], fmt="jsonl", split="t")
    assert info.value.line == 2
    p.write_bytes(b'{"body": "ok."}\n\n{"body": "caf\xe9."}\n')
    with pytest.raises(InputError, match="not valid UTF-8") as info:
        build_tabular([p], fmt="jsonl", split="t")
    assert info.value.line == 3


def test_bom_crlf_and_blank_lines_are_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"body": "One."}\r\n\r\n{"body": "Two."}\r\n\r\n')
    assert build_tabular([p], fmt="jsonl", split="t")["t"].num_rows == 2


def test_bad_csv_rows_name_the_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text('body,headline\n"ok.",H\n"multi\nline.",H2\n"",H3\n', encoding="utf-8")
    with pytest.raises(InputError, match="is empty") as info:
        build_tabular([p], fmt="csv", split="t")
    assert (info.value.line, info.value.field) == (5, "body")
    p.write_text("body,headline\nok.,H,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="3 cells, header has 2") as info:
        build_tabular([p], fmt="csv", split="t")
    assert info.value.line == 2


def test_empty_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no header row"):
        build_tabular([empty], fmt="csv", split="t")
    blank = tmp_path / "e.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no rows"):
        build_tabular([blank], fmt="jsonl", split="t")
    with pytest.raises(InputError, match="no such file"):
        build_tabular([tmp_path / "missing.jsonl"], fmt="jsonl", split="t")


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["article"], "COLUMN=FIELD"),
        (["a=title"], "not a field"),
        (["a=body", "b=body"], "two columns"),
    ],
)
def test_bad_mappings(items: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_mapping(items)
