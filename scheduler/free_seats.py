"""Free seats given to registrants who still have a wanted seat empty.

A search stopped by its time limit can leave a registrant without a seat in a round
while a session in that round has room for them: on the ranked-choice example day, a
10 s solve left 27 wanted seats empty with Aula at 91 of 120 in round 1. Seating such a
registrant fills one more wanted seat, which every objective values above any change
in who gets which choice, and moves nobody else; so it is done before a plan is
written. Each registrant in turn (earliest registration first) takes the best-ranked
seat open to them, until no wanted seat can be filled that way.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from scheduler.candidates import Seat, Start, registrant_seats, session_capacity
from scheduler.model import Instance, Registrant
from scheduler.solution import Assignment, SessionPlan, Solution


def fill_free_seats(instance: Instance, solution: Solution) -> Solution:
    """`solution` with free seats given to registrants with wanted seats empty (see the
    module); the same object when no seat can be given."""
    seats_free = Counter({s.id: session_capacity(instance, s.workshop, s.room)
                          for s in solution.sessions})
    seats_free.subtract(a.session for a in solution.assignments)
    sessions = {s.id: s for s in solution.sessions}
    # The plan's sessions as the model's candidates: a seat in them is open to a
    # registrant by the same rules as in the model (`registrant_seats`).
    by_start = {(s.workshop, s.rounds[0]): s for s in solution.sessions}
    starts = {key: Start(s.workshop, s.rounds[0], tuple(s.rounds), (s.room,))
              for key, s in by_start.items()}
    attending: dict[str, list[SessionPlan]] = {r.id: [] for r in instance.registrants}
    for a in solution.assignments:
        attending[a.registrant].append(sessions[a.session])
    added: list[Assignment] = []
    for registrant in sorted(instance.registrants, key=_registration_order):
        seats = attending[registrant.id]
        open_seats = registrant_seats(instance, registrant, starts)
        while (session := _best_free_seat(instance, registrant, seats, open_seats,
                                          by_start, seats_free)) is not None:
            seats.append(session)
            seats_free[session.id] -= 1
            added.append(Assignment(registrant=registrant.id, session=session.id))
    if not added:
        return solution
    return solution.model_copy(update={"assignments": [*solution.assignments, *added]})


def _registration_order(registrant: Registrant) -> tuple[bool, datetime]:
    # Registrants without a time come after those with one, in list order (the sort is
    # stable).
    return registrant.registered_at is None, registrant.registered_at or datetime.min


def _best_free_seat(instance: Instance, registrant: Registrant, seats: list[SessionPlan],
                    open_seats: list[Seat], by_start: dict[tuple[str, str], SessionPlan],
                    seats_free: Counter[str]) -> SessionPlan | None:
    """The session with room, of the cheapest of `open_seats`, that fills more of the
    registrant's wanted seats beside the `seats` they hold; None if there is none."""
    wanted_left = instance.wanted_count(registrant) - sum(
        instance.seat_weight(registrant, s.rounds) for s in seats)
    if wanted_left <= 0:
        return None
    busy = {t for s in seats for t in s.rounds}
    attended = {s.workshop for s in seats}
    usable = [seat for seat in open_seats
              if seat.workshop not in attended and busy.isdisjoint(seat.rounds)
              and 0 < seat.weight <= wanted_left
              and seats_free[by_start[seat.workshop, seat.round].id] > 0]
    if not usable:
        return None
    best = min(usable, key=lambda seat: (seat.cost, by_start[seat.workshop, seat.round].id))
    return by_start[best.workshop, best.round]
