"""The leaderboard site: one page (``README.md`` and ``index.html`` in the boards' parent
folder) for every track, each track a board in its own folder (``<root>/<track>/``).

A switcher at the top links to every track with its entry count; below it, one section
per track carries that board's table, legend and signature, rendered by the same code as
the board's own page (:mod:`leaderboard.render`), and links to that page. The HTML page
shows one track at a time with CSS alone: the section the URL's fragment names
(``index.html#xsum``), else the default one (``dev``). It carries the same pinned script
and style, and so the same Content-Security-Policy, as a single board's page.

Track names, board names and folder names come from files, so all of them are escaped
like entry text: ids and anchors are slugs, links are percent-encoded.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from benchmark.errors import InputError
from leaderboard.entries import BOARD_FILE, Board, Entry, load_board, load_entries
from leaderboard.render import (
    HTML_FILE,
    README_FILE,
    _e,
    _html_about,
    _html_page,
    _html_signature,
    _html_table,
    _markdown_table,
    _md_about,
    _md_signature,
    _md_url,
    _write_atomic,
    md_escape,
)

DEFAULT_TRACK = "dev"
SITE_TITLE = "HeadlineBench leaderboards"
NO_ENTRIES = "No entries yet."

BoardEntries = tuple[Board, Sequence[Entry]]


def find_boards(root: Path) -> list[Board]:
    """Every immediate subfolder of ``root`` holding a ``board.json``, loaded; the ``dev``
    track first, then by track name (then folder name)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("no such folder of leaderboards", path=root)
    boards = [load_board(p) for p in root.iterdir() if p.is_dir() and (p / BOARD_FILE).is_file()]
    return sorted(boards, key=lambda b: (b.dataset != DEFAULT_TRACK, b.dataset, b.path.name))


def _entries_label(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def _own_page(board: Board, name: str) -> str:
    """The board's own page relative to the site page: ``<folder>/<name>``, percent-encoded."""
    return urllib.parse.quote(board.path.name, safe="") + "/" + name


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "track"


def _section_ids(boards: Sequence[Board]) -> list[str]:
    """An HTML id per track, from its name; ``board-<id>`` is its table's. Both are unique
    on the page, even when two tracks share a name or one track is named ``board-x``."""
    used: set[str] = set()
    out: list[str] = []
    for b in boards:
        base = sid = _slug(b.dataset)
        n = 1
        while sid in used or f"board-{sid}" in used:
            n += 1
            sid = f"{base}-{n}"
        used.update((sid, f"board-{sid}"))
        out.append(sid)
    return out


def _heading_anchors(headings: Sequence[str]) -> list[str]:
    """The anchors GitHub gives these markdown headings (as rendered): lower case, only
    word characters, hyphens and spaces kept, spaces as hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for text in headings:
        base = re.sub(r"[^\w\- ]", "", " ".join(text.split()).lower()).replace(" ", "-")
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}-{n}")
    return out


def render_site_markdown(boards: Sequence[BoardEntries]) -> str:
    """The site's ``README.md``: a list of tracks (anchor, entry count, own page), then
    one section per track with its board's table, legend and signature."""
    anchors = _heading_anchors([SITE_TITLE, *(b.dataset for b, _ in boards)])[1:]
    lines = [f"# {md_escape(SITE_TITLE)}", ""]
    if not boards:
        lines += ["No tracks yet.", ""]
    for (board, entries), anchor in zip(boards, anchors, strict=True):
        lines.append(
            f"- [{md_escape(board.dataset)}]({_md_url('#' + anchor)}): "
            f"{_entries_label(len(entries))}; "
            f"[own page]({_md_url(_own_page(board, README_FILE))})"
        )
    for board, entries in boards:
        lines += [
            "",
            f"## {md_escape(board.dataset)}",
            "",
            f"{md_escape(board.name)}. {_md_about(board)} "
            f"[Own page]({_md_url(_own_page(board, README_FILE))}).",
            "",
        ]
        if entries:
            lines += _markdown_table(board, entries)
        else:
            lines += [NO_ENTRIES, "", _md_signature(board)]
    return "\n".join([*lines, ""])


def render_site_html(boards: Sequence[BoardEntries]) -> str:
    """The site's ``index.html``: a nav of tracks (name, entry count), then one section
    per track, shown one at a time (the URL fragment's, else the first: ``dev``)."""
    ids = _section_ids([b for b, _ in boards])
    links = [
        f'<li><a href="#{_e(sid)}">{_e(board.dataset)} '
        f'<span class="count">({_entries_label(len(entries))})</span></a></li>'
        for (board, entries), sid in zip(boards, ids, strict=True)
    ]
    body = [f"<h1>{_e(SITE_TITLE)}</h1>"]
    if not boards:
        body.append("<p>No tracks yet.</p>")
    else:
        body += ['<nav class="tracks" aria-label="Tracks"><ul>', *links, "</ul></nav>"]
    body.append("<main>")
    for i, ((board, entries), sid) in enumerate(zip(boards, ids, strict=True)):
        cls = "track default" if i == 0 else "track"
        own = _e(_own_page(board, HTML_FILE))
        intro = f"{_e(board.name)}. {_html_about(board)}"
        if entries:
            intro += " Click a column header to sort."
        body += [
            f'<section id="{_e(sid)}" class="{cls}">',
            f"<h2>{_e(board.dataset)}</h2>",
            f'<p>{intro} <a href="{own}">This track\'s own page</a>.</p>',
            *(
                _html_table(board, entries, f"board-{sid}")
                if entries
                else [f'<p class="empty">{_e(NO_ENTRIES)}</p>', _html_signature(board)]
            ),
            "</section>",
        ]
    body.append("</main>")
    return _html_page(SITE_TITLE, body)


def write_site(root: Path) -> tuple[Path, Path]:
    """Render every board under ``root`` into ``root/README.md`` and ``root/index.html``,
    each replaced atomically. The boards' own pages are :func:`render.write_board`'s."""
    root = Path(root)
    boards = [(b, load_entries(b)) for b in find_boards(root)]
    readme, page = root / README_FILE, root / HTML_FILE
    _write_atomic(readme, render_site_markdown(boards))
    _write_atomic(page, render_site_html(boards))
    return readme, page
