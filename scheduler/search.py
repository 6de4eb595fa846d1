"""Running CP-SAT: solver settings, stages, progress reports and interruption."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ortools.sat.python import cp_model

from scheduler.objectives import Stage
from scheduler.plan_model import PlanModel
from scheduler.solution import Solution


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


@dataclass(frozen=True)
class Progress:
    """A new best plan during the search."""

    stage: str
    objective: float
    bound: float
    wall_time_s: float


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class StageResult:
    name: str
    status: Status
    value: int | None
    bound: int | None


@dataclass
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    on_progress: ProgressCallback | None = None
    interrupt: threading.Event | None = None
    """Set it (from a signal handler, say) to stop the search and keep the best plan."""
    pool: bool | None = None
    """Draw unchosen seats from a pool per round: None decides by the instance's size."""

    def interrupted(self) -> bool:
        return self.interrupt is not None and self.interrupt.is_set()


Search = Literal["portfolio", "lp"]
"""`portfolio`: CP-SAT's default mix, whose neighbourhood search is what moves sessions
between rounds and rooms. `lp`: two full-model workers that lean on the LP relaxation,
which proves assignment models (sessions fixed) optimal many times faster: on the
ranked-choice example, 2.8 s instead of no proof in 20 s."""


def new_solver(options: SolveOptions, time_left: float, search: Search) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_left)
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.log_search_progress = options.log
    if search == "lp":
        params.subsolvers.extend(["max_lp", "default_lp"][: max(1, options.workers)])
    return solver


class _ProgressReporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, on_progress: ProgressCallback, started: float) -> None:
        super().__init__()
        self._stage = stage
        self._on_progress = on_progress
        self._started = started

    def on_solution_callback(self) -> None:
        self._on_progress(
            Progress(self._stage, self.objective_value, self.best_objective_bound,
                     time.monotonic() - self._started)
        )


@dataclass
class StagesOutcome:
    solution: Solution | None
    results: list[StageResult]
    interrupted: bool


def run_stages(
    plan: PlanModel,
    stages: list[Stage],
    options: SolveOptions,
    deadline: float,
    search: Search,
    hint: Solution | None = None,
    fix_reached: bool = True,
) -> StagesOutcome:
    """Solve each stage in turn; fix each one's value before the next.

    Stops at the first stage that is not proven optimal: what it reached cannot be
    fixed, so later stages would rank plans on a wrong basis.
    """
    results: list[StageResult] = []
    solution: Solution | None = None
    for stage in stages:
        start_from = solution or hint
        if start_from is not None:
            plan.hint(start_from)
        if stage.sense == "min":
            plan.model.minimize(stage.expr)
        else:
            plan.model.maximize(stage.expr)
        solver = new_solver(options, deadline - time.monotonic(), search)
        callback = (
            _ProgressReporter(stage.name, options.on_progress, deadline - options.time_limit)
            if options.on_progress else None
        )
        status = _STATUS.get(_solve_interruptibly(solver, plan.model, callback, options),
                             Status.UNKNOWN)
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            solution = plan.to_solution(solver)
            results.append(StageResult(stage.name, status, round(solver.objective_value),
                                       round(solver.best_objective_bound)))
        else:
            results.append(StageResult(stage.name, status, None, None))
        if status is not Status.OPTIMAL or options.interrupted() or not fix_reached:
            break
        # Later stages may not give up what this one reached.
        if stage.sense == "min":
            plan.model.add(stage.expr <= results[-1].value)
        else:
            plan.model.add(stage.expr >= results[-1].value)
    return StagesOutcome(solution, results, options.interrupted())


def _solve_interruptibly(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None,
    options: SolveOptions,
) -> int:
    interrupt = options.interrupt
    if interrupt is None:
        return solver.solve(model, callback)
    if interrupt.is_set():
        return cp_model.UNKNOWN
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if interrupt.is_set():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()
