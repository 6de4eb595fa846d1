"""`solve` on tiny instances, one per hard rule on sessions, rooms and speakers, each
with its optimum worked out by hand. The rules on registrants are in
`test_solve_registrants.py`; preferences, fairness and results in `test_solve_objective.py`.

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

import pytest
from conftest import (
    NEXT_DAY,
    build,
    held,
    hourly_rounds,
    proven_optimum,
    rooms,
    solve_tiny,
    workshops_of,
)

from scheduler.model import Instance
from scheduler.solve import Status

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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
    assert result.objective == objective
    assert held(result.solution)["W1"] == [("A", ["T2" if unavailable else "T1"])]


# Workshop pins.


def test_workshop_pinned_to_a_round() -> None:
    """Two rounds, one room; W1 is pinned to T2; p1 wants W1, else W2, in T1 only: 1."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "pins": [{"round": "T2"}]}, {"id": "W2"}],
        registrants=[{"id": "p1", "per_round": {"T1": ["W1", "W2"]}}],
    )
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
    result = proven_optimum(instance)
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
        (["T2"], Status.OPTIMAL),
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


def test_two_pins_on_one_round_cannot_both_hold() -> None:
    """Each pin needs its own session; a workshop starts one session per round at most."""
    from datetime import date, time

    from scheduler.model import Instance, Room, Round, SessionPin, Workshop
    from scheduler.solve import Status, solve

    instance = Instance(
        rounds=[Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11))],
        rooms=[Room(id="A", capacity=5), Room(id="B", capacity=5)],
        workshops=[Workshop(id="W", max_sessions=2,
                            pins=[SessionPin(round="r1"), SessionPin(round="r1", room="B")])],
    )
    assert solve(instance, time_limit=5, workers=1).status is Status.INFEASIBLE
