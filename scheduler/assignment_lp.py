"""The assignment on a fixed placement through its LP relaxation, solved by GLOP.

On a fixed placement the LP relaxation of the assignment (`scheduler.assignment_program`)
has an integral optimum on every generated instance measured so far (see
`benchmarks/README.md`). When it does, that optimum is a plan and its value proves it
optimal: one LP solve does the work of a whole branch-and-bound search. CP-SAT's own LP
gets there far more slowly on these models, because it runs the simplex in short,
iteration-limited slices between search steps and the empty-seat weight (millions)
makes the objective badly scaled.

The bound is not GLOP's objective value but one recomputed from its duals (see
`_dual_bound`): any dual vector gives a valid bound, so rounding in GLOP can weaken it
but never make it wrong.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from scheduler.assignment_program import (
    AssignmentProgram,
    Placement,
    assignment_program,
    solution_from_seats,
)
from scheduler.model import Instance
from scheduler.pool import place_pool_seats
from scheduler.solution import Solution

INTEGRAL = 1e-6
"""How far from 0 or 1 a column may be and still count as integral."""

LP_EMPTY_COST_FACTOR = 100
"""The LP weighs an empty seat at this many times the worst seat cost, not at the
instance's `empty_seat_cost` (which exceeds all seat costs together: millions on large
days). Any weight gives a valid lower bound, since it can only lower the objective; and
an optimum that fills every wanted seat is the same under both. The smaller weight keeps
GLOP's tolerances, which scale with the objective's coefficients, below one unit of
cost in the bound."""


@dataclass(frozen=True)
class LpAssignment:
    bound: int | None
    """A proven lower bound on the total cost of every plan on this placement."""
    solution: Solution | None
    """The LP optimum as a plan, when it is integral and its pool seats could be placed;
    not yet checked."""
    hint: Solution | None
    """The LP optimum rounded to a plan, which may break a rule: a start for a search."""
    settled: dict[tuple[str, str | None, str], bool]
    """The columns of every registrant whose columns are all integral, by (registrant,
    workshop, start round); workshop None for a seat from the round's pool."""
    fractional_columns: int
    build_time_s: float
    solve_time_s: float
    status: str


def solve_assignment_lp(
    instance: Instance, placement: Placement, pooled: bool, time_limit: float
) -> LpAssignment:
    started = time.monotonic()
    worst = max(instance.settings.unchosen_cost,
                instance.settings.rank_cost(max(1, instance.longest_rank)))
    empty_cost = min(instance.empty_seat_cost, LP_EMPTY_COST_FACTOR * max(1, worst))
    program = assignment_program(instance, placement, pooled, empty_cost)
    if program.missing:
        return LpAssignment(None, None, None, {}, 0, time.monotonic() - started, 0.0,
                            "NOT_APPLICABLE")
    solver, x, rows = glop_model(program)
    built = time.monotonic()
    solver.SetTimeLimit(max(1, int(1000 * (time_limit - (built - started)))))
    status = solver.Solve()
    solved = time.monotonic()
    timing = {"build_time_s": built - started, "solve_time_s": solved - built}
    if status == pywraplp.Solver.INFEASIBLE:
        return LpAssignment(None, None, None, {}, 0, status="INFEASIBLE", **timing)
    if status != pywraplp.Solver.OPTIMAL:
        return LpAssignment(None, None, None, {}, 0, status="UNKNOWN", **timing)
    values = np.fromiter((v.solution_value() for v in x), dtype=np.float64, count=len(x))
    duals = np.fromiter((r.dual_value() for r in rows), dtype=np.float64, count=len(rows))
    bound = _dual_bound(program, duals)
    fractional = (values > INTEGRAL) & (values < 1 - INTEGRAL)
    rounded, complete = plan_from_values(instance, placement, program, values)
    filled = sum(program.columns[j].weight for j in np.flatnonzero(values > 0.5).tolist())
    wanted = instance.wanted_seats
    # With empty seats the lowered weight may have traded them for seat costs.
    exact = not fractional.any() and complete and (
        filled == wanted or empty_cost == instance.empty_seat_cost)
    return LpAssignment(bound, rounded if exact else None, rounded,
                        _settled(program, values, fractional), int(fractional.sum()),
                        status="OPTIMAL", **timing)


def _settled(
    program: AssignmentProgram, values: np.ndarray, fractional: np.ndarray
) -> dict[tuple[str, str | None, str], bool]:
    """Columns to keep: all but those of registrants with a fractional column. (Freeing
    also the registrants who share a session with them made the model CP-SAT then
    solves slower, not better, on `assign-1000-per-round`.)"""
    columns = program.columns
    unsettled = {columns[j].registrant for j in np.flatnonzero(fractional).tolist()}
    return {
        (c.registrant, c.workshop, c.round): bool(value > 0.5)
        for c, value in zip(columns, values.tolist(), strict=True)
        if c.registrant not in unsettled
    }


def glop_model(
    program: AssignmentProgram,
) -> tuple[pywraplp.Solver, list[pywraplp.Variable], list[pywraplp.Constraint]]:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    infinity = solver.infinity()
    x = [solver.NumVar(0.0, 1.0, "") for _ in program.columns]
    rows = []
    for i in range(program.rows):
        lower = program.lower[i] if program.lower[i] != -math.inf else -infinity
        upper = program.upper[i] if program.upper[i] != math.inf else infinity
        row = solver.RowConstraint(lower, upper, "")
        for j in program.index[program.start[i]:program.start[i + 1]]:
            row.SetCoefficient(x[j], 1.0)
        rows.append(row)
    objective = solver.Objective()
    for j, c in enumerate(program.cost.tolist()):
        if c:
            objective.SetCoefficient(x[j], c)
    objective.SetOffset(program.offset)
    objective.SetMinimization()
    return solver, x, rows


def _dual_bound(program: AssignmentProgram, duals: np.ndarray) -> int:
    """The Lagrangian bound of `duals`, rounded up to the integer objective.

    For any y, every x in [0, 1] with lower <= Ax <= upper has
    cost.x >= sum_i y_i * (lower_i if y_i > 0 else upper_i) + sum_j min(0, (cost - A'y)_j).
    A sign the row's bounds cannot use (y_i > 0 on a row without a lower bound) is
    set to 0, which keeps the inequality true.
    """
    lower = np.asarray(program.lower, dtype=np.float64)
    upper = np.asarray(program.upper, dtype=np.float64)
    y = np.where((duals > 0) & np.isfinite(lower), duals, 0.0)
    y = np.where((duals < 0) & np.isfinite(upper), duals, y)
    starts = np.asarray(program.start)
    row_of_entry = np.repeat(np.arange(len(y)), np.diff(starts))
    column_of_entry = np.asarray(program.index, dtype=np.int64)
    reduced = program.cost - np.bincount(column_of_entry, weights=y[row_of_entry],
                                         minlength=len(program.cost))
    row_terms = np.where(y > 0, y * np.where(np.isfinite(lower), lower, 0.0),
                         y * np.where(np.isfinite(upper), upper, 0.0))
    column_terms = np.minimum(0.0, reduced)
    value = program.offset + row_terms.sum() + column_terms.sum()
    # Room for the rounding of the (pairwise) sums above, in doubles.
    slack = 1e-12 * (abs(program.offset) + np.abs(row_terms).sum()
                     + np.abs(column_terms).sum())
    return math.ceil(value - slack - 1e-6)


def plan_from_values(
    instance: Instance, placement: Placement, program: AssignmentProgram, values: np.ndarray
) -> tuple[Solution, bool]:
    """The columns above one half as a plan, and whether every pool seat found a
    session."""
    taken: list[tuple[str, str, str]] = []
    requests: list[tuple[str, str]] = []
    for j in np.flatnonzero(values > 0.5).tolist():
        column = program.columns[j]
        if column.workshop is None:
            requests.append((column.registrant, column.round))
        else:
            taken.append((column.registrant, column.workshop, column.round))
    if requests:
        held = [(w, r, m) for (w, r), m in placement.items()]
        by_registrant: dict[str, list[tuple[str, str, str]]] = {}
        for p, w, r in taken:
            by_registrant.setdefault(p, []).append((w, r, placement[w, r]))
        placed, failed = place_pool_seats(instance, held, by_registrant, requests)
        taken += [(p, w, r) for (p, _), (w, r, _) in placed.items()]
        return solution_from_seats(instance, placement, taken), not failed
    return solution_from_seats(instance, placement, taken), True
