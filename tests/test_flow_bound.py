"""The flow bound on placement and assignment together never exceeds the optimum."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from strategies import small_instances
from test_assignment_lp import TINY

from scheduler.flow_bound import flow_bound
from scheduler.instance_io import load_instance
from scheduler.solve import Status, solve


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_flow_bound_never_exceeds_the_optimum(instance) -> None:
    bound = flow_bound(instance)
    assume(bound is not None)
    result = solve(instance, time_limit=10)
    assume(result.status is Status.OPTIMAL)
    assert bound <= result.objective


def test_flow_bound_on_the_tiny_joint_day_is_its_optimum() -> None:
    # Optimum 7 (instances/tiny/README.md): there, capacity alone decides the cost.
    assert flow_bound(load_instance(TINY / "joint.json")) == 7
