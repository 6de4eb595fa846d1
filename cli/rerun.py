"""`workshop-scheduler rerun` and `diff`: re-plan after a change, and say who must be told."""

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
    solution_file,
    stop_on_signals,
    write_checked_plan,
)
from cli.import_cmd import load_instance_or_export
from scheduler.check import check, evaluate
from scheduler.diff import changes_table, diff_solutions, notify_table
from scheduler.errors import InputError
from scheduler.importers.text import quoted_list
from scheduler.instance_io import dump_json, load_instance, load_solution
from scheduler.model import Instance
from scheduler.outputs import csv_text, plan_files
from scheduler.published_plan import inconsistencies, made_for_another_day, of_other_events
from scheduler.registrant_matching import ids_of_other_people, match_registrants
from scheduler.reports.view import PlanView, published_view
from scheduler.rerun import (
    WAIT_LIST_ORDER,
    RerunOptions,
    RerunResult,
    least_max_moves,
    rerun,
)
from scheduler.search import Status
from scheduler.solution import Solution


@click.command("rerun")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path(path_type=Path))
@click.option("--previous", "previous_path", required=True, type=click.Path(path_type=Path),
              help="The plan that was published (its folder, or solution.json).")
@click.option("--previous-instance", "previous_instance_path", type=click.Path(path_type=Path),
              help="The instance the published plan was made for; gives fuller reasons. "
                   "Default: instance.json beside the published plan, if there is one.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write the new plan and the change lists into.")
@click.option("--max-moves", type=click.IntRange(min=0),
              help="Never move more registrants than this.")
@click.option("--only-improve", is_flag=True,
              help="Move a registrant only when the change forces it or they gain by it.")
@click.option("--freeze-sessions", is_flag=True,
              help="No published session changes round or room.")
@click.option("--time-limit", default=60.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--force", is_flag=True, help="Replace a plan already in the output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--workshops", type=click.Path(path_type=Path),
              help="With a registration export (.csv, .xlsx) as INSTANCE: the rounds, rooms "
                   "and workshops (.xlsx, a folder of CSV files, or an instance file).")
@click.option("--mapping", type=click.Path(path_type=Path),
              help="With a registration export: YAML file saying what columns mean.")
@reports_input_errors
def rerun_command(
    instance_path: Path, previous_path: Path, previous_instance_path: Path | None,
    out_dir: Path, max_moves: int | None, only_improve: bool, freeze_sessions: bool,
    time_limit: float, workers: int, seed: int, force: bool, as_json: bool,
    workshops: Path | None = None, mapping: Path | None = None,
) -> None:
    """Re-plan the changed day INSTANCE so that as few people as possible are moved.

    Writes the new plan (as `solve` does) plus changes.csv (every registrant whose
    programme changed, old and new programme, the reason) and notify.csv (mail-merge
    rows for exactly those people). Exit codes as for `solve`.

    INSTANCE may be a fresh registration export, with --workshops: its registrants are
    matched to the published plan's by e-mail address, which needs the instance the plan
    was made for (`solve` writes it beside the plan).
    """
    instance, import_report = load_instance_or_export(instance_path, workshops, mapping)
    previous_path = solution_file(previous_path)
    previous = load_solution(previous_path)
    old_instance = _instance_beside(previous_path, previous_instance_path)
    _refuse_foreign_or_broken(previous_path, previous, instance, old_instance,
                              previous_instance_path)
    if import_report is not None:
        if old_instance is None:
            raise InputError(str(previous_path), (
                "a rerun from a registration export matches its registrants to the "
                "published plan by e-mail address, and needs the instance that plan was "
                "made for: instance.json beside the plan (solve writes it there; plans "
                "written by earlier versions have none), or --previous-instance"))
        instance, matching = match_registrants(instance, old_instance)
        click.echo("\n".join([*import_report.lines(), *matching.lines()]), err=True)
    elif old_instance is not None and (others := ids_of_other_people(instance, old_instance)):
        raise InputError(str(instance_path), (
            f"{len(others)} registrant ids belong to other people than in the published "
            f"instance (by e-mail address and name), such as {quoted_list(others, 3)}; an instance "
            "imported anew from an export numbers its rows afresh, so rerun from the "
            "export itself (with --workshops), which matches registrants by address"))
    if old_instance is not None:
        _warn_of_renamed_workshops(instance, old_instance)
    folder_to_write(out_dir, force)

    interrupt = threading.Event()
    options = RerunOptions(max_moves, only_improve, freeze_sessions)
    with stop_on_signals(interrupt):
        result = rerun(instance, previous, rerun_options=options, time_limit=time_limit,
                       workers=workers, seed=seed, interrupt=interrupt)
    if result.solution is None:
        if result.status is Status.INFEASIBLE:
            why = "" if max_moves is None else _too_few_moves(
                instance, previous, options, max_moves,
                max(1.0, time_limit - result.wall_time_s), workers, seed)
            fail(f"no plan exists for the changed day under these options{why}", EXIT_NO_PLAN)
        if result.interrupted:
            fail("interrupted before any plan was found; nothing written", EXIT_INTERRUPTED)
        fail(f"no plan found within {time_limit:g} s; try a longer --time-limit",
              EXIT_NO_PLAN_FOUND)
    assert result.solution is not None
    solution = result.solution
    changes = diff_solutions(previous, solution, instance, old_instance)
    summary = rerun_summary(instance, result, options, time_limit, workers, seed)
    if import_report is not None:
        # Counts only, like the rest of the summary: no ids of people.
        summary["registrants_matched"] = matching.matched
        summary["registrants_new"] = len(matching.new)
        summary["registrants_no_longer_registered"] = len(matching.gone)

    def files() -> dict[str, str | bytes]:
        # Calendars cancel the sessions people no longer attend: the published plan, as
        # the day it was made for describes it.
        written = plan_files(instance, solution, summary,
                             published_view(old_instance or instance, previous))
        separator = instance.settings.csv_separator
        written["changes.csv"] = csv_text(changes_table(instance, changes, old_instance),
                                          separator)
        written["notify.csv"] = csv_text(notify_table(PlanView(instance, solution), changes),
                                         separator)
        # The day as planned (imported and matched, or as given), so that `check`,
        # `report` and the next rerun can use it.
        written["instance.json"] = dump_json(instance)
        return written

    write_checked_plan(out_dir, instance, solution, files, force)

    click.echo(json.dumps(summary, indent=2) if as_json else rerun_text(summary, out_dir))
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)


def _refuse_foreign_or_broken(
    previous_path: Path, previous: Solution, instance: Instance, old_instance: Instance | None,
    old_instance_path: Path | None,
) -> None:
    """Stop before the search when the published plan contradicts itself or belongs to
    another event (`scheduler.published_plan`); warn when it breaks rules of the day it
    was made for, which the rerun then starts from as published."""
    problems = inconsistencies(previous)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(str(previous_path), f"the plan contradicts itself: {problems[0]}"
                         f"{more}; it was changed or damaged after it was written")
    if why := made_for_another_day(instance, previous):
        raise InputError(str(previous_path), f"{why}. To plan the day afresh, use solve")
    if old_instance is None:
        return
    where = str(old_instance_path or previous_path.parent / "instance.json")
    if why := made_for_another_day(old_instance, previous):
        raise InputError(where, f"not the day this plan was made for: {why}")
    broken = check(old_instance, previous)
    if broken:
        click.echo(f"warning: the published plan breaks {len(broken)} rules of the day it "
                   f"was made for ({where}), such as: {broken[0]}; the rerun starts from "
                   "it as published", err=True)


def _warn_of_renamed_workshops(instance: Instance, old_instance: Instance) -> None:
    """A workshop whose title was corrected in a workbook without an Id column gets a new
    id (ids come from titles), so its published sessions read as cancelled and its
    people would be told so. Say so when published workshops are gone while new ones
    appear."""
    gone = [f"'{w.title}' (id {w.id})" for w in old_instance.workshops
            if w.id not in instance.workshop_by_id]
    new = [w.title for w in instance.workshops if w.id not in old_instance.workshop_by_id]
    if gone and new:
        click.echo(f"warning: published workshops are gone ({', '.join(gone)}) and new "
                   f"ones appear ({quoted_list(new)}); if one was renamed, give the "
                   "workshops sheet an Id column with its published id, or its people are "
                   "told it was cancelled", err=True)


def _too_few_moves(
    instance: Instance, previous: Solution, options: RerunOptions, max_moves: int,
    seconds: float, workers: int, seed: int,
) -> str:
    """Why `--max-moves` leaves no plan, with the least that leaves one when that is
    proven in the time left."""
    least = least_max_moves(instance, previous, options, time_limit=seconds,
                            workers=workers, seed=seed)
    if least is None or least <= max_moves:
        return (f" (likely --max-moves {max_moves}: the change itself may alter more "
                "programmes than that, such as those of a cancelled workshop's people, "
                "whether they are moved or left without a seat)")
    return (f": --max-moves {max_moves} is too few. Whatever the plan, {least} "
            "registrants' programmes change (such as those of a cancelled workshop's "
            f"people, whether they are moved or left without a seat); --max-moves {least} "
            "is the least that leaves a plan")


def _instance_beside(solution_path: Path, given: Path | None) -> Instance | None:
    """The instance a plan was made for: as given, else the instance.json that `solve`
    and `rerun` write beside a plan they imported."""
    if given is not None:
        return load_instance(given)
    beside = solution_path.parent / "instance.json"
    return load_instance(beside) if beside.is_file() else None


def rerun_summary(
    instance: Instance, result: RerunResult, options: RerunOptions, time_limit: float,
    workers: int, seed: int,
) -> dict[str, Any]:
    """Key figures of a rerun: ids and counts only, no names or e-mail addresses."""
    assert result.solution is not None
    summary: dict[str, Any] = {
        "instance": instance.name,
        "status": str(result.status),
        "registrants_moved": len(result.moved),
        "moves_lower_bound": result.moves_bound,
        "sessions_in_place": result.sessions_in_place,
        "registrants_improved": len(result.improved),
        "newly_placed": len(result.newly_placed),
        "sessions_moved": result.sessions_moved,
        "sessions_dropped": result.sessions_dropped,
        "objective_before": result.objective_before,
        "objective_after": result.objective_after,
        "objective": result.objective_after,
        "bound": None,
        "gap": None,
        "wall_time_s": round(result.wall_time_s, 3),
        "interrupted": result.interrupted,
        "max_moves": options.max_moves,
        "only_improve": options.only_improve,
        "freeze_sessions": options.freeze_sessions,
        "time_limit_s": time_limit,
        "workers": workers,
        "seed": seed,
        "stages": [
            {"name": s.name, "status": str(s.status), "value": s.value, "bound": s.bound}
            for s in result.stages
        ],
        "moved": result.moved,
        "improved": result.improved,
        "placed_now": result.newly_placed,
    }
    summary.update(evaluate(instance, result.solution).to_dict())
    return summary


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def rerun_text(summary: dict[str, Any], out_dir: Path) -> str:
    bound = summary["moves_lower_bound"]
    scope = " with the sessions in place" if summary["sessions_in_place"] else ""
    proven = f" (proven minimum {bound}{scope})" if bound is not None else ""
    sessions = _count(summary["sessions_moved"], "session")
    lines = [
        f"{summary['instance'] or 'rerun'}: {summary['status']} in "
        f"{summary['wall_time_s']:.1f} s",
        f"{_count(summary['registrants_moved'], 'registrant')} moved{proven}, "
        f"{summary['registrants_improved']} better off than published (told, not counted "
        f"as moved), {summary['newly_placed']} placed who had no seat",
        f"{sessions} moved to another round or room, "
        f"{summary['sessions_dropped']} no longer held",
        f"preference cost (lower is better): {summary['objective_before']} for the "
        f"published plan on the changed day, {summary['objective_after']} now; "
        f"{summary['empty_seats']} wanted seats empty",
    ]
    if summary["max_moves"] is not None and summary["empty_seats"] > 0:
        lines.append(
            f"the limit of {summary['max_moves']} moves may leave registrants unplaced: "
            f"{summary['empty_seats']} wanted seats are empty"
        )
    in_line = next((s for s in summary["stages"] if s["name"] == WAIT_LIST_ORDER), None)
    if in_line is not None and in_line["value"]:
        why = ("keeping the wait-lists' order there would leave seats empty or move more "
               "people" if in_line["status"] == str(Status.OPTIMAL)
               else "no plan keeping the wait-lists' order was found in the time")
        lines.append(f"{in_line['value']} seats went to someone behind a registrant still "
                     f"waiting for them: {why}")
    if summary["interrupted"]:
        lines.append("interrupted: this is the best plan found so far")
    lines.append(f"written to {out_dir}/ (changes.csv and notify.csv list who must be told)")
    return "\n".join(lines)


@click.command("diff")
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--instance", "instance_path", type=click.Path(path_type=Path),
              help="The instance of NEW: programmes with times, titles and rooms. "
                   "Default: instance.json beside NEW, if there is one.")
@click.option("--old-instance", "old_instance_path", type=click.Path(path_type=Path),
              help="The instance of OLD: fuller reasons (a room that shrank, say). "
                   "Default: instance.json beside OLD, if there is one.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the change list as CSV.")
@reports_input_errors
def diff_command(
    old_path: Path, new_path: Path, instance_path: Path | None,
    old_instance_path: Path | None, as_csv: bool,
) -> None:
    """List every registrant whose programme differs between two plans, and why."""
    old_path, new_path = solution_file(old_path), solution_file(new_path)
    old, new = load_solution(old_path), load_solution(new_path)
    if why := of_other_events(old, new):
        raise InputError(str(old_path), f"{why}; diff compares two plans of one day")
    instance = _instance_beside(new_path, instance_path)
    old_instance = _instance_beside(old_path, old_instance_path)
    changes = diff_solutions(old, new, instance, old_instance)
    table = changes_table(instance, changes, old_instance).drop(columns=["name", "email"])
    if as_csv:
        click.echo(table.to_csv(index=False), nl=False)
        return
    if not changes:
        click.echo("no changes")
        return
    for row in table.itertuples(index=False):
        click.echo(f"{row.registrant}: {row.reason}")
    click.echo(f"{len(changes)} registrants with a changed programme")
