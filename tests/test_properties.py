"""Properties that hold for every small instance: plans pass the checker, JSON is lossless."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from strategies import small_instances

from scheduler.instance_io import dump_json
from scheduler.model import Instance


@settings(max_examples=40, deadline=None)
@given(small_instances())
def test_json_round_trip_is_lossless(instance: Instance) -> None:
    assert Instance.model_validate_json(dump_json(instance)) == instance


@settings(max_examples=40, deadline=None)
@given(small_instances())
def test_dumped_json_is_stable(instance: Instance) -> None:
    text = dump_json(instance)
    assert dump_json(Instance.model_validate_json(text)) == text


@pytest.fixture(scope="module")
def solver():
    try:
        from scheduler.check import check, evaluate
        from scheduler.solve import solve
    except ImportError as exc:
        pytest.skip(f"solver or checker not available yet: {exc}")
    return solve, check, evaluate


@settings(max_examples=40, deadline=None)
@given(instance=small_instances())
def test_solved_plans_pass_the_checker(solver, instance: Instance) -> None:
    solve, check, evaluate = solver
    result = solve(instance, time_limit=10, workers=1, seed=0)
    status = result.status.value
    event(f"status {status}, fairness {instance.settings.fairness}")
    # These instances are tiny: running out of time means the model is wrong, not slow.
    assert status != "UNKNOWN"
    if status == "INFEASIBLE":
        return
    assert status in ("OPTIMAL", "FEASIBLE")
    assert check(instance, result.solution) == []
    if instance.settings.fairness == "sum":
        assert evaluate(instance, result.solution).objective == result.objective
