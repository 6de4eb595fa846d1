"""First come, first served on the given sessions: the organisers' usual practice."""

from __future__ import annotations

import time

from scheduler.baselines.common import BaselineResult, Placement, solution_from_seats
from scheduler.check import evaluate
from scheduler.first_come import first_come_assign
from scheduler.model import Instance


def first_come_baseline(
    instance: Instance, placement: Placement, time_limit: float = 0.0, workers: int = 1
) -> BaselineResult:
    """Seats in registration order (`scheduler.first_come`); it needs no time limit or
    threads."""
    started = time.monotonic()
    sessions = solution_from_seats(instance, placement, []).sessions
    solution = first_come_assign(instance, sessions)
    wall = time.monotonic() - started
    objective = evaluate(instance, solution).objective
    return BaselineResult("first-come", "FEASIBLE", objective, wall, solution=solution)
