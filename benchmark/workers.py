"""Running chunks of scoring work, in this process or in a pool of worker processes, with
the garbage collector set for it.

Kept apart from :mod:`benchmark.scoring` (what a chunk's work is) because how work is
spread over processes is a concern of its own: the start method, the progress thread that
decides it, the collector's settings in the parent and in each worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from tqdm import TMonitor

from benchmark.aggregate import available_cpus

T = TypeVar("T")
R = TypeVar("R")

# Below this many articles per worker, starting processes costs more than it saves.
MIN_ARTICLES_PER_WORKER = 200


def resolve_workers(workers: int | None, n_items: int) -> int:
    """``None`` or 0: one process per available CPU, enough articles each; else ``workers``."""
    if workers is not None and workers < 0:
        raise ValueError(f"workers must be >= 0, got {workers}")
    if workers:
        return max(1, min(workers, n_items))
    return max(1, min(available_cpus(), n_items // MIN_ARTICLES_PER_WORKER))


def run_chunks(
    task: Callable[[T], R], chunks: Sequence[T], n_workers: int, *, preload: Sequence[str] = ()
) -> Generator[R, None, None]:
    """``task(chunk)`` for each chunk, in order: here when ``n_workers`` is 1, else in a pool
    of that many processes. ``preload`` names modules a worker started from a fresh
    interpreter imports before its first task (forked workers have the parent's)."""
    with scoring_gc():
        if n_workers == 1:
            for chunk in chunks:
                yield task(chunk)
            return
        ctx = _mp_context(preload)
        with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=_init_worker) as pool:
            yield from pool.map(task, chunks)


# Scoring makes millions of short-lived, acyclic objects (tokens, matches, figures). With
# the default threshold (700) the cyclic collector runs every few hundred of them and,
# every tenth and hundredth run, walks the older objects too, the loaded dataset
# included: about a fifth of the scoring time. Cycles are still collected, less often.
GC_THRESHOLD = 50_000

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, int, int] = (700, 10, 10)
_gc_froze = False  # whether this module froze the heap (and so unfreezes it)


@contextmanager
def scoring_gc() -> Iterator[None]:
    """The collector set for scoring: what is loaded now (dataset, lexicons) frozen, so that
    no collection walks it, and collections rarer; as it was afterwards. Nested or
    concurrent uses share one setting, restored when the last one ends. A program that
    manages the collector itself keeps its choice: a heap it froze is neither frozen further
    nor unfrozen, and a collector it turned off (threshold 0) stays off."""
    global _gc_depth, _gc_saved, _gc_froze
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            _gc_froze = gc.get_freeze_count() == 0
            if _gc_froze:
                gc.freeze()
            if _gc_saved[0] > 0:
                gc.set_threshold(max(_gc_saved[0], GC_THRESHOLD), *_gc_saved[1:])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_saved)
                if _gc_froze:
                    gc.unfreeze()


def _init_worker() -> None:
    # A forked worker has the parent's setting already; one started afresh sets its own.
    if gc.get_threshold()[0] < GC_THRESHOLD:
        gc.freeze()  # the modules it has imported
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _stop_bar_monitors() -> None:
    # tqdm's monitor thread (started by any bar: datasets' loading bars too) only looks for
    # stalled bars; stopped, it no longer keeps the pool from forking its workers, which
    # then start at once, with the parent's frozen heap, instead of importing afresh.
    for thread in threading.enumerate():
        if isinstance(thread, TMonitor):
            thread.exit()  # type: ignore[no-untyped-call]  # tqdm has no annotations


def _mp_context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    _stop_bar_monitors()
    methods = multiprocessing.get_all_start_methods()
    # fork is cheapest and, unlike spawn, does not re-run the caller's unguarded script;
    # it is unsafe only when other threads may hold locks, so then fork from a clean server.
    # Threads of native libraries are not counted: Arrow's and OpenBLAS's pools re-create
    # themselves after a fork, and a worker uses neither (it scores Article records).
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")
