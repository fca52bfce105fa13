"""Validation of a leaderboard submission: a predictions JSONL file from a stranger.

The format is the one :mod:`benchmark.records` reads (``{"id": str, "headline": str,
"bullets": [str, ...]}``, one object per line), held to stricter rules: the board
scores files it did not write, so every problem is refused with a stable ``kind``
code and a message naming the file, the 1-based line and the field, and the file is
streamed under size limits so that a huge or hostile upload cannot exhaust memory.

Only the first problem is reported: a file with a systematic mistake would otherwise
bury the user under thousands of copies of one message.
"""

# Why this module is long: the submission format's refusal kinds, one small rule each,
# all in one place so that every kind has its message and its test.

from __future__ import annotations

import json
import os
import stat
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Literal, get_args

from benchmark.errors import InputError
from benchmark.records import PREDICTION_FIELDS, Prediction

Kind = Literal[
    # The file as a whole.
    "unreadable",
    "not_regular_file",
    "file_too_large",
    "empty_file",
    # One line, before JSON.
    "line_too_long",
    "utf16",
    "bom",
    "null_byte",
    "not_utf8",
    "bare_cr",
    "blank_line",
    # The JSON of one line.
    "invalid_json",
    "extra_data",
    "too_deep",
    "nan",
    "duplicate_key",
    "not_object",
    "missing_field",
    "extra_field",
    # A value of the wrong JSON type.
    "number_for_text",
    "bool_for_text",
    "null_for_text",
    "list_for_text",
    "object_for_text",
    "nested_list",
    "bullets_not_list",
    # Ids.
    "empty_id",
    "whitespace_id",
    "id_too_long",
    "id_padded",
    "unknown_id",
    "other_split_id",
    "duplicate_id",
    "missing_ids",
    # Headline.
    "empty_headline",
    "whitespace_headline",
    "newline_in_headline",
    "headline_too_long",
    # Bullets.
    "no_bullets",
    "too_few_bullets",
    "too_many_bullets",
    "empty_bullet",
    "whitespace_bullet",
    "newline_in_bullet",
    "bullet_too_long",
    "bullets_too_long",
    # Characters in any text.
    "lone_surrogate",
    "control_chars",
    "invisible_only",
    "replacement_char",
]
"""Every ``SubmissionError.kind``: a Literal so that mypy catches a misspelt code."""

KINDS: frozenset[str] = frozenset(get_args(Kind))


@dataclass(frozen=True)
class Limits:
    """Limits on a submission. Lengths of text count code points, not bytes.

    The defaults leave room for any honest headline and bullet list (outlets' own
    headlines stay far under 300 characters) while bounding what one upload costs.
    """

    max_file_bytes: int = 64 * 1024 * 1024  # far above the largest split's honest file
    max_line_bytes: int = 64 * 1024  # one record; also bounds one read's memory
    min_bullets: int = 1
    max_bullets: int = 6
    max_headline_chars: int = 300
    max_bullet_chars: int = 600
    max_bullets_chars_total: int = 3000  # stops padding the summary to farm ROUGE recall
    max_id_chars: int = 128
    missing_ids_shown: int = 5  # how many missing ids the message names


class SubmissionError(InputError):
    """A refused submission; ``kind`` is a stable code (one of :data:`KINDS`)."""

    def __init__(
        self,
        message: str,
        *,
        kind: Kind,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        # Set before InputError renders the message, which names the kind.
        self.kind: str = kind
        super().__init__(message, path=path, line=line, field=field)

    def _render(self) -> str:
        return f"{super()._render()} [{self.kind}]"


@dataclass(frozen=True)
class _Where:
    """Where the value being checked sits, to build errors that name it."""

    path: str
    line: int | None = None

    def error(self, kind: Kind, message: str, field: str | None = None) -> SubmissionError:
        return SubmissionError(message, kind=kind, path=self.path, line=self.line, field=field)


@dataclass
class _Ids:
    """The split's ids and what the file has used so far."""

    expected: dict[str, int]
    other_split: frozenset[str]
    seen: dict[str, int | None] = field(default_factory=dict)  # id -> line it was first on


@dataclass(frozen=True)
class _TextRule:
    """The kinds that name a text problem for one field (an id, a headline, a bullet)."""

    empty: Kind
    blank: Kind
    too_long: Kind
    newline: Kind | None  # None: a newline is a plain control character here


_ID_RULE = _TextRule("empty_id", "whitespace_id", "id_too_long", None)
_HEADLINE_RULE = _TextRule(
    "empty_headline", "whitespace_headline", "headline_too_long", "newline_in_headline"
)
_BULLET_RULE = _TextRule(
    "empty_bullet", "whitespace_bullet", "bullet_too_long", "newline_in_bullet"
)

# What str.splitlines splits on, less the C0 controls that are refused as such: a line
# break inside a headline or bullet changes how rougeLsum splits the summary.
_NEWLINES = frozenset("\n\r\x85\u2028\u2029")
# Characters that render as nothing though neither whitespace nor format (Cf) characters.
_BLANK_FILLERS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_SHOWN_CHARS = 40  # user text quoted in a message is cut to this


# --- the file and its lines ------------------------------------------------------------


def validate_submission(
    path: str | os.PathLike[str],
    *,
    expected_ids: Sequence[str],
    other_split_ids: Collection[str] = (),
    limits: Limits = Limits(),
) -> list[Prediction]:
    """Check a predictions file and return its predictions in the order of ``expected_ids``.

    Raises :class:`SubmissionError` for the first problem found. The file is streamed:
    its size is checked before it is opened and no line longer than
    ``limits.max_line_bytes`` is ever held in memory.
    """
    where = _Where(os.fspath(path))
    ids = _Ids(expected=_index_ids(expected_ids), other_split=frozenset(other_split_ids))
    _check_size(where, limits)
    found: dict[str, Prediction] = {}
    with _open(where) as fh:
        for lineno, text in _record_lines(fh, where, limits):
            here = _Where(where.path, lineno)
            pred = _check_record(_parse(text, here), here, ids, limits)
            found[pred.id] = pred
    if not found:
        raise where.error("empty_file", "the file holds no predictions")
    _check_complete(where, expected_ids, found, limits)
    return [found[pid] for pid in expected_ids]


def _index_ids(expected_ids: Sequence[str]) -> dict[str, int]:
    index = {pid: k for k, pid in enumerate(expected_ids)}
    if len(index) != len(expected_ids):
        # The board's own split is wrong, not the submission: a plain ValueError.
        raise ValueError("expected_ids holds a repeated id")
    return index


def _check_size(where: _Where, limits: Limits) -> None:
    """Refuse by ``os.stat`` alone what is too large or not a plain file, before any read."""
    try:
        info = os.stat(where.path)
    except OSError as exc:
        raise where.error("unreadable", f"cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would report size 0 and then block or never end.
        raise where.error("not_regular_file", "not a regular file")
    if info.st_size > limits.max_file_bytes:
        raise where.error(
            "file_too_large",
            f"the file has {info.st_size} bytes; the limit is {limits.max_file_bytes}",
        )
    if info.st_size == 0:
        raise where.error("empty_file", "the file is empty")


def _open(where: _Where) -> IO[bytes]:
    try:
        return open(where.path, "rb")
    except OSError as exc:
        raise where.error("unreadable", f"cannot open: {exc.strerror}") from None


def _raw_lines(fh: IO[bytes], where: _Where, limits: Limits) -> Iterator[tuple[int, bytes]]:
    """Yield (1-based line number, line without its LF or CRLF end), reading bounded chunks."""
    total = 0
    lineno = 0
    while raw := fh.readline(limits.max_line_bytes + 2):  # +2: room for the CRLF
        lineno += 1
        total += len(raw)
        if total > limits.max_file_bytes:
            # The file grew after the os.stat check: count what was really read.
            raise _Where(where.path, lineno).error(
                "file_too_large", f"the file is over the limit of {limits.max_file_bytes} bytes"
            )
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        if len(raw) > limits.max_line_bytes:
            raise _Where(where.path, lineno).error(
                "line_too_long", f"the line is over the limit of {limits.max_line_bytes} bytes"
            )
        yield lineno, raw


def _record_lines(fh: IO[bytes], where: _Where, limits: Limits) -> Iterator[tuple[int, str]]:
    """Yield the decoded non-blank lines; blank lines are allowed only at the end."""
    blank_since: int | None = None
    for lineno, raw in _raw_lines(fh, where, limits):
        here = _Where(where.path, lineno)
        if lineno == 1:
            _check_encoding_mark(raw, here)
        if not raw.strip(b" \t"):
            blank_since = lineno if blank_since is None else blank_since
            continue
        if blank_since is not None:
            raise _Where(where.path, blank_since).error(
                "blank_line",
                f"blank line in the middle of the file (data follows on line {lineno})",
            )
        yield lineno, _decode(raw, here)


def _check_encoding_mark(raw: bytes, where: _Where) -> None:
    if raw.startswith(_UTF16_BOMS):
        raise where.error(
            "utf16", "the file is UTF-16 (as PowerShell's '>' writes); save it as UTF-8"
        )
    if raw.startswith(_UTF8_BOM):
        raise where.error(
            "bom", "the file starts with a byte order mark; save it as UTF-8 without BOM"
        )


def _decode(raw: bytes, where: _Where) -> str:
    if b"\x00" in raw:
        raise where.error("null_byte", "NUL byte in the line: a binary or UTF-16 file?")
    if b"\r" in raw:
        # JSON never holds a raw CR, so this is a CR-only line end (or a stray one).
        raise where.error("bare_cr", "carriage return inside the line; end lines with LF or CRLF")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise where.error(
            "not_utf8", f"not valid UTF-8 at byte {exc.start + 1} of the line ({exc.reason})"
        ) from None


# --- JSON ------------------------------------------------------------------------------


class _Number:
    """A JSON number kept as its text: no field takes a number, so it is never converted.

    This also keeps ``1e999`` from becoming infinity and a 5,000-digit integer from
    tripping Python's int conversion limit with a confusing message.
    """

    def __init__(self, text: str) -> None:
        self.text = text


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _NonFiniteError(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of repeated keys silently; a submission must mean one thing.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity, which are not JSON.
    raise _NonFiniteError(name)


def _parse(text: str, where: _Where) -> Any:
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_reject_constant,
            parse_int=_Number,
            parse_float=_Number,
        )
    except _DuplicateKeyError as exc:
        raise where.error(
            "duplicate_key", "key repeated in one object", _show_key(exc.key)
        ) from None
    except _NonFiniteError as exc:
        raise where.error("nan", f"{exc.name} is not valid JSON") from None
    except RecursionError:
        raise where.error("too_deep", "JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            raise where.error(
                "extra_data", f"more than one JSON value on the line (column {exc.colno})"
            ) from None
        raise where.error("invalid_json", f"invalid JSON: {exc.msg} (column {exc.colno})") from None


# --- one record ------------------------------------------------------------------------


def _check_record(obj: Any, where: _Where, ids: _Ids, limits: Limits) -> Prediction:
    pid, headline, bullets = _fields(obj, where)
    return Prediction(
        id=_check_id(pid, where, ids, limits),
        headline=_check_headline(headline, where, limits),
        bullets=_check_bullets(bullets, where, limits),
    )


def _fields(obj: Any, where: _Where) -> tuple[Any, Any, Any]:
    if not isinstance(obj, dict):
        raise where.error("not_object", f"expected a JSON object, got {_json_type(obj)}")
    for key in PREDICTION_FIELDS:
        if key not in obj:
            raise where.error("missing_field", "missing", key)
    extra = sorted(set(obj) - set(PREDICTION_FIELDS))
    if extra:
        shown = ", ".join(_show(key) for key in extra[:3])
        raise where.error(
            "extra_field",
            f"unknown field(s) {shown}; allowed: id, headline, bullets",
            _show_key(extra[0]),
        )
    return obj["id"], obj["headline"], obj["bullets"]


def _check_id(value: Any, where: _Where, ids: _Ids, limits: Limits) -> str:
    pid = _require_text(value, where, "id")
    _check_text(pid, where, "id", _ID_RULE, limits.max_id_chars)
    if pid in ids.seen:
        raise where.error(
            "duplicate_id", f"duplicate id {_show(pid)} (first on line {ids.seen[pid]})", "id"
        )
    if pid not in ids.expected:
        raise _not_in_split(pid, where, ids)
    ids.seen[pid] = where.line
    return pid


def _not_in_split(pid: str, where: _Where, ids: _Ids) -> SubmissionError:
    if pid in ids.other_split:
        return where.error(
            "other_split_id",
            f"id {_show(pid)} belongs to another split: were these predictions made for a "
            "different split?",
            "id",
        )
    if pid.strip() in ids.expected:
        return where.error("id_padded", f"id {_show(pid)} has spaces around it", "id")
    example = f" (its ids look like {_show(next(iter(ids.expected)))})" if ids.expected else ""
    return where.error("unknown_id", f"id {_show(pid)} is not an id of this split{example}", "id")


def _check_headline(value: Any, where: _Where, limits: Limits) -> str:
    headline = _require_text(value, where, "headline")
    _check_text(headline, where, "headline", _HEADLINE_RULE, limits.max_headline_chars)
    return headline


def _check_bullets(value: Any, where: _Where, limits: Limits) -> tuple[str, ...]:
    if not isinstance(value, list):
        hint = ' (write one bullet as ["..."])' if isinstance(value, str) else ""
        raise where.error(
            "bullets_not_list",
            f"must be a list of strings, got {_json_type(value)}{hint}",
            "bullets",
        )
    _check_bullet_count(len(value), where, limits)
    bullets = tuple(_check_bullet(item, where, k, limits) for k, item in enumerate(value))
    total = sum(map(len, bullets))
    if total > limits.max_bullets_chars_total:
        raise where.error(
            "bullets_too_long",
            f"the bullets have {total} characters in all; the limit is "
            f"{limits.max_bullets_chars_total}",
            "bullets",
        )
    return bullets


def _check_bullet_count(count: int, where: _Where, limits: Limits) -> None:
    if count == 0:
        raise where.error("no_bullets", "the list of bullets is empty", "bullets")
    if count < limits.min_bullets:
        raise where.error(
            "too_few_bullets", f"{count} bullets; at least {limits.min_bullets} are due", "bullets"
        )
    if count > limits.max_bullets:
        raise where.error(
            "too_many_bullets",
            f"{count} bullets; at most {limits.max_bullets} are allowed",
            "bullets",
        )


def _check_bullet(value: Any, where: _Where, k: int, limits: Limits) -> str:
    name = f"bullets[{k}]"
    bullet = _require_text(value, where, name)
    _check_text(bullet, where, name, _BULLET_RULE, limits.max_bullet_chars)
    return bullet


# --- values and characters -------------------------------------------------------------


def _require_text(value: Any, where: _Where, name: str) -> str:
    if isinstance(value, str):
        return value
    kind: Kind
    if isinstance(value, bool):  # before anything numeric: bool is an int in Python
        kind = "bool_for_text"
    elif isinstance(value, _Number):
        kind = "number_for_text"
    elif value is None:
        kind = "null_for_text"
    elif isinstance(value, list):
        kind = "nested_list" if name.startswith("bullets[") else "list_for_text"
    else:
        kind = "object_for_text"
    raise where.error(kind, f"must be a string, got {_json_type(value)}", name)


def _check_text(text: str, where: _Where, name: str, rule: _TextRule, max_chars: int) -> None:
    """Refuse text no reader could see or score; the first problem in a fixed order."""
    if "\x00" in text:
        raise where.error("null_byte", "NUL character (\\u0000) in the text", name)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise where.error("lone_surrogate", "unpaired UTF-16 surrogate (a \\udXXX escape)", name)
    if not text:
        raise where.error(rule.empty, "empty", name)
    if not text.strip():
        raise where.error(rule.blank, "only whitespace", name)
    if all(_is_invisible(ch) for ch in text):
        raise where.error(
            "invisible_only", "only invisible characters (zero-width spaces, soft hyphens...)", name
        )
    _check_characters(text, where, name, rule)
    if len(text) > max_chars:
        raise where.error(rule.too_long, f"{len(text)} characters; the limit is {max_chars}", name)


def _check_characters(text: str, where: _Where, name: str, rule: _TextRule) -> None:
    if rule.newline is not None and any(ch in _NEWLINES for ch in text):
        raise where.error(rule.newline, "line break in the text; it must be one line", name)
    bad = next((ch for ch in text if _is_control(ch)), None)
    if bad is not None:
        raise where.error("control_chars", f"control character U+{ord(bad):04X} in the text", name)
    if "\ufffd" in text:
        # U+FFFD is what a lossy decoder leaves behind: the text was damaged upstream.
        raise where.error(
            "replacement_char", "U+FFFD replacement character: the text was mis-decoded", name
        )


def _is_control(ch: str) -> bool:
    """C0 (but tab), DEL and C1: newlines count here where the field allows none."""
    code = ord(ch)
    return (code < 0x20 and ch != "\t") or 0x7F <= code <= 0x9F


def _is_invisible(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK_FILLERS or unicodedata.category(ch) == "Cf"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, _Number):
        return f"the number {_show(value.text)}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _check_complete(
    where: _Where, expected_ids: Sequence[str], found: dict[str, Prediction], limits: Limits
) -> None:
    missing = [pid for pid in expected_ids if pid not in found]
    if missing:
        shown = ", ".join(_show(pid) for pid in missing[: limits.missing_ids_shown])
        more = ", ..." if len(missing) > limits.missing_ids_shown else ""
        raise where.error(
            "missing_ids",
            f"{len(missing)} of the split's {len(expected_ids)} ids have no prediction: "
            f"{shown}{more}",
            "id",
        )


def _show(text: str) -> str:
    """User text for a message: quoted, escaped (controls, surrogates) and cut short."""
    if len(text) > _SHOWN_CHARS:
        return repr(text[:_SHOWN_CHARS]) + "..."
    return repr(text)


def _show_key(key: str) -> str:
    return key if len(key) <= _SHOWN_CHARS else key[:_SHOWN_CHARS] + "..."
