"""The predictions JSONL format: reading, writing, and errors naming line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.errors import InputError
from benchmark.records import Prediction, read_predictions, write_predictions


def test_round_trip_keeps_unicode(tmp_path: Path) -> None:
    preds = [
        Prediction("a", "Council ‘faces £2.5m’ bill", ("Four groups met.", "€300k spent.")),
        Prediction("b", "", ()),
    ]
    path = write_predictions(tmp_path / "sub" / "predictions.jsonl", preds)
    assert read_predictions(path) == preds
    assert "£2.5m" in path.read_text(encoding="utf-8")  # not \u escapes
    assert not list(path.parent.glob(".*tmp*"))


@pytest.mark.parametrize(
    ("content", "line", "field", "message"),
    [
        (b'{"id": "a", "headline": "h", "bullets": []}\n[1]\n', 2, None, "expected a JSON object"),
        (b'{"id": "a", "headline": "h"}\n', 1, "bullets", "missing"),
        (b'{"id": "a", "headline": "h", "bullets": [], "score": 1}\n', 1, "score", "unknown field"),
        (b'{"id": 7, "headline": "h", "bullets": []}\n', 1, "id", "non-empty string"),
        (b'{"id": "a", "headline": null, "bullets": []}\n', 1, "headline", "got null"),
        (b'{"id": "a", "headline": "h", "bullets": "one"}\n', 1, "bullets", "list of strings"),
        (b'{"id": "a", "headline": "h", "bullets": ["x", 2]}\n', 1, "bullets[1]", "got a number"),
        (b'{"id": "a", "headline": NaN, "bullets": []}\n', 1, None, "NaN is not valid JSON"),
        (
            b'{"id": "a", "headline": "h", "bullets": []}\n'
            b'{"id": "a", "headline": "h", "bullets": []}\n',
            2,
            "id",
            "duplicate id 'a' \\(first on line 1\\)",
        ),
        (b'{"id": "a", "headline": "caf\xe9", "bullets": []}\n', 1, None, "not valid UTF-8"),
        (b'{"id": "a", "headline": "h", "bullets": [}\n', 1, None, "invalid JSON"),
    ],
)
def test_bad_predictions(
    tmp_path: Path, content: bytes, line: int, field: str | None, message: str
) -> None:
    p = tmp_path / "p.jsonl"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_predictions(p)
    assert (info.value.path, info.value.line, info.value.field) == (str(p), line, field)
    assert str(info.value).startswith(f"{p}:{line}")


def test_crlf_and_trailing_blank_lines_are_accepted(tmp_path: Path) -> None:
    p = tmp_path / "p.jsonl"
    p.write_bytes(b'{"id": "a", "headline": "h", "bullets": ["x"]}\r\n\r\n\n')
    assert read_predictions(p) == [Prediction("a", "h", ("x",))]
