"""The figure checker on real system outputs, which are often lower-cased and tokenised.

Read from a folder laid out like ``shared/data`` (nothing is copied):

- ``frank_systems``: FRANK's CNN/DM and XSum system summaries, per system: FRANK's human
  factuality, the share of summaries with entity or circumstance errors, and ours (share of
  summaries with an unsupported figure, flags per summary), with the system-level rank
  correlation between each of ours and the human scores.
- ``flag_precision``: the flags the checker raises on those summaries, looked up in the
  team's committed judgements (``judgements/frank_figure_flags.tsv``: ids and verdicts, no
  text); flags not judged are counted apart.
- ``qags_precision``: QAGS sentence-level human labels (3 annotators, "is it supported?"),
  held out from all development: the share of sentences with an unsupported figure that a
  majority says are not supported.
- ``casing_invariance``: FRANK's CNN/DM references as the pipeline wrote them, cased and
  lower-cased (two tokenisations of one text), and every FRANK article against its
  lower-cased PTB-tokenised form: the share whose figure and wording verdicts are equal.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from scipy import stats

from benchmark.builders.frank import SYSTEMS, FrankDoc, read_frank, read_frank_human
from benchmark.errors import InputError
from benchmark.metrics.figures import analyse, check_figures
from benchmark.metrics.wording import find_wording_cues
from benchmark.normalise import ptb_tokenise
from benchmark.validation.real_data import _progress

FRANK_ARTICLES = "frank/frank_articles.jsonl"
FRANK_ANNOTATIONS = "frank/human_annotations.json"
QAGS = {"cnndm": "qags/mturk_cnndm.jsonl", "xsum": "qags/mturk_xsum.jsonl"}
JUDGEMENTS = "frank_figure_flags.tsv"
PRECISION_TARGET = 0.90  # on CNN/DM


def load_frank(root: Path) -> list[FrankDoc]:
    return read_frank(Path(root) / "frank")


def load_frank_human(root: Path) -> dict[tuple[str, str], Mapping[str, Any]]:
    """FRANK's summary-level human scores by (document hash, system)."""
    return dict(read_frank_human(Path(root) / "frank"))


def flag_id(doc: str, system: str, start: int) -> str:
    return f"{doc}/{system}/{start}"


def _flags(doc: FrankDoc, system: str) -> list[tuple[str, str]]:
    """(id, status) of every flag the checker raises on one system's summary."""
    report = check_figures(doc.article, doc.summaries[system])
    return [
        (flag_id(doc.hash, system, m.figure.start), m.status)
        for m in report.matches
        if m.status in ("unsupported", "unhedged")
    ]


def rank_correlation(ours: Sequence[float], human: Sequence[float]) -> dict[str, float | None]:
    if len(ours) < 3 or len(set(ours)) < 2 or len(set(human)) < 2:
        return {"kendall_tau": None, "spearman": None}
    return {
        "kendall_tau": round(float(stats.kendalltau(ours, human).statistic), 3),
        "spearman": round(float(stats.spearmanr(ours, human).statistic), 3),
    }


def frank_systems(root: Path, progress: bool = True) -> dict[str, Any]:
    """Per dataset and system: human factuality and error shares beside our figure flags,
    and the rank correlation across systems (the human scores are higher-is-better, our
    flag rates lower-is-better, so agreement shows as a negative correlation)."""
    docs = load_frank(root)
    human = load_frank_human(root)
    out: dict[str, Any] = {}
    for dataset, systems in SYSTEMS.items():
        rows: dict[str, dict[str, float]] = {}
        subset = [d for d in docs if d.dataset == dataset]
        for system in systems:
            n = with_flag = flags = unhedged = ent_circ = 0
            factuality = 0.0
            for doc in _progress(subset, f"frank {system}", len(subset), progress):
                h = human.get((doc.hash, system))
                if h is None or system not in doc.summaries:
                    continue
                statuses = [s for _, s in _flags(doc, system)]
                n += 1
                with_flag += "unsupported" in statuses
                flags += statuses.count("unsupported")
                unhedged += statuses.count("unhedged")
                factuality += float(h["Factuality"])
                ent_circ += float(h["EntE"]) < 1 or float(h["CircE"]) < 1
            if n:
                rows[system] = {
                    "summaries": n,
                    "human_factuality": round(factuality / n, 3),
                    "human_ent_circ_errors": round(ent_circ / n, 3),
                    "with_unsupported_figure": round(with_flag / n, 3),
                    "unsupported_per_summary": round(flags / n, 3),
                    "unhedged_per_summary": round(unhedged / n, 3),
                }
        names = list(rows)
        fact = [rows[s]["human_factuality"] for s in names]
        errs = [rows[s]["human_ent_circ_errors"] for s in names]
        correlations = {
            f"{ours} vs {theirs}": rank_correlation([rows[s][ours] for s in names], hum)
            for ours in ("with_unsupported_figure", "unsupported_per_summary")
            for theirs, hum in (("human_factuality", fact), ("human_ent_circ_errors", errs))
        }
        out[dataset] = {"systems": rows, "correlations": correlations}
    cnn = out.get("cnndm", {}).get("systems", {})
    if all(s in cnn for s in ("bart", "pgn", "bus", "s2s")):
        worst = min(cnn[s]["unsupported_per_summary"] for s in ("bus", "s2s"))
        best = max(cnn[s]["unsupported_per_summary"] for s in ("bart", "pgn"))
        out["least_faithful_flagged_more"] = worst > best
    return out


def load_judgements(path: Path | None = None) -> dict[str, tuple[str, str, str]]:
    """The committed judgements: id -> (dataset, status, verdict)."""
    if path is None:
        text = files("benchmark.validation").joinpath("judgements").joinpath(JUDGEMENTS)
        lines = text.read_text(encoding="utf-8").splitlines()
        where = JUDGEMENTS
    else:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        where = str(path)
    rows = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    out: dict[str, tuple[str, str, str]] = {}
    for n, row in enumerate(csv.DictReader(rows, delimiter="\t"), 2):
        verdict = row.get("verdict")
        if verdict not in ("correct", "false_alarm"):
            raise InputError(f"verdict {verdict!r}", path=where, line=n, field="verdict")
        out[row["id"]] = (row["dataset"], row["status"], verdict)
    return out


def flag_precision(
    root: Path, progress: bool = True, judgements: Mapping[str, tuple[str, str, str]] | None = None
) -> dict[str, Any]:
    """Per dataset and flag status: judged flags, correct ones, precision, unjudged flags."""
    judged = load_judgements() if judgements is None else judgements
    docs = load_frank(root)
    tally: Counter[tuple[str, str, str]] = Counter()
    for doc in _progress(docs, "frank flags", len(docs), progress):
        for system in SYSTEMS.get(doc.dataset, ()):
            if system not in doc.summaries:
                continue
            for fid, status in _flags(doc, system):
                verdict = judged.get(fid, ("", "", "unjudged"))[2]
                tally[doc.dataset, status, verdict] += 1
    out: dict[str, Any] = {}
    for dataset in SYSTEMS:
        rows: dict[str, Any] = {}
        for status in ("unsupported", "unhedged", "all"):
            keys = ("unsupported", "unhedged") if status == "all" else (status,)
            right = sum(tally[dataset, s, "correct"] for s in keys)
            wrong = sum(tally[dataset, s, "false_alarm"] for s in keys)
            rows[status] = {
                "judged": right + wrong,
                "correct": right,
                "precision": round(right / (right + wrong), 3) if right + wrong else None,
                "unjudged": sum(tally[dataset, s, "unjudged"] for s in keys),
            }
        out[dataset] = rows
    return out


def _qags_article(text: str) -> str:
    """QAGS's own detokenisation sets separators apart ("235, 000", "98. 7"): put back."""
    text = re.sub(r"(?<![\d,.])(\d{1,3}), (?=\d{3}\b)", r"\1,", text)
    return re.sub(r"(?<![\d.])(\d{1,4})\. (?=\d)", r"\1.", text)


def qags_precision(root: Path, progress: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dataset, rel in QAGS.items():
        path = Path(root) / rel
        if not path.exists():
            continue
        c: Counter[str] = Counter()
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        for row in _progress(rows, f"qags {dataset}", len(rows), progress):
            src = analyse(_qags_article(row["article"]))
            for s in row["summary_sentences"]:
                bad = sum(r["response"] == "no" for r in s["responses"]) * 2 > len(s["responses"])
                report = check_figures(src, s["sentence"])
                c["sentences"] += 1
                c["with_figures"] += bool(report.figures)
                c["with_figures_unsupported_by_humans"] += bool(report.figures) and bad
                c["flagged"] += bool(report.unsupported)
                c["flagged_unsupported_by_humans"] += bool(report.unsupported) and bad
        out[dataset] = {
            **c,
            "precision": round(c["flagged_unsupported_by_humans"] / c["flagged"], 3)
            if c["flagged"]
            else None,
            "base_rate": round(c["with_figures_unsupported_by_humans"] / c["with_figures"], 3)
            if c["with_figures"]
            else None,
        }
    return out


def _verdicts(source: str, text: str) -> tuple[list[Any], list[Any]]:
    report = check_figures(source, text)
    figures = [(m.figure.value, m.figure.unit, m.status) for m in report.matches]
    return figures, _cues(text)


def casing_invariance(root: Path, progress: bool = True) -> dict[str, Any]:
    docs = load_frank(root)
    c: Counter[str] = Counter()
    for doc in _progress(docs, "casing", len(docs), progress):
        if doc.reference and doc.reference_lower:
            c["references"] += 1
            c["references_equal"] += _verdicts(doc.article, doc.reference) == _verdicts(
                doc.article, doc.reference_lower
            )
        lowered = ptb_tokenise(doc.article)
        a, b = analyse(doc.article), analyse(lowered)
        c[f"articles_{doc.dataset}"] += 1
        same_figures = [(f.value, f.unit, f.hedged) for f in a.figures] == [
            (f.value, f.unit, f.hedged) for f in b.figures
        ]
        same_cues = _cues(doc.article) == _cues(lowered)
        c[f"articles_{doc.dataset}_equal"] += same_figures and same_cues

    def share(k: str) -> float | None:
        return round(c[f"{k}_equal"] / c[k], 3) if c[k] else None

    return {
        **c,
        "references_equal_share": share("references"),
        "articles_cnndm_equal_share": share("articles_cnndm"),
        "articles_xsum_equal_share": share("articles_xsum"),
    }


def _cues(text: str) -> list[tuple[str, str, bool]]:
    return [(x.layer, x.term, x.quoted) for x in find_wording_cues(text, include_quoted=True)]


def run_real_outputs(root: Path, *, progress: bool = True) -> dict[str, Any]:
    root = Path(root)
    out: dict[str, Any] = {"skipped": {}}
    if not (root / FRANK_ARTICLES).exists():
        out["skipped"]["frank"] = f"missing {FRANK_ARTICLES}"
    else:
        out["frank_systems"] = frank_systems(root, progress)
        out["flag_precision"] = flag_precision(root, progress)
        out["casing_invariance"] = casing_invariance(root, progress)
    qags = qags_precision(root, progress)
    if qags:
        out["qags_precision"] = qags
    else:
        out["skipped"]["qags"] = "missing qags/"
    return out


def _fmt(v: Any) -> str:
    return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def format_real_outputs(results: Mapping[str, Any]) -> str:
    lines: list[str] = []
    systems = results.get("frank_systems") or {}
    for dataset in SYSTEMS:
        block = systems.get(dataset)
        if not block:
            continue
        lines += [
            f"### FRANK {dataset}: figures against human factuality, per system",
            "",
            "| system | summaries | human factuality | with entity/circumstance errors (human) "
            "| with an unsupported figure (ours) | unsupported per summary "
            "| unhedged per summary |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, r in block["systems"].items():
            lines.append(
                f"| {name} | {r['summaries']} | {_fmt(r['human_factuality'])} | "
                f"{_fmt(r['human_ent_circ_errors'])} | {_fmt(r['with_unsupported_figure'])} | "
                f"{_fmt(r['unsupported_per_summary'])} | {_fmt(r['unhedged_per_summary'])} |"
            )
        lines += ["", "| ours vs human | Kendall tau | Spearman |", "|---|---|---|"]
        for pair, r in block["correlations"].items():
            lines.append(f"| {pair} | {_fmt(r['kendall_tau'])} | {_fmt(r['spearman'])} |")
        lines.append("")
    if "least_faithful_flagged_more" in systems:
        verdict = "pass" if systems["least_faithful_flagged_more"] else "FAIL"
        lines += [
            f"bus and s2s get more unsupported-figure flags per summary than bart and pgn: "
            f"{verdict}",
            "",
        ]
    precision = results.get("flag_precision") or {}
    if precision:
        lines += [
            "### Flag precision on FRANK system summaries (team judgements)",
            "",
            "| dataset | flags | judged | correct | precision | unjudged | target |",
            "|---|---|---|---|---|---|---|",
        ]
        for dataset, rows in precision.items():
            for status, r in rows.items():
                target = f">= {PRECISION_TARGET}" if dataset == "cnndm" and status == "all" else "-"
                lines.append(
                    f"| {dataset} | {status} | {r['judged']} | {r['correct']} | "
                    f"{_fmt(r['precision'])} | {r['unjudged']} | {target} |"
                )
        lines.append("")
    qags = results.get("qags_precision") or {}
    if qags:
        lines += [
            "### QAGS (held out): sentences with an unsupported figure that most annotators "
            "call unsupported",
            "",
            "| dataset | sentences | with figures | of which humans say unsupported | flagged | "
            "of which humans say unsupported | precision |",
            "|---|---|---|---|---|---|---|",
        ]
        for dataset, r in qags.items():
            lines.append(
                f"| {dataset} | {r['sentences']} | {r['with_figures']} | "
                f"{r['with_figures_unsupported_by_humans']} ({_fmt(r['base_rate'])}) | "
                f"{r['flagged']} | {r['flagged_unsupported_by_humans']} | "
                f"{_fmt(r['precision'])} |"
            )
        lines.append("")
    inv = results.get("casing_invariance") or {}
    if inv:
        lines += [
            "### Casing and tokenisation",
            "",
            f"- FRANK CNN/DM references, cased vs lower-cased as the pipeline wrote them: "
            f"{inv.get('references_equal', 0)} of {inv.get('references', 0)} give equal figure "
            f"and wording verdicts ({_fmt(inv.get('references_equal_share'))})",
            f"- FRANK articles vs their lower-cased PTB-tokenised form: CNN/DM "
            f"{inv.get('articles_cnndm_equal', 0)} of {inv.get('articles_cnndm', 0)} "
            f"({_fmt(inv.get('articles_cnndm_equal_share'))}), XSum "
            f"{inv.get('articles_xsum_equal', 0)} of {inv.get('articles_xsum', 0)} "
            f"({_fmt(inv.get('articles_xsum_equal_share'))})",
            "",
        ]
    for name, why in (results.get("skipped") or {}).items():
        lines.append(f"- {name} skipped: {why}")
    return "\n".join(lines).rstrip() + "\n"
