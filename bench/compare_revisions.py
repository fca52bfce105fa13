"""Did a change slow scoring down? The same `headline-bench score` run on two checkouts, in one
script, alternating, on the same synthetic CNN/DM-shaped set.

A git revision (``--base``, default ``HEAD``) is checked out into a temporary worktree and
each repeat times, in turn, the base and the working tree: ``python -m benchmark.cli score``
cold (a fresh empty ``--cache-dir``) and then warm (the same cache), with the same
interpreter and packages, so only the project's code differs. Alternating spreads the
noise of a shared VM over both; the minimum of the repeats is compared (noise only adds
time). The ratio current/base of each mode is checked against ``--max-slowdown``
(default 1.15: at most 15% slower).

    python bench/compare_revisions.py --base 2f08a77 --size 11490 --repeat 2

The scores may differ (that is usually the point of the change); only time and memory are
compared. It exits 0 unless a run fails; with ``--check``, a slowdown over the limit exits 1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_set
from score_speed import REPO, CliRun, run_cli


def worktree(rev: str, where: Path) -> Path:
    path = where / "base"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "--force", str(path), rev],
        check=True,
        capture_output=True,
        text=True,
    )
    return path


def drop_worktree(path: Path) -> None:
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)],
        check=False,
        capture_output=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare against")
    parser.add_argument("--size", type=int, default=11490, help="articles in the set")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--backend", default="rouge-score", help="--rouge-backend of the CLI")
    parser.add_argument("--workers", type=int, default=0, help="--workers of the CLI")
    parser.add_argument("--max-slowdown", type=float, default=1.15)
    parser.add_argument("--json", type=Path, default=None, help="write every run here")
    parser.add_argument("--check", action="store_true", help="exit 1 over --max-slowdown")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="compare-revisions-"))
    base = worktree(args.base, tmp)
    rev = subprocess.run(
        ["git", "-C", str(base), "rev-parse", "--short", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    runs: dict[str, list[CliRun]] = {"base": [], "current": []}
    signatures: dict[str, str] = {}  # proof of which code ran: the signatures differ when
    # the change touched a metric
    try:
        dataset, predictions = write_set(tmp / "set", args.size)
        print(f"set of {args.size:,} articles; base {args.base} ({rev}) vs the working tree")
        for k in range(args.repeat):
            for name, repo in (("base", base), ("current", REPO)):
                cache = tmp / f"cache-{name}-{k}"
                for mode in ("cold", "warm"):
                    r = run_cli(
                        args.size,
                        dataset,
                        predictions,
                        tmp / f"out-{name}",
                        args.backend,
                        args.workers,
                        cache_dir=cache,
                        mode=mode,
                        repeat=k,
                        repo=repo,
                    )
                    runs[name].append(r)
                    res = json.loads((tmp / f"out-{name}" / "results.json").read_text("utf-8"))
                    signatures[name] = str(res["signature"])
                    print(
                        f"  #{k + 1} {name:<7} {mode}: {r.wall_s:6.1f} s, "
                        f"peak {r.peak_tree_mib:.0f} MiB",
                        flush=True,
                    )
                shutil.rmtree(cache, ignore_errors=True)
    finally:
        drop_worktree(base)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n| {args.size:,} articles, {args.backend} | base {rev} | current | ratio | limit |")
    print("|---|---|---|---|---|")
    slow = False
    for mode in ("cold", "warm"):
        b = min(r.wall_s for r in runs["base"] if r.mode == mode)
        c = min(r.wall_s for r in runs["current"] if r.mode == mode)
        ratio = c / b
        slow |= ratio > args.max_slowdown
        verdict = "PASS" if ratio <= args.max_slowdown else "MISS"
        print(
            f"| {mode} (fastest of {args.repeat}) | {b:.1f} s | {c:.1f} s | {ratio:.3f} | "
            f"<= {args.max_slowdown} {verdict} |"
        )
    for name in ("base", "current"):
        peak = max(r.peak_tree_mib for r in runs[name])
        print(f"{name}: peak memory {peak:.0f} MiB; signature {signatures[name]}")
    if args.json is not None:
        args.json.write_text(
            json.dumps({k: [asdict(r) for r in v] for k, v in runs.items()}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 1 if slow and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
