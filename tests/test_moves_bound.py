"""The sessions model: a lower bound on a rerun's changes from where sessions can go."""

from __future__ import annotations

import time as clock
from datetime import date, time

import pytest

from scheduler.check import check
from scheduler.instance_io import load_instance, load_solution
from scheduler.model import Instance, Registrant, Room, Round, Speaker, Workshop
from scheduler.moves_bound import SessionsModel
from scheduler.rerun import RerunModel, RerunOptions, least_max_moves, rerun
from scheduler.scenarios import SCENARIOS
from scheduler.search import SolveOptions, run_stages
from scheduler.solution import Assignment, SessionPlan, Solution
from scheduler.solve import Status, solve

OPTIONS = SolveOptions(time_limit=10, workers=1)
ROUNDS = [Round(id="r1", day=date(2026, 12, 1), start=time(10), end=time(11)),
          Round(id="r2", day=date(2026, 12, 1), start=time(11), end=time(12))]


def swap_day(away: list[str]) -> tuple[Instance, Solution]:
    """Two rounds, two rooms of 3, four one-session workshops; A's speaker is away in
    `away`. p1-p3 take A then C, their first two choices; q1-q3 take B then D."""
    people = [Registrant(id=f"p{i}", ranked=["A", "C", "B", "D"]) for i in (1, 2, 3)]
    people += [Registrant(id=f"q{i}", ranked=["B", "D", "A", "C"]) for i in (1, 2, 3)]
    instance = Instance(
        rounds=ROUNDS, rooms=[Room(id="X", capacity=3), Room(id="Y", capacity=3)],
        speakers=[Speaker(id="s", unavailable=away)],
        workshops=[Workshop(id="A", speakers=["s"]), Workshop(id="B"),
                   Workshop(id="C"), Workshop(id="D")],
        registrants=people,
    )
    previous = Solution(
        sessions=[SessionPlan(id="A-1", workshop="A", room="X", rounds=["r1"]),
                  SessionPlan(id="B-1", workshop="B", room="Y", rounds=["r1"]),
                  SessionPlan(id="C-1", workshop="C", room="X", rounds=["r2"]),
                  SessionPlan(id="D-1", workshop="D", room="Y", rounds=["r2"])],
        assignments=[Assignment(registrant=f"{g}{i}", session=f"{w}-1")
                     for g, ws in (("p", "AC"), ("q", "BD")) for i in (1, 2, 3) for w in ws],
    )
    return instance, previous


def sessions_model(instance: Instance, previous: Solution) -> tuple[SessionsModel, int]:
    model = RerunModel(instance, previous, RerunOptions())
    return SessionsModel(model, model.wanted_seats), model.changes_per_person


def test_bound_is_the_fewest_changes_when_a_speaker_forces_a_swap() -> None:
    """A cannot stay in r1 and r2 is full: A and C swap rounds (3 people, 2 sessions
    told), which beats moving B and D as well."""
    instance, previous = swap_day(away=["r1"])
    sessions, per_person = sessions_model(instance, previous)
    bound = sessions.solve(OPTIONS, 10)
    assert bound is not None and bound.proven
    assert bound.changes == 3 * per_person + 2
    assert bound.kept == {("B", "r1"): "Y", ("D", "r2"): "Y"}
    # A and C swapped: the placement the rerun seats people on first.
    assert bound.placement == {**bound.kept, ("A", "r2"): "X", ("C", "r1"): "X"}
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert sorted(result.moved) == ["p1", "p2", "p3"] and result.moves_bound == 3
    assert result.sessions_moved == 2
    assert check(instance, result.solution) == []


def test_with_seats_left_empty_the_whole_day_search_stops_on_the_bound() -> None:
    """A late registrant finds every seat taken: the whole day is searched (seats stay
    empty), and it stops, proven, on the sessions model's bound."""
    instance, previous = swap_day(away=["r1"])
    late = Registrant(id="late", ranked=["A", "B", "C", "D"])
    instance = Instance.model_validate(instance.model_copy(update={
        "registrants": [*instance.registrants, late]}).model_dump())
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL and result.empty_seats == 2
    assert sorted(result.moved) == ["p1", "p2", "p3"] and result.moves_bound == 3
    assert check(instance, result.solution) == []


def test_excluding_a_choice_of_kept_sessions_raises_the_bound() -> None:
    """Without keeping both B and D, D must give A its room: everyone is told. Left
    out choice by choice, the bounds only rise, until no placement is left."""
    instance, previous = swap_day(away=["r1"])
    sessions, per_person = sessions_model(instance, previous)
    first = sessions.solve(OPTIONS, 10)
    assert first is not None
    sessions.exclude_keeping(first.kept)
    second = sessions.solve(OPTIONS, 10)
    assert second is not None
    assert second.kept == {("B", "r1"): "Y", ("C", "r2"): "X"}
    assert second.changes == 6 * per_person + 2
    sessions.exclude_keeping(second.kept)
    bounds = [first.changes, second.changes]
    while (choice := sessions.solve(OPTIONS, 10)) is not None:
        bounds.append(choice.changes)
        sessions.exclude_keeping(choice.kept)
        assert len(bounds) < 20
    assert sessions.exhausted and bounds == sorted(bounds)


def test_nothing_to_tell_when_the_sessions_can_stay() -> None:
    instance, previous = swap_day(away=[])
    sessions, _ = sessions_model(instance, previous)
    bound = sessions.solve(OPTIONS, 10)
    assert bound is not None and bound.changes == 0 and len(bound.kept) == 4


def test_a_registrant_whose_session_moves_is_counted_even_if_better_off() -> None:
    """Had p1-p3 not been given their first choices, the swap would give them A and C
    in other rounds at a lower cost. Their sessions moved, so they are told of a change
    they did not ask for all the same: the bound counts them."""
    instance, previous = swap_day(away=["r1"])
    instance = Instance.model_validate(instance.model_copy(update={"registrants": [
        r.model_copy(update={"ranked": ["B", "D", "A", "C"]}) for r in instance.registrants
    ]}).model_dump())
    sessions, per_person = sessions_model(instance, previous)
    bound = sessions.solve(OPTIONS, 10)
    assert bound is not None and bound.proven and bound.changes == 3 * per_person + 2
    result = rerun(instance, previous, time_limit=10, workers=1)
    assert sorted(result.moved) == ["p1", "p2", "p3"] and result.improved == []


def test_the_bound_on_base_400_with_its_fullest_workshop_cancelled_is_the_fewest() -> None:
    """`base-400` with its fullest workshop (250 people) cancelled: the sessions model
    proves 276 moved (and 2 sessions: the cancelled one and the one moved into its
    room), which the rerun's plan reaches."""
    base = load_instance("instances/rerun/base-400.json")
    previous = load_solution("instances/rerun/base-400-plan.json")
    changed = SCENARIOS["cancel-most-popular"](base, previous, 0)
    model = RerunModel(changed, previous, RerunOptions())
    bound = SessionsModel(model, model.wanted_seats).solve(
        SolveOptions(time_limit=30, workers=2), 30)
    assert bound is not None and bound.proven
    assert bound.changes == 276 * model.changes_per_person + 2


def fewest_changes_on_the_whole_day(instance: Instance, previous: Solution) -> tuple[int, int]:
    """(most seats filled, fewest changes among plans filling that many), proven by
    CP-SAT on the whole-day model, with no sessions model and no choice of sessions."""
    model = RerunModel(instance, previous, RerunOptions())
    outcome = run_stages(model.plan, model.stages()[:2], SolveOptions(time_limit=20, workers=1),
                         clock.monotonic() + 20, "lp")
    assert [r.status for r in outcome.results] == [Status.OPTIMAL, Status.OPTIMAL]
    filled, changes = (r.value for r in outcome.results)
    assert filled is not None and changes is not None
    return filled, changes


def full_day(seed: int) -> Instance:
    """Three rounds, two rooms, six one-session workshops: every slot holds one, so a
    session that cannot stay must swap with another. Nine registrants rank four."""
    import random

    rng = random.Random(seed)
    workshops = [f"W{n}" for n in range(1, 7)]
    rounds = [Round(id=f"r{n}", day=date(2026, 12, 1), start=time(9 + n), end=time(10 + n))
              for n in (1, 2, 3)]
    return Instance(
        rounds=rounds,
        rooms=[Room(id="X", capacity=rng.randint(3, 5)), Room(id="Y", capacity=rng.randint(3, 5))],
        speakers=[Speaker(id=f"s-{w}") for w in workshops],
        workshops=[Workshop(id=w, speakers=[f"s-{w}"]) for w in workshops],
        registrants=[Registrant(id=f"p{n}", ranked=rng.sample(workshops, 4))
                     for n in range(1, 10)],
    )


@pytest.mark.parametrize("seed", range(8))
def test_rerun_with_sessions_moved_matches_the_whole_day_optimum(seed: int) -> None:
    """A speaker drops out of their session's round on a full day: the choice of
    sessions to keep finds the fewest changes of the whole day, and its bound never
    claims more."""
    assert_rerun_moves_as_few_as_the_whole_day(full_day(seed), "speaker-unavailable")


def assert_rerun_moves_as_few_as_the_whole_day(
    instance: Instance, scenario: str, workers: int = 1
) -> None:
    """The rerun of `instance` after `scenario` moves sessions, fills as many seats as
    the whole-day model and proves its fewest changes, with a bound that never claims
    more, and its plan passes the checker."""
    solved = solve(instance, time_limit=10, workers=1, seed=0)
    assert solved.status is Status.OPTIMAL and solved.solution is not None
    changed = SCENARIOS[scenario](instance, solved.solution, 0)
    result = rerun(changed, solved.solution, time_limit=20, workers=workers)
    assert result.solution is not None and not result.sessions_in_place
    filled, changes = fewest_changes_on_the_whole_day(changed, solved.solution)
    fill, moves = result.stages[0], result.stages[1]
    assert fill.value == filled
    assert moves.bound is not None and moves.bound <= changes
    assert moves.status is Status.OPTIMAL and moves.value == changes
    assert check(changed, result.solution) == []


def three_room_day(seed: int) -> Instance:
    """Three rounds, three rooms of 2 to 6 seats, seven workshops that may run once or
    twice, or not at all; ten registrants want two or three seats of four ranked."""
    import random

    rng = random.Random(seed)
    workshops = [f"W{n}" for n in range(1, 8)]
    rounds = [Round(id=f"r{n}", day=date(2026, 12, 1), start=time(9 + n), end=time(10 + n))
              for n in (1, 2, 3)]
    return Instance(
        rounds=rounds,
        rooms=[Room(id="X", capacity=rng.randint(2, 6)), Room(id="Y", capacity=rng.randint(2, 6)),
               Room(id="Z", capacity=rng.randint(2, 4))],
        speakers=[Speaker(id=f"s-{w}") for w in workshops],
        workshops=[Workshop(id=w, speakers=[f"s-{w}"], min_sessions=rng.choice([0, 1]),
                            max_sessions=rng.choice([1, 2])) for w in workshops],
        registrants=[Registrant(id=f"p{n}", ranked=rng.sample(workshops, 4),
                                wanted=rng.choice([2, 3])) for n in range(1, 11)],
    )


@pytest.mark.parametrize("seed", [48, 115, 134])
def test_a_later_choice_of_sessions_beats_the_first(seed: int) -> None:
    """The fullest workshop is cancelled. On seed 115 the sessions model's first choice
    of sessions to keep moves 5 people at best, and the second moves 4: the choices
    after the first, searched only for a plan that beats the best so far, find it."""
    assert_rerun_moves_as_few_as_the_whole_day(three_room_day(seed), "cancel-most-popular")


@pytest.mark.parametrize("seed", [48, 115, 134])
def test_choices_searched_side_by_side_find_the_same_fewest_moves(seed: int) -> None:
    """With two workers, the choices after the first are searched two at a time, one
    solver thread each: the same fewest changes, proven, with a bound that holds."""
    assert_rerun_moves_as_few_as_the_whole_day(
        three_room_day(seed), "cancel-most-popular", workers=2)


def long_session_day(seed: int) -> Instance:
    """`three_room_day` with its last workshop two rounds long: a seat in it fills two
    wanted seats of the registrants who want a seat per round (half of them), and one
    of those who want a number of workshops."""
    day = three_room_day(seed)
    workshops = [w.model_copy(update={"duration": 2}) if w.id == "W7" else w
                 for w in day.workshops]
    people = [r.model_copy(update={"wanted": None}) if n % 2 else r
              for n, r in enumerate(day.registrants)]
    return Instance.model_validate(
        day.model_copy(update={"workshops": workshops, "registrants": people}).model_dump())


@pytest.mark.parametrize("seed", [4, 13, 22, 49, 64])
def test_days_with_a_session_longer_than_a_round_get_a_bound(seed: int) -> None:
    """The fullest workshop is cancelled and sessions must move. The sessions model
    counts a long session's people in each round it covers; the rerun finds the whole
    day's fewest changes, and its bound never claims more. (On seed 49 the bound
    claimed more when a registrant with a two-seat session open was asked, like the
    others, for a cheaper set of one-seat workshops.)"""
    assert_rerun_moves_as_few_as_the_whole_day(long_session_day(seed), "cancel-most-popular")


@pytest.mark.parametrize("seed", [15, 29, 59])
def test_a_plan_found_with_the_moves_capped_keeps_the_rerun_exact(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first choice of sessions is first searched with the moves capped (on days
    large enough for the cap to rule out most moves; here on days where twice the
    bound is below the registrants). The choice is then searched again for a plan that
    beats the capped one: the rerun still finds the whole day's fewest changes, and its
    bound never claims more."""
    import scheduler.rerun as rerun_module

    found = []
    original = rerun_module._plan_with_few_moves

    def spied(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = original(*args, **kwargs)
        found.append(plan is not None)
        return plan

    monkeypatch.setattr(rerun_module, "FEW_MOVES_SHARE", 1.0)
    monkeypatch.setattr(rerun_module, "FEW_MOVES", 1)
    monkeypatch.setattr(rerun_module, "_plan_with_few_moves", spied)
    assert_rerun_moves_as_few_as_the_whole_day(three_room_day(seed), "cancel-most-popular")
    assert found and found[0]


@pytest.mark.parametrize("seed", range(3))
def test_least_max_moves_is_the_least_cap_that_leaves_a_plan(seed: int) -> None:
    """A speaker drops out on a full day: a cap one below `least_max_moves` leaves no
    plan, and the cap itself does."""
    instance = full_day(seed)
    solved = solve(instance, time_limit=10, workers=1, seed=0)
    assert solved.status is Status.OPTIMAL and solved.solution is not None
    changed = SCENARIOS["speaker-unavailable"](instance, solved.solution, 0)
    least = least_max_moves(changed, solved.solution, RerunOptions(), time_limit=10,
                            workers=1)
    assert least is not None and least > 0
    below = rerun(changed, solved.solution, rerun_options=RerunOptions(max_moves=least - 1),
                  time_limit=10, workers=1)
    assert below.status is Status.INFEASIBLE and below.solution is None
    at = rerun(changed, solved.solution, rerun_options=RerunOptions(max_moves=least),
               time_limit=10, workers=1)
    assert at.solution is not None and len(at.moved) <= least
    assert check(changed, at.solution) == []
