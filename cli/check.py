"""`workshop-scheduler check`: verify a solution against its instance."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import EXIT_NO_PLAN, EXIT_OK, reports_input_errors, solution_file
from scheduler.check import check, evaluate
from scheduler.importers.text import quoted_list
from scheduler.instance_io import load_instance, load_solution
from scheduler.model import Instance
from scheduler.registrant_matching import ids_of_other_people


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
    _warn_of_renumbered_registrants(instance, instance_path, solution_path)
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


def _warn_of_renumbered_registrants(instance: Instance, instance_path: Path,
                                    solution_path: Path) -> None:
    """An instance imported anew from an export whose rows changed gives the plan's ids
    to other people: then a valid plan seats the wrong people, and an invalid one
    breaks rules by the dozen for that one cause. The plan folder's instance.json
    tells."""
    beside = solution_file(solution_path).parent / "instance.json"
    if not beside.is_file() or beside.resolve() == instance_path.resolve():
        return
    others = ids_of_other_people(instance, load_instance(beside))
    if others:
        click.echo(f"warning: {len(others)} registrant ids name other people in "
                   f"{instance_path.name} than in {beside} (by e-mail address and name), "
                   f"such as {quoted_list(others, 3)}: an import numbers registrants by "
                   f"row, and the export's rows changed since the plan was made; check "
                   f"against {beside}", err=True)
