"""What a rerun refuses to start from: a published plan that contradicts itself or
belongs to another event; and who it matches when an export lacks e-mail addresses."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_rerun import archives_cancelled, publish, rerun_args, run, three_workshop_day
from test_cli_rerun_export import day
from test_cli_solve import write

from scheduler.check import check
from scheduler.instance_io import load_solution
from scheduler.published_plan import inconsistencies, made_for_another_day, of_other_events
from scheduler.registrant_matching import match_registrants
from scheduler.solution import Solution


def edited(plan: Solution, **changes: object) -> Solution:
    return Solution.model_validate({**plan.model_dump(), **changes})


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Solution]:
    """The three-workshop day's instance file and the plan `solve` wrote for it."""
    instance, solution = publish(tmp_path)
    return instance, load_solution(solution)


def test_a_plan_written_by_solve_is_consistent(published: tuple[Path, Solution]) -> None:
    assert inconsistencies(published[1]) == []


def test_inconsistencies_name_each_contradiction(published: tuple[Path, Solution]) -> None:
    plan = published[1]
    first = plan.sessions[0]
    other = next(s for s in plan.sessions if s.id != first.id)
    anna = next(a for a in plan.assignments if a.registrant == "a1")
    broken = edited(
        plan,
        sessions=[*plan.sessions, first],
        assignments=[*plan.assignments, {"registrant": "a1", "session": "nope-1"},
                     {"registrant": "a1", "session": other.id}],
        wait_lists={"gone-1": ["b1"]},
    )
    assert inconsistencies(broken) == [
        f"session id '{first.id}' is used 2 times",
        f"assignment {len(plan.assignments) + 1} names session 'nope-1', which the plan "
        "does not hold",
        f"registrant 'a1' sits in sessions '{anna.session}' and '{other.id}' in round "
        f"'{first.rounds[0]}'",
        "the wait-lists name 1 session the plan does not hold: 'gone-1'",
    ]


def test_a_plan_of_the_same_day_with_a_workshop_cancelled_is_not_foreign(
    published: tuple[Path, Solution],
) -> None:
    assert made_for_another_day(three_workshop_day(cancelled="A"), published[1]) is None


def test_a_plan_sharing_no_workshop_with_the_day_is_foreign(
    published: tuple[Path, Solution],
) -> None:
    other = day(("a1", "Anna", "anna@example.org"))
    why = made_for_another_day(other, published[1])
    assert why == ("3 of the plan's 3 workshops are not in the day 'day' (it was made for "
                   "'three workshops'): this is another event's plan, or the workshops' ids "
                   "changed (they come from the titles when the workshops sheet has no Id "
                   "column)")


def test_another_event_name_with_most_workshops_gone_is_foreign(
    published: tuple[Path, Solution],
) -> None:
    plan = published[1]
    only_a = three_workshop_day().model_copy(update={"name": "another day"})
    only_a = only_a.model_copy(update={"workshops": only_a.workshops[:1]})
    assert made_for_another_day(only_a, plan) is not None
    # Under its own name the same loss is a changed day: two workshops dropped.
    same_name = only_a.model_copy(update={"name": "three workshops"})
    assert made_for_another_day(same_name, plan) is None


def test_rerun_refuses_a_plan_that_contradicts_itself(
    published: tuple[Path, Solution], tmp_path: Path,
) -> None:
    plan = published[1]
    broken = tmp_path / "broken.json"
    write(broken, edited(plan, sessions=[]))
    out = tmp_path / "rerun"
    result = run(*rerun_args(archives_cancelled(tmp_path), broken, out))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {broken}: the plan contradicts itself: assignment 1 names session ")
    assert f"(and {len(plan.assignments) - 1} more)" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_rerun_refuses_another_events_plan(
    published: tuple[Path, Solution], tmp_path: Path
) -> None:
    other = write(tmp_path / "other.json", day(("a1", "Anna", "anna@example.org")))
    previous = tmp_path / "published" / "solution.json"
    out = tmp_path / "rerun"
    result = run(*rerun_args(other, previous, out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {previous}: 3 of the plan's 3 workshops are "
                                    "not in the day 'day'")
    assert result.stderr.rstrip().endswith("To plan the day afresh, use solve")
    assert not out.exists()


def test_rerun_warns_when_the_published_plan_breaks_a_rule_of_its_own_day(
    published: tuple[Path, Solution], tmp_path: Path
) -> None:
    instance, plan = published
    room_a = next(s for s in plan.sessions if s.workshop == "A")
    overfull = tmp_path / "overfull.json"
    # Cas joins Archives, whose room seats 2: the plan as an organiser edited it by hand.
    write(overfull, edited(plan, assignments=[
        *(a for a in plan.assignments if a.registrant != "c1"),
        {"registrant": "c1", "session": room_a.id}]))
    result = run(*rerun_args(archives_cancelled(tmp_path), overfull, tmp_path / "rerun",
                             "--previous-instance", instance))
    assert result.exit_code == 0, result.output
    assert (f"warning: the published plan breaks 1 rules of the day it was made for "
            f"({instance}), such as: ") in result.stderr
    assert run("check", archives_cancelled(tmp_path),
               tmp_path / "rerun" / "solution.json").exit_code == 0


def test_diff_refuses_plans_of_two_events(
    published: tuple[Path, Solution], tmp_path: Path
) -> None:
    other = write(tmp_path / "other.json", day(("a1", "Anna", "anna@example.org")))
    assert run("solve", other, "--out", tmp_path / "other", "--time-limit", "5",
               "--quiet").exit_code == 0
    old = tmp_path / "published" / "solution.json"
    result = run("diff", old, tmp_path / "other" / "solution.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {old}: 3 of the plan's 3 workshops are not in "
                                    "the other plan")
    assert of_other_events(published[1], published[1]) is None


def test_the_checker_reads_the_wait_lists(published: tuple[Path, Solution]) -> None:
    instance = three_workshop_day()
    plan = published[1]
    seat = plan.assignments[0]
    broken = edited(plan, wait_lists={
        "gone-1": ["a1"], seat.session: ["nobody", seat.registrant]})
    assert [str(v) for v in check(instance, broken)] == [
        "the wait-lists name unknown session 'gone-1'",
        f"the wait-list of session '{seat.session}' names unknown registrant 'nobody'",
        f"registrant '{seat.registrant}' waits for session '{seat.session}', where they "
        "have a seat",
    ]


def test_a_blank_address_on_one_side_is_matched_by_name() -> None:
    published = day(("r-001", "Anna", "anna@x.org"), ("r-002", "Bram", ""),
                    ("r-003", "Cas", "cas@x.org"))
    # Anna's address cell left blank; Bram gave one; Cas's row gone.
    export = day(("r-001", "Bram", "bram@x.org"), ("r-002", "Anna", ""))
    matched, matching = match_registrants(export, published)
    assert [(r.name, r.id) for r in matched.registrants] == [("Bram", "r-002"),
                                                            ("Anna", "r-001")]
    assert (matching.matched, matching.new, matching.gone) == (2, [], ["r-003"])
    assert matching.by_name == 2
    assert matching.lines()[1] == ("  2 of them by name alone, their e-mail address missing "
                                   "on one side: check that they are the same people")


def test_an_export_without_addresses_is_matched_by_name() -> None:
    published = day(*[(f"r-00{n}", name, f"{name.lower()}@x.org")
                      for n, name in enumerate(["Anna", "Bram", "Cas"], start=1)])
    export = day(("r-001", "Cas", ""), ("r-002", "Anna", ""), ("r-003", "Bram", ""))
    matched, matching = match_registrants(export, published)
    assert [r.id for r in matched.registrants] == ["r-003", "r-001", "r-002"]
    assert matching.matched == 3


def test_a_name_is_no_match_between_two_addresses_or_among_namesakes() -> None:
    published = day(("p1", "Anna", "anna@x.org"), ("p2", "Jan", ""), ("p3", "Jan", ""))
    export = day(("n1", "Anna", "anna.b@y.org"), ("n2", "Jan", "jan@x.org"))
    matched, matching = match_registrants(export, published)
    assert matching.matched == 0
    assert not {r.id for r in matched.registrants} & {"p1", "p2", "p3"}


def test_people_sharing_an_address_keep_their_ids_by_name() -> None:
    """A family's or an office's address, on two registrations."""
    published = day(("r-001", "Anna de Vries", "thuis@x.org"),
                    ("r-002", "Bram de Vries", "thuis@x.org"), ("r-003", "Cas", "cas@x.org"))
    export = day(("r-001", "Bram de Vries", "thuis@x.org"),
                 ("r-002", "Anna de Vries", "THUIS@x.org"), ("r-003", "Kas", "cas@x.org"))
    matched, matching = match_registrants(export, published)
    assert [r.id for r in matched.registrants] == ["r-002", "r-001", "r-003"]
    assert (matching.matched, matching.by_name, matching.gone) == (3, 0, [])


def test_rerun_warns_when_a_workshop_may_have_been_renamed(
    published: tuple[Path, Solution], tmp_path: Path
) -> None:
    instance, _ = published
    day = three_workshop_day()
    renamed = day.model_copy(update={"workshops": [
        w.model_copy(update={"id": "A2", "title": "Archiving"}) if w.id == "A" else w
        for w in day.workshops]})
    changed = write(tmp_path / "renamed.json", renamed.model_copy(update={"registrants": [
        r.model_copy(update={"ranked": ["A2" if c == "A" else c for c in r.ranked]})
        for r in renamed.registrants]}))
    result = run(*rerun_args(changed, tmp_path / "published", tmp_path / "rerun",
                             "--previous-instance", instance))
    assert result.exit_code == 0, result.output
    assert ("warning: published workshops are gone ('Archives' (id A)) and new ones appear "
            "('Archiving'); if one was renamed, give the workshops sheet an Id column with "
            "its published id, or its people are told it was cancelled") in result.stderr
