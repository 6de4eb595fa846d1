"""The decision variables of the CP-SAT model, and what each one means.

- ``start[w, r]``: a session of workshop ``w`` starts in round ``r``.
- ``in_room[w, r, m]``: that session is held in room ``m``.
- ``seat[p, w, r]``: registrant ``p`` attends the session of ``w`` starting in ``r``.

A workshop runs at most one session per start round (sessions of one workshop never
overlap), so ``(w, r)`` names a session. Variables exist only for the candidates in
`scheduler.candidates`; everything else is fixed to zero by its absence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from scheduler.candidates import Seat, Start, all_seats, session_starts
from scheduler.model import Instance

SessionKey = tuple[str, str]
SeatKey = tuple[str, str, str]


@dataclass
class Variables:
    instance: Instance
    model: cp_model.CpModel
    starts: dict[SessionKey, Start]
    seats: dict[SeatKey, Seat]
    start: dict[SessionKey, cp_model.IntVar] = field(default_factory=dict)
    in_room: dict[tuple[str, str, str], cp_model.IntVar] = field(default_factory=dict)
    seat: dict[SeatKey, cp_model.IntVar] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        instance: Instance,
        model: cp_model.CpModel,
        placement: dict[SessionKey, str] | None = None,
    ) -> Variables:
        """Variables for every candidate; with `placement` ((workshop, start) -> room),
        only those sessions exist, fixed in their rooms."""
        starts = session_starts(instance)
        if placement is not None:
            starts = {
                key: replace(start, rooms=(placement[key],))
                for key, start in starts.items()
                if key in placement and placement[key] in start.rooms
            }
        seats = {(s.registrant, s.workshop, s.round): s for s in all_seats(instance, starts)}
        variables = cls(instance, model, starts, seats)
        variables._new_session_vars()
        variables._new_seat_vars()
        return variables

    def _new_session_vars(self) -> None:
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
