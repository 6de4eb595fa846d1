"""A start for the rerun on a fixed placement: most seats filled, then fewest people
changed, through the LP relaxation.

With the sessions where they were published, the rerun's first two objectives are an
assignment plus one "kept" column per registrant (kept <= each of their published
seats). Its LP, like the plain assignment's (`scheduler.assignment_lp`), has been
integral on most days tried. On a 2,000-registrant day with its largest workshop
cancelled, GLOP solves it in about 4 s, filling every wanted seat and moving only that
workshop's people; CP-SAT's search for seats alone left 10 seats empty after 16 s, and
the searches after it ended with 1,500 to 1,950 people moved.

The LP counts a registrant who is better off as changed (it has no "better" column):
the plan is a start for the search, which then knows better, not a bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from ortools.linear_solver import pywraplp

from scheduler.assignment_lp import INTEGRAL, glop_model, plan_from_values
from scheduler.assignment_program import (
    AssignmentProgram,
    Placement,
    assignment_program,
    placed_seats,
)
from scheduler.model import Instance
from scheduler.solution import Solution

PublishedSeat = tuple[str, str, str]
"""(workshop, start round, room) of one published seat."""


@dataclass(frozen=True)
class LpStart:
    plan: Solution
    """The LP optimum rounded to a plan; may break a rule when `integral` is False."""
    integral: bool
    seats_filled: int
    """Wanted seats the rounded plan fills."""


def rerun_start(
    instance: Instance,
    placement: Placement,
    published: dict[str, list[PublishedSeat]],
    time_limit: float,
) -> LpStart | None:
    """The plan on `placement` filling the most wanted seats and, among those, keeping
    the most registrants' published programmes, then the most published seats; None
    when GLOP finds no optimum in `time_limit` seconds.

    When that LP's optimum is fractional (on `base-400` with 5% late registrants, a
    few registrants are half kept), the plan comes from the LP that counts changed
    seats instead of changed registrants, whose optimum has been integral on every
    day tried. Sessions of `placement` that can no longer run (a cancelled workshop, a
    speaker away) are left out."""
    deadline = time.monotonic() + time_limit
    runnable = placed_seats(instance, placement, explicit=False).starts
    placement = {key: room for key, room in placement.items() if key in runnable}
    # One seat more outweighs every change (each LP is then lexicographic).
    fill_weight = len(published) + 1
    program = assignment_program(instance, placement, empty_cost=fill_weight)
    columns = program.columns
    weights = np.fromiter((c.weight for c in columns), dtype=np.float64, count=len(columns))
    index = {(c.registrant, c.workshop, c.round): j for j, c in enumerate(columns)}
    kept_columns = _kept_columns(index, placement, published)
    changed = np.ones(len(columns))
    for registrant, seats in published.items():
        for w, r, m in seats:
            j = index.get((registrant, w, r))
            if j is not None and placement.get((w, r)) == m:
                changed[j] = 0.0
    # Below the people kept, the published seats kept: whose programme changes keeps
    # the rest of it, as the rerun's last stage asks (all of them together weigh less
    # than one registrant kept).
    seat_kept = (1.0 - changed) / (float((1.0 - changed).sum()) + 1.0)
    start = _solve(instance, placement,
                   replace(program, cost=-fill_weight * weights - seat_kept),
                   kept_columns, deadline)
    if start is None or start.integral:
        return start
    per_seat = replace(program, cost=-fill_weight * weights + changed)
    return _solve(instance, placement, per_seat, {}, deadline) or start


def _solve(
    instance: Instance,
    placement: Placement,
    program: AssignmentProgram,
    kept_columns: dict[str, list[int]],
    deadline: float,
) -> LpStart | None:
    """`program`'s LP, with a "kept" column (worth one) per registrant in
    `kept_columns`, at most each of their published seats."""
    solver, x, _ = glop_model(replace(program, offset=0.0))
    objective = solver.Objective()
    for registrant, seats in kept_columns.items():
        kept = solver.NumVar(0.0, 1.0, f"kept[{registrant}]")
        objective.SetCoefficient(kept, -1.0)
        for j in seats:
            row = solver.RowConstraint(-solver.infinity(), 0.0, "")
            row.SetCoefficient(kept, 1.0)
            row.SetCoefficient(x[j], -1.0)
    solver.SetTimeLimit(max(1, int(1000 * (deadline - time.monotonic()))))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    values = np.fromiter((v.solution_value() for v in x), dtype=np.float64, count=len(x))
    integral = not ((values > INTEGRAL) & (values < 1 - INTEGRAL)).any()
    plan, complete = plan_from_values(instance, placement, program, values)
    taken = values > 0.5
    filled = int(sum(c.weight for c, t in zip(program.columns, taken.tolist(), strict=True)
                     if t))
    return LpStart(plan, integral and complete, filled)


def _kept_columns(
    index: dict[tuple[str, str | None, str], int],
    placement: Placement,
    published: dict[str, list[PublishedSeat]],
) -> dict[str, list[int]]:
    """Registrant -> the columns (`index`: by registrant, workshop and start round) of
    their published seats, for every registrant whose published sessions all run
    again in their round and room."""
    kept: dict[str, list[int]] = {}
    for registrant, seats in published.items():
        if not seats or any(placement.get((w, r)) != m for w, r, m in seats):
            continue
        found = [index.get((registrant, w, r)) for w, r, _ in seats]
        if all(j is not None for j in found):
            kept[registrant] = [j for j in found if j is not None]
    return kept
