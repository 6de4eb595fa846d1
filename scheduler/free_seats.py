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

from scheduler.candidates import session_capacity
from scheduler.model import Instance, Registrant
from scheduler.solution import Assignment, SessionPlan, Solution


def fill_free_seats(instance: Instance, solution: Solution) -> Solution:
    """`solution` with free seats given to registrants with wanted seats empty (see the
    module); the same object when no seat can be given."""
    seats_free = Counter({s.id: session_capacity(instance, s.workshop, s.room)
                          for s in solution.sessions})
    seats_free.subtract(a.session for a in solution.assignments)
    sessions = {s.id: s for s in solution.sessions}
    attending: dict[str, list[SessionPlan]] = {r.id: [] for r in instance.registrants}
    for a in solution.assignments:
        attending[a.registrant].append(sessions[a.session])
    added: list[Assignment] = []
    for registrant in sorted(instance.registrants, key=_registration_order):
        seats = attending[registrant.id]
        while (seat := _best_free_seat(instance, registrant, seats, solution.sessions,
                                       seats_free)) is not None:
            seats.append(seat)
            seats_free[seat.id] -= 1
            added.append(Assignment(registrant=registrant.id, session=seat.id))
    if not added:
        return solution
    return solution.model_copy(update={"assignments": [*solution.assignments, *added]})


def _registration_order(registrant: Registrant) -> tuple[bool, datetime]:
    # Registrants without a time come after those with one, in list order (the sort is
    # stable).
    return registrant.registered_at is None, registrant.registered_at or datetime.min


def _best_free_seat(instance: Instance, registrant: Registrant, seats: list[SessionPlan],
                    sessions: list[SessionPlan], seats_free: Counter[str]
                    ) -> SessionPlan | None:
    """The cheapest session with room that fills more of the registrant's wanted seats
    under the plan's rules; None if there is none."""
    wanted_left = instance.wanted_count(registrant) - sum(
        instance.seat_weight(registrant, s.rounds) for s in seats)
    if wanted_left <= 0:
        return None
    busy = {t for s in seats for t in s.rounds}
    free_rounds = set(instance.workshop_rounds(registrant)) - busy
    attended = {s.workshop for s in seats}
    best: tuple[int, str] | None = None
    found = None
    for session in sessions:
        if seats_free[session.id] <= 0 or session.workshop in attended \
                or not free_rounds.issuperset(session.rounds) \
                or not _open_to(instance, registrant, session):
            continue
        if registrant.per_round is not None and not registrant.per_round.get(
                session.rounds[0]):
            continue  # No seat starts in a round they chose nothing for.
        weight = instance.seat_weight(registrant, session.rounds)
        rank = registrant.choice_rank(session.workshop, session.rounds[0])
        if not 0 < weight <= wanted_left or (
                rank is None and not instance.settings.place_unchosen):
            continue
        key = (instance.settings.seat_cost(rank), session.id)
        if best is None or key < best:
            best, found = key, session
    return found


def _open_to(instance: Instance, registrant: Registrant, session: SessionPlan) -> bool:
    """Whether the session's workshop admits the registrant's audiences and its room
    has what they need."""
    workshop = instance.workshop_by_id[session.workshop]
    if workshop.audiences and not set(workshop.audiences) & set(registrant.audiences):
        return False
    return set(registrant.needs) <= set(instance.room_by_id[session.room].features)
