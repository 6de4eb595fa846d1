"""`workshop-scheduler report`: organiser outputs for a plan folder or solution file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from report_fixtures import tiny_day

from cli.main import cli
from scheduler.instance_io import dump_json


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def plan_folder(tmp_path: Path, *, with_instance: bool = True) -> Path:
    instance, solution, summary = tiny_day()
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "solution.json").write_text(dump_json(solution), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps({"status": "FEASIBLE", "gap": 0.5}),
                                         encoding="utf-8")
    if with_instance:
        (folder / "instance.json").write_text(dump_json(instance), encoding="utf-8")
    return folder


def test_report_writes_into_the_plan_folder_by_default(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path)
    code, stdout, stderr = run("report", folder)
    assert (code, stderr) == (0, "")
    assert stdout == (f"wrote {folder}/: plan.xlsx, programme.csv, room-plan.csv, fill.csv, "
                      "door-lists.csv, wait-lists.csv, mail-merge.csv, report.html, and 6 "
                      "calendars under ics/\n")
    html = (folder / "report.html").read_text(encoding="utf-8")
    # The solver's figures come from summary.json, the rest is recomputed.
    assert ">FEASIBLE<" in html and ">50.00%<" in html
    assert (folder / "solution.json").exists()


def test_report_of_a_solution_file_into_another_folder(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path, with_instance=False)
    instance, _, _ = tiny_day()
    (tmp_path / "day.json").write_text(dump_json(instance), encoding="utf-8")
    code, _, stderr = run("report", folder / "solution.json", "--instance",
                          tmp_path / "day.json", "--out", tmp_path / "reports")
    assert (code, stderr) == (0, "")
    assert (tmp_path / "reports" / "ics" / "rooms" / "kamer.ics").is_file()


def test_report_needs_an_instance(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path, with_instance=False)
    code, _, stderr = run("report", folder)
    assert code == 2
    assert stderr == (f"error: {folder}: no instance.json beside the plan; name the instance "
                      "with --instance\n")


def test_report_refuses_a_plan_that_breaks_a_rule(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path)
    data = json.loads((folder / "solution.json").read_text(encoding="utf-8"))
    data["assignments"].append({"registrant": "r-1", "session": "weerbaar-1"})
    (folder / "solution.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, stderr = run("report", folder)
    assert code == 1
    assert stderr.splitlines()[-1] == (
        f"error: {folder / 'solution.json'} does not fit {folder / 'instance.json'}; "
        "no report written")
    assert not (folder / "report.html").exists()


def test_report_will_not_write_into_another_plan_without_force(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "solution.json").write_text("{}", encoding="utf-8")
    code, _, stderr = run("report", folder, "--out", other)
    assert code == 2 and "holds another plan" in stderr
    assert run("report", folder, "--out", other, "--force")[0] == 0
