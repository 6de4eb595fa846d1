"""What the baselines share: the placement they work on, the seats it allows, the result."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.assignment_program import (  # noqa: F401  (shared with the baselines)
    PlacedSeats,
    Placement,
    placed_seats,
    solution_from_seats,
)
from scheduler.model import Instance
from scheduler.solution import Solution


@dataclass(frozen=True)
class BaselineResult:
    name: str
    status: str
    """OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, or NOT_APPLICABLE (see `note`)."""
    objective: int | None
    """`objectives.total_cost` of the plan (for lp-bound: the relaxation's value, rounded up)."""
    wall_time_s: float
    build_time_s: float = 0.0
    bound: float | None = None
    solution: Solution | None = None
    note: str = ""


def not_applicable(name: str, why: str) -> BaselineResult:
    return BaselineResult(name, "NOT_APPLICABLE", None, 0.0, note=why)


def pins_fix_placement(instance: Instance) -> bool:
    """True when pins fix the round and room of every session that can run.

    The same test as `plan_model.placement_is_fixed`, repeated here because that module
    loads OR-Tools, and OR-Tools and highspy cannot share a process (each brings its
    own HiGHS; whichever loads second fails on missing symbols).
    """
    return all(
        len(w.pins) == w.max_sessions
        and all(p.round is not None and p.room is not None for p in w.pins)
        for w in instance.workshops
    )


def fixed_placement(instance: Instance) -> Placement:
    """The placement the pins fix; ValueError when they do not fix every session."""
    if not pins_fix_placement(instance):
        raise ValueError(f"instance '{instance.name}': pins do not fix every session's "
                         "round and room")
    return {
        (w.id, pin.round): pin.room
        for w in instance.workshops
        for pin in w.pins
        if pin.round is not None and pin.room is not None
    }
