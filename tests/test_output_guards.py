"""Guards around plan folders: a plan that replaces another leaves none of the earlier
run's files behind, a folder keeps its link, mode and group when written, and `report`
refuses a registration export whose rows no longer number the plan's registrants."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from test_cli_rerun import archives_cancelled, publish, rerun_args, run
from test_cli_solve import solve_args, tiny_day, write

from scheduler.instance_io import load_instance
from scheduler.outputs import (
    PLAN_FOLDER_FILES,
    OutputExists,
    OutputRefused,
    check_output_folder,
    write_folder,
)

IMPORTS = Path(__file__).parent / "data" / "imports"
EXPORT = IMPORTS / "en-ranked.csv"
"""Two registrants: Sam Smit (row 1, r-0001) ranks three workshops, Noor Bakker (row
2, r-0002) one."""
WORKSHOPS = IMPORTS / "workshops"
NOTES = "call the caterer\n"


def solve_export(export: Path, out: Path, *extra: str | Path) -> Result:
    return run("solve", export, "--workshops", WORKSHOPS, "--out", out, "--time-limit", "5",
               "--workers", "1", "--quiet", *extra)


def top_level(folder: Path) -> set[str]:
    return {item.name for item in folder.iterdir()}


# A plan that replaces another.


def test_a_new_plan_drops_the_files_only_the_earlier_run_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    write_folder(folder, {"solution.json": "{}", "summary.json": "{}", "instance.json": "{}",
                          "changes.csv": "a\n", "notify.csv": "b\n",
                          "ics/rooms/aula.ics": "old"})
    (folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    (folder / "photos").mkdir()
    (folder / "photos" / "room.jpg").write_bytes(b"\xff\xd8")
    write_folder(folder, {"solution.json": "{}", "summary.json": "{}"}, force=True)
    assert top_level(folder) == {"solution.json", "summary.json", "notes.txt", "photos"}
    assert (folder / "notes.txt").read_text(encoding="utf-8") == NOTES
    assert (folder / "photos" / "room.jpg").read_bytes() == b"\xff\xd8"


def test_a_report_keeps_the_plan_it_is_written_beside(tmp_path: Path) -> None:
    """`report` writes the organiser files only: the plan and its instance stay."""
    folder = tmp_path / "plan"
    plan = {"solution.json": "{}", "instance.json": "{}", "changes.csv": "a\n",
            "notify.csv": "b\n"}
    write_folder(folder, plan)
    write_folder(folder, {"report.html": "<html>", "ics/rooms/aula.ics": "new"}, force=True)
    assert top_level(folder) == {*plan, "report.html", "ics"}


def test_solve_after_a_rerun_leaves_no_change_lists(tmp_path: Path) -> None:
    day, previous = publish(tmp_path)
    out = tmp_path / "out"
    rerun = run(*rerun_args(archives_cancelled(tmp_path), previous, out,
                            "--previous-instance", day))
    assert rerun.exit_code == 0, rerun.output
    # Every file a rerun writes is one a later plan may drop.
    assert top_level(out) <= PLAN_FOLDER_FILES
    assert {"changes.csv", "notify.csv"} <= top_level(out)
    (out / "notes.txt").write_text(NOTES, encoding="utf-8")
    solved = run(*solve_args(day, out, "--force"))
    assert solved.exit_code == 0, solved.output
    assert not (out / "changes.csv").exists() and not (out / "notify.csv").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == NOTES
    assert (out / "solution.json").is_file()


def test_solve_of_an_instance_file_replaces_the_instance_an_import_wrote(
    tmp_path: Path,
) -> None:
    """Else `report`, `diff` and `rerun` would read the old day as the new plan's."""
    out = tmp_path / "out"
    imported = solve_export(EXPORT, out)
    assert imported.exit_code == 0, imported.output
    assert top_level(out) <= PLAN_FOLDER_FILES
    assert (out / "instance.json").is_file()
    (out / "notes.txt").write_text(NOTES, encoding="utf-8")
    other = write(tmp_path / "other.json", tiny_day())
    solved = run(*solve_args(other, out, "--force"))
    assert solved.exit_code == 0, solved.output
    assert load_instance(out / "instance.json") == tiny_day()
    assert (out / "notes.txt").read_text(encoding="utf-8") == NOTES
    reported = run("report", out)
    assert (reported.exit_code, reported.stderr) == (0, "")


def test_solve_and_rerun_of_an_instance_file_write_the_instance_beside_the_plan(
    tmp_path: Path,
) -> None:
    """So that `report` can tell when an export given later numbers other people."""
    day, previous = publish(tmp_path)
    assert (previous.parent / "instance.json").read_text(encoding="utf-8") == day.read_text(
        encoding="utf-8")
    changed = archives_cancelled(tmp_path)
    out = tmp_path / "v2"
    rerun = run(*rerun_args(changed, previous, out))
    assert rerun.exit_code == 0, rerun.output
    assert load_instance(out / "instance.json") == load_instance(changed)


# Where the folder is written: links, modes and groups.


@pytest.fixture
def umask_027() -> Iterator[int]:
    """A umask that is neither the usual 022 nor private 077, so that modes can only
    have come from it."""
    previous = os.umask(0o027)
    yield 0o027
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_linked_folder_is_written_where_the_link_points(tmp_path: Path) -> None:
    """The link stays, the shared folder gets the plan, and nothing is left beside
    either: not even the link an earlier version left as `.link.new-*`."""
    shared = tmp_path / "shared" / "plan"
    shared.mkdir(parents=True)
    link = tmp_path / "linkplan"
    link.symlink_to(Path("shared") / "plan")
    (tmp_path / ".linkplan.new-old").symlink_to(Path("shared") / "plan")
    write_folder(link, {"solution.json": "first"})
    write_folder(link, {"solution.json": "second"}, force=True)
    assert link.is_symlink() and link.readlink() == Path("shared") / "plan"
    assert (shared / "solution.json").read_text() == "second"
    assert top_level(tmp_path) == {"shared", "linkplan"}
    assert top_level(tmp_path / "shared") == {"plan"}


def test_a_link_to_a_folder_not_yet_made_makes_it(tmp_path: Path) -> None:
    link = tmp_path / "linkplan"
    link.symlink_to(tmp_path / "shared" / "plan")
    write_folder(link, {"solution.json": "{}"})
    assert link.is_symlink()
    assert (tmp_path / "shared" / "plan" / "solution.json").is_file()


def test_a_plan_behind_a_link_is_not_replaced_without_force(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    link = tmp_path / "linkplan"
    link.symlink_to(tmp_path / "shared")
    write_folder(link, {"solution.json": "sent out"})
    with pytest.raises(OutputExists):
        write_folder(link, {"solution.json": "new"})
    assert (tmp_path / "shared" / "solution.json").read_text() == "sent out"


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    """A team folder, group-writable with the set-group-ID bit, stays that way."""
    team = tmp_path / "team"
    team.mkdir()
    team.chmod(0o2775)
    write_folder(team, {"solution.json": "{}"})
    write_folder(team, {"solution.json": "{}"}, force=True)
    assert mode(team) == 0o2775


def test_an_existing_folder_keeps_its_group(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    # A group the user may give it: one they belong to, or any group for root.
    others = [g for g in [*os.getgroups(), *([4242] if os.geteuid() == 0 else [])]
              if g != team.stat().st_gid]
    if not others:
        pytest.skip("the user belongs to one group only")
    os.chown(team, -1, others[0])
    write_folder(team, {"solution.json": "{}"})
    assert team.stat().st_gid == others[0]


def test_new_folders_and_files_get_the_modes_of_the_umask(
    tmp_path: Path, umask_027: int
) -> None:
    """Not the private 0700 and 0600 of a temporary folder: the umask decides."""
    out = tmp_path / "new" / "plan"
    write_folder(out, {"solution.json": "{}", "ics/rooms/aula.ics": "x"})
    assert [mode(p) for p in (tmp_path / "new", out, out / "ics", out / "ics" / "rooms")] == [
        0o750] * 4
    assert mode(out / "solution.json") == mode(out / "ics" / "rooms" / "aula.ics") == 0o640


def test_solve_into_a_linked_folder_keeps_the_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    link = tmp_path / "linkplan"
    link.symlink_to(shared)
    day = write(tmp_path / "day.json", tiny_day())
    result = run(*solve_args(day, link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (shared / "solution.json").is_file()
    assert top_level(tmp_path) == {"shared", "linkplan", "day.json"}


def test_import_writes_an_instance_with_the_mode_of_the_umask(
    tmp_path: Path, umask_027: int
) -> None:
    out = tmp_path / "day.json"
    result = run("import", EXPORT, "--workshops", WORKSHOPS, "--out", out)
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o640


# Output paths, checked before the work.


def never(*args: object, **kwargs: object) -> None:
    raise AssertionError("the search started although the output cannot be written")


@pytest.fixture
def afile(tmp_path: Path) -> Path:
    """A file where a folder is wanted."""
    path = tmp_path / "afile"
    path.write_text("mine\n", encoding="utf-8")
    return path


def test_solve_refuses_a_file_as_its_folder_before_the_search(
    tmp_path: Path, afile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cli.solve.solve", never)
    day = write(tmp_path / "day.json", tiny_day())
    result = run(*solve_args(day, afile))
    assert (result.exit_code, result.stderr) == (
        2, f"error: {afile} is a file, not a folder; name a folder to write into\n")
    assert afile.read_text(encoding="utf-8") == "mine\n"


def test_solve_names_the_file_that_stands_in_the_way(
    tmp_path: Path, afile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cli.solve.solve", never)
    day = write(tmp_path / "day.json", tiny_day())
    result = run(*solve_args(day, afile / "plan"))
    assert (result.exit_code, result.stderr) == (
        2, f"error: cannot write {afile / 'plan'}: {afile} is a file, not a folder\n")


def test_rerun_refuses_a_file_as_its_folder_before_the_search(
    tmp_path: Path, afile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, previous = publish(tmp_path)
    monkeypatch.setattr("cli.rerun.rerun", never)
    result = run(*rerun_args(archives_cancelled(tmp_path), previous, afile / "v2"))
    assert (result.exit_code, result.stderr) == (
        2, f"error: cannot write {afile / 'v2'}: {afile} is a file, not a folder\n")


def test_report_names_the_file_that_stands_in_the_way(
    export_plan: Path, afile: Path
) -> None:
    result = run("report", export_plan, "--out", afile / "x")
    assert (result.exit_code, result.stderr) == (
        2, f"error: cannot write {afile / 'x'}: {afile} is a file, not a folder\n")


@pytest.fixture
def inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder, with a file of the organiser's in it."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "notes.txt").write_text(NOTES, encoding="utf-8")
    monkeypatch.chdir(here)
    return here


def test_solve_refuses_to_write_into_the_current_folder(inside: Path) -> None:
    """The swap would delete the folder the shell is in (`.` itself cannot be renamed,
    its full path can)."""
    day = write(inside.parent / "day.json", tiny_day())
    for out in (Path("."), inside):
        result = run(*solve_args(day, out))
        assert (result.exit_code, result.stderr) == (2, (
            f"error: {out} is the current folder: writing replaces the output folder whole "
            "(so that a failed write changes nothing), which would delete the folder you "
            f"are in; write into a folder inside it, such as {out / 'plan'}\n"))
        assert top_level(inside) == {"notes.txt"}
        assert Path.cwd() == inside


def test_solve_refuses_a_folder_that_holds_the_current_one(inside: Path) -> None:
    day = write(inside.parent / "day.json", tiny_day())
    result = run(*solve_args(day, Path("..")))
    assert (result.exit_code, result.stderr) == (2, (
        "error: .. holds the current folder: writing replaces the output folder whole (so "
        "that a failed write changes nothing), which would delete the folder you are in; "
        "write into another folder, or run the command from outside ..\n"))
    assert top_level(inside) == {"notes.txt"}


def test_solve_writes_into_a_new_folder_inside_the_current_one(inside: Path) -> None:
    day = write(inside.parent / "day.json", tiny_day())
    result = run(*solve_args(day, Path("plan")))
    assert result.exit_code == 0, result.output
    assert (inside / "plan" / "solution.json").is_file()
    assert top_level(inside) == {"notes.txt", "plan"}


def test_write_folder_refuses_the_current_folder(inside: Path) -> None:
    with pytest.raises(OutputRefused, match="is the current folder"):
        write_folder(inside, {"report.html": "<html>"})
    assert top_level(inside) == {"notes.txt"}


def test_a_folder_whose_parent_cannot_be_written_is_refused_before_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new folder is written beside the old one, so the parent must be writable.
    (os.access stands in for a locked folder, which root could write all the same.)"""
    parent = tmp_path.resolve() / "locked"
    (parent / "plan").mkdir(parents=True)
    monkeypatch.setattr(os, "access", lambda path, how: Path(path) != parent)
    with pytest.raises(OutputRefused) as refused:
        check_output_folder(parent / "plan")
    assert str(refused.value) == (
        f"cannot write {parent / 'plan'}: no permission to add files to {parent}, where the "
        "new folder is written before it is swapped in")


def test_import_refuses_an_instance_name_that_is_not_json_or_yaml(tmp_path: Path) -> None:
    """It would write JSON into a file that Excel then fails to open."""
    out = tmp_path / "dag.xlsx"
    result = run("import", EXPORT, "--workshops", WORKSHOPS, "--out", out)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {out}: an instance is written as JSON or YAML; name the file .json, .yaml "
        f"or .yml, such as {tmp_path / 'dag.json'}\n"))
    assert not out.exists()


def test_import_names_the_file_that_stands_in_the_way(afile: Path) -> None:
    result = run("import", EXPORT, "--workshops", WORKSHOPS, "--out", afile / "day.json")
    assert (result.exit_code, result.stderr) == (
        2, f"error: cannot write {afile / 'day.json'}: {afile} is a file, not a folder\n")


def test_pseudonymize_refuses_a_name_that_is_not_json_or_yaml(tmp_path: Path) -> None:
    day = write(tmp_path / "day.json", tiny_day())
    result = run("pseudonymize", day, "--out", tmp_path / "copy.csv")
    assert result.exit_code == 2
    assert "an instance is written as JSON or YAML" in result.stderr


# `report` from a registration export.


@pytest.fixture(scope="module")
def export_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-person export planned by `solve`, which writes instance.json beside it."""
    out = tmp_path_factory.mktemp("export-plan") / "plan"
    result = solve_export(EXPORT, out)
    assert result.exit_code == 0, result.output
    return out


def rewritten_export(tmp_path: Path, *, reverse: bool = False, replace: str = "",
                     by: str = "") -> Path:
    header, *rows = EXPORT.read_text(encoding="utf-8-sig").splitlines()
    if reverse:
        rows.reverse()
    export = tmp_path / "export-2.csv"
    text = "\n".join([header, *rows]) + "\n"
    export.write_text(text.replace(replace, by) if replace else text, encoding="utf-8")
    return export


def report_from(plan: Path, export: Path, out: Path) -> Result:
    return run("report", plan, "--instance", export, "--workshops", WORKSHOPS, "--out", out)


def test_report_refuses_an_export_whose_rows_changed_since_the_plan(
    export_plan: Path, tmp_path: Path
) -> None:
    """Sorted the other way, the export would give Sam's programme to Noor."""
    export = rewritten_export(tmp_path, reverse=True)
    out = tmp_path / "report"
    result = report_from(export_plan, export, out)
    beside = export_plan / "instance.json"
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {export}: 2 registrant ids belong to other people in {export.name} than "
        f"in {beside} (by e-mail address and name), such as 'r-0001' and 'r-0002': an "
        "import numbers registrants by row, and the export's rows changed since the plan "
        "was made; report from "
        f"{beside} (leave out --instance), or rerun from the new export\n"))
    assert not out.exists()


def test_report_refuses_an_export_with_people_the_plan_has_no_seat_for(
    export_plan: Path, tmp_path: Path
) -> None:
    """A late registration at the end keeps everyone's id, but has no seat in the plan."""
    export = rewritten_export(tmp_path)
    with export.open("a", encoding="utf-8") as file:
        file.write("2026-11-24 09:00,Lot Laat,lot@x.example,Gemeente,Weerbaar bestuur,,\n")
    out = tmp_path / "report"
    result = report_from(export_plan, export, out)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {export}: 1 registrant in {export.name} is not in the plan, such as "
        f"'r-0003' (registered since it was made); rerun from the new export to place "
        f"them, or report from {export_plan / 'instance.json'} (leave out --instance)\n"))
    assert not out.exists()


def test_check_against_an_instance_imported_from_a_resorted_export_says_why(
    export_plan: Path, tmp_path: Path
) -> None:
    day = tmp_path / "day.json"
    imported = run("import", rewritten_export(tmp_path, reverse=True), "--workshops",
                   WORKSHOPS, "--out", day)
    assert imported.exit_code == 0, imported.output
    result = run("check", day, export_plan)
    # Valid for the people the ids now name, but not the plan they were sent.
    assert result.stdout.startswith("valid\n")
    assert result.stderr == (
        f"warning: 2 registrant ids name other people in day.json than in "
        f"{export_plan / 'instance.json'} (by e-mail address and name), such as 'r-0001' "
        "and 'r-0002': an import numbers registrants by row, and the export's rows "
        f"changed since the plan was made; check against {export_plan / 'instance.json'}\n")


def test_report_takes_an_export_that_still_names_the_same_people(
    export_plan: Path, tmp_path: Path
) -> None:
    """A corrected address alone is the same person, as in a rerun."""
    export = rewritten_export(tmp_path, replace="sam@x.example", by="sam.smit@x.example")
    result = report_from(export_plan, export, tmp_path / "report")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / "report" / "report.html").is_file()


def test_report_refuses_a_swapped_export_for_a_plan_solved_from_an_imported_file(
    tmp_path: Path,
) -> None:
    """The README's route: import the export, solve the instance file, report from the
    export later. The plan folder has the instance it was solved from, so the report
    can tell that the export's rows now give Sam's id to Noor."""
    day = tmp_path / "day.json"
    imported = run("import", EXPORT, "--workshops", WORKSHOPS, "--out", day)
    assert imported.exit_code == 0, imported.output
    plan = tmp_path / "plan-day"
    solved = run(*solve_args(day, plan))
    assert solved.exit_code == 0, solved.output
    export = rewritten_export(tmp_path, reverse=True)
    out = tmp_path / "report"
    result = report_from(plan, export, out)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {export}: 2 registrant ids belong to other people in {export.name} than "
        f"in {plan / 'instance.json'}")
    assert not out.exists()


def test_report_from_an_export_for_a_plan_without_its_instance_warns(
    export_plan: Path, tmp_path: Path
) -> None:
    """A plan folder from before every plan kept its instance: nothing to compare with,
    so the export is taken as it is, with a warning that this could not be checked."""
    plan = tmp_path / "elsewhere" / "solution.json"
    plan.parent.mkdir()
    plan.write_bytes((export_plan / "solution.json").read_bytes())
    result = report_from(plan, EXPORT, tmp_path / "report")
    assert (result.exit_code, result.stderr) == (0, (
        f"warning: {plan.parent} has no instance.json (plans written by earlier versions "
        f"have none), so it cannot be checked that the registrant ids of {EXPORT.name} "
        "still name the people the plan was made for: if rows were added, removed or "
        "re-sorted since, programmes go to the wrong people. Report from the instance "
        "file the plan was solved from, or solve the export again\n"))
    assert (tmp_path / "report" / "report.html").is_file()


def test_report_from_an_instance_file_for_a_plan_without_its_instance_works(
    tmp_path: Path,
) -> None:
    """The older route, an instance file named with --instance, is as it was."""
    day = write(tmp_path / "day.json", tiny_day())
    plan = tmp_path / "plan"
    assert run(*solve_args(day, plan)).exit_code == 0
    (plan / "instance.json").unlink()
    result = run("report", plan, "--instance", day)
    assert (result.exit_code, result.stderr) == (0, "")


def test_report_of_a_missing_plan_says_the_plan_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    result = run("report", missing)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {missing}: the plan file does not exist; name a plan folder written by "
        "`solve`, or its solution.json\n"))
    result = run("report", tmp_path)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {tmp_path}: this folder holds no plan (solution.json); name a plan folder "
        "written by `solve`, or its solution.json\n"))


def test_report_refuses_an_instance_imported_anew_from_a_reordered_export(
    export_plan: Path, tmp_path: Path
) -> None:
    imported = tmp_path / "reimported.json"
    result = run("import", rewritten_export(tmp_path, reverse=True), "--workshops", WORKSHOPS,
                 "--out", imported)
    assert result.exit_code == 0, result.output
    out = tmp_path / "report"
    result = run("report", export_plan, "--instance", imported, "--out", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {imported}: 2 registrant ids belong to other people in reimported.json")
    assert not out.exists()
