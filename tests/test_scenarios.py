"""Each kind of change on the example congress day: a valid plan, the fewest moves proven."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.check import check
from scheduler.diff import diff_solutions
from scheduler.instance_io import load_instance
from scheduler.rerun import rerun
from scheduler.scenarios import SCENARIOS
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
