"""Leaderboard entries: one JSON file per submission (so entries can arrive as pull requests)
and the board's SQLite index, written in transactions.

A board is a folder: ``board.json`` (its pinned dataset, split and signature),
``entries/<id>.json`` and ``leaderboard.db``. An entry whose signature differs from
the board's is refused, never mixed in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmark.errors import InputError

BOARD_FILE = "board.json"
DB_FILE = "leaderboard.db"
ENTRIES_DIR = "entries"
# Per-article scores kept with each entry, for paired significance tests on the board.
PER_ARTICLE_METRICS = (
    "rouge2",
    "rougeLsum",
    "figure_precision",
    "figure_hedge_kept",
    "neutral_rate",
    "loaded_per_100w",
    "wording_bias",
    "headline_wording_bias",
    "headline_rouge1",
)


@dataclass(frozen=True)
class Board:
    path: Path
    name: str
    dataset: str
    split: str
    signature: str
    columns: tuple[str, ...]
    primary: str

    @property
    def entries_dir(self) -> Path:
        return self.path / ENTRIES_DIR

    @property
    def db_path(self) -> Path:
        return self.path / DB_FILE


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    model_url: str | None
    description: str | None
    submitted: str  # ISO 8601, UTC
    signature: str
    predictions_sha256: str
    n_items: int
    metrics: Mapping[str, Mapping[str, Any]]
    per_article: Mapping[str, Sequence[float | None]] = field(default_factory=dict)
    article_ids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "model_url": self.model_url,
            "description": self.description,
            "submitted": self.submitted,
            "signature": self.signature,
            "predictions_sha256": self.predictions_sha256,
            "n_items": self.n_items,
            "metrics": {k: dict(v) for k, v in self.metrics.items()},
            "article_ids": list(self.article_ids),
            "per_article": {k: list(v) for k, v in self.per_article.items()},
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Entry:
        return cls(
            id=obj["id"],
            name=obj["name"],
            model_url=obj.get("model_url"),
            description=obj.get("description"),
            submitted=obj["submitted"],
            signature=obj["signature"],
            predictions_sha256=obj["predictions_sha256"],
            n_items=obj["n_items"],
            metrics=obj["metrics"],
            per_article=obj.get("per_article", {}),
            article_ids=tuple(obj.get("article_ids", ())),
        )


def load_board(path: str | os.PathLike[str]) -> Board:
    p = Path(path)
    f = p / BOARD_FILE
    if not f.is_file():
        raise InputError(
            "not a leaderboard (no board.json); create one with `headline-bench leaderboard init`",
            path=p,
        )
    try:
        obj = json.loads(f.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", path=f) from None
    if not isinstance(obj, dict):
        raise InputError("must be a JSON object", path=f)
    for key in ("name", "dataset", "split", "signature", "columns", "primary"):
        if key not in obj:
            raise InputError("missing", path=f, field=key)
    return Board(
        p,
        obj["name"],
        obj["dataset"],
        obj["split"],
        obj["signature"],
        tuple(obj["columns"]),
        obj["primary"],
    )


def save_board(board: Board) -> None:
    board.path.mkdir(parents=True, exist_ok=True)
    (board.path / BOARD_FILE).write_text(
        json.dumps(
            {
                "name": board.name,
                "dataset": board.dataset,
                "split": board.split,
                "signature": board.signature,
                "columns": list(board.columns),
                "primary": board.primary,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


def new_entry_id(name: str, sha256: str) -> str:
    """The same name with the same predictions always gets the same id: a resubmission, or a
    retry after a crash, finds its entry instead of adding a copy."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "entry"
    digest = hashlib.sha256(f"{name}\n{sha256}".encode()).hexdigest()[:12]
    return f"{slug}-{digest}"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    submitted TEXT NOT NULL,
    signature TEXT NOT NULL,
    predictions_sha256 TEXT NOT NULL,
    entry_json TEXT NOT NULL
)
"""


def _connect(board: Board) -> sqlite3.Connection:
    conn = sqlite3.connect(board.db_path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=60000")
    conn.execute(_SCHEMA)
    return conn


def add_entry(board: Board, entry: Entry) -> Path:
    """Record an entry: its JSON file (written atomically) and its row, in one transaction.

    Concurrent submitters serialise on SQLite's write lock. An entry already on the board
    (same name, same predictions) is refused, whether the index knows it or only its file.
    """
    if entry.signature != board.signature:
        raise InputError(
            f"signature {entry.signature!r} differs from the board's {board.signature!r}; "
            "scores under different signatures are not comparable",
            field="signature",
        )
    board.entries_dir.mkdir(parents=True, exist_ok=True)
    target = board.entries_dir / f"{entry.id}.json"
    conn = _connect(board)
    try:
        conn.execute("BEGIN IMMEDIATE")  # one submitter at a time from here on
        _sync_index(conn, board)  # the JSON files are the record; the index follows them
        if target.exists():
            conn.execute("ROLLBACK")
            raise InputError(f"already on the board as {entry.id}", field="predictions")
        blob = json.dumps(entry.to_json(), ensure_ascii=False)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_text(blob + "\n", encoding="utf-8")
        try:
            conn.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                (
                    entry.id,
                    entry.name,
                    entry.submitted,
                    entry.signature,
                    entry.predictions_sha256,
                    blob,
                ),
            )
            # The file lands last: a crash before it leaves no entry (the row rolls back
            # with the transaction); a crash after it leaves a complete entry that the next
            # submitter's _sync_index indexes.
            os.replace(tmp, target)
            conn.execute("COMMIT")
        except BaseException:
            tmp.unlink(missing_ok=True)
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return target


def _sync_index(conn: sqlite3.Connection, board: Board) -> None:
    """Add rows for entry files the index lacks (pull requests, a fresh clone, a crash)."""
    known = {row[0] for row in conn.execute("SELECT id FROM entries")}
    for f in sorted(board.entries_dir.glob("*.json")):
        if f.stem in known:
            continue
        obj = json.loads(f.read_text(encoding="utf-8"))
        conn.execute(
            "INSERT OR IGNORE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
            (
                obj["id"],
                obj["name"],
                obj["submitted"],
                obj["signature"],
                obj["predictions_sha256"],
                json.dumps(obj, ensure_ascii=False),
            ),
        )


def load_entries(board: Board) -> list[Entry]:
    """Every entry: the JSON files are the record (pull requests add files); the database
    indexes them. Entries with another signature are left out."""
    out: list[Entry] = []
    for f in sorted(board.entries_dir.glob("*.json")):
        e = Entry.from_json(json.loads(f.read_text(encoding="utf-8")))
        if e.signature == board.signature:
            out.append(e)
    return out


# What a single board kept at the leaderboard root before boards were per track.
_BOARD_FILES = (BOARD_FILE, DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", ENTRIES_DIR)


def migrate_root(root: str | os.PathLike[str]) -> Board | None:
    """Move a board kept at ``root`` itself (the layout before tracks) into
    ``root/<its dataset>/``, every entry file with it; None when ``root`` holds no board.

    Nothing is overwritten: a target folder that already has a board is refused. The
    rendered README.md/index.html at the root are left for the site page to replace."""
    base = Path(root)
    if not (base / BOARD_FILE).is_file():
        return None
    old = load_board(base)
    target = base / old.dataset
    if (target / BOARD_FILE).exists():
        raise InputError(f"already has a board; not moving {base / BOARD_FILE}", path=target)
    n_before = len(list(old.entries_dir.glob("*.json")))
    target.mkdir(parents=True, exist_ok=True)
    for name in _BOARD_FILES[1:]:  # board.json last: a crash leaves the root board in place
        if (base / name).exists():
            os.replace(base / name, target / name)
    os.replace(base / BOARD_FILE, target / BOARD_FILE)
    moved = load_board(target)
    if len(list(moved.entries_dir.glob("*.json"))) != n_before:  # pragma: no cover - os.replace
        raise InputError("entries were lost in the move", path=target)
    return moved
