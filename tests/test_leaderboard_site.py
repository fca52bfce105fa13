"""The leaderboard site: one page for every track's board. Boards are found and ordered
(dev first), every track gets a switcher link with its entry count and a section with its
table (the single board's rendering), ids stay unique, hostile names stay text, the CSP
pins the page's script and style, and (with Chromium) the page shows one track at a time
and sorts each table on its own."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from test_leaderboard_render import _chromium, _dump_dom, _Page, _parse, _serve

from benchmark.errors import InputError
from leaderboard.entries import Board, Entry, add_entry, load_entries, save_board
from leaderboard.render import content_security_policy, render_html, render_markdown
from leaderboard.site import find_boards, render_site_html, render_site_markdown, write_site

SIG = "sig-v1"
HOSTILE = "<script>document.title='pwned'</script>"
HOSTILE_NAME = f"Evil & {HOSTILE} | *board*"


def _board(root: Path, folder: str, track: str | None = None, name: str | None = None) -> Board:
    b = Board(
        root / folder,
        name if name is not None else f"HeadlineBench {folder} leaderboard",
        track if track is not None else folder,
        "test",
        SIG,
        ("rouge2", "loaded_per_100w"),
        "rouge2",
    )
    save_board(b)
    return b


def _entry(id: str, rouge2: float, loaded: float, description: str | None = None) -> Entry:
    return Entry(
        id=id,
        name=f"Model {id}",
        model_url=f"https://example.org/{id}",
        description=description if description is not None else f"About {id}.",
        submitted="2024-01-01T00:00:00Z",
        signature=SIG,
        predictions_sha256=hashlib.sha256(id.encode()).hexdigest(),
        n_items=3,
        metrics={
            "rouge2": {"mean": rouge2, "low": rouge2 - 0.01, "high": rouge2 + 0.01, "n": 3},
            "loaded_per_100w": {"mean": loaded, "low": loaded - 0.1, "high": loaded + 0.1, "n": 3},
        },
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Three tracks, folders created in an order unlike the page's: xsum (empty),
    cnndm (one entry) and dev (two), plus folders and files that are not boards."""
    r = tmp_path / "leaderboard"
    _board(r, "xsum")
    cnndm = _board(r, "cnndm")
    add_entry(cnndm, _entry("c1", 0.2, 1.0))
    dev = _board(r, "dev")
    add_entry(dev, _entry("d-low", 0.1, 0.5))
    add_entry(dev, _entry("d-high", 0.3, 2.0))
    (r / "notes").mkdir()
    (r / "notes" / "todo.txt").write_text("not a board\n", encoding="utf-8")
    (r / "dev" / "nested").mkdir()
    save_board(Board(r / "dev" / "nested", "Nested", "nested", "test", SIG, ("rouge2",), "rouge2"))
    (r / "board.json").write_text("{}\n", encoding="utf-8")  # a file, not a board folder
    return r


def _pairs(boards: Sequence[Board]) -> list[tuple[Board, Sequence[Entry]]]:
    return [(b, load_entries(b)) for b in boards]


def _sections(page: _Page) -> list[dict[str, str | None]]:
    return [a for t, a in page.tags if t == "section"]


def _nav_links(html_text: str) -> list[tuple[str, str]]:
    """(href, text) of each switcher link, tags stripped and entities decoded."""
    nav = html_text.split('<nav class="tracks"', 1)[1].split("</nav>", 1)[0]
    return [
        (html.unescape(href), html.unescape(re.sub(r"<[^>]+>", "", inner)))
        for href, inner in re.findall(r'<a href="([^"]*)">(.*?)</a>', nav)
    ]


def _board_at(root: Path, folder: str) -> Board:
    (b,) = [b for b in find_boards(root) if b.path.name == folder]
    return b


# --- finding boards -----------------------------------------------------------------


def test_find_boards_dev_first_then_by_name_ignoring_non_boards(root: Path) -> None:
    boards = find_boards(root)
    assert [b.dataset for b in boards] == ["dev", "cnndm", "xsum"]
    assert [b.path for b in boards] == [root / "dev", root / "cnndm", root / "xsum"]
    assert boards[0].name == "HeadlineBench dev leaderboard"
    # More tracks sort by name after dev, whatever their folders were created in.
    _board(root, "frank-xsum")
    _board(root, "frank-cnndm")
    _board(root, "numhg")
    assert [b.dataset for b in find_boards(root)] == [
        "dev",
        "cnndm",
        "frank-cnndm",
        "frank-xsum",
        "numhg",
        "xsum",
    ]


def test_find_boards_without_dev_and_on_a_missing_folder(tmp_path: Path) -> None:
    _board(tmp_path, "b")
    _board(tmp_path, "a")
    assert [b.dataset for b in find_boards(tmp_path)] == ["a", "b"]
    assert find_boards(tmp_path / "a") == []  # a board has no boards below it
    with pytest.raises(InputError, match="no such folder"):
        find_boards(tmp_path / "missing")


# --- HTML ---------------------------------------------------------------------------


def test_site_html_one_section_and_switcher_link_per_track(root: Path) -> None:
    page_html = render_site_html(_pairs(find_boards(root)))
    page = _parse(page_html)
    assert page.title == "HeadlineBench leaderboards"
    sections = _sections(page)
    assert [s["id"] for s in sections] == ["dev", "cnndm", "xsum"]
    assert [s["class"] for s in sections] == ["track default", "track", "track"]
    assert _nav_links(page_html) == [
        ("#dev", "dev (2 entries)"),
        ("#cnndm", "cnndm (1 entry)"),
        ("#xsum", "xsum (0 entries)"),
    ]
    # One table per non-empty track, ids unique on the page; rows ranked per track.
    tables = [a for t, a in page.tags if t == "table"]
    assert [(t["id"], t["class"]) for t in tables] == [
        ("board-dev", "board"),
        ("board-cnndm", "board"),
    ]
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids)) == 5
    assert [r[0] for r in page.rows] == ["d-high", "d-low", "c1"]
    # Each section links to its board's own page; one script, all hrefs expected.
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert hrefs == [
        "#dev",
        "#cnndm",
        "#xsum",
        "dev/index.html",
        "https://example.org/d-high",
        "https://example.org/d-low",
        "cnndm/index.html",
        "https://example.org/c1",
        "xsum/index.html",
    ]
    assert [t for t, _ in page.tags].count("script") == 1


def test_site_html_sections_reuse_the_board_table(root: Path) -> None:
    pairs = _pairs(find_boards(root))
    site = render_site_html(pairs)
    for board, entries in pairs[:2]:
        own = render_html(board, entries)
        table = own[own.index('<table id="board"') : own.index("</table>")]
        in_site = table.replace('id="board"', f'id="board-{board.dataset}"', 1)
        assert in_site in site
        legend = re.search(r'<p class="legend">.*</p>', own)
        assert legend is not None and legend.group(0) in site


def test_site_html_empty_board_says_no_entries(root: Path) -> None:
    page_html = render_site_html(_pairs(find_boards(root)))
    xsum = page_html[page_html.index('<section id="xsum"') :]
    xsum = xsum[: xsum.index("</section>")]
    assert '<p class="empty">No entries yet.</p>' in xsum
    assert "<table" not in xsum and '<p class="legend">' not in xsum
    assert f'<p class="signature">Signature: <code>{SIG}</code></p>' in xsum
    assert "Click a column header" not in xsum


def test_site_html_escapes_hostile_names_and_pins_its_script(tmp_path: Path) -> None:
    b = _board(tmp_path, "evil<dir>", track=f"x{HOSTILE}", name=HOSTILE_NAME)
    add_entry(b, _entry("e1", 0.2, 1.0))
    page_html = render_site_html(_pairs(find_boards(tmp_path)))
    page = _parse(page_html)
    assert "<script>document" not in page_html and "pwned'</script>" not in page_html
    assert [t for t, _ in page.tags].count("script") == 1
    (section,) = _sections(page)
    assert section["id"] == "x-script-document-title-pwned-script"  # a slug, not markup
    assert [a["id"] for t, a in page.tags if t == "table"] == [f"board-{section['id']}"]
    assert _nav_links(page_html) == [(f"#{section['id']}", f"x{HOSTILE} (1 entry)")]
    assert f"<h2>x{html.escape(HOSTILE, quote=True)}</h2>" in page_html
    assert "Evil &amp; &lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page_html
    own = [a["href"] for t, a in page.tags if t == "a" and a["href"].endswith("index.html")]
    assert own == ["evil%3Cdir%3E/index.html"]
    # The CSP allows exactly the page's script and style, by their hashes.
    (script,) = page.scripts
    style = page_html.split("<style>", 1)[1].split("</style>", 1)[0]
    csp = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp == content_security_policy()

    def digest(s: str) -> str:
        return base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(script)}';" in csp
    assert f"style-src 'sha256-{digest(style)}';" in csp
    assert "unsafe-inline" not in csp and "default-src 'none'" in csp


def test_site_ids_unique_when_tracks_share_a_name(tmp_path: Path) -> None:
    for folder, track in [("dev", "dev"), ("dev-copy", "dev"), ("other", "board-dev")]:
        add_entry(_board(tmp_path, folder, track=track), _entry(f"{folder}-1", 0.2, 1.0))
    page = _parse(render_site_html(_pairs(find_boards(tmp_path))))
    sections = [s["id"] for s in _sections(page)]
    tables = [a["id"] for t, a in page.tags if t == "table"]
    # "board-dev" and "board-dev-2" are taken by the first two tables.
    assert sections == ["dev", "dev-2", "board-dev-3"]
    assert tables == ["board-dev", "board-dev-2", "board-board-dev-3"]
    all_ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(all_ids) == len(set(all_ids)) == 6
    assert [s["class"] for s in _sections(page)] == ["track default", "track", "track"]


def test_site_with_no_boards(tmp_path: Path) -> None:
    page = render_site_html([])
    assert "<p>No tracks yet.</p>" in page and "<nav" not in page and "<section" not in page
    assert "No tracks yet." in render_site_markdown([])


# --- markdown -----------------------------------------------------------------------


def test_site_markdown_lists_tracks_and_has_a_section_each(root: Path) -> None:
    pairs = _pairs(find_boards(root))
    md = render_site_markdown(pairs)
    lines = md.splitlines()
    assert lines[0] == "# HeadlineBench leaderboards"
    assert [ln for ln in lines if ln.startswith("- ")] == [
        "- [dev](#dev): 2 entries; [own page](dev/README.md)",
        "- [cnndm](#cnndm): 1 entry; [own page](cnndm/README.md)",
        "- [xsum](#xsum): 0 entries; [own page](xsum/README.md)",
    ]
    assert [ln for ln in lines if ln.startswith("## ")] == ["## dev", "## cnndm", "## xsum"]
    # Each non-empty section carries the single board's table, legend and signature.
    for board, entries in pairs[:2]:
        own = render_markdown(board, entries).split("\n\n", 2)[2]  # after title and about
        assert own in md
    xsum = md[md.index("## xsum") :]
    assert "No entries yet." in xsum and "|" not in xsum.replace("\\|", "")
    assert xsum.rstrip().endswith(f"Signature: {SIG}")
    assert md.count("| 1 | [Model d-high](https://example.org/d-high) |") == 1
    assert md.count("| 1 | [Model c1](https://example.org/c1) |") == 1


def test_site_markdown_escapes_and_renders_no_html(tmp_path: Path) -> None:
    b = _board(tmp_path, "evil<dir>", track=f"x{HOSTILE}", name=HOSTILE_NAME)
    add_entry(b, _entry("e1", 0.2, 1.0))
    md = render_site_markdown(_pairs(find_boards(tmp_path)))
    assert "<script>" not in md
    assert "## x\\<script\\>document.title='pwned'\\</script\\>" in md
    assert "Evil \\& \\<script\\>" in md and "\\| \\*board\\*" in md
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    assert not [t for t in flat if t.type in ("html_inline", "html_block")]
    hrefs = [t.attrs["href"] for t in flat if t.type == "link_open"]
    anchor = "#xscriptdocumenttitlepwnedscript"  # GitHub's anchor for that heading
    assert hrefs == [anchor, "evil%3Cdir%3E/README.md", "evil%3Cdir%3E/README.md", *hrefs[3:]]
    assert hrefs[3:] == ["https://example.org/e1"]


# --- writing ------------------------------------------------------------------------


def test_write_site_writes_both_files(root: Path) -> None:
    before = sorted(p.name for p in root.iterdir())
    readme, page = write_site(root)
    assert (readme, page) == (root / "README.md", root / "index.html")
    pairs = _pairs(find_boards(root))
    assert readme.read_text(encoding="utf-8") == render_site_markdown(pairs)
    assert page.read_text(encoding="utf-8") == render_site_html(pairs)
    assert "## cnndm" in readme.read_text(encoding="utf-8")
    write_site(root)  # rewriting replaces, leaves nothing behind
    assert sorted(p.name for p in root.iterdir()) == sorted([*before, "README.md", "index.html"])
    assert not [p for p in root.rglob("*.tmp")]


# Loads the page as a reader would (no fragment, an unknown one, a track's; a ?sort= query
# with a fragment; a header click) and reports, per frame, which track sections show, how
# far the frame scrolled and each table's row order.
_HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>harness</title>
<style>iframe { width: 1000px; height: 600px; }</style></head>
<body>
<iframe id="plain" src="index.html"></iframe>
<iframe id="unknown" src="index.html#nope"></iframe>
<iframe id="cnndm" src="index.html#cnndm"></iframe>
<iframe id="query" src="index.html?sort=loaded_per_100w&amp;dir=asc#xsum"></iframe>
<iframe id="clicked" src="index.html"></iframe>
<iframe id="tampered" src="tampered.html"></iframe>
<pre id="out"></pre>
<script>
window.addEventListener("load", function () {
  function frame(id) { return document.getElementById(id); }
  function orders(d) {
    var out = {};
    Array.prototype.forEach.call(d.querySelectorAll("table.board"), function (t) {
      out[t.id] = Array.prototype.map.call(t.querySelectorAll("tbody tr"),
        function (r) { return r.getAttribute("data-id"); });
    });
    return out;
  }
  function state(id) {
    var f = frame(id), d = f.contentDocument, w = f.contentWindow;
    var shown = Array.prototype.filter.call(d.querySelectorAll("section.track"),
      function (s) { return w.getComputedStyle(s).display !== "none"; })
      .map(function (s) { return s.id; });
    return {shown: shown, scrollY: Math.round(w.scrollY), orders: orders(d)};
  }
  var res = {};
  ["plain", "unknown", "cnndm", "query"].forEach(function (id) { res[id] = state(id); });
  var d = frame("clicked").contentDocument;
  d.querySelector('#board-cnndm th[data-key="loaded_per_100w"]').click();
  res.clicked = orders(d);
  res.aria = Array.prototype.map.call(d.querySelectorAll("table.board th[aria-sort]"),
    function (th) { return th.closest("table").id + ":" + th.getAttribute("data-key"); });
  res.tampered = frame("tampered").contentDocument.title;
  document.getElementById("out").textContent = JSON.stringify(res);
});
</script></body></html>
"""


def test_site_in_headless_chromium(root: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no chromium binary (apt-get install -y chromium)")
    # A long description makes the cnndm section taller than the frame, so that jumping
    # to a track could scroll the switcher out of view (the page must not).
    add_entry(_board_at(root, "cnndm"), _entry("c2", 0.25, 1.5, "a long one " * 400))
    _, index = write_site(root)
    page_html = index.read_text(encoding="utf-8")
    inject = f"{HOSTILE}<img src=x onerror=\"document.title='pwned'\">"
    (root / "tampered.html").write_text(page_html.replace("<h1>", inject + "<h1>", 1))
    (root / "harness.html").write_text(_HARNESS, encoding="utf-8")
    with _serve(root) as base:
        harness = _parse(_dump_dom(chromium, f"{base}/harness.html", tmp_path / "profile"))
    res = json.loads(harness.out)
    ranked = {"board-dev": ["d-high", "d-low"], "board-cnndm": ["c2", "c1"]}
    # One track at a time: dev without a fragment (or with an unknown one), else the named.
    assert res["plain"] == {"shown": ["dev"], "scrollY": 0, "orders": ranked}
    assert res["unknown"]["shown"] == ["dev"]
    assert res["cnndm"] == {"shown": ["cnndm"], "scrollY": 0, "orders": ranked}
    # ?sort= sorts every table with that column; the empty track shows alone.
    assert res["query"] == {
        "shown": ["xsum"],
        "scrollY": 0,
        "orders": {"board-dev": ["d-low", "d-high"], "board-cnndm": ["c1", "c2"]},
    }
    # A click sorts its own table only (loaded_per_100w: lower is better, ascending first).
    assert res["clicked"] == {"board-dev": ["d-high", "d-low"], "board-cnndm": ["c1", "c2"]}
    assert res["aria"] == ["board-dev:rank", "board-cnndm:loaded_per_100w"]
    assert res["tampered"] == "HeadlineBench leaderboards"  # the CSP blocks injected script
