"""The three policies an organiser can promise in the invitation.

- ``optimal``: the objective of the settings.
- ``first-come``: registration order is a strict priority ("vol is vol"). Sessions are
  placed by the optimiser; seats are then given out in registration order.
- ``first-come-floor``: optimise, but nobody does worse than under ``first-come``.
"""

from __future__ import annotations

import time
from dataclasses import replace

from scheduler.check import check
from scheduler.costs import registrant_costs
from scheduler.first_come import first_come_assign
from scheduler.model import Fairness, Instance, Policy
from scheduler.plan_model import PlanModel
from scheduler.search import SolveOptions, Status
from scheduler.solution import Solution
from scheduler.solve import Result, solve_optimal

# Share of the time limit that placing the sessions may use under `first-come` and
# `first-come-floor`; the rest goes to the floor optimisation.
PLACEMENT_SHARE = 0.5


def solve_with_policy(
    instance: Instance,
    policy: Policy,
    fairness: Fairness,
    options: SolveOptions,
    hint: Solution | None,
) -> Result:
    if policy == "optimal":
        return solve_optimal(instance, fairness, options, hint)
    started = time.monotonic()
    first_come = _first_come(instance, fairness, options, hint)
    if policy == "first-come" or first_come.solution is None or first_come.interrupted:
        return first_come
    remaining = options.time_limit - (time.monotonic() - started)
    floor_options = replace(options, time_limit=max(0.1, remaining))
    floor_costs = registrant_costs(instance, first_come.solution)

    def no_one_worse(plan: PlanModel) -> None:
        """Nobody ends up with a higher cost than first-come gave them."""
        add_registrant_ceilings(plan, floor_costs)

    result = solve_optimal(
        instance, fairness, floor_options, first_come.solution, no_one_worse,
        policy="first-come-floor",
    )
    if result.solution is None:
        return replace(result, wall_time_s=time.monotonic() - started)
    costs = registrant_costs(instance, result.solution)
    improved = sum(1 for p, cost in costs.items() if cost < floor_costs[p])
    return replace(
        result, wall_time_s=time.monotonic() - started, improved_over_first_come=improved
    )


def _first_come(
    instance: Instance, fairness: Fairness, options: SolveOptions, hint: Solution | None
) -> Result:
    started = time.monotonic()
    placement_options = replace(options, time_limit=options.time_limit * PLACEMENT_SHARE)
    placed = solve_optimal(instance, fairness, placement_options, hint)
    if placed.solution is None:
        return replace(placed, policy="first-come")
    solution = first_come_assign(instance, placed.solution.sessions)
    violations = check(instance, solution)
    status = placed.status
    reason = ""
    if violations:
        # Greedy seating on these sessions breaks a rule (say, a minimum size it cannot
        # reach); no first-come plan exists on this placement.
        solution, status = None, Status.UNKNOWN
        reason = (
            "seating in registration order cannot keep every rule on the sessions as "
            f"placed ({violations[0]}); try --policy first-come-floor or optimal"
        )
    objective = None if solution is None else sum(registrant_costs(instance, solution).values())
    return replace(
        placed,
        status=status,
        solution=solution,
        objective=objective,
        bound=None,
        policy="first-come",
        wall_time_s=time.monotonic() - started,
        reason=reason,
    )


def add_registrant_ceilings(plan: PlanModel, ceilings: dict[str, int]) -> None:
    """Each registrant's cost stays at or below their ceiling."""
    v = plan.vars
    empty_cost = plan.instance.empty_seat_cost
    for registrant_id, terms in v.terms_by_registrant().items():
        registrant = plan.instance.registrant_by_id[registrant_id]
        wanted = plan.instance.wanted_count(registrant)
        cost = empty_cost * wanted + sum(
            (seat_cost - empty_cost * weight) * var for var, _, _, seat_cost, weight in terms
        )
        plan.model.add(cost <= ceilings[registrant_id])
