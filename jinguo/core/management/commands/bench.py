"""`manage.py bench <area>`: median timings of what users get, checked against the budgets of DESIGN.md.

An app joins by shipping `benchmarks.py` with `BENCHMARKS = {"area": run}`, where `run(options)`
returns a BenchReport; this command finds those modules itself. Benchmarks are not tests: run them
on PostgreSQL at full size (see docs/performance.md); CI only smoke-tests them at tiny size.
"""

import os
import platform
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from jinguo.core.benchmarking import BenchOptions, Measurement, Runner


def discover() -> dict[str, Runner]:
    """BENCHMARKS of every jinguo app that has a `benchmarks` module."""
    found: dict[str, Runner] = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("jinguo."):
            continue
        module_name = f"{app.name}.benchmarks"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.update(getattr(module, "BENCHMARKS", {}))
    return found


# --- the environment -----------------------------------------------------------------------------


def _proc_value(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine_info() -> str:
    cpu = _proc_value("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    memory = _proc_value("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024**2:.1f} GB RAM" if memory else "RAM unknown"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return f"{cpu} · {os.cpu_count()} cores · {ram} · load average {load}"


def database_info() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


# --- output -------------------------------------------------------------------------------------

HEADER = ("measurement", "median", "p95", "runs", "budget", "result", "note")


def _row(measurement: Measurement) -> tuple[str, ...]:
    verdict = {True: "PASS", False: "FAIL", None: "—"}[measurement.passed]
    if measurement.rate is not None:
        minimum = f"≥ {measurement.min_rate:,.0f} {measurement.rate_unit}" if measurement.min_rate else "—"
        rate = f"{measurement.rate:,.0f} {measurement.rate_unit}"
        return (measurement.name, rate, "—", "1", minimum, verdict, measurement.note)
    if not measurement.samples_ms:
        return (measurement.name, "—", "—", "0", "—", verdict, measurement.note)
    budget = f"< {measurement.budget_ms:g} ms" if measurement.budget_ms is not None else "—"
    return (
        measurement.name,
        f"{measurement.median_ms:.1f} ms",
        f"{measurement.p95_ms:.1f} ms",
        str(len(measurement.samples_ms)),
        budget,
        verdict,
        measurement.note,
    )


def render_table(measurements: list[Measurement]) -> list[str]:
    rows = [HEADER, *(_row(measurement) for measurement in measurements)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return [lines[0], "  ".join("-" * width for width in widths), *lines[1:]]


class Command(BaseCommand):
    help = "Run the benchmarks of an area (e.g. `bench tree`) and print median timings against their budgets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="which benchmarks, e.g. tree")
        parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement (default 20)")
        parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
        parser.add_argument("--units", type=int, help="size of the data to build if it is missing")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: object, **options: Any) -> None:
        runners = discover()
        if options["area"] not in runners:
            raise CommandError(f"Unknown area {options['area']!r}; known: {', '.join(sorted(runners)) or 'none'}.")
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: query logging adds to every timing (JINGUO_DEBUG=0).")
        bench_options = BenchOptions(
            runs=options["runs"],
            warmup=options["warmup"],
            units=options["units"],
            seed=options["seed"],
            log=self.stdout.write,
        )
        self.stdout.write(f"bench {options['area']} · {timezone.localtime():%Y-%m-%d %H:%M %Z}")
        self.stdout.write(f"machine: {machine_info()}")
        self.stdout.write(f"database: {database_info()}")
        report = runners[options["area"]](bench_options)
        self.stdout.write("data: " + ", ".join(f"{count:,} {what}" for what, count in report.data_size.items()))
        self.stdout.write("")
        for line in render_table(report.measurements):
            self.stdout.write(line)
        failed = [m.name for m in report.measurements if m.passed is False]
        self.stdout.write("")
        self.stdout.write(self.style.ERROR(f"over budget: {', '.join(failed)}") if failed else "all within budget")
        self.stdout.write(f"load average after: {machine_info().rsplit('load average ', 1)[1]}")
