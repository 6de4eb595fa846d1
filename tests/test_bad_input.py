"""Bad input ends with exit code 2 and one clear message naming the file and the place.

Every file under tests/data/broken/ is run through the CLI, which must print exactly
the message in expected.yaml, no traceback, and write nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from pydantic import ValidationError

from cli.main import cli
from scheduler.model import MAX_REGISTRANTS, Instance, Registrant

BROKEN = Path(__file__).parent / "data" / "broken"
EXPECTED = yaml.safe_load((BROKEN / "expected.yaml").read_text(encoding="utf-8"))
VALID_INSTANCE = BROKEN / "valid-instance.json"
VALID_SOLUTION = BROKEN / "valid-solution.json"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_refused(result: Result, message: str) -> None:
    """Exit 2, exactly one line on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""


def test_the_corpus_has_forty_cases_or_more_and_every_file_has_its_message() -> None:
    instances = {p.name for p in (BROKEN / "instances").iterdir()}
    solutions = {p.name for p in (BROKEN / "solutions").iterdir()}
    assert len(instances) + len(solutions) >= 40
    assert instances == set(EXPECTED["instances"])
    assert solutions == set(EXPECTED["solutions"])


def test_the_valid_pair_is_valid() -> None:
    result = run("check", VALID_INSTANCE, VALID_SOLUTION)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(EXPECTED["instances"]))
def test_solve_refuses_a_broken_instance(name: str, tmp_path: Path) -> None:
    path = BROKEN / "instances" / name
    out = tmp_path / "plan"
    result = run("solve", path, "--out", out, "--time-limit", 2, "--workers", 1)
    assert_refused(result, f"{path.parent}/{EXPECTED['instances'][name]}")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(EXPECTED["instances"]))
def test_check_refuses_a_broken_instance(name: str) -> None:
    path = BROKEN / "instances" / name
    result = run("check", path, VALID_SOLUTION)
    assert_refused(result, f"{path.parent}/{EXPECTED['instances'][name]}")


@pytest.mark.parametrize("name", sorted(EXPECTED["solutions"]))
def test_check_refuses_a_broken_solution(name: str) -> None:
    path = BROKEN / "solutions" / name
    result = run("check", VALID_INSTANCE, path)
    assert_refused(result, f"{path.parent}/{EXPECTED['solutions'][name]}")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert_refused(run("solve", path, "--out", tmp_path / "plan"), f"{path}: file not found")


def test_a_folder_given_as_instance_is_named(tmp_path: Path) -> None:
    assert_refused(run("solve", tmp_path, "--out", tmp_path / "plan"),
                   f"{tmp_path}: is a folder, not a file")


def test_more_registrants_than_any_event_states_the_limit(tmp_path: Path) -> None:
    data = json.loads(VALID_INSTANCE.read_text())
    data["registrants"] = [{"id": f"p-{n}"} for n in range(MAX_REGISTRANTS + 1)]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data))
    result = run("solve", path, "--out", tmp_path / "plan")
    assert_refused(result, (
        f"{path}: registrants: at most 200000 registrants are supported and this file has "
        "200001: the limit for any plausible event; a larger number is almost certainly a "
        "mistake"
    ))
    assert not (tmp_path / "plan").exists()


def test_several_problems_are_counted_after_the_first(tmp_path: Path) -> None:
    data = json.loads(VALID_INSTANCE.read_text())
    data["rooms"][0]["capacity"] = 0
    data["rooms"][1]["capacity"] = -1
    data["registrants"][0]["ranked"] = ["w-onbekend"]
    path = tmp_path / "three.json"
    path.write_text(json.dumps(data))
    assert_refused(run("solve", path, "--out", tmp_path / "plan"), (
        f"{path}: rooms[0] (id 'zaal-a').capacity: capacity must be at least 1 (got 0) "
        "(and 1 more problem)"
    ))


def test_a_solution_naming_an_unknown_session_is_a_violation_not_bad_input(
    tmp_path: Path,
) -> None:
    data = json.loads(VALID_SOLUTION.read_text())
    data["assignments"].append({"registrant": "p-002", "session": "w-yoga-1"})
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(data))
    result = run("check", VALID_INSTANCE, path)
    assert result.exit_code == 1
    assert "assignment 6 names unknown session 'w-yoga-1'" in result.stdout


def test_a_yaml_instance_with_quoted_times_loads(tmp_path: Path) -> None:
    """The YAML twin of the valid instance: what the unquoted-time case gets wrong."""
    path = tmp_path / "day.yaml"
    path.write_text(yaml.safe_dump(json.loads(VALID_INSTANCE.read_text())))
    result = run("solve", path, "--out", tmp_path / "plan", "--time-limit", 5, "--workers", 1,
                 "--quiet")
    assert result.exit_code == 0, result.output


def test_model_built_in_code_lists_every_reference_problem() -> None:
    """Outside the loader, the validation error text names every problem, one a line."""
    data = json.loads(VALID_INSTANCE.read_text())
    data["registrants"][0]["ranked"] = ["w-onbekend", ["w-data", "w-weg"]]
    data["rooms"][1]["id"] = "zaal-a"
    with pytest.raises(ValidationError) as caught:
        Instance.model_validate(data)
    assert caught.value.errors()[0]["msg"] == (
        "Value error, room id 'zaal-a' is used 2 times\n"
        "registrant 'p-001': preference 1 names unknown workshop 'w-onbekend'\n"
        "registrant 'p-001': preference 2 names unknown workshop 'w-weg'"
    )


def test_a_registration_time_with_a_zone_becomes_utc_wall_clock() -> None:
    registrant = Registrant(id="p", registered_at="2026-02-16T09:30:00+01:00")
    assert registrant.registered_at is not None
    assert registrant.registered_at.isoformat() == "2026-02-16T08:30:00"


@pytest.mark.parametrize("name", ["registrations.csv", "workshops.xlsx"])
def test_a_table_where_an_instance_or_a_plan_belongs_is_named_as_such(
    name: str, tmp_path: Path
) -> None:
    table = tmp_path / name
    table.write_text("Naam;E-mail\n", encoding="utf-8")
    assert_refused(run("check", table, VALID_SOLUTION), (
        f"{table}: this is a table (a registration export or a workbook); here the tool "
        "reads an instance file (JSON or YAML); `import` turns a registration export into "
        "one, and `solve` writes one beside every plan"))
    assert_refused(run("check", VALID_INSTANCE, table), (
        f"{table}: this is a table (a registration export or a workbook); here the tool "
        "reads a plan (the solution.json that solve and rerun write)"))
