"""`workshop-scheduler solve`: plan a day and write the plan, checked, to a folder."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import click

from cli.common import (
    EXIT_INTERRUPTED,
    EXIT_NO_PLAN,
    EXIT_NO_PLAN_FOUND,
    fail,
    folder_to_write,
    reports_input_errors,
    stop_on_signals,
    write_checked_plan,
)
from cli.diagnose import finding_lines, suggestion_lines
from cli.import_cmd import load_instance_or_export
from scheduler.check import evaluate
from scheduler.diagnose import Level, diagnose, explain
from scheduler.instance_io import dump_json
from scheduler.model import Instance
from scheduler.outputs import plan_files
from scheduler.search import deterministic_search
from scheduler.solve import Progress, Result, Status, solve


@click.command("solve")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write the plan into.")
@click.option("--time-limit", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds the whole solve may take.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Solver threads.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0),
              help="Random seed: same instance, seed and workers give the same plan.")
@click.option("--policy", type=click.Choice(["optimal", "first-come", "first-come-floor"]),
              help="Override the instance's policy.")
@click.option("--fairness", type=click.Choice(["sum", "rank-maximal", "generous"]),
              help="Override the instance's fairness rule.")
@click.option("--force", is_flag=True, help="Replace a plan already in the output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.option("--log", is_flag=True, help="Print the solver's own log.")
@click.option("--deterministic", is_flag=True,
              help="The same plan on every run of the same instance, --seed, --workers and "
                   "--time-limit; the limit then counts CP-SAT's deterministic seconds, "
                   "and the search is slower.")
@click.option("--workshops", type=click.Path(path_type=Path),
              help="With a registration export (.csv, .xlsx) as INSTANCE: the rounds, rooms "
                   "and workshops (.xlsx, a folder of CSV files, or an instance file).")
@click.option("--mapping", type=click.Path(path_type=Path),
              help="With a registration export: YAML file saying what columns mean.")
@reports_input_errors
def solve_command(
    instance_path: Path, out_dir: Path, time_limit: float, workers: int, seed: int,
    policy: str | None, fairness: str | None, force: bool, as_json: bool, quiet: bool,
    log: bool, workshops: Path | None = None, mapping: Path | None = None,
    deterministic: bool = False,
) -> None:
    """Plan INSTANCE: place sessions, assign registrants, write the checked plan to --out.

    Exit codes: 0 a checked plan was written; 1 no plan exists; 2 bad input;
    3 no plan found within the time limit; 130 interrupted (the best plan so far is
    written when there is one).
    """
    instance, import_report = load_instance_or_export(instance_path, workshops, mapping)
    if import_report is not None and not quiet:
        click.echo("\n".join(import_report.lines()), err=True)
    folder_to_write(out_dir, force)
    _diagnose_first(instance)

    interrupt = threading.Event()
    with stop_on_signals(interrupt), deterministic_search(deterministic):
        result = solve(
            instance, time_limit=time_limit, workers=workers, seed=seed,
            policy=policy, fairness=fairness,  # type: ignore[arg-type]
            log=log, on_progress=None if quiet else _show_progress, interrupt=interrupt,
        )

    if result.solution is None:
        if result.status is Status.INFEASIBLE:
            # A separate relaxation model: the solve itself carries no assumptions.
            explanation = explain(instance, time_limit, workers=workers, seed=seed)
            suggestions = (suggestion_lines(explanation, time_limit)
                           if explanation.relaxations or not explanation.found else [])
            fail("\n".join(["no plan exists for this instance: the rules cannot all be met",
                             *suggestions]), EXIT_NO_PLAN)
        if result.interrupted:
            fail("interrupted before any plan was found; nothing written", EXIT_INTERRUPTED)
        if result.reason:
            fail(f"no plan: {result.reason}", EXIT_NO_PLAN)
        fail(f"no plan found within {time_limit:g} s; try a longer --time-limit",
              EXIT_NO_PLAN_FOUND)
    assert result.solution is not None

    solution = result.solution
    summary = build_summary(instance, result, time_limit=time_limit, workers=workers, seed=seed)
    summary["deterministic"] = deterministic

    def files() -> dict[str, str | bytes]:
        written = plan_files(instance, solution, summary)
        # The day as planned, always (imported or not): `report`, `diff` and reruns read
        # it, and compare an export given later with it, whose ids may by then name
        # other people.
        written["instance.json"] = dump_json(instance)
        return written

    write_checked_plan(out_dir, instance, solution, files, force)

    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(human_summary(instance, summary, out_dir))
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)


def build_summary(
    instance: Instance, result: Result, *, time_limit: float, workers: int, seed: int
) -> dict[str, Any]:
    """The run's key figures. Holds ids and counts only: no names or e-mail addresses."""
    assert result.solution is not None
    evaluation = evaluate(instance, result.solution).to_dict()
    summary: dict[str, Any] = {
        "instance": instance.name,
        "status": str(result.status),
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "wall_time_s": round(result.wall_time_s, 3),
        "build_time_s": round(result.build_time_s, 3),
        "policy": result.policy,
        "fairness": result.fairness,
        "interrupted": result.interrupted,
        "time_limit_s": time_limit,
        "workers": workers,
        "seed": seed,
        "stages": [
            {"name": s.name, "status": str(s.status), "value": s.value, "bound": s.bound}
            for s in result.stages
        ],
    }
    if result.improved_over_first_come is not None:
        summary["improved_over_first_come"] = result.improved_over_first_come
    summary.update(evaluation)
    return summary


def human_summary(instance: Instance, summary: dict[str, Any], out_dir: Path) -> str:
    gap = summary["gap"]
    figures = [f"objective {summary['objective']}"]
    if summary["bound"] is not None:
        figures.append(f"bound {summary['bound']}")
    if gap is not None:
        figures.append(f"gap {gap:.2%}")
    histogram = summary["rank_histogram"]
    seats = ", ".join(
        f"{_ordinal(k)} {n}" if k.isdigit() else f"{k} {n}" for k, n in histogram.items()
    )
    lines = [
        f"{instance.name or 'plan'}: {summary['status']} in {summary['wall_time_s']:.1f} s "
        f"({', '.join(figures)})",
        f"registrants {summary['registrants']}, every wanted seat filled for "
        f"{summary['placed']}; seats wanted {summary['wanted_seats']}, filled "
        f"{summary['filled_seats']}, empty {summary['empty_seats']}",
        f"seats by choice: {seats}",
    ]
    if "improved_over_first_come" in summary:
        lines.append(
            f"better off than under first-come: {summary['improved_over_first_come']} registrants"
        )
    if summary["interrupted"]:
        lines.append("interrupted: this is the best plan found so far")
    lines.append(f"written to {out_dir}/ (solution.json, summary.json, plan.xlsx, "
                 "report.html, mail-merge.csv, ics/ and more)")
    return "\n".join(lines)


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _show_progress(progress: Progress) -> None:
    line = f"  {progress.wall_time_s:7.1f} s  {progress.stage}: {progress.objective:.0f}"
    if progress.bound is None:
        click.echo(line, err=True)
        return
    if progress.bound < 0 <= progress.objective:
        # No cost is negative: early in a search the solver's bound says nothing yet.
        click.echo(f"{line} (no bound yet)", err=True)
        return
    gap = (progress.objective - progress.bound) / max(1.0, abs(progress.objective))
    click.echo(f"{line} (bound {progress.bound:.0f}, gap {gap:.2%})", err=True)


# Findings of one kind printed before a solve; `diagnose` lists them all.
SHOWN_PER_CODE = 5


def _diagnose_first(instance: Instance) -> None:
    """The cheap checks: warnings go to stderr; an error means no plan can exist, so
    the solve does not start."""
    findings = diagnose(instance)
    for line in finding_lines(findings, per_code=SHOWN_PER_CODE):
        click.echo(line, err=True)
    if any(f.level is Level.ERROR for f in findings):
        fail("no plan can exist for this instance (see the errors above); "
              "`workshop-scheduler diagnose --explain` suggests the fewest changes that "
              "allow one", EXIT_NO_PLAN)
