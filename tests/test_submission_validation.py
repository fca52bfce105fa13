"""The leaderboard's submission validator: one case per refusal kind, and what it accepts."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from benchmark.errors import InputError
from benchmark.records import Prediction, write_predictions
from leaderboard import validation
from leaderboard.validation import KINDS, Limits, SubmissionError, validate_submission

IDS = ("a1", "a2")
OTHER_SPLIT = ("b1", "b2")
GOOD = b'{"id": "a1", "headline": "Rates rise", "bullets": ["The bank raised rates."]}\n'


def _record(**overrides: Any) -> dict[str, Any]:
    return {"id": "a2", "headline": "Rain due", "bullets": ["Rain is due."], **overrides}


def second(**overrides: Any) -> bytes:
    """A good first line and, on line 2, the a2 record with ``overrides``.

    ``json.dumps`` escapes every non-ASCII character, so a lone surrogate or a
    control character arrives as a ``\\uXXXX`` escape, as a hand-written file has it.
    """
    return GOOD + json.dumps(_record(**overrides)).encode() + b"\n"


def without(key: str) -> bytes:
    record = _record()
    del record[key]
    return GOOD + json.dumps(record).encode() + b"\n"


def raw2(text: str) -> bytes:
    """A good first line and ``text`` as line 2, verbatim."""
    return GOOD + text.encode() + b"\n"


class Case(NamedTuple):
    name: str
    data: bytes
    kind: str
    line: int | None
    field: str | None
    limits: Limits = Limits()


BULLETS_3300 = ["x" * 550] * 6

CASES = [
    # The file as a whole.
    Case("empty", b"", "empty_file", None, None),
    Case("only_blank_lines", b"\n  \n\r\n", "empty_file", None, None),
    Case("over_size", GOOD, "file_too_large", None, None, Limits(max_file_bytes=10)),
    # Lines, before JSON.
    Case("long_line", GOOD, "line_too_long", 1, None, Limits(max_line_bytes=20)),
    Case("utf16", GOOD.decode().encode("utf-16"), "utf16", 1, None),
    Case("bom", b"\xef\xbb\xbf" + GOOD, "bom", 1, None),
    Case("raw_nul", GOOD + b'{"id": "a2"\x00}\n', "null_byte", 2, None),
    Case("latin1", raw2('{"id": "a2"}').replace(b"a2", b"caf\xe9"), "not_utf8", 2, None),
    Case("encoded_surrogate", GOOD + b'"\xed\xa0\x80"\n', "not_utf8", 2, None),
    Case("cr_line_ends", GOOD.replace(b"\n", b"\r") * 2, "bare_cr", 1, None),
    Case("blank_in_middle", GOOD + b"\n" + second()[len(GOOD) :], "blank_line", 2, None),
    Case("spaces_in_middle", GOOD + b" \t\r\n" + second()[len(GOOD) :], "blank_line", 2, None),
    # JSON.
    Case("truncated_json", raw2('{"id": "a2",'), "invalid_json", 2, None),
    Case("single_quotes", raw2("{'id': 'a2'}"), "invalid_json", 2, None),
    Case(
        "trailing_comma",
        raw2('{"id": "a2", "headline": "x", "bullets": ["y"],}'),
        "invalid_json",
        2,
        None,
    ),
    Case("two_objects", GOOD + second()[len(GOOD) :].rstrip() * 2 + b"\n", "extra_data", 2, None),
    Case("deep_nesting", raw2("[" * 5000 + "]" * 5000), "too_deep", 2, None),
    Case("nan", raw2('{"id": "a2", "headline": NaN, "bullets": ["x"]}'), "nan", 2, None),
    Case("infinity", raw2('{"id": "a2", "headline": "x", "bullets": [Infinity]}'), "nan", 2, None),
    Case("minus_infinity", raw2('{"id": -Infinity}'), "nan", 2, None),
    Case(
        "duplicate_key",
        raw2('{"id": "a2", "id": "a1", "headline": "x", "bullets": ["y"]}'),
        "duplicate_key",
        2,
        "id",
    ),
    Case("list", raw2('["a2", "Rain due", ["Rain."]]'), "not_object", 2, None),
    Case("string", raw2('"a2"'), "not_object", 2, None),
    Case("number", raw2("42"), "not_object", 2, None),
    Case("null", raw2("null"), "not_object", 2, None),
    Case("missing_id", without("id"), "missing_field", 2, "id"),
    Case("missing_headline", without("headline"), "missing_field", 2, "headline"),
    Case("missing_bullets", without("bullets"), "missing_field", 2, "bullets"),
    Case("extra_field", second(score=0.9), "extra_field", 2, "score"),
    # Wrong JSON types where text is due.
    Case("id_number", second(id=2), "number_for_text", 2, "id"),
    Case("headline_number", second(headline=1.5), "number_for_text", 2, "headline"),
    Case(
        "headline_huge_number",
        raw2('{"id": "a2", "headline": 1e999, "bullets": ["x"]}'),
        "number_for_text",
        2,
        "headline",
    ),
    Case("bullet_number", second(bullets=["x", 3]), "number_for_text", 2, "bullets[1]"),
    Case("id_bool", second(id=False), "bool_for_text", 2, "id"),
    Case("headline_bool", second(headline=True), "bool_for_text", 2, "headline"),
    Case("bullet_bool", second(bullets=[True]), "bool_for_text", 2, "bullets[0]"),
    Case("id_null", second(id=None), "null_for_text", 2, "id"),
    Case("headline_null", second(headline=None), "null_for_text", 2, "headline"),
    Case("bullet_null", second(bullets=[None]), "null_for_text", 2, "bullets[0]"),
    Case("headline_list", second(headline=["Rain due"]), "list_for_text", 2, "headline"),
    Case("id_list", second(id=["a2"]), "list_for_text", 2, "id"),
    Case("headline_object", second(headline={"text": "x"}), "object_for_text", 2, "headline"),
    Case("bullet_object", second(bullets=[{"text": "x"}]), "object_for_text", 2, "bullets[0]"),
    Case("nested_list", second(bullets=[["Rain is due."]]), "nested_list", 2, "bullets[0]"),
    Case("bullets_string", second(bullets="Rain is due."), "bullets_not_list", 2, "bullets"),
    Case("bullets_null", second(bullets=None), "bullets_not_list", 2, "bullets"),
    Case("bullets_object", second(bullets={"0": "x"}), "bullets_not_list", 2, "bullets"),
    # Ids.
    Case("empty_id", second(id=""), "empty_id", 2, "id"),
    Case("whitespace_id", second(id="  "), "whitespace_id", 2, "id"),
    Case("id_too_long", second(id="a" * 129), "id_too_long", 2, "id"),
    Case("id_control", second(id="a\x012"), "control_chars", 2, "id"),
    Case("id_newline", second(id="a2\n"), "control_chars", 2, "id"),
    Case("id_padded", second(id=" a2"), "id_padded", 2, "id"),
    Case("unknown_id", second(id="zz9"), "unknown_id", 2, "id"),
    Case("other_split_id", second(id="b1"), "other_split_id", 2, "id"),
    Case("duplicate_id", second(id="a1"), "duplicate_id", 2, "id"),
    Case("missing_ids", GOOD, "missing_ids", None, "id"),
    # Headline.
    Case("empty_headline", second(headline=""), "empty_headline", 2, "headline"),
    Case("whitespace_headline", second(headline=" \t "), "whitespace_headline", 2, "headline"),
    Case("headline_lf", second(headline="Rain\ndue"), "newline_in_headline", 2, "headline"),
    Case("headline_cr", second(headline="Rain\rdue"), "newline_in_headline", 2, "headline"),
    Case("headline_u2028", second(headline="Rain\u2028due"), "newline_in_headline", 2, "headline"),
    Case("headline_too_long", second(headline="x" * 301), "headline_too_long", 2, "headline"),
    # Bullets.
    Case("no_bullets", second(bullets=[]), "no_bullets", 2, "bullets"),
    Case("too_few_bullets", GOOD, "too_few_bullets", 1, "bullets", Limits(min_bullets=2)),
    Case("too_many_bullets", second(bullets=["x"] * 7), "too_many_bullets", 2, "bullets"),
    Case("empty_bullet", second(bullets=["x", ""]), "empty_bullet", 2, "bullets[1]"),
    Case("whitespace_bullet", second(bullets=[" "]), "whitespace_bullet", 2, "bullets[0]"),
    Case("bullet_newline", second(bullets=["Rain.\nWind."]), "newline_in_bullet", 2, "bullets[0]"),
    Case("bullet_too_long", second(bullets=["x" * 601]), "bullet_too_long", 2, "bullets[0]"),
    Case("bullets_too_long", second(bullets=BULLETS_3300), "bullets_too_long", 2, "bullets"),
    # Characters in any text.
    Case("escaped_nul", second(headline="Rain\x00due"), "null_byte", 2, "headline"),
    Case("lone_high_surrogate", second(headline="Rain \ud800"), "lone_surrogate", 2, "headline"),
    Case("lone_low_surrogate", second(bullets=["\udc00x"]), "lone_surrogate", 2, "bullets[0]"),
    Case("bell", second(headline="Rain\x07due"), "control_chars", 2, "headline"),
    Case("delete", second(headline="Rain\x7fdue"), "control_chars", 2, "headline"),
    Case("c1_csi", second(headline="Rain\x9bdue"), "control_chars", 2, "headline"),
    Case("ansi_escape", second(bullets=["\x1b[31mRain"]), "control_chars", 2, "bullets[0]"),
    Case("zero_width", second(headline="\u200b\u200b"), "invisible_only", 2, "headline"),
    Case("soft_hyphen", second(headline="\u00ad"), "invisible_only", 2, "headline"),
    Case("invisible_bullet", second(bullets=["\u200b \u2060"]), "invisible_only", 2, "bullets[0]"),
    Case("hangul_filler", second(headline="\u3164"), "invisible_only", 2, "headline"),
    Case(
        "replacement_char", second(headline="Caf\ufffd reopens"), "replacement_char", 2, "headline"
    ),
]
PATH_KINDS = ("unreadable", "not_regular_file")


def _check_error(
    exc: SubmissionError, path: Path, kind: str, line: int | None, field: str | None
) -> None:
    assert (exc.kind, exc.path, exc.line, exc.field) == (kind, str(path), line, field)
    text = str(exc)
    assert str(path) in text and f"[{kind}]" in text
    if line is not None:
        assert f"{path}:{line}" in text
    if field is not None:
        assert repr(field) in text


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refusal(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(case.data)
    with pytest.raises(SubmissionError) as info:
        validate_submission(path, expected_ids=IDS, other_split_ids=OTHER_SPLIT, limits=case.limits)
    _check_error(info.value, path, case.kind, case.line, case.field)


@pytest.mark.parametrize("kind", PATH_KINDS)
def test_path_refusal(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "missing.jsonl"
    if kind == "not_regular_file":
        path.mkdir()
    with pytest.raises(SubmissionError) as info:
        validate_submission(path, expected_ids=IDS)
    _check_error(info.value, path, kind, None, None)


def test_every_kind_is_exercised() -> None:
    exercised = {c.kind for c in CASES} | set(PATH_KINDS)
    assert len(exercised) >= 40
    assert exercised == KINDS


def test_error_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(second(id="a1"))
    with pytest.raises(InputError, match=r"duplicate id 'a1' \(first on line 1\)"):
        validate_submission(path, expected_ids=IDS)


def test_missing_ids_names_count_and_first_few(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(GOOD)
    ids = ["a1", *(f"m{k}" for k in range(9))]
    with pytest.raises(SubmissionError, match=r"9 of the split's 10 ids") as info:
        validate_submission(path, expected_ids=ids)
    assert "'m0', 'm1', 'm2', 'm3', 'm4', ..." in info.value.message
    assert "'m5'" not in info.value.message


def _write_valid(path: Path, order: tuple[str, ...] = ("a2", "a1")) -> list[Prediction]:
    preds = {
        "a1": Prediction("a1", "Rates rise\tagain", ("The bank raised rates.", "Markets fell.")),
        "a2": Prediction("a2", "Café 😀 reopens", ("Near-empty\u200d streets.",)),
    }
    write_predictions(path, (preds[pid] for pid in order))
    return [preds[pid] for pid in IDS]


def test_valid_file_round_trips_in_expected_order(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    expected = _write_valid(path)
    assert validate_submission(path, expected_ids=IDS) == expected


@pytest.mark.parametrize(
    "tail",
    [b"", b"\n", b"\n\n\n", b"\r\n\r\n", b"  \n\t\n"],
    ids=["no_final_newline", "one", "many", "crlf", "spaces"],
)
def test_line_ends_and_trailing_blank_lines_accepted(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "preds.jsonl"
    expected = _write_valid(path)
    data = path.read_bytes().rstrip(b"\n").replace(b"\n", b"\r\n") + tail
    path.write_bytes(data)
    assert validate_submission(path, expected_ids=IDS) == expected


def test_escaped_surrogate_pair_accepted(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(GOOD + second(headline="Rain \U0001f600")[len(GOOD) :])
    assert b"\\ud83d\\ude00" in path.read_bytes()
    preds = validate_submission(path, expected_ids=IDS)
    assert preds[1].headline == "Rain \U0001f600"


def test_limits_are_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(second(headline="x" * 300, bullets=["y" * 600] * 5).replace(b"\n", b"\r\n"))
    longest = max(len(line) for line in path.read_bytes().split(b"\r\n"))
    limits = Limits(max_line_bytes=longest, max_file_bytes=path.stat().st_size)
    assert len(validate_submission(path, expected_ids=IDS, limits=limits)) == 2
    with pytest.raises(SubmissionError) as info:
        validate_submission(path, expected_ids=IDS, limits=Limits(max_line_bytes=longest - 1))
    assert (info.value.kind, info.value.line) == ("line_too_long", 2)


def test_sparse_huge_file_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = Limits(max_file_bytes=1024)
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.truncate(limits.max_file_bytes + 1)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(validation, "open", no_open, raising=False)
    with pytest.raises(SubmissionError) as info:
        validate_submission(path, expected_ids=IDS, limits=limits)
    _check_error(info.value, path, "file_too_large", None, None)


def test_file_growing_after_stat_refused_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(second())
    # As if the file grew between os.stat and the read: the count of bytes read still holds.
    monkeypatch.setattr(validation, "_check_size", lambda where, limits: None)
    with pytest.raises(SubmissionError) as info:
        validate_submission(path, expected_ids=IDS, limits=Limits(max_file_bytes=len(GOOD) + 5))
    _check_error(info.value, path, "file_too_large", 2, None)


def test_long_single_line_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "one_line.jsonl"
    size = 16 * 1024 * 1024
    with path.open("wb") as f:
        f.write(b'{"id": "a1", "headline": "')
        f.write(b"x" * size)
    limits = Limits(max_line_bytes=4096)
    tracemalloc.start()
    try:
        with pytest.raises(SubmissionError) as info:
            validate_submission(path, expected_ids=IDS, limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _check_error(info.value, path, "line_too_long", 1, None)
    assert peak < 1024 * 1024, peak  # 16 MiB on disk, well under 1 MiB read


def test_repeated_expected_id_is_a_programming_error(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_bytes(second())
    with pytest.raises(ValueError, match="repeated id") as info:
        validate_submission(path, expected_ids=["a1", "a1"])
    assert not isinstance(info.value, SubmissionError)


def test_accepts_str_paths(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    expected = _write_valid(path)
    assert validate_submission(os.fspath(path), expected_ids=IDS) == expected
