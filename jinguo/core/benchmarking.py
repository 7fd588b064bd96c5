"""What a benchmark area provides and returns: `python manage.py bench <area>` discovers
`jinguo.<app>.benchmarks.BENCHMARKS` and prints their measurements."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


@dataclass(frozen=True)
class BenchOptions:
    runs: int = 20
    warmup: int = 3
    units: int | None = None  # size of the data to build when it is missing; None: the area's default
    seed: int = 0
    log: Callable[[str], None] = print


@dataclass
class Measurement:
    """A timed read (samples in ms, budget on the median) or a throughput (rate, budget as a minimum)."""

    name: str
    samples_ms: list[float] = field(default_factory=list)
    budget_ms: float | None = None
    rate: float | None = None
    rate_unit: str = ""
    min_rate: float | None = None
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def passed(self) -> bool | None:
        if self.rate is not None and self.min_rate is not None:
            return self.rate >= self.min_rate
        if self.samples_ms and self.budget_ms is not None:
            return self.median_ms < self.budget_ms
        return None


@dataclass
class BenchReport:
    measurements: list[Measurement]
    data_size: dict[str, int] = field(default_factory=dict)


Runner = Callable[[BenchOptions], BenchReport]


def time_runs(prepare: Callable[[int], T], act: Callable[[T], object], options: BenchOptions) -> list[float]:
    """Milliseconds of `act(prepare(i))` for each run after the warm-up; only `act` is timed."""
    samples = []
    for run in range(options.warmup + options.runs):
        argument = prepare(run)
        started = time.perf_counter()
        act(argument)
        if run >= options.warmup:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def analyze(*tables: str) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL). Outside a transaction also VACUUM, for
    the visibility map (index-only scans); inside one (a test) VACUUM is not allowed."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {', '.join(tables)}")
