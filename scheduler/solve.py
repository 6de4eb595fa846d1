"""One entry point: `solve(instance, ...)` returns a `Result` with a plan, or why none.

When sessions still have to be placed, the search runs in three steps, because CP-SAT's
neighbourhood search is good at moving sessions and its LP-based search is good at
proving assignments optimal, but neither does both well on two cores:

0. a placement by rule of thumb (`greedy_placement`), seated by the assignment LP: on
   large days a far better start than CP-SAT's own first placements;
1. the whole model, briefly, for a first placement, starting from step 0's plan;
2. the assignment on that placement, to optimality: by its LP relaxation when that is
   integral (`scheduler.assignment_lp`), else with CP-SAT's LP-based search;
3. the whole model again, starting from that plan, with the objective the settings ask
   for (a fairness rule runs as a sequence of stages).

Bounds come from the whole-model steps and from `flow_bound`; the plan returned is the
best of all steps.

When every session is pinned, only the assignment is left: its LP relaxation is solved
first, and an integral optimum is returned as it is, proven optimal by the LP's bound.
Otherwise the LP gives a bound, a start, and the registrants it settled, whom a small
CP-SAT model keeps in place while it seats the rest; the full model comes last, only if
that does not meet the bound.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from scheduler.assignment_lp import LpAssignment, solve_assignment_lp
from scheduler.check import check, evaluate
from scheduler.costs import total_cost as plan_cost
from scheduler.flow_bound import flow_bound
from scheduler.free_seats import fill_free_seats
from scheduler.greedy_placement import greedy_placement
from scheduler.model import Fairness, Instance, Policy
from scheduler.objectives import Stage, stages, total_cost
from scheduler.plan_model import (
    PlanModel,
    pinned_placement,
    placement_is_fixed,
    placement_of,
)
from scheduler.search import (
    Progress,
    ProgressCallback,
    SolveOptions,
    StageResult,
    StagesOutcome,
    Status,
    run_stages,
)
from scheduler.solution import Solution
from scheduler.waitlist import with_wait_lists

__all__ = ["Progress", "Result", "SolveOptions", "StageResult", "Status", "solve"]

# Above this many (registrant, session) pairs, unchosen seats in poolable sessions come
# from a pool per round instead of one variable each (see `scheduler.variables`).
POOL_ABOVE_SEATS = 100_000

# On a fixed placement the assignment LP is tried when it is expected to take at most
# LP_TRY_SHARE of the time limit, and may take up to ASSIGNMENT_LP_SHARE. It either
# proves the optimum or, on a large day, leaves too little time for CP-SAT to find any
# plan; so a day too large for the LP in the time given goes to CP-SAT alone.
LP_TRY_SHARE = 0.75
ASSIGNMENT_LP_SHARE = 0.9


def expected_lp_seconds(instance: Instance) -> float:
    """A rough forecast of GLOP's time on the assignment LP, from the benchmark machine
    (2 cores): about 1 s at 1,000 registrants x 5 rounds, 50 s at 10,000 x 6, growing
    as (registrants x rounds) ** 1.6 in between."""
    return (len(instance.registrants) * len(instance.rounds) / 5000) ** 1.6


def lp_fits(instance: Instance, seconds: float) -> bool:
    """Whether the assignment LP is worth trying with `seconds` to spare."""
    return expected_lp_seconds(instance) <= LP_TRY_SHARE * seconds


# Shares of the time limit for steps 1 and 2 of a solve that places sessions, and for
# the rule-of-thumb placement beside them.
GREEDY_SHARE = 0.2
# As a start for the first placement, the rule of thumb helps from a few hundred
# registrants on (joint-2000: a plan of 56,856 where CP-SAT's own first placements left
# seats empty); on small days CP-SAT places better by itself (joint-200: 993 against
# the rule of thumb's 1,372), and the rule of thumb's plan is only weighed after it.
GREEDY_FROM_REGISTRANTS = 400
FIRST_PLACEMENT_SHARE = 0.25
ASSIGNMENT_SHARE = 0.25


@dataclass(frozen=True)
class Result:
    status: Status
    solution: Solution | None
    objective: int | None
    """The total cost (`objectives.total_cost`) of the plan returned."""
    bound: int | None
    """A proven lower bound on the total cost (for the `sum` fairness rule only)."""
    wall_time_s: float
    build_time_s: float
    policy: Policy
    fairness: Fairness
    stages: list[StageResult] = field(default_factory=list)
    interrupted: bool = False
    improved_over_first_come: int | None = None
    """With `first-come-floor`: how many registrants did better than under `first-come`."""
    reason: str = ""
    """Why there is no plan, when the cause is known and more time would not help."""

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(1, abs(self.objective))

    def summary(self) -> str:
        parts = [f"status {self.status}"]
        if self.objective is not None:
            parts.append(f"objective {self.objective}")
        if self.bound is not None:
            parts.append(f"bound {self.bound}")
        if self.gap is not None:
            parts.append(f"gap {self.gap:.2%}")
        parts.append(f"{self.wall_time_s:.2f} s")
        if self.interrupted:
            parts.append("interrupted")
        return ", ".join(parts)


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    policy: Policy | None = None,
    fairness: Fairness | None = None,
    hint: Solution | None = None,
    log: bool = False,
    on_progress: ProgressCallback | None = None,
    interrupt: threading.Event | None = None,
) -> Result:
    """Plan `instance`: place sessions, assign registrants, optimise per the settings.

    `policy` and `fairness` override the instance's settings. `time_limit` (seconds)
    covers the whole call. `hint` is a plan to start from.
    """
    from scheduler.policies import solve_with_policy

    options = SolveOptions(time_limit, workers, seed, log, on_progress, interrupt)
    result = solve_with_policy(
        instance,
        policy or instance.settings.policy,
        fairness or instance.settings.fairness,
        options,
        hint,
    )
    if result.policy == "optimal" and result.status != Status.OPTIMAL:
        result = _with_free_seats_filled(instance, result)
    if result.solution is None:
        return result
    return replace(result, solution=with_wait_lists(instance, result.solution))


def _with_free_seats_filled(instance: Instance, result: Result) -> Result:
    """The result with free seats given to registrants who still have a wanted seat
    empty (`fill_free_seats`): a search stopped by its limit can leave such seats."""
    if result.solution is None:
        return result
    filled = fill_free_seats(instance, result.solution)
    if filled is result.solution:
        return result
    objective = plan_cost(instance, filled)
    status = Status.OPTIMAL if result.bound is not None and objective <= result.bound \
        else result.status
    return replace(result, solution=filled, objective=objective, status=status)


ExtraRules = Callable[[PlanModel], None]


def solve_optimal(
    instance: Instance,
    fairness: Fairness,
    options: SolveOptions,
    hint: Solution | None = None,
    extra_rules: ExtraRules | None = None,
    policy: Policy = "optimal",
) -> Result:
    """The objective of the settings, with optional extra rules on top of the hard ones.

    Pool seats the repair cannot place (rare: it takes audiences or needs that leave
    few sessions open) make their registrants' unchosen seats explicit for another try.
    """
    started = time.monotonic()
    pooled = pooled_registrants(instance, options.pool)
    while True:
        result, failures = _solve_once(
            instance, fairness, options, started, hint, extra_rules, policy, pooled
        )
        if not failures or options.interrupted() or time.monotonic() > started + (
            options.time_limit
        ):
            return result
        pooled = pooled - failures
        hint = result.solution or hint


def pooled_registrants(instance: Instance, pool: bool | None) -> frozenset[str]:
    """Whose unchosen seats come from the pool: everyone's on large instances (or when
    asked), nobody's on small ones, where naming every seat costs little."""
    if not instance.settings.place_unchosen or pool is False:
        return frozenset()
    if pool is None:
        sessions = sum(max(1, w.max_sessions) for w in instance.workshops)
        if len(instance.registrants) * sessions < POOL_ABOVE_SEATS:
            return frozenset()
    return frozenset(r.id for r in instance.registrants)


def _solve_once(
    instance: Instance,
    fairness: Fairness,
    options: SolveOptions,
    started: float,
    hint: Solution | None,
    extra_rules: ExtraRules | None,
    policy: Policy,
    pooled: frozenset[str],
) -> tuple[Result, set[str]]:
    deadline = started + options.time_limit
    fixed = pinned_placement(instance) if placement_is_fixed(instance) else None
    bounds: list[int] = []
    lp = None
    if fixed is not None and fairness == "sum" and extra_rules is None and (
        not options.interrupted() and lp_fits(instance, options.time_limit)
    ):
        lp = solve_assignment_lp(instance, fixed, bool(pooled),
                                 options.time_limit * ASSIGNMENT_LP_SHARE)
        if lp.bound is not None:
            bounds.append(lp.bound)
        if _proven_by(lp, lp.solution, instance):
            return _lp_result(lp, lp.solution, started, policy), set()
        hint = lp.hint or hint
        if lp.hint is not None:
            # Before the full model is built: when this meets the bound, it is not needed.
            finished = _finish_lp_plan(instance, fixed, pooled, lp, options, deadline)
            if _proven_by(lp, finished, instance):
                return _lp_result(lp, finished, started, policy), set()
            hint = finished or hint
    build_started = time.monotonic()
    plan = _new_plan(instance, extra_rules, fixed, pooled)
    build_time = time.monotonic() - build_started + (lp.build_time_s if lp else 0.0)
    stage_list = stages(plan.vars, fairness)

    best: Solution | None = None  # only plans found here; a hint may break the rules
    if fixed is not None:
        outcome = run_stages(plan, stage_list, options, deadline, "lp", hint)
    else:
        if fairness == "sum":
            relaxed = flow_bound(instance)
            if relaxed is not None:
                bounds.append(relaxed)
        warm = _warm_start(instance, plan, options, started, hint, extra_rules, pooled)
        bounds += warm.bounds
        if warm.infeasible or (warm.proven and fairness == "sum"):
            outcome = warm.outcome
        elif options.interrupted():
            # Keep the better of the two warm-start plans; there is no time for step 3.
            outcome = replace(warm.outcome, solution=warm.best)
        else:
            best = warm.best
            outcome = run_stages(plan, stage_list, options, deadline, "portfolio", best)

    solution = outcome.solution
    if fairness == "sum" and outcome.results and outcome.results[-1].bound is not None:
        bounds.append(outcome.results[-1].bound)
    if fairness == "sum" and best is not None and (
        solution is None or plan.total_cost_of(best) < plan.total_cost_of(solution)
    ):
        solution = best
    objective = None if solution is None else plan.total_cost_of(solution)
    # No cost is negative, so 0 bounds every plan; an LP stopped early can report less.
    bound = max(0, *bounds) if bounds and fairness == "sum" else None
    status = _overall_status(outcome.results, solution, objective, bound)
    result = Result(
        status=status,
        solution=solution,
        objective=objective,
        bound=bound,
        wall_time_s=time.monotonic() - started,
        build_time_s=build_time,
        policy=policy,
        fairness=fairness,
        stages=outcome.results,
        interrupted=outcome.interrupted,
    )
    return result, plan.pool_failures


def _finish_lp_plan(
    instance: Instance,
    placement: dict[tuple[str, str], str],
    pooled: frozenset[str],
    lp: LpAssignment,
    options: SolveOptions,
    deadline: float,
) -> Solution | None:
    """The best plan that keeps every registrant the LP settled where it put them: a
    small model (only the registrants with fractional seats are free), and its plan often
    meets the LP bound."""
    plan = PlanModel(instance, placement, pooled)
    for (p, w, r), value in lp.settled.items():
        var = plan.vars.pool.get((p, r)) if w is None else plan.vars.seat.get((p, w, r))
        if var is not None:
            plan.model.add(var == int(value))
        elif value:
            return None  # the LP took a seat this model does not have; nothing to fix
    rounding = Stage("LP rounding", "min", total_cost(plan.vars), one_placement=True)
    outcome = run_stages(plan, [rounding],
                         options, min(deadline, time.monotonic() + options.time_limit / 4),
                         "lp", lp.hint, fix_reached=False)
    return outcome.solution


def _proven_by(lp: LpAssignment, solution: Solution | None, instance: Instance) -> bool:
    """Whether `solution` passes the checker and costs the LP's bound: then it is
    optimal."""
    return solution is not None and not check(instance, solution) and (
        evaluate(instance, solution).objective == lp.bound
    )


def _lp_result(lp: LpAssignment, solution: Solution, started: float, policy: Policy) -> Result:
    """The LP's integral optimum: its value equals the bound, so it is proven optimal."""
    return Result(
        status=Status.OPTIMAL,
        solution=solution,
        objective=lp.bound,
        bound=lp.bound,
        wall_time_s=time.monotonic() - started,
        build_time_s=lp.build_time_s,
        policy=policy,
        fairness="sum",
        stages=[StageResult("assignment LP", Status.OPTIMAL, lp.bound, lp.bound)],
    )


def _new_plan(
    instance: Instance,
    extra_rules: ExtraRules | None,
    placement: dict[tuple[str, str], str] | None = None,
    pooled: frozenset[str] = frozenset(),
) -> PlanModel:
    plan = PlanModel(instance, placement, pooled)
    if extra_rules is not None:
        extra_rules(plan)
    return plan


@dataclass
class _WarmStart:
    outcome: StagesOutcome
    best: Solution | None
    bounds: list[int]
    infeasible: bool = False
    proven: bool = False


def _warm_start(
    instance: Instance,
    plan: PlanModel,
    options: SolveOptions,
    started: float,
    hint: Solution | None,
    extra_rules: ExtraRules | None,
    pooled: frozenset[str],
) -> _WarmStart:
    """Steps 1 and 2: a first placement, then the best assignment on it; and, beside
    them, the rule-of-thumb placement (`greedy_placement`) with its best assignment."""
    greedy = None
    if extra_rules is None and len(instance.registrants) >= GREEDY_FROM_REGISTRANTS:
        # From now, not from the start: on a large day the model build took its share.
        greedy = _greedy_plan(instance, pooled, options,
                              time.monotonic() + options.time_limit * GREEDY_SHARE)
    cost = [Stage("first placement", "min", total_cost(plan.vars))]
    first = run_stages(
        plan, cost, options, started + options.time_limit * FIRST_PLACEMENT_SHARE,
        "lp", hint or greedy, fix_reached=False,
    )
    result = first.results[0]
    warm = _WarmStart(first, first.solution, [result.bound] if result.bound is not None else [])
    warm.infeasible = result.status is Status.INFEASIBLE
    warm.proven = result.status is Status.OPTIMAL
    if greedy is None and extra_rules is None and not (warm.infeasible or warm.proven):
        # On a small day the rule of thumb is no start for CP-SAT's first placement, but
        # it can still be the better plan: on the ranked-choice example day the first
        # placement found nothing in its 2.5 s of a 10 s limit, and the search after it
        # ended with seats empty (2,055,198) where the rule of thumb's plan costs 4,364.
        # Twice its usual share: it took 1.9 s of the 2 s at 10 s.
        greedy = _greedy_plan(instance, pooled, options,
                              time.monotonic() + options.time_limit * 2 * GREEDY_SHARE)
    if greedy is not None and (
        warm.best is None or plan.total_cost_of(greedy) < plan.total_cost_of(warm.best)
    ):
        warm.best = greedy
    if first.solution is None or warm.proven:
        return warm
    placement = placement_of(first.solution)
    deadline = started + options.time_limit * (FIRST_PLACEMENT_SHARE + ASSIGNMENT_SHARE)
    assigned = None
    if extra_rules is None and lp_fits(instance, deadline - time.monotonic()):
        lp = solve_assignment_lp(instance, placement, bool(pooled), deadline - time.monotonic())
        if lp.solution is not None and not check(instance, lp.solution):
            assigned = lp.solution
    if assigned is None and time.monotonic() < deadline:
        assignment = _new_plan(instance, extra_rules, placement, pooled)
        assigned = run_stages(
            assignment,
            [Stage("assignment", "min", total_cost(assignment.vars), one_placement=True)],
            options,
            deadline,
            "lp",
            first.solution,
            fix_reached=False,
        ).solution
    if assigned is not None and plan.total_cost_of(assigned) < plan.total_cost_of(warm.best):
        warm.best = assigned
    return warm


def _greedy_plan(
    instance: Instance, pooled: frozenset[str], options: SolveOptions, deadline: float
) -> Solution | None:
    """The best assignment on the rule-of-thumb placement, if the checker accepts it."""
    if options.interrupted():
        return None
    placement = greedy_placement(instance)
    if not placement or not lp_fits(instance, deadline - time.monotonic()):
        return None
    lp = solve_assignment_lp(instance, placement, bool(pooled), deadline - time.monotonic())
    solution = lp.solution
    if solution is None and lp.hint is not None:
        solution = _finish_lp_plan(instance, placement, pooled, lp, options, deadline)
    if solution is None or check(instance, solution):
        return None
    return solution


def _overall_status(
    stage_results: list[StageResult],
    solution: Solution | None,
    objective: int | None,
    bound: int | None,
) -> Status:
    if solution is None:
        if stage_results and stage_results[0].status is Status.INFEASIBLE:
            return Status.INFEASIBLE
        return Status.UNKNOWN
    if bound is not None and objective is not None and objective <= bound:
        return Status.OPTIMAL
    if stage_results and all(s.status is Status.OPTIMAL for s in stage_results):
        return Status.OPTIMAL
    return Status.FEASIBLE
