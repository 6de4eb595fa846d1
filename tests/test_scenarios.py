"""Each kind of change on the example congress day: a valid plan, the fewest moves proven."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.check import check
from scheduler.diff import diff_solutions
from scheduler.instance_io import load_instance
from scheduler.model import Instance
from scheduler.rerun import forced_to_change, published_programmes, rerun
from scheduler.scenarios import SCENARIOS
from scheduler.solution import SessionPlan, Solution
from scheduler.solve import Status, solve

EXAMPLE = Path(__file__).parent.parent / "instances" / "examples" / "dag-van-weerbaar-bestuur.json"


@pytest.fixture(scope="module")
def published():
    instance = load_instance(EXAMPLE)
    result = solve(instance, time_limit=30, workers=2, seed=0)
    assert result.status is Status.OPTIMAL
    return instance, result.solution


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_rerun_after_change_is_valid_and_moves_the_proven_fewest(published, name) -> None:
    instance, previous = published
    changed = SCENARIOS[name](instance, previous, 0)
    assert changed != instance
    result = rerun(changed, previous, time_limit=60, workers=2)
    assert result.status is Status.OPTIMAL
    assert check(changed, result.solution) == []
    assert len(result.moved) == result.moves_bound
    # The seats it says went out of wait-list order are those counted apart from the
    # model; who is moved, or forced out of their programme, holds back nobody.
    forced = forced_to_change(changed, previous, published_programmes(changed, previous))
    counted = [p for p in out_of_line(changed, previous, result.solution)
               if p not in forced and p not in result.moved]
    assert result.stages[2].value == len(counted)
    # Everyone the change list names is accounted for: moved, promoted, placed or gone.
    named = {c.registrant for c in diff_solutions(previous, result.solution, changed)}
    gone = {r.id for r in instance.registrants} - {r.id for r in changed.registrants}
    assert named == set(result.moved) | set(result.improved) | set(result.newly_placed) | (
        gone & {a.registrant for a in previous.assignments}
    )


def test_withdrawals_move_nobody(published) -> None:
    """Seats only free up: nobody has to move, though some may be promoted."""
    instance, previous = published
    result = rerun(SCENARIOS["withdrawals"](instance, previous, 0), previous,
                   time_limit=60, workers=2)
    assert result.moved == [] and result.sessions_moved == 0


def test_seats_freed_by_withdrawals_go_in_wait_list_order(published) -> None:
    """Counted apart from the model: nobody takes a seat in a workshop while someone
    ahead of them in the published line of one of its sessions has no seat in it and
    nothing as good in that session's rounds."""
    instance, previous = published
    changed = SCENARIOS["withdrawals"](instance, previous, 0)
    result = rerun(changed, previous, time_limit=60, workers=2)
    assert result.improved, "no promotion: the line is not put to the test"
    assert out_of_line(changed, previous, result.solution) == []


def out_of_line(instance: Instance, previous: Solution, solution: Solution) -> list[str]:
    """Who sits in the workshop of a published line behind someone still waiting, per
    line (newcomers stand behind each line; who no longer ranks it leaves it)."""
    now: dict[str, list[SessionPlan]] = {}
    sessions = {s.id: s for s in solution.sessions}
    for a in solution.assignments:
        now.setdefault(a.registrant, []).append(sessions[a.session])
    published = {s.id: s for s in previous.sessions}
    known = {a.registrant for a in previous.assignments}
    newcomers = [r.id for r in instance.registrants if r.id not in known]
    skipped = []
    for session_id, line in previous.wait_lists.items():
        waited = published[session_id]
        waiting = False
        for registrant_id in [*line, *(n for n in newcomers if n not in line)]:
            registrant = instance.registrant_by_id.get(registrant_id)
            rank = registrant.choice_rank(waited.workshop, waited.rounds[0]) \
                if registrant else None
            if registrant is None or (rank is None and registrant_id in line):
                continue
            seats = now.get(registrant_id, [])
            inside = any(s.workshop == waited.workshop for s in seats)
            if inside and waiting:
                skipped.append(registrant_id)
            if registrant_id not in line:
                continue
            as_good = inside or any(
                set(s.rounds) & set(waited.rounds)
                and (r := registrant.choice_rank(s.workshop, s.rounds[0])) is not None
                and rank is not None and r <= rank
                for s in seats
            )
            waiting = waiting or not as_good
    return skipped


def test_cancelling_the_most_popular_workshop_moves_at_least_its_people(published) -> None:
    instance, previous = published
    changed = SCENARIOS["cancel-most-popular"](instance, previous, 0)
    cancelled = next(w.id for w in changed.workshops if w.cancelled)
    attendees = {
        a.registrant for a in previous.assignments
        if next(s.workshop for s in previous.sessions if s.id == a.session) == cancelled
    }
    result = rerun(changed, previous, time_limit=60, workers=2)
    changed_people = set(result.moved) | set(result.improved)
    assert attendees <= changed_people
