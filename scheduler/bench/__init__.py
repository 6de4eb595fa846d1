"""Benchmarks: suites of instances, each solved by the planner and by the baselines in
fresh processes, reported as rows with ratios and targets (`workshop-scheduler bench`)."""

from __future__ import annotations

from scheduler.bench.report import COLUMNS, TargetCheck, csv_text, lines, row, target_checks
from scheduler.bench.runner import EntryResult, RunOptions, run_entry, run_job, run_suite
from scheduler.bench.suite import Entry, Suite, load_suite

__all__ = [
    "COLUMNS",
    "Entry",
    "EntryResult",
    "RunOptions",
    "Suite",
    "TargetCheck",
    "csv_text",
    "lines",
    "load_suite",
    "row",
    "run_entry",
    "run_job",
    "run_suite",
    "target_checks",
]
