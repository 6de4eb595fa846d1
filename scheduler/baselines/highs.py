"""The assignment integer program (`scheduler.assignment_program`) solved by HiGHS, and
its LP relaxation."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import numpy as np

from scheduler.assignment_program import assignment_program
from scheduler.baselines.common import (
    BaselineResult,
    Placement,
    not_applicable,
    solution_from_seats,
)
from scheduler.check import evaluate
from scheduler.model import Instance

# Above this many (registrant, session) pairs the LP bound is taken on the pooled
# relaxation: a weaker but valid bound, on a model small enough to solve in minutes.
LP_POOL_ABOVE_PAIRS = 500_000

# HiGHS statuses by name, so that this module imports without highspy installed.
_STATUS = {"kOptimal": "OPTIMAL", "kInfeasible": "INFEASIBLE", "kTimeLimit": "TIME_LIMIT",
           "kInterrupt": "TIME_LIMIT", "kUnboundedOrInfeasible": "INFEASIBLE"}


def highspy_problem() -> str | None:
    """Why highspy cannot run in this process; None when it can."""
    if "ortools" in sys.modules:
        return ("OR-Tools is loaded in this process, and it cannot share one with highspy "
                "(both bring HiGHS); run HiGHS in its own process, as `bench` does")
    try:
        import highspy  # noqa: F401
    except ImportError as exc:
        return f"highspy cannot be loaded ({exc}); pip install '.[bench]'"
    return None


@dataclass
class _Run:
    status: str
    value: float | None
    """The solver's objective (offset included)."""
    bound: float | None
    taken: list[tuple[str, str, str]]
    """Seats at 1 in the solution (integer program only)."""
    build_time_s: float


def _solve(instance: Instance, placement: Placement, time_limit: float, workers: int,
           relax: bool, pooled: bool = False) -> _Run:
    import highspy

    started = time.monotonic()
    program = assignment_program(instance, placement, pooled)
    if program.missing:
        return _Run("INFEASIBLE", None, None, [], time.monotonic() - started)
    n = len(program.columns)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = program.rows
    lp.col_cost_ = program.cost
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.array(program.lower)
    lp.row_upper_ = np.array(program.upper)
    lp.offset_ = program.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(program.start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(program.index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(program.index))
    if not relax:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("time_limit", float(max(0.01, time_limit - (time.monotonic() - started))))
    h.setOptionValue("threads", int(workers))
    h.setOptionValue("random_seed", 0)
    if relax and pooled:
        # Interior point (then crossover to an exact vertex): 21 s against 48 s for dual
        # simplex on the pooled LP of 10,000 registrants.
        h.setOptionValue("solver", "ipm")
    # The objective is an integer: a gap below 1 proves optimality, whatever the offset.
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    h.passModel(lp)
    build = time.monotonic() - started
    h.run()
    status = _STATUS.get(h.getModelStatus().name, "UNKNOWN")
    info = h.getInfo()
    values = np.asarray(h.getSolution().col_value) if n else np.zeros(0)
    has_solution = info.primal_solution_status == 2 and len(values) == n
    value = info.objective_function_value if has_solution else None
    if relax:
        return _Run(status, value, value if status == "OPTIMAL" else None, [], build)
    if status == "TIME_LIMIT":
        status = "FEASIBLE" if has_solution else "UNKNOWN"
    columns = program.columns
    taken = [(columns[j].registrant, columns[j].workshop or "", columns[j].round)
             for j in np.flatnonzero(values > 0.5)] if has_solution else []
    return _Run(status, value, info.mip_dual_bound, taken, build)


def highs_baseline(
    instance: Instance, placement: Placement, time_limit: float = 60.0, workers: int = 1
) -> BaselineResult:
    """The assignment integer program, solved by HiGHS within `time_limit` seconds."""
    why = highspy_problem()
    if why:
        return not_applicable("highs", why)
    started = time.monotonic()
    run = _solve(instance, placement, time_limit, workers, relax=False)
    if run.value is None:
        return BaselineResult("highs", run.status, None, time.monotonic() - started,
                              run.build_time_s, run.bound)
    solution = solution_from_seats(instance, placement, run.taken)
    wall = time.monotonic() - started
    objective = evaluate(instance, solution).objective
    return BaselineResult("highs", run.status, objective, wall, run.build_time_s, run.bound,
                          solution, note=f"HiGHS objective {run.value:.1f}")


def lp_bound_baseline(
    instance: Instance, placement: Placement, time_limit: float = 60.0, workers: int = 1
) -> BaselineResult:
    """The LP relaxation's optimum: no plan on this placement costs less."""
    why = highspy_problem()
    if why:
        return not_applicable("lp-bound", why)
    started = time.monotonic()
    pairs = len(instance.registrants) * len(placement)
    pooled = pairs > LP_POOL_ABOVE_PAIRS and instance.settings.place_unchosen
    run = _solve(instance, placement, time_limit, workers, relax=True, pooled=pooled)
    note = "LP of the pooled relaxation (unchosen seats pooled per round)" if pooled else ""
    return BaselineResult("lp-bound", run.status, None, time.monotonic() - started,
                          run.build_time_s, run.bound, note=note)
