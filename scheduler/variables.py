"""The decision variables of the CP-SAT model, and what each one means.

- ``start[w, r]``: a session of workshop ``w`` starts in round ``r``.
- ``in_room[w, r, m]``: that session is held in room ``m``.
- ``seat[p, w, r]``: registrant ``p`` attends the session of ``w`` starting in ``r``.
- ``pool[p, t]``: registrant ``p`` gets an unchosen seat in round ``t``, in some
  poolable session (`candidates.poolable`) that has a free seat; which one is decided
  after the solve (`scheduler.pool`). Only for registrants whose unchosen seats are
  pooled; for the others every unchosen seat is a ``seat`` variable.

A workshop runs at most one session per start round (sessions of one workshop never
overlap), so ``(w, r)`` names a session. Variables exist only for the candidates in
`scheduler.candidates`; everything else is fixed to zero by its absence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from scheduler.candidates import (
    PooledCandidates,
    PoolSeat,
    Seat,
    Start,
    registrant_seats,
    session_starts,
)
from scheduler.model import Instance

SessionKey = tuple[str, str]
SeatKey = tuple[str, str, str]
PoolKey = tuple[str, str]


def starts_around(
    instance: Instance, starts: dict[SessionKey, Start], kept: dict[SessionKey, str]
) -> dict[SessionKey, Start]:
    """The candidate sessions left when the `kept` sessions stay in their rooms: no
    other session in a room and round a kept one holds, and no more sessions of a
    workshop that its kept ones already take to its maximum.

    The hard rules would exclude these too, but leaving them out of the model spares
    the solver's presolve from finding that out (seconds on a 400-registrant day).
    """
    held = {key: room for key, room in kept.items()
            if key in starts and room in starts[key].rooms}
    busy = {(room, t) for key, room in held.items() for t in starts[key].rounds}
    sessions_kept = Counter(w for w, _ in held)
    around: dict[SessionKey, Start] = {}
    for key, start in starts.items():
        if key in held:
            around[key] = replace(start, rooms=(held[key],))
            continue
        if sessions_kept[key[0]] >= instance.workshop_by_id[key[0]].max_sessions:
            continue
        rooms = tuple(m for m in start.rooms if not any((m, t) in busy for t in start.rounds))
        if rooms:
            around[key] = replace(start, rooms=rooms)
    return around


@dataclass
class Variables:
    instance: Instance
    model: cp_model.CpModel
    starts: dict[SessionKey, Start]
    seats: dict[SeatKey, Seat]
    start: dict[SessionKey, cp_model.IntVar] = field(default_factory=dict)
    in_room: dict[tuple[str, str, str], cp_model.IntVar] = field(default_factory=dict)
    seat: dict[SeatKey, cp_model.IntVar] = field(default_factory=dict)
    pool_seats: dict[PoolKey, PoolSeat] = field(default_factory=dict)
    pool: dict[PoolKey, cp_model.IntVar] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        instance: Instance,
        model: cp_model.CpModel,
        placement: dict[SessionKey, str] | None = None,
        pooled: frozenset[str] = frozenset(),
        kept: dict[SessionKey, str] | None = None,
    ) -> Variables:
        """Variables for every candidate; with `placement` ((workshop, start) -> room),
        only those sessions exist, fixed in their rooms. With `kept`, those sessions
        stay in their rooms (the caller fixes them) and others may only be added where
        they leave room. Registrants in `pooled` take unchosen seats in poolable
        sessions from the pool."""
        starts = session_starts(instance)
        if kept is not None:
            starts = starts_around(instance, starts, kept)
        if placement is not None:
            starts = {
                key: replace(start, rooms=(placement[key],))
                for key, start in starts.items()
                if key in placement and placement[key] in start.rooms
            }
        seats: dict[SeatKey, Seat] = {}
        pool_seats: dict[PoolKey, PoolSeat] = {}
        if pooled:
            candidates = PooledCandidates(instance, starts)
            for registrant in instance.registrants:
                if registrant.id not in pooled:
                    continue
                explicit, from_pool = candidates.seats(registrant)
                seats.update({(s.registrant, s.workshop, s.round): s for s in explicit})
                pool_seats.update({(s.registrant, s.round): s for s in from_pool})
        for registrant in instance.registrants:
            if registrant.id not in pooled:
                seats.update({
                    (s.registrant, s.workshop, s.round): s
                    for s in registrant_seats(instance, registrant, starts)
                })
        variables = cls(instance, model, starts, seats, pool_seats=pool_seats)
        variables.new_session_vars()
        variables._new_seat_vars()
        return variables

    def new_session_vars(self) -> None:
        for (w, r), start in self.starts.items():
            self.start[w, r] = self.model.new_bool_var(f"start[{w},{r}]")
            if len(start.rooms) == 1:
                # One possible room: the room choice is the start itself.
                self.in_room[w, r, start.rooms[0]] = self.start[w, r]
                continue
            for m in start.rooms:
                self.in_room[w, r, m] = self.model.new_bool_var(f"in_room[{w},{r},{m}]")

    def _new_seat_vars(self) -> None:
        for key in self.seats:
            self.seat[key] = self.model.new_bool_var(f"seat[{','.join(key)}]")
        for key in self.pool_seats:
            self.pool[key] = self.model.new_bool_var(f"pool[{','.join(key)}]")

    def seat_terms(self) -> list[tuple[cp_model.IntVar, str, int | None, int, int]]:
        """Every seat-like variable with its registrant, rank, cost and weight."""
        terms = [(self.seat[k], s.registrant, s.rank, s.cost, s.weight)
                 for k, s in self.seats.items()]
        terms += [(self.pool[k], s.registrant, None, s.cost, s.weight)
                  for k, s in self.pool_seats.items()]
        return terms

    def terms_by_registrant(
        self,
    ) -> dict[str, list[tuple[cp_model.IntVar, str, int | None, int, int]]]:
        grouped: dict[str, list[tuple[cp_model.IntVar, str, int | None, int, int]]] = {
            r.id: [] for r in self.instance.registrants
        }
        for term in self.seat_terms():
            grouped[term[1]].append(term)
        return grouped

    # Groupings used by several constraint families, computed once.

    def seats_by_registrant(self) -> dict[str, list[SeatKey]]:
        grouped: dict[str, list[SeatKey]] = {r.id: [] for r in self.instance.registrants}
        for key in self.seats:
            grouped[key[0]].append(key)
        return grouped

    def seats_by_session(self) -> dict[SessionKey, list[SeatKey]]:
        grouped: dict[SessionKey, list[SeatKey]] = {key: [] for key in self.starts}
        for key in self.seats:
            grouped[key[1], key[2]].append(key)
        return grouped
