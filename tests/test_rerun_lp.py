"""The rerun's start from the LP with the published sessions in place."""

from __future__ import annotations

import itertools
import random

from conftest import build, rooms
from hypothesis import HealthCheck, given, settings
from strategies import small_instances

from scheduler.check import check, evaluate
from scheduler.model import Instance
from scheduler.plan_model import placement_of
from scheduler.rerun import classify, published_programmes, rerun
from scheduler.rerun_lp import rerun_start
from scheduler.search import Status
from scheduler.solution import Assignment, SessionPlan, Solution
from scheduler.solve import solve


def two_round_day(cancelled: bool) -> tuple[Instance, Solution]:
    """A (round 1), B (rounds 1 and 2) and C (round 2), two seats each. p0 and p2 had
    A, then B; p1 had B, then C. With A cancelled, B's first session is the only
    round-1 seat left, with one seat free: one of p0 and p2 takes it and, to attend B
    once, moves to C in round 2; the other keeps B and has no round-1 seat."""
    instance = build(
        rounds=2,
        rooms=rooms(R1=2, R2=2),
        workshops=[
            {"id": "A", "cancelled": cancelled, "pins": [{"round": "T1", "room": "R1"}]},
            {"id": "B", "max_sessions": 2, "pins": [{"round": "T1", "room": "R2"},
                                                    {"round": "T2", "room": "R1"}]},
            {"id": "C", "pins": [{"round": "T2", "room": "R2"}]},
        ],
        registrants=[
            {"id": "p0", "ranked": ["A", "B", "C"]},
            {"id": "p1", "ranked": ["B", "C"]},
            {"id": "p2", "ranked": ["B", "A"]},
        ],
    )
    previous = Solution(
        sessions=[
            SessionPlan(id="A-1", workshop="A", room="R1", rounds=["T1"]),
            SessionPlan(id="B-1", workshop="B", room="R2", rounds=["T1"]),
            SessionPlan(id="B-2", workshop="B", room="R1", rounds=["T2"]),
            SessionPlan(id="C-1", workshop="C", room="R2", rounds=["T2"]),
        ],
        assignments=[Assignment(registrant=p, session=s) for p, s in [
            ("p0", "A-1"), ("p0", "B-2"), ("p1", "B-1"), ("p1", "C-1"),
            ("p2", "A-1"), ("p2", "B-2"),
        ]],
    )
    return instance, previous


def test_cancelled_workshop_changes_only_its_people_with_the_most_seats_filled() -> None:
    instance, previous = two_round_day(cancelled=True)
    published = published_programmes(instance, previous)
    start = rerun_start(instance, placement_of(previous), published, time_limit=10)
    assert start is not None and start.integral
    assert check(instance, start.plan) == []
    assert start.seats_filled == evaluate(instance, start.plan).filled_seats == 5
    assert classify(instance, published, start.plan).moved == ["p0", "p2"]


def test_rerun_from_the_start_is_proven_with_the_seats_it_fills() -> None:
    instance, previous = two_round_day(cancelled=True)
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert check(instance, result.solution) == []
    assert evaluate(instance, result.solution).filled_seats == 5
    assert result.moved == ["p0", "p2"] and result.moves_bound == 2


def changed_seats_by_enumeration(instance: Instance, previous: Solution) -> tuple[int, int]:
    """(most seats filled, fewest registrants whose seat changed among those plans), by
    trying every one-round assignment on the published sessions."""
    before = {a.registrant: a.session for a in previous.assignments}
    ids = [r.id for r in instance.registrants]
    best: tuple[int, int] | None = None
    for choice in itertools.product([None, *(s.id for s in previous.sessions)],
                                    repeat=len(ids)):
        plan = previous.model_copy(update={"assignments": [
            Assignment(registrant=p, session=s) for p, s in zip(ids, choice, strict=True) if s
        ]})
        if check(instance, plan):
            continue
        changed = sum(1 for p, s in zip(ids, choice, strict=True)
                      if p in before and s != before[p])
        key = (-evaluate(instance, plan).filled_seats, changed)
        best = key if best is None or key < best else best
    assert best is not None
    return -best[0], best[1]


def one_round_day(capacity: dict[str, int], people: list[dict[str, object]]) -> Instance:
    """One round; each workshop pinned to its own room of the given capacity."""
    return build(
        rooms=rooms(**{f"room{w}": c for w, c in capacity.items()}),
        workshops=[{"id": w, "pins": [{"round": "T1", "room": f"room{w}"}]} for w in capacity],
        registrants=people,
    )


def test_random_shrunk_rooms_match_enumeration() -> None:
    """One round, rooms shrink at random: the LP's plan fills the most seats and, among
    those plans, changes the fewest registrants, as trying every assignment finds."""
    workshops = ["A", "B", "C"]
    for seed in range(8):
        rng = random.Random(seed)
        people = [{"id": f"p{i}", "ranked": rng.sample(workshops, 2)} for i in range(5)]
        previous = solve(one_round_day({w: 3 for w in workshops}, people),
                         time_limit=10, workers=1).solution
        assert previous is not None
        changed = one_round_day({w: rng.randint(1, 3) for w in workshops}, people)
        published = published_programmes(changed, previous)
        start = rerun_start(changed, placement_of(previous), published, time_limit=10)
        assert start is not None and start.integral, seed
        assert check(changed, start.plan) == [], seed
        moved = classify(changed, published, start.plan)
        filled, fewest = changed_seats_by_enumeration(changed, previous)
        assert start.seats_filled == filled, seed
        assert len(moved.moved) + len(moved.improved) == fewest, seed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_unchanged_day_keeps_every_programme(instance: Instance) -> None:
    solved = solve(instance, time_limit=10, workers=1, seed=0)
    if solved.status is not Status.OPTIMAL:
        return
    published = published_programmes(instance, solved.solution)
    start = rerun_start(instance, placement_of(solved.solution), published, time_limit=10)
    assert start is not None
    if not start.integral:
        return  # A fractional optimum is no plan: the rerun does not start from it.
    assert start.seats_filled == evaluate(instance, solved.solution).filled_seats
    summary = classify(instance, published, start.plan)
    assert (summary.moved, summary.improved) == ([], [])


def test_a_fractional_start_is_flagged_and_the_rerun_keeps_every_programme() -> None:
    """W1 runs over both rounds, two seats; W2 once per round; nobody chose anything
    and each may attend W2 once. The plan seats two in W1 and one in W2: 5 of 6 seats.
    The LP does better, 6: each of the three two-thirds in W1 and a third in W2 in
    each round. Rounded, that is no plan, and the rerun must not start from it."""
    instance = build(
        rounds=2,
        rooms=rooms(M1=2, M2=2),
        workshops=[{"id": "W1", "duration": 2, "min_sessions": 0},
                   {"id": "W2", "min_sessions": 0, "max_sessions": 2}],
        registrants=[{"id": p, "ranked": []} for p in ("P1", "P2", "P3")],
        settings={"unchosen_cost": 0},
    )
    solved = solve(instance, time_limit=10, workers=1, seed=0)
    assert solved.status is Status.OPTIMAL and solved.solution is not None
    assert evaluate(instance, solved.solution).filled_seats == 5
    published = published_programmes(instance, solved.solution)
    start = rerun_start(instance, placement_of(solved.solution), published, time_limit=10)
    assert start is not None and not start.integral
    result = rerun(instance, solved.solution, time_limit=10, workers=1)
    assert result.solution is not None and check(instance, result.solution) == []
    assert (result.status, result.moved, evaluate(instance, result.solution).filled_seats) \
        == (Status.OPTIMAL, [], 5)


def test_start_fills_every_seat_where_the_kept_lp_is_fractional() -> None:
    """On `base-400` with 5% late registrants, the LP counting kept registrants has a
    fractional optimum; the start falls back on counting changed seats."""
    from scheduler.instance_io import load_instance, load_solution
    from scheduler.scenarios import SCENARIOS

    base = load_instance("instances/rerun/base-400.json")
    previous = load_solution("instances/rerun/base-400-plan.json")
    changed = SCENARIOS["late-registrants"](base, previous, 1)
    published = published_programmes(changed, previous)
    start = rerun_start(changed, placement_of(previous), published, time_limit=30)
    assert start is not None and start.integral
    assert check(changed, start.plan) == []
    assert start.seats_filled == changed.wanted_seats
    # 6 is the proven fewest; counting seats, not people, moves a few more.
    assert 6 <= len(classify(changed, published, start.plan).moved) <= 20


def replaced_workshop_day() -> tuple[Instance, Solution]:
    """A (room R1) is replaced by a new workshop N, which A's two people rank next."""
    instance = build(
        rooms=rooms(R1=2, R2=2),
        workshops=[{"id": "A", "cancelled": True}, {"id": "B"}, {"id": "N"}],
        registrants=[
            {"id": "p0", "ranked": ["A", "N", "B"]},
            {"id": "p1", "ranked": ["A", "N", "B"]},
            {"id": "p2", "ranked": ["B"]},
        ],
    )
    previous = Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="R1", rounds=["T1"]),
                  SessionPlan(id="B-1", workshop="B", room="R2", rounds=["T1"])],
        assignments=[Assignment(registrant=p, session=s)
                     for p, s in [("p0", "A-1"), ("p1", "A-1"), ("p2", "B-1")]],
    )
    return instance, previous


def test_start_on_the_sessions_the_seat_search_added() -> None:
    """On the published sessions alone one of A's people has no seat; the search for
    seats opens N in A's room, and the start is the LP's plan on that placement."""
    import time

    from scheduler.rerun import RerunModel, RerunOptions, _fill_seats, _start_with_sessions_added
    from scheduler.search import SolveOptions

    instance, previous = replaced_workshop_day()
    published = published_programmes(instance, previous)
    on_published = rerun_start(instance, placement_of(previous), published, time_limit=10)
    assert on_published is not None and on_published.seats_filled == 2
    in_place = RerunModel(instance, previous, RerunOptions(), kept=placement_of(previous))
    options = SolveOptions(10, 1, 0, False, None, None)
    filled = _fill_seats(in_place, options, time.monotonic() + 10, on_published.plan)
    start = _start_with_sessions_added(in_place, filled, on_published, options,
                                       time.monotonic() + 10)
    assert start is not None and start.seats_filled == 3
    assert placement_of(start.plan) == {("B", "T1"): "R2", ("N", "T1"): "R1"}
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert result.moved == ["p0", "p1"] and result.moves_bound == 2


def test_who_must_change_keeps_their_other_published_seats() -> None:
    """A is cancelled: p0, p1 and p2 need another round-1 seat, and B has room for
    them all. Each keeps their seat in C, as the rerun's last stage asks, though they
    rank D higher and D has room: the start keeps the most published seats of the
    people it changes."""
    instance = build(
        rounds=2,
        rooms=rooms(R1=3, R2=6, R3=3, R4=3),
        workshops=[
            {"id": "A", "cancelled": True, "pins": [{"round": "T1", "room": "R1"}]},
            {"id": "B", "pins": [{"round": "T1", "room": "R2"}]},
            {"id": "C", "pins": [{"round": "T2", "room": "R3"}]},
            {"id": "D", "pins": [{"round": "T2", "room": "R4"}]},
        ],
        registrants=[{"id": f"p{n}", "ranked": ["A", "B", "D", "C"]} for n in range(3)],
    )
    previous = Solution(
        sessions=[SessionPlan(id=f"{w}-1", workshop=w, room=m, rounds=[r])
                  for w, r, m in (("A", "T1", "R1"), ("B", "T1", "R2"),
                                  ("C", "T2", "R3"), ("D", "T2", "R4"))],
        assignments=[Assignment(registrant=f"p{n}", session=s)
                     for n in range(3) for s in ("A-1", "C-1")],
    )
    published = published_programmes(instance, previous)
    start = rerun_start(instance, placement_of(previous), published, time_limit=10)
    assert start is not None and start.integral and check(instance, start.plan) == []
    assert sorted((a.registrant, a.session) for a in start.plan.assignments) == [
        (f"p{n}", s) for n in range(3) for s in ("B-1", "C-1")]
