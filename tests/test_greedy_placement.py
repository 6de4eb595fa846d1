"""The rule-of-thumb placement: it breaks no placement rule, and seated by the LP it
gives a plan the checker accepts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from strategies import small_instances

from scheduler.assignment_lp import solve_assignment_lp
from scheduler.assignment_program import solution_from_seats
from scheduler.check import check
from scheduler.generate import generate_instance
from scheduler.greedy_placement import greedy_placement

PLACEMENT_RULES = {
    "room-double-booked", "room-features", "room-unavailable", "speaker-double-booked",
    "speaker-unavailable", "session-count", "session-in-plenary-round", "session-rounds",
    "start-round", "workshop-overlap",
}


def _placement_violations(instance, placement) -> list[str]:
    """Placement rules the sessions break, less what the instance breaks by itself (a
    plenary speaker who is away, say), which an empty plan shows too."""
    def broken(sessions) -> set[tuple[str, str]]:
        plan = solution_from_seats(instance, sessions, [])
        return {(v.rule, v.message) for v in check(instance, plan) if v.rule in PLACEMENT_RULES}

    return sorted(rule for rule, _ in broken(placement) - broken({}))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_greedy_placement_breaks_no_placement_rule(instance) -> None:
    placement = greedy_placement(instance)
    if placement is not None:
        assert _placement_violations(instance, placement) == []


def test_greedy_placement_seats_a_generated_day() -> None:
    instance = generate_instance(registrants=300, workshops=12, rounds=4, rooms=6,
                                 repeats=3, seed=3)
    placement = greedy_placement(instance)
    assert placement is not None
    assert _placement_violations(instance, placement) == []
    lp = solve_assignment_lp(instance, placement, pooled=False, time_limit=30)
    plan = lp.solution or lp.hint
    assert plan is not None
    if lp.solution is not None:
        assert check(instance, lp.solution) == []
