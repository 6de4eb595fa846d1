"""Wait-lists: who would have taken a seat in a full session, in order of priority.

A registrant waits for a full session of a workshop they ranked better than what they
got in that session's rounds (an empty wanted seat counts as worst), when they could
attend it: present, of its audience, its room meets their needs, not attending that
workshop already. The line is in registration order, first come first.
"""

from __future__ import annotations

from scheduler.first_come import registration_order
from scheduler.model import Instance, Registrant
from scheduler.solution import SessionPlan, Solution


def wait_lists(instance: Instance, solution: Solution) -> dict[str, list[str]]:
    """Session id -> registrant ids waiting for it; only full sessions with a line."""
    sessions = {s.id: s for s in solution.sessions}
    size: dict[str, int] = {s.id: 0 for s in solution.sessions}
    programme: dict[str, list[SessionPlan]] = {}
    for a in solution.assignments:
        if a.session in sessions:
            size[a.session] += 1
            programme.setdefault(a.registrant, []).append(sessions[a.session])
    full = [s for s in solution.sessions if _is_full(instance, s, size[s.id])]
    lines: dict[str, list[str]] = {}
    for registrant in registration_order(instance):
        seats = programme.get(registrant.id, [])
        for session in full:
            if _waits_for(instance, registrant, session, seats):
                lines.setdefault(session.id, []).append(registrant.id)
    return {s.id: lines[s.id] for s in full if s.id in lines}


def with_wait_lists(instance: Instance, solution: Solution) -> Solution:
    return solution.model_copy(update={"wait_lists": wait_lists(instance, solution)})


def _is_full(instance: Instance, session: SessionPlan, size: int) -> bool:
    workshop = instance.workshop_by_id.get(session.workshop)
    room = instance.room_by_id.get(session.room)
    if workshop is None or room is None:
        return False
    return size >= min(room.capacity, workshop.max_size or room.capacity)


def _waits_for(
    instance: Instance, registrant: Registrant, session: SessionPlan, seats: list[SessionPlan]
) -> bool:
    rank = registrant.choice_rank(session.workshop, session.rounds[0])
    if rank is None or any(s.workshop == session.workshop for s in seats):
        return False
    workshop = instance.workshop_by_id[session.workshop]
    if workshop.audiences and not set(workshop.audiences) & set(registrant.audiences):
        return False
    if not set(registrant.needs) <= set(instance.room_by_id[session.room].features):
        return False
    if not set(instance.workshop_rounds(registrant)).issuperset(session.rounds):
        return False
    # What they hold in those rounds now; a round with no seat is an empty wanted seat.
    held = [s for s in seats if set(s.rounds) & set(session.rounds)]
    if not held:
        filled = sum(instance.seat_weight(registrant, s.rounds) for s in seats)
        return filled < instance.wanted_count(registrant)
    worst = max(_rank_or_worst(registrant, s) for s in held)
    return rank < worst


def _rank_or_worst(registrant: Registrant, session: SessionPlan) -> float:
    rank = registrant.choice_rank(session.workshop, session.rounds[0])
    return float("inf") if rank is None else rank
