"""Turn pool seats into seats in real sessions, once the plan is otherwise fixed.

The model only says "registrant p gets an unchosen seat in round t"; here each such
seat goes to a held poolable session of round t that is open to p, has a free seat and
is not a workshop p attends anyway. Round by round, a maximum flow places them (seconds
for tens of thousands of seats); if that leaves any out, an exact model decides, so that
a placement exists whenever one does. (Only the rule "each workshop at most once" ties
rounds together, and with unchosen workshops it rarely binds.)
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import max_flow
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
    held_in: dict[str, list[SessionKey]] = defaultdict(list)
    for w, r, m in held:
        if size[w, r, m] < session_capacity(instance, w, m):
            held_in[r].append((w, r, m))
    options: dict[tuple[str, str], list[SessionKey]] = {}
    for p, t in requests:
        registrant = instance.registrant_by_id[p]
        attending = {w for w, _, _ in taken.get(p, [])}
        options[p, t] = [
            (w, r, m) for (w, r, m) in held_in[t]
            if _fits(instance, registrant, w, r, m, attending)
        ]
    placed = _place_round_by_round(instance, options, size)
    if len(placed) == len(requests):
        return placed, []
    return _place_exactly(instance, options, size, requests)


def _place_round_by_round(
    instance: Instance,
    options: dict[tuple[str, str], list[SessionKey]],
    size: dict[SessionKey, int],
) -> dict[tuple[str, str], SessionKey]:
    """A maximum flow per round, in time order; a workshop placed in an earlier round
    is no option for the same registrant later."""
    placed: dict[tuple[str, str], SessionKey] = {}
    placed_workshops: dict[str, set[str]] = defaultdict(set)
    by_round: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for request in options:
        by_round[request[1]].append(request)
    for t in instance.round_order:
        requests = by_round.get(t, [])
        if not requests:
            continue
        flow = max_flow.SimpleMaxFlow()
        session_node: dict[SessionKey, int] = {}
        source, sink = 0, 1
        for n, request in enumerate(requests):
            node = 2 + n
            flow.add_arc_with_capacity(source, node, 1)
            for session in options[request]:
                if session[0] in placed_workshops[request[0]]:
                    continue
                if session not in session_node:
                    session_node[session] = 2 + len(requests) + len(session_node)
                flow.add_arc_with_capacity(node, session_node[session], 1)
        for session, node in session_node.items():
            free = session_capacity(instance, session[0], session[2]) - size[session]
            flow.add_arc_with_capacity(node, sink, max(0, free))
        if flow.solve(source, sink) != flow.OPTIMAL:
            return placed
        session_at = {node: session for session, node in session_node.items()}
        for arc in range(flow.num_arcs()):
            tail = flow.tail(arc)
            if tail < 2 or tail >= 2 + len(requests) or flow.flow(arc) == 0:
                continue
            request, session = requests[tail - 2], session_at[flow.head(arc)]
            placed[request] = session
            placed_workshops[request[0]].add(session[0])
    return placed


def _place_exactly(
    instance: Instance,
    options: dict[tuple[str, str], list[SessionKey]],
    size: dict[SessionKey, int],
    requests: list[tuple[str, str]],
) -> tuple[dict[tuple[str, str], SessionKey], list[tuple[str, str]]]:
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
