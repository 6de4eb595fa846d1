"""`workshop-scheduler report`: the organiser outputs of a plan, (re)made from its files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli.common import (
    EXIT_BAD_INPUT,
    EXIT_NO_PLAN,
    fail,
    folder_to_write,
    reports_input_errors,
    solution_file,
)
from cli.import_cmd import load_instance_or_export
from scheduler.check import check, evaluate
from scheduler.errors import InputError
from scheduler.importers.text import quoted_list
from scheduler.instance_io import load_instance, load_solution, read_document
from scheduler.model import Instance
from scheduler.outputs import OutputRefused, write_folder
from scheduler.registrant_matching import ids_of_other_people
from scheduler.reports import organiser_files


@click.command("report")
@click.argument("plan", metavar="PLAN", type=click.Path(path_type=Path))
@click.option("--instance", "instance_path", type=click.Path(path_type=Path),
              help="The instance the plan is for (default: PLAN/instance.json, which "
                   "`solve` and `rerun` write beside every plan).")
@click.option("--workshops", type=click.Path(path_type=Path),
              help="With a registration export as --instance: its workshops file.")
@click.option("--mapping", type=click.Path(path_type=Path),
              help="With a registration export as --instance: its mapping file.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder to write into (default: the plan's own folder).")
@click.option("--force", is_flag=True, help="Write into a folder that holds another plan.")
@reports_input_errors
def report_command(plan: Path, instance_path: Path | None, workshops: Path | None,
                   mapping: Path | None, out_dir: Path | None, force: bool) -> None:
    """Write the workbook, CSV tables, mail merge, calendars and HTML report of PLAN.

    PLAN is a plan folder written by `solve` (or its solution.json). The plan is checked
    first: a plan that breaks a rule gets no report (exit 1, one line per violation).
    An --instance given (an export, or an instance imported from one) must number its
    registrants as the plan's own instance.json does, or the report is refused (exit 2).
    A plan folder from before every plan kept its instance.json cannot be checked so:
    an export then gets a warning.
    """
    solution_path = solution_file(plan)
    folder = solution_path.parent
    out_dir = _output_folder(out_dir or folder, solution_path, force)
    beside = folder / "instance.json"
    if instance_path is None:
        instance_path = beside
        if not instance_path.exists():
            raise InputError(str(folder), "no instance.json beside the plan; name the "
                             "instance with --instance")
    instance, import_report = load_instance_or_export(instance_path, workshops, mapping)
    if beside.is_file() and instance_path.resolve() != beside.resolve():
        _refuse_other_people(instance, instance_path, beside)
    elif not beside.is_file() and import_report is not None:
        _warn_unverified(folder, instance_path)
    solution = load_solution(solution_path)
    violations = check(instance, solution)
    if violations:
        for v in violations:
            click.echo(f"{v.rule}: {v.message}", err=True)
        click.echo(f"error: {solution_path} does not fit {instance_path}; no report written",
                   err=True)
        raise SystemExit(EXIT_NO_PLAN)

    summary = _summary(folder / "summary.json")
    rerun_calendars = _rerun_calendars(folder, summary)
    summary.update(evaluate(instance, solution).to_dict())
    files = organiser_files(instance, solution, summary)
    if rerun_calendars:
        files = {name: content for name, content in files.items()
                 if not name.startswith("ics/")} | rerun_calendars
        click.echo(f"the calendars are the rerun's, from {folder / 'ics'}: besides the "
                   "plan they cancel the sessions people no longer attend, which the "
                   "plan alone does not tell", err=True)
    try:
        write_folder(out_dir, files, force=True)
    except OutputRefused as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except OSError as exc:
        fail(f"cannot write {out_dir}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    calendars = sum(1 for name in files if name.startswith("ics/"))
    tables = ", ".join(name for name in files if "/" not in name)
    click.echo(f"wrote {out_dir}/: {tables}, and {calendars} calendars under ics/")


def _output_folder(out_dir: Path, solution_path: Path, force: bool) -> Path:
    """`out_dir` checked before the work: a folder that can be written, and that holds
    no other plan than this one unless `force`."""
    folder_to_write(out_dir, force=True)
    other_plan = out_dir / "solution.json"
    if other_plan.exists() and other_plan.resolve() != solution_path.resolve() and not force:
        fail(f"{out_dir} holds another plan (solution.json); use --force to write the "
             "report there anyway", EXIT_BAD_INPUT)
    return out_dir


def _refuse_other_people(imported: Instance, given: Path, beside: Path) -> None:
    """An import numbers registrants by their row, so an export re-sorted since the plan
    was made (or an instance imported anew from it) gives the plan's ids to other
    people, and the report would send one person's programme to another. The plan's own
    instance.json tells who each id was."""
    planned = load_instance(beside)
    known = {r.id for r in planned.registrants}
    newcomers = [r.id for r in imported.registrants if r.id not in known]
    if newcomers:
        # They have no seat in the plan: the report would hand them a programme of
        # plenaries alone, and its figures would count their seats as empty.
        one = len(newcomers) == 1
        raise InputError(str(given), (
            f"{len(newcomers)} registrant{'' if one else 's'} in {given.name} "
            f"{'is' if one else 'are'} not in the plan, such as "
            f"{quoted_list(newcomers, 3)} (registered since it was made); rerun from the "
            f"new export to place them, or report from {beside} (leave out --instance)"))
    others = ids_of_other_people(imported, planned)
    if not others:
        return
    raise InputError(str(given), (
        f"{len(others)} registrant ids belong to other people in {given.name} than in "
        f"{beside} (by e-mail address and name), such as {quoted_list(others, 3)}: an "
        "import numbers registrants by row, and the export's rows changed since the plan "
        f"was made; report from {beside} (leave out --instance), or rerun from the new "
        "export"))


def _warn_unverified(folder: Path, export: Path) -> None:
    """Plans written before `solve` kept instance.json beside every plan cannot tell
    whether the export's rows still give each id to the same person."""
    click.echo(f"warning: {folder} has no instance.json (plans written by earlier versions "
               f"have none), so it cannot be checked that the registrant ids of "
               f"{export.name} still name the people the plan was made for: if rows were "
               "added, removed or re-sorted since, programmes go to the wrong people. "
               "Report from the instance file the plan was solved from, or solve the "
               "export again", err=True)


def _rerun_calendars(folder: Path, summary: dict[str, Any]) -> dict[str, bytes]:
    """The calendars a rerun wrote beside its plan, by file name under the folder; none
    for a plan that `solve` wrote. Made anew from the plan they would lose the cancelled
    events that remove the published sessions from people's calendars."""
    calendars = folder / "ics"
    if "registrants_moved" not in summary or not calendars.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(calendars.rglob("*.ics"))}


def _summary(path: Path) -> dict[str, Any]:
    """The solver's figures from summary.json, when the plan folder has one."""
    if not path.exists():
        return {}
    data = read_document(path)
    if not isinstance(data, dict):
        raise InputError(str(path), "not a summary (expected a JSON object)")
    return dict(data)
