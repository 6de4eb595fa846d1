"""What the baselines share: the placement they work on, the seats it allows, the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from scheduler.candidates import Seat, Start, all_seats, session_starts
from scheduler.model import Instance
from scheduler.solution import Solution

Placement = dict[tuple[str, str], str]
"""(workshop, start round) -> room of every session that is held."""


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


@dataclass(frozen=True)
class PlacedSeats:
    """The sessions of a placement that can run, and every seat they offer."""

    starts: dict[tuple[str, str], Start]
    seats: list[Seat]
    missing: list[tuple[str, str]]
    """Placed sessions that cannot run there (speaker away, room unavailable, ...)."""


def placed_seats(
    instance: Instance, placement: Placement, explicit: bool = True
) -> PlacedSeats:
    """Candidates restricted to the placement, exactly as the CP-SAT model restricts them;
    the seats themselves only when `explicit`."""
    candidates = session_starts(instance)
    starts = {
        key: replace(start, rooms=(placement[key],))
        for key, start in candidates.items()
        if key in placement and placement[key] in start.rooms
    }
    missing = sorted(key for key in placement if key not in starts)
    return PlacedSeats(starts, all_seats(instance, starts) if explicit else [], missing)


def solution_from_seats(
    instance: Instance, placement: Placement, seats: Iterable[tuple[str, str, str]]
) -> Solution:
    """A plan from taken seats (registrant, workshop, start round); sessions are named
    as the planner names them: per workshop, numbered in time order."""
    order = {r: i for i, r in enumerate(instance.round_order)}
    session_ids: dict[tuple[str, str], str] = {}
    count: dict[str, int] = {}
    sessions = []
    for w, r in sorted(placement, key=lambda k: (order[k[1]], k[0])):
        count[w] = count.get(w, 0) + 1
        session_ids[w, r] = f"{w}-{count[w]}"
        rounds = instance.consecutive_rounds(r, instance.workshop_by_id[w].duration) or [r]
        sessions.append({"id": session_ids[w, r], "workshop": w, "room": placement[w, r],
                         "rounds": rounds})
    registrant_order = {p.id: i for i, p in enumerate(instance.registrants)}
    taken = sorted(seats, key=lambda k: (registrant_order[k[0]], order[k[2]], k[1]))
    assignments = [{"registrant": p, "session": session_ids[w, r]} for p, w, r in taken]
    return Solution.model_validate(
        {"instance": instance.name, "sessions": sessions, "assignments": assignments}
    )
