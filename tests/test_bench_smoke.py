"""The smoke benchmark CI runs: the tiny suite reaches its known optima, the baselines
agree with them, and `bench` reports rows, ratios and targets. The full suites are run
by hand (benchmarks/README.md)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from scheduler.bench import RunOptions, load_suite, row, run_suite
from scheduler.bench.report import COLUMNS
from scheduler.errors import InputError

TINY = Path(__file__).resolve().parents[1] / "instances" / "tiny"


@pytest.fixture(scope="module")
def tiny_rows() -> dict[str, dict]:
    suite = load_suite(TINY)
    # In this process, and without HiGHS (which needs a process of its own; the
    # baseline tests compare it with the planner): seconds, not a minute.
    results = run_suite(suite, RunOptions(workers=1, isolate=False,
                                          baselines=("first-come", "flow")))
    return {r.entry.name: row(suite.name, r, 1) for r in results}


def test_every_tiny_day_reaches_its_known_optimum(tiny_rows) -> None:
    expected = {"one-round": 2, "two-rounds": 6, "per-round": 1, "joint": 7,
                "generated-assign": 660, "generated-one-round": 7}
    assert {name: (r["status"], r["objective"]) for name, r in tiny_rows.items()} == {
        name: ("OPTIMAL", value) for name, value in expected.items()}
    assert all(r["violations"] == 0 for r in tiny_rows.values())
    assert all("NOT met" not in r["targets"] for r in tiny_rows.values())


def test_the_flow_agrees_with_the_planner_on_one_round_days(tiny_rows) -> None:
    flow = {n: (r["flow_status"], r["objective_minus_flow"]) for n, r in tiny_rows.items()}
    assert flow == {
        "one-round": ("OPTIMAL", 0), "generated-one-round": ("OPTIMAL", 0),
        **{n: ("NOT_APPLICABLE", None) for n in
           ("two-rounds", "per-round", "joint", "generated-assign")},
    }


def test_first_come_is_compared_on_every_day(tiny_rows) -> None:
    """First-come never beats the optimum; on `one-round` it leaves p5 unchosen."""
    for name, r in tiny_rows.items():
        assert r["first_come_objective"] >= r["objective"], name
    one = tiny_rows["one-round"]
    assert (one["first_come_objective"], one["unchosen_fall_vs_first_come"]) == (101, 1)


def test_bench_command_runs_workers_in_fresh_processes(tmp_path) -> None:
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(cli, [
        "bench", str(TINY), "--only", "one-round", "--baselines", "none",
        "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "one-round: 5 registrants, 3 workshops, 1 rounds, 3 rooms, 15 seat variables" in (
        result.output)
    assert "  target met: expected_objective (OPTIMAL 2, known optimum 2)" in result.output
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == COLUMNS
    assert [(r["instance"], r["status"], r["objective"], r["first_come_objective"])
            for r in rows] == [("one-round", "OPTIMAL", "2", "")]
    # Measured in its own process: the peak is that worker's, above the interpreter's.
    assert float(rows[0]["peak_mib"]) > 20


def test_a_missed_known_optimum_fails_the_run(tmp_path) -> None:
    (tmp_path / "suite.yaml").write_text(
        f"instances:\n  - name: wrong\n    file: {TINY / 'one-round.json'}\n"
        "    expected_objective: 3\n    baselines: []\n")
    result = CliRunner().invoke(cli, ["bench", str(tmp_path), "--in-process"])
    assert result.exit_code == 1
    assert "target NOT met: expected_objective (OPTIMAL 2, known optimum 3)" in result.output
    assert "failed (plan breaks a rule or misses the known optimum): wrong" in result.output


@pytest.mark.parametrize(("text", "message"), [
    ("instances: 3\n", "a suite needs a mapping with an 'instances' list"),
    ("instances:\n  - file: x.json\n", "instances[1]: each instance needs a 'name'"),
    ("instances:\n  - name: a\n    file: missing.json\n",
     "instances[1] (name 'a'): instance file missing.json not found"),
    ("instances:\n  - name: a\n    generate: {registrants: 5, workshops: 2, rounds: 1, "
     "rooms: 2}\n    baselines: [gurobi]\n",
     "instances[1] (name 'a'): unknown baseline 'gurobi'; known: first-come, highs, flow, "
     "lp-bound"),
    ("instances:\n  - name: a\n    generate: {registrants: 5, workshops: 2, rounds: 1, "
     "rooms: 2}\n    targets: {fast: true}\n",
     "instances[1] (name 'a'): unknown target 'fast'"),
    ("instances:\n  - name: a\n    rerun: {base: {file: x.json}, scenario: flood}\n",
     "instances[1] (name 'a'): unknown scenario 'flood'"),
])
def test_suite_mistakes_name_the_file_and_the_entry(tmp_path, text: str, message: str) -> None:
    (tmp_path / "x.json").write_text((TINY / "one-round.json").read_text())
    (tmp_path / "suite.yaml").write_text(text)
    with pytest.raises(InputError) as excinfo:
        load_suite(tmp_path)
    assert str(excinfo.value).startswith(f"{tmp_path / 'suite.yaml'}: {message}")


def test_faster_than_highs_is_not_met_when_highs_did_not_run() -> None:
    from scheduler.bench.report import target_checks
    from scheduler.bench.runner import EntryResult
    from scheduler.bench.suite import Entry

    entry = Entry("x", None, 30, (), targets={"faster_than_highs": True})  # type: ignore[arg-type]
    result = EntryResult(entry, 30, {})
    planner = {"status": "OPTIMAL", "violations": 0, "wall_s": 10.0}
    [alone] = target_checks(result, dict(planner))
    assert not alone.met
    [against_timeout] = target_checks(result, planner | {"highs_status": "TIMEOUT"})
    assert against_timeout.met
    [against_faster] = target_checks(
        result, planner | {"highs_status": "OPTIMAL", "highs_s": 5.0})
    assert not against_faster.met


def test_bench_refuses_a_folder_as_its_csv_before_running(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["bench", str(TINY), "--out", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        2, f"error: {tmp_path}: is a folder; name the file to write\n")
