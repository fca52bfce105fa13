"""Aggregation of per-item scores: means with seeded bootstrap confidence intervals.

rouge-score's ``BootstrapAggregator`` draws from the unseeded global RNG, so two
runs of the same scores give different intervals; here every metric's resampling
comes from its own generator seeded by (seed, metric name), so intervals depend
only on the scores, the seed and the sample count.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_SEED = 12345
DEFAULT_SAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Aggregate:
    mean: float | None
    low: float | None
    high: float | None
    n: int  # items that have this score (absent ones are skipped, not zero)

    def to_json(self) -> dict[str, float | int | None]:
        return {"mean": self.mean, "low": self.low, "high": self.high, "n": self.n}


def metric_rng(seed: int, metric: str) -> np.random.Generator:
    """The generator for one metric's resampling: independent of other metrics and of order."""
    return np.random.default_rng([seed, zlib.crc32(metric.encode("utf-8"))])


def bootstrap_ci(
    values: Sequence[float] | np.ndarray,
    *,
    rng: np.random.Generator,
    samples: int = DEFAULT_SAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[float, float]:
    """Percentile interval of the mean over ``samples`` resamples with replacement."""
    arr = np.asarray(values, dtype=np.float64)
    n = arr.size
    if n == 0:
        raise ValueError("no values to bootstrap")
    means = np.empty(samples, dtype=np.float64)
    chunk = max(1, 4_000_000 // n)  # bound memory: at most ~32 MB of indices at a time
    for start in range(0, samples, chunk):
        stop = min(samples, start + chunk)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = arr[idx].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return float(low), float(high)


def aggregate(
    items: Sequence[Mapping[str, float | None]],
    metrics: Sequence[str],
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
) -> dict[str, Aggregate]:
    """Mean and bootstrap interval of each metric over the items that have it."""
    out: dict[str, Aggregate] = {}
    for name in metrics:
        vals = [float(v) for it in items if (v := it.get(name)) is not None]
        if not vals:
            out[name] = Aggregate(None, None, None, 0)
            continue
        low, high = bootstrap_ci(
            vals, rng=metric_rng(seed, name), samples=samples, confidence=confidence
        )
        out[name] = Aggregate(float(np.mean(vals)), low, high, len(vals))
    return out
