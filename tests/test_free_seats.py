"""Free seats given after a search: to whom, which seat, and never against a rule."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import small_instances
from test_check import tiny_data, tiny_solution_data

from scheduler.check import check
from scheduler.costs import total_cost
from scheduler.free_seats import fill_free_seats
from scheduler.model import Instance
from scheduler.solution import Solution
from scheduler.solve import solve


def tiny_plan(without: tuple[str, str] | None = None,
              place_unchosen: bool = True) -> tuple[Instance, Solution]:
    """The checker's tiny day and plan, where r5 has no seat, less one assignment."""
    instance_data, solution_data = tiny_data(), tiny_solution_data()
    instance_data["settings"] = {"place_unchosen": place_unchosen}
    solution_data["assignments"] = [
        a for a in solution_data["assignments"]
        if (a["registrant"], a["session"]) != without]
    return Instance.model_validate(instance_data), Solution.model_validate(solution_data)


def added(before: Solution, after: Solution) -> list[tuple[str, str]]:
    return [(a.registrant, a.session) for a in after.assignments
            if a not in before.assignments]


def test_a_registrant_without_a_seat_gets_the_free_one_in_the_earliest_session() -> None:
    # r5 wants one workshop and ranks only W2, which is full (and not open to them):
    # W1's sessions have room, W3's does not.
    instance, plan = tiny_plan()
    filled = fill_free_seats(instance, plan)
    assert added(plan, filled) == [("r5", "W1-1")]
    assert check(instance, filled) == []
    assert total_cost(instance, filled) < total_cost(instance, plan)


def test_the_best_ranked_free_seat_is_taken() -> None:
    # Without W1-2, r2 has round r2 free: W1-2 (their 2nd choice) has room, W3-1 (their
    # 1st) is full.
    instance, plan = tiny_plan(without=("r2", "W1-2"))
    assert added(plan, fill_free_seats(instance, plan)) == [("r2", "W1-2"), ("r5", "W1-1")]


def test_no_unchosen_seat_when_the_settings_say_so() -> None:
    instance, plan = tiny_plan(place_unchosen=False)
    assert fill_free_seats(instance, plan) is plan


def test_a_full_plan_is_returned_as_it_is() -> None:
    instance, plan = tiny_plan()
    filled = fill_free_seats(instance, plan)
    assert fill_free_seats(instance, filled) is filled


@settings(max_examples=25, deadline=None)
@given(instance=small_instances(), data=st.data())
def test_seats_given_to_a_plan_with_people_taken_out_break_no_rule(
        instance: Instance, data: st.DataObject) -> None:
    plan = solve(instance, time_limit=5, workers=1, seed=0).solution
    if plan is None:
        return
    # Taken out only where the session stays at its minimum size and nobody is pinned,
    # so that the plan still keeps every rule before seats are given.
    sizes = Counter(a.session for a in plan.assignments)
    workshop_of = {s.id: instance.workshop_by_id[s.workshop] for s in plan.sessions}
    pinned = {(r.id, p.workshop) for r in instance.registrants for p in r.pinned}
    kept = []
    for a in plan.assignments:
        workshop = workshop_of[a.session]
        if sizes[a.session] > workshop.min_size and (a.registrant, workshop.id) not in pinned \
                and data.draw(st.booleans()):
            sizes[a.session] -= 1
        else:
            kept.append(a)
    thinned = plan.model_copy(update={"assignments": kept, "wait_lists": {}})
    assert check(instance, thinned) == []
    filled = fill_free_seats(instance, thinned)
    assert check(instance, filled) == []
    assert total_cost(instance, filled) <= total_cost(instance, thinned)
    if len(kept) < len(plan.assignments):
        # Every seat taken out is free again for the one who had it.
        assert total_cost(instance, filled) < total_cost(instance, thinned)


def one_free_seat(workshop: dict, registrant: dict, rounds: int = 1) -> tuple[Instance, Solution]:
    """Rounds t1 (and t2): X in room A, its one seat taken by q; `workshop` ("Y") in
    room B, step-free, with its seats free from t1 on; `registrant` ("p") without a
    seat."""
    instance = Instance.model_validate({
        "rounds": [{"id": f"t{n}", "day": "2025-06-02", "start": f"{8 + 2 * n}:00",
                    "end": f"{9 + 2 * n}:00"} for n in range(1, rounds + 1)],
        "rooms": [{"id": "A", "capacity": 1}, {"id": "B", "capacity": 5,
                                               "features": ["step-free"]}],
        "workshops": [{"id": "X"}, {"id": "Y", **workshop}],
        "registrants": [{"id": "q", "ranked": ["X"], "wanted": 1},
                        {"id": "p", **registrant}],
    })
    duration = workshop.get("duration", 1)
    plan = Solution.model_validate({
        "sessions": [{"id": "X-1", "workshop": "X", "room": "A", "rounds": [f"t{rounds}"]},
                     {"id": "Y-1", "workshop": "Y", "room": "B",
                      "rounds": [f"t{n}" for n in range(1, duration + 1)]}],
        "assignments": [{"registrant": "q", "session": "X-1"}],
    })
    assert check(instance, plan) == []
    return instance, plan


def test_a_free_seat_is_given_only_where_the_registrant_may_sit() -> None:
    instance, plan = one_free_seat({}, {"ranked": ["X"], "wanted": 1})
    assert added(plan, fill_free_seats(instance, plan)) == [("p", "Y-1")]
    for workshop, registrant in [
        ({"audiences": ["staff"]}, {"ranked": ["X"], "wanted": 1}),
        ({}, {"ranked": ["X"], "wanted": 1, "needs": ["hearing-loop"]}),
    ]:
        instance, plan = one_free_seat(workshop, registrant)
        assert fill_free_seats(instance, plan) is plan, (workshop, registrant)


def test_no_seat_starts_in_a_round_a_registrant_chose_nothing_for() -> None:
    # Y runs t1-t2; p chose only for t2, where X is full.
    instance, plan = one_free_seat({"duration": 2}, {"per_round": {"t2": ["X"]}}, rounds=2)
    assert fill_free_seats(instance, plan) is plan
