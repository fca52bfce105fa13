"""A disk cache of the article side of scoring.

Scoring one prediction needs its article analysed first (its figures parsed, and the
hedges, context words and own-voice wording that the summary's checks ask for); that is
the larger part of the work, and it is the same for every model scored on the same test
set. A block is stored once, when it is first built, after its summaries are scored:
with whatever they made it work out. A later model's summaries work out what else they
need on top, in memory, each run (a warm run writes nothing). The analysis is a pure
function of the article, the wording lexicons and the metric code, so it is cached per
block of articles under a key that hashes all three: an edited article, another lexicon or
changed metric code (a new release or a local edit) is a miss, never a stale hit. A block
that cannot be read is recomputed. The files are pickles: keep the folder private, as any
cache of pickles.

The folder is ``$HEADLINE_BENCH_CACHE``, else ``$XDG_CACHE_HOME/headline-bench``, else
``~/.cache/headline-bench``; ``headline-bench score --no-cache`` skips it, and deleting
it is always safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from benchmark import __version__

if TYPE_CHECKING:
    from benchmark.metrics.wording import WordingLexicons
    from benchmark.prepared import PreparedArticle
    from benchmark.records import Article

CACHE_ENV = "HEADLINE_BENCH_CACHE"
# 2: tokens stored, space-joined; 3: source wording read on need, figures a SourceFigures
_FORMAT = "prepared/3"
# The modules whose code decides what an article's analysis holds.
_CODE = (
    "benchmark.text",
    "benchmark.metrics.figures",
    "benchmark.metrics.neutrality",
    "benchmark.metrics.matcher",
    "benchmark.metrics.wordlists",
    "benchmark.metrics.wording",
    "benchmark.metrics.extractive",
    "benchmark.metrics.rouge",
    "benchmark.prepared",
    "benchmark.scoring",
    "benchmark.prepared_cache",
)


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "headline-bench"


@lru_cache(maxsize=1)
def code_signature() -> str:
    """A hash of the analysing code as it is on disk, with the versions that matter."""
    h = hashlib.sha256(f"{_FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
    for name in _CODE:
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        path = Path(str(module.__file__))
        # a package (benchmark.metrics.figures): every module of it, not just __init__
        files = sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]
        for f in files:
            h.update(f.read_bytes())
    return h.hexdigest()


def block_key(articles: Sequence[Article], lexicons: WordingLexicons) -> str:
    h = hashlib.sha256(f"{code_signature()}|{lexicons.content_key}".encode())
    for a in articles:
        h.update(json.dumps(a.to_row(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "prepared" / key[:2] / f"{key}.pkl"


def load(cache_dir: Path, key: str) -> list[PreparedArticle] | None:
    """The cached block, or None when it is absent or unreadable (then it is rebuilt)."""
    path = _path(cache_dir, key)
    try:
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
    except Exception:  # absent, torn or foreign: recompute rather than fail the scoring
        return None
    # Token lists pickled as tuples were half of every file; as one space-joined string
    # each (tokens have no spaces) they cost little and split back at C speed.
    return [
        dataclasses.replace(p, tokens=tuple(joined.split(" ")) if joined else ())
        for p, joined in stored
    ]


def store(cache_dir: Path, key: str, prepared: Sequence[PreparedArticle]) -> None:
    """Write one block atomically; a cache that cannot be written is skipped, not fatal."""
    path = _path(cache_dir, key)
    slim = [(dataclasses.replace(p, tokens=()), " ".join(p.tokens)) for p in prepared]
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(slim, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
