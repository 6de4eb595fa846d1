"""Published optima for student-project allocation, as a check on the fairness objectives.

First the harness: our own enumeration must reproduce the published numbers, which pins
down how the source reads lower quotas and ties. Then the solver must reach the same
numbers on the converted instances.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache

import pytest
from oracles import (
    Optima,
    SpaInstance,
    brute_force_optima,
    lecturer_quotas_bind,
    load_spa_onesided,
    parse_spa,
    project_id,
    spa_onesided_names,
    student_id,
    to_instance,
)

from scheduler.model import Instance, Settings
from scheduler.solution import Solution

NAMES = spa_onesided_names()
LINEAR_COSTS = [1, 2, 3, 4, 5, 6, 7, 8]
SQUARE_COSTS = [1, 4, 9, 16, 25, 36, 49, 64]


@cache
def oracle(name: str) -> tuple[SpaInstance, Optima]:
    return load_spa_onesided(name)


def test_all_five_instances_are_there() -> None:
    assert NAMES == ["0", "1", "2", "3", "4"]


# The harness.


@pytest.mark.parametrize("name", NAMES)
def test_brute_force_reproduces_published_optima(name: str) -> None:
    spa, optima = oracle(name)
    assert brute_force_optima(spa) == optima


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lower_quotas", ["closable", "ignored"])
def test_other_readings_of_lower_quotas_do_not(name: str, lower_quotas: str) -> None:
    # Every lower quota here is 0 or 1, so under either reading lower quotas never bind,
    # and every instance then allows better profiles and costs than the published ones.
    spa, optima = oracle(name)
    assert brute_force_optima(spa, lower_quotas) != optima  # type: ignore[arg-type]


@pytest.mark.parametrize("name", NAMES)
def test_lecturer_quotas_do_not_bind(name: str) -> None:
    # Our model has no lecturers; this is what makes the instances a fair test of it.
    spa, optima = oracle(name)
    assert not lecturer_quotas_bind(spa)
    assert brute_force_optima(spa, lecturer_quotas=True) == optima


def test_generous_and_greedy_differ_on_some_instances() -> None:
    # Otherwise the oracles could not tell the two fairness rules apart.
    differ = [n for n in NAMES if oracle(n)[1].generous_profile != oracle(n)[1].greedy_profile]
    assert differ == ["0", "1", "2"]


def test_tied_projects_become_inner_lists() -> None:
    spa = parse_spa("1 3 1\n1: 2 (3 1)\n1: 0: 1: 1\n2: 0: 1: 1\n3: 0: 1: 1\n1: 0: 1: 3: \n")
    assert spa.students == {"1": [["2"], ["3", "1"]]}
    instance = to_instance(spa)
    assert instance.registrants[0].ranked == ["P2", ["P3", "P1"]]
    assert instance.registrants[0].rank_by_workshop() == {"P2": 1, "P3": 2, "P1": 2}


@pytest.mark.parametrize("name", NAMES)
def test_conversion_keeps_every_rank_and_quota(name: str) -> None:
    spa, _ = oracle(name)
    instance = to_instance(spa)
    (round_,) = instance.rounds
    for s, groups in spa.students.items():
        registrant = instance.registrant_by_id[student_id(s)]
        assert instance.wanted_count(registrant) == 1
        for group in groups:
            for p in group:
                assert registrant.choice_rank(project_id(p), round_.id) == spa.rank(s, p)
    for p, project in spa.projects.items():
        workshop = instance.workshop_by_id[project_id(p)]
        assert (workshop.min_size, workshop.max_size) == (project.lower, project.upper)
        assert workshop.min_sessions == (1 if project.lower > 0 else 0)
        assert workshop.max_sessions == 1
    assert instance.settings.place_unchosen is False


# The solver.


@pytest.fixture(scope="module")
def solve():
    try:
        from scheduler.solve import solve
    except ImportError as exc:
        pytest.skip(f"solver not available yet: {exc}")
    return solve


@pytest.fixture(scope="module")
def check():
    try:
        from scheduler.check import check
    except ImportError as exc:
        pytest.skip(f"checker not available yet: {exc}")
    return check


def profile_of(instance: Instance, solution: Solution, length: int) -> list[int]:
    """Seats by rank of choice; fails on a seat in an unchosen workshop."""
    sessions = {s.id: s for s in solution.sessions}
    ranks: Counter[int] = Counter()
    for a in solution.assignments:
        session = sessions[a.session]
        registrant = instance.registrant_by_id[a.registrant]
        rank = registrant.choice_rank(session.workshop, session.rounds[0])
        assert rank is not None, f"{a.registrant} seated in unchosen {session.workshop}"
        ranks[rank] += 1
    return [ranks[k] for k in range(1, length + 1)]


def cost(profile: list[int], rank_costs: list[int]) -> int:
    return sum(c * n for c, n in zip(rank_costs, profile, strict=False))


def solved_profile(solve, check, instance: Instance, fairness: str, length: int):
    """Solve, check, and return (number of students seated, profile)."""
    result = solve(instance, time_limit=20, workers=2, seed=0, fairness=fairness)
    assert result.status.value == "OPTIMAL", f"{instance.name} {fairness}: {result.status}"
    assert check(instance, result.solution) == []
    seated = {a.registrant for a in result.solution.assignments}
    assert len(seated) == len(result.solution.assignments), "a student seated twice"
    return len(seated), profile_of(instance, result.solution, length)


def solve_oracle(solve, check, name: str, fairness: str, rank_costs=None):
    spa, optima = oracle(name)
    if lecturer_quotas_bind(spa):
        pytest.skip(f"spa_onesided/{name}: lecturer quotas bind, and we have no lecturers")
    instance = to_instance(spa)
    if rank_costs is not None:
        instance = instance.model_copy(
            update={"settings": Settings(place_unchosen=False, rank_costs=rank_costs)}
        )
    size, profile = solved_profile(solve, check, instance, fairness, spa.profile_length)
    assert size == optima.size
    return profile, optima


@pytest.mark.parametrize("name", NAMES)
def test_rank_maximal_matches_greedy_profile(solve, check, name: str) -> None:
    profile, optima = solve_oracle(solve, check, name, "rank-maximal")
    assert profile == optima.greedy_profile


@pytest.mark.parametrize("name", NAMES)
def test_generous_matches_generous_profile(solve, check, name: str) -> None:
    profile, optima = solve_oracle(solve, check, name, "generous")
    assert profile == optima.generous_profile


@pytest.mark.parametrize("name", NAMES)
def test_sum_of_ranks_matches_min_cost(solve, check, name: str) -> None:
    profile, optima = solve_oracle(solve, check, name, "sum", LINEAR_COSTS)
    assert cost(profile, LINEAR_COSTS) == optima.min_cost


@pytest.mark.parametrize("name", NAMES)
def test_sum_of_squared_ranks_matches_min_sq_cost(solve, check, name: str) -> None:
    profile, optima = solve_oracle(solve, check, name, "sum", SQUARE_COSTS)
    assert cost(profile, SQUARE_COSTS) == optima.min_sq_cost


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fairness", ["rank-maximal", "generous"])
def test_closable_full_projects_match_brute_force(solve, check, name: str, fairness: str) -> None:
    # The published lower quotas (0 or 1) never close a project. Raising each to the
    # upper quota ("full or closed") checks min_size with min_sessions = 0 against our
    # own enumeration; on instances 0, 1 and 2 it changes the optima.
    spa, _ = oracle(name)
    full = replace(spa, projects={p: replace(q, lower=q.upper) for p, q in spa.projects.items()})
    optima = brute_force_optima(full, "closable")
    assert optima is not None
    instance = to_instance(full, "closable")
    size, profile = solved_profile(solve, check, instance, fairness, spa.profile_length)
    assert size == optima.size
    expected = optima.greedy_profile if fairness == "rank-maximal" else optima.generous_profile
    assert profile == expected
