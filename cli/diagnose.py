"""`workshop-scheduler diagnose`: what stands in the way of a plan, before solving."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click

from cli.common import EXIT_NO_PLAN, EXIT_OK, reports_input_errors
from scheduler.diagnose import Explanation, Finding, Level, diagnose, explain
from scheduler.instance_io import load_instance


@click.command("diagnose")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path(path_type=Path))
@click.option("--explain", "with_explanation", is_flag=True,
              help="Also decide whether any plan exists, with a relaxation model, and if "
                   "none does, suggest the fewest changes that allow one.")
@click.option("--time-limit", default=30.0, show_default=True,
              type=click.FloatRange(min=0.1), help="Seconds --explain may take.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Solver threads for --explain.")
@click.option("--json", "as_json", is_flag=True,
              help="Print {errors, warnings, findings[, explanation]} as JSON.")
@reports_input_errors
def diagnose_command(
    instance_path: Path, with_explanation: bool, time_limit: float, workers: int,
    as_json: bool,
) -> None:
    """Check INSTANCE before solving and list what stands in the way, in plain words.

    An error means no plan can exist until it is fixed; a warning means a plan can
    exist but people lose out (a seat, a first choice, a session). Without errors a
    plan may still be impossible: --explain settles that.

    Exit codes: 0 no errors; 1 errors found, or --explain found that no plan exists;
    2 bad input.
    """
    instance = load_instance(instance_path)
    findings = diagnose(instance)
    explanation = explain(instance, time_limit, workers=workers) if with_explanation else None
    # Messages name registrants by id only, never by name or e-mail address.
    if as_json:
        report: dict[str, Any] = {
            "errors": sum(f.level is Level.ERROR for f in findings),
            "warnings": sum(f.level is Level.WARNING for f in findings),
            "findings": [f.to_dict() for f in findings],
        }
        if explanation is not None:
            report["explanation"] = {
                "found": explanation.found,
                "smallest": explanation.smallest,
                "relaxations": [r.to_dict() for r in explanation.relaxations],
            }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in finding_lines(findings):
            click.echo(line)
        click.echo(count_line(findings))
        if explanation is not None:
            for line in explanation_lines(explanation, time_limit):
                click.echo(line)
    no_plan = any(f.level is Level.ERROR for f in findings) or bool(
        explanation and explanation.relaxations
    )
    raise SystemExit(EXIT_NO_PLAN if no_plan else EXIT_OK)


def finding_lines(findings: list[Finding], per_code: int | None = None) -> list[str]:
    """One line per finding; with `per_code`, at most that many of each kind, then a
    line saying how many more there are."""
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    lines = []
    for f in findings:
        if per_code is not None and shown[f.code] >= per_code:
            hidden[f.code] += 1
            continue
        shown[f.code] += 1
        lines.append(str(f))
    for code, n in hidden.items():
        lines.append(f"... and {n} more [{code}] (`workshop-scheduler diagnose` lists all)")
    return lines


def count_line(findings: list[Finding]) -> str:
    errors = sum(f.level is Level.ERROR for f in findings)
    warnings = len(findings) - errors
    return (f"{errors} {'error' if errors == 1 else 'errors'}, "
            f"{warnings} {'warning' if warnings == 1 else 'warnings'}")


def explanation_lines(explanation: Explanation, time_limit: float) -> list[str]:
    """The verdict of --explain: a plan exists, or none does and what would allow one."""
    if not explanation.relaxations:
        if explanation.found:
            return ["a plan exists"]
        return [f"could not settle within {time_limit:g} s whether a plan exists; "
                "try a longer --time-limit"]
    return ["no plan exists", *suggestion_lines(explanation, time_limit)]


def suggestion_lines(explanation: Explanation, time_limit: float) -> list[str]:
    """What would let a plan exist, for an instance that has none."""
    items = [f"  - {r.message}" for r in explanation.relaxations]
    if not explanation.found:
        needed = "; these are needed in any case:" if items else ""
        return [f"found no set of changes that allows a plan within {time_limit:g} s{needed}",
                *items]
    if explanation.smallest:
        return ["the fewest changes that allow a plan:", *items]
    return ["changes that allow a plan (perhaps not the fewest):", *items]
