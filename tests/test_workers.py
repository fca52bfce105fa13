"""How scoring work is spread over processes: results in order, the collector's settings
set and restored, workers forked even after a progress bar started tqdm's monitor."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading

import pytest
from tqdm import tqdm

from benchmark import workers
from benchmark.workers import GC_THRESHOLD, run_chunks, scoring_gc


def _square_and_pid(chunk: list[int]) -> tuple[list[int], int, int]:
    return [x * x for x in chunk], os.getpid(), gc.get_threshold()[0]


def test_run_chunks_keeps_order_in_process_and_in_a_pool() -> None:
    chunks = [[1, 2], [3], [4, 5, 6], [7]]
    here = list(run_chunks(_square_and_pid, chunks, 1))
    assert [r[0] for r in here] == [[1, 4], [9], [16, 25, 36], [49]]
    assert {r[1] for r in here} == {os.getpid()}
    pooled = list(run_chunks(_square_and_pid, chunks, 2, preload=(__name__,)))
    assert [r[0] for r in pooled] == [r[0] for r in here]
    assert os.getpid() not in {r[1] for r in pooled}
    # every worker scores with the raised threshold, however it was started
    assert {r[2] for r in pooled} == {GC_THRESHOLD}


def test_scoring_gc_sets_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with scoring_gc():
        assert gc.get_threshold()[0] == max(before[0], GC_THRESHOLD)
        assert gc.get_freeze_count() > 0  # what was loaded is out of the collector's walks
        with scoring_gc():  # nested: one setting, kept until the outer one ends
            assert gc.get_threshold()[0] == max(before[0], GC_THRESHOLD)
        assert gc.get_threshold()[0] == max(before[0], GC_THRESHOLD)
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_scoring_gc_is_restored_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), scoring_gc():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_scoring_gc_in_threads_ends_as_it_began() -> None:
    before = gc.get_threshold()
    inside = threading.Barrier(4)

    def use() -> None:
        with scoring_gc():
            inside.wait(timeout=10)  # all four are inside at once

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_a_progress_bar_does_not_keep_the_pool_from_forking() -> None:
    # a bar starts tqdm's monitor thread (datasets' loading bars do, before scoring)
    with open(os.devnull, "w") as sink, tqdm(total=1, file=sink) as bar:
        bar.update(1)
    assert any(isinstance(t, workers.TMonitor) for t in threading.enumerate())
    others = [t for t in threading.enumerate() if t is not threading.main_thread()]
    if any(not isinstance(t, workers.TMonitor) for t in others):
        pytest.skip("another thread runs in this test process")
    ctx = workers._mp_context(())
    assert ctx.get_start_method() == "fork"
    assert not any(isinstance(t, workers.TMonitor) for t in threading.enumerate())


def test_scoring_gc_keeps_a_callers_own_freeze_and_a_collector_turned_off() -> None:
    before = gc.get_threshold()
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        with scoring_gc():
            pass
        # the caller's frozen heap stays frozen (less what was freed meanwhile)
        assert frozen - 100 <= gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
    gc.set_threshold(0)
    try:
        with scoring_gc():
            assert gc.get_threshold()[0] == 0  # off stays off
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_a_scoring_stopped_by_an_error_shuts_its_pool_and_restores_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benchmark.records import Article, Prediction
    from benchmark.scoring import score_predictions

    before = gc.get_threshold()
    body = "Body text with 3 figures."
    arts = [Article(f"a{k}", "Head", ("One.",), body, "test") for k in range(40)]
    preds = [Prediction(a.id, "Head", ("One.",)) for a in arts]

    class StopError(Exception):
        pass

    calls = {"n": 0}

    def update(self: object, n: int = 1) -> None:  # the bar: raise in the loop, as Ctrl-C does
        calls["n"] += 1
        raise StopError

    monkeypatch.setattr("benchmark.scoring.tqdm.update", update)
    with pytest.raises(StopError) as info:
        score_predictions(arts, preds, workers=2)
    assert calls["n"] == 1
    # while the traceback is still held (a REPL or a test report holds it), nothing is left
    assert info.value.__traceback__ is not None
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    assert multiprocessing.active_children() == []
