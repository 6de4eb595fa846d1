"""One-round days as a min-cost flow: the exact optimum by a different method.

With one workshop round, a registrant takes at most one seat, so the assignment is a
transportation problem: registrants (supply one wanted seat each) send a unit either to
a session they can attend (at the seat's cost) or to "stays empty" (at the empty-seat
cost); sessions pass at most their capacity on. A minimum size is a lower bound on a
session's flow, written as a demand at the session and a supply at the sink.

Registrants with the same seats and costs are merged into one node (the flow optimum
does not change), which keeps 100,000 registrants to a few thousand nodes.
"""

from __future__ import annotations

import time
from collections import defaultdict

from scheduler.baselines.common import (
    BaselineResult,
    Placement,
    not_applicable,
    placed_seats,
    solution_from_seats,
)
from scheduler.candidates import session_capacity
from scheduler.check import evaluate
from scheduler.model import Instance


def one_round_problem(instance: Instance) -> str | None:
    """Why the flow does not apply to `instance`; None when it does."""
    workshop_rounds = [r for r in instance.round_order if r not in instance.plenary_rounds]
    if len(workshop_rounds) != 1:
        return f"{len(workshop_rounds)} workshop rounds; the flow needs exactly one"
    if any(r.wanted is not None and r.wanted > 1 for r in instance.registrants):
        return "a registrant wants more than one workshop in the one round"
    return None


def flow_baseline(
    instance: Instance, placement: Placement, time_limit: float = 0.0, workers: int = 1
) -> BaselineResult:
    """The min-cost flow optimum of a one-round day on `placement`."""
    from ortools.graph.python import min_cost_flow

    why = one_round_problem(instance)
    if why is not None:
        return not_applicable("flow", why)
    started = time.monotonic()
    placed = placed_seats(instance, placement)
    if placed.missing:
        return BaselineResult("flow", "INFEASIBLE", None, time.monotonic() - started,
                              note=f"session {placed.missing[0]} cannot run where placed")

    # Registrants with identical options share a node.
    options: dict[str, list[tuple[tuple[str, str], int]]] = defaultdict(list)
    for seat in placed.seats:
        options[seat.registrant].append(((seat.workshop, seat.round), seat.cost))
    groups: dict[tuple, list[str]] = defaultdict(list)
    for registrant in instance.registrants:
        if instance.wanted_count(registrant) == 0:
            continue
        pins = [(p.workshop, p.round) for p in registrant.pinned]
        allowed = tuple(sorted(
            o for o in options[registrant.id]
            if all(o[0][0] == w and r in (None, o[0][1]) for w, r in pins)
        ))
        groups[allowed, bool(pins)].append(registrant.id)

    flow = min_cost_flow.SimpleMinCostFlow()
    sink = 0
    session_node = {key: i for i, key in enumerate(placed.starts, start=1)}
    next_node = len(session_node) + 1
    supply: dict[int, int] = defaultdict(int)
    for key, start in placed.starts.items():
        capacity = session_capacity(instance, key[0], start.rooms[0])
        minimum = instance.workshop_by_id[key[0]].min_size
        flow.add_arc_with_capacity_and_unit_cost(session_node[key], sink, capacity - minimum, 0)
        supply[session_node[key]] -= minimum
        supply[sink] += minimum
    seat_arcs: list[tuple[int, tuple[str, str], int]] = []
    group_nodes: list[tuple[int, list[str]]] = []
    for (allowed, pinned), members in groups.items():
        node = next_node
        next_node += 1
        group_nodes.append((node, members))
        supply[node] += len(members)
        supply[sink] -= len(members)
        for key, cost in allowed:
            arc = flow.add_arc_with_capacity_and_unit_cost(node, session_node[key],
                                                           len(members), cost)
            seat_arcs.append((arc, key, node))
        if not pinned:
            flow.add_arc_with_capacity_and_unit_cost(node, sink, len(members),
                                                     instance.empty_seat_cost)
    for node, amount in supply.items():
        flow.set_node_supply(node, amount)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return BaselineResult("flow", "INFEASIBLE", None, time.monotonic() - started,
                              note=f"min-cost flow status {status}")

    members_of = dict(group_nodes)
    next_member = {node: 0 for node, _ in group_nodes}
    taken = []
    for arc, (w, r), node in seat_arcs:
        for _ in range(flow.flow(arc)):
            taken.append((members_of[node][next_member[node]], w, r))
            next_member[node] += 1
    solution = solution_from_seats(instance, placement, taken)
    objective = evaluate(instance, solution).objective
    wall = time.monotonic() - started
    note = "" if objective == flow.optimal_cost() else f"flow cost {flow.optimal_cost()}"
    return BaselineResult("flow", "OPTIMAL", objective, wall, bound=float(objective),
                          solution=solution, note=note)
