"""Builder 1: scraped article text ("seed format", see docs/seed-format.md).

A copy-and-paste of a news page holds the headline (often twice), a standfirst,
the outlet's bullets, body paragraphs with image captions mixed in, and a
trailer. :func:`parse_seed_text` keeps headline, bullets and body and reports
everything it dropped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from datasets import DatasetDict

from benchmark.dataset import check_iso_date, make_dataset_dict, split_articles, stable_id
from benchmark.errors import InputError, SeedFormatError
from benchmark.progress import progress_bar
from benchmark.records import Article

DropKind = Literal["repeated_headline", "standfirst", "caption", "trailer"]

MAX_HEADLINE_WORDS = 50
"""A first line longer than this is a paragraph, not a headline."""

_BULLET = re.compile(r"^(?P<indent>[ \t]*)[•*\-–▪·●][ \t]+(?P<text>\S.*)$")
# Sentence-final punctuation, then any closing quotes or brackets.
_FINAL = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")
_PICTURED = re.compile(r"\bpictured\s*:", re.IGNORECASE)
_TRAILER = re.compile(
    r"^(source\s*:.*|read\s+(the\s+)?full\s+(article|story).*|read\s+more\b.*"
    r"|continue\s+reading.*|click\s+here\s+to\s+read.*)$",
    re.IGNORECASE,
)
_TYPOGRAPHIC = frozenset("‘’“”–—£€")
_KEY_MAP = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# C0/C1 controls other than tab and newline say nothing in scraped text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029]")
_SPACES = re.compile(r"[\u00a0\u202f\u2007\u2009\u3000]")


@dataclass(frozen=True, slots=True)
class Dropped:
    """A piece of the file that is not headline, bullet or body."""

    kind: DropKind
    line: int  # 1-based line of the file where it starts
    text: str


@dataclass(frozen=True, slots=True)
class ParsedSeed:
    headline: str
    bullets: tuple[str, ...]
    body: str
    dropped: tuple[Dropped, ...]


@dataclass(frozen=True, slots=True)
class FileReport:
    """What the builder did with one file (``build_report.jsonl``)."""

    file: str
    id: str
    bullets: int
    body_words: int
    dropped: tuple[Dropped, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "id": self.id,
            "bullets": self.bullets,
            "body_words": self.body_words,
            "dropped": [{"kind": d.kind, "line": d.line, "text": d.text} for d in self.dropped],
        }


@dataclass(frozen=True)
class SeedBuild:
    dataset: DatasetDict
    reports: tuple[FileReport, ...]


def _clean_line(line: str) -> str:
    line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).rstrip()


def _key_with_index(text: str) -> tuple[str, list[int]]:
    """Normalised comparison key of ``text`` and, per key character, its index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                chars.append(" ")
                index.append(i)
            prev_space = True
            continue
        prev_space = False
        for c in unicodedata.normalize("NFKC", ch).translate(_KEY_MAP).lower():
            chars.append(c)
            index.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return "".join(chars), index


def _is_caption(unit: str, n_lines: int) -> bool:
    if _PICTURED.search(unit):
        return True
    return n_lines == 1 and not _FINAL.search(unit)


def parse_seed_text(text: str, *, name: str = "<text>") -> ParsedSeed:
    """Parse one scraped article.

    Raises :class:`SeedFormatError` naming ``name`` when it has no headline or no body.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [_clean_line(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    n = len(lines)

    i = 0
    while i < n and not lines[i].strip():
        i += 1
    if i == n:
        raise SeedFormatError("no headline: the file is empty", path=name)
    first = lines[i].strip()
    if _BULLET.match(lines[i]):
        raise SeedFormatError(
            f"no headline: line {i + 1} is a bullet; the first line must be the headline",
            path=name,
            line=i + 1,
        )
    if len(first.split()) > MAX_HEADLINE_WORDS:
        raise SeedFormatError(
            f"no headline: the first line has {len(first.split())} words "
            f"(a headline has at most {MAX_HEADLINE_WORDS})",
            path=name,
            line=i + 1,
        )
    head_key, _ = _key_with_index(first)
    headline_copies = [first]
    dropped: list[Dropped] = []
    bullets: list[str] = []
    i += 1

    # Trailer lines come off the end first, so that they are never taken for body.
    end = n
    while end > i:
        tail = lines[end - 1].strip()
        if not tail:
            end -= 1
        elif _TRAILER.match(tail):
            dropped.append(Dropped("trailer", end, tail))
            end -= 1
        else:
            break

    def next_nonblank(j: int) -> int:
        while j < end and not lines[j].strip():
            j += 1
        return j

    # Header zone: repeated headline, standfirst, bullets.
    seen_repeat = False
    standfirst_taken = False
    while True:
        i = next_nonblank(i)
        if i >= end:
            break
        line = lines[i]
        stripped = line.strip()
        m = _BULLET.match(line)
        if m:
            indent = len(m.group("indent").expandtabs(4))
            parts = [m.group("text").strip()]
            i += 1
            # A wrapped bullet continues on lines indented deeper than its marker.
            while i < end and lines[i].strip() and not _BULLET.match(lines[i]):
                cont_indent = len(lines[i]) - len(lines[i].lstrip())
                if cont_indent <= indent:
                    break
                parts.append(lines[i].strip())
                i += 1
            bullets.append(" ".join(parts))
            continue
        if bullets:
            break
        key, index = _key_with_index(stripped)
        if key == head_key:
            dropped.append(Dropped("repeated_headline", i + 1, stripped))
            headline_copies.append(stripped)
            seen_repeat = True
            i += 1
            continue
        if (
            key.startswith(head_key)
            and len(key) > len(head_key)
            and not key[len(head_key)].isalnum()
        ):  # the headline again, then a standfirst on the same line
            cut = index[len(head_key)]
            copy = stripped[:cut].rstrip()
            rest = stripped[cut:].strip(" :|-–—")
            dropped.append(Dropped("repeated_headline", i + 1, copy))
            headline_copies.append(copy)
            if rest:
                dropped.append(Dropped("standfirst", i + 1, rest))
                standfirst_taken = True
            seen_repeat = True
            i += 1
            continue
        if seen_repeat and not standfirst_taken:
            j = next_nonblank(i + 1)
            if j < end and _BULLET.match(lines[j]):
                dropped.append(Dropped("standfirst", i + 1, stripped))
                standfirst_taken = True
                i += 1
                continue
        break

    # Body: blocks split by blank lines; a line starts a new unit unless it
    # visibly continues a hard-wrapped sentence.
    body: list[str] = []
    while i < end:
        i = next_nonblank(i)
        if i >= end:
            break
        unit_start = i
        unit = [lines[i].strip()]
        i += 1
        while i < end and lines[i].strip():
            nxt = lines[i].strip()
            if not _FINAL.search(unit[-1]) and nxt[:1].islower():
                unit.append(nxt)
                i += 1
                continue
            _place_unit(unit, unit_start, head_key, body, dropped, headline_copies)
            unit_start = i
            unit = [nxt]
            i += 1
        _place_unit(unit, unit_start, head_key, body, dropped, headline_copies)

    if not body:
        raise SeedFormatError(
            "no body: nothing is left after the headline, bullets, captions and trailer",
            path=name,
        )
    headline = max(headline_copies, key=lambda h: sum(c in _TYPOGRAPHIC for c in h))
    dropped.sort(key=lambda d: d.line)
    return ParsedSeed(headline, tuple(bullets), "\n\n".join(body), tuple(dropped))


def _place_unit(
    unit: list[str],
    start: int,
    head_key: str,
    body: list[str],
    dropped: list[Dropped],
    headline_copies: list[str],
) -> None:
    text = " ".join(unit)
    if len(unit) == 1 and _key_with_index(text)[0] == head_key:
        dropped.append(Dropped("repeated_headline", start + 1, text))
        headline_copies.append(text)
    elif _is_caption(text, len(unit)):
        dropped.append(Dropped("caption", start + 1, text))
    else:
        body.append(text)


def read_seed_file(path: str | Path) -> str:
    p = Path(path)
    try:
        return p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = p.read_bytes()[: exc.start].count(b"\n") + 1
        raise SeedFormatError(
            f"not valid UTF-8 (byte {exc.start}: {exc.reason}); save the file as UTF-8",
            path=p,
            line=line,
        ) from None


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    url: str | None = None
    source: str | None = None
    published: str | None = None


MANIFEST = "manifest.jsonl"


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Read ``manifest.jsonl``: per file, its url, source and publication date."""
    out: dict[str, ManifestEntry] = {}
    for lineno, raw in enumerate(path.read_text("utf-8-sig").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            raise InputError(f"invalid JSON: {exc}", path=path, line=lineno) from None
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object", path=path, line=lineno)
        unknown = sorted(set(obj) - {"file", "url", "source", "published"})
        if unknown:
            raise InputError("unknown field", path=path, line=lineno, field=unknown[0])
        fname = obj.get("file")
        if not isinstance(fname, str) or not fname:
            raise InputError("must be a file name", path=path, line=lineno, field="file")
        for key in ("url", "source", "published"):
            if key in obj and obj[key] is not None and not isinstance(obj[key], str):
                raise InputError("must be a string", path=path, line=lineno, field=key)
        published = obj.get("published")
        if published and not check_iso_date(published):
            raise InputError(
                f"{published!r} is not a date written YYYY-MM-DD",
                path=path,
                line=lineno,
                field="published",
            )
        if fname in out:
            raise InputError(f"{fname!r} is listed twice", path=path, line=lineno, field="file")
        out[fname] = ManifestEntry(
            obj.get("url") or None, obj.get("source") or None, published or None
        )
    return out


def article_from_seed_file(
    path: Path, entry: ManifestEntry | None = None, *, default_source: str = "unknown"
) -> tuple[Article, FileReport]:
    parsed = parse_seed_text(read_seed_file(path), name=str(path))
    entry = entry or ManifestEntry()
    article = Article(
        id=stable_id(url=entry.url, headline=parsed.headline, body=parsed.body),
        headline=parsed.headline,
        bullets=parsed.bullets,
        body=parsed.body,
        source=entry.source or default_source,
        url=entry.url,
        published=entry.published,
    )
    report = FileReport(
        file=path.name,
        id=article.id,
        bullets=len(parsed.bullets),
        body_words=len(parsed.body.split()),
        dropped=parsed.dropped,
    )
    return article, report


DEFAULT_SPLITS: Mapping[str, float] = {"validation": 0.4, "test": 0.6}


def build_seed(
    input_dir: str | Path,
    *,
    splits: Mapping[str, float] = DEFAULT_SPLITS,
    source: str | None = None,
    manifest: Path | None = None,
    salt: str = "headline-bench",
    progress: bool = False,
) -> SeedBuild:
    """Build a DatasetDict from a folder of ``*.txt`` files.

    Metadata comes from ``manifest`` or, by default, the folder's ``manifest.jsonl``.
    """
    folder = Path(input_dir)
    if not folder.is_dir():
        raise InputError("not a folder", path=folder)
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise InputError("no *.txt article files here", path=folder)
    if manifest is not None and not manifest.is_file():
        raise InputError("no such manifest file", path=manifest)
    manifest_path = manifest or folder / MANIFEST
    entries = read_manifest(manifest_path) if manifest_path.is_file() else {}
    names = {p.name for p in paths}
    for fname in entries:
        if fname not in names:
            raise InputError(f"lists {fname!r}, which is not in the folder", path=manifest_path)
    articles: list[Article] = []
    reports: list[FileReport] = []
    by_id: dict[str, str] = {}
    bar = progress_bar(total=len(paths), desc="parsing articles", unit="file", disable=not progress)
    with bar:
        for p in paths:
            article, report = article_from_seed_file(
                p, entries.get(p.name), default_source=source or folder.name
            )
            if article.id in by_id:
                raise InputError(
                    f"same id {article.id} as {by_id[article.id]} "
                    "(same URL, or same headline and body)",
                    path=p,
                )
            by_id[article.id] = p.name
            articles.append(article)
            reports.append(report)
            bar.update()
    return SeedBuild(make_dataset_dict(split_articles(articles, splits, salt=salt)), tuple(reports))
