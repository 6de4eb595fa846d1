"""The baselines: HiGHS and the flow reach the planner's optimum, first-come is valid.

HiGHS runs in a child process: OR-Tools (loaded by the planner in this process) and
highspy each bring their own HiGHS and cannot share a process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from scheduler.baselines import (
    first_come_baseline,
    fixed_placement,
    flow_baseline,
    highs_baseline,
    solution_from_seats,
)
from scheduler.check import check, evaluate
from scheduler.generate import generate_instance
from scheduler.instance_io import dump_json, load_instance
from scheduler.model import Instance, Registrant, Room, Round, SessionPin, Workshop
from scheduler.solve import solve

TINY = Path(__file__).resolve().parents[1] / "instances" / "tiny"

HIGHS_SCRIPT = """
import json, sys
from scheduler.baselines import fixed_placement, highs_baseline, lp_bound_baseline
from scheduler.check import check
from scheduler.instance_io import load_instance
out = {}
for path in sys.argv[1:]:
    instance = load_instance(path)
    placement = fixed_placement(instance)
    ip = highs_baseline(instance, placement, 60.0, 1)
    lp = lp_bound_baseline(instance, placement, 60.0, 1)
    out[path] = [ip.status, ip.objective, len(check(instance, ip.solution)), lp.bound]
print(json.dumps(out))
"""


def optimum(instance: Instance) -> int:
    result = solve(instance, time_limit=20, workers=1)
    assert result.status.value == "OPTIMAL"
    return result.objective


def one_round_with_a_minimum() -> Instance:
    """One round. `wb` must have two people, though only `p3` wants it first: the
    cheapest way is to move one of `p1`, `p2` (second choice `wb`, cost 1)."""
    return Instance(
        name="one round, minimum size",
        rounds=[Round(id="r1", day=date(2026, 6, 1), start=time(10), end=time(11))],
        rooms=[Room(id="A", capacity=3), Room(id="B", capacity=3)],
        workshops=[
            Workshop(id="wa", pins=[SessionPin(round="r1", room="A")]),
            Workshop(id="wb", min_size=2, pins=[SessionPin(round="r1", room="B")]),
        ],
        registrants=[
            Registrant(id="p1", ranked=["wa", "wb"]),
            Registrant(id="p2", ranked=["wa", "wb"]),
            Registrant(id="p3", ranked=["wb"]),
        ],
    )


@pytest.fixture(scope="module")
def small_fixed_days(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("fixed")
    paths = [TINY / "two-rounds.json", TINY / "per-round.json", TINY / "generated-assign.json"]
    for n, args in enumerate([
        dict(registrants=80, workshops=8, rounds=3, rooms=4, repeats=3, seed=11),
        dict(registrants=60, workshops=10, rounds=2, rooms=6, choices="per-round",
             list_length=2, seed=12),
    ]):
        path = folder / f"generated-{n}.json"
        path.write_text(dump_json(generate_instance(**args, fixed_placement=True)))
        paths.append(path)
    return paths


def test_highs_reaches_the_planners_optimum_and_the_lp_bounds_it(small_fixed_days) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", HIGHS_SCRIPT, *map(str, small_fixed_days)],
        capture_output=True, text=True, check=True, timeout=300,
    )
    # HiGHS 1.16 prints its banner when constructed, before it can be silenced: the
    # results are the last line.
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    for path in small_fixed_days:
        status, objective, violations, lp_bound = results[str(path)]
        best = optimum(load_instance(path))
        assert (status, objective, violations) == ("OPTIMAL", best, 0), path.name
        assert lp_bound <= best + 1e-6, path.name


def test_highs_refuses_to_run_where_or_tools_is_loaded() -> None:
    import ortools.sat.python.cp_model  # noqa: F401  (the planner's solver)

    instance = load_instance(TINY / "two-rounds.json")
    result = highs_baseline(instance, fixed_placement(instance))
    assert result.status == "NOT_APPLICABLE"
    assert result.note.startswith("OR-Tools is loaded in this process")


@pytest.mark.parametrize("instance", [
    load_instance(TINY / "one-round.json"),
    load_instance(TINY / "generated-one-round.json"),
    one_round_with_a_minimum(),
    generate_instance(300, 8, 1, 8, list_length=3, popularity="zipf:1.5",
                      fixed_placement=True, seed=21),
], ids=["tiny", "generated-80", "minimum-size", "generated-300"])
def test_flow_reaches_the_planners_optimum_on_one_round(instance: Instance) -> None:
    result = flow_baseline(instance, fixed_placement(instance))
    assert result.status == "OPTIMAL"
    assert check(instance, result.solution) == []
    assert result.objective == evaluate(instance, result.solution).objective
    assert result.objective == optimum(instance)


def test_the_minimum_size_case_costs_one() -> None:
    instance = one_round_with_a_minimum()
    assert flow_baseline(instance, fixed_placement(instance)).objective == 1


def test_flow_says_when_it_does_not_apply() -> None:
    instance = load_instance(TINY / "two-rounds.json")
    result = flow_baseline(instance, fixed_placement(instance))
    assert (result.status, result.note) == (
        "NOT_APPLICABLE", "2 workshop rounds; the flow needs exactly one")


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_first_come_is_valid_and_never_beats_the_optimum(seed: int) -> None:
    instance = generate_instance(150, 10, 3, 5, repeats=3, fixed_placement=True, seed=seed,
                                 popularity="zipf:1.5")
    result = first_come_baseline(instance, fixed_placement(instance))
    assert check(instance, result.solution) == []
    assert result.objective == evaluate(instance, result.solution).objective
    assert result.objective >= optimum(instance)


def test_first_come_gives_the_earliest_registrant_their_first_choice() -> None:
    """`tiny/one-round`: p1..p4 registered in file order, so p1 and p2 fill `wa` and
    p5, who listed only `wa`, gets an unchosen seat: 0 + 0 + 1 + 0 + 100."""
    instance = load_instance(TINY / "one-round.json")
    assert first_come_baseline(instance, fixed_placement(instance)).objective == 101


def test_sessions_are_named_as_the_planner_names_them() -> None:
    instance = load_instance(TINY / "two-rounds.json")
    solution = solution_from_seats(instance, fixed_placement(instance),
                                   [("p4", "wa", "r2"), ("p1", "wa", "r1")])
    assert [(s.id, s.room, s.rounds) for s in solution.sessions] == [
        ("wa-1", "A", ["r1"]), ("wb-1", "B", ["r1"]), ("wa-2", "A", ["r2"]),
        ("wc-1", "B", ["r2"])]
    assert [(a.registrant, a.session) for a in solution.assignments] == [
        ("p1", "wa-1"), ("p4", "wa-2")]


def test_fixed_placement_refuses_an_instance_whose_sessions_are_not_pinned() -> None:
    with pytest.raises(ValueError, match="pins do not fix every session's round and room"):
        fixed_placement(load_instance(TINY / "joint.json"))
