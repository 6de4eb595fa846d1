"""Never lose a plan: time limits, Ctrl-C and SIGTERM, a writer killed mid-way, reruns.

The signal and kill tests run the real command in a subprocess, as an organiser would.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from scheduler import outputs
from scheduler.instance_io import load_instance
from scheduler.outputs import OutputExists, write_folder
from scheduler.search import SolveOptions, deterministic_search
from scheduler.solve import solve

REPO = Path(__file__).parent.parent
EXAMPLES = REPO / "instances" / "examples"
WEEK = EXAMPLES / "week-van-de-participatie.json"
"""Seven online days, 58 registrants: first plans within a second, no proof for many."""
RANKED_DAY = EXAMPLES / "ranked-choice-day.json"
"""300 registrants: nothing is found in a tenth of a second."""
CONGRESS_DAY = EXAMPLES / "dag-van-weerbaar-bestuur.json"
"""Proven optimal in well under a second."""

PROGRESS_LINE = re.compile(r"^\s*\d+\.\d s  \S")
REPRODUCIBLE_FILES = ["solution.json", "sessions.csv", "assignments.csv"]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-c", "from cli.main import main; main()", *map(str, args)]


def assert_checked(plan: Path, instance: Path = WEEK) -> None:
    checked = run("check", instance, plan / "solution.json")
    assert checked.exit_code == 0, checked.output


# Time limits.


def test_at_the_time_limit_the_best_plan_is_checked_and_written_as_feasible(
    tmp_path: Path,
) -> None:
    out = tmp_path / "plan"
    result = run("solve", WEEK, "--out", out, "--time-limit", 2, "--workers", 1, "--quiet")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "FEASIBLE"
    assert summary["bound"] < summary["objective"]
    assert summary["gap"] == pytest.approx(
        (summary["objective"] - summary["bound"]) / summary["objective"])
    assert summary["interrupted"] is False
    assert "FEASIBLE" in result.stdout and "gap" in result.stdout
    assert_checked(out)


def test_no_plan_within_the_time_limit_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run("solve", RANKED_DAY, "--out", out, "--time-limit", 0.1, "--workers", 1,
                 "--quiet")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == (
        "error: no plan found within 0.1 s; try a longer --time-limit")
    assert not out.exists()


# Ctrl-C and SIGTERM.


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_search_and_the_best_plan_so_far_is_written(
    signal_number: int, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    process = subprocess.Popen(
        command("solve", WEEK, "--out", out, "--time-limit", 120, "--workers", 2),
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    watchdog = threading.Timer(90, process.kill)
    watchdog.start()
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if PROGRESS_LINE.match(line):
                signalled = time.monotonic()
                process.send_signal(signal_number)
                break
        stdout, _ = process.communicate(timeout=60)
    finally:
        watchdog.cancel()
        process.kill()
    assert process.returncode == 130, stdout
    # The search stopped at once, not at the end of its first step (30 s here).
    assert time.monotonic() - signalled < 20
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True
    assert summary["status"] in ("FEASIBLE", "OPTIMAL")
    assert summary["wall_time_s"] < 20
    assert "interrupted: this is the best plan found so far" in stdout
    assert_checked(out)


def test_an_interrupt_before_any_plan_gives_no_plan_and_says_so() -> None:
    interrupt = threading.Event()
    interrupt.set()
    result = solve(load_instance(CONGRESS_DAY), time_limit=5, workers=1, interrupt=interrupt)
    assert result.solution is None
    assert result.interrupted is True


def test_ctrl_c_outside_the_search_exits_130_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("cli.solve.load_instance_or_export", interrupted)
    result = run("solve", WEEK, "--out", tmp_path / "plan")
    assert result.exit_code == 130
    assert result.stderr == "error: interrupted\n"


# Writing the plan folder.


WRITER = """
import sys, time
from scheduler import outputs

write_file = outputs._write_file

def slow_write(target, content):
    write_file(target, content)
    print("wrote", target.name, flush=True)
    time.sleep(30)

outputs._write_file = slow_write
outputs.write_folder(sys.argv[1], {"solution.json": "new", "summary.json": "new"}, force=True)
"""


def test_a_writer_killed_mid_way_leaves_the_previous_plan_intact(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    old = {"solution.json": "old plan", "summary.json": "old summary", "notes.txt": "mine"}
    write_folder(out, old)
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(out)], cwd=REPO,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("wrote")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert {p.name: p.read_text() for p in out.iterdir()} == old


def test_a_finished_write_replaces_the_plan_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    write_folder(out, {"solution.json": "old plan", "notes.txt": "mine"})
    with pytest.raises(OutputExists):
        write_folder(out, {"solution.json": "new plan"})
    write_folder(out, {"solution.json": "new plan"}, force=True)
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "solution.json": "new plan", "notes.txt": "mine"}
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]


def test_where_folders_cannot_be_swapped_in_one_step_a_kill_between_renames_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two renames: the old folder is moved aside, then the new one moved in. A kill in
    between leaves the old one aside; the next write puts it back first, so it still
    counts as a plan that only --force replaces."""
    monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    out = tmp_path / "plan"
    write_folder(out, {"solution.json": "old plan"})
    out.rename(tmp_path / ".plan.old-killed")

    with pytest.raises(OutputExists):
        write_folder(out, {"solution.json": "new plan"})
    assert (out / "solution.json").read_text() == "old plan"
    write_folder(out, {"solution.json": "new plan"}, force=True)
    assert (out / "solution.json").read_text() == "new plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]


def test_solve_refuses_an_existing_plan_before_spending_time_on_the_search(
    tmp_path: Path,
) -> None:
    out = tmp_path / "plan"
    write_folder(out, {"solution.json": "a plan the organiser sent out"})
    started = time.monotonic()
    result = run("solve", RANKED_DAY, "--out", out, "--time-limit", 120)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out} already holds a plan (solution.json); use --force to replace it\n")
    assert time.monotonic() - started < 30
    assert (out / "solution.json").read_text() == "a plan the organiser sent out"


# Same input, same plan.


def test_deterministic_runs_write_byte_identical_plans(tmp_path: Path) -> None:
    """Stopped by the time limit, with two workers: the case where CP-SAT's default
    search differs from run to run."""
    plans = []
    for n in range(2):
        out = tmp_path / f"run-{n}"
        result = run("solve", WEEK, "--out", out, "--time-limit", 0.5, "--workers", 2,
                     "--seed", 3, "--deterministic", "--quiet")
        assert result.exit_code == 0, result.output
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert summary["deterministic"] is True
        assert summary["status"] == "FEASIBLE"
        plans.append({name: (out / name).read_bytes() for name in REPRODUCIBLE_FILES})
    assert plans[0] == plans[1]


def test_deterministic_search_is_on_only_inside_its_block() -> None:
    with deterministic_search():
        assert SolveOptions().deterministic is True
    assert SolveOptions().deterministic is False


def test_a_staging_folder_left_by_a_kill_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """A kill while the files are written leaves the half-written copy beside the plan
    folder, names and addresses included; the next write into that folder removes it,
    and a retired folder whose successor is in place too."""
    out = tmp_path / "plan"
    write_folder(out, {"solution.json": "old plan"})
    staging = tmp_path / ".plan.new-killed"
    staging.mkdir()
    (staging / "mail-merge.csv").write_text("anna@x.org", encoding="utf-8")
    retired = tmp_path / ".plan.old-killed"
    retired.mkdir()
    write_folder(out, {"solution.json": "new plan"}, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]
