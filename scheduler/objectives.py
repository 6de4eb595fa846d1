"""What the planner optimises: the plain sum of seat costs, or a fairness profile.

Every objective puts seating people first: a wanted seat left empty costs more than
any assignment of choices could save (`Instance.empty_seat_cost`). The fairness rules
are lexicographic, so they are solved as a sequence of stages, each fixing the value
the stage before reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from scheduler.model import Fairness
from scheduler.variables import Variables


@dataclass(frozen=True)
class Stage:
    name: str
    sense: Literal["min", "max"]
    expr: cp_model.LinearExprT
    best_possible: int | None = None
    """A value no plan can beat, known without the solver: reaching it proves the
    stage. CP-SAT's own bound may never get there (a cap on the objective stated as a
    constraint does not reach its LP), so the search stops on it instead."""
    one_placement: bool = False
    """Searched with the sessions' places fixed: its bound holds for that placement
    only, so progress lines leave it out (a "gap 0.00%" there proves nothing)."""


def seats_filled(v: Variables) -> cp_model.LinearExprT:
    terms = v.seat_terms()
    return cp_model.LinearExpr.weighted_sum([t[0] for t in terms], [t[4] for t in terms])


def total_cost(v: Variables) -> cp_model.LinearExprT:
    """Empty wanted seats at their (high) cost plus the cost of every seat given."""
    wanted = v.instance.wanted_seats
    empty_cost = v.instance.empty_seat_cost
    terms = v.seat_terms()
    coefficients = [cost - empty_cost * weight for _, _, _, cost, weight in terms]
    return cp_model.LinearExpr.weighted_sum([t[0] for t in terms], coefficients) + (
        empty_cost * wanted
    )


def seat_cost(v: Variables) -> cp_model.LinearExprT:
    """The cost of the seats given, without the empty-seat weight: the total cost less a
    constant once the number of seats filled is fixed."""
    terms = v.seat_terms()
    return cp_model.LinearExpr.weighted_sum([t[0] for t in terms], [t[3] for t in terms])


def seats_at_rank(v: Variables, rank: int | None) -> cp_model.LinearExprT:
    """How many seats go to a rank-th choice (None: to a workshop not chosen)."""
    return cp_model.LinearExpr.sum([t[0] for t in v.seat_terms() if t[2] == rank])


def stages(v: Variables, fairness: Fairness) -> list[Stage]:
    if fairness == "sum":
        return [Stage("total cost", "min", total_cost(v))]
    ranks = sorted({s.rank for s in v.seats.values() if s.rank is not None})
    has_unchosen = bool(v.pool) or any(s.rank is None for s in v.seats.values())
    first = Stage("seats filled", "max", seats_filled(v))
    if fairness == "rank-maximal":
        # Most first choices, then most second choices, ...
        return [first] + [Stage(f"rank {k} seats", "max", seats_at_rank(v, k)) for k in ranks]
    # Generous: as few seats as possible at the worst rank, then at the next worse, ...
    worst_first: list[Stage] = []
    if has_unchosen:
        worst_first.append(Stage("unchosen seats", "min", seats_at_rank(v, None)))
    worst_first += [
        Stage(f"rank {k} seats", "min", seats_at_rank(v, k)) for k in reversed(ranks[1:])
    ]
    return [first, *worst_first]
