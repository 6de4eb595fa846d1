"""A lower bound on the total cost when sessions still have to be placed.

CP-SAT's bound on the joint model stays weak: its LP spreads each workshop thinly over
all rounds and rooms, so on a congress day it proves a few percent of the plan's cost.
What makes a real day expensive is mostly capacity: a workshop that half the room wants
cannot seat them all, wherever it is placed. This bound keeps exactly that and drops
the rest (rounds, room clashes, speakers, minimum sizes):

- every registrant needs as many seats as they want, in different workshops;
- a workshop seats at most what its largest possible sessions hold together;
- a seat costs what it costs the registrant at best (`candidates.registrant_seats`);
- a seat left empty costs `Instance.empty_seat_cost`.

That is a minimum-cost flow (registrants -> workshops), solved exactly in well under a
second for thousands of registrants. Every plan is such a flow, at no lower cost, so
the flow's optimum bounds every plan.
"""

from __future__ import annotations

from ortools.graph.python import min_cost_flow

from scheduler.candidates import registrant_seats, session_capacity, session_starts
from scheduler.model import Instance


def flow_bound(instance: Instance) -> int | None:
    """The bound, or None where it does not apply: a seat that fills more or less than
    one wanted seat (two-round workshops, per-round choices), or plenaries (they take
    rounds without seats)."""
    if instance.plenaries:
        return None
    starts = session_starts(instance)
    slots: dict[str, list[int]] = {}
    for (w, _), start in starts.items():
        slots.setdefault(w, []).extend(session_capacity(instance, w, m) for m in start.rooms)
    capacity = {}
    for workshop in instance.workshops:
        sizes = sorted(slots.get(workshop.id, []), reverse=True)
        capacity[workshop.id] = sum(sizes[: max(0, workshop.max_sessions)])

    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    workshop_node = {w.id: 2 + n for n, w in enumerate(instance.workshops)}
    next_node = 2 + len(workshop_node)
    empty_cost = instance.empty_seat_cost
    total = 0
    for registrant in instance.registrants:
        wanted = instance.wanted_count(registrant)
        if wanted == 0:
            continue
        best: dict[str, int] = {}
        for seat in registrant_seats(instance, registrant, starts):
            if seat.weight != 1:
                return None
            best[seat.workshop] = min(seat.cost, best.get(seat.workshop, seat.cost))
        node = next_node
        next_node += 1
        total += wanted
        flow.add_arc_with_capacity_and_unit_cost(source, node, wanted, 0)
        flow.add_arc_with_capacity_and_unit_cost(node, sink, wanted, empty_cost)
        for w, cost in best.items():
            flow.add_arc_with_capacity_and_unit_cost(node, workshop_node[w], 1, cost)
    for w, node in workshop_node.items():
        if capacity[w]:
            flow.add_arc_with_capacity_and_unit_cost(node, sink, capacity[w], 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:
        return None
    return int(flow.optimal_cost())
