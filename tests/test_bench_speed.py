"""bench/score_speed.py's arithmetic: the speed-up over the naive loop, from the fastest runs
and per repeat from the naive loop run next to each CLI run (numbers worked out by hand)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def speed() -> ModuleType:
    # bench/ is not a package; the script puts itself on the path to import generate.py
    spec = importlib.util.spec_from_file_location("score_speed", BENCH / "score_speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_speed"] = module
    spec.loader.exec_module(module)
    return module


def _run(speed: ModuleType, mode: str, repeat: int, wall_s: float, size: int = 1000) -> object:
    return speed.CliRun(
        size=size,
        backend="rouge-score-rs",
        mode=mode,
        repeat=repeat,
        workers_arg=0,
        workers=2,
        wall_s=wall_s,
        articles_per_s=size / wall_s,
        s_per_article=wall_s / size,
        peak_tree_mib=500.0,
        peak_single_mib=300.0,
        max_processes=3,
        samples=10,
        cache_files=8,
        cache_mib=12.0,
    )


def _naive(speed: ModuleType, repeat: int, ms: float, size: int = 1000) -> object:
    return speed.NaiveRun(size, "rouge-score-rs", repeat, 100, ms / 10, ms / 1000)


def test_speed_up_is_fastest_naive_over_fastest_run_and_each_repeat_is_paired(
    speed: ModuleType,
) -> None:
    # repeat 0 on a slow stretch (naive 20 ms, cold 8 s), repeat 1 on a fast one (10 ms, 5 s)
    runs = [
        _run(speed, "cold", 0, 8.0),
        _run(speed, "warm", 0, 4.0),
        _run(speed, "cold", 1, 5.0),
        _run(speed, "warm", 1, 2.5),
    ]
    naive = [_naive(speed, 0, 20.0), _naive(speed, 1, 10.0)]
    rows = speed.make_rows(speed.summarise(runs), runs, naive)
    (row,) = rows["rouge-score-rs"]
    assert row.naive_s_per_article == pytest.approx(0.010)
    # fastest naive 10 ms over the fastest cold 5 ms and warm 2.5 ms an article
    assert row.cold_speedup == pytest.approx(2.0)
    assert row.warm_speedup == pytest.approx(4.0)
    # each repeat over its own naive loop: 20/8 and 10/5 cold, 20/4 and 10/2.5 warm
    assert row.cold_paired == pytest.approx((2.5, 2.0))
    assert row.warm_paired == pytest.approx((5.0, 4.0))
    text = speed.backend_table(rows["rouge-score-rs"], speed.summarise(runs), runs)
    assert "1,000 cold 2.5x/2.0x warm 5.0x/4.0x" in text


def test_each_size_uses_the_naive_loops_run_next_to_it(speed: ModuleType) -> None:
    runs = [
        _run(speed, "cold", 0, 4.0, size=1000),
        _run(speed, "warm", 0, 2.0, size=1000),
        _run(speed, "cold", 0, 30.0, size=10000),
        _run(speed, "warm", 0, 10.0, size=10000),
    ]
    naive = [_naive(speed, 0, 8.0, size=1000), _naive(speed, 0, 12.0, size=10000)]
    small, large = speed.make_rows(speed.summarise(runs), runs, naive)["rouge-score-rs"]
    assert (small.cold_speedup, small.warm_speedup) == pytest.approx((2.0, 4.0))
    assert (large.cold_speedup, large.warm_speedup) == pytest.approx((4.0, 12.0))
    assert large.cold_rel_s_per_article == pytest.approx(0.75)  # 3 ms over 4 ms an article
