"""What the planner is measured against, on the same instance and the same objective.

- ``first-come``: registration order, each taking their best programme still open
  ("vol is vol"), on the given sessions; the practice organisers know.
- ``highs``: the planner's assignment model (sessions fixed) as an integer program,
  solved by HiGHS; a time and quality reference.
- ``flow``: one-round instances as a min-cost flow (OR-Tools' graph solver); the
  exact optimum by a different method.
- ``lp-bound``: the LP relaxation of the same integer program; how far from the
  limit a plan is.

Each takes the instance and a placement ((workshop, start round) -> room) and returns a
`BaselineResult` whose objective is `objectives.total_cost` of its plan.
"""

from __future__ import annotations

from collections.abc import Callable

from scheduler.baselines.common import (
    BaselineResult,
    Placement,
    fixed_placement,
    solution_from_seats,
)
from scheduler.baselines.first_come import first_come_baseline
from scheduler.baselines.flow import flow_baseline
from scheduler.baselines.highs import highs_baseline, lp_bound_baseline
from scheduler.model import Instance

Baseline = Callable[[Instance, Placement, float, int], BaselineResult]
"""(instance, placement, time limit in seconds, threads) -> result."""

BASELINES: dict[str, Baseline] = {
    "first-come": first_come_baseline,
    "highs": highs_baseline,
    "flow": flow_baseline,
    "lp-bound": lp_bound_baseline,
}

__all__ = [
    "BASELINES",
    "Baseline",
    "BaselineResult",
    "Placement",
    "first_come_baseline",
    "fixed_placement",
    "flow_baseline",
    "highs_baseline",
    "lp_bound_baseline",
    "solution_from_seats",
]
