"""Run reports: Markdown and HTML pages, plots, and a Hugging Face ``model-index`` block.

The pages show the aggregates of one run, then the articles whose summaries have
problems (figures the source does not support, figures stated as fact where the
source hedges them, loaded terms in the summary's own voice), each flagged span
marked in the headline and bullets and followed by its explanation and the
sentence of the article that holds the source mention behind it.

Offsets in ``scores.jsonl`` details are into the headline and into the bullets
joined one per line (:func:`benchmark.metrics.rouge.bullets_text`), so the bullets
shown here are those lines. Matplotlib is imported only by the plotting functions.
"""

# Why this module is long: one report in two renderings (Markdown and HTML) kept side by
# side, so that a change to one is seen next to the other; plots and the model-index block
# are small.

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from benchmark.metrics.rouge import bullets_text
from benchmark.records import Article, Prediction
from benchmark.scoring import HIGHER_IS_BETTER, ItemScores
from benchmark.text import Sentence, split_sentences

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Metrics of the bar chart and of the model-index block, in this order.
PLOT_METRICS = (
    "rouge1",
    "rouge2",
    "rougeLsum",
    "headline_rouge1",
    "figure_precision",
    "figure_hedge_kept",
    "neutral_rate",
    "headline_neutral_rate",
    "wording_bias",
)
MODEL_INDEX_METRICS = PLOT_METRICS

METRIC_LABELS: Mapping[str, str] = {
    "rouge1": "ROUGE-1",
    "rouge2": "ROUGE-2",
    "rougeL": "ROUGE-L",
    "rougeLsum": "ROUGE-Lsum",
    "headline_rouge1": "Headline ROUGE-1",
    "headline_rouge2": "Headline ROUGE-2",
    "headline_rougeL": "Headline ROUGE-L",
    "figure_precision": "Figure precision",
    "figure_recall": "Figure recall",
    "figure_hedge_kept": "Hedges kept",
    "loaded_per_100w": "Loaded terms per 100 words",
    "wording_bias": "Wording bias",
    "headline_wording_bias": "Headline wording bias",
    "neutral_rate": "Neutral rate",
    "headline_neutral_rate": "Headline neutral rate",
    "headline_figure_precision": "Headline figure precision",
    "headline_sensational_rate": "Sensational headline rate",
    "coverage": "Extractive coverage",
    "density": "Extractive density",
}

# Flag kinds, most serious first: when two flagged spans overlap, the first kind is marked.
KINDS = ("unsupported", "unhedged", "loaded", "wording")
_KIND_LABELS = {
    "unsupported": "unsupported figure",
    "unhedged": "unhedged figure",
    "loaded": "own-voice loaded term",
    "wording": "own-voice wording cue",
}
_WORDING_KINDS = ("loaded", "wording")  # flags with no source sentence to show


def metric_label(name: str) -> str:
    return METRIC_LABELS.get(name, name)


# --- what the pages show -------------------------------------------------------------------


@dataclass(frozen=True)
class _Flag:
    kind: str  # one of KINDS
    text: str
    part: int  # -1: the headline; k >= 0: bullet k (a line of bullets_text)
    start: int | None  # offsets in that part; None when the span is not found there
    end: int | None
    explanation: str
    source: str | None = None  # the source mention behind a figure
    sentence: Sentence | None = None  # the article sentence holding that mention
    mention: tuple[int, int] | None = None  # the mention's offsets within the sentence

    @property
    def where(self) -> str:
        if self.part < 0:
            return "the headline"
        return "the bullets" if self.start is None else f"bullet {self.part + 1}"


@dataclass
class _View:
    index: int  # position in the items, for a stable order
    id: str
    article: Article | None
    headline: str
    bullets: list[str]
    flags: list[_Flag] = field(default_factory=list)
    marked: set[int] = field(default_factory=set)  # indexes of flags marked in the text

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.flags)


def _item_json(item: ItemScores | Mapping[str, Any]) -> Mapping[str, Any]:
    return item.to_json() if isinstance(item, ItemScores) else item


def _locate(
    text: str, lines: Sequence[str], starts: Sequence[int], start: int, end: int, span: str
) -> tuple[int, int | None, int | None]:
    """(part, start, end) of a span of ``text`` (lines joined by newlines) within its line."""
    if text[start:end] != span:
        found = text.find(span) if span else -1
        if found < 0:
            return 0, None, None
        start, end = found, found + len(span)
    k = max(i for i, s in enumerate(starts) if s <= start)
    local = start - starts[k]
    return k, local, min(end - starts[k], len(lines[k]))


def _place(
    d: Mapping[str, Any], text: str, lines: Sequence[str], starts: Sequence[int], headline: bool
) -> tuple[int, int | None, int | None]:
    """Where a detail's span is shown: (part, start, end), as in :class:`_Flag`."""
    start, end = d.get("start"), d.get("end")
    if not lines or not isinstance(start, int) or not isinstance(end, int):
        return (-1 if headline else 0), None, None
    part, lo, hi = _locate(text, lines, starts, start, end, str(d.get("text", "")))
    return (-1 if headline else part), lo, hi


def _source(
    body: str | None, sentences: list[Sentence] | None, source: Any, source_start: Any
) -> tuple[Sentence | None, tuple[int, int] | None]:
    if body is None or sentences is None or not isinstance(source_start, int):
        return None, None
    sent = next((s for s in sentences if s.start <= source_start < s.end), None)
    if sent is None:
        return None, None
    mention = None
    if isinstance(source, str) and body[source_start : source_start + len(source)] == source:
        lo = source_start - sent.start
        mention = (lo, min(lo + len(source), len(sent.text)))
    return sent, mention


def _term_explanation(term: Mapping[str, Any]) -> str:
    entry = term.get("term") or term.get("text", "")
    text = f"loaded term ({str(term.get('category', '')).replace('_', ' ')}, entry {entry!r})"
    if term.get("neutral"):
        text += f"; a neutral alternative: {term['neutral']!r}"
    if term.get("inherited"):
        return text + "; the source also uses it in its own voice"
    return text + "; the source does not use it in its own voice (the summary introduced it)"


def _cue_explanation(cue: Mapping[str, Any]) -> str:
    kind = str(cue.get("kind", "")).replace("_", " ")
    text = (
        f"{cue.get('layer', '')} cue ({kind}, entry {cue.get('term', '')!r}, "
        f"weight {float(cue.get('weight', 0.0)):.2f})"
    )
    if cue.get("inherited"):
        return text + "; the source also uses it in its own voice"
    return text + "; the summary introduced it"


def _build_view(
    index: int, item: Mapping[str, Any], article: Article | None, pred: Prediction
) -> _View:
    summary = bullets_text(pred.bullets)
    bullets = summary.split("\n") if summary else []
    starts = [0]
    for line in bullets[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    view = _View(index, str(item.get("id", pred.id)), article, pred.headline, bullets)
    details: Mapping[str, Any] = item.get("details") or {}
    body = article.body if article is not None else None
    sentences = None  # split on the first flag that needs its source sentence: most need none
    for headline, key_fig, key_term, key_cue in (
        (True, "headline_figures", "headline_loaded_terms", "headline_wording_cues"),
        (False, "figures", "loaded_terms", "wording_cues"),
    ):
        text = pred.headline if headline else summary
        lines = [text] if headline else bullets
        line_starts = [0] if headline else starts
        for fig in details.get(key_fig) or ():
            status = fig.get("status")
            if status not in ("unsupported", "unhedged"):
                continue
            part, lo, hi = _place(fig, text, lines, line_starts, headline)
            if sentences is None and body is not None:
                sentences = split_sentences(body)
            sent, mention = _source(body, sentences, fig.get("source"), fig.get("source_start"))
            view.flags.append(
                _Flag(
                    kind=status,
                    text=str(fig.get("text", "")),
                    part=part,
                    start=lo,
                    end=hi,
                    explanation=str(fig.get("explanation", "")),
                    source=fig.get("source"),
                    sentence=sent,
                    mention=mention,
                )
            )
        for term in details.get(key_term) or ():
            part, lo, hi = _place(term, text, lines, line_starts, headline)
            view.flags.append(
                _Flag(
                    kind="loaded",
                    text=str(term.get("text", "")),
                    part=part,
                    start=lo,
                    end=hi,
                    explanation=_term_explanation(term),
                )
            )
        for cue in details.get(key_cue) or ():
            part, lo, hi = _place(cue, text, lines, line_starts, headline)
            view.flags.append(
                _Flag(
                    kind="wording",
                    text=str(cue.get("text", "")),
                    part=part,
                    start=lo,
                    end=hi,
                    explanation=_cue_explanation(cue),
                )
            )
    view.flags.sort(key=lambda f: (f.part, f.start if f.start is not None else -1))
    # Mark the most serious flags first; a span overlapping a marked one stays in the list only.
    taken: dict[int, list[tuple[int, int]]] = {}
    order = sorted(range(len(view.flags)), key=lambda k: KINDS.index(view.flags[k].kind))
    for k in order:
        f = view.flags[k]
        if f.start is None or f.end is None or f.end <= f.start:
            continue
        spans = taken.setdefault(f.part, [])
        if any(f.start < e and s < f.end for s, e in spans):
            continue
        spans.append((f.start, f.end))
        view.marked.add(k)
    return view


@dataclass(frozen=True)
class _Report:
    title: str
    signature: str
    failures: str | None
    rows: list[tuple[str, str, str, str, str]]  # metric, mean, CI, n, higher is better
    shown: list[_View]
    n_items: int
    n_flagged: int
    counts: dict[str, int]


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.4f}"


def _build_report(
    results: Mapping[str, Any],
    items: Sequence[ItemScores | Mapping[str, Any]],
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    max_articles: int,
) -> _Report:
    summariser = results.get("summariser")
    split = (results.get("dataset") or {}).get("split", "?")
    n_items = int(results.get("n_items", len(items)))
    name = summariser.get("name") if isinstance(summariser, Mapping) else None
    title = f"{name or 'HeadlineBench run'} on {split} ({n_items} articles)"
    failures = None
    if isinstance(summariser, Mapping) and "failures" in summariser:
        n_fail = int(summariser["failures"])
        total = summariser.get("articles", n_items)
        failures = (
            f"Failures: {n_fail} of {total} articles (scored as empty summaries; "
            "see failures.jsonl)."
            if n_fail
            else "Failures: none."
        )
    hib_map: Mapping[str, Any] = results.get("higher_is_better") or HIGHER_IS_BETTER
    rows = []
    for metric, agg in (results.get("metrics") or {}).items():
        hib = hib_map.get(metric, HIGHER_IS_BETTER.get(metric))
        ci = "–" if agg.get("low") is None else f"[{agg['low']:.4f}, {agg['high']:.4f}]"
        rows.append(
            (
                str(metric),
                _fmt(agg.get("mean")),
                ci,
                str(agg.get("n", "")),
                "–" if hib is None else ("yes" if hib else "no"),
            )
        )
    by_article = {a.id: a for a in articles}
    by_pred = {p.id: p for p in predictions}
    views = []
    for k, item in enumerate(items):
        data = _item_json(item)
        iid = str(data.get("id", ""))
        pred = by_pred.get(iid, Prediction(iid, "", ()))
        views.append(_build_view(k, data, by_article.get(iid), pred))
    flagged = sorted(
        (v for v in views if v.flags),
        key=lambda v: (-v.count("unsupported"), -len(v.flags), v.index),
    )
    clean = [v for v in views if not v.flags]
    counts = {kind: sum(v.count(kind) for v in views) for kind in KINDS}
    return _Report(
        title=title,
        signature=str(results.get("signature", "")),
        failures=failures,
        rows=rows,
        shown=(flagged + clean)[: max(0, max_articles)],
        n_items=len(views),
        n_flagged=len(flagged),
        counts=counts,
    )


def _summary_line(report: _Report) -> str:
    c = report.counts
    return (
        f"{report.n_flagged} of {report.n_items} articles have flags: "
        f"{c['unsupported']} unsupported figures, {c['unhedged']} unhedged figures, "
        f"{c['loaded']} own-voice loaded terms, {c['wording']} other own-voice wording cues. "
        "Articles with flags come first "
        f"(most unsupported figures first); {len(report.shown)} shown."
    )


def _render_part(
    text: str,
    view: _View,
    part: int,
    plain: Callable[[str], str],
    mark: Callable[[str, _Flag], str],
) -> str:
    marks = sorted(
        (view.flags[k] for k in view.marked if view.flags[k].part == part),
        key=lambda f: f.start or 0,
    )
    out: list[str] = []
    pos = 0
    for f in marks:
        assert f.start is not None and f.end is not None
        out.append(plain(text[pos : f.start]))
        out.append(mark(text[f.start : f.end], f))
        pos = f.end
    out.append(plain(text[pos:]))
    return "".join(out)


# --- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Data as Markdown text: one line, and no raw HTML tags (``<`` is escaped)."""
    return text.replace("\r", " ").replace("\n", " ").replace("<", "&lt;")


def _md_code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def _md_mark(text: str, flag: _Flag) -> str:
    return f"**[{_md(text)}]**{{{flag.kind}}}"


def render_markdown(
    results: Mapping[str, Any],
    items: Sequence[ItemScores | Mapping[str, Any]],
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    *,
    max_articles: int = 20,
    note: str | None = None,
) -> str:
    """The report of one run as Markdown: aggregates, signature, failures, flagged articles.

    ``items`` are :class:`ItemScores` or their JSON (lines of ``scores.jsonl``);
    ``articles`` and ``predictions`` are matched to them by id (a missing prediction
    is shown empty). Flagged spans read ``**[£25m]**{unsupported}``. ``note`` is shown
    under the signature (e.g. what a merge could not show).
    """
    rep = _build_report(results, items, articles, predictions, max_articles)
    return _markdown(rep, note)


def _markdown(rep: _Report, note: str | None) -> str:
    lines = [f"# {_md(rep.title)}", "", f"Signature: {_md_code(rep.signature)}", ""]
    if rep.failures is not None:
        lines += [rep.failures, ""]
    if note is not None:
        lines += [f"Note: {_md(note)}", ""]
    lines += [
        "| metric | mean | 95% CI | n | higher is better |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rep.rows),
        "",
        "## Articles",
        "",
        _summary_line(rep),
        "",
        "Marks: **[span]**{unsupported}: a figure the source does not support; "
        "**[span]**{unhedged}: a figure the source hedges, stated as fact; "
        "**[span]**{loaded}: a loaded term in the summary's own voice; "
        "**[span]**{wording}: a subjective or epistemic cue in its own voice (weighted).",
        "",
    ]
    for view in rep.shown:
        lines += _md_article(view)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_article(view: _View) -> list[str]:
    art = view.article
    head = f"### {_md_code(view.id)}"
    if art is not None and art.headline:
        head += f": {_md(art.headline)}"
    lines = [head, ""]
    if art is not None:
        meta = f"Source: {_md(art.source)}"
        if art.url:
            meta += f" · <{_md(art.url)}>"
        lines += [meta, ""]
    else:
        lines += ["(article not given: no source sentences)", ""]
    headline = _render_part(view.headline, view, -1, _md, _md_mark)
    lines += [
        f"**Headline:** {headline if headline.strip() else '(empty)'}",
        "",
        "**Bullets:**",
        "",
    ]
    if view.bullets:
        for k, bullet in enumerate(view.bullets):
            lines.append(f"- {_render_part(bullet, view, k, _md, _md_mark)}")
    else:
        lines.append("- (none)")
    lines.append("")
    if not view.flags:
        return [*lines, "No flags.", ""]
    lines += ["**Flags:**", ""]
    for k, f in enumerate(view.flags):
        unmarked = "" if k in view.marked else " (not marked: its span overlaps another)"
        if f.start is None:
            unmarked = " (not marked: span not found in this prediction)"
        lines.append(
            f"{k + 1}. *{_KIND_LABELS[f.kind]}* “{_md(f.text)}” in {f.where}"
            f"{unmarked}: {_md(f.explanation.rstrip('.'))}."
        )
        if f.kind not in _WORDING_KINDS:
            if f.sentence is not None:
                lines.append(f"   > Source sentence: {_md(f.sentence.text)}")
            elif f.source is None:
                lines.append("   > No matching mention in the source.")
            else:
                lines.append(f"   > Source mention: {_md(f.source)}")
    return [*lines, ""]


# --- HTML ----------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; } h3 { margin-bottom: .25rem; }
code { background: #f3f4f6; padding: 0 .25rem; border-radius: 3px; word-break: break-all; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: .2rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f6f8fa; }
mark { padding: 0 .15rem; border-radius: 3px; cursor: help; }
mark.unsupported { background: #ffc9c9; border-bottom: 2px solid #c92a2a; }
mark.unhedged { background: #ffec99; border-bottom: 2px solid #e67700; }
mark.loaded { background: #d0bfff; border-bottom: 2px solid #5f3dc4; }
mark.wording { background: #c5f6fa; border-bottom: 2px solid #0b7285; }
.article { border-top: 1px solid #d0d7de; padding-top: .5rem; margin-top: 1.5rem; }
.meta { color: #57606a; font-size: .9rem; margin-top: 0; }
.label { font-weight: 600; margin-right: .4rem; }
.tag { font-size: .8rem; font-weight: 600; padding: 0 .3rem; border-radius: 3px; }
.tag.unsupported { background: #ffc9c9; } .tag.unhedged { background: #ffec99; }
.tag.loaded { background: #d0bfff; } .tag.wording { background: #c5f6fa; }
blockquote { margin: .3rem 0 .6rem; padding-left: .8rem; border-left: 3px solid #d0d7de;
             color: #424a53; }
.none { color: #57606a; font-style: italic; }
.note { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 3px; padding: .3rem .6rem; }
"""


def _h(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_mark(text: str, flag: _Flag) -> str:
    return f'<mark class="{flag.kind}" title="{_h(flag.explanation)}">{_h(text)}</mark>'


def render_html(
    results: Mapping[str, Any],
    items: Sequence[ItemScores | Mapping[str, Any]],
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    *,
    max_articles: int = 20,
    note: str | None = None,
) -> str:
    """The report of :func:`render_markdown` as one self-contained HTML page.

    No scripts and no external assets; every string from the data is escaped.
    Flagged spans are ``<mark class="unsupported|unhedged|loaded">`` whose title
    holds the explanation.
    """
    rep = _build_report(results, items, articles, predictions, max_articles)
    return _html(rep, note)


def _html(rep: _Report, note: str | None) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(rep.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(rep.title)}</h1>",
        f"<p>Signature: <code>{_h(rep.signature)}</code></p>",
    ]
    if rep.failures is not None:
        out.append(f"<p>{_h(rep.failures)}</p>")
    if note is not None:
        out.append(f'<p class="note">Note: {_h(note)}</p>')
    out += [
        "<table>",
        "<thead><tr><th>metric</th><th>mean</th><th>95% CI</th><th>n</th>"
        "<th>higher is better</th></tr></thead>",
        "<tbody>",
        *("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in rep.rows),
        "</tbody>",
        "</table>",
        "<h2>Articles</h2>",
        f"<p>{_h(_summary_line(rep))}</p>",
        '<p>Marks: <mark class="unsupported">unsupported figure</mark> '
        '<mark class="unhedged">figure the source hedges, stated as fact</mark> '
        '<mark class="loaded">loaded term in the summary\'s own voice</mark> '
        '<mark class="wording">subjective or epistemic cue in its own voice</mark> '
        "(hover over a mark for its explanation).</p>",
    ]
    for view in rep.shown:
        out += _html_article(view)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_reports(
    out_dir: Path,
    results: Mapping[str, Any],
    items: Sequence[ItemScores | Mapping[str, Any]],
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    *,
    max_articles: int = 20,
    note: str | None = None,
) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` of a run (a single run's or merged shards')."""
    md, page = out_dir / "report.md", out_dir / "report.html"
    rep = _build_report(results, items, articles, predictions, max_articles)  # once for both
    md.write_text(_markdown(rep, note), encoding="utf-8")
    page.write_text(_html(rep, note), encoding="utf-8")
    return md, page


def _html_sentence(flag: _Flag) -> str:
    assert flag.sentence is not None
    text = flag.sentence.text
    if flag.mention is None:
        return _h(text)
    lo, hi = flag.mention
    return f"{_h(text[:lo])}<strong>{_h(text[lo:hi])}</strong>{_h(text[hi:])}"


def _html_article(view: _View) -> list[str]:
    art = view.article
    title = _h(view.id)
    head = f"<code>{title}</code>"
    if art is not None and art.headline:
        head += f": {_h(art.headline)}"
    out = [f'<section class="article" id="article-{title}">', f"<h3>{head}</h3>"]
    if art is not None:
        meta = f"Source: {_h(art.source)}"
        if art.url:
            meta += f" · {_h(art.url)}"
        out.append(f'<p class="meta">{meta}</p>')
    else:
        out.append('<p class="meta">Article not given: no source sentences.</p>')
    headline = _render_part(view.headline, view, -1, _h, _html_mark)
    out.append(
        '<p><span class="label">Headline</span>'
        + (headline if headline.strip() else '<span class="none">(empty)</span>')
        + "</p>"
    )
    out.append('<p><span class="label">Bullets</span></p>')
    if view.bullets:
        out.append("<ul>")
        for k, bullet in enumerate(view.bullets):
            out.append(f"<li>{_render_part(bullet, view, k, _h, _html_mark)}</li>")
        out.append("</ul>")
    else:
        out.append('<p class="none">(none)</p>')
    if not view.flags:
        return [*out, '<p class="none">No flags.</p>', "</section>"]
    out += ['<p><span class="label">Flags</span></p>', "<ol>"]
    for k, f in enumerate(view.flags):
        note = "" if k in view.marked else " (not marked: its span overlaps another)"
        if f.start is None:
            note = " (not marked: span not found in this prediction)"
        item = (
            f'<li><span class="tag {f.kind}">{_h(_KIND_LABELS[f.kind])}</span> '
            f"“{_h(f.text)}” in {_h(f.where)}{_h(note)}: {_h(f.explanation.rstrip('.'))}."
        )
        if f.kind not in _WORDING_KINDS:
            if f.sentence is not None:
                item += f"<blockquote>Source sentence: {_html_sentence(f)}</blockquote>"
            elif f.source is None:
                item += "<blockquote>No matching mention in the source.</blockquote>"
            else:
                item += f"<blockquote>Source mention: {_h(f.source)}</blockquote>"
        out.append(item + "</li>")
    return [*out, "</ol>", "</section>"]


# --- plots ---------------------------------------------------------------------------------

_FORMATS = (".png", ".svg")


def _names(results_list: Sequence[Mapping[str, Any]], names: Sequence[str] | None) -> list[str]:
    if names is not None:
        if len(names) != len(results_list):
            raise ValueError(f"{len(names)} names for {len(results_list)} results")
        return [str(n) for n in names]
    out = []
    for k, r in enumerate(results_list):
        s = r.get("summariser")
        name = s.get("name") if isinstance(s, Mapping) else None
        out.append(str(name) if name else f"run {k + 1}")
    return out


def _point(results: Mapping[str, Any], metric: str) -> tuple[float, float, float] | None:
    """(mean, distance down to the CI's low end, distance up to its high end), or None."""
    agg = (results.get("metrics") or {}).get(metric)
    if not agg or agg.get("mean") is None or not math.isfinite(agg["mean"]):
        return None
    mean = float(agg["mean"])
    low = agg.get("low")
    high = agg.get("high")
    down = max(0.0, mean - float(low)) if low is not None else 0.0
    up = max(0.0, float(high) - mean) if high is not None else 0.0
    return mean, down, up


def _signature_note(results_list: Sequence[Mapping[str, Any]]) -> str | None:
    sigs = {r.get("signature") for r in results_list}
    if len(sigs) > 1:
        return "Warning: these runs have different signatures and are not comparable."
    return None


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(f"unsupported plot format {path.suffix!r}: use .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)
    # No dates in the files, so the same results give the same bytes.
    metadata: dict[str, str | None] = (
        {"Date": None} if suffix == ".svg" else {"Software": "HeadlineBench (matplotlib)"}
    )
    fig.savefig(path, format=suffix[1:], dpi=150, metadata=metadata)
    return path


def _arrow(metric: str) -> str:
    hib = HIGHER_IS_BETTER.get(metric)
    return "" if hib is None else (" ↑" if hib else " ↓")


def plot_metric_bars(
    results_list: Sequence[Mapping[str, Any]],
    path: str | Path,
    metrics: Sequence[str] = PLOT_METRICS,
    names: Sequence[str] | None = None,
) -> Path:
    """One bar chart per metric, one bar per system with its 95% CI; PNG or SVG by suffix.

    An arrow in each title says which way is better; a missing score leaves its bar out.
    """
    if not results_list:
        raise ValueError("no results to plot")
    if not metrics:
        raise ValueError("no metrics to plot")
    labels = _names(results_list, names)
    ncols = min(4, len(metrics))
    nrows = math.ceil(len(metrics) / ncols)
    width = max(3.0, 0.45 * len(labels) + 1.6)
    fig = _new_figure(width * ncols, 3.0 * nrows + 0.4)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    colours = [f"C{k % 10}" for k in range(len(labels))]
    for k, metric in enumerate(metrics):
        ax: Axes = axes[k // ncols][k % ncols]
        points = [_point(r, metric) for r in results_list]
        xs = list(range(len(labels)))
        heights = [p[0] if p else math.nan for p in points]
        yerr = [[p[1] if p else 0.0 for p in points], [p[2] if p else 0.0 for p in points]]
        ax.bar(xs, heights, color=colours, yerr=yerr, capsize=3, ecolor="#333333")
        ax.set_title(metric_label(metric) + _arrow(metric), fontsize=10)
        ax.set_xticks(xs, labels, rotation=35, ha="right", fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    for k in range(len(metrics), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    note = _signature_note(results_list)
    fig.suptitle("Means with 95% bootstrap intervals" + (f"\n{note}" if note else ""), fontsize=11)
    return _save(fig, Path(path))


def plot_tradeoffs(
    results_list: Sequence[Mapping[str, Any]],
    path_prefix: str | Path,
    names: Sequence[str] | None = None,
) -> list[Path]:
    """ROUGE-2 against neutral rate and against figure precision, one point per system.

    Writes ``<prefix>-rouge2-vs-neutrality`` and ``<prefix>-rouge2-vs-figures``, each as
    ``.png`` and ``.svg``, with 95% intervals both ways; returns the four paths.
    """
    if not results_list:
        raise ValueError("no results to plot")
    labels = _names(results_list, names)
    prefix = str(path_prefix)
    note = _signature_note(results_list)
    written: list[Path] = []
    for x_metric, stem, title in (
        ("neutral_rate", "rouge2-vs-neutrality", "ROUGE-2 against neutrality"),
        ("figure_precision", "rouge2-vs-figures", "ROUGE-2 against figure precision"),
    ):
        fig = _new_figure(6.0, 4.6)
        ax = fig.add_subplot()
        missing = []
        for k, (name, r) in enumerate(zip(labels, results_list, strict=True)):
            x, y = _point(r, x_metric), _point(r, "rouge2")
            if x is None or y is None:
                missing.append(name)
                continue
            ax.errorbar(
                [x[0]],
                [y[0]],
                xerr=[[x[1]], [x[2]]],
                yerr=[[y[1]], [y[2]]],
                fmt="o",
                color=f"C{k % 10}",
                capsize=3,
            )
            ax.annotate(name, (x[0], y[0]), xytext=(5, 5), textcoords="offset points", fontsize=8)
        ax.set_xlabel(metric_label(x_metric) + _arrow(x_metric))
        ax.set_ylabel(metric_label("rouge2") + _arrow("rouge2"))
        ax.grid(alpha=0.3)
        lines = [title + " (95% bootstrap intervals)"]
        if note:
            lines.append(note)
        if missing:
            lines.append("No score: " + ", ".join(missing))
        ax.set_title("\n".join(lines), fontsize=10)
        for suffix in _FORMATS:
            written.append(_save(fig, Path(f"{prefix}-{stem}{suffix}")))
    return written


# --- Hugging Face model card ---------------------------------------------------------------


def model_index(
    results: Mapping[str, Any],
    *,
    model_name: str,
    dataset_name: str = "HeadlineBench dev",
    dataset_type: str = "headline-bench",
    metrics: Sequence[str] = MODEL_INDEX_METRICS,
) -> str:
    """A ``model-index`` block for the YAML header of a Hugging Face model card.

    Each metric's ``type`` is its HeadlineBench name (``rouge2``, ``neutral_rate``),
    its ``value`` the mean of ``results``; a metric without a score is left out. The
    dataset's ``args`` carry the signature (scores are comparable only when it is
    equal) and the data fingerprint. Returns the YAML text, without ``---`` lines.
    """
    aggs: Mapping[str, Any] = results.get("metrics") or {}
    unknown = [m for m in metrics if m not in aggs]
    if unknown:
        raise ValueError(f"no such metric in results: {', '.join(unknown)}")
    entries = []
    for m in metrics:
        mean = aggs[m].get("mean")
        if mean is None or not math.isfinite(mean):
            continue
        entries.append({"type": m, "value": float(mean), "name": metric_label(m)})
    dataset_info = results.get("dataset") or {}
    args: dict[str, Any] = {"signature": str(results.get("signature", ""))}
    if dataset_info.get("fingerprint"):
        args["fingerprint"] = str(dataset_info["fingerprint"])
    if results.get("n_items") is not None:
        args["n_items"] = int(results["n_items"])
    dataset: dict[str, Any] = {"name": dataset_name, "type": dataset_type}
    if dataset_info.get("split"):
        dataset["split"] = str(dataset_info["split"])
    dataset["args"] = args
    data = {
        "model-index": [
            {
                "name": model_name,
                "results": [
                    {
                        "task": {"type": "summarization", "name": "Summarization"},
                        "dataset": dataset,
                        "metrics": entries,
                    }
                ],
            }
        ]
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    if yaml.safe_load(text) != data:  # pragma: no cover - safe_dump round-trips these types
        raise RuntimeError("the model-index YAML does not load back to the same data")
    return text
