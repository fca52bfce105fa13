"""All datasets: ``CHECKS`` in the order they run, ``run_all``, ``format_report`` and ``main``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmark.errors import InputError
from benchmark.validation.real_data.allsides import CHECK as ALLSIDES
from benchmark.validation.real_data.babe import CHECK as BABE
from benchmark.validation.real_data.basil import CHECK as BASIL
from benchmark.validation.real_data.common import DatasetCheck, DatasetResult, TermFinder
from benchmark.validation.real_data.ptc import CHECK as PTC
from benchmark.validation.real_data.summedits import CHECK as SUMMEDITS
from benchmark.validation.real_data.xsum_hallucinations import CHECK as XSUM

# --- all datasets -----------------------------------------------------------------------------

# In the order they run and are reported.
CHECKS: tuple[DatasetCheck, ...] = (SUMMEDITS, XSUM, BABE, BASIL, ALLSIDES, PTC)
DATASETS: dict[str, Callable[..., DatasetResult]] = {c.name: c.function for c in CHECKS}
# Files (or folders), relative to the data root.
DATASET_FILES: dict[str, tuple[str, ...]] = {c.name: c.files for c in CHECKS}


def _lexicon_problem() -> str | None:
    from benchmark.metrics.neutrality import load_lexicon

    try:
        load_lexicon()
    except FileNotFoundError as exc:
        return f"loaded-term lexicon missing ({exc.filename})"
    except InputError as exc:
        return f"loaded-term lexicon unreadable: {exc}"
    return None


def run_all(
    root: Path, *, progress: bool = True, find_terms: TermFinder | None = None
) -> dict[str, Any]:
    """Every dataset whose files exist under ``root``; the others are skipped with a note.

    The neutrality datasets use the bundled lexicon (skipped with a note when it is
    missing) unless ``find_terms`` is given. Returns plain JSON-ready data:
    ``{"root", "datasets": {name: result}, "skipped": {name: why}, "seconds":
    {name: s}, "total_seconds"}``.
    """
    root = Path(root)
    out: dict[str, Any] = {"root": str(root), "datasets": {}, "skipped": {}, "seconds": {}}
    lexicon_problem: str | None = None
    lexicon_checked = False
    t_all = time.perf_counter()
    for check in CHECKS:
        name = check.name
        missing = check.missing(root)
        if missing:
            out["skipped"][name] = f"missing {', '.join(missing)}"
            continue
        if check.needs_lexicon and find_terms is None:
            if not lexicon_checked:
                lexicon_problem, lexicon_checked = _lexicon_problem(), True
            if lexicon_problem:
                out["skipped"][name] = lexicon_problem
                continue
        t0 = time.perf_counter()
        result = check.run(root, progress=progress, find_terms=find_terms)
        out["seconds"][name] = round(time.perf_counter() - t0, 2)
        out["datasets"][name] = result.to_json()
    out["total_seconds"] = round(time.perf_counter() - t_all, 2)
    return out


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def format_report(results: Mapping[str, Any], *, examples: bool = True) -> str:
    """Markdown: one table row per dataset, then its secondary numbers and example misses.

    ``examples=False`` leaves out the quoted text of misses: the public data sets have
    licences that forbid copying their text into this repository's documents.
    """
    lines = [
        "| dataset | measure | value | n | target | result |",
        "|---|---|---|---|---|---|",
    ]
    datasets: Mapping[str, Mapping[str, Any]] = results.get("datasets", {})
    for name, r in datasets.items():
        counts = r.get("counts", {})
        n = next(
            (
                counts[k]
                for k in (
                    "number_edit_pairs",
                    "digit_spans",
                    "biased",
                    "outside",
                    "loaded_spans",
                    "left_headlines",
                )
                if k in counts
            ),
            "",
        )
        if name == "babe":
            n = f"{counts.get('biased', 0)} + {counts.get('non_biased', 0)}"
        elif name == "allsides":
            n = (
                f"{counts.get('left_headlines', 0) + counts.get('right_headlines', 0)} vs "
                f"{counts.get('center_headlines', 0) + counts.get('neutral_headlines', 0)}"
            )
        target = r.get("target")
        passed = r.get("passed")
        verdict = "n/a" if passed is None else ("pass" if passed else "FAIL")
        target_s = "-" if target is None else f">= {target:.2f}"
        lines.append(
            f"| {name} | {r.get('measure', '')} | {_fmt(r.get('value'))} | {n} | "
            f"{target_s} | {verdict} |"
        )
    for name, why in results.get("skipped", {}).items():
        lines.append(f"| {name} | skipped: {why} | - | - | - | skipped |")
    seconds = results.get("seconds", {})
    for name, r in datasets.items():
        lines += ["", f"### {name} ({_fmt(seconds.get(name))} s)", ""]
        nums = ", ".join(f"{k} {_fmt(v)}" for k, v in r.get("numbers", {}).items())
        if nums:
            lines.append(f"- numbers: {nums}")
        cnts = ", ".join(f"{k} {v}" for k, v in r.get("counts", {}).items())
        lines.append(f"- counts: {cnts}")
        lines += [
            f"- note: {note}" for note in r.get("notes", []) if examples or "examples" not in note
        ]
        if examples and r.get("misses"):
            lines += ["", "Example misses:", ""]
            lines += [f"- {_md(m)}" for m in r["misses"]]
        if examples and r.get("false_alarms"):
            lines += ["", "Example false alarms:", ""]
            lines += [f"- {_md(m)}" for m in r["false_alarms"]]
    if "total_seconds" in results:
        lines += ["", f"Total time: {_fmt(results['total_seconds'])} s"]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m benchmark.validation.real_data DATA_ROOT", file=sys.stderr)
        return 2
    print(format_report(run_all(Path(args[0]))))
    return 0
