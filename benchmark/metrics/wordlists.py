"""Graded word lists: the subjectivity and epistemic layers of the wording score, and any
word list a user brings.

Three file formats are read (``docs/wording.md`` documents them):

- ``tsv``, the project's own graded format: ``#`` comment lines, header lines
  ``# name: ...`` and ``# version: ...``, then one entry per line,
  ``term<TAB>weight<TAB>class<TAB>forms<TAB>skip``: ``forms`` separated by ``|`` (every
  surface form, the term included), ``skip`` one optional regular expression searched in
  the sentence (an occurrence it overlaps is a literal or neutral sense and not counted).
- ``plain``: one word or phrase per line, optionally followed by a tab and a weight
  (default 1); lines starting with ``#`` or ``;`` are comments. The format of most
  published lists (Hu & Liu, Riloff & Wiebe, Recasens et al.).
- ``mpqa``: the MPQA subjectivity clues (``type=strongsubj len=1 word1=... stemmed1=y``):
  strong clues weigh 1.0, weak ones 0.5.

Plain and MPQA lists hold lemmas, so their regular inflections are matched too
("accept" also matches "accepts", "accepted", "accepting"); the project's own lists spell
every form out. Lists whose licence forbids redistribution (MPQA is GPL; some have no
licence) are never shipped: load your own copy with ``--lexicon subjective=PATH``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from benchmark.errors import InputError
from benchmark.metrics.matcher import (
    FormIndex,
    LazyPattern,
    SkipPattern,
    build_index,
    edge_punctuation,
    form_key,
)

Format = Literal["auto", "tsv", "plain", "mpqa"]
FORMATS: tuple[Format, ...] = ("auto", "tsv", "plain", "mpqa")
MPQA_WEIGHTS = {"strongsubj": 1.0, "weaksubj": 0.5}


@dataclass(frozen=True)
class WordEntry:
    """One entry of a graded list: a term, its weight in (0, 1], its class and its forms."""

    term: str
    weight: float
    kind: str
    forms: tuple[str, ...]
    skip: tuple[SkipPattern, ...] = ()


@dataclass(frozen=True)
class WordList:
    name: str
    version: str
    sha256: str
    entries: tuple[WordEntry, ...]
    by_form: Mapping[str, WordEntry] = field(repr=False)
    index: FormIndex = field(repr=False)

    @property
    def signature(self) -> str:
        """``name@version.hash8``: two scores are comparable only under equal lists."""
        return f"{self.name}@{self.version}.{self.sha256[:8]}"

    @cached_property
    def content_key(self) -> str:
        """The file's hash and a hash of the entries read from it (for caches): the same
        bytes read with other options (MPQA's strong clues only, a forced format) list
        other words."""
        h = hashlib.sha256()
        for e in self.entries:
            skips = tuple(p.pattern for p in e.skip)
            h.update(repr((e.term, e.weight, e.kind, e.forms, skips)).encode("utf-8"))
        return f"{self.sha256}/{h.hexdigest()}"

    def __len__(self) -> int:
        return len(self.entries)


def make_word_list(name: str, version: str, sha256: str, entries: Iterable[WordEntry]) -> WordList:
    """A list from entries whose forms are distinct (the readers check it)."""
    kept = tuple(entries)
    by_form = {form_key(f): e for e in kept for f in e.forms}
    return WordList(name, version, sha256, kept, by_form, build_index(by_form))


def inflections(word: str) -> tuple[str, ...]:
    """The word and its regular inflections (plural, third person, past, -ing), for lists
    that hold lemmas. Irregular forms are not guessed; multi-word entries inflect their
    first word ("give up" -> "gives up")."""
    head, sep, rest = word.partition(" ")
    forms = {head}
    if re.fullmatch(r"[a-z]{3,}", head):
        if head.endswith("e"):
            forms |= {head + "s", head + "d", head[:-1] + "ing"}
        elif re.search(r"[^aeiou]y$", head):
            forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
        elif re.search(r"(s|x|z|ch|sh)$", head):
            forms |= {head + "es", head + "ed", head + "ing"}
        else:
            forms |= {head + "s", head + "ed", head + "ing"}
    return tuple(sorted(f + sep + rest for f in forms))


# --- readers ------------------------------------------------------------------------------


def _header(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        m = re.match(r"#\s*([a-z_]+)\s*:\s*(.+?)\s*$", line)
        if m:
            out.setdefault(m.group(1), m.group(2))
        elif line.strip() and not line.startswith("#"):
            break
    return out


def parse_tsv(text: str, *, path: str, sha256: str, lazy_patterns: bool = False) -> WordList:
    """A graded list; ``lazy_patterns`` leaves skip patterns to be compiled on first use
    (the bundled lists, whose patterns the tests compile), else each is compiled here and a
    bad one names its line."""
    lines = text.splitlines()
    head = _header(lines)
    if "version" not in head:
        raise InputError("needs a '# version: X.Y.Z' header line", path=path, field="version")
    entries: list[WordEntry] = []
    terms: set[str] = set()
    owner: dict[str, str] = {}  # form key -> its term
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) not in (4, 5):
            raise InputError(
                f"expected 4 or 5 tab-separated columns (term, weight, class, forms, skip), "
                f"got {len(cols)}",
                path=path,
                line=n,
            )
        term, weight, kind, forms = (c.strip() for c in cols[:4])
        if not term:
            raise InputError("empty term", path=path, line=n, field="term")
        if term in terms:
            raise InputError(f"term {term!r} is listed twice", path=path, line=n, field="term")
        terms.add(term)
        w = _weight(weight, path=path, line=n)
        if not kind:
            raise InputError("empty class", path=path, line=n, field="class")
        form_list = tuple(f.strip() for f in forms.split("|") if f.strip()) or (term,)
        for f in form_list:
            if edge_punctuation(form_key(f)):
                raise InputError(
                    f"form {f!r} starts or ends with a mark the matcher cannot see",
                    path=path,
                    line=n,
                    field="forms",
                )
            other = owner.setdefault(form_key(f), term)
            if other != term:
                raise InputError(
                    f"form {f!r} is listed under {other!r} too", path=path, line=n, field="forms"
                )
        skip: tuple[SkipPattern, ...] = ()
        if len(cols) == 5 and cols[4].strip() and lazy_patterns:
            skip = (LazyPattern(cols[4].strip()),)
        elif len(cols) == 5 and cols[4].strip():
            try:
                skip = (re.compile(cols[4].strip(), re.IGNORECASE),)
            except re.error as exc:
                raise InputError(f"bad pattern: {exc}", path=path, line=n, field="skip") from None
        entries.append(WordEntry(term, w, kind, form_list, skip))
    return make_word_list(head.get("name", Path(path).stem), head["version"], sha256, entries)


def _weight(text: str, *, path: str, line: int) -> float:
    try:
        w = float(text)
    except ValueError:
        w = float("nan")
    if not 0.0 < w <= 1.0:  # also refuses NaN
        raise InputError(
            f"weight must be a number in (0, 1], got {text!r}", path=path, line=line, field="weight"
        )
    return w


def _merged(weights: Mapping[str, float], kind: str) -> list[WordEntry]:
    """One entry per lemma with its inflections; a form two lemmas share goes to the first
    (plain lists repeat words under several parts of speech)."""
    taken: set[str] = set()
    out: list[WordEntry] = []
    for lemma in sorted(weights):
        if edge_punctuation(lemma):
            continue  # "a+" would match every "a"
        forms = tuple(f for f in inflections(lemma) if form_key(f) not in taken)
        if not forms:
            continue
        taken.update(form_key(f) for f in forms)
        out.append(WordEntry(lemma, weights[lemma], kind, forms))
    return out


def parse_plain(text: str, *, path: str, sha256: str, name: str | None = None) -> WordList:
    weights: dict[str, float] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        word, _, weight = line.strip().partition("\t")
        key = form_key(word)
        if not re.search(r"[a-z0-9]", key):
            continue
        w = _weight(weight.strip(), path=path, line=n) if weight.strip() else 1.0
        weights[key] = max(w, weights.get(key, 0.0))
    if not weights:
        raise InputError("no words in the list", path=path)
    return make_word_list(name or Path(path).stem, "0", sha256, _merged(weights, "listed"))


def parse_mpqa(
    text: str, *, path: str, sha256: str, strong_only: bool = False, name: str | None = None
) -> WordList:
    weights: dict[str, float] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        kind, word = fields.get("type"), fields.get("word1")
        if kind not in MPQA_WEIGHTS or not word:
            raise InputError("not an MPQA clue line (type=... word1=...)", path=path, line=n)
        if strong_only and kind != "strongsubj":
            continue
        w = MPQA_WEIGHTS[kind]
        key = form_key(word)
        weights[key] = max(w, weights.get(key, 0.0))
    default = Path(path).stem + ("-strong" if strong_only else "")
    return make_word_list(name or default, "0", sha256, _merged(weights, "mpqa"))


def detect_format(path: Path, text: str) -> Format:
    if path.suffix == ".tsv":
        return "tsv"
    if path.suffix == ".tff":
        return "mpqa"
    first = next((ln for ln in text.splitlines() if ln.strip() and ln[0] not in "#;"), "")
    if first.startswith("type="):
        return "mpqa"
    return "tsv" if first.count("\t") >= 3 else "plain"


def load_word_list(
    path: str | Path,
    *,
    fmt: Format = "auto",
    strong_only: bool = False,
    name: str | None = None,
    lazy_patterns: bool = False,
) -> WordList:
    """Read a word list in any of the three formats (``fmt="auto"`` guesses from the name
    and the first entry). ``strong_only`` keeps MPQA's strong clues only."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the word list: {exc.strerror}", path=p) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # older published lists are Latin-1
    sha = hashlib.sha256(raw).hexdigest()
    kind = detect_format(p, text) if fmt == "auto" else fmt
    if kind == "tsv":
        return parse_tsv(text, path=str(p), sha256=sha, lazy_patterns=lazy_patterns)
    if kind == "mpqa":
        return parse_mpqa(text, path=str(p), sha256=sha, strong_only=strong_only, name=name)
    return parse_plain(text, path=str(p), sha256=sha, name=name)


SUBJECTIVITY_LEXICON = "subjectivity.tsv"
EPISTEMIC_LEXICON = "epistemic.tsv"


def bundled_path(name: str) -> Path:
    return Path(str(files("benchmark.metrics").joinpath("lexicons").joinpath(name)))


@lru_cache(maxsize=2)
def bundled_word_list(name: str) -> WordList:
    """A list shipped with the package (``subjectivity.tsv`` or ``epistemic.tsv``), cached."""
    return load_word_list(bundled_path(name), fmt="tsv", lazy_patterns=True)
