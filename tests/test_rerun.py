"""Rerun: the fewest registrants moved, checked against exhaustive search on tiny days."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest
from conftest import build
from hypothesis import HealthCheck, given, settings
from strategies import small_instances

from scheduler.check import check, evaluate
from scheduler.diff import diff_solutions
from scheduler.model import Instance, Registrant, Room, Round, SessionPin, Workshop
from scheduler.rerun import RerunOptions, moved_and_dropped_sessions, rerun
from scheduler.solution import Assignment, SessionPlan, Solution
from scheduler.solve import Status, solve
from scheduler.waitlist import with_wait_lists


def one_round_day(capacities: dict[str, int], registrants: list[Registrant]) -> Instance:
    """One round; one workshop per room, pinned there: only the assignment is open."""
    return Instance(
        name="one round",
        rounds=[Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11))],
        rooms=[Room(id=f"room-{w}", capacity=c) for w, c in capacities.items()],
        workshops=[
            Workshop(id=w, pins=[SessionPin(round="r1", room=f"room-{w}")])
            for w in capacities
        ],
        registrants=registrants,
    )


def published(assign: dict[str, str], workshops: list[str]) -> Solution:
    return Solution(
        sessions=[SessionPlan(id=f"{w}-1", workshop=w, room=f"room-{w}", rounds=["r1"])
                  for w in workshops],
        assignments=[Assignment(registrant=p, session=f"{w}-1") for p, w in assign.items()],
    )


def seat_cost(instance: Instance, registrant_id: str, session: str | None) -> int:
    """One-round cost of a registrant's seat: its rank cost, or an empty seat's cost."""
    if session is None:
        return instance.empty_seat_cost
    registrant = instance.registrant_by_id[registrant_id]
    return instance.settings.seat_cost(registrant.choice_rank(session.rsplit("-", 1)[0], "r1"))


def fewest_moves_by_enumeration(instance: Instance, previous: Solution) -> tuple[int, int]:
    """(most seats filled, fewest moves among plans filling that many), by trying every
    assignment on the published sessions and keeping those the checker accepts.

    Moved: a published registrant whose seat changed without a lower cost."""
    before = {a.registrant: a.session for a in previous.assignments}
    options = [None] + [s.id for s in previous.sessions]
    best: tuple[int, int] | None = None
    ids = [r.id for r in instance.registrants]
    for choice in itertools.product(options, repeat=len(ids)):
        plan = previous.model_copy(update={"wait_lists": {}, "assignments": [
            Assignment(registrant=p, session=s) for p, s in zip(ids, choice, strict=True) if s
        ]})
        if check(instance, plan):
            continue
        filled = evaluate(instance, plan).filled_seats
        moved = sum(
            1 for p, s in zip(ids, choice, strict=True)
            if p in before and s != before[p]
            and seat_cost(instance, p, s) >= seat_cost(instance, p, before[p])
        )
        key = (-filled, moved)
        best = key if best is None or key < best else best
    assert best is not None
    return -best[0], best[1]


def test_unchanged_day_moves_nobody() -> None:
    """Two workshops with room to spare: the published plan stands as it is."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"]) for i in range(4)]
    instance = one_round_day({"A": 3, "B": 3}, people)
    previous = published({"p0": "A", "p1": "A", "p2": "A", "p3": "B"}, ["A", "B"])
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert (result.moved, result.improved, result.sessions_moved) == ([], [], 0)
    assert result.moves_bound == 0
    assert diff_solutions(previous, result.solution, instance) == []


def test_smaller_room_moves_exactly_the_overflow() -> None:
    """Room A shrinks from 3 to 1 seat: two of its three people must move to B, no more;
    p3, who is already in B, stays."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"]) for i in range(4)]
    instance = one_round_day({"A": 1, "B": 3}, people)
    previous = published({"p0": "A", "p1": "A", "p2": "A", "p3": "B"}, ["A", "B"])
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert len(result.moved) == 2 and "p3" not in result.moved
    assert result.moves_bound == 2
    assert fewest_moves_by_enumeration(instance, previous) == (4, 2)
    assert check(instance, result.solution) == []


def test_cancelled_workshop_moves_its_people_and_names_the_reason() -> None:
    """Workshop B is cancelled: its two people go to A, which has room; nobody else moves."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"]) for i in range(3)]
    before = one_round_day({"A": 3, "B": 3}, people)
    previous = published({"p0": "A", "p1": "B", "p2": "B"}, ["A", "B"])
    after = before.model_copy(update={"workshops": [
        w.model_copy(update={"cancelled": w.id == "B"}) for w in before.workshops
    ]})
    result = rerun(after, previous, time_limit=10, workers=1)
    assert sorted(result.improved + result.moved) == ["p1", "p2"]
    changes = diff_solutions(previous, result.solution, after, before)
    assert [(c.registrant, c.reasons) for c in changes] == [
        ("p1", ["workshop 'B' cancelled"]),
        ("p2", ["workshop 'B' cancelled"]),
    ]


def test_late_registrant_takes_a_free_seat_without_moving_anyone() -> None:
    """A new registrant wants A, which is full; B has a free seat: they get B."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"]) for i in range(3)]
    instance = one_round_day({"A": 2, "B": 2}, people)
    previous = published({"p0": "A", "p1": "A", "p2": "B"}, ["A", "B"])
    late = instance.model_copy(update={
        "registrants": [*people, Registrant(id="late", ranked=["A", "B"])]
    })
    late = Instance.model_validate(late.model_dump())
    result = rerun(late, previous, time_limit=10, workers=1)
    assert result.moved == [] and result.newly_placed == ["late"]
    changes = diff_solutions(previous, result.solution, late)
    assert [(c.registrant, c.reasons) for c in changes] == [("late", ["new registration"])]


def test_seating_a_late_registrant_moves_as_few_as_needed() -> None:
    """The late registrant can only attend A (their audience); A is full of people who
    could also sit in B: exactly one of them moves to make room."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"]) for i in range(2)]
    day = one_round_day({"A": 2, "B": 2}, people)
    workshops = [
        day.workshops[0],
        day.workshops[1].model_copy(update={"audiences": ["staff"]}),
    ]
    people = [p.model_copy(update={"audiences": ["staff"]}) for p in people]
    late = Registrant(id="late", ranked=["A"])
    instance = Instance.model_validate(
        day.model_copy(update={"workshops": workshops, "registrants": [*people, late]})
        .model_dump()
    )
    previous = published({"p0": "A", "p1": "A"}, ["A", "B"])
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert len(result.moved) == 1 and result.newly_placed == ["late"]
    assert result.moves_bound == 1
    assert fewest_moves_by_enumeration(instance, previous) == (3, 1)


def test_max_moves_leaves_a_seat_empty_rather_than_move_more() -> None:
    """As above, but no move is allowed: the late registrant stays without a seat."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"], audiences=["staff"]) for i in range(2)]
    day = one_round_day({"A": 2, "B": 2}, people)
    workshops = [day.workshops[0],
                 day.workshops[1].model_copy(update={"audiences": ["staff"]})]
    instance = Instance.model_validate(day.model_copy(update={
        "workshops": workshops,
        "registrants": [*people, Registrant(id="late", ranked=["A"])],
    }).model_dump())
    previous = published({"p0": "A", "p1": "A"}, ["A", "B"])
    result = rerun(instance, previous, rerun_options=RerunOptions(max_moves=0),
                   time_limit=10, workers=1)
    assert result.moved == [] and result.newly_placed == []
    assert result.empty_seats == 1


def test_freed_seat_goes_to_the_waiting_registrant() -> None:
    """p2 waits for A (their first choice, full). p0 withdraws: p2 is promoted, and
    counts as improved, not moved."""
    people = [Registrant(id=f"p{i}", ranked=["A", "B"]) for i in range(3)]
    instance = one_round_day({"A": 2, "B": 2}, people)
    previous = with_wait_lists(instance, published({"p0": "A", "p1": "A", "p2": "B"}, ["A", "B"]))
    assert previous.wait_lists == {"A-1": ["p2"]}
    withdrawn = Instance.model_validate(
        instance.model_copy(update={"registrants": people[1:]}).model_dump()
    )
    result = rerun(withdrawn, previous, time_limit=10, workers=1)
    assert result.moved == [] and result.improved == ["p2"]
    changes = diff_solutions(previous, result.solution, withdrawn)
    # Registrants still in the instance come first, in its order; then the withdrawn.
    assert [(c.registrant, c.reasons) for c in changes] == [
        ("p2", ["promoted from the wait-list"]),
        ("p0", ["withdrawn"]),
    ]


def line_day(newcomers: list[Registrant]) -> tuple[Instance, Solution, Instance]:
    """A full (p0, p1), B (p2) and C (p4), one seat each but A's two; D (p3). p2 and
    p3 wait for A, p2 first; p3 waits for C too. The changed day: p0 withdrawn and
    `newcomers` registered."""
    people = [Registrant(id="p0", ranked=["A"]), Registrant(id="p1", ranked=["A"]),
              Registrant(id="p2", ranked=["A", "B"]), Registrant(id="p3", ranked=["A", "C", "D"]),
              Registrant(id="p4", ranked=["C"])]
    rooms = {"A": 2, "B": 1, "C": 1, "D": 1}
    instance = one_round_day(rooms, people)
    previous = with_wait_lists(instance, published(
        {"p0": "A", "p1": "A", "p2": "B", "p3": "D", "p4": "C"}, ["A", "B", "C", "D"]))
    assert previous.wait_lists == {"A-1": ["p2", "p3"], "C-1": ["p3"]}
    return instance, previous, one_round_day(rooms, [*people[1:], *newcomers])


def test_a_freed_seat_goes_to_the_first_in_line_not_to_who_gains_most() -> None:
    """p3 gains more from A (a third choice for a first; p2 a second), so the
    preference cost alone would promote p3; the line promotes p2."""
    _, previous, changed = line_day([])
    result = rerun(changed, previous, time_limit=10, workers=1)
    seat = {a.registrant: a.session for a in result.solution.assignments}
    assert (seat["p2"], seat["p3"]) == ("A-1", "D-1")
    assert result.moved == [] and result.improved == ["p2"]
    assert [(s.name, s.value) for s in result.stages][2:] == [
        ("wait-list order", 0), ("published seats given up", 0), ("preference cost", 3)]
    assert check(changed, result.solution) == []


def test_who_no_longer_wants_the_workshop_leaves_its_line() -> None:
    """p2, first in line for A, now ranks only B: p3 is next, and gets the seat."""
    _, previous, changed = line_day([])
    p2 = Registrant(id="p2", ranked=["B"])
    changed = Instance.model_validate(changed.model_copy(update={"registrants": [
        p2 if r.id == "p2" else r for r in changed.registrants]}).model_dump())
    result = rerun(changed, previous, time_limit=10, workers=1)
    seat = {a.registrant: a.session for a in result.solution.assignments}
    assert (seat["p2"], seat["p3"]) == ("B-1", "A-1")
    assert result.moved == [] and result.improved == ["p3"]


def test_a_newcomer_waits_behind_the_line() -> None:
    """The newcomer ranks A first and B third: their seat in A and p2 staying in B
    costs less, but p2 is in line for A; the newcomer takes the seat p2 frees."""
    _, previous, changed = line_day([Registrant(id="new", ranked=["A", "C", "B"])])
    result = rerun(changed, previous, time_limit=10, workers=1)
    seat = {a.registrant: a.session for a in result.solution.assignments}
    assert (seat["p2"], seat["new"]) == ("A-1", "B-1")
    assert result.newly_placed == ["new"] and result.moved == []


def test_an_added_room_opens_a_session_for_the_first_in_line() -> None:
    """A (2 seats, may run twice) is full in T1; no room is open in T2. p3 and p4 wait for
    A, p3 first, though p4 would gain more (B is their third choice, p3's second). A
    room added for T2 holds one more session of A: p3 gets it, and nobody else moves."""
    def day(extra_rooms: list[dict[str, object]]) -> Instance:
        return build(
            rounds=2,
            rooms=[{"id": "R1", "capacity": 2, "unavailable": ["T2"]},
                   {"id": "R2", "capacity": 4, "unavailable": ["T2"]}, *extra_rooms],
            workshops=[{"id": "A", "max_sessions": 2}, {"id": "B"},
                       {"id": "C", "min_sessions": 0, "max_sessions": 0}],
            registrants=[
                {"id": f"p{n}", "ranked": ranked, "wanted": 1,
                 "registered_at": f"2026-01-0{n}T09:00:00"}
                for n, ranked in [(1, ["A", "B"]), (2, ["A", "B"]), (3, ["A", "B"]),
                                  (4, ["A", "C", "B"])]
            ],
        )
    instance = day([])
    previous = with_wait_lists(instance, Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="R1", rounds=["T1"]),
                  SessionPlan(id="B-1", workshop="B", room="R2", rounds=["T1"])],
        assignments=[Assignment(registrant=p, session=s) for p, s in
                     [("p1", "A-1"), ("p2", "A-1"), ("p3", "B-1"), ("p4", "B-1")]],
    ))
    assert check(instance, previous) == []
    assert previous.wait_lists == {"A-1": ["p3", "p4"]}
    changed = day([{"id": "R3", "capacity": 1}])
    result = rerun(changed, previous, time_limit=10, workers=1)
    assert check(changed, result.solution) == []
    sessions = {s.id: s for s in result.solution.sessions}
    seat = {a.registrant: sessions[a.session] for a in result.solution.assignments}
    assert (seat["p3"].workshop, seat["p3"].room, seat["p4"].workshop) == ("A", "R3", "B")
    assert (result.moved, result.improved, result.sessions_moved) == ([], ["p3"], 0)
    assert [(c.registrant, c.reasons)
            for c in diff_solutions(previous, result.solution, changed, instance)] == [
        ("p3", ["promoted from the wait-list"])]


def test_everyone_of_a_session_moved_to_a_smaller_room_is_told_where_it_went() -> None:
    """A moves from its room (3 seats) to B's (2); p3 cannot follow and goes to C. All
    three are told the same about A, which also says why p3 did not follow, and p3
    where they are instead."""
    people = [Registrant(id=f"p{n}", ranked=["A", "C"]) for n in (1, 2, 3)]
    instance = one_round_day({"A": 3, "B": 2, "C": 3}, people)
    old = published({"p1": "A", "p2": "A", "p3": "A"}, ["A", "C"])
    new = Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="room-B", rounds=["r1"]),
                  SessionPlan(id="C-1", workshop="C", room="room-C", rounds=["r1"])],
        assignments=[Assignment(registrant="p1", session="A-1"),
                     Assignment(registrant="p2", session="A-1"),
                     Assignment(registrant="p3", session="C-1")],
    )
    assert [(c.registrant, c.reasons) for c in diff_solutions(old, new, instance)] == [
        ("p1", ["session of 'A' moved to the smaller room room-B"]),
        ("p2", ["session of 'A' moved to the smaller room room-B"]),
        ("p3", ["session of 'A' moved to the smaller room room-B (now in 'C' in round r1)"]),
    ]


def test_a_registrant_who_changed_their_preferences_is_told_so() -> None:
    """p1 now wants C, which has free seats: they move there, better off. Given the
    published instance the reason is their own change; without it, a move up that no
    wait-list explains."""
    people = [Registrant(id="p1", ranked=["A", "B"]), Registrant(id="p2", ranked=["B", "A"])]
    instance = one_round_day({"A": 2, "B": 2, "C": 2}, people)
    previous = with_wait_lists(instance, published({"p1": "A", "p2": "B"}, ["A", "B", "C"]))
    changed = one_round_day({"A": 2, "B": 2, "C": 2},
                            [Registrant(id="p1", ranked=["C", "B"]), people[1]])
    result = rerun(changed, previous, time_limit=10, workers=1)
    assert result.moved == [] and result.improved == ["p1"]
    assert [(c.registrant, c.reasons)
            for c in diff_solutions(previous, result.solution, changed, instance)] == [
        ("p1", ["preferences changed"])]
    assert [(c.registrant, c.reasons)
            for c in diff_solutions(previous, result.solution, changed)] == [
        ("p1", ["moved up to a higher choice"])]


def test_only_improve_keeps_unaffected_people_in_place() -> None:
    """Room B shrinks to 1: one of B's two people must move. Without the option the
    cheapest plan might reshuffle A as well; with it, nobody in A is touched."""
    people = [Registrant(id="a1", ranked=["B", "A"]), Registrant(id="a2", ranked=["B", "A"]),
              Registrant(id="b1", ranked=["B", "A"]), Registrant(id="b2", ranked=["B", "A"])]
    instance = one_round_day({"A": 3, "B": 1}, people)
    previous = published({"a1": "A", "a2": "A", "b1": "B", "b2": "B"}, ["A", "B"])
    result = rerun(instance, previous, rerun_options=RerunOptions(only_improve=True),
                   time_limit=10, workers=1)
    assert len(result.moved) == 1 and result.moved[0] in {"b1", "b2"}
    assert check(instance, result.solution) == []


def test_freeze_sessions_keeps_rounds_and_rooms() -> None:
    """Two rounds, workshop A may run in either; freezing keeps it in round r2."""
    rounds = [Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11)),
              Round(id="r2", day=date(2026, 12, 1), start=time(11), end=time(12))]
    instance = Instance(
        rounds=rounds, rooms=[Room(id="X", capacity=5)], workshops=[Workshop(id="A")],
        registrants=[Registrant(id="p", ranked=["A"], wanted=1)],
    )
    previous = Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="X", rounds=["r2"])],
        assignments=[Assignment(registrant="p", session="A-1")],
    )
    moved_away = instance.model_copy(update={"registrants": [
        Registrant(id="p", ranked=["A"], wanted=1, present=["r1"])
    ]})
    frozen = rerun(moved_away, previous, rerun_options=RerunOptions(freeze_sessions=True),
                   time_limit=10, workers=1)
    assert [s.rounds for s in frozen.solution.sessions] == [["r2"]]
    assert frozen.empty_seats == 1 and frozen.sessions_in_place
    free = rerun(moved_away, previous, time_limit=10, workers=1)
    assert [s.rounds for s in free.solution.sessions] == [["r1"]]
    assert free.sessions_moved == 1 and free.moved == ["p"]
    # Moving A fills a seat that keeping it leaves empty: the change forced the move.
    assert not free.sessions_in_place


def test_sessions_stay_when_moving_them_fills_no_more_seats() -> None:
    """A late registrant can only come in round r1, where A is published; B, in r2, has
    room for them too, but moving B to r1 would move its attendee without seating
    anyone more. A stays, B stays, and the late registrant takes A."""
    rounds = [Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11)),
              Round(id="r2", day=date(2026, 12, 1), start=time(11), end=time(12))]
    people = [Registrant(id="p", ranked=["B", "A"], wanted=1),
              Registrant(id="q", ranked=["A", "B"], wanted=1)]
    instance = Instance(
        rounds=rounds, rooms=[Room(id="X", capacity=2), Room(id="Y", capacity=2)],
        workshops=[Workshop(id="A"), Workshop(id="B")], registrants=people,
    )
    previous = Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="X", rounds=["r1"]),
                  SessionPlan(id="B-1", workshop="B", room="Y", rounds=["r2"])],
        assignments=[Assignment(registrant="p", session="B-1"),
                     Assignment(registrant="q", session="A-1")],
    )
    late = Instance.model_validate(instance.model_copy(update={"registrants": [
        *people, Registrant(id="late", ranked=["B", "A"], wanted=1, present=["r1"])
    ]}).model_dump())
    result = rerun(late, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL and result.sessions_in_place
    assert (result.moved, result.newly_placed, result.sessions_moved) == ([], ["late"], 0)
    assert result.moves_bound == 0
    assert check(late, result.solution) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_rerun_of_an_unchanged_day_moves_nobody(instance: Instance) -> None:
    solved = solve(instance, time_limit=10, workers=1, seed=0)
    if solved.status is not Status.OPTIMAL:
        return
    result = rerun(instance, solved.solution, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert (result.moved, result.improved, result.newly_placed) == ([], [], [])
    assert result.sessions_moved == 0
    assert diff_solutions(solved.solution, result.solution, instance) == []


@pytest.mark.parametrize("seed", range(6))
def test_fewest_moves_match_enumeration_on_random_tiny_days(seed: int) -> None:
    """Random rooms shrink and people join on a one-round day; the solver's move count
    equals the fewest found by trying every assignment."""
    import random

    rng = random.Random(seed)
    workshops = ["A", "B", "C"]
    people = [Registrant(id=f"p{i}", ranked=rng.sample(workshops, 2)) for i in range(4)]
    capacities = {w: rng.randint(1, 3) for w in workshops}
    base = one_round_day({w: 3 for w in workshops}, people)
    first = solve(base, time_limit=10, workers=1, seed=0)
    changed = Instance.model_validate(one_round_day(
        capacities, [*people, Registrant(id="late", ranked=rng.sample(workshops, 2))]
    ).model_dump())
    result = rerun(changed, first.solution, time_limit=10, workers=1)
    filled, fewest = fewest_moves_by_enumeration(changed, first.solution)
    assert evaluate(changed, result.solution).filled_seats == filled
    assert len(result.moved) == fewest == result.moves_bound


TWO_ROUNDS = {"r1": ["A", "B"], "r2": ["C", "D"]}


def two_round_day(capacities: dict[str, int], registrants: list[Registrant]) -> Instance:
    """Two rounds; A and B pinned in r1, C and D in r2, each in a room of its own."""
    return Instance(
        name="two rounds",
        rounds=[Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11)),
                Round(id="r2", day=date(2026, 12, 1), start=time(11), end=time(12))],
        rooms=[Room(id=f"room-{w}", capacity=c) for w, c in capacities.items()],
        workshops=[Workshop(id=w, pins=[SessionPin(round=r, room=f"room-{w}")])
                   for r, ws in TWO_ROUNDS.items() for w in ws],
        registrants=registrants,
    )


def programme_cost(instance: Instance, registrant_id: str, sessions: tuple[str | None, ...]) -> int:
    registrant = instance.registrant_by_id[registrant_id]
    return sum(
        instance.empty_seat_cost if s is None
        else instance.settings.seat_cost(registrant.choice_rank(s.split("-")[0], r))
        for s, r in zip(sessions, TWO_ROUNDS, strict=True)
    )


def fewest_moves_over_two_rounds(instance: Instance, previous: Solution) -> tuple[int, int]:
    """(most seats filled, fewest moved among plans filling that many), by trying every
    programme for everyone on the published sessions. Moved: a published registrant
    whose programme changed without costing less. The best plan passes the checker."""
    sessions = {r: [None, *(f"{w}-1" for w in ws)] for r, ws in TWO_ROUNDS.items()}
    programmes = list(itertools.product(*sessions.values()))
    capacity = {f"{room.id.removeprefix('room-')}-1": room.capacity for room in instance.rooms}
    ids = [r.id for r in instance.registrants]
    held: dict[str, list[str]] = {}
    for a in previous.assignments:
        held.setdefault(a.registrant, []).append(a.session)
    before = {p: tuple(next((s for s in held_ if s.split("-")[0] in ws), None)
                       for ws in TWO_ROUNDS.values()) for p, held_ in held.items()}
    plans = []
    for choice in itertools.product(programmes, repeat=len(ids)):
        taken = [s for programme in choice for s in programme if s is not None]
        if any(taken.count(s) > c for s, c in capacity.items()):
            continue
        moved = sum(
            1 for p, programme in zip(ids, choice, strict=True)
            if p in before and programme != before[p]
            and programme_cost(instance, p, programme) >= programme_cost(instance, p, before[p])
        )
        plans.append((-len(taken), moved, choice))
    for minus_filled, moved, choice in sorted(plans, key=lambda plan: plan[:2]):
        plan = previous.model_copy(update={"wait_lists": {}, "assignments": [
            Assignment(registrant=p, session=s)
            for p, programme in zip(ids, choice, strict=True) for s in programme if s
        ]})
        if not check(instance, plan):
            return -minus_filled, moved
    raise AssertionError("no plan passes the checker")


@pytest.mark.parametrize("seed", [0, 1, 2, 21, 85, 96, 109])
def test_fewest_moves_match_enumeration_on_random_two_round_days(seed: int) -> None:
    """Rooms change size and someone joins on a two-round day where a programme is a
    pair of seats: a registrant is better off (not moved) when the pair costs less,
    even with one of their seats kept. The solver's count equals enumeration's. On
    seeds 21, 85, 96 and 109 the fewest moves need someone promoted to free a seat."""
    import random

    rng = random.Random(seed)
    workshops = [w for ws in TWO_ROUNDS.values() for w in ws]
    people = [Registrant(id=f"p{i}", ranked=rng.sample(workshops, 4)) for i in range(4)]
    base = two_round_day({w: 2 for w in workshops}, people)
    first = solve(base, time_limit=10, workers=1, seed=0)
    assert first.solution is not None
    changed = Instance.model_validate(two_round_day(
        {w: rng.randint(1, 3) for w in workshops},
        [*people, Registrant(id="late", ranked=rng.sample(workshops, 4))],
    ).model_dump())
    result = rerun(changed, first.solution, time_limit=10, workers=1)
    filled, fewest = fewest_moves_over_two_rounds(changed, first.solution)
    assert evaluate(changed, result.solution).filled_seats == filled
    assert len(result.moved) == fewest == result.moves_bound
    assert check(changed, result.solution) == []


def test_sessions_moved_and_dropped_are_told_apart() -> None:
    """W ran twice and now runs once, elsewhere; X is cancelled; Y stays; Z is new."""
    def plan(*sessions: tuple[str, str, str]) -> Solution:
        return Solution(sessions=[SessionPlan(id=f"{w}-{r}", workshop=w, rounds=[r], room=m)
                                  for w, r, m in sessions])

    published = plan(("W", "r1", "m1"), ("W", "r2", "m1"), ("X", "r1", "m2"),
                     ("Y", "r2", "m2"))
    now = plan(("W", "r3", "m1"), ("Y", "r2", "m2"), ("Z", "r1", "m2"))
    assert moved_and_dropped_sessions(published, now) == (1, 2)
    assert moved_and_dropped_sessions(published, published) == (0, 0)


def two_round_rooms_day(rooms: dict[str, int], workshops: list[Workshop],
                        registrants: list[Registrant]) -> Instance:
    return Instance(
        name="two rounds, rooms free",
        rounds=[Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11)),
                Round(id="r2", day=date(2026, 12, 1), start=time(11), end=time(12))],
        rooms=[Room(id=m, capacity=c) for m, c in rooms.items()],
        workshops=workshops,
        registrants=registrants,
    )


def test_nobody_loses_a_seat_so_that_someone_whose_session_moved_counts_as_promoted() -> None:
    """C's room is gone, so C moves to another room and p1, p2 and q1 must be told. q1
    waits for A, which p1 and p2 fill. Counting a better-off q1 as not moved, taking A
    from p1 (told anyway) to give it to q1 saved a move; now whose session moved is
    moved, better off or not, and p1 and p2 keep A."""
    workshops = [Workshop(id="A", pins=[SessionPin(round="r1", room="X")]),
                 Workshop(id="B", pins=[SessionPin(round="r1", room="Y")]),
                 Workshop(id="C", pins=[SessionPin(round="r2")])]
    people = [Registrant(id=p, ranked=["A", "C", "B"]) for p in ("p1", "p2", "q1")]
    before = two_round_rooms_day({"X": 2, "Y": 5, "Z": 5, "W": 5}, workshops, people)
    previous = with_wait_lists(before, Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="X", rounds=["r1"]),
                  SessionPlan(id="B-1", workshop="B", room="Y", rounds=["r1"]),
                  SessionPlan(id="C-1", workshop="C", room="Z", rounds=["r2"])],
        assignments=[Assignment(registrant=p, session=s) for p, s in (
            ("p1", "A-1"), ("p2", "A-1"), ("q1", "B-1"),
            ("p1", "C-1"), ("p2", "C-1"), ("q1", "C-1"))],
    ))
    assert previous.wait_lists == {"A-1": ["q1"]}
    changed = two_round_rooms_day({"X": 2, "Y": 5, "W": 5}, workshops, people)
    result = rerun(changed, previous, time_limit=10, workers=1)
    assert result.solution is not None and check(changed, result.solution) == []
    seats = {(a.registrant, a.session) for a in result.solution.assignments}
    assert {("p1", "A-1"), ("p2", "A-1"), ("q1", "B-1")} <= seats
    assert sorted(result.moved) == ["p1", "p2", "q1"] and result.improved == []
    assert result.moves_bound == 3


def test_a_registrant_moved_in_one_round_keeps_their_seat_in_another() -> None:
    """A is cancelled: p1 must take B in r1. Giving p1's seat in C to q1, who waits
    for it, would lower the total cost (q1 gains more than p1 loses), but C was not
    freed by the change: p1 keeps it, and q1 keeps waiting."""
    workshops = [Workshop(id="A", pins=[SessionPin(round="r1", room="X")]),
                 Workshop(id="B", pins=[SessionPin(round="r1", room="Y")]),
                 Workshop(id="C", pins=[SessionPin(round="r2", room="X")]),
                 Workshop(id="D", pins=[SessionPin(round="r2", room="Y")])]
    people = [Registrant(id="p1", ranked=["A", "C", "D", "B"]),
              Registrant(id="q1", ranked=["C", "B", "D", "A"])]
    before = two_round_rooms_day({"X": 1, "Y": 5}, workshops, people)
    previous = with_wait_lists(before, Solution(
        sessions=[SessionPlan(id=f"{w}-1", workshop=w, room=m, rounds=[r])
                  for w, r, m in (("A", "r1", "X"), ("B", "r1", "Y"),
                                  ("C", "r2", "X"), ("D", "r2", "Y"))],
        assignments=[Assignment(registrant=p, session=s) for p, s in (
            ("p1", "A-1"), ("p1", "C-1"), ("q1", "B-1"), ("q1", "D-1"))],
    ))
    assert previous.wait_lists == {"C-1": ["q1"]}
    changed = Instance.model_validate(before.model_copy(update={"workshops": [
        w.model_copy(update={"cancelled": w.id == "A"}) for w in workshops]}).model_dump())
    result = rerun(changed, previous, time_limit=10, workers=1)
    assert result.solution is not None and check(changed, result.solution) == []
    seats = sorted((a.registrant, a.session) for a in result.solution.assignments)
    assert seats == [("p1", "B-1"), ("p1", "C-1"), ("q1", "B-1"), ("q1", "D-1")]
    assert result.moved == ["p1"] and result.status is Status.OPTIMAL
    given_up = next(s for s in result.stages if s.name == "published seats given up")
    assert given_up.value == 1  # A's seat, which nobody can keep
