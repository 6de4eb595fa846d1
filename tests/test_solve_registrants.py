"""`solve` on tiny instances, one per hard rule on registrants, each with its optimum
worked out by hand (see `test_solve.py` for how the instances are built).

The arithmetic in the comments uses the default settings unless a test says otherwise:
a k-th choice costs 0, 1, 3, 6, 10, ... (k = 1, 2, 3, ...), a seat in a workshop the
registrant did not choose costs 100, and a wanted seat left empty costs
`instance.empty_seat_cost`, which is 100 * (wanted seats in the instance) + 1.
"""

from __future__ import annotations

from conftest import build, held, proven_optimum, rooms, solve_tiny, workshops_of

from scheduler.solve import Status

# Rule 4: registrants.


def test_registrant_in_one_session_per_round() -> None:
    """One round, W1 and W2 side by side; p1 ranks both and wants 2 workshops.

    Only one fits in the round: W1 (0), and 1 of 2 wanted seats stays empty (201).
    """
    instance = build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"], "wanted": 2}],
    )
    assert instance.empty_seat_cost == 201
    result = proven_optimum(instance)
    assert result.objective == 201
    assert workshops_of(result.solution) == {"p1": ["W1"]}


def test_registrant_only_in_present_rounds() -> None:
    """Two rounds, one room; W1 runs only in T1; p1 and p2 are there in T2 only.

    Both rank W1 then W2; p1 wants one workshop, p2 gives no number, so wants one seat
    per round present: 1. Both get W2 (1 + 1 = 2). Present in T1 too, p1 would have
    taken W1 (0) and p2 both (0 + 1).
    """
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "rounds": ["T1"]}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "present": ["T2"], "ranked": ["W1", "W2"], "wanted": 1},
            {"id": "p2", "present": ["T2"], "ranked": ["W1", "W2"]},
        ],
    )
    assert [instance.wanted_count(r) for r in instance.registrants] == [1, 1]
    result = proven_optimum(instance)
    assert result.objective == 2
    assert workshops_of(result.solution) == {"p1": ["W2"], "p2": ["W2"]}


def test_never_the_same_workshop_twice() -> None:
    """Two rounds, one room; W1 may run twice, W2 is optional; p1 ranks W1 then W2.

    W1 in both rounds would be 0 + 0, but p1 attends W1 once: W1 (0) and W2 (1).
    """
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "max_sessions": 2}, {"id": "W2", "min_sessions": 0}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"]}],
    )
    result = proven_optimum(instance)
    assert result.objective == 1
    assert sorted(workshops_of(result.solution)["p1"]) == ["W1", "W2"]


def test_audiences() -> None:
    """One round, two rooms; W1 is for staff only; p1 (no audience) and p2 (staff) both
    rank W1 then W2: p1 gets W2 (1), p2 W1 (0)."""
    instance = build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "audiences": ["staff"]}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "audiences": ["staff"], "ranked": ["W1", "W2"]},
        ],
    )
    result = proven_optimum(instance)
    assert result.objective == 1
    assert workshops_of(result.solution) == {"p1": ["W2"], "p2": ["W1"]}


def test_needs() -> None:
    """One round; W1 needs the projector of room A, so W2 gets B, the step-free room.

    p1 needs step-free rooms and ranks W1 then W2: W2 (1).
    """
    instance = build(
        rooms=[
            {"id": "A", "capacity": 5, "features": ["projector"]},
            {"id": "B", "capacity": 5, "features": ["step-free"]},
        ],
        workshops=[{"id": "W1", "features": ["projector"]}, {"id": "W2"}],
        registrants=[{"id": "p1", "needs": ["step-free"], "ranked": ["W1", "W2"]}],
    )
    result = proven_optimum(instance)
    assert result.objective == 1
    assert workshops_of(result.solution) == {"p1": ["W2"]}


def test_registrant_pinned_to_a_workshop() -> None:
    """One round, two rooms; p1 ranks W1 then W2 but is pinned to W2: 1."""
    instance = build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"], "pinned": [{"workshop": "W2"}]}],
    )
    result = proven_optimum(instance)
    assert result.objective == 1
    assert workshops_of(result.solution) == {"p1": ["W2"]}


def test_registrant_pinned_to_a_workshop_in_a_round() -> None:
    """Two rounds, one room; p1 ranks W1 then W2 and is pinned to W1 in T2; p2 wants
    W1 in T1 only.

    The pin puts W1 in T2 and W2 in T1: p1 pays 1 + 0, p2 sits in W2 unchosen (100):
    101. Without the pin W1 would run in T1 and the total would be 1.
    """
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"], "pinned": [{"workshop": "W1", "round": "T2"}]},
            {"id": "p2", "per_round": {"T1": ["W1"]}},
        ],
    )
    result = proven_optimum(instance)
    assert result.objective == 101
    assert held(result.solution) == {"W1": [("A", ["T2"])], "W2": [("A", ["T1"])]}


def test_pin_that_cannot_hold_is_infeasible() -> None:
    """p1 is pinned to W1, which is for staff only, and p1 is not staff."""
    instance = build(
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "audiences": ["staff"]}],
        registrants=[{"id": "p1", "pinned": [{"workshop": "W1"}]}],
    )
    result = solve_tiny(instance)
    assert result.status is Status.INFEASIBLE
    assert result.solution is None
