"""Turn pool seats into seats in real sessions, once the plan is otherwise fixed.

The model only says "registrant p gets an unchosen seat in round t"; here each such
seat goes to a held poolable session of round t that is open to p, has a free seat and
is not a workshop p attends anyway. A small exact model decides, so that a placement
exists whenever one does.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.candidates import poolable, session_capacity
from scheduler.model import Instance, Registrant

SessionKey = tuple[str, str, str]
"""(workshop, start round, room) of a held session."""


def place_pool_seats(
    instance: Instance,
    held: list[SessionKey],
    taken: dict[str, list[SessionKey]],
    requests: list[tuple[str, str]],
) -> tuple[dict[tuple[str, str], SessionKey], list[tuple[str, str]]]:
    """Place each (registrant, round) request in a session; return placements and the
    requests that could not be placed."""
    size: dict[SessionKey, int] = defaultdict(int)
    for seats in taken.values():
        for key in seats:
            size[key] += 1
    options: dict[tuple[str, str], list[SessionKey]] = {}
    for p, t in requests:
        registrant = instance.registrant_by_id[p]
        attending = {w for w, _, _ in taken.get(p, [])}
        options[p, t] = [
            (w, r, m) for (w, r, m) in held
            if r == t and _fits(instance, registrant, w, r, m, attending)
            and size[w, r, m] < session_capacity(instance, w, m)
        ]
    model = cp_model.CpModel()
    x = {
        (request, session): model.new_bool_var("")
        for request, sessions in options.items()
        for session in sessions
    }
    by_request: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    by_session: dict[SessionKey, list[cp_model.IntVar]] = defaultdict(list)
    by_person_workshop: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    for ((p, t), session), var in x.items():
        by_request[p, t].append(var)
        by_session[session].append(var)
        by_person_workshop[p, session[0]].append(var)
    for group in (*by_request.values(), *by_person_workshop.values()):
        model.add_at_most_one(group)
    for session, group in by_session.items():
        model.add(sum(group) <= session_capacity(instance, session[0], session[2]) - size[session])
    model.maximize(sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 60
    solver.solve(model)
    placed = {
        request: session for (request, session), var in x.items()
        if solver.boolean_value(var)
    }
    return placed, [r for r in requests if r not in placed]


def _fits(
    instance: Instance, registrant: Registrant, workshop_id: str, round_id: str,
    room_id: str, attending: set[str],
) -> bool:
    workshop = instance.workshop_by_id[workshop_id]
    if not poolable(workshop) or workshop_id in attending:
        return False
    if registrant.choice_rank(workshop_id, round_id) is not None:
        return False  # A chosen workshop is a seat the model would have named.
    if workshop.audiences and not set(workshop.audiences) & set(registrant.audiences):
        return False
    return set(registrant.needs) <= set(instance.room_by_id[room_id].features)
