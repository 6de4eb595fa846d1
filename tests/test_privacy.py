"""Registrants' names and e-mail addresses stay out of logs, progress output and
summaries; `pseudonymize` makes a copy of an instance that can be shared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from cli.main import cli
from scheduler.instance_io import dump_json, load_instance
from scheduler.model import Instance
from scheduler.pseudonymize import PSEUDONYM_DOMAIN, Pseudonyms, pseudonymize
from scheduler.solve import solve

REPO = Path(__file__).parent.parent
CONGRESS_DAY = REPO / "instances" / "examples" / "dag-van-weerbaar-bestuur.json"
MARK = "Zqxv"
"""Every personal value in the test instance carries this mark, which occurs nowhere
else: finding it in an output finds a leak."""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def marked_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example congress day (150 registrants, 10 speakers) with marked names,
    e-mail addresses and organisations."""
    data = json.loads(CONGRESS_DAY.read_text(encoding="utf-8"))
    for n, registrant in enumerate(data["registrants"]):
        registrant["name"] = f"{MARK} Naam {n:04d}"
        registrant["first_name"] = MARK
        registrant["email"] = f"{MARK.lower()}.{n:04d}@geheim.example"
        registrant["organisation"] = f"{MARK} Organisatie {n % 7}"
    for n, speaker in enumerate(data["speakers"]):
        speaker["name"] = f"{MARK} Spreker {n}"
    path = tmp_path_factory.mktemp("privacy") / "day.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def assert_unmarked(text: str) -> None:
    assert MARK.lower() not in text.lower()


def test_solve_output_progress_and_summary_hold_no_names_or_addresses(
    marked_day: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    result = run("solve", marked_day, "--out", out, "--time-limit", 10, "--workers", 1)
    assert result.exit_code == 0, result.output
    assert "first placement" in result.stderr or "total cost" in result.stderr  # progress
    assert_unmarked(result.stdout + result.stderr)
    assert_unmarked((out / "summary.json").read_text(encoding="utf-8"))

    as_json = run("solve", marked_day, "--out", tmp_path / "again", "--time-limit", 10,
                  "--workers", 1, "--json")
    assert as_json.exit_code == 0, as_json.output
    assert_unmarked(as_json.stdout + as_json.stderr)

    for args in (["check", marked_day, out / "solution.json"],
                 ["check", marked_day, out / "solution.json", "--json"],
                 ["diagnose", marked_day]):
        checked = run(*args)
        assert checked.exit_code in (0, 1), checked.output
        assert_unmarked(checked.stdout + checked.stderr)


def test_violations_name_registrants_by_id_only(marked_day: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    assert run("solve", marked_day, "--out", out, "--time-limit", 10, "--workers", 1,
               "--quiet").exit_code == 0
    solution = json.loads((out / "solution.json").read_text(encoding="utf-8"))
    first = solution["sessions"][0]["id"]
    # Everyone into one session: over capacity, rounds clashing.
    solution["assignments"] = [{"registrant": a["registrant"], "session": first}
                               for a in solution["assignments"]]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(solution), encoding="utf-8")
    checked = run("check", marked_day, broken)
    assert checked.exit_code == 1
    assert "registrant 'r-0002'" in checked.stdout
    assert_unmarked(checked.stdout + checked.stderr)


def test_the_solver_log_holds_no_names_or_addresses(marked_day: Path, tmp_path: Path) -> None:
    """CP-SAT writes its log itself, past Python's streams: run the real command."""
    process = subprocess.run(
        [sys.executable, "-c", "from cli.main import main; main()", "solve", str(marked_day),
         "--out", str(tmp_path / "plan"), "--time-limit", "10", "--workers", "1", "--log"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert process.returncode == 0, process.stderr
    assert "CP-SAT" in process.stdout + process.stderr
    assert_unmarked(process.stdout + process.stderr)


# Pseudonymize.


def test_pseudonymize_replaces_names_addresses_and_organisations_and_keeps_the_rest(
    marked_day: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shared.json"
    result = run("pseudonymize", marked_day, "--out", out, "--seed", "s3cret")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {out}: names, e-mail addresses and organisations of 150 registrants and "
        "10 speakers replaced; ids kept\n")
    text = out.read_text(encoding="utf-8")
    assert_unmarked(text)

    original, copy = load_instance(marked_day), load_instance(out)
    blank = {"name": "", "first_name": None, "email": "", "organisation": ""}
    assert [r.model_copy(update=blank) for r in copy.registrants] == [
        r.model_copy(update=blank) for r in original.registrants]
    assert [s.model_copy(update={"name": ""}) for s in copy.speakers] == [
        s.model_copy(update={"name": ""}) for s in original.speakers]
    assert copy.model_copy(update={"registrants": [], "speakers": []}) == (
        original.model_copy(update={"registrants": [], "speakers": []}))
    assert all(r.email.endswith(f"@{PSEUDONYM_DOMAIN}") for r in copy.registrants)
    assert len({r.name for r in copy.registrants}) == 150
    assert len({r.organisation for r in copy.registrants}) == 7


def test_the_same_value_gets_the_same_pseudonym_however_it_is_typed() -> None:
    pseudonyms = Pseudonyms("seed")
    assert pseudonyms.email("Jan@Example.nl ") == pseudonyms.email("jan@example.nl")
    assert pseudonyms.name("Jan  de Vries") == pseudonyms.name("jan de vries")
    assert pseudonyms.name("Jan de Vries") != pseudonyms.name("Jan de Vris")
    assert pseudonyms.organisation("Gemeente Ede") == pseudonyms.organisation("gemeente ede")
    assert pseudonyms.name("") == pseudonyms.email("") == ""


def test_pseudonyms_follow_the_seed() -> None:
    assert Pseudonyms("a").name("Jan de Vries") == Pseudonyms("a").name("Jan de Vries")
    assert Pseudonyms("a").name("Jan de Vries") != Pseudonyms("b").name("Jan de Vries")
    assert Pseudonyms("a").name("Jan de Vries") == "Person " + Pseudonyms("a").name(
        "Jan de Vries").removeprefix("Person ")[:8]


def test_a_person_who_registered_twice_keeps_one_pseudonym_and_a_speaker_who_registered_too(
) -> None:
    instance = Instance.model_validate({
        "rounds": [{"id": "r1", "day": "2026-03-26", "start": "10:00", "end": "11:00"}],
        "rooms": [{"id": "zaal", "capacity": 5}],
        "speakers": [{"id": "sp", "name": "Anna Bakker"}],
        "registrants": [
            {"id": "p1", "name": "Anna Bakker", "email": "anna@x.nl", "organisation": "Ede"},
            {"id": "p2", "name": "anna bakker", "email": "ANNA@x.nl", "organisation": "Ede"},
            {"id": "p3", "name": "Piet Smit", "email": "", "organisation": ""},
        ],
    })
    copy = pseudonymize(instance, "seed")
    p1, p2, p3 = copy.registrants
    assert (p1.name, p1.email, p1.organisation) == (p2.name, p2.email, p2.organisation)
    assert copy.speakers[0].name == p1.name
    assert p3.name != p1.name and (p3.email, p3.organisation) == ("", "")


def test_same_seed_same_file(marked_day: Path, tmp_path: Path) -> None:
    for name in ("one.json", "two.json"):
        assert run("pseudonymize", marked_day, "--out", tmp_path / name, "--seed", "7"
                   ).exit_code == 0
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert run("pseudonymize", marked_day, "--out", tmp_path / "three.json").exit_code == 0
    assert (tmp_path / "three.json").read_bytes() != (tmp_path / "one.json").read_bytes()


def test_the_copy_poses_the_same_problem(tmp_path: Path) -> None:
    original = load_instance(CONGRESS_DAY)
    copy = pseudonymize(original, "seed")
    assert dump_json(copy) != dump_json(original)
    first = solve(original, time_limit=10, workers=1, seed=0)
    second = solve(copy, time_limit=10, workers=1, seed=0)
    assert first.objective == second.objective == 35


def test_pseudonymize_writes_yaml_when_asked(marked_day: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared.yaml"
    assert run("pseudonymize", marked_day, "--out", out, "--seed", "1").exit_code == 0
    assert_unmarked(out.read_text(encoding="utf-8"))
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))["registrants"]) == 150


def test_pseudonymize_will_not_overwrite_without_force(marked_day: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared.json"
    out.write_text("mine", encoding="utf-8")
    refused = run("pseudonymize", marked_day, "--out", out)
    assert refused.exit_code == 2
    assert refused.stderr == f"error: {out} exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("pseudonymize", marked_day, "--out", out, "--force").exit_code == 0
    itself = run("pseudonymize", marked_day, "--out", marked_day, "--force")
    assert itself.exit_code == 2
    assert "is the instance itself" in itself.stderr


def test_ids_that_hold_addresses_are_kept_with_a_warning_that_does_not_repeat_them(
    tmp_path: Path,
) -> None:
    data = {
        "rounds": [{"id": "r1", "day": "2026-03-26", "start": "10:00", "end": "11:00"}],
        "rooms": [{"id": "zaal", "capacity": 5}],
        "registrants": [{"id": "p1", "name": "Anna Bakker"},
                        {"id": f"{MARK.lower()}@geheim.example", "name": "Piet Smit"}],
    }
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("pseudonymize", path, "--out", tmp_path / "shared.json")
    assert result.exit_code == 0
    assert result.stderr == ("warning: 1 ids hold an e-mail address or a name and were kept "
                             "(the first at registrants[1]); replace them before sharing\n")
    assert load_instance(tmp_path / "shared.json").registrants[1].id == data[
        "registrants"][1]["id"]


def test_pseudonymize_refuses_bad_input_cleanly(tmp_path: Path) -> None:
    broken = REPO / "tests" / "data" / "broken" / "instances" / "zero-capacity.json"
    result = run("pseudonymize", broken, "--out", tmp_path / "shared.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}: rooms[1] (id 'zaal-b').capacity:")
    assert not (tmp_path / "shared.json").exists()
