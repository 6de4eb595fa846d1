"""The policies `first-come` and `first-come-floor` through `solve`, and registrant costs.

Costs as in `test_solve`: a k-th choice costs 0, 1, 3, ...; an unchosen workshop 100.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import build, priority_breaches, rooms, solve_tiny, workshops_of
from hypothesis import given, settings
from strategies import small_instances

from scheduler.model import Instance
from scheduler.policies import registrant_costs
from scheduler.solution import Solution
from scheduler.solve import Status


def at(day: int) -> str:
    return (datetime(2025, 1, 1, 9) + timedelta(days=day)).isoformat()


def early_bird_and_specialist() -> Instance:
    """One round; W1 has one seat, W2 plenty.

    p-early registered first and ranks W1, then W2; p-late wants W1 only.
    Optimal: p-late in W1 (0), p-early in W2 (1): 1.
    First come: p-early takes W1 (0), p-late sits in W2 unchosen (100): 100.
    """
    return build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "max_size": 1}, {"id": "W2"}],
        registrants=[
            {"id": "p-late", "ranked": ["W1"], "registered_at": at(2)},
            {"id": "p-early", "ranked": ["W1", "W2"], "registered_at": at(1)},
        ],
    )


def test_optimal_gives_the_seat_to_whom_it_saves_most() -> None:
    instance = early_bird_and_specialist()
    result = solve_tiny(instance)
    assert result.status is Status.OPTIMAL
    assert result.objective == 1
    assert workshops_of(result.solution) == {"p-late": ["W1"], "p-early": ["W2"]}


def test_first_come_gives_the_seat_to_who_registered_first() -> None:
    instance = early_bird_and_specialist()
    result = solve_tiny(instance, policy="first-come")
    assert result.status is Status.OPTIMAL
    assert result.policy == "first-come"
    assert result.objective == 100
    assert result.bound is None
    assert workshops_of(result.solution) == {"p-late": ["W2"], "p-early": ["W1"]}
    assert registrant_costs(instance, result.solution) == {"p-late": 100, "p-early": 0}


def test_policy_from_the_settings() -> None:
    instance = early_bird_and_specialist()
    instance = Instance.model_validate(
        {**instance.model_dump(), "settings": {"policy": "first-come"}}
    )
    result = solve_tiny(instance)
    assert result.policy == "first-come"
    assert result.objective == 100


def test_floor_keeps_the_first_come_promise() -> None:
    # Optimal would move p-early to W2; the floor keeps them in W1, so nobody improves.
    instance = early_bird_and_specialist()
    result = solve_tiny(instance, policy="first-come-floor")
    assert result.status is Status.OPTIMAL
    assert result.policy == "first-come-floor"
    assert result.objective == 100
    assert result.improved_over_first_come == 0
    assert workshops_of(result.solution) == {"p-late": ["W2"], "p-early": ["W1"]}


def indifferent_early_bird() -> Instance:
    """One round; W1 and W2 have one seat each, W3 plenty.

    p1 registered first and likes W1 and W2 equally; p2 ranks W1, then W3; p3 wants W3.
    First come: p1 takes W1 (the first of two equal seats), p2 gets W3 (1): 1.
    Floor: p1 moves to W2 at no loss, p2 gets W1 (0): 0, one registrant better off.
    """
    return build(
        rooms=rooms(A=5, B=5, C=5),
        workshops=[{"id": "W1", "max_size": 1}, {"id": "W2", "max_size": 1}, {"id": "W3"}],
        registrants=[
            {"id": "p1", "ranked": [["W1", "W2"]], "registered_at": at(1)},
            {"id": "p2", "ranked": ["W1", "W3"], "registered_at": at(2)},
            {"id": "p3", "ranked": ["W3"], "registered_at": at(3)},
        ],
    )


def test_first_come_on_the_indifferent_early_bird() -> None:
    result = solve_tiny(indifferent_early_bird(), policy="first-come")
    assert result.objective == 1
    assert workshops_of(result.solution) == {"p1": ["W1"], "p2": ["W3"], "p3": ["W3"]}


def test_floor_improves_on_first_come_without_hurting_anyone() -> None:
    instance = indifferent_early_bird()
    result = solve_tiny(instance, policy="first-come-floor")
    assert result.status is Status.OPTIMAL
    assert result.objective == 0
    assert result.improved_over_first_come == 1
    assert workshops_of(result.solution) == {"p1": ["W2"], "p2": ["W1"], "p3": ["W3"]}


def test_first_come_finds_no_plan_when_seating_leaves_a_session_under_its_minimum() -> None:
    """One round; W1 must run with two people; p1 (first) ranks W2, W1; p2 ranks W1, W2.

    The placement holds W1 and W2 (both must run). Seated in order, p1 takes W2 and
    p2 is left alone in W1, which may not be cancelled: no first-come plan here.
    """
    instance = build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "min_size": 2}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W2", "W1"], "registered_at": at(1)},
            {"id": "p2", "ranked": ["W1", "W2"], "registered_at": at(2)},
        ],
    )
    assert solve_tiny(instance).objective == 1
    for policy in ("first-come", "first-come-floor"):
        result = solve_tiny(instance, policy=policy)
        assert result.status is Status.UNKNOWN
        assert result.solution is None


def test_registrant_costs() -> None:
    """Two rounds, one room; p1 gets W1 (0) and W2 (1); p2 wants W1 only and one
    workshop; p3 wants a seat in both rounds but sits in W2 only, unchosen (100), and
    keeps one empty wanted seat at 100 * 5 wanted seats + 1 = 501."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "ranked": ["W1"], "wanted": 1},
            {"id": "p3"},
        ],
    )
    solution = build_solution(
        sessions=[("W1-1", "W1", "T1"), ("W2-1", "W2", "T2")],
        assignments=[("p1", "W1-1"), ("p1", "W2-1"), ("p2", "W1-1"), ("p3", "W2-1")],
    )
    assert instance.empty_seat_cost == 501
    assert registrant_costs(instance, solution) == {"p1": 1, "p2": 0, "p3": 100 + 501}


def build_solution(
    sessions: list[tuple[str, str, str]], assignments: list[tuple[str, str]]
) -> Solution:
    """A plan with every session in room A: (id, workshop, round), (registrant, session)."""
    return Solution.model_validate({
        "sessions": [{"id": i, "workshop": w, "room": "A", "rounds": [t]} for i, w, t in sessions],
        "assignments": [{"registrant": p, "session": s} for p, s in assignments],
    })


@settings(max_examples=25, deadline=None)
@given(small_instances())
def test_first_come_and_floor_on_small_instances(instance: Instance) -> None:
    """First-come plans pass the checker and keep registration order; the floor leaves
    nobody worse off than first-come did and counts who is better off."""
    first_come = solve_tiny(instance, policy="first-come")
    if first_come.solution is None:
        return
    assert priority_breaches(instance, first_come.solution) == []
    floor = solve_tiny(instance, policy="first-come-floor")
    assert floor.solution is not None
    before = registrant_costs(instance, first_come.solution)
    after = registrant_costs(instance, floor.solution)
    assert all(after[p] <= before[p] for p in before)
    assert floor.improved_over_first_come == sum(after[p] < before[p] for p in before)
