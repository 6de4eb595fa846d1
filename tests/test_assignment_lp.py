"""The assignment LP: its bound never exceeds the optimum, and its integral optimum is
the plan a fixed-placement solve returns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from ortools.sat.python import cp_model
from strategies import small_instances

from scheduler.assignment_lp import _dual_bound, solve_assignment_lp
from scheduler.assignment_program import AssignmentProgram, Column
from scheduler.check import check, evaluate
from scheduler.instance_io import load_instance
from scheduler.objectives import total_cost
from scheduler.plan_model import PlanModel, placement_of
from scheduler.solve import Status, solve

TINY = Path(__file__).resolve().parents[1] / "instances" / "tiny"


def _program(cost: list[float], rows: list[tuple[list[int], float, float]]) -> AssignmentProgram:
    column = Column("p", "w", "r", ("r",), 0, 1)
    program = AssignmentProgram([column] * len(cost), np.array(cost), 0.0, [0], [], [], [], [])
    for members, lower, upper in rows:
        program.index.extend(members)
        program.start.append(len(program.index))
        program.lower.append(lower)
        program.upper.append(upper)
    return program


def test_dual_bound_of_the_optimal_duals_is_the_lp_optimum() -> None:
    # min -3a - 2b with a + b <= 1: optimum -3, dual -3 on the row.
    program = _program([-3.0, -2.0], [([0, 1], -np.inf, 1.0)])
    assert _dual_bound(program, np.array([-3.0])) == -3


def test_dual_bound_stays_valid_for_any_duals() -> None:
    program = _program([-3.0, -2.0], [([0, 1], -np.inf, 1.0)])
    # A dual of the wrong sign for an upper-bounded row is dropped: the bound of y = 0.
    assert _dual_bound(program, np.array([5.0])) == -5
    # A poor dual gives a weaker bound, never one above the optimum.
    assert _dual_bound(program, np.array([-1.0])) == -4


def test_fixed_placement_is_solved_by_the_lp_and_proven_optimal() -> None:
    instance = load_instance(TINY / "generated-assign.json")
    result = solve(instance, time_limit=20)
    assert result.status is Status.OPTIMAL
    assert result.objective == result.bound == 660
    assert [s.name for s in result.stages] == ["assignment LP"]
    assert check(instance, result.solution) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_lp_bound_never_exceeds_the_assignment_optimum(instance) -> None:
    first = solve(instance, time_limit=5)
    assume(first.solution is not None)
    placement = placement_of(first.solution)
    plan = PlanModel(instance, placement)
    plan.model.minimize(total_cost(plan.vars))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    assume(solver.solve(plan.model) == cp_model.OPTIMAL)
    optimum = round(solver.objective_value)
    for pooled in (False, True):
        lp = solve_assignment_lp(instance, placement, pooled, time_limit=10)
        assume(lp.bound is not None)
        assert lp.bound <= optimum
        if lp.solution is not None and not check(instance, lp.solution):
            assert evaluate(instance, lp.solution).objective >= optimum
