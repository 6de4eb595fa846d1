"""The CP-SAT model of one instance, and the translation between its values and plans."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.constraints import add_hard_rules
from scheduler.costs import total_cost
from scheduler.model import Instance
from scheduler.pool import place_pool_seats
from scheduler.solution import Solution
from scheduler.variables import SeatKey, SessionKey, Variables


@dataclass
class SolutionKeys:
    """A plan in the model's own terms: held sessions, their rooms, seats taken."""

    starts: set[SessionKey] = field(default_factory=set)
    rooms: set[tuple[str, str, str]] = field(default_factory=set)
    seats: set[SeatKey] = field(default_factory=set)

    @classmethod
    def of(cls, solution: Solution) -> SolutionKeys:
        keys = cls()
        start_of: dict[str, SessionKey] = {}
        for s in solution.sessions:
            start_of[s.id] = (s.workshop, s.rounds[0])
            keys.starts.add(start_of[s.id])
            keys.rooms.add((s.workshop, s.rounds[0], s.room))
        for a in solution.assignments:
            if a.session in start_of:
                w, r = start_of[a.session]
                keys.seats.add((a.registrant, w, r))
        return keys


class PlanModel:
    """The model with every hard rule; objectives are set per stage by the caller.

    With `placement` ((workshop, start round) -> room) the sessions are fixed and only
    the assignment of registrants is left to decide.
    """

    def __init__(
        self,
        instance: Instance,
        placement: dict[SessionKey, str] | None = None,
        pooled: frozenset[str] = frozenset(),
        kept: dict[SessionKey, str] | None = None,
    ) -> None:
        self.instance = instance
        self.kept = kept or {}
        self.model = cp_model.CpModel()
        self.vars = Variables.build(instance, self.model, placement, pooled, kept)
        self.pool_failures: set[str] = set()
        """Registrants whose pool seats found no session when a plan was read off."""
        add_hard_rules(self.vars)
        if placement is not None:
            for start in self.vars.start.values():
                self.model.add(start == 1)
        keep_in_place(self.vars, self.kept)

    def hint(self, solution: Solution) -> None:
        """Start the search from `solution` (values missing from it are hinted as 0)."""
        self.model.clear_hints()
        keys = SolutionKeys.of(solution)
        hinted: set[int] = set()
        for key, var in self.vars.start.items():
            self.model.add_hint(var, key in keys.starts)
            hinted.add(var.index)
        for key, var in self.vars.in_room.items():
            if var.index not in hinted:
                self.model.add_hint(var, key in keys.rooms)
        for key, var in self.vars.seat.items():
            self.model.add_hint(var, key in keys.seats)
        # A seat the model has no variable for came from the pool.
        from_pool = {(p, r) for p, w, r in keys.seats if (p, w, r) not in self.vars.seats}
        for key, var in self.vars.pool.items():
            self.model.add_hint(var, key in from_pool)

    def total_cost_of(self, solution: Solution) -> int:
        """The total cost (as `objectives.total_cost` states it) of a plan."""
        return total_cost(self.instance, solution)

    def to_solution(self, solver: cp_model.CpSolver) -> Solution:
        """Read the plan off the solver: sessions numbered per workshop in time order."""
        order = {r: i for i, r in enumerate(self.instance.round_order)}
        held = sorted(
            (key for key, var in self.vars.start.items() if solver.boolean_value(var)),
            key=lambda k: (order[k[1]], k[0]),
        )
        room_of = {
            (w, r): next(m for m in self.vars.starts[w, r].rooms
                         if solver.boolean_value(self.vars.in_room[w, r, m]))
            for w, r in held
        }
        session_ids: dict[SessionKey, str] = {}
        count: dict[str, int] = {}
        sessions = []
        for w, r in held:
            count[w] = count.get(w, 0) + 1
            session_ids[w, r] = f"{w}-{count[w]}"
            sessions.append(
                {"id": session_ids[w, r], "workshop": w, "room": room_of[w, r],
                 "rounds": list(self.vars.starts[w, r].rounds)}
            )
        registrant_order = {r.id: i for i, r in enumerate(self.instance.registrants)}
        taken = [key for key, var in self.vars.seat.items() if solver.boolean_value(var)]
        requests = [key for key, var in self.vars.pool.items() if solver.boolean_value(var)]
        if requests:
            taken += self._place_pool(room_of, taken, requests)
        taken.sort(key=lambda k: (registrant_order[k[0]], order[k[2]], k[1]))
        assignments = [{"registrant": p, "session": session_ids[w, r]} for p, w, r in taken]
        return Solution.model_validate(
            {"instance": self.instance.name, "sessions": sessions, "assignments": assignments}
        )

    def _place_pool(
        self,
        room_of: dict[SessionKey, str],
        taken: list[SeatKey],
        requests: list[tuple[str, str]],
    ) -> list[SeatKey]:
        """Seats in real sessions for the pool seats; failures are remembered."""
        by_registrant: dict[str, list[tuple[str, str, str]]] = {}
        for p, w, r in taken:
            by_registrant.setdefault(p, []).append((w, r, room_of[w, r]))
        held = [(w, r, m) for (w, r), m in room_of.items()]
        placed, failed = place_pool_seats(self.instance, held, by_registrant, requests)
        self.pool_failures |= {p for p, _ in failed}
        return [(p, w, r) for (p, _), (w, r, _) in placed.items()]


def keep_in_place(v: Variables, kept: dict[SessionKey, str]) -> None:
    """The `kept` sessions are held, each in its room (those that can still run)."""
    for key, room in kept.items():
        if (*key, room) in v.in_room:
            v.model.add(v.in_room[*key, room] == 1)


def placement_is_fixed(instance: Instance) -> bool:
    """True when pins fix the round and room of every session that can run."""
    return all(
        len(w.pins) == w.max_sessions
        and all(p.round is not None and p.room is not None for p in w.pins)
        for w in instance.workshops
    )


def pinned_placement(instance: Instance) -> dict[SessionKey, str]:
    """(workshop, start round) -> room of every session pinned to both."""
    return {
        (w.id, pin.round): pin.room
        for w in instance.workshops
        for pin in w.pins
        if pin.round is not None and pin.room is not None
    }


def placement_of(solution: Solution) -> dict[SessionKey, str]:
    return {(s.workshop, s.rounds[0]): s.room for s in solution.sessions}
