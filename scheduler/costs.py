"""What a plan costs, per registrant and in total, computed from the plan itself.

The same quantity as `objectives.total_cost`: each wanted seat left empty costs
`Instance.empty_seat_cost`, each seat given costs `Settings.seat_cost` of its rank.
"""

from __future__ import annotations

from scheduler.model import Instance
from scheduler.solution import Solution


def registrant_costs(instance: Instance, solution: Solution) -> dict[str, int]:
    """Each registrant's share of the total cost: empty wanted seats plus seat costs."""
    sessions = {s.id: s for s in solution.sessions}
    costs = {r.id: instance.empty_seat_cost * instance.wanted_count(r)
             for r in instance.registrants}
    for a in solution.assignments:
        session = sessions[a.session]
        registrant = instance.registrant_by_id[a.registrant]
        rank = registrant.choice_rank(session.workshop, session.rounds[0])
        weight = instance.seat_weight(registrant, session.rounds)
        costs[a.registrant] += instance.settings.seat_cost(rank) - instance.empty_seat_cost * weight
    return costs


def total_cost(instance: Instance, solution: Solution) -> int:
    return sum(registrant_costs(instance, solution).values())
