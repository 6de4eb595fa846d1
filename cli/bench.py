"""`workshop-scheduler bench`: run a suite against the baselines and print the targets."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.common import EXIT_NO_PLAN, file_to_write, reports_input_errors
from scheduler.bench import RunOptions, csv_text, lines, load_suite, row, run_suite
from scheduler.bench.suite import KNOWN_BASELINES
from scheduler.errors import InputError
from scheduler.instance_io import write_text_atomic


def _suite_folder(name: str) -> Path:
    """A path to a suite folder or its suite.yaml, or the name of a folder in instances/."""
    path = Path(name)
    if path.exists():
        return path
    shipped = Path("instances") / name
    if shipped.exists():
        return shipped
    raise InputError(name, "no such suite (give a folder with suite.yaml, or a suite "
                     "name under instances/)")


def _baseline_list(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(b for b in value.split(",") if b and b != "none")
    unknown = [b for b in names if b not in KNOWN_BASELINES]
    if unknown:
        raise click.BadParameter(f"unknown baseline '{unknown[0]}'; known: "
                                 f"{', '.join(KNOWN_BASELINES)} (or 'none')")
    return names


@click.command("bench")
@click.argument("suite_name", metavar="SUITE")
@click.option("--time-limit", type=click.FloatRange(min=0.1),
              help="Seconds per solve for every instance [default: the suite's].")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--baselines", "baseline_names",
              help="Comma-separated: first-come,highs,flow,lp-bound, or none "
                   "[default: the suite's].")
@click.option("--only", help="Comma-separated instance names to run.")
@click.option("--repeat", default=1, show_default=True, type=click.IntRange(1, 20),
              help="Runs per method; times are medians.")
@click.option("--memory-limit", default=10_240, show_default=True,
              type=click.FloatRange(min=64), help="MiB; a worker using more is stopped.")
@click.option("--log-dir", type=click.Path(path_type=Path),
              help="Keep each worker's output here (with --log, the CP-SAT log).")
@click.option("--log", is_flag=True, help="Ask CP-SAT for its search log.")
@click.option("--in-process", is_flag=True,
              help="Quick check: no fresh process per measurement (HiGHS still gets one); "
                   "peak memory is then not per instance.")
@click.option("--out", "out_path", type=click.Path(path_type=Path),
              help="Write one CSV row per instance.")
@reports_input_errors
def bench_command(
    suite_name: str, time_limit: float | None, workers: int, seed: int,
    baseline_names: str | None, only: str | None, repeat: int, memory_limit: float,
    log_dir: Path | None, log: bool, in_process: bool, out_path: Path | None,
) -> None:
    """Run every instance of SUITE, and the baselines on it, each in a fresh process.

    Prints, per instance, the planner's status, objective, bound, gap, build and solve
    time and peak memory, the baselines beside it, and whether each target is met.
    Exits 1 when a plan fails the checker or misses a known optimum; targets not met
    are reported, not failed.
    """
    if out_path is not None:
        file_to_write(out_path, force=True)  # A results file is rewritten per instance.
    suite = load_suite(_suite_folder(suite_name))
    options = RunOptions(
        time_limit=time_limit, workers=workers, seed=seed,
        baselines=_baseline_list(baseline_names), repeat=repeat,
        memory_limit_mib=memory_limit, log_dir=log_dir, log=log, isolate=not in_process,
    )
    wanted = [n for n in only.split(",") if n] if only else None
    if wanted:
        unknown = sorted(set(wanted) - {e.name for e in suite.entries})
        if unknown:
            raise click.BadParameter(f"no instance '{unknown[0]}' in suite {suite.name}",
                                     param_hint="--only")
    rows = []

    def show(result) -> None:  # type: ignore[no-untyped-def]
        rows.append(row(suite.name, result, workers))
        click.echo("\n".join(lines(rows[-1])))
        sys.stdout.flush()  # rows appear as they come, also when printing to a file
        if out_path is not None:
            # Written after every instance, so a long run that is stopped keeps its rows.
            write_text_atomic(out_path, csv_text(rows))

    run_suite(suite, options, wanted, on_result=show)
    failed = [r["instance"] for r in rows
              if (r.get("violations") or 0) > 0 or "NOT met: expected_objective" in r["targets"]]
    if failed:
        click.echo(f"failed (plan breaks a rule or misses the known optimum): "
                   f"{', '.join(failed)}", err=True)
        sys.exit(EXIT_NO_PLAN)
