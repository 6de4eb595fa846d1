"""Stages and the candidate sessions around kept ones: the pieces a rerun is built on."""

from __future__ import annotations

from conftest import build, rooms

from scheduler.candidates import session_starts
from scheduler.objectives import Stage, seats_filled
from scheduler.plan_model import PlanModel
from scheduler.search import SolveOptions, Status, run_stages
from scheduler.solution import Assignment, SessionPlan, Solution
from scheduler.variables import starts_around


def two_round_day():  # type: ignore[no-untyped-def]
    return build(
        rounds=2,
        rooms=rooms(X=2, Y=2),
        workshops=[{"id": "A"}, {"id": "B", "max_sessions": 2, "min_sessions": 0}],
        registrants=[{"id": f"p{i}", "ranked": ["A", "B"]} for i in range(3)],
    )


def test_kept_sessions_take_their_room_and_their_workshops_last_session() -> None:
    instance = two_round_day()
    around = starts_around(instance, session_starts(instance), {("A", "T1"): "X"})
    assert around["A", "T1"].rooms == ("X",)
    # A may run once, and its kept session is that once.
    assert ("A", "T2") not in around
    # X is taken in T1; in T2 both rooms are free.
    assert around["B", "T1"].rooms == ("Y",)
    assert around["B", "T2"].rooms == ("X", "Y")


def test_a_kept_session_stays_in_the_plan() -> None:
    instance = two_round_day()
    plan = PlanModel(instance, kept={("A", "T2"): "Y"})
    outcome = run_stages(plan, [Stage("seats", "max", seats_filled(plan.vars))],
                         SolveOptions(time_limit=10, workers=1), float("inf"), "lp")
    assert outcome.results[0].status is Status.OPTIMAL
    assert [(s.workshop, s.rounds, s.room) for s in outcome.solution.sessions
            if s.workshop == "A"] == [("A", ["T2"], "Y")]


def test_a_stage_ends_as_proven_when_it_reaches_its_best_possible_value() -> None:
    """The caller vouches for the best possible value; the search stops on reaching it
    and reports the stage proven. Here the caller names the value of the hinted plan,
    which seats one registrant of the six wanted seats: the search stops there although
    more could be filled, which shows it stopped on the value and not on a proof."""
    instance = two_round_day()
    plan = PlanModel(instance)
    hint = Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="X", rounds=["T1"])],
        assignments=[Assignment(registrant="p0", session="A-1")],
    )
    stage = Stage("seats", "max", seats_filled(plan.vars), best_possible=1)
    outcome = run_stages(plan, [stage], SolveOptions(time_limit=10, workers=1),
                         float("inf"), "lp", hint=hint)
    assert outcome.results[0].status is Status.OPTIMAL
    assert outcome.results[0].value == outcome.results[0].bound == 1
