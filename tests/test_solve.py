"""`solve` on tiny instances, one per hard rule, each with its optimum worked out by hand.

The arithmetic in the comments uses the default settings unless a test says otherwise:
a k-th choice costs 0, 1, 3, 6, 10, ... (k = 1, 2, 3, ...), a seat in a workshop the
registrant did not choose costs 100, and a wanted seat left empty costs
`instance.empty_seat_cost`, which is 100 * (wanted seats in the instance) + 1.

Every workshop runs exactly once unless its `min_sessions`/`max_sessions` say otherwise,
so a workshop nobody needs still takes a room: the instances leave room for that.
Each rule's test comes with a variant without the rule (or with it relaxed) whose
optimum differs, so that a solver ignoring the rule fails the test. `solve_tiny` also
checks every returned plan with the independent checker.
"""

from __future__ import annotations

from conftest import NEXT_DAY, build, held, hourly_rounds, rooms, solve_tiny, workshops_of

import pytest

from scheduler.check import evaluate
from scheduler.instance_io import dump_json
from scheduler.model import Instance
from scheduler.solve import Result, Status

OPTIMAL = Status.OPTIMAL


def optimum(instance: Instance, **options: object) -> Result:
    """Solve and insist on a proven optimum."""
    result = solve_tiny(instance, **options)
    assert result.status is OPTIMAL
    return result


# Rule 1: session counts, overlaps, consecutive rounds, allowed rounds.


def contested_workshop(max_sessions: int) -> Instance:
    """Two rounds, one room of one seat: p1 and p2 each want one workshop, W1 before W2."""
    return build(
        rounds=2,
        rooms=rooms(A=1),
        workshops=[{"id": "W1", "max_sessions": max_sessions}, {"id": "W2", "min_sessions": 0}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"], "wanted": 1},
            {"id": "p2", "ranked": ["W1", "W2"], "wanted": 1},
        ],
    )


@pytest.mark.parametrize(
    ("max_sessions", "objective"),
    [
        # One W1 session of one seat: one of them gets W1 (0), the other W2 (1).
        (1, 1),
        # W1 in both rounds: both get their first choice.
        (2, 0),
    ],
)
def test_max_sessions(max_sessions: int, objective: int) -> None:
    instance = contested_workshop(max_sessions)
    result = optimum(instance)
    assert result.objective == objective
    assert len(held(result.solution)["W1"]) == max_sessions


def unwanted_workshop_that_must_run(min_sessions: int) -> Instance:
    """Two rounds, one room: p1 ranks W1 then W2 for both rounds; W2 must run
    `min_sessions` times and W1 may be dropped."""
    return build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[
            {"id": "W1", "min_sessions": 0},
            {"id": "W2", "min_sessions": min_sessions, "max_sessions": 2},
        ],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"]}],
    )


@pytest.mark.parametrize(
    ("min_sessions", "objective"),
    [
        # W2 fills the room in both rounds, so W1 cannot run: p1 gets W2 once (1) and,
        # never attending W2 twice, leaves one of 2 wanted seats empty (201).
        (2, 201 + 1),
        # W1 and W2 each once: 0 + 1.
        (0, 1),
    ],
)
def test_min_sessions(min_sessions: int, objective: int) -> None:
    instance = unwanted_workshop_that_must_run(min_sessions)
    assert instance.empty_seat_cost == 201
    result = optimum(instance)
    assert result.objective == objective
    assert len(held(result.solution)["W2"]) >= min_sessions


def test_sessions_of_one_workshop_do_not_overlap() -> None:
    """One round, two rooms of one seat: W1 may run twice, but not twice at once.

    p1 and p2 both rank W1 then W2. Two W1 sessions side by side would give both their
    first choice (0); only one may run, so one of them gets W2: 0 + 1.
    """
    instance = build(
        rooms=rooms(A=1, B=1),
        workshops=[{"id": "W1", "max_sessions": 2}, {"id": "W2", "min_sessions": 0}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "ranked": ["W1", "W2"]},
        ],
    )
    result = optimum(instance)
    assert result.objective == 1
    assert len(held(result.solution)["W1"]) == 1


def two_days(second_day_rounds: int) -> list[dict[str, str]]:
    """Round a1 on the first day, then b1 (, b2) on the next."""
    names = [f"b{n}" for n in range(1, second_day_rounds + 1)]
    return hourly_rounds("a1") + hourly_rounds(*names, day=NEXT_DAY)


def test_long_session_takes_consecutive_rounds_of_one_day() -> None:
    """Rounds a1 on day one, b1 and b2 on day two; W1 takes two rounds.

    W1 fits only in b1-b2, not in a1-b1 (two days). p1 ranks W1 then W2 and wants a
    seat in each of the 3 rounds: W1 fills b1 and b2 (0), W2 fills a1 (1).
    """
    instance = build(
        rounds=two_days(2),
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "duration": 2}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"]}],
    )
    result = optimum(instance)
    assert result.objective == 1
    assert held(result.solution) == {"W1": [("A", ["b1", "b2"])], "W2": [("A", ["a1"])]}


def test_long_session_cannot_span_two_days() -> None:
    """Rounds a1 and b1 on two days: the two-round W1 cannot run at all.

    p1 ranks W1, W2, W3 and wants both rounds: W2 (1) and W3 (3) = 4. Spanning the
    night, W1 alone would have filled both rounds at 0.
    """
    instance = build(
        rounds=two_days(1),
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "duration": 2, "min_sessions": 0}, {"id": "W2"}, {"id": "W3"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2", "W3"]}],
    )
    result = optimum(instance)
    assert result.objective == 4
    assert "W1" not in held(result.solution)


@pytest.mark.parametrize(
    ("allowed", "objective"),
    [
        # W1 only in T2, but p1 wants a seat in T1 only: W2, the 2nd choice.
        (["T2"], 1),
        (None, 0),
    ],
)
def test_allowed_rounds(allowed: list[str] | None, objective: int) -> None:
    """Two rounds, one room; p1 wants W1, else W2, in round T1 only."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "rounds": allowed}, {"id": "W2"}],
        registrants=[{"id": "p1", "per_round": {"T1": ["W1", "W2"]}}],
    )
    result = optimum(instance)
    assert result.objective == objective
    if allowed:
        assert held(result.solution)["W1"] == [("A", ["T2"])]


# Rule 2: rooms.


@pytest.mark.parametrize(
    ("capacities", "objective"),
    [
        # One room, one round: only one workshop runs. Its fan pays 0, the other
        # sits in it unchosen: 100.
        ({"A": 5}, 100),
        ({"A": 5, "B": 5}, 0),
    ],
)
def test_room_holds_one_session_per_round(capacities: dict[str, int], objective: int) -> None:
    """One round; p1 wants W1 only, p2 W2 only; either workshop may be dropped."""
    instance = build(
        rooms=rooms(**capacities),
        workshops=[{"id": "W1", "min_sessions": 0}, {"id": "W2", "min_sessions": 0}],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W2"]}],
    )
    result = optimum(instance)
    assert result.objective == objective
    assert len(result.solution.sessions) == len(capacities)


@pytest.mark.parametrize(
    ("unavailable", "objective"),
    [
        # The big room B is closed: W1 goes to A (1 seat); the other of p1 and p2 has
        # no other workshop to go to, so 1 of 2 wanted seats stays empty: 201.
        (["T1"], 201),
        ([], 0),
    ],
)
def test_room_unavailable_rounds(unavailable: list[str], objective: int) -> None:
    """One round; rooms A (1 seat) and B (5 seats); p1 and p2 both want only W1."""
    instance = build(
        rooms=[{"id": "A", "capacity": 1}, {"id": "B", "capacity": 5, "unavailable": unavailable}],
        workshops=[{"id": "W1"}],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W1"]}],
    )
    assert instance.empty_seat_cost == 201
    result = optimum(instance)
    assert result.objective == objective
    assert held(result.solution)["W1"] == [("A" if unavailable else "B", ["T1"])]


@pytest.mark.parametrize(
    ("required", "objective"),
    [
        # Only B (1 seat) has a projector: one of two wanted seats stays empty: 201.
        (["projector"], 201),
        ([], 0),
    ],
)
def test_room_features(required: list[str], objective: int) -> None:
    """One round; rooms A (5 seats) and B (1 seat, projector); p1 and p2 want only W1."""
    instance = build(
        rooms=[{"id": "A", "capacity": 5}, {"id": "B", "capacity": 1, "features": ["projector"]}],
        workshops=[{"id": "W1", "features": required}],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W1"]}],
    )
    result = optimum(instance)
    assert result.objective == objective
    assert held(result.solution)["W1"] == [("B" if required else "A", ["T1"])]


# Rule 3: speakers.


@pytest.mark.parametrize(
    ("second_speaker", "objective"),
    [
        # s1 leads both workshops and only one can run: its fan pays 0, the other
        # sits in it unchosen (100).
        ("s1", 100),
        ("s2", 0),
    ],
)
def test_speaker_in_one_place_per_round(second_speaker: str, objective: int) -> None:
    """One round, two rooms; p1 wants W1 only, p2 W2 only; W2 is led by `second_speaker`."""
    instance = build(
        rooms=rooms(A=5, B=5),
        speakers=[{"id": "s1"}, {"id": "s2"}],
        workshops=[
            {"id": "W1", "speakers": ["s1"], "min_sessions": 0},
            {"id": "W2", "speakers": [second_speaker], "min_sessions": 0},
        ],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W2"]}],
    )
    result = optimum(instance)
    assert result.objective == objective


@pytest.mark.parametrize(
    ("unavailable", "objective"),
    [
        # s1 is away in T1, so W1 runs in T2; p1, who wants a T1 seat only, gets W2 (1).
        (["T1"], 1),
        ([], 0),
    ],
)
def test_speaker_unavailability(unavailable: list[str], objective: int) -> None:
    """Two rounds, one room; p1 wants W1 (led by s1), else W2, in round T1 only."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        speakers=[{"id": "s1", "unavailable": unavailable}],
        workshops=[{"id": "W1", "speakers": ["s1"]}, {"id": "W2"}],
        registrants=[{"id": "p1", "per_round": {"T1": ["W1", "W2"]}}],
    )
    result = optimum(instance)
    assert result.objective == objective
    assert held(result.solution)["W1"] == [("A", ["T2" if unavailable else "T1"])]


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
    result = optimum(instance)
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
    result = optimum(instance)
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
    result = optimum(instance)
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
    result = optimum(instance)
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
    result = optimum(instance)
    assert result.objective == 1
    assert workshops_of(result.solution) == {"p1": ["W2"]}


def test_registrant_pinned_to_a_workshop() -> None:
    """One round, two rooms; p1 ranks W1 then W2 but is pinned to W2: 1."""
    instance = build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"], "pinned": [{"workshop": "W2"}]}],
    )
    result = optimum(instance)
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
    result = optimum(instance)
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


# Workshop pins.


def test_workshop_pinned_to_a_round() -> None:
    """Two rounds, one room; W1 is pinned to T2; p1 wants W1, else W2, in T1 only: 1."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "pins": [{"round": "T2"}]}, {"id": "W2"}],
        registrants=[{"id": "p1", "per_round": {"T1": ["W1", "W2"]}}],
    )
    result = optimum(instance)
    assert result.objective == 1
    assert held(result.solution)["W1"] == [("A", ["T2"])]


def test_workshop_pinned_to_a_room() -> None:
    """One round; W1 is pinned to room A (1 seat), W2 gets B (5 seats).

    p1 and p2 rank W1 then W2: one of them gets W2: 0 + 1.
    """
    instance = build(
        rooms=rooms(A=1, B=5),
        workshops=[{"id": "W1", "pins": [{"room": "A"}]}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "ranked": ["W1", "W2"]},
        ],
    )
    result = optimum(instance)
    assert result.objective == 1
    assert held(result.solution) == {"W1": [("A", ["T1"])], "W2": [("B", ["T1"])]}


def test_workshop_pinned_to_a_round_and_room() -> None:
    """Two rounds; rooms A (1 seat) and B (5 seats); W1 pinned to T2 in A; W2 may run twice.

    p1 wants W1, else W2, in T1; p2 and p3 want the same in T2. W1 runs in T2 in A:
    p1 gets W2 in T1 (1); in T2 one of p2, p3 gets W1 (0), the other W2 in B (1): 2.
    Unpinned, W1 would run in T2 in B and the total would be 1.
    """
    choices = ["W1", "W2"]
    instance = build(
        rounds=2,
        rooms=rooms(A=1, B=5),
        workshops=[{"id": "W1", "pins": [{"round": "T2", "room": "A"}]},
                   {"id": "W2", "max_sessions": 2}],
        registrants=[
            {"id": "p1", "per_round": {"T1": choices}},
            {"id": "p2", "per_round": {"T2": choices}},
            {"id": "p3", "per_round": {"T2": choices}},
        ],
    )
    result = optimum(instance)
    assert result.objective == 2
    assert held(result.solution)["W1"] == [("A", ["T2"])]


# Rule 5: session sizes.


@pytest.mark.parametrize(
    ("capacity", "max_size"),
    [
        pytest.param(5, 1, id="max-size"),
        pytest.param(1, 5, id="room-capacity"),
    ],
)
def test_session_size_limits(capacity: int, max_size: int) -> None:
    """One round, rooms A and B; W1 holds one person, by its maximum or its room's size.

    p1 and p2 rank W1 then W2: one gets W1 (0), the other W2 (1).
    """
    instance = build(
        rooms=rooms(A=capacity, B=capacity),
        workshops=[{"id": "W1", "max_size": max_size}, {"id": "W2"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "ranked": ["W1", "W2"]},
        ],
    )
    result = optimum(instance)
    assert result.objective == 1
    assert sorted(w for ws in workshops_of(result.solution).values() for w in ws) == ["W1", "W2"]


@pytest.mark.parametrize(
    ("min_size", "objective"),
    [
        # Held, W1 needs p2 too, who did not choose it (100); cancelled, both go to W2:
        # p1 pays 1, p2 0.
        (2, 1),
        (1, 0),
    ],
)
def test_min_size_cancels_a_session(min_size: int, objective: int) -> None:
    """One round, two rooms; W1 (optional) needs `min_size` people; p1 ranks W1 then
    W2, p2 wants W2 only."""
    instance = build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "min_size": min_size, "min_sessions": 0}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"]}, {"id": "p2", "ranked": ["W2"]}],
    )
    result = optimum(instance)
    assert result.objective == objective
    assert ("W1" in held(result.solution)) == (min_size == 1)


# Plenaries.


def with_opening(*, hall: int, workshop_rooms: list[dict], registrants: list[dict],
                 workshops: list[dict]) -> Instance:
    """Round T1 is an opening plenary in the Hall; workshops can run in T2 only."""
    return build(
        rounds=2,
        rooms=[{"id": "Hall", "capacity": hall}, *workshop_rooms],
        plenaries=[{"id": "opening", "round": "T1", "room": "Hall"}],
        workshops=workshops,
        registrants=registrants,
    )


def test_plenary_round_holds_no_workshops() -> None:
    """T1 is the plenary; rooms A and B are free in T1 but no workshop may run then.

    p1 ranks W1 then W2 and so wants one seat (T2): W1 (0). Both workshops run in T2.
    """
    instance = with_opening(
        hall=5,
        workshop_rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2"]}],
    )
    assert instance.wanted_count(instance.registrants[0]) == 1
    result = optimum(instance)
    assert result.objective == 0
    assert all(rounds == ["T2"] for s in held(result.solution).values() for _, rounds in s)


def test_plenary_round_leaves_too_few_slots() -> None:
    """Two workshops must run in room A, the only workshop room; the Hall is closed in T2.

    A is free in both rounds, but T1 is the plenary's: only T2 is left, so no plan.
    """
    instance = build(
        rounds=2,
        rooms=[{"id": "Hall", "capacity": 5, "unavailable": ["T2"]}, *rooms(A=5)],
        plenaries=[{"id": "opening", "round": "T1", "room": "Hall"}],
        workshops=[{"id": "W1"}, {"id": "W2"}],
    )
    assert solve_tiny(instance).status is Status.INFEASIBLE


@pytest.mark.parametrize(
    ("p2_present", "status"),
    [
        # Both attend the opening, and the Hall holds one: no plan exists.
        (None, Status.INFEASIBLE),
        # p2 comes for T2 only: everyone fits.
        (["T2"], OPTIMAL),
    ],
)
def test_plenary_room_capacity(p2_present: list[str] | None, status: Status) -> None:
    """T1 is an opening in a Hall of one seat; p1 and p2 want W1 in T2."""
    instance = with_opening(
        hall=1,
        workshop_rooms=rooms(A=5),
        workshops=[{"id": "W1"}],
        registrants=[
            {"id": "p1", "ranked": ["W1"]},
            {"id": "p2", "ranked": ["W1"], "present": p2_present},
        ],
    )
    result = solve_tiny(instance)
    assert result.status is status
    if status is Status.INFEASIBLE:
        assert result.solution is None
        assert result.objective is None
    else:
        assert result.objective == 0


# Preferences and what a seat is worth.


def test_per_round_choice_counts_for_its_round() -> None:
    """Two rounds, two rooms; each workshop runs once.

    p1 wants W1, else W2, in T1, and W3 in T2; p2 wants W1 in T2 only.
    W1 in T1: p1 pays 0 + 0, p2 sits in W2 or W3 unchosen (100): 100.
    W1 in T2: p1 gets W2 (1) and W3 (0), p2 W1 (0): 1. W1 in T2 is not a choice of p1.
    """
    instance = build(
        rounds=2,
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[
            {"id": "p1", "per_round": {"T1": ["W1", "W2"], "T2": ["W3"]}},
            {"id": "p2", "per_round": {"T2": ["W1"]}},
        ],
    )
    assert instance.empty_seat_cost == 301
    result = optimum(instance)
    assert result.objective == 1
    assert held(result.solution)["W1"][0][1] == ["T2"]
    assert workshops_of(result.solution) == {"p1": ["W2", "W3"], "p2": ["W1"]}


def test_ranked_ties_share_a_rank() -> None:
    """One round, three rooms of one seat; p1, p2, p3 rank W1 and W2 equal first, then W3.

    Two get a first choice (0); W3 is their 2nd choice, not 3rd: 1.
    """
    ranked = [["W1", "W2"], "W3"]
    instance = build(
        rooms=rooms(A=1, B=1, C=1),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[{"id": p, "ranked": ranked} for p in ("p1", "p2", "p3")],
    )
    result = optimum(instance)
    assert result.objective == 1
    assert evaluate(instance, result.solution).profile == [2, 1]


@pytest.mark.parametrize(
    ("wanted", "objective"),
    [
        (0, 0),
        (1, 0),  # W1
        (2, 1),  # W1, W2
        (3, 4),  # W1, W2, W3: 0 + 1 + 3
    ],
)
def test_wanted_caps_the_workshops(wanted: int, objective: int) -> None:
    """Three rounds, one room, one session each of W1, W2, W3, ranked in that order."""
    instance = build(
        rounds=3,
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2", "W3"], "wanted": wanted}],
    )
    result = optimum(instance)
    assert result.objective == objective
    assert len(result.solution.assignments) == wanted


@pytest.mark.parametrize(
    ("place_unchosen", "objective"),
    [
        # The one left out of W1 (1 seat) sits in W2, unchosen: 100.
        (True, 100),
        # ... or stays without a seat: 201 (100 * 2 wanted seats + 1).
        (False, 201),
    ],
)
def test_place_unchosen(place_unchosen: bool, objective: int) -> None:
    """One round, rooms of one seat; p1 and p2 want only W1; W2 runs anyway."""
    instance = build(
        rooms=rooms(A=1, B=1),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W1"]}],
        settings={"place_unchosen": place_unchosen},
    )
    result = optimum(instance)
    assert result.objective == objective
    assert len(result.solution.assignments) == (2 if place_unchosen else 1)


@pytest.mark.parametrize(
    ("preferences", "weight", "objective"),
    [
        # One seat per round: W1 fills both rounds.
        pytest.param({"ranked": ["W1"]}, 2, 0, id="one-per-round"),
        pytest.param({"per_round": {"T1": ["W1"], "T2": ["W1"]}}, 2, 0, id="per-round"),
        # Asked for a number of workshops, W1 counts as one.
        pytest.param({"ranked": ["W1"], "wanted": 1}, 1, 0, id="wanted-1"),
        # Wanting two, one stays empty: 201 (100 * 2 wanted seats + 1).
        pytest.param({"ranked": ["W1"], "wanted": 2}, 1, 201, id="wanted-2"),
    ],
)
def test_two_round_workshop_fills_two_wanted_rounds(
    preferences: dict, weight: int, objective: int
) -> None:
    """Two rounds, one room; W1 takes both rounds and is the only workshop."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "duration": 2}],
        registrants=[{"id": "p1", **preferences}],
    )
    assert instance.seat_weight(instance.registrants[0], ["T1", "T2"]) == weight
    result = optimum(instance)
    assert result.objective == objective
    assert workshops_of(result.solution) == {"p1": ["W1"]}


# Fairness rules.


def four_rivals() -> Instance:
    """One round, four workshops of one seat; rank costs 0, 3, 4, 8.

    p1: W4, W2, W3, W1      p3: W3, W1, W4, W2
    p2: W4, W2, W3          p4: W2, W3, W4, W1

    Rank-maximal: three first choices (p2 W4, p3 W3, p4 W2) force p1 into W1, their
    4th: profile 3, 0, 0, 1, cost 8.
    Generous: all within 2nd choices forces p1 and p2 into W4 and W2, so p4 into W3
    and p3 into W1: profile 1, 3, 0, 0, cost 9.
    Sum: p2 W4, p4 W2 (firsts), p3 W1 (2nd, 3), p1 W3 (3rd, 4): profile 2, 1, 1, 0,
    cost 7; no other profile costs 7 or less.
    """
    return build(
        rooms=rooms(A=1, B=1, C=1, D=1),
        workshops=[{"id": w} for w in ("W1", "W2", "W3", "W4")],
        registrants=[
            {"id": "p1", "ranked": ["W4", "W2", "W3", "W1"]},
            {"id": "p2", "ranked": ["W4", "W2", "W3"]},
            {"id": "p3", "ranked": ["W3", "W1", "W4", "W2"]},
            {"id": "p4", "ranked": ["W2", "W3", "W4", "W1"]},
        ],
        settings={"rank_costs": [0, 3, 4, 8]},
    )


@pytest.mark.parametrize(
    ("fairness", "profile", "objective"),
    [
        ("sum", [2, 1, 1, 0], 7),
        ("rank-maximal", [3, 0, 0, 1], 8),
        ("generous", [1, 3, 0, 0], 9),
    ],
)
def test_fairness_profiles(fairness: str, profile: list[int], objective: int) -> None:
    instance = four_rivals()
    result = optimum(instance, fairness=fairness)
    assert result.fairness == fairness
    evaluation = evaluate(instance, result.solution)
    assert evaluation.profile == profile
    assert evaluation.rank_histogram["unchosen"] == 0
    assert result.objective == objective


def test_fairness_from_settings() -> None:
    instance = four_rivals()
    instance = instance.model_copy(
        update={"settings": instance.settings.model_copy(update={"fairness": "generous"})}
    )
    result = optimum(instance)
    assert result.fairness == "generous"
    assert evaluate(instance, result.solution).profile == [1, 3, 0, 0]


@pytest.mark.parametrize("fairness", ["rank-maximal", "generous"])
def test_default_costs_three_rivals(fairness: str) -> None:
    """One round, three workshops of one seat; default costs 0, 1, 3.

    p1: W1, W2    p2: W2, W3    p3: W1, W2, W3
    Two plans' profiles exist: 2, 0, 1 (p1 W1, p2 W2, p3 W3; cost 3) and 1, 2, 0
    (cost 2). Sum and generous take 1, 2, 0; rank-maximal takes 2, 0, 1.
    """
    instance = build(
        rooms=rooms(A=1, B=1, C=1),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "ranked": ["W2", "W3"]},
            {"id": "p3", "ranked": ["W1", "W2", "W3"]},
        ],
    )
    by_sum = optimum(instance)
    assert by_sum.objective == 2
    assert evaluate(instance, by_sum.solution).profile == [1, 2, 0]
    result = optimum(instance, fairness=fairness)
    expected = {"rank-maximal": ([2, 0, 1], 3), "generous": ([1, 2, 0], 2)}[fairness]
    assert (evaluate(instance, result.solution).profile, result.objective) == expected


# What a result says.


def test_bound_equals_objective_at_optimal() -> None:
    instance = four_rivals()
    result = optimum(instance)
    assert result.bound == result.objective == 7
    assert result.gap == 0
    assert result.policy == "optimal"
    assert not result.interrupted
    assert result.stages and all(s.status is OPTIMAL for s in result.stages)


def test_bound_is_only_given_for_the_sum() -> None:
    result = optimum(four_rivals(), fairness="generous")
    assert result.bound is None
    assert result.gap is None


def test_summary_line() -> None:
    result = optimum(four_rivals())
    assert result.summary().startswith("status OPTIMAL, objective 7, bound 7, gap 0.00%, ")


def symmetric_day() -> Instance:
    """Two rounds, three rooms, six registrants with identical wishes: many optimal
    plans, so only a deterministic search returns the same one twice."""
    return build(
        rounds=2,
        rooms=rooms(A=2, B=2, C=3),
        workshops=[{"id": f"W{n}", "max_sessions": 2, "min_sessions": 0} for n in range(1, 5)],
        registrants=[{"id": f"p{n}", "ranked": ["W1", ["W2", "W3"], "W4"]} for n in range(1, 7)],
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_same_seed_same_plan(workers: int) -> None:
    instance = symmetric_day()
    runs = [solve_tiny(instance, workers=workers) for _ in range(2)]
    assert all(r.status is OPTIMAL for r in runs)
    assert dump_json(runs[0].solution) == dump_json(runs[1].solution)


def test_day_without_registrants_places_every_required_session() -> None:
    """Nobody registered yet: the plan still places W1 and W2, each in its own round."""
    instance = build(rounds=2, rooms=rooms(A=5), workshops=[{"id": "W1"}, {"id": "W2"}])
    result = optimum(instance)
    assert result.objective == 0
    assert sorted(rounds[0] for s in held(result.solution).values() for _, rounds in s) == [
        "T1", "T2"
    ]

