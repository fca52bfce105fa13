"""Real systems on a FRANK track: our scores of each system (from its leaderboard entry)
beside FRANK's human judgements of the same summaries, and the system-level rank
correlation between each of our metrics and the human scores.

Numbers only: the report names systems and metrics, never article or summary text.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.builders.frank import SYSTEMS, read_frank, read_frank_human
from benchmark.errors import InputError
from benchmark.validation.real_outputs import rank_correlation

# Our metrics in the report, per kind of reference; higher is better unless listed below.
_COMMON = (
    "figure_precision",
    "figure_hedge_kept",
    "figures_unsupported",
    "wording_bias",
    "wording_bias_introduced",
    "loaded_per_100w",
    "neutral_rate",
)
METRICS = {
    "cnndm": ("rouge1", "rouge2", "rougeLsum", *_COMMON),
    "xsum": ("headline_rouge1", "headline_rouge2", "headline_rougeL", *_COMMON),
}
HUMAN = ("factuality", "ent_error_share", "circ_error_share")
SYSTEM_SUFFIX = " (FRANK system output)"  # how the systems' entries are named on the board


def entry_name(system: str) -> str:
    return f"{system}{SYSTEM_SUFFIX}"


def system_prediction_digests(source: str | Path, dataset: str) -> dict[str, str]:
    """SHA-256 of each system's predictions file as `headline-bench track predictions`
    writes it."""
    from benchmark.builders.frank import system_predictions
    from benchmark.records import write_predictions
    from benchmark.scoring import file_sha256

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for system, preds in system_predictions(source, dataset).items():
            out[system] = file_sha256(write_predictions(Path(tmp) / f"{system}.jsonl", preds))
    return out


@dataclass(frozen=True)
class SystemRow:
    system: str
    n: int
    ours: Mapping[str, float | None]
    human: Mapping[str, float]


def human_scores(source: str | Path, dataset: str) -> dict[str, dict[str, float]]:
    """Per system: mean FRANK Factuality, and the share of summaries with at least one
    entity (EntE) or circumstance (CircE) error, over the track's documents."""
    ids = {d.hash for d in read_frank(source) if d.dataset == dataset}
    human = read_frank_human(source)
    out: dict[str, dict[str, float]] = {}
    for system in SYSTEMS[dataset]:
        rows = [r for (h, s), r in human.items() if s == system and h in ids]
        if not rows:
            continue
        n = len(rows)
        out[system] = {
            "factuality": sum(float(r["Factuality"]) for r in rows) / n,
            "ent_error_share": sum(float(r["EntE"]) < 1 for r in rows) / n,
            "circ_error_share": sum(float(r["CircE"]) < 1 for r in rows) / n,
            "n": float(n),
        }
    return out


def frank_report(entries: Sequence[Any], source: str | Path, dataset: str) -> dict[str, Any]:
    """Rows per system found on the board, and each metric's rank correlation with each
    human score across those systems."""
    if dataset not in SYSTEMS:
        raise InputError(f"must be one of {sorted(SYSTEMS)}", field="dataset")
    human = human_scores(source, dataset)
    # An entry is a system's when it scored exactly that system's predictions (the file
    # `track predictions` writes): names are free text anyone can submit under.
    by_sha = {e.predictions_sha256: e for e in entries}
    expected = system_prediction_digests(source, dataset)
    rows: list[SystemRow] = []
    for system in SYSTEMS[dataset]:
        entry = by_sha.get(expected.get(system, ""))
        if entry is None or system not in human:
            continue
        ours = {m: (entry.metrics.get(m) or {}).get("mean") for m in METRICS[dataset]}
        rows.append(SystemRow(system, entry.n_items, ours, human[system]))
    correlations: dict[str, dict[str, dict[str, float | None]]] = {}
    for m in METRICS[dataset]:
        kept = [r for r in rows if r.ours[m] is not None]
        correlations[m] = {
            h: rank_correlation([float(r.ours[m] or 0.0) for r in kept], [r.human[h] for r in kept])
            for h in HUMAN
        }
    return {"dataset": dataset, "rows": rows, "correlations": correlations}


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def format_frank_report(report: Mapping[str, Any], *, track: str, signature: str) -> str:
    rows: list[SystemRow] = report["rows"]
    metrics = METRICS[report["dataset"]]
    lines = [
        f"## {track}: real systems beside FRANK's human judgements",
        "",
        f"Scored with `{signature}`.",
        "",
        "| system | summaries | human factuality | with entity errors | with circumstance errors | "
        + " | ".join(metrics)
        + " |",
        "|---|---|---|---|---|" + "---|" * len(metrics),
    ]
    for r in rows:
        lines.append(
            f"| {r.system} | {r.n} | {_f(r.human['factuality'])} | "
            f"{_f(r.human['ent_error_share'])} | {_f(r.human['circ_error_share'])} | "
            + " | ".join(_f(r.ours[m]) for m in metrics)
            + " |"
        )
    lines += [
        "",
        f"Rank correlation across the {len(rows)} systems (Kendall tau / Spearman). Human "
        "factuality is higher-is-better and the error shares lower-is-better, so a metric "
        "that agrees with people correlates positively with factuality and negatively with "
        "the error shares if it is higher-is-better (figure_precision), and the other way "
        "round if lower-is-better (figures_unsupported, wording_bias, loaded_per_100w).",
        "",
        "| metric | vs factuality | vs entity errors | vs circumstance errors |",
        "|---|---|---|---|",
    ]
    for m in metrics:
        c = report["correlations"][m]
        cells = [f"{_f(c[h]['kendall_tau'])} / {_f(c[h]['spearman'])}" for h in HUMAN]
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
