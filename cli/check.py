"""`workshop-scheduler check`: verify a solution against its instance."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import EXIT_NO_PLAN, EXIT_OK, reports_input_errors, solution_file
from scheduler.check import check, evaluate
from scheduler.instance_io import load_instance, load_solution


@click.command("check")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path(path_type=Path))
@click.argument("solution_path", metavar="SOLUTION", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print {valid, violations, evaluation} as JSON."
)
@reports_input_errors
def check_command(instance_path: Path, solution_path: Path, as_json: bool) -> None:
    """Check SOLUTION against every rule of INSTANCE and recompute its objective.

    SOLUTION is a solution file or a plan folder (its solution.json), as for `report`
    and `diff`.

    Exits 0 when the solution is valid, 1 when it breaks a rule (one line per
    violation), 2 on unreadable input.
    """
    instance = load_instance(instance_path)
    solution = load_solution(solution_file(solution_path))
    violations = check(instance, solution)
    evaluation = evaluate(instance, solution)
    # Messages and summaries name people by id only, never by name or e-mail address.
    if as_json:
        report = {
            "valid": not violations,
            "violations": [{"rule": v.rule, "message": v.message} for v in violations],
            "evaluation": evaluation.to_dict(),
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    elif violations:
        for v in violations:
            click.echo(f"{v.rule}: {v.message}")
    else:
        click.echo("valid")
        click.echo(evaluation.summary())
    raise SystemExit(EXIT_NO_PLAN if violations else EXIT_OK)
