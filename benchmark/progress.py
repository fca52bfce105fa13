"""Progress that a log can read: one tqdm bar on a terminal, plain lines anywhere else.

A tqdm bar redraws itself with carriage returns, which a log file keeps as one long
garbled line; when stderr is not a terminal, :func:`progress_bar` writes a plain line
now and then and one when the work is done. :func:`quiet_datasets` turns off the bars
``datasets`` draws on its own (``save_to_disk``, ``to_parquet``, ``map``) for steps the
command line reports itself.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Protocol, TextIO

from tqdm.auto import tqdm


class Bar(Protocol):
    """What callers use of a progress bar (tqdm's names)."""

    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...

    def __enter__(self) -> Bar: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> object: ...


class LineProgress:
    """tqdm's ``update``/``close`` for a log: a whole line every ``interval`` seconds, and
    one at the end (``parsing articles: 48/48 files (100%, 0.2 s)``)."""

    def __init__(
        self,
        *,
        total: int | None,
        desc: str,
        unit: str,
        initial: int = 0,
        file: TextIO | None = None,
        interval: float = 10.0,
    ) -> None:
        self.total = total
        self.desc = desc
        self.unit = unit
        self.n = initial
        self.file = file
        self.interval = interval
        self._start = self._last = time.monotonic()
        self._closed = False

    def update(self, n: int = 1) -> None:
        self.n += n
        if time.monotonic() - self._last >= self.interval:
            self._line()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._line()

    def _line(self) -> None:
        self._last = time.monotonic()
        done = f"{self.n}/{self.total}" if self.total is not None else str(self.n)
        share = f"{100 * self.n // self.total}%, " if self.total else ""
        print(
            f"{self.desc}: {done} {self.unit}s ({share}{self._last - self._start:.1f} s)",
            file=self.file or sys.stderr,
            flush=True,
        )

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def progress_bar(
    *,
    total: int | None,
    desc: str,
    unit: str,
    initial: int = 0,
    disable: bool = False,
) -> Bar:
    """A tqdm bar when stderr is a terminal, else a :class:`LineProgress`; nothing when
    ``disable``."""
    if disable or is_terminal():
        bar: Bar = tqdm(total=total, initial=initial, desc=desc, unit=unit, disable=disable)
        return bar
    return LineProgress(total=total, desc=desc, unit=unit, initial=initial)


@contextmanager
def quiet_datasets() -> Iterator[None]:
    """``datasets``' own progress bars off inside the block, as they were after it."""
    import datasets

    was_off = datasets.are_progress_bars_disabled()
    with warnings.catch_warnings():  # HF_DATASETS_DISABLE_PROGRESS_BARS=0 wins, silently
        warnings.simplefilter("ignore")
        datasets.disable_progress_bars()
    try:
        yield
    finally:
        if not was_off:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                datasets.enable_progress_bars()
