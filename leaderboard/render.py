"""The rendered leaderboard: a README table and a static, sortable ``index.html``.

Entries arrive as pull requests, so every string in them (names, descriptions, URLs,
even numbers) is untrusted. Markdown output backslash-escapes every character that
could start markup and never emits HTML; the HTML page escapes every value with
``html.escape(quote=True)``, links only http(s) URLs, and carries a Content-Security-
Policy that lets only its own inline script (pinned by sha256) run, so an injected
script could not execute even if escaping failed.

Ranking is by the board's primary metric; a † marks entries whose per-article scores
a paired bootstrap does not find significantly different from the leader's (p ≥ 0.05).
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import os
import tempfile
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmark.aggregate import DEFAULT_SAMPLES, DEFAULT_SEED, paired_bootstrap
from benchmark.errors import InputError
from benchmark.scoring import HIGHER_IS_BETTER
from leaderboard.entries import Board, Entry, load_entries

README_FILE = "README.md"
HTML_FILE = "index.html"
ALPHA = 0.05
DAGGER = "†"
_LINK_SCHEMES = frozenset({"http", "https"})


# --- ranking and significance -------------------------------------------------------


def _num(value: Any) -> float | None:
    """A finite number from untrusted JSON, else None (strings, bools, NaN are not scores)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _metric(entry: Entry, name: str, key: str = "mean") -> float | None:
    m = entry.metrics.get(name)
    return _num(m.get(key)) if isinstance(m, Mapping) else None


def _submitted_ts(entry: Entry) -> float:
    """Submission time as a UTC timestamp; unparseable times sort last."""
    raw = entry.submitted.strip() if isinstance(entry.submitted, str) else ""
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(raw)
    except ValueError:
        return math.inf
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def higher_is_better(metric: str) -> bool:
    """The direction of a ranking metric; descriptive metrics (lengths, counts) don't rank."""
    direction = HIGHER_IS_BETTER.get(metric)
    if direction is None:
        raise InputError(
            f"{metric!r} describes, it doesn't rank: choose a primary metric with a direction",
            field="primary",
        )
    return direction


def rank(board: Board, entries: Sequence[Entry]) -> list[Entry]:
    """Entries best first on ``board.primary``; ties (and missing scores, which go last)
    by submission time, earliest first, then by id."""
    sign = -1.0 if higher_is_better(board.primary) else 1.0

    def key(e: Entry) -> tuple[int, float, float, str]:
        mean = _metric(e, board.primary)
        return (mean is None, 0.0 if mean is None else sign * mean, _submitted_ts(e), e.id)

    return sorted(entries, key=key)


def _per_article(entry: Entry, metric: str) -> dict[str, float | None]:
    values = entry.per_article.get(metric)
    if not isinstance(values, Sequence) or len(values) != len(entry.article_ids):
        return {}
    return {str(a): _num(v) for a, v in zip(entry.article_ids, values, strict=True)}


def tied_with_leader(
    board: Board,
    entries: Sequence[Entry],
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
) -> dict[str, bool]:
    """For every entry but the leader (by id): True when a paired bootstrap over the
    articles both scored does not find its ``board.primary`` significantly different
    from the leader's at 0.05. An entry that cannot be tested (no per-article scores,
    no shared article) is False: no tie is claimed without evidence."""
    ranked = rank(board, entries)
    if not ranked:
        return {}
    leader = ranked[0]
    lead = _per_article(leader, board.primary)
    out: dict[str, bool] = {}
    for e in ranked[1:]:
        mine = _per_article(e, board.primary)
        shared = [a for a in lead if a in mine]  # the leader's article order
        try:
            test = paired_bootstrap(
                [mine[a] for a in shared],
                [lead[a] for a in shared],
                seed=seed,
                samples=samples,
                metric=board.primary,
            )
        except ValueError:  # no article has both scores
            out[e.id] = False
            continue
        out[e.id] = not test.significant(ALPHA)
    return out


# --- shared formatting --------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    rank: int
    entry: Entry
    tied: bool


def _rows(board: Board, entries: Sequence[Entry]) -> list[_Row]:
    ranked = rank(board, entries)
    ties = tied_with_leader(board, ranked)
    return [_Row(i, e, ties.get(e.id, False)) for i, e in enumerate(ranked, start=1)]


def _interval(entry: Entry, metric: str) -> str:
    mean = _metric(entry, metric)
    if mean is None:
        return "—"
    low, high = _metric(entry, metric, "low"), _metric(entry, metric, "high")
    if low is None or high is None:
        return f"{mean:.3f}"
    return f"{mean:.3f} [{low:.3f}, {high:.3f}]"


def _date(entry: Entry) -> str:
    ts = _submitted_ts(entry)
    if math.isinf(ts):
        return str(entry.submitted)
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d")


def safe_url(url: object) -> str | None:
    """The URL when it is an absolute http(s) URL with a host and no whitespace or
    control characters (browsers strip those, which can hide a scheme), else None."""
    if not isinstance(url, str) or not url:
        return None
    if any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in url):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not parts.netloc:
        return None
    return url


def _arrow(metric: str) -> str:
    direction = HIGHER_IS_BETTER.get(metric)
    return "" if direction is None else (" ↑" if direction else " ↓")


def _legend_text(board: Board) -> str:
    return (
        f"{DAGGER} not significantly different from the leader on {board.primary} "
        f"(paired bootstrap over the articles both scored, {DEFAULT_SAMPLES} resamples, "
        f"seed {DEFAULT_SEED}, p ≥ {ALPHA}). Values are means with 95% bootstrap intervals; "
        "↑ higher is better, ↓ lower is better. Ties in the primary metric rank by "
        "submission time."
    )


# --- markdown -----------------------------------------------------------------------

_MD_SPECIAL = frozenset("\\|*_[]<>`&")


def md_escape(text: object) -> str:
    """Inline text safe in a markdown table cell: backslash-escapes markup characters
    (so ``<b>`` shows as text, never HTML) and folds line breaks into spaces."""
    s = " ".join(str(text).split()) if text is not None else ""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)


def _md_url(url: str) -> str:
    # Percent-encode what could end the link destination or the table cell.
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%-._~")


def _markdown_table(board: Board, entries: Sequence[Entry]) -> list[str]:
    """The board's table, legend and signature: the part a single-board page and a track
    section share."""
    rows = _rows(board, entries)
    header = ["Rank", "Model", *(f"{md_escape(c)}{_arrow(c)}" for c in board.columns)]
    header += ["Submitted", "Description"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---:", ":---", *(["---:"] * len(board.columns)), ":---", ":---"]) + "|",
    ]
    for row in rows:
        e = row.entry
        name = md_escape(e.name)
        url = safe_url(e.model_url)
        if url is not None:
            name = f"[{name}]({_md_url(url)})"
        elif e.model_url:
            name = f"{name} ({md_escape(e.model_url)})"
        cells = [str(row.rank), name]
        for c in board.columns:
            cell = _interval(e, c)
            if c == board.primary and row.tied:
                cell += f" {DAGGER}"
            cells.append(cell)
        cells += [md_escape(_date(e)), md_escape(e.description or "")]
        lines.append("| " + " | ".join(cells) + " |")
    if not rows:
        lines.append("| " + " | ".join(["—"] * len(header)) + " |")
    return [*lines, "", md_escape(_legend_text(board)), "", _md_signature(board)]


def _md_signature(board: Board) -> str:
    return f"Signature: {md_escape(board.signature)}"


def _md_about(board: Board) -> str:
    return (
        f"Dataset {md_escape(board.dataset)}, split {md_escape(board.split)}; "
        f"ranked by {md_escape(board.primary)}."
    )


def render_markdown(board: Board, entries: Sequence[Entry]) -> str:
    lines = [
        f"# {md_escape(board.name)}",
        "",
        _md_about(board),
        "",
        *_markdown_table(board, entries),
    ]
    return "\n".join([*lines, ""])


# --- HTML ---------------------------------------------------------------------------

# The page's only script. Sorting, per table (a page may hold several): click a header
# (again to reverse), or load the page with ?sort=<column key>&dir=asc|desc, which sorts
# every table with that column. Cells sort by their data-value: numerically when every
# present value is a number, else as text; empty values always go last.
_SCRIPT = """
(function () {
  "use strict";
  var q = new URLSearchParams(window.location.search);
  var key = q.get("sort");
  function sortable(table) {
    var body = table.tBodies[0];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    function cellValue(row, i) {
      return row.cells[i].getAttribute("data-value") || "";
    }
    function sortBy(th, dir) {
      var i = heads.indexOf(th);
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = rows.every(function (r) {
        var v = cellValue(r, i);
        return v === "" || isFinite(Number(v));
      });
      var sign = dir === "asc" ? 1 : -1;
      rows.sort(function (a, b) {
        var x = cellValue(a, i), y = cellValue(b, i);
        if (x === "" || y === "") {
          if (x === y) return Number(a.dataset.rank) - Number(b.dataset.rank);
          return x === "" ? 1 : -1;
        }
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return c !== 0 ? sign * c : Number(a.dataset.rank) - Number(b.dataset.rank);
      });
      rows.forEach(function (r) { body.appendChild(r); });
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
      table.setAttribute("data-sort", th.getAttribute("data-key") + " " + dir);
    }
    heads.forEach(function (th) {
      th.addEventListener("click", function () {
        var cur = th.getAttribute("aria-sort");
        var dir = cur === "ascending" ? "desc" : cur === "descending" ? "asc"
          : th.getAttribute("data-dir") || "asc";
        sortBy(th, dir);
      });
    });
    if (key !== null) {
      var th = heads.filter(function (h) { return h.getAttribute("data-key") === key; })[0];
      if (th) sortBy(th, q.get("dir") === "desc" ? "desc" : "asc");
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.board"), sortable);
})();
"""

# The multi-track page shows one track at a time without script: the section the URL's
# fragment names (:target), else the default (dev) one. Browsers without :has() show the
# default section above the chosen one rather than nothing.
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { cursor: pointer; user-select: none; text-align: left; background: #f4f4f4; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.desc { max-width: 30rem; }
.url { color: #666; font-size: 0.85em; }
code { word-break: break-all; }
nav.tracks ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
nav.tracks a { display: block; padding: 0.3rem 0.7rem; border: 1px solid #ccc;
  border-radius: 4px; text-decoration: none; }
section.track { display: none; scroll-margin-top: 100vh; }
section.track:target, section.track.default { display: block; }
main:has(> section.track:target) > section.track.default:not(:target) { display: none; }
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy() -> str:
    """Nothing loads or runs but the page's own inline script and style, pinned by hash."""
    return (
        f"default-src 'none'; script-src {_csp_hash(_SCRIPT)}; style-src {_csp_hash(_STYLE)}; "
        "base-uri 'none'; form-action 'none'"
    )


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _td(text: str, value: object, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<td{c} data-value="{_e(value)}">{text}</td>'


def _html_table(board: Board, entries: Sequence[Entry], table_id: str) -> list[str]:
    """The board's sortable table, legend and signature: the part a single-board page and
    a track section share. ``table_id`` must be unique on the page."""
    rows = _rows(board, entries)
    heads = [("rank", "Rank", "asc"), ("name", "Model", "asc")]
    for c in board.columns:
        heads.append((c, f"{c}{_arrow(c)}", "asc" if HIGHER_IS_BETTER.get(c) is False else "desc"))
    heads += [("submitted", "Submitted", "asc"), ("description", "Description", "asc")]
    th = "".join(
        f'<th scope="col" data-key="{_e(k)}" data-dir="{d}"'
        + (' aria-sort="ascending"' if k == "rank" else "")
        + f">{_e(label)}</th>"
        for k, label, d in heads
    )
    body: list[str] = []
    for row in rows:
        e = row.entry
        url = safe_url(e.model_url)
        if url is not None:
            name = f'<a href="{_e(url)}" rel="nofollow noopener noreferrer">{_e(e.name)}</a>'
        elif e.model_url:
            name = f'{_e(e.name)} <span class="url">{_e(e.model_url)}</span>'
        else:
            name = _e(e.name)
        cells = [_td(str(row.rank), row.rank, "num"), _td(name, e.name)]
        for c in board.columns:
            text = _e(_interval(e, c))
            if c == board.primary and row.tied:
                text += f' <span class="tie" title="not significantly different">{DAGGER}</span>'
            mean = _metric(e, c)
            cells.append(_td(text, "" if mean is None else repr(mean), "num"))
        ts = _submitted_ts(e)
        cells.append(_td(_e(_date(e)), "" if math.isinf(ts) else repr(ts), "num"))
        cells.append(_td(_e(e.description or ""), e.description or "", "desc"))
        body.append(f'<tr data-rank="{row.rank}" data-id="{_e(e.id)}">' + "".join(cells) + "</tr>")
    return [
        f'<table id="{_e(table_id)}" class="board">',
        f"<thead><tr>{th}</tr></thead>",
        "<tbody>",
        *body,
        "</tbody>",
        "</table>",
        f'<p class="legend">{_e(_legend_text(board))}</p>',
        _html_signature(board),
    ]


def _html_signature(board: Board) -> str:
    return f'<p class="signature">Signature: <code>{_e(board.signature)}</code></p>'


def _html_about(board: Board) -> str:
    return (
        f"Dataset <code>{_e(board.dataset)}</code>, split <code>{_e(board.split)}</code>; "
        f"ranked by <code>{_e(board.primary)}</code>."
    )


def _html_page(title: str, body: Sequence[str]) -> str:
    """A whole page around ``body``: the CSP, the pinned style, and the sort script last."""
    csp = _e(content_security_policy())
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def render_html(board: Board, entries: Sequence[Entry]) -> str:
    return _html_page(
        f"{board.name} — HeadlineBench leaderboard",
        [
            f"<h1>{_e(board.name)}</h1>",
            f"<p>{_html_about(board)} Click a column header to sort.</p>",
            *_html_table(board, entries, "board"),
        ],
    )


# --- writing ------------------------------------------------------------------------


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_board(board: Board) -> tuple[Path, Path]:
    """Render the board's entries to ``README.md`` and ``index.html`` in its folder, each
    replaced atomically (readers see the old file or the new one, never half of one)."""
    entries = load_entries(board)
    board.path.mkdir(parents=True, exist_ok=True)
    readme, page = board.path / README_FILE, board.path / HTML_FILE
    _write_atomic(readme, render_markdown(board, entries))
    _write_atomic(page, render_html(board, entries))
    return readme, page
