"""`workshop-scheduler solve`, `check` and `schema` through click's test runner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import build, rooms

from cli.main import cli
from scheduler.check import check, evaluate
from scheduler.instance_io import dump_json, load_instance, load_solution
from scheduler.model import Instance

EXAMPLES = Path(__file__).resolve().parent.parent / "instances" / "examples"
PLAN_FILES = ("solution.json", "summary.json", "sessions.csv", "assignments.csv")
SUMMARY_KEYS = {
    "status", "objective", "bound", "gap", "wall_time_s", "registrants", "placed",
    "rank_histogram",
}


def tiny_day() -> Instance:
    """One round, two rooms; W1 has one seat. p1 and p2 rank W1 then W2; p3 wants W2.

    Optimum: one of p1, p2 in W1 (0), the other in W2 (1), p3 in W2 (0): 1.
    """
    return build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "max_size": 1}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"], "registered_at": "2025-01-01T09:00:00"},
            {"id": "p2", "ranked": ["W1", "W2"], "registered_at": "2025-01-02T09:00:00"},
            {"id": "p3", "ranked": ["W2"]},
        ],
        name="tiny day",
    )


def write(path: Path, instance: Instance) -> Path:
    path.write_text(dump_json(instance), encoding="utf-8")
    return path


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    return write(tmp_path / "tiny.json", tiny_day())


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def solve_args(instance: Path, out: Path, *extra: str) -> list[str | Path]:
    return ["solve", instance, "--out", out, "--time-limit", "10", "--workers", "1",
            "--quiet", *extra]


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file the tool wrote, with either separator (`Settings.csv_separator`)."""
    text = path.read_text(encoding="utf-8-sig")
    separator = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;").delimiter
    return list(csv.DictReader(io.StringIO(text), delimiter=separator))


def test_solve_writes_a_checked_plan(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run(*solve_args(tiny_file, out))
    assert result.exit_code == 0, result.output
    for name in PLAN_FILES:
        assert (out / name).is_file()

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary.keys() >= SUMMARY_KEYS
    assert summary["status"] == "OPTIMAL"
    assert (summary["objective"], summary["bound"], summary["gap"]) == (1, 1, 0.0)
    assert (summary["registrants"], summary["placed"]) == (3, 3)
    assert summary["rank_histogram"] == {"1": 2, "2": 1, "unchosen": 0, "empty": 0}
    assert isinstance(summary["wall_time_s"], float)

    instance, solution = load_instance(tiny_file), load_solution(out / "solution.json")
    assert check(instance, solution) == []
    assert evaluate(instance, solution).objective == 1
    assert [row["session"] for row in csv_rows(out / "sessions.csv")] == ["W1-1", "W2-1"]
    assignments = csv_rows(out / "assignments.csv")
    assert sorted(row["registrant"] for row in assignments) == ["p1", "p2", "p3"]
    assert sorted(row["rank"] for row in assignments) == ["1", "1", "2"]
    assert "tiny day: OPTIMAL" in result.stdout


def test_json_summary_is_what_summary_json_holds(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run(*solve_args(tiny_file, out, "--json"))
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    written = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert printed == written
    assert printed["objective"] == 1


def test_refuses_to_replace_a_plan_without_force(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    assert run(*solve_args(tiny_file, out)).exit_code == 0
    before = {name: (out / name).read_bytes() for name in PLAN_FILES}

    refused = run(*solve_args(tiny_file, out, "--policy", "first-come"))
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: {out} already holds a plan (solution.json); use --force to replace it\n"
    )
    assert {name: (out / name).read_bytes() for name in PLAN_FILES} == before

    replaced = run(*solve_args(tiny_file, out, "--policy", "first-come", "--force"))
    assert replaced.exit_code == 0, replaced.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["policy"] == "first-come"


def test_first_come_policy(tiny_file: Path, tmp_path: Path) -> None:
    # p1 registered first and takes the one W1 seat.
    out = tmp_path / "plan"
    result = run(*solve_args(tiny_file, out, "--policy", "first-come"))
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["policy"], summary["objective"]) == ("first-come", 1)
    assert load_solution(out / "solution.json").programme() == {
        "p1": ["W1-1"], "p2": ["W2-1"], "p3": ["W2-1"]
    }


def test_generous_fairness(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run(*solve_args(tiny_file, out, "--fairness", "generous", "--json"))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["fairness"], summary["status"], summary["objective"]) == (
        "generous", "OPTIMAL", 1
    )
    assert summary["bound"] is None


def hall_too_small() -> Instance:
    """Two registrants attend an opening in a hall of one seat: found before solving."""
    return build(
        rounds=2,
        rooms=rooms(Hall=1, A=5),
        plenaries=[{"id": "opening", "round": "T1", "room": "Hall"}],
        workshops=[{"id": "W1"}],
        registrants=[{"id": "p1"}, {"id": "p2"}],
    )


def lonely_minimum() -> Instance:
    """Two rounds, one room: p1's pin puts W2 in T1, so W1, which needs two people,
    runs in T2, when only p1 is there. Only the solver finds this out."""
    return build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "min_size": 2}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "pinned": [{"workshop": "W2", "round": "T1"}]},
            {"id": "p2", "present": ["T1"]},
        ],
    )


@pytest.mark.parametrize("instance", [hall_too_small(), lonely_minimum()],
                         ids=["before-solving", "by-the-solver"])
def test_proven_infeasible_exits_1_and_writes_nothing(
    instance: Instance, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    result = run(*solve_args(write(tmp_path / "no-plan.json", instance), out))
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error: no plan")]
    assert not out.exists()


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    result = run(*solve_args(missing, tmp_path / "plan"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: file not found\n"
    assert "Traceback" not in result.output


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "rounds": [],\n  "rooms": [,]\n}\n', encoding="utf-8")
    result = run(*solve_args(broken, tmp_path / "plan"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {broken}: line 3, column 13: invalid JSON: Expecting value "
        "(a value is missing here)\n"
    )


def test_unknown_reference_names_registrant_and_workshop(tmp_path: Path) -> None:
    data = json.loads(dump_json(tiny_day()))
    data["registrants"][2]["ranked"] = ["W9"]
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(*solve_args(path, tmp_path / "plan"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: registrants[2] (id 'p3').ranked[0]: "
        "registrant 'p3': preference 1 names unknown workshop 'W9'\n"
    )


def test_schema_of_an_instance() -> None:
    result = run("schema", "instance")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "registrants" in schema["properties"]
    assert schema["title"] == "Instance"


def test_check_accepts_the_written_plan(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    assert run(*solve_args(tiny_file, out)).exit_code == 0
    result = run("check", tiny_file, out / "solution.json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid\n")


def test_check_accepts_a_plan_folder(tiny_file: Path, tmp_path: Path) -> None:
    """As `report` and `diff` do: the folder stands for its solution.json."""
    out = tmp_path / "plan"
    assert run(*solve_args(tiny_file, out)).exit_code == 0
    result = run("check", tiny_file, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid\n")


def test_check_of_a_folder_without_a_plan_says_so(tiny_file: Path, tmp_path: Path) -> None:
    result = run("check", tiny_file, tmp_path)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {tmp_path}: this folder holds no plan (solution.json); name a plan folder "
        "written by `solve`, or its solution.json\n"))


def test_example_day_end_to_end(tmp_path: Path) -> None:
    """The congress day example: 150 registrants, two workshop rounds after an opening."""
    example = EXAMPLES / "dag-van-weerbaar-bestuur.json"
    out = tmp_path / "plan"
    result = run(*solve_args(example, out, "--json"))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    instance, solution = load_instance(example), load_solution(out / "solution.json")
    assert check(instance, solution) == []
    evaluation = evaluate(instance, solution)
    assert summary["status"] == "OPTIMAL"
    assert summary["objective"] == summary["bound"] == evaluation.objective
    assert summary["registrants"] == len(instance.registrants) == 150
    assert summary["placed"] == evaluation.placed
    assert summary["rank_histogram"] == evaluation.rank_histogram
    assert run("check", example, out / "solution.json").exit_code == 0


@pytest.mark.parametrize(("bound", "shown"), [
    (7.0, "  3.0 s  total cost: 10 (bound 7, gap 30.00%)"),
    # Early in a search CP-SAT's bound on costs can be far below 0: it says nothing yet.
    (-1774867058.0, "  3.0 s  total cost: 10 (no bound yet)"),
    # A stage searched on one placement has a bound for that placement only.
    (None, "  3.0 s  total cost: 10"),
])
def test_progress_lines_show_only_a_bound_that_means_something(
        capsys: pytest.CaptureFixture[str], bound: float | None, shown: str) -> None:
    from cli.solve import _show_progress
    from scheduler.search import Progress

    _show_progress(Progress("total cost", 10.0, bound, 3.0))
    assert capsys.readouterr().err.strip() == shown.strip()
