"""Unchosen seats from a per-round pool give the same optimum as one variable per seat."""

from __future__ import annotations

from datetime import date, time

from hypothesis import HealthCheck, given, settings
from strategies import small_instances

from scheduler.check import check, evaluate
from scheduler.model import Instance, Registrant, Room, Round, SessionPin, Workshop
from scheduler.search import SolveOptions
from scheduler.solve import Status, solve_optimal


def solve_both(instance: Instance):
    """The same instance solved with every seat named, and with the pool."""
    named = solve_optimal(instance, "sum", SolveOptions(time_limit=10, workers=1, pool=False))
    pooled = solve_optimal(instance, "sum", SolveOptions(time_limit=10, workers=1, pool=True))
    return named, pooled


def test_pool_seats_land_in_sessions_with_free_seats() -> None:
    """One round, three workshops of two seats; five people all want only A.

    Two get A (cost 0); three get an unchosen seat (cost 100 each) in B or C, which the
    model only knows as 'a seat from the round's pool'."""
    instance = Instance(
        rounds=[Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11))],
        rooms=[Room(id=m, capacity=2) for m in "XYZ"],
        workshops=[Workshop(id=w, pins=[SessionPin(round="r1", room=m)])
                   for w, m in zip("ABC", "XYZ", strict=True)],
        registrants=[Registrant(id=f"p{i}", ranked=["A"]) for i in range(5)],
    )
    named, pooled = solve_both(instance)
    assert named.objective == pooled.objective == 300
    assert pooled.status is Status.OPTIMAL
    assert check(instance, pooled.solution) == []
    assert evaluate(instance, pooled.solution).rank_histogram == {
        "1": 2, "unchosen": 3, "empty": 0
    }


def test_repair_failure_makes_seats_explicit_and_still_finds_the_optimum() -> None:
    """p needs a step-free room; only B's room is step-free. The pool's round total says
    there is room, but only a named seat can say which: the retry names it."""
    instance = Instance(
        rounds=[Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11))],
        rooms=[Room(id="X", capacity=1), Room(id="Y", capacity=1, features=["step-free"]),
               Room(id="Z", capacity=1)],
        workshops=[Workshop(id=w, pins=[SessionPin(round="r1", room=m)])
                   for w, m in zip("ABC", "XYZ", strict=True)],
        registrants=[Registrant(id="q", ranked=["A"]), Registrant(id="s", ranked=["A"]),
                     Registrant(id="p", ranked=["A"], needs=["step-free"])],
    )
    named, pooled = solve_both(instance)
    assert named.objective == pooled.objective
    assert check(instance, pooled.solution) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_pool_and_named_seats_agree(instance: Instance) -> None:
    named, pooled = solve_both(instance)
    assert named.status == pooled.status
    if named.status is Status.OPTIMAL:
        assert named.objective == pooled.objective
        assert check(instance, pooled.solution) == []
