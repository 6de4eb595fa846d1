"""Run a suite: every instance by the planner and by each baseline, each in its own process.

The parent only starts workers (`scheduler.bench.worker`), watches them and collects what
they report. It polls each worker's resident memory and stops one that passes the memory
limit, so that one runaway model cannot take the shared machine down; the peak a worker
reports itself (``getrusage``) is the figure recorded.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.bench.suite import RERUN, SOLVER, Entry, Suite

POLL_S = 0.2
SEPARATE_PROCESS = ("highs", "lp-bound")
"""Baselines that need a process without OR-Tools (see `scheduler.baselines.common`)."""


@dataclass(frozen=True)
class RunOptions:
    time_limit: float | None = None
    """Overrides every instance's time limit."""
    workers: int = 2
    seed: int = 0
    baselines: tuple[str, ...] | None = None
    """Overrides the suite's baselines."""
    repeat: int = 1
    """Runs per method; times are the median, the plan is the median run's."""
    memory_limit_mib: float = 10_240
    log_dir: Path | None = None
    """Where each worker's output goes (with `log`, the CP-SAT log); discarded if None."""
    log: bool = False
    isolate: bool = True
    """A fresh process per measurement. Without it (quick checks, tests) the planner and
    the baselines run in this process, except HiGHS, which cannot share one with
    OR-Tools; peak memory is then this process's, not the instance's."""


@dataclass
class EntryResult:
    entry: Entry
    time_limit: float
    solver: dict[str, Any]
    baselines: dict[str, dict[str, Any]] = field(default_factory=dict)


def run_suite(
    suite: Suite,
    options: RunOptions,
    only: list[str] | None = None,
    on_result: Callable[[EntryResult], None] | None = None,
) -> list[EntryResult]:
    results = []
    for entry in suite.entries:
        if only and entry.name not in only:
            continue
        result = run_entry(suite, entry, options)
        if on_result is not None:
            on_result(result)
        results.append(result)
    return results


def run_entry(suite: Suite, entry: Entry, options: RunOptions) -> EntryResult:
    time_limit = options.time_limit if options.time_limit is not None else entry.time_limit
    job: dict[str, Any] = {"suite": str(suite.folder), "entry": entry.name,
                           "time_limit": time_limit, "workers": options.workers,
                           "seed": options.seed, "log": options.log}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        if entry.rerun is not None:
            solver = _repeated(job | {"method": RERUN}, options, suite.name, entry.name)
            return EntryResult(entry, time_limit, solver)
        solution_path = Path(tmp) / "solution.json"
        solver = _repeated(job | {"method": SOLVER, "solution_out": str(solution_path)},
                           options, suite.name, entry.name)
        result = EntryResult(entry, time_limit, solver)
        placement = str(solution_path) if solution_path.exists() else None
        baseline_limit = time_limit
        if options.time_limit is None and entry.baseline_time_limit is not None:
            baseline_limit = entry.baseline_time_limit
        for name in options.baselines if options.baselines is not None else entry.baselines:
            result.baselines[name] = _repeated(
                job | {"method": name, "placement_from": placement,
                       "time_limit": baseline_limit},
                options, suite.name, entry.name,
            )
    return result


def _repeated(job: dict[str, Any], options: RunOptions, suite: str, entry: str) -> dict[str, Any]:
    runs = []
    for n in range(max(1, options.repeat)):
        log_path = None
        if options.log_dir is not None:
            suffix = f"-run{n + 1}" if options.repeat > 1 else ""
            log_path = options.log_dir / f"{suite}-{entry}-{job['method']}{suffix}.log"
        if options.isolate or job["method"] in SEPARATE_PROCESS:
            runs.append(run_job(job, options.memory_limit_mib, log_path))
        else:
            runs.append(_run_here(job))
    timed = [r for r in runs if isinstance(r.get("wall_s"), (int, float))]
    if not timed:
        return runs[0]
    walls = [r["wall_s"] for r in timed]
    middle = sorted(timed, key=lambda r: r["wall_s"])[(len(timed) - 1) // 2]
    chosen = dict(middle)
    chosen["runs"] = len(runs)
    chosen["wall_s_runs"] = walls
    for key in ("wall_s", "build_s", "solve_s", "rerun_s", "full_s"):
        values = [r[key] for r in timed if isinstance(r.get(key), (int, float))]
        if values:
            chosen[key] = statistics.median(values)
    peaks = [r["peak_mib"] for r in runs if isinstance(r.get("peak_mib"), (int, float))]
    if peaks:
        chosen["peak_mib"] = max(peaks)
    return chosen


def _run_here(job: dict[str, Any]) -> dict[str, Any]:
    from scheduler.bench.worker import run

    started = time.monotonic()
    facts = run(job)
    facts["process_s"] = time.monotonic() - started
    return facts


def run_job(job: dict[str, Any], memory_limit_mib: float, log_path: Path | None) -> dict[str, Any]:
    """Run one worker to completion (or to its limits); what it reported, or why not."""
    # Past its time limit a worker still builds, checks and reports, so it gets slack;
    # HiGHS does not look at its clock while it sets up a large MIP (minutes at 10,000
    # registrants), and is stopped here instead.
    timeout = 2 * float(job["time_limit"]) + 300
    with tempfile.TemporaryDirectory(prefix="bench-job-") as tmp:
        job_path, result_path = Path(tmp) / "job.json", Path(tmp) / "result.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        # A file, not a pipe: a long log would fill a pipe and stall the worker.
        if log_path is None:
            log_path = Path(tmp) / "output.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with open(log_path, "w", encoding="utf-8") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "scheduler.bench.worker", str(job_path),
                 str(result_path)],
                stdout=out, stderr=subprocess.STDOUT,
            )
            stopped, rss_peak = _watch(process, memory_limit_mib, started + timeout)
        stderr = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        elapsed = time.monotonic() - started
        if stopped:
            return {"status": stopped, "peak_mib": rss_peak, "process_s": elapsed,
                    "note": f"stopped after {elapsed:.0f} s at {rss_peak:.0f} MiB"}
        if process.returncode != 0 or not result_path.exists():
            last = (stderr.strip().splitlines() or ["see the log"])[-1]
            return {"status": "ERROR", "note": f"worker exit {process.returncode}: {last}",
                    "process_s": elapsed}
        facts = json.loads(result_path.read_text(encoding="utf-8"))
        facts["process_s"] = elapsed
        return facts


def _watch(
    process: subprocess.Popen[bytes], limit_mib: float, deadline: float
) -> tuple[str, float]:
    """Wait for the worker; stop it past the memory limit or the deadline."""
    peak = 0.0
    while process.poll() is None:
        rss = _resident_mib(process.pid)
        peak = max(peak, rss)
        if rss > limit_mib:
            process.kill()
            process.wait()
            return "OUT_OF_MEMORY", peak
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            return "TIMEOUT", peak
        time.sleep(POLL_S)
    return "", peak


def _resident_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0
