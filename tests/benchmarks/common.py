"""What every benchmark shares: a result row (budget, measured, floor), medians, the table and the machine line.

Every figure is reported beside a floor measured in the same run on the same machine, so that a slow or busy
machine shows as a slow floor rather than as a missed budget. Budgets come from ../shared/DESIGN.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    case: str
    budget: float | None  # None: no budget in DESIGN.md, reported for information
    measured: float
    floor: float | None
    unit: str = "ms"
    at_least: bool = False  # the budget is a minimum (throughput), not a maximum

    @property
    def ok(self) -> bool | None:
        if self.budget is None:
            return None
        return self.measured >= self.budget if self.at_least else self.measured <= self.budget

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.measured / self.floor


def median_ms(call: Callable[[int], object], runs: int, warmup: int = 10) -> float:
    """Median wall time of `call(i)` in milliseconds, after `warmup` calls (caches, prepared statements)."""
    for i in range(warmup):
        call(i)
    times = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _number(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"
    if unit in ("MB", "saves/s"):
        return f"{value:.1f} {unit}"
    return f"{value:g}{(' ' + unit) if unit else ''}"


def table(results: Sequence[Result]) -> str:
    lines = [
        "| case | budget | measured median | floor | ratio | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        budget = "—" if r.budget is None else ("≥ " if r.at_least else "≤ ") + _number(r.budget, r.unit)
        floor = _number(r.floor, r.unit) if r.floor is not None else "—"
        ratio = "—" if r.ratio is None else f"{r.ratio:.1f}×" if r.ratio >= 1 else f"{r.ratio:.3f}×"
        result = "info" if r.ok is None else ("pass" if r.ok else "FAIL")
        lines.append(
            f"| {r.case} | {budget} | {_number(r.measured, r.unit)} | {floor} | {ratio} | {result} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """One line on where the figures come from (CPUs are shared on the CI and developer VMs: load matters)."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} CPUs ({model or '?'}), load average {load}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def run_child(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Run `code` in a fresh interpreter from the checkout; its stdout (it prints its figures)."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return out.stdout


def sqlite_url(arg: str) -> str:
    """A database URL, or a data folder holding the SQLite file of `demo --applications N`."""
    return arg if "://" in arg else f"sqlite:///{Path(arg) / 'microstation.sqlite3'}"
