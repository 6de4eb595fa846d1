"""The assignment on a fixed placement as an integer program in matrix form.

The same model as CP-SAT's with sessions fixed (`PlanModel(instance, placement)`): one
column per candidate seat (`scheduler.candidates`, so needs, audiences and presence
are already applied), and the rows of `scheduler.constraints`:

- a registrant attends at most one session per round;
- a registrant attends each workshop at most once;
- a registrant with `wanted` attends at most that many workshops;
- a session holds at most its capacity and, being held, at least the minimum size;
- a pinned assignment holds.

The objective is `objectives.total_cost`: the seat costs, minus the empty-seat cost for
every wanted seat filled, plus that cost for every wanted seat (the offset).

The planner solves its LP relaxation (`scheduler.assignment_lp`); the `highs` and
`lp-bound` baselines hand it to HiGHS. Nothing here loads a solver.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from scheduler.candidates import (
    PooledCandidates,
    Seat,
    Start,
    all_seats,
    poolable,
    session_capacity,
    session_starts,
)
from scheduler.model import Instance
from scheduler.solution import Solution

Placement = dict[tuple[str, str], str]
"""(workshop, start round) -> room of every session that is held."""


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


@dataclass(frozen=True)
class Column:
    """A seat, or (`workshop` None) an unchosen seat drawn from the round's pool."""

    registrant: str
    workshop: str | None
    round: str
    rounds: tuple[str, ...]
    cost: int
    weight: int


@dataclass
class AssignmentProgram:
    """Rows in compressed form: row i holds columns index[start[i]:start[i+1]]."""

    columns: list[Column]
    cost: np.ndarray
    offset: float
    start: list[int]
    index: list[int]
    lower: list[float]
    upper: list[float]
    missing: list[tuple[str, str]]

    @property
    def rows(self) -> int:
        return len(self.lower)


def _columns(instance: Instance, placement: Placement, pooled: bool) -> tuple[
    list[Column], dict[tuple[str, str], Start], list[tuple[str, str]]
]:
    placed = placed_seats(instance, placement, explicit=not pooled)
    columns = [Column(s.registrant, s.workshop, s.round, s.rounds, s.cost, s.weight)
               for s in placed.seats]
    if pooled:
        candidates = PooledCandidates(instance, placed.starts)
        columns = []
        for registrant in instance.registrants:
            seats, pool = candidates.seats(registrant)
            columns += [Column(s.registrant, s.workshop, s.round, s.rounds, s.cost, s.weight)
                        for s in seats]
            columns += [Column(s.registrant, None, s.round, (s.round,), s.cost, s.weight)
                        for s in pool]
    return columns, placed.starts, placed.missing


def assignment_program(
    instance: Instance,
    placement: Placement,
    pooled: bool = False,
    empty_cost: int | None = None,
) -> AssignmentProgram:
    """The integer program on `placement`; with `pooled`, unchosen seats in poolable
    sessions come from one pool per round, as in the planner's large-instance model
    (`constraints.add_pool_capacity`): a relaxation, so its LP still bounds the optimum.

    `empty_cost` replaces the instance's empty-seat cost. A lower one gives a program
    whose optimum is at most the real one, and equal to it when that optimum fills every
    wanted seat.
    """
    columns, starts, missing = _columns(instance, placement, pooled)
    if empty_cost is None:
        empty_cost = instance.empty_seat_cost
    wanted = instance.wanted_seats
    cost = np.fromiter((c.cost - empty_cost * c.weight for c in columns), dtype=np.float64,
                       count=len(columns))
    program = AssignmentProgram(columns, cost, float(empty_cost * wanted), [0], [], [], [],
                                missing)
    inf = float("inf")

    def add_row(group: list[int], lower: float, upper: float) -> None:
        program.index.extend(group)
        program.start.append(len(program.index))
        program.lower.append(lower)
        program.upper.append(upper)

    by_registrant: dict[str, list[int]] = defaultdict(list)
    by_session: dict[tuple[str, str], list[int]] = defaultdict(list)
    pool_at: dict[str, list[int]] = defaultdict(list)
    for j, c in enumerate(columns):
        by_registrant[c.registrant].append(j)
        if c.workshop is None:
            pool_at[c.round].append(j)
        else:
            by_session[c.workshop, c.round].append(j)
    for registrant in instance.registrants:
        own = by_registrant.get(registrant.id, [])
        by_round: dict[str, list[int]] = defaultdict(list)
        by_workshop: dict[str, list[int]] = defaultdict(list)
        for j in own:
            for t in columns[j].rounds:
                by_round[t].append(j)
            if columns[j].workshop is not None:
                by_workshop[columns[j].workshop].append(j)
        for group in (*by_round.values(), *by_workshop.values()):
            if len(group) > 1:
                add_row(group, -inf, 1)
        if registrant.wanted is not None and registrant.wanted < len(by_round):
            add_row(own, -inf, registrant.wanted)
        for pin in registrant.pinned:
            matching = [j for j in own if columns[j].workshop == pin.workshop
                        and (pin.round is None or columns[j].round == pin.round)]
            add_row(matching, 1, 1)
    for (w, r), start in starts.items():
        group = by_session.get((w, r), [])
        capacity = session_capacity(instance, w, start.rooms[0])
        minimum = instance.workshop_by_id[w].min_size
        if len(group) > capacity or minimum > 0:
            add_row(group, minimum, min(capacity, len(group)) if minimum else capacity)
    for t, drawn in pool_at.items():
        poolable_here = [(w, r) for (w, r) in starts
                         if r == t and poolable(instance.workshop_by_id[w])]
        taken = [j for key in poolable_here for j in by_session.get(key, [])]
        room = sum(session_capacity(instance, w, starts[w, r].rooms[0])
                   for w, r in poolable_here)
        add_row(drawn + taken, -inf, room)
    return program
