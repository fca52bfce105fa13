"""How fast the paired bootstrap is on a full test split, against a naive loop and 10 s.

``benchmark.aggregate.paired_bootstrap`` resamples the same articles for two systems
(Koehn 2004). It runs in two places, each time once per metric and pair of systems,
one call after another:

* ``headline-bench check --paired`` (``benchmark/check.py``): one call per ranked metric
  that dropped; by default ``check`` compares every ranked metric both runs have (those
  of ``HIGHER_IS_BETTER`` with a direction: 32 in a run without a wording model, 34 with
  one), so the worst case, every metric dropped, is one call per ranked metric;
* the leaderboard's dagger (``leaderboard/render.py``, ``tied_with_leader``): one call per
  entry but the leader, on the board's primary metric only.

With ``--n`` articles (default 11,490, the CNN/DailyMail test split), ``--samples``
resamples (default the project's ``DEFAULT_SAMPLES``) and synthetic per-article scores
(seeded ``numpy.random.default_rng``, about ``--none-rate`` of them None, as absent
scores are at both call sites) the script times, best of ``--repeat`` runs each:

1. ``single``: one ``paired_bootstrap`` call, one metric;
2. ``check, bootstrap only``: one call per ranked metric (all 34), as ``check --paired``
   makes them when every metric dropped;
3. ``check --paired, end to end``: ``benchmark.check.check(paired=True)`` itself on a
   synthetic ``results.json`` + ``scores.jsonl`` pair in a temporary folder (the baseline
   of ``ci/baseline-lead3`` as a template, n lines each, every ranked metric of it (32)
   made to drop so every one is tested); this includes loading and validating both
   results and reading each ``scores.jsonl`` twice per tested metric, as ``check`` does;
4. ``leaderboard dagger``: ``leaderboard.render.tied_with_leader`` itself on ``--entries``
   synthetic entries (one call per entry but the leader, primary ``rouge2``);
5. ``leaderboard dagger x PER_ARTICLE_METRICS``: the same for every metric of
   ``leaderboard.entries.PER_ARTICLE_METRICS`` as primary (an upper bound: the board
   tests only its primary metric today).

and, in the same run, a naive reference (``naive_paired_bootstrap`` below): the same
statistic with a Python loop per resample, drawing each resample's indices from the same
seeded generator and summing the differences in Python. Its numbers must match
``paired_bootstrap`` (else the script exits 1); the ratio column is naive seconds over
measured seconds, with the naive time of a workload estimated as calls x the naive single
call (the end-to-end check row has no ratio: its time is not all bootstrap).

Peak memory: each workload is run once more, untimed, under ``tracemalloc`` (numpy
reports its buffers to it), and the process's peak RSS (``resource.getrusage``) is
printed at the end.

    python bench/paired_bootstrap_speed.py                 # 11,490 articles, 1000 resamples
    python bench/paired_bootstrap_speed.py --n 2000 --repeat 1   # a quick smoke run

The full run takes about 4 to 5 minutes on 2 cores, nearly all of it the end-to-end
``check`` row (each run of it is timed ``--repeat`` times, once as warm-up and once more
under ``tracemalloc``).

It prints a markdown table with PASS/MISS against the 10 s limit for each workload. It
exits 0 unless the naive reference disagrees; with ``--check`` a MISS exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # bench/ is not a package; the repo holds benchmark/

from benchmark.aggregate import (  # noqa: E402
    DEFAULT_CONFIDENCE,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    PairedTest,
    metric_rng,
    paired_bootstrap,
)
from benchmark.check import check  # noqa: E402
from benchmark.scoring import HIGHER_IS_BETTER  # noqa: E402
from leaderboard.entries import PER_ARTICLE_METRICS, Board, Entry  # noqa: E402
from leaderboard.render import tied_with_leader  # noqa: E402

LIMIT_S = 10.0
RANKED = tuple(m for m, hib in HIGHER_IS_BETTER.items() if hib is not None)
TEMPLATE = REPO / "ci" / "baseline-lead3"

Scores = list[float | None]


# --- the naive reference ------------------------------------------------------------


def naive_paired_bootstrap(
    a: Sequence[float | None],
    b: Sequence[float | None],
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    metric: str = "paired",
) -> PairedTest:
    """The reference: one resample at a time, its mean a Python sum over the drawn articles.

    Indices come from the same generator (``metric_rng``) one resample (row) at a time,
    which draws the same stream as ``paired_bootstrap``'s index matrices; percentiles use
    numpy's default (linear) rule on the sorted means, written out.
    """
    diff = [x - y for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    xs = [x for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    ys = [y for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    n = len(diff)
    if n == 0:
        raise ValueError("no article has both scores")
    rng = metric_rng(seed, metric)
    means: list[float] = []
    for _ in range(samples):
        idx = rng.integers(0, n, size=n).tolist()
        total = 0.0
        for i in idx:
            total += diff[i]
        means.append(total / n)
    ordered = sorted(means)

    def quantile(q: float) -> float:
        pos = q * (samples - 1)
        lo = int(pos)
        hi = min(lo + 1, samples - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    alpha = (1.0 - confidence) / 2.0
    delta = sum(diff) / n
    if all(d == 0 for d in diff):
        p = 1.0
    else:
        side = sum(m <= 0 for m in means) if delta > 0 else sum(m >= 0 for m in means)
        p = min(1.0, 2.0 * side / samples)
    return PairedTest(sum(xs) / n, sum(ys) / n, delta, quantile(alpha), quantile(1.0 - alpha), p, n)


def _agree(fast: PairedTest, naive: PairedTest) -> bool:
    """Same test up to float summation order (numpy sums pairwise, the loop left to right)."""
    close = all(
        abs(f - s) <= 1e-12 * max(1.0, abs(f))
        for f, s in [
            (fast.mean_a, naive.mean_a),
            (fast.mean_b, naive.mean_b),
            (fast.delta, naive.delta),
            (fast.low, naive.low),
            (fast.high, naive.high),
        ]
    )
    return close and fast.p_value == naive.p_value and fast.n == naive.n


# --- synthetic scores -----------------------------------------------------------------


def scores(rng: np.random.Generator, n: int, none_rate: float, shift: float = 0.0) -> Scores:
    """Per-article scores in [0, 1] (ROUGE-like), about ``none_rate`` of them None."""
    vals = np.clip(rng.beta(2.0, 5.0, size=n) + shift, 0.0, 1.0)
    absent = rng.random(n) < none_rate
    return [None if gone else float(v) for v, gone in zip(vals, absent, strict=True)]


def board_entries(
    rng: np.random.Generator, n: int, count: int, none_rate: float
) -> tuple[Board, list[Entry]]:
    ids = tuple(f"article-{i:05d}" for i in range(n))
    board = Board(Path("."), "bench", "synthetic", "test", "sig", PER_ARTICLE_METRICS, "rouge2")
    entries = []
    for k in range(count):
        # small shifts: some entries tie with the leader, some don't
        per = {m: scores(rng, n, none_rate, shift=0.002 * k) for m in PER_ARTICLE_METRICS}
        metrics = {
            m: {"mean": float(np.mean([v for v in vals if v is not None]))}
            for m, vals in per.items()
        }
        entries.append(
            Entry(
                id=f"entry-{k:02d}",
                name=f"system {k}",
                model_url=None,
                description=None,
                submitted=f"2026-11-{k + 1:02d}T00:00:00Z",
                signature="sig",
                predictions_sha256="0" * 64,
                n_items=n,
                metrics=metrics,
                per_article=per,
                article_ids=ids,
            )
        )
    return board, entries


def write_check_runs(
    folder: Path, rng: np.random.Generator, n: int, none_rate: float
) -> tuple[Path, Path, int]:
    """A baseline and a new run of n articles where every ranked metric dropped."""
    template = json.loads((TEMPLATE / "results.json").read_text(encoding="utf-8"))
    details = [
        json.loads(line)["details"]
        for line in (TEMPLATE / "scores.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]  # real per-article details, so lines are as long as real ones
    names = list(template["metrics"])
    ranked = [m for m in names if HIGHER_IS_BETTER.get(m) is not None]
    runs = []
    for label, shift in (("baseline", 0.0), ("new", -0.01)):
        run = folder / label
        run.mkdir()
        per = {m: scores(rng, n, none_rate) for m in names}
        lines = []
        for i in range(n):
            obj = {
                "id": f"article-{i:05d}",
                "scores": {m: per[m][i] for m in names},
                "details": details[i % len(details)],
            }
            lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
        (run / "scores.jsonl").write_text("".join(lines), encoding="utf-8")
        res = json.loads(json.dumps(template))
        res["n_items"] = n
        for m in names:
            old = template["metrics"][m]["mean"]
            if old is not None and m in ranked:
                worse = shift if HIGHER_IS_BETTER[m] else -shift
                res["metrics"][m]["mean"] = old + worse
        (run / "results.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
        runs.append(run)
    return runs[1], runs[0], len(ranked)


# --- timing -----------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    calls: int
    best_s: float
    runs: list[float]
    peak_mib: float
    naive_est_s: float | None


def best_of(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def traced_peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=11490, help="articles (default 11490)")
    ap.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help="bootstrap resamples")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per workload (best kept)")
    ap.add_argument("--entries", type=int, default=10, help="leaderboard entries")
    ap.add_argument("--none-rate", type=float, default=0.05, help="share of absent scores")
    ap.add_argument("--data-seed", type=int, default=0, help="seed of the synthetic scores")
    ap.add_argument("--check", action="store_true", help="exit 1 when a workload misses 10 s")
    args = ap.parse_args(argv)
    if args.n < 1 or args.samples < 1 or args.repeat < 1 or args.entries < 2:
        ap.error("--n, --samples, --repeat must be >= 1 and --entries >= 2")

    rng = np.random.default_rng(args.data_seed)
    n, samples, repeat = args.n, args.samples, args.repeat
    pairs = {m: (scores(rng, n, args.none_rate), scores(rng, n, args.none_rate)) for m in RANKED}
    board, entries = board_entries(rng, n, args.entries, args.none_rate)
    tmp = Path(tempfile.mkdtemp(prefix="paired-bootstrap-speed-"))
    try:
        new_run, old_run, check_metrics = write_check_runs(tmp, rng, n, args.none_rate)

        a, b = pairs["rouge2"]

        def single() -> PairedTest:
            return paired_bootstrap(a, b, samples=samples, metric="rouge2")

        def check_bootstrap() -> None:
            for m, (x, y) in pairs.items():
                paired_bootstrap(x, y, samples=samples, metric=m)

        def check_e2e() -> None:
            rows = check(new_run, old_run, paired=True, samples=samples)
            tested = sum(r.p_value is not None for r in rows)
            if tested != check_metrics:
                raise RuntimeError(f"check tested {tested} metrics, expected {check_metrics}")

        def dagger() -> dict[str, bool]:
            return tied_with_leader(board, entries, samples=samples)

        def dagger_all() -> None:
            for m in PER_ARTICLE_METRICS:
                tied_with_leader(replace(board, primary=m), entries, samples=samples)

        # the naive reference, in this run, on the single call's input
        naive_runs = best_of(
            lambda: naive_paired_bootstrap(a, b, samples=samples, metric="rouge2"), repeat
        )
        naive_s = min(naive_runs)
        fast, naive = single(), naive_paired_bootstrap(a, b, samples=samples, metric="rouge2")
        agree = _agree(fast, naive)

        others = len(entries) - 1
        workloads: list[tuple[str, int, Callable[[], object], bool]] = [
            ("single call, 1 metric", 1, single, True),
            (
                f"check --paired, bootstrap only ({len(RANKED)} ranked metrics)",
                len(RANKED),
                check_bootstrap,
                True,
            ),
            (
                f"check --paired, end to end ({check_metrics} metrics, files)",
                check_metrics,
                check_e2e,
                False,
            ),
            (f"leaderboard dagger ({len(entries)} entries, primary only)", others, dagger, True),
            (
                f"leaderboard dagger x {len(PER_ARTICLE_METRICS)} PER_ARTICLE_METRICS "
                f"({len(entries)} entries)",
                others * len(PER_ARTICLE_METRICS),
                dagger_all,
                True,
            ),
        ]
        rows = []
        for name, calls, fn, all_bootstrap in workloads:
            fn()  # warm-up: imports, first-touch pages
            runs = best_of(fn, repeat)
            rows.append(
                Row(
                    name,
                    calls,
                    min(runs),
                    runs,
                    traced_peak_mib(fn),
                    naive_s * calls if all_bootstrap else None,
                )
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    rss_mib = rss / 2**20 if sys.platform == "darwin" else rss / 1024
    paired_n = fast.n
    print(f"# paired_bootstrap speed, {datetime.now().isoformat(timespec='seconds')}")
    print()
    print(
        f"n = {n} articles ({paired_n} with both scores in the single call, none-rate "
        f"{args.none_rate}), {samples} resamples, seed {DEFAULT_SEED}, best of {repeat}; "
        f"limit {LIMIT_S:.0f} s per workload."
    )
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, numpy "
        f"{np.__version__}, {os.cpu_count()} CPUs."
    )
    print()
    print(
        "| workload | paired_bootstrap calls | best s | all runs s | naive s (est.) "
        "| naive / measured | tracemalloc peak MiB | 10 s |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---|")
    missed = False
    for r in rows:
        ok = r.best_s <= LIMIT_S
        missed |= not ok
        naive_cell = "—" if r.naive_est_s is None else f"{r.naive_est_s:.1f}"
        ratio = "—" if r.naive_est_s is None else f"{r.naive_est_s / r.best_s:.0f}x"
        print(
            f"| {r.name} | {r.calls} | {r.best_s:.3f} | "
            f"{', '.join(f'{t:.3f}' for t in r.runs)} | {naive_cell} | {ratio} | "
            f"{r.peak_mib:.1f} | {'PASS' if ok else 'MISS'} |"
        )
    print()
    print(
        f"Naive reference (`naive_paired_bootstrap`, Python loop per resample), single call: "
        f"best {naive_s:.3f} s (runs {', '.join(f'{t:.3f}' for t in naive_runs)}); "
        f"naive estimate of a workload = calls x {naive_s:.3f} s. "
        f"Same numbers as paired_bootstrap: {'yes' if agree else 'NO'} "
        f"(p = {fast.p_value} vs {naive.p_value}, interval [{fast.low:.6f}, {fast.high:.6f}] "
        f"vs [{naive.low:.6f}, {naive.high:.6f}])."
    )
    print(f"Process peak RSS (getrusage): {rss_mib:.0f} MiB.")
    if not agree:
        print("ERROR: the naive reference disagrees with paired_bootstrap", file=sys.stderr)
        return 1
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
