"""Builders for tiny instances, the one way tests solve them, and the first-come
priority check that the greedy's and the policies' tests share.

Tests import these directly (`from conftest import ...`): they are plain functions, not
fixtures, because each test passes its own rooms, workshops and registrants.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import settings

from scheduler.check import check, evaluate
from scheduler.first_come import registration_order
from scheduler.model import Instance, Registrant
from scheduler.solution import SessionPlan, Solution
from scheduler.solve import Result, Status, solve

# In CI the property tests run a fixed set of examples, so that a run passes or fails
# for the code alone; elsewhere Hypothesis tries new examples on every run.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

DAY = "2025-06-02"
NEXT_DAY = "2025-06-03"

Data = dict[str, Any]


def hourly_rounds(*ids: str, day: str = DAY, first_hour: int = 9) -> list[Data]:
    """Rounds of one hour each, back to back from `first_hour` on `day`."""
    return [
        {"id": round_id, "day": day, "start": f"{first_hour + n:02d}:00",
         "end": f"{first_hour + n + 1:02d}:00"}
        for n, round_id in enumerate(ids)
    ]


def rooms(**capacities: int) -> list[Data]:
    """Rooms without features, by id and capacity: `rooms(A=5, B=1)`."""
    return [{"id": room_id, "capacity": capacity} for room_id, capacity in capacities.items()]


def build(
    *,
    rounds: int | list[Data] = 1,
    rooms: list[Data],
    workshops: list[Data],
    registrants: list[Data] | None = None,
    **fields: Any,
) -> Instance:
    """An instance from plain data; `rounds=n` gives rounds T1..Tn on one day."""
    if isinstance(rounds, int):
        rounds = hourly_rounds(*(f"T{n}" for n in range(1, rounds + 1)))
    return Instance.model_validate(
        {"rounds": rounds, "rooms": rooms, "workshops": workshops,
         "registrants": registrants or [], **fields}
    )


def solve_tiny(instance: Instance, **options: Any) -> Result:
    """Solve as every test does (one worker, seed 0, 10 s at most).

    A plan that comes back must pass the independent checker, and the checker's
    recomputed objective must equal the solver's.
    """
    result = solve(instance, **{"time_limit": 10, "workers": 1, "seed": 0, **options})
    if result.solution is not None:
        assert check(instance, result.solution) == []
        assert evaluate(instance, result.solution).objective == result.objective
    return result


def proven_optimum(instance: Instance, **options: Any) -> Result:
    """`solve_tiny`, insisting on a proven optimum."""
    result = solve_tiny(instance, **options)
    assert result.status is Status.OPTIMAL
    return result


def workshops_of(solution: Solution) -> dict[str, list[str]]:
    """Registrant id -> workshop ids they attend, in the solution's order."""
    workshop = {s.id: s.workshop for s in solution.sessions}
    return {p: [workshop[s] for s in ids] for p, ids in solution.programme().items()}


def held(solution: Solution) -> dict[str, list[tuple[str, list[str]]]]:
    """Workshop id -> (room, rounds) of each of its sessions."""
    sessions: dict[str, list[tuple[str, list[str]]]] = {}
    for s in solution.sessions:
        sessions.setdefault(s.workshop, []).append((s.room, list(s.rounds)))
    return sessions


# First come, first served.


def could_attend(instance: Instance, registrant: Registrant, session: SessionPlan) -> bool:
    """Whether the rules let the registrant sit in the session, seats and other
    sessions aside: present and free of plenaries in its rounds, in its audience, in a
    room that meets their needs, a round they chose for, and chosen or allowed unchosen."""
    workshop = instance.workshop_by_id[session.workshop]
    room = instance.room_by_id[session.room]
    if not set(instance.workshop_rounds(registrant)).issuperset(session.rounds):
        return False
    if workshop.audiences and not set(workshop.audiences) & set(registrant.audiences):
        return False
    if not set(registrant.needs) <= set(room.features):
        return False
    if registrant.per_round is not None and not registrant.per_round.get(session.rounds[0]):
        return False
    rank = registrant.choice_rank(session.workshop, session.rounds[0])
    return rank is not None or instance.settings.place_unchosen


def priority_breaches(instance: Instance, solution: Solution) -> list[str]:
    """Where a later registrant holds a seat an earlier one should have had.

    For each registrant E, each seat X of E that no pin of E demands, and each session S
    in which a registrant L who registered after E sits: a breach when E could attend
    S in place of X (allowed for E, its workshop and rounds clear of E's other
    sessions, filling as many of E's wanted seats as X) and S costs E less than X.
    Also a breach: E has a wanted seat empty and could add S to their programme.
    When E chose, S still had a seat (L took one later), so a first-come plan has none.
    A registrant whose pins cannot all be met gets nothing and is left out.
    """
    sessions = {s.id: s for s in solution.sessions}
    programme = solution.programme()
    order = registration_order(instance)
    settings = instance.settings

    def cost(registrant: Registrant, session: SessionPlan) -> int:
        return settings.seat_cost(registrant.choice_rank(session.workshop, session.rounds[0]))

    breaches = []
    for n, early in enumerate(order):
        pinned = {pin.workshop for pin in early.pinned}
        mine = [sessions[i] for i in programme.get(early.id, [])]
        if pinned and not mine:
            continue
        held_later = {i for late in order[n + 1 :] for i in programme.get(late.id, [])}
        later = [sessions[i] for i in sorted(held_later - {s.id for s in mine})]
        filled = sum(instance.seat_weight(early, s.rounds) for s in mine)
        if filled < instance.wanted_count(early):
            breaches += [
                f"{early.id} has an empty wanted seat while a later registrant holds {s.id}"
                for s in later
                if could_attend(instance, early, s)
                and s.workshop not in {m.workshop for m in mine}
                and not {t for m in mine for t in m.rounds}.intersection(s.rounds)
            ]
        for x in mine:
            if x.workshop in pinned:
                continue
            others = [s for s in mine if s.id != x.id]
            taken_rounds = {t for s in others for t in s.rounds}
            taken_workshops = {s.workshop for s in others}
            for s in later:
                if (
                    could_attend(instance, early, s)
                    and s.workshop not in taken_workshops
                    and not taken_rounds.intersection(s.rounds)
                    and instance.seat_weight(early, s.rounds)
                    == instance.seat_weight(early, x.rounds)
                    and cost(early, s) < cost(early, x)
                ):
                    breaches.append(
                        f"{early.id} holds {x.id} (cost {cost(early, x)}) while a later "
                        f"registrant holds {s.id} (cost {cost(early, s)} to {early.id})"
                    )
    return breaches
