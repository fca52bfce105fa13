"""The rendered leaderboard: ranking, † marks from paired bootstraps, escaping of hostile
entries in markdown and HTML, and (with Chromium installed) the page in a real browser:
it loads, sorts on header clicks and from the query string, and runs no injected script."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmark.aggregate import paired_bootstrap
from benchmark.errors import InputError
from leaderboard.entries import Board, Entry, load_board, load_entries, save_board
from leaderboard.render import (
    content_security_policy,
    rank,
    render_html,
    render_markdown,
    tied_with_leader,
    write_board,
)

N = 60
ARTICLES = [f"art-{i:03d}" for i in range(N)]
# The leader's per-article rouge2; "beta" differs by ±0.05 alternately (mean 0.001 lower:
# indistinguishable), "gamma" is 0.1 lower on every article (clearly worse).
A = [0.3 + 0.2 * ((i * 37) % N) / N for i in range(N)]
B = [a + (0.05 if i % 2 == 0 else -0.052) for i, a in enumerate(A)]
C = [a - 0.1 + (0.01 if i % 2 == 0 else -0.01) for i, a in enumerate(A)]

SCRIPT_NAME = "<script>document.title='pwned'</script>"
IMG_NAME = "<img src=x onerror=\"document.title='pwned'\">"
MD_DESCRIPTION = "`code` | *bold* _it_ [x](y) <b>b</b>\nsecond line"
GAMMA_URL = "https://example.org/g?a=1&b=\"><script>document.title='pwned'</script>"
BOARD_NAME = "Test & <Board>"


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _entry_json(
    id: str,
    name: str,
    rouge2: list[float],
    loaded: float,
    submitted: str,
    *,
    model_url: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    m = _mean(rouge2)
    return {
        "id": id,
        "name": name,
        "model_url": model_url,
        "description": description,
        "submitted": submitted,
        "signature": "sig-v1",
        "predictions_sha256": hashlib.sha256(id.encode()).hexdigest(),
        "n_items": N,
        "metrics": {
            "rouge2": {"mean": m, "low": m - 0.02, "high": m + 0.02, "n": N},
            "loaded_per_100w": {"mean": loaded, "low": loaded - 0.1, "high": loaded + 0.1, "n": N},
        },
        "article_ids": ARTICLES,
        "per_article": {"rouge2": rouge2},
    }


@pytest.fixture
def board(tmp_path: Path) -> Board:
    b = Board(
        tmp_path / "board",
        BOARD_NAME,
        "headline-bench/devset",
        "test",
        "sig-v1",
        ("rouge2", "loaded_per_100w"),
        "rouge2",
    )
    save_board(b)
    b.entries_dir.mkdir()
    entries = [
        _entry_json(
            "alpha",
            "Alpha",
            A,
            2.0,
            "2024-01-02T00:00:00Z",
            model_url="https://example.org/alpha",
            description="The leader.",
        ),
        _entry_json(
            "beta",
            IMG_NAME,
            B,
            0.5,
            "2024-01-01T00:00:00+00:00",
            model_url="javascript:alert(1)",
            description=MD_DESCRIPTION,
        ),
        _entry_json(
            "gamma",
            SCRIPT_NAME,
            C,
            1.0,
            "2024-01-03T12:00:00Z",
            model_url=GAMMA_URL,
            description="\"><script>document.title='pwned'</script>",
        ),
    ]
    for obj in entries:
        (b.entries_dir / f"{obj['id']}.json").write_text(json.dumps(obj), encoding="utf-8")
    # A different signature never shows up.
    stranger = {**_entry_json("zeta", "Zeta", A, 0.0, "2024-01-01T00:00:00Z"), "signature": "x"}
    (b.entries_dir / "zeta.json").write_text(json.dumps(stranger), encoding="utf-8")
    return load_board(b.path)


def _ids(entries: list[Entry]) -> list[str]:
    return [e.id for e in entries]


# --- ranking and significance -------------------------------------------------------


def test_rank_orders_by_primary(board: Board) -> None:
    assert _ids(rank(board, load_entries(board))) == ["alpha", "beta", "gamma"]


def test_rank_lower_is_better_ascends(board: Board) -> None:
    b = replace(board, primary="loaded_per_100w")
    assert _ids(rank(b, load_entries(board))) == ["beta", "gamma", "alpha"]


def test_rank_ties_by_submission_time_and_missing_scores_last(board: Board) -> None:
    base = load_entries(board)[0]
    same = {"rouge2": {"mean": 0.4, "low": 0.3, "high": 0.5, "n": 1}}
    entries = [
        replace(base, id="late", submitted="2024-03-01T00:00:00Z", metrics=same),
        replace(base, id="none", submitted="2023-01-01T00:00:00Z", metrics={}),
        replace(base, id="early", submitted="2024-02-29T23:00:00-02:00", metrics=same),
        replace(
            base, id="best", submitted="2025-01-01T00:00:00Z", metrics={"rouge2": {"mean": 0.5}}
        ),
    ]
    # "early" is 2024-03-01T01:00Z, so later than "late" despite the earlier-looking date.
    assert _ids(rank(board, entries)) == ["best", "late", "early", "none"]


def test_descriptive_primary_is_refused(board: Board) -> None:
    with pytest.raises(InputError, match="doesn't rank"):
        rank(replace(board, primary="summary_words"), load_entries(board))


def test_tied_with_leader(board: Board) -> None:
    # The construction does what it says: beta indistinguishable, gamma clearly worse.
    assert paired_bootstrap(B, A, metric="rouge2").p_value > 0.5
    assert paired_bootstrap(C, A, metric="rouge2").p_value < 0.001
    assert tied_with_leader(board, load_entries(board)) == {"beta": True, "gamma": False}


def test_tied_with_leader_aligns_on_shared_article_ids(board: Board) -> None:
    alpha, beta, gamma = rank(board, load_entries(board))
    # Beta's articles in reverse order plus one the leader never scored: same verdict.
    beta2 = replace(
        beta,
        article_ids=("extra", *reversed(ARTICLES)),
        per_article={"rouge2": [0.0, *reversed(B)]},
    )
    # Gamma without per-article scores cannot be tested: no tie is claimed.
    gamma2 = replace(gamma, per_article={})
    assert tied_with_leader(board, [alpha, beta2, gamma2]) == {"beta": True, "gamma": False}
    # Pairing is by article id: 0.001 below the leader on every article is a significant
    # difference when paired right, and noise when the values are paired by position.
    worse = [a - 0.001 for a in A]
    paired = replace(
        beta, article_ids=tuple(reversed(ARTICLES)), per_article={"rouge2": worse[::-1]}
    )
    by_position = replace(paired, per_article={"rouge2": worse})
    assert tied_with_leader(board, [alpha, paired]) == {"beta": False}
    assert tied_with_leader(board, [alpha, by_position]) == {"beta": True}


# --- markdown -----------------------------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_table_marks_and_escaping(board: Board) -> None:
    md = render_markdown(board, load_entries(board))
    rows = [ln for ln in md.splitlines() if ln.startswith("|")]
    header, _, *body = rows
    assert len(body) == 3
    ncells = len(_UNESCAPED_PIPE.findall(header))
    assert all(len(_UNESCAPED_PIPE.findall(r)) == ncells for r in rows)  # no cell broke out
    alpha, beta, gamma = body
    assert alpha.startswith("| 1 | [Alpha](https://example.org/alpha) |")
    assert "0.398 [0.378, 0.418] |" in alpha and "†" not in alpha
    assert "0.397 [0.377, 0.417] † |" in beta
    assert gamma.startswith("| 3 |") and "†" not in gamma
    assert "2.000 [1.900, 2.100]" in alpha and "| 2024-01-02 |" in alpha
    # Hostile text comes out backslash-escaped; the javascript: URL is text, not a link.
    assert "\\<img src=x onerror=\"document.title='pwned'\"\\>" in beta
    assert "(javascript:alert(1))" in beta and "](javascript" not in md
    assert "\\`code\\` \\| \\*bold\\* \\_it\\_ \\[x\\](y) \\<b\\>b\\</b\\> second line" in beta
    assert "\\<script\\>document.title='pwned'\\</script\\>" in gamma
    assert "\\# " not in md and "# Test \\& \\<Board\\>" in md
    assert "Signature: sig-v1" in md and "† not significantly different" in md


def test_markdown_renders_no_html_and_only_http_links(board: Board) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    md = render_markdown(board, load_entries(board))
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    assert not [t for t in flat if t.type in ("html_inline", "html_block")]
    assert not [t for t in flat if t.type in ("em_open", "strong_open", "code_inline")]
    hrefs = [t.attrs["href"] for t in flat if t.type == "link_open"]
    assert hrefs[0] == "https://example.org/alpha"
    assert all(str(h).startswith("https://") for h in hrefs) and len(hrefs) == 2
    assert [t.type for t in tokens].count("tr_open") == 4  # header + 3 entries
    text = "".join(t.content for t in flat if t.type == "text")
    assert SCRIPT_NAME in text and IMG_NAME in text  # shown, as text


# --- HTML ---------------------------------------------------------------------------


class _Page(HTMLParser):
    """What a test needs from a page or a dumped DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts: list[str] = []
        self.heads: dict[str, dict[str, str | None]] = {}
        self.rows: list[tuple[str, list[str]]] = []
        self.out = ""
        self._stack: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append((a.get("data-id") or "", []))
        elif tag == "td" and self._in_body:
            self.rows[-1][1].append("")
        elif tag == "th" and a.get("data-key"):
            self.heads[str(a["data-key"])] = a
        if tag not in ("meta", "br", "img", "input", "link"):
            self._stack.append(a.get("id") or tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        top = self._stack[-1] if self._stack else ""
        if top == "title":
            self.title += data
        elif top == "script":
            self.scripts.append(data)
        elif top == "out":
            self.out += data
        elif self._in_body and self.rows and self.rows[-1][1] and "td" in self._stack:
            self.rows[-1][1][-1] += data


def _parse(text: str) -> _Page:
    p = _Page()
    p.feed(text)
    p.close()
    return p


def test_html_escapes_everything_and_pins_its_script(board: Board) -> None:
    page_html = render_html(board, load_entries(board))
    page = _parse(page_html)
    assert page.title == f"{BOARD_NAME} — HeadlineBench leaderboard"
    assert [t for t, _ in page.tags].count("script") == 1
    assert "img" not in [t for t, _ in page.tags]
    assert not [k for _, a in page.tags for k in a if k.startswith("on")]  # no handlers
    assert [r[0] for r in page.rows] == ["alpha", "beta", "gamma"]
    (_, alpha), (_, beta), (_, gamma) = page.rows
    assert beta[1].startswith(IMG_NAME) and "javascript:alert(1)" in beta[1]
    assert gamma[1] == SCRIPT_NAME
    assert "†" in beta[2] and "†" not in alpha[2] and "†" not in gamma[2]
    assert alpha[2] == "0.398 [0.378, 0.418]" and alpha[4] == "2024-01-02"
    assert gamma[5] == "\"><script>document.title='pwned'</script>"
    assert MD_DESCRIPTION in beta[5]
    # Links: only http(s); the hostile URL survives as one attribute value.
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert hrefs == ["https://example.org/alpha", GAMMA_URL]
    # Headers: one per column, each with a key the script sorts by.
    assert list(page.heads) == [
        "rank",
        "name",
        "rouge2",
        "loaded_per_100w",
        "submitted",
        "description",
    ]
    assert page.heads["rouge2"]["data-dir"] == "desc"
    assert page.heads["loaded_per_100w"]["data-dir"] == "asc"
    # The CSP allows exactly the script on the page, by its hash.
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp == content_security_policy()
    assert f"script-src 'sha256-{digest}';" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp
    assert "<script>document" not in page_html and "<img" not in page_html


def test_write_board_writes_both_files_atomically(board: Board) -> None:
    readme, page = write_board(board)
    assert (readme, page) == (board.path / "README.md", board.path / "index.html")
    entries = load_entries(board)
    assert readme.read_text(encoding="utf-8") == render_markdown(board, entries)
    assert page.read_text(encoding="utf-8") == render_html(board, entries)
    assert not [p for p in board.path.iterdir() if p.name.endswith(".tmp")]
    write_board(board)  # rewriting replaces, leaves nothing behind
    assert sorted(p.name for p in board.path.iterdir()) == [
        "README.md",
        "board.json",
        "entries",
        "index.html",
    ]


# --- in a real browser --------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _dump_dom(chromium: str, url: str, profile: Path, timeout: float = 60) -> str:
    """The DOM after load (scripts run, virtual time let run out); Chromium and every
    process it started are killed afterwards, whatever happens."""
    profile.mkdir(parents=True, exist_ok=True)
    args = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode("utf-8")


# Test-only page: loads the board in same-origin frames, clicks headers in one (a real
# DOM click event, handled by the page's own listener) and reports what each frame shows.
_HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>harness</title></head>
<body>
<iframe id="clicked" src="index.html"></iframe>
<iframe id="query" src="index.html?sort=loaded_per_100w&amp;dir=desc"></iframe>
<iframe id="tampered" src="tampered.html"></iframe>
<iframe id="nocsp" src="tampered-nocsp.html"></iframe>
<pre id="out"></pre>
<script>
window.addEventListener("load", function () {
  function doc(id) { return document.getElementById(id).contentDocument; }
  function order(d) {
    return Array.prototype.map.call(d.querySelectorAll("#board tbody tr"),
      function (r) { return r.getAttribute("data-id"); });
  }
  function state(d, key) {
    return {order: order(d),
            aria: d.querySelector('#board th[data-key="' + key + '"]').getAttribute("aria-sort")};
  }
  var d = doc("clicked"), res = {title: d.title, initial: order(d), clicks: []};
  ["rouge2", "rouge2", "loaded_per_100w", "loaded_per_100w", "name", "rank"].forEach(
    function (key) {
      d.querySelector('#board th[data-key="' + key + '"]').click();
      res.clicks.push([key, state(d, key)]);
    });
  res.query = state(doc("query"), "loaded_per_100w");
  res.query.title = doc("query").title;
  res.tampered = doc("tampered").title;
  res.nocsp = doc("nocsp").title;
  document.getElementById("out").textContent = JSON.stringify(res);
});
</script></body></html>
"""


def test_page_in_headless_chromium(board: Board, tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no chromium binary (apt-get install -y chromium)")
    _, index = write_board(board)
    page_html = index.read_text(encoding="utf-8")
    title = f"{BOARD_NAME} — HeadlineBench leaderboard"
    # Escaping bypassed on purpose: injected markup must still not run (the CSP), and the
    # same injection without the CSP does run (so the check can fail).
    inject = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    tampered = page_html.replace("<h1>", inject + "<h1>", 1)
    (board.path / "tampered.html").write_text(tampered, encoding="utf-8")
    nocsp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", tampered)
    assert nocsp != tampered
    (board.path / "tampered-nocsp.html").write_text(nocsp, encoding="utf-8")
    (board.path / "harness.html").write_text(_HARNESS, encoding="utf-8")

    with _serve(board.path) as base:
        # 1. The page loads: every row is in the DOM, hostile names as inert text.
        dom = _parse(_dump_dom(chromium, f"{base}/index.html", tmp_path / "p1"))
        assert dom.title == title
        assert [r[0] for r in dom.rows] == ["alpha", "beta", "gamma"]
        assert dom.rows[1][1][1].startswith(IMG_NAME) and dom.rows[2][1][1] == SCRIPT_NAME
        assert [t for t, _ in dom.tags].count("script") == 1 and "img" not in dict(dom.tags)
        assert dom.heads["rank"].get("aria-sort") == "ascending"
        # 2. Sort from the query string.
        dom = _parse(_dump_dom(chromium, f"{base}/index.html?sort=rouge2&dir=asc", tmp_path / "p2"))
        assert [r[0] for r in dom.rows] == ["gamma", "beta", "alpha"]
        assert dom.heads["rouge2"].get("aria-sort") == "ascending"
        assert dom.heads["rank"].get("aria-sort") is None
        # 3. Header clicks, query sorts and the CSP, through the harness.
        harness = _parse(_dump_dom(chromium, f"{base}/harness.html", tmp_path / "p3"))
    res = json.loads(harness.out)
    assert res["title"] == title and res["initial"] == ["alpha", "beta", "gamma"]
    assert res["clicks"] == [
        # first click: the better end first (rouge2: higher is better), again reverses
        ["rouge2", {"order": ["alpha", "beta", "gamma"], "aria": "descending"}],
        ["rouge2", {"order": ["gamma", "beta", "alpha"], "aria": "ascending"}],
        # loaded_per_100w: lower is better, so ascending first
        ["loaded_per_100w", {"order": ["beta", "gamma", "alpha"], "aria": "ascending"}],
        ["loaded_per_100w", {"order": ["alpha", "gamma", "beta"], "aria": "descending"}],
        # text column: "<img…" < "<script…" < "Alpha" by localeCompare
        ["name", {"order": ["beta", "gamma", "alpha"], "aria": "ascending"}],
        ["rank", {"order": ["alpha", "beta", "gamma"], "aria": "ascending"}],
    ]
    assert res["query"] == {
        "order": ["alpha", "gamma", "beta"],
        "aria": "descending",
        "title": title,
    }
    assert res["tampered"] == title  # injected script and onerror blocked by the CSP
    assert res["nocsp"] == "pwned"  # ...and they would have run without it


def test_html_escapes_names_without_a_link(board: Board) -> None:
    entries = [replace(e, model_url=None) for e in load_entries(board)]
    page = _parse(render_html(board, entries))
    assert [r[1][1] for r in page.rows] == ["Alpha", IMG_NAME, SCRIPT_NAME]
    assert [t for t, _ in page.tags].count("script") == 1 and "img" not in dict(page.tags)
    assert "a" not in dict(page.tags)
